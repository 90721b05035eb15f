"""The web app: a form for one person, an upload for an agency's spreadsheet.

Routes (every page in English or French: ``?lang=``, else the browser's ``Accept-Language``):

- ``GET /`` the form; ``POST /`` the form again with the values posted (from the explanation);
- ``POST /dossier`` the profile's fields (named as the profile keys) plus ``guide`` (a
  translationKey from the list) and ``format`` (``pdf``: a download named after the person;
  ``html``: a preview); errors come back on the form, next to their fields;
- ``POST /explain`` why each step is there, and what was left out;
- ``GET /batch``, ``POST /batch`` (file field ``profiles``: CSV or .xlsx) → the ZIP, or the
  job's status page ``GET /batch/{id}`` that refreshes itself, and ``GET /batch/{id}/download``;
- ``GET /healthz`` ``ok``, even while every worker is busy (it never waits for the pool).

Nothing a client sends names a file: guides are chosen by key among those loaded at start,
uploads are written under a new temporary folder with a name the server makes.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import batches, forms, i18n, worker
from .config import WebConfig, is_loopback
from .pool import Busy, RenderPool, TooSlow
from .security import Guard, TooLarge, host_name, human_bytes, too_large_message

HERE = Path(__file__).resolve().parent
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


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


def _lang(request: Request, form_value: str | None = None) -> str:
    return i18n.pick(
        form_value or request.query_params.get("lang"), request.headers.get("accept-language")
    )


async def _form(request: Request, *, files: int = 0, part: int = 1_000_000) -> dict[str, Any]:
    form = await request.form(max_files=files, max_fields=60, max_part_size=part)
    return dict(form.multi_items())


# --------------------------------------------------------------------------- one person


def _form_page(
    service: Service,
    request: Request,
    lang: str,
    values: dict[str, str],
    checked: forms.Checked | None = None,
    status: int = 200,
) -> HTMLResponse:
    order = {f.key: i for i, f in enumerate(forms.fields())}
    errors = dict(
        sorted(
            (checked.errors if checked else {}).items(),
            key=lambda pair: order.get(pair[0], len(order)),
        )
    )
    return service.page(
        "form.html.j2",
        request,
        lang,
        status=status,
        fields=forms.fields(),
        values=values,
        errors=errors,
        general=checked.general if checked else [],
        countries=forms.country_options(lang),
        guides=service.guide_choices(lang),
        default_guide=service.default_guide,
    )


async def home(request: Request) -> Response:
    service: Service = request.app.state.service
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: v for k, v in (await _form(request)).items() if isinstance(v, str)}
    return _form_page(service, request, _lang(request, values.get(forms.UI)), values)


async def _checked(request: Request) -> tuple[Service, str, forms.Checked]:
    service: Service = request.app.state.service
    raw = await _form(request)
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    lang = _lang(request, values.get(forms.UI))
    checked = forms.check(values, lang, service.choices, service.default_guide)
    return service, lang, checked


async def _in_pool(
    service: Service, lang: str, function: Any, *args: Any
) -> tuple[Any, Response | None]:
    """Run in the pool; a response instead when the pool is full, too slow or the guide bad."""
    words = i18n.words(lang)
    try:
        kind, value = await service.pool.run(function, *args)
    except Busy as busy:
        return None, service.message(
            lang,
            503,
            words["busy"].format(seconds=busy.retry_after),
            headers={"Retry-After": str(busy.retry_after)},
        )
    except TooSlow as slow:
        return None, service.message(
            lang, 504, words["too_slow"].format(seconds=f"{slow.seconds:g}")
        )
    if kind != "ok":
        return None, service.message(lang, 500, f"{words['server_error']} ({value})")
    return value, None


async def dossier(request: Request) -> Response:
    service, lang, checked = await _checked(request)
    if not checked.ok:
        return _form_page(service, request, lang, checked.values, checked, status=422)
    profile = checked.profile
    choice = service.resolve(checked.guide or service.default_guide, profile.language)
    data, failed = await _in_pool(service, lang, worker.render, profile, choice, checked.fmt)
    if failed is not None:
        return failed
    stem = profile.output_stem()
    if checked.fmt == "pdf":
        return Response(
            data,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"'},
        )
    return Response(
        data,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{stem}.html"',
            "Content-Security-Policy": preview_policy(data.decode("utf-8")),
        },
    )


def preview_policy(html: str) -> str:
    """The dossier's own page: its inline stylesheets by hash, images as data: URIs, and
    sandboxed (no script could run even if one were there)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode() + "'"
        for css in _STYLE.findall(html)
    )
    return (
        f"default-src 'none'; style-src {hashes or chr(39) + 'none' + chr(39)}; "
        "img-src data:; font-src data:; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'none'; sandbox"
    )


