"""The routes for one person: the form, the dossier (PDF download or HTML preview) and the
explanation of its steps."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from . import forms, i18n, worker
from .pool import Busy, TooSlow
from .service import Service, lang_of, read_form

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


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
        values = {k: v for k, v in (await read_form(request)).items() if isinstance(v, str)}
    return _form_page(service, request, lang_of(request, values.get(forms.UI)), values)


async def _checked(request: Request) -> tuple[Service, str, forms.Checked]:
    service: Service = request.app.state.service
    raw = await read_form(request)
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    lang = lang_of(request, values.get(forms.UI))
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
