"""Batch runs: many profiles in (files, folders, CSV and .xlsx rows), one dossier each out.

The steps, in the parent process:

1. :func:`collect` reads every input; a bad file or row becomes a failed :class:`Job` (reported
   with its file, row, key and value), never a stop.
2. :func:`plan` gives each good profile its output file (same-named profiles get ``-2``, ``-3``…
   and are told so), chooses its guide, and computes the digest of everything its dossier depends
   on (profile, guide bytes, templates/CSS/fonts, paperasse's code and version, WeasyPrint's
   version, the options). A job whose digest and PDF (by sha256) match ``manifest.json`` is
   skipped: nothing is rendered and WeasyPrint is not even imported.
3. :func:`execute` renders the rest over ``--jobs`` worker processes. Each worker holds one
   :class:`~paperasse.build.Builder` (stylesheets parsed once, one font configuration, guides read
   once, QR codes cached) and writes its PDFs itself, atomically; only small results travel back,
   so the parent's memory stays flat however large the batch.
4. The manifest (``manifest.json`` for tools and the next run, ``manifest.csv`` for people) is
   rewritten atomically at most once a second while the batch runs and once at the end, so a
   killed run leaves whole PDFs and a truthful manifest, and the next run finishes the rest.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .build import Builder, write_atomic
from .errors import EXIT_ENVIRONMENT, EXIT_INPUT, UsageError, UserError, one_line
from .render.options import RenderOptions

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MANIFEST_COLUMNS = ("source", "row", "output", "status", "error", "sha256")
MANIFEST_EVERY_SECONDS = 1.0

WRITTEN, SKIPPED, FAILED, PENDING = "written", "skipped", "failed", "pending"


@dataclass(frozen=True)
class BatchOptions:
    """How the batch runs: the guide to choose, the render options (which shape the dossiers,
    and so their digests), and the run's own settings."""

    guide: str | None = None
    guides_dirs: tuple[Path, ...] = ()
    render: RenderOptions = field(default_factory=RenderOptions)
    jobs: int | None = None  # None: every core
    force: bool = False
    ignore_columns: frozenset[str] = frozenset()

    @property
    def fmt(self) -> str:
        return self.render.fmt

    def builder(self) -> Builder:
        return Builder(guide=self.guide, guides_dirs=self.guides_dirs, options=self.render)


@dataclass
class Job:
    """One profile of the batch, from reading to its line in the manifest."""

    source: str
    row: int | None = None
    profile: Any = None  # a validated Profile, None when reading it failed
    output: Path | None = None
    guide_path: Path | None = None
    notices: tuple[str, ...] = ()
    inputs: str | None = None  # digest of everything the dossier depends on
    status: str = PENDING
    error: str | None = None
    sha256: str | None = None
    previous: dict[str, Any] = field(default_factory=dict)  # the last run's manifest record

    def where(self) -> str:
        return self.source if self.row is None else f"{self.source}, row {self.row}"

    def fail(self, err: UserError | str) -> None:
        self.status, self.error = FAILED, str(err)


class Reporter:
    """What the batch tells the user. The default prints plain lines on stderr (and the written
    files' paths on stdout, for scripts); :class:`ProgressReporter` adds a progress bar."""

    def start(self, total: int) -> None:
        """``total`` dossiers to render (the rest were skipped or failed before rendering)."""

    def advance(self) -> None:
        """One dossier rendered (written or failed)."""

    def written(self, job: Job) -> None:
        _out(str(job.output))

    def failed(self, job: Job) -> None:
        _err(f"paperasse: error: {job.error}")

    def notice(self, message: str) -> None:
        _err(f"paperasse: {message}")

    def stop(self) -> None:
        """The rendering is over (or interrupted)."""