async def explain(request: Request) -> Response:
    service, lang, checked = await _checked(request)
    if not checked.ok:
        return _form_page(service, request, lang, checked.values, checked, status=422)
    profile = checked.profile
    choice = service.resolve(checked.guide or service.default_guide, profile.language)
    facts, failed = await _in_pool(service, lang, worker.explain, profile, choice)
    if failed is not None:
        return failed
    return service.page("explain.html.j2", request, lang, e=facts, values=checked.values)


# --------------------------------------------------------------------------- agencies


def _batch_page(
    service: Service,
    request: Request,
    lang: str,
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return service.page(
        "batch.html.j2",
        request,
        lang,
        status=status,
        headers=headers,
        error=error,
        guides=service.guide_choices(lang),
        default_guide=service.default_guide,
        max_rows=service.config.max_rows,
        max_mb=f"{service.config.max_upload_bytes / 1_000_000:g}",
    )


async def batch_form(request: Request) -> Response:
    service: Service = request.app.state.service
    return _batch_page(service, request, _lang(request))


async def batch_upload(request: Request) -> Response:
    service: Service = request.app.state.service
    config = service.config
    raw = await _form(request, files=1, part=config.max_upload_bytes)
    lang = _lang(request, raw.get(forms.UI) if isinstance(raw.get(forms.UI), str) else None)
    words = i18n.words(lang)
    upload = raw.get("profiles")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _batch_page(service, request, lang, words["no_file"], status=422)
    name = batches.safe_upload_name(upload.filename)
    if name is None:
        return _batch_page(service, request, lang, words["bad_file_type"], status=422)
    pack = raw.get(forms.PACK)
    guide = raw.get(forms.GUIDE) or service.default_guide
    if isinstance(pack, str) and pack.strip():
        guide = forms.PACK_PREFIX + pack.strip()
    if not isinstance(guide, str) or guide not in service.choices:
        return _batch_page(service, request, lang, words["unknown_guide"], status=422)
    if service.batches.full():
        wait = 30
        return _batch_page(
            service,
            request,
            lang,
            words["busy"].format(seconds=wait),
            status=503,
            headers={"Retry-After": str(wait)},
        )
    try:
        data = await upload.read()
    finally:
        await upload.close()  # a large upload spooled to an (unnamed) temporary file: gone now
    try:
        folder, jobs, notes = await asyncio.to_thread(
            batches.read_rows, data, name, config.max_rows
        )
    except batches.TooManyRows as many:
        message = words["too_many_rows"].format(rows=many.rows, limit=config.max_rows)
        return _batch_page(service, request, lang, message, status=413)
    job = service.batches.new(folder, name, jobs, notes)
    job.task = asyncio.create_task(
        batches.run(job, service.pool, service.resolve, guide, config.brand)
    )
    if config.quick_wait > 0:
        await asyncio.wait({job.task}, timeout=config.quick_wait)
        if job.state == batches.DONE and not job.failures() and not job.notices:
            return _download(job)
    return Response(
        status_code=303, headers={"Location": f"/batch/{job.id}?{urlencode({'lang': lang})}"}
    )


def _job(request: Request) -> batches.BatchJob:
    service: Service = request.app.state.service
    job = service.batches.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404)
    return job


