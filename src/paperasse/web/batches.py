"""Spreadsheet uploads: one job per upload, its dossiers rendered row by row in the shared pool,
then the pack, the manifest and a ZIP, kept in a temporary folder until downloaded.

The rows are read, checked and named by the batch layer the command line uses
(:func:`paperasse.batch.collect`, :func:`~paperasse.batch.assign_outputs`,
:func:`~paperasse.batch.write_manifest`): the same per-row errors, the same file names, the same
manifest.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import worker
from .pool import RenderPool, TooSlow

SUFFIXES = (".csv", ".xlsx")
RUNNING, DONE, FAILED, GONE = "running", "done", "failed", "gone"


class TooManyRows(Exception):
    def __init__(self, rows: int) -> None:
        super().__init__(f"{rows} rows")
        self.rows = rows


@dataclass
class BatchJob:
    id: str
    folder: Path
    upload_name: str  # the uploaded file's name as shown (a safe stem + .csv/.xlsx)
    jobs: list[Any] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    state: str = RUNNING
    done: int = 0
    total: int = 0
    error: str | None = None
    zip_path: Path | None = None
    finished_at: float | None = None
    task: asyncio.Task[None] | None = None

    @property
    def download_name(self) -> str:
        return f"{Path(self.upload_name).stem}.zip"

    def counts(self) -> dict[str, int]:
        from ..batch import FAILED as JOB_FAILED
        from ..batch import WRITTEN

        return {
            "written": sum(1 for j in self.jobs if j.status == WRITTEN),
            "failed": sum(1 for j in self.jobs if j.status == JOB_FAILED),
        }

    def failures(self) -> list[str]:
        """The failed rows, one line each, as the command line prints them."""
        from ..batch import FAILED as JOB_FAILED

        return [job.error or "" for job in self.jobs if job.status == JOB_FAILED]

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.state = GONE
        self.jobs = []


def safe_upload_name(filename: str | None) -> str | None:
    """``Clients 2026.CSV`` → ``clients-2026.csv``; None unless it ends in .csv or .xlsx. The
    client's name is only ever a label: the file is written under the server's own folder."""
    from ..inputs.stems import slugify

    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return None
    return f"{slugify(Path(name).stem, fallback='profiles')}{suffix}"


def read_rows(data: bytes, upload_name: str, max_rows: int) -> tuple[Path, list[Any], list[str]]:
    """Write the upload in a new temporary folder and read its rows (in a thread: openpyxl and
    the CSV reader are not for the event loop). Raises :class:`TooManyRows`."""
    from ..batch import collect

    folder = Path(tempfile.mkdtemp(prefix="paperasse-web-"))
    try:
        source = folder / "in" / upload_name
        source.parent.mkdir()
        source.write_bytes(data)
        jobs, notices = collect([source], frozenset())
        rows = sum(1 for job in jobs if job.row is not None)
        if rows > max_rows:
            raise TooManyRows(rows)
        prefix = f"{source.parent}/"
        for job in jobs:  # say the upload's name, never the server's folder
            job.source = upload_name
            if job.error:
                job.error = job.error.replace(prefix, "")
        return folder, jobs, [line.replace(prefix, "") for line in notices]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


async def run(
    batch: BatchJob,
    pool: RenderPool,
    resolve: Callable[[str, str], worker.Choice],
    guide: str,
    brand: Any = None,
) -> None:
    """Render every good row (a window of ``pool.workers`` at a time, so one-person requests
    still get their turn), then the pack, the manifest and the ZIP."""
    from ..batch import FAILED as JOB_FAILED
    from ..batch import PENDING, WRITTEN, BatchOptions, assign_outputs, write_manifest
    from ..render.options import RenderOptions

    out = batch.folder / "out"
    try:
        out.mkdir()
        jobs = batch.jobs
        assign_outputs(jobs, out, "pdf")
        todo = []
        choices: dict[int, worker.Choice] = {}
        for job in jobs:
            if job.status == PENDING and job.profile is not None:
                choices[id(job)] = resolve(guide, job.profile.language)
                job.notices = choices[id(job)][1]
                todo.append(job)
        batch.total = len(todo)

        async def one(job: Any) -> None:
            try:
                kind, value = await pool.run(
                    worker.render,
                    job.profile,
                    choices[id(job)],
                    "pdf",
                    interactive=False,
                )
            except TooSlow as err:
                job.fail(f"{job.where()}: took longer than {err.seconds:g} s to render; stopped")
            else:
                if kind == "ok":
                    await asyncio.to_thread(job.output.write_bytes, value)
                    job.status, job.sha256 = WRITTEN, hashlib.sha256(value).hexdigest()
                else:
                    job.fail(f"{job.where()}: {value}")
            batch.done += 1

        window: set[asyncio.Task[None]] = set()
        for job in todo:
            window.add(asyncio.create_task(one(job)))
            if len(window) >= pool.workers:
                _, window = await asyncio.wait(window, return_when=asyncio.FIRST_COMPLETED)
        if window:
            await asyncio.wait(window)

        made = [job for job in jobs if job.status == WRITTEN]
        if made:
            await _merge(batch, pool, out, made)
        for job in jobs:
            if job.status == PENDING:
                job.status = JOB_FAILED
        options = BatchOptions(guide=guide, render=RenderOptions(fmt="pdf", brand=brand))
        await asyncio.to_thread(write_manifest, out, jobs, options)
        batch.zip_path = await asyncio.to_thread(_zip, out, batch.folder / batch.download_name)
        await asyncio.to_thread(shutil.rmtree, out, True)
        batch.state = DONE
    except TooSlow as err:
        batch.state, batch.error = FAILED, f"the pack took longer than {err.seconds:g} s"
    except Exception as err:  # a bug: the page says so; nothing personal in the log
        import logging

        logging.getLogger("paperasse.web").error("batch failed: %s", type(err).__name__)
        batch.state, batch.error = FAILED, type(err).__name__
    finally:
        batch.finished_at = time.monotonic()


async def _merge(batch: BatchJob, pool: RenderPool, out: Path, made: list[Any]) -> None:
    """The pack of the dossiers made, beside them in ``out``; a failure is a notice."""
    pack = out / f"{Path(batch.upload_name).stem}-pack.pdf"
    items = [(job.profile.name, job.output) for job in made]
    kind, value = await pool.run(
        worker.merge,
        items,
        pack,
        interactive=False,
        timeout=pool.time_limit + 2.0 * len(items),
    )
    if kind != "ok":
        batch.notices.append(str(value))


def _zip(folder: Path, target: Path) -> Path:
    """Every file of ``folder`` (PDFs stored as they are: they are compressed already)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                method = zipfile.ZIP_STORED if path.suffix == ".pdf" else zipfile.ZIP_DEFLATED
                archive.write(path, path.name, compress_type=method)
    return target