def _out(line: str) -> None:
    print(line, file=sys.stdout, flush=True)


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class ProgressReporter(Reporter):
    """A rich progress bar on the terminal (stderr); messages print above it."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False, markup=False)
        self.progress: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=self.console, transient=True, redirect_stdout=False, redirect_stderr=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("rendering", total=total)

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def written(self, job: Job) -> None:
        if not sys.stdout.isatty():
            _out(str(job.output))  # piped: the paths, for scripts

    def failed(self, job: Job) -> None:
        self.console.print(f"paperasse: error: {job.error}", style="red", soft_wrap=True)

    def notice(self, message: str) -> None:
        self.console.print(f"paperasse: {message}", soft_wrap=True)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def default_reporter() -> Reporter:
    """A progress bar when stderr is a terminal, plain lines otherwise."""
    return ProgressReporter() if sys.stderr.isatty() else Reporter()


@dataclass
class BatchResult:
    jobs: list[Job]
    manifest: Path | None

    def count(self, status: str) -> int:
        return sum(1 for job in self.jobs if job.status == status)

    @property
    def exit_code(self) -> int:
        return EXIT_INPUT if self.count(FAILED) else 0

    def summary(self) -> str:
        text = (f"{self.count(WRITTEN)} written, {self.count(SKIPPED)} skipped (unchanged), "
                f"{self.count(FAILED)} failed")
        if self.manifest is not None:
            text += f"; manifest: {self.manifest}"
        return text


# --------------------------------------------------------------------------- 1. inputs


def profile_files_in(folder: Path, exclude: Path | None = None) -> list[Path]:
    """Profile files inside ``folder`` (recursive, sorted), skipping hidden ones and the output
    folder (which holds ``manifest.json``)."""
    from .inputs.profile import PROFILE_SUFFIXES

    excluded = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in PROFILE_SUFFIXES:
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if excluded is not None and path.resolve().is_relative_to(excluded):
            continue
        found.append(path)
    return found


def expand_inputs(inputs: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """Files given directly, and the profile files inside given folders; each file once.

    Raises :class:`UsageError` for a missing path or a folder without profiles."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            files = profile_files_in(item, exclude)
            if not files:
                raise UsageError(
                    "folder holds no profile files (.yaml, .yml, .toml, .json)", file=item)
        elif item.exists():
            files = [item]
        else:
            raise UsageError("no such file or folder", file=item)
        for path in files:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def collect(files: Iterable[Path], ignore_columns: frozenset[str] = frozenset(),
            reporter: Reporter | None = None) -> list[Job]:
    """One :class:`Job` per profile: per file, or per spreadsheet row. Bad ones are failed jobs."""
    from .inputs.profile import KNOWN_KEYS, profile_from_mapping, read_profile
    from .inputs.tables import TABLE_SUFFIXES, read_table

    jobs: list[Job] = []
    for path in files:
        source = str(path)
        if path.suffix.lower() not in TABLE_SUFFIXES:
            job = Job(source)
            try:
                job.profile = read_profile(path)
            except UserError as err:
                job.fail(err)
            jobs.append(job)
            continue
        try:
            table = read_table(path, KNOWN_KEYS, ignore_columns)
        except UserError as err:
            job = Job(source, err.row)
            job.fail(err)
            jobs.append(job)
            continue
        if table.ignored and reporter is not None:
            reporter.notice(f"{source}: columns that are not profile keys are ignored: "
                            f"{', '.join(table.ignored)}")
        if not table.rows:
            job = Job(source)
            job.fail(UserError("the spreadsheet has a header but no rows", file=source))
            jobs.append(job)
        for row in table.rows:
            job = Job(source, row.number)
            try:
                job.profile = profile_from_mapping(row.data, source=source, row=row.number)
            except UserError as err:
                job.fail(err)
            jobs.append(job)
    return jobs


# --------------------------------------------------------------------------- 2. plan