async def batch_status(request: Request) -> Response:
    service: Service = request.app.state.service
    job = _job(request)
    lang = _lang(request)
    size = ""
    if job.state == batches.DONE and job.zip_path is not None:
        with contextlib.suppress(OSError):
            size = human_bytes(job.zip_path.stat().st_size)
    return service.page(
        "status.html.j2",
        request,
        lang,
        job=job,
        counts=job.counts(),
        failures=job.failures(),
        zip_size=size,
        keep_minutes=f"{service.config.keep_seconds / 60:g}",
    )


async def batch_download(request: Request) -> Response:
    job = _job(request)
    if job.state != batches.DONE or job.zip_path is None or not job.zip_path.is_file():
        raise HTTPException(404)
    return _download(job)


def _download(job: batches.BatchJob) -> Response:
    """The ZIP, then its folder deleted once sent."""
    assert job.zip_path is not None
    return FileResponse(
        job.zip_path,
        media_type="application/zip",
        filename=job.download_name,
        background=BackgroundTask(job.remove),
    )


# --------------------------------------------------------------------------- the rest


async def no_icon(request: Request) -> Response:
    return Response(status_code=204)


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def stylesheet(request: Request) -> Response:
    service: Service = request.app.state.service
    return Response(service.css, media_type="text/css; charset=utf-8")


async def _sweep(jobs: batches.Batches, every: float = 30.0) -> None:
    """Delete expired batches even when nobody asks for them."""
    while True:
        await asyncio.sleep(every)
        jobs.expire()


def create_app(config: WebConfig, pool: RenderPool | None = None) -> Any:
    """The ASGI app (wrapped in its :class:`~paperasse.web.security.Guard`). The render pool
    starts and stops with the app's lifespan."""
    service = Service(config, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.pool.start()
        sweeper = asyncio.create_task(_sweep(service.batches))
        try:
            yield
        finally:
            sweeper.cancel()
            await service.batches.close()
            service.pool.close()

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        lang = _lang(request)
        words = i18n.words(lang)
        text = {400: words["bad_request"], 404: words["not_found"], 405: words["bad_method"]}.get(
            status, words["server_error"]
        )
        headers = getattr(exc, "headers", None)
        return service.message(lang, status, text, headers=headers)

    async def too_large(request: Request, exc: Exception) -> Response:
        limit = getattr(exc, "limit", 0)
        lang = _lang(request)
        return service.message(
            lang, 413, too_large_message(lang, limit), headers={"Connection": "close"}
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette raises the exception again after this: the Guard logs its name.
        return service.message(_lang(request), 500, i18n.words(_lang(request))["server_error"])

    routes = [
        Route("/", home, methods=["GET", "POST"]),
        Route("/dossier", dossier, methods=["POST"]),
        Route("/explain", explain, methods=["POST"]),
        Route("/batch", batch_form, methods=["GET"]),
        Route("/batch", batch_upload, methods=["POST"]),
        Route("/batch/{job}", batch_status, methods=["GET"]),
        Route("/batch/{job}/download", batch_download, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/static/app.css", stylesheet, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: http_error,
            TooLarge: too_large,
            Exception: server_error,
        },
    )
    app.state.service = service

    def limit_for(path: str) -> int:
        return config.max_upload_bytes + 64_000 if path == "/batch" else config.max_form_bytes

    hosts = None
    if is_loopback(config.host):
        hosts = frozenset({"127.0.0.1", "localhost", "::1", host_name(config.host)})
    guarded = Guard(
        app, token=config.token, limit_for=limit_for, page=service.message_page, hosts=hosts
    )
    guarded.state = app.state  # type: ignore[attr-defined]
    return guarded
