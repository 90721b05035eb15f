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
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from . import batches, i18n
from .agency import batch_download, batch_form, batch_status, batch_upload
from .config import WebConfig, is_loopback
from .person import dossier, explain, home
from .pool import RenderPool
from .security import Guard, TooLarge, host_name, too_large_message
from .service import Service, lang_of


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
        lang = lang_of(request)
        words = i18n.words(lang)
        text = {400: words["bad_request"], 404: words["not_found"], 405: words["bad_method"]}.get(
            status, words["server_error"]
        )
        headers = getattr(exc, "headers", None)
        return service.message(lang, status, text, headers=headers)

    async def too_large(request: Request, exc: Exception) -> Response:
        limit = getattr(exc, "limit", 0)
        lang = lang_of(request)
        return service.message(
            lang, 413, too_large_message(lang, limit), headers={"Connection": "close"}
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette raises the exception again after this: the Guard logs its name.
        return service.message(lang_of(request), 500, i18n.words(lang_of(request))["server_error"])

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
