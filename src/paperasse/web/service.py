"""What the web routes share: the :class:`Service` (configuration, guides, render pool,
batches, templates) and reading a request's language and form."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from . import batches, forms, i18n, worker
from .config import WebConfig
from .pool import RenderPool

HERE = Path(__file__).resolve().parent


class Service:
    """What the routes share: the configuration, the guides, the pool, the batches."""

    def __init__(self, config: WebConfig, pool: RenderPool | None = None) -> None:
        from ..batch import default_jobs
        from ..guide.catalog import DEFAULT_GUIDE, Catalog
        from ..guide.summaries import summarise

        self.config = config
        self.catalog = Catalog(config.guides_dirs)
        titles: dict[str, dict[str, str]] = {}
        for summary in summarise(self.catalog, config.guides_dirs):
            if summary.problem is None:
                titles.setdefault(summary.key, {})[summary.lang] = summary.title
        self.titles = titles
        self.guide_keys = tuple(sorted(titles))
        self.default_guide = (
            DEFAULT_GUIDE
            if DEFAULT_GUIDE in titles
            else (self.guide_keys[0] if self.guide_keys else DEFAULT_GUIDE)
        )
        # Packs whose guides are all here (a bad pack file stops the server at start).
        self.packs = {
            key: pack
            for key, pack in self.catalog.packs().items()
            if pack.guides and all(guide in titles for guide in pack.guides)
        }
        self.choices = (*self.guide_keys, *(forms.PACK_PREFIX + key for key in self.packs))
        workers = config.jobs or default_jobs()
        self.pool = pool or RenderPool(
            workers,
            config.queue_limit,
            config.time_limit,
            worker.init,
            (config.guides_dirs, config.brand, config.warm_up),
        )
        self.batches = batches.Batches(config.keep_seconds, config.max_batches)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["none"] = None
        self.css = (HERE / "templates" / "app.css").read_bytes()

    def guide_choices(self, lang: str) -> dict[str, list[tuple[str, str]]]:
        """The list to choose from: ``{"packs": [(value, title)], "guides": [...]}``, the
        default guide first, then by title."""

        def title(key: str) -> str:
            by_lang = self.titles[key]
            return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))

        guides = sorted(
            ((key, title(key)) for key in self.guide_keys),
            key=lambda pair: (pair[0] != self.default_guide, pair[1].casefold()),
        )
        words = i18n.words(lang)
        packs = [
            (
                forms.PACK_PREFIX + key,
                words["pack_title"].format(title=pack.title(lang) or key, n=len(pack.guides)),
            )
            for key, pack in sorted(self.packs.items())
        ]
        return {"packs": packs, "guides": guides}

    def resolve(self, choice: str, lang: str) -> worker.Choice:
        """The guide files, notices and pack for a value of the list, in ``lang``."""
        if choice.startswith(forms.PACK_PREFIX):
            found = self.catalog.resolve(None, choice[len(forms.PACK_PREFIX) :], lang)
        else:
            found = self.catalog.resolve(choice, None, lang)
        return (found.paths, found.notices, found.pack)

    def page(
        self,
        template: str,
        request: Request | None,
        lang: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        html = self.render(template, request, lang, **context)
        return HTMLResponse(html, status_code=status, headers=headers)

    def render(self, template: str, request: Request | None, lang: str, **context: Any) -> str:
        path = "/"  # after a POST, the language links lead to the page that made the form
        if request is not None:
            path = (
                request.url.path
                if request.method == "GET"
                else ("/batch" if request.url.path == "/batch" else "/")
            )

        def url(target: str) -> str:
            if target.startswith("/static/"):
                return target
            return f"{target}?{urlencode({'lang': lang})}"

        # a link to each other language, named in that language
        switches = [
            (code, f"{path}?{urlencode({'lang': code})}", i18n.words(code)["this_language"])
            for code in i18n.LANGUAGES
            if code != lang
        ]
        brand = self.config.brand
        return self.env.get_template(template).render(
            lang=lang,
            w=i18n.words(lang),
            url=url,
            switches=switches,
            brand_name=getattr(brand, "name", None),
            **context,
        )

    def message_page(self, lang: str, status: int, message: str) -> bytes:
        titles = {
            400: "400",
            401: "401",
            404: "404",
            405: "405",
            413: "413",
            422: "422",
            500: "500",
            503: "503",
            504: "504",
        }
        return self.render(
            "message.html.j2", None, lang, status=titles.get(status, status), message=message
        ).encode("utf-8")

    def message(
        self, lang: str, status: int, message: str, headers: dict[str, str] | None = None
    ) -> HTMLResponse:
        return HTMLResponse(
            self.message_page(lang, status, message), status_code=status, headers=headers
        )


def lang_of(request: Request, form_value: str | None = None) -> str:
    return i18n.pick(
        form_value or request.query_params.get("lang"), request.headers.get("accept-language")
    )


async def read_form(request: Request, *, files: int = 0, part: int = 1_000_000) -> dict[str, Any]:
    form = await request.form(max_files=files, max_fields=60, max_part_size=part)
    return dict(form.multi_items())