def assign_outputs(jobs: list[Job], out: Path, fmt: str,
                   reporter: Reporter | None = None) -> None:
    """One distinct output file per good job: the profile's stem, then ``-2``, ``-3``… for the
    next ones with the same stem (case-insensitively, for case-insensitive file systems)."""
    taken: dict[str, Job] = {}
    for job in jobs:
        if job.profile is None:
            continue
        stem = job.profile.output_stem()
        name, number = stem, 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}"
        first = taken.get(stem.casefold())
        taken[name.casefold()] = job
        job.output = out / f"{name}.{fmt}"
        if first is not None and reporter is not None:
            reporter.notice(f"{job.where()}: same file name as {first.where()} ({stem}.{fmt}); "
                            f"written as {job.output.name}")


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_tree(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(_hash_file(path).encode())
    return digest.hexdigest()


def run_fingerprint(options: BatchOptions) -> str:
    """What every dossier of this run depends on, besides its profile and guide: paperasse's
    version and code, the templates (HTML, CSS, fonts), WeasyPrint's version, the options.
    Computed once per run."""
    from importlib import metadata

    from .resources import templates_dir

    package = Path(__file__).resolve().parent
    try:
        weasyprint_version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint_version = "?"
    data = {
        "paperasse": __version__,
        "code": _hash_tree(package, "*.py"),
        "templates": _hash_tree(templates_dir(), "*"),
        "weasyprint": weasyprint_version,
        "options": options.render.fingerprint(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def plan(jobs: list[Job], out: Path, options: BatchOptions, previous: dict[str, dict[str, Any]],
         builder: Builder, reporter: Reporter | None = None) -> None:
    """Outputs, guide choice and digest for each good job; marks unchanged ones skipped."""
    from .guide import check_guide_size

    assign_outputs(jobs, out, options.fmt, reporter)
    fingerprint = run_fingerprint(options)
    guide_digests: dict[Path, str] = {}
    sha_cache: dict[Path, str | None] = {}
    for job in jobs:
        if job.profile is None or job.output is None:
            continue
        job.previous = previous.get(job.output.name, {})
        try:
            job.guide_path, job.notices = builder.catalog.choose(options.guide,
                                                                 job.profile.language)
            if job.guide_path not in guide_digests:
                check_guide_size(job.guide_path)  # a huge guide is never read, not even hashed
                guide_digests[job.guide_path] = _hash_file(job.guide_path)
        except UsageError:
            raise
        except UserError as err:
            job.fail(err)
            continue
        except OSError as err:
            job.fail(UserError(f"cannot read the guide: {err.strerror or err}",
                               file=job.guide_path))
            continue
        digest = hashlib.sha256()
        for part in (
            fingerprint,
            str(job.guide_path.resolve()),
            guide_digests[job.guide_path],
            json.dumps(job.profile.model_dump(mode="json"), sort_keys=True),
            json.dumps(job.notices),
            job.output.name,
        ):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        job.inputs = digest.hexdigest()
        if not options.force and _unchanged(job, sha_cache):
            job.status, job.sha256 = SKIPPED, job.previous["sha256"]


def _unchanged(job: Job, sha_cache: dict[Path, str | None]) -> bool:
    record = job.previous
    if not record or record.get("inputs") != job.inputs or not record.get("sha256"):
        return False
    assert job.output is not None
    if job.output not in sha_cache:
        try:
            sha_cache[job.output] = _hash_file(job.output)
        except OSError:
            sha_cache[job.output] = None
    return sha_cache[job.output] == record["sha256"]


# --------------------------------------------------------------------------- 3. render

_worker_builder: Builder | None = None


def _init_worker(options: BatchOptions) -> None:
    """Once per worker process: one Builder, its renderer made now (WeasyPrint imported here,
    in the worker, never in the parent before the workers start)."""
    global _worker_builder
    _worker_builder = options.builder()
    with contextlib.suppress(UserError):  # reported by the first job
        _worker_builder.warm_up()


@dataclass
class Task:
    """What a worker needs for one dossier (small, picklable)."""

    index: int
    profile: Any
    guide_path: Path
    notices: tuple[str, ...]
    output: Path


@dataclass
class Outcome:
    index: int
    sha256: str | None = None
    error: str | None = None
    exit_code: int = 0


def build_one(task: Task, builder: Builder | None = None) -> Outcome:
    """Render one dossier and write it atomically. A user's error is returned in the outcome;
    a bug raises (and stops the batch: exit code 70, see :func:`paperasse.errors.internal_error`).
    """
    builder = builder or _worker_builder
    assert builder is not None, "worker not initialised"
    try:
        data = builder.render(builder.dossier_from(task.guide_path, task.profile, task.notices))
        write_atomic(task.output, data)
        return Outcome(task.index, sha256=hashlib.sha256(data).hexdigest())
    except UserError as err:
        return Outcome(task.index, error=str(err), exit_code=err.exit_code)
    except OSError as err:
        return Outcome(task.index, error=one_line(
            f"{task.output}: cannot write: {err.strerror or err}"), exit_code=EXIT_INPUT)


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1  # Python 3.13+
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _pool_context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # forkserver: workers are forked from a clean server process, never from this one (which may
    # run a progress-bar thread); spawn where there is no forkserver (Windows).
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def execute(tasks: list[Task], options: BatchOptions, workers: int,
            done: Callable[[Outcome], None]) -> None:
    """Render ``tasks`` over ``workers`` processes (in this one when 1), calling ``done`` as each
    finishes (in completion order)."""
    if not tasks:
        return
    if workers <= 1 or len(tasks) == 1:
        builder = options.builder()
        for task in tasks:
            done(build_one(task, builder))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                             initializer=_init_worker, initargs=(options,)) as pool:
        try:
            # A bounded window of submitted tasks: memory stays flat for any batch size.
            window = workers * 4
            queue = iter(tasks)
            running = set()
            for task in queue:
                running.add(pool.submit(build_one, task))
                if len(running) >= window:
                    break
            while running:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    done(future.result())
                for task in queue:
                    running.add(pool.submit(build_one, task))
                    if len(running) >= window:
                        break
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# --------------------------------------------------------------------------- 4. manifest


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The last run's records, by output file name ({} when there is none or it is unreadable:
    then everything is rebuilt, which is always safe)."""
    try:
        data = json.loads((out / MANIFEST_JSON).read_text(encoding="utf-8"))
        return {
            record["output"]: record
            for record in data.get("dossiers", [])
            if isinstance(record, dict) and isinstance(record.get("output"), str)
        }
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def manifest_record(job: Job) -> dict[str, Any]:
    """The job as the manifest shows it. A job not finished yet keeps its previous record's
    sha256 and digest: they still describe the file on disk."""
    sha, inputs = job.sha256, job.inputs
    if job.status == PENDING or (job.status == FAILED and job.output is not None):
        sha, inputs = job.previous.get("sha256"), job.previous.get("inputs")
    return {
        "source": job.source,
        "row": job.row,
        "output": job.output.name if job.output is not None else None,
        "status": job.status,
        "error": job.error,
        "sha256": sha,
        "inputs": inputs,
    }


def write_manifest(out: Path, jobs: list[Job], options: BatchOptions) -> Path:
    """``manifest.json`` and ``manifest.csv`` in ``out``, each written atomically."""
    records = [manifest_record(job) for job in jobs]
    counts = {s: sum(1 for r in records if r["status"] == s)
              for s in (WRITTEN, SKIPPED, FAILED, PENDING)}
    document = {
        "paperasse": __version__,
        "format": options.fmt,
        "guide": options.guide,
        "summary": counts,
        "dossiers": records,
    }
    path = out / MANIFEST_JSON
    write_atomic(path, (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode())
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(MANIFEST_COLUMNS)
    for record in records:
        writer.writerow(["" if record[c] is None else record[c] for c in MANIFEST_COLUMNS])
    write_atomic(out / MANIFEST_CSV, text.getvalue().encode("utf-8-sig"))
    return path


# --------------------------------------------------------------------------- the whole run


def remove_leftovers(out: Path) -> None:
    """Delete the temporary files a killed run left (``.<name>.<random>.part``, see
    :func:`~paperasse.build.write_atomic`): the folder then holds only whole files."""
    if not out.is_dir():
        return
    for path in out.glob(".*.part"):
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()


def run(inputs: list[Path], out: Path, options: BatchOptions,
        reporter: Reporter | None = None) -> BatchResult:
    """A whole batch into the folder ``out``. Raises :class:`UserError` only for what stops
    everything (a usage error, a missing Pango); bad profiles are failed jobs in the result."""
    reporter = reporter or Reporter()
    files = expand_inputs(inputs, exclude=out)
    remove_leftovers(out)
    builder = options.builder()
    builder.catalog.choose(options.guide, "en")  # an unknown --guide stops here (exit 2)
    jobs = collect(files, options.ignore_columns, reporter)
    plan(jobs, out, options, read_manifest(out), builder, reporter)
    for job in jobs:
        if job.status == FAILED:
            reporter.failed(job)
    return _render(jobs, out, options, reporter, manifest=True)


def run_single(file: Path, target: Path, options: BatchOptions,
               reporter: Reporter | None = None) -> BatchResult:
    """One profile file into one named output file (no manifest, always rebuilt)."""
    reporter = reporter or Reporter()
    builder = options.builder()
    builder.catalog.choose(options.guide, "en")
    jobs = collect([file], options.ignore_columns, reporter)
    good = [job for job in jobs if job.profile is not None]
    if len(jobs) != 1:
        raise UsageError(f"a file name as output needs exactly one profile (got {len(jobs)})",
                         key="--output", value=str(target))
    for job in good:
        job.output = target
        try:
            job.guide_path, job.notices = builder.catalog.choose(options.guide,
                                                                 job.profile.language)
        except UsageError:
            raise
        except UserError as err:
            job.fail(err)
    for job in jobs:
        if job.status == FAILED:
            reporter.failed(job)
    return _render(jobs, target.parent, options, reporter, manifest=False)


def _render(jobs: list[Job], out: Path, options: BatchOptions, reporter: Reporter,
            manifest: bool) -> BatchResult:
    todo = [job for job in jobs if job.status == PENDING]
    tasks = [
        Task(i, job.profile, job.guide_path, job.notices, job.output)
        for i, job in enumerate(jobs)
        if job.status == PENDING and job.guide_path is not None and job.output is not None
    ]
    workers = max(1, min(options.jobs or default_jobs(), len(tasks)))
    last_flush = time.monotonic()
    fatal: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        nonlocal last_flush
        job = jobs[outcome.index]
        if outcome.error is None:
            job.status, job.sha256 = WRITTEN, outcome.sha256
            for notice in job.notices:
                reporter.notice(f"{job.where()}: {notice}")
            reporter.written(job)
        else:
            job.fail(outcome.error)
            if outcome.exit_code == EXIT_ENVIRONMENT:
                fatal.append(outcome)
                raise _Stop
            reporter.failed(job)
        reporter.advance()
        if manifest and time.monotonic() - last_flush >= MANIFEST_EVERY_SECONDS:
            write_manifest(out, jobs, options)
            last_flush = time.monotonic()

    path = None
    reporter.start(len(todo))
    try:
        with _terminate_as_interrupt():
            execute(tasks, options, workers, done)
    except _Stop:
        pass
    except KeyboardInterrupt:
        reporter.stop()
        done_count = sum(1 for job in jobs if job.status == WRITTEN)
        reporter.notice(f"interrupted after writing {done_count} of {len(tasks)}; every file "
                        "written is whole: run the same command again to finish")
        raise
    finally:
        reporter.stop()
        if manifest and (tasks or jobs):
            path = write_manifest(out, jobs, options)
    if fatal:
        from .errors import EnvironmentProblem

        raise EnvironmentProblem(fatal[0].error or "")
    return BatchResult(jobs, path)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a CI timeout) stops the batch like Ctrl-C: the workers are told to
    stop and the manifest is written, instead of the process vanishing mid-way."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "SIGTERM"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Stop(Exception):
    """Stops the batch: the machine lacks something every dossier needs."""