class Batches:
    """The jobs in progress or waiting for their download, by id."""

    def __init__(self, keep_seconds: float, max_running: int, max_waiting: int = 10) -> None:
        self.keep_seconds = keep_seconds
        self.max_running = max_running
        self.max_waiting = max_waiting  # bounds the disk a flood of uploads can fill
        self.jobs: dict[str, BatchJob] = {}

    def running(self) -> int:
        return sum(1 for job in self.jobs.values() if job.state == RUNNING)

    def waiting(self) -> int:
        """Finished batches whose ZIP waits on disk for its download."""
        return sum(1 for job in self.jobs.values() if job.state == DONE)

    def full(self) -> bool:
        """No room for one more: ``max_running`` running, or ``max_waiting`` ZIPs on disk."""
        self.expire()
        return self.running() >= self.max_running or self.waiting() >= self.max_waiting

    def new(self, folder: Path, upload_name: str, jobs: list[Any], notices: list[str]) -> BatchJob:
        job = BatchJob(secrets.token_urlsafe(18), folder, upload_name, jobs, notices)
        self.jobs[job.id] = job
        return job

    def get(self, job_id: str) -> BatchJob | None:
        self.expire()
        return self.jobs.get(job_id)

    def expire(self) -> None:
        """Delete what has waited longer than ``keep_seconds`` since it finished; forget what
        was deleted long ago."""
        now = time.monotonic()
        for job_id, job in list(self.jobs.items()):
            if job.finished_at is None:
                continue
            if job.state != GONE and now - job.finished_at > self.keep_seconds:
                job.remove()
            if job.state == GONE and now - job.finished_at > self.keep_seconds + 3600:
                del self.jobs[job_id]

    async def close(self) -> None:
        for job in self.jobs.values():
            if job.task is not None and not job.task.done():
                job.task.cancel()
                with contextlib.suppress(BaseException):
                    await job.task
            job.remove()
