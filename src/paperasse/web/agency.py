"""The routes for an agency: the spreadsheet upload, the batch's status page and its ZIP."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlencode

from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from . import batches, forms, i18n
from .security import human_bytes
from .service import Service, lang_of, read_form


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
    return _batch_page(service, request, lang_of(request))


async def batch_upload(request: Request) -> Response:
    service: Service = request.app.state.service
    config = service.config
    raw = await read_form(request, files=1, part=config.max_upload_bytes)
    lang = lang_of(request, raw.get(forms.UI) if isinstance(raw.get(forms.UI), str) else None)
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
    lang = lang_of(request)
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
