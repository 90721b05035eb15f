"""A whole batch, in the parent process: read, plan, render, keep the manifest.

1. :func:`~paperasse.batch.jobs.collect` reads every input into jobs (bad ones failed).
2. :func:`plan` gives each good profile its output file, its guide (chosen once per run and
   language, :class:`GuideChoice`) and its digest; a job the manifest shows unchanged is skipped:
   nothing is rendered and WeasyPrint is not even imported.
3. The rest render over ``--jobs`` worker processes (:mod:`paperasse.batch.pool`).
4. The manifest is rewritten atomically at most once a second while the batch runs and once at
   the end, so a killed run leaves whole PDFs and a truthful manifest, and the next run finishes
   the rest.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..build import Builder
from ..errors import EXIT_ENVIRONMENT, EnvironmentProblem, UsageError, UserError
from ..guide.catalog import Choice, GuideSpec
from .jobs import (
    FAILED,
    PENDING,
    SKIPPED,
    WRITTEN,
    BatchOptions,
    BatchResult,
    Job,
    assign_outputs,
    collect,
    expand_inputs,
)
from .manifest import (
    hash_file,
    job_digest,
    read_manifest,
    run_fingerprint,
    unchanged,
    write_manifest,
)
from .pool import Outcome, Task, default_jobs, execute
from .report import Reporter

MANIFEST_EVERY_SECONDS = 1.0


class GuideChoice:
    """The run's ``--guide`` or ``--pack``, resolved once per language. Made at the start of a
    run, so that an unknown guide or pack stops it (exit code 2) before any input is read."""

    def __init__(self, builder: Builder, guide: GuideSpec, pack: str | None = None) -> None:
        self.builder = builder
        self.catalog = builder.catalog
        self.guide, self.pack = guide, pack
        self._chosen: dict[str, Choice] = {}
        self._read: set[Path] = set()
        self.warnings: list[str] = []  # what the reader says of the guides used (told once)
        self.for_language("en")

    def for_language(self, lang: str) -> Choice:
        """The guide files for a profile in ``lang``, and notices (another language used)."""
        if lang not in self._chosen:
            self._chosen[lang] = self.catalog.resolve(self.guide, self.pack, lang)
        return self._chosen[lang]

    def assign(self, job: Job) -> None:
        """Give ``job`` its guide files (one, or its pack's), its pack and its notices."""
        choice = self.for_language(job.profile.language)
        job.guide_paths, job.notices, job.pack = choice.paths, choice.notices, choice.pack

    def told(self, path: Path) -> None:
        """Collect, once per guide file, the warnings building from it deserves (e.g. a date
        it cannot read, so the dossiers are undated). A guide that cannot be read is reported
        by each of its jobs, not here."""
        if path in self._read:
            return
        self._read.add(path)
        from ..guide.findings import show

        with contextlib.suppress(UserError, OSError):
            for remark in self.builder.read_guide(path).remarks:
                if remark.in_build:
                    self.warnings.append(f"{show(path)}:{remark.line}: warning: {remark.message}")


def plan(
    jobs: list[Job],
    out: Path,
    options: BatchOptions,
    previous: dict[str, dict[str, Any]],
    choice: GuideChoice,
) -> list[str]:
    """Outputs, guide choice and digest for each good job; marks unchanged ones skipped.
    Returns the notices for the user (outputs renamed to stay distinct)."""
    from ..guide import check_guide_size

    notices = assign_outputs(jobs, out, options.fmt)
    fingerprint = run_fingerprint(options)
    guide_digests: dict[Path, str] = {}
    sha_cache: dict[Path, str | None] = {}
    for job in jobs:
        if job.profile is None or job.output is None:
            continue
        job.previous = previous.get(job.output.name, {})
        path = None
        try:
            choice.assign(job)
            for path in job.guide_paths:
                if path not in guide_digests:
                    check_guide_size(path)  # a huge guide is never read, not even hashed
                    guide_digests[path] = hash_file(path)
                    choice.told(path)
        except UsageError:
            raise
        except UserError as err:
            job.fail(err)
            continue
        except OSError as err:
            job.fail(UserError(f"cannot read the guide: {err.strerror or err}", file=path))
            continue
        job.inputs = job_digest(job, fingerprint, guide_digests)
        if not options.force and unchanged(job, sha_cache):
            job.status, job.sha256 = SKIPPED, job.previous["sha256"]
    return notices


def remove_leftovers(out: Path) -> None:
    """Delete the temporary files a killed run left (``.<name>.<random>.part``, see
    :func:`~paperasse.build.write_atomic`): the folder then holds only whole files."""
    if not out.is_dir():
        return
    for path in out.glob(".*.part"):
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()


def run(
    inputs: list[Path],
    out: Path,
    options: BatchOptions,
    reporter: Reporter | None = None,
    builder: Builder | None = None,
) -> BatchResult:
    """A whole batch into the folder ``out``. Raises :class:`UserError` only for what stops
    everything (a usage error, a missing Pango); bad profiles are failed jobs in the result.

    ``builder`` renders every dossier in this process (tests give one with a fake renderer);
    without it, the dossiers render over ``options.jobs`` worker processes."""
    reporter = reporter or Reporter()
    files = expand_inputs(inputs, exclude=out)
    remove_leftovers(out)
    choice = GuideChoice(builder or options.builder(), options.guide, options.pack)
    jobs, notices = collect(files, options.ignore_columns)
    notices += plan(jobs, out, options, read_manifest(out), choice)
    _tell(reporter, notices + choice.warnings, jobs)
    return _Render(jobs, out, options, reporter, manifest=True).run(builder)


def run_single(
    file: Path,
    target: Path,
    options: BatchOptions,
    reporter: Reporter | None = None,
    builder: Builder | None = None,
) -> BatchResult:
    """One profile file into one named output file (no manifest, always rebuilt)."""
    reporter = reporter or Reporter()
    choice = GuideChoice(builder or options.builder(), options.guide, options.pack)
    jobs, notices = collect([file], options.ignore_columns)
    if len(jobs) != 1:
        for notice in notices:
            reporter.notice(notice)
        raise UsageError(
            f"a file name as output needs exactly one profile (got {len(jobs)})",
            key="--output",
            value=str(target),
        )
    for job in jobs:
        if job.profile is None:
            continue
        job.output = target
        try:
            choice.assign(job)
            for path in job.guide_paths:
                choice.told(path)
        except UsageError:
            raise
        except UserError as err:
            job.fail(err)
    _tell(reporter, notices + choice.warnings, jobs)
    return _Render(jobs, target.parent, options, reporter, manifest=False).run(builder)


def _tell(reporter: Reporter, notices: list[str], jobs: list[Job]) -> None:
    """The notices of reading and planning, then the jobs that failed before rendering."""
    for notice in notices:
        reporter.notice(notice)
    for job in jobs:
        if job.status == FAILED:
            reporter.failed(job)


class _Render:
    """The rendering of a planned batch: tasks out, outcomes in, the manifest kept current."""

    def __init__(
        self, jobs: list[Job], out: Path, options: BatchOptions, reporter: Reporter, manifest: bool
    ) -> None:
        self.jobs, self.out, self.options, self.reporter = jobs, out, options, reporter
        self.manifest = manifest
        self.last_flush = time.monotonic()
        self.fatal: list[Outcome] = []

    def run(self, builder: Builder | None) -> BatchResult:
        jobs, reporter = self.jobs, self.reporter
        todo = [job for job in jobs if job.status == PENDING]
        tasks = [
            Task(i, job.profile, job.guide_paths, job.notices, job.output, job.pack)
            for i, job in enumerate(jobs)
            if job.status == PENDING and job.guide_paths and job.output is not None
        ]
        workers = (
            1
            if builder is not None
            else max(1, min(self.options.jobs or default_jobs(), len(tasks)))
        )
        path = None
        reporter.start(len(todo))
        try:
            with _terminate_as_interrupt():
                execute(tasks, self.options, workers, self.done, builder)
        except _Stop:
            pass
        except KeyboardInterrupt:
            reporter.stop()
            done_count = sum(1 for job in jobs if job.status == WRITTEN)
            reporter.notice(
                f"interrupted after writing {done_count} of {len(tasks)}; every "
                "file written is whole: run the same command again to finish"
            )
            raise
        finally:
            reporter.stop()
            if self.manifest and (tasks or jobs):
                path = write_manifest(self.out, jobs, self.options)
        if self.fatal:
            raise EnvironmentProblem(self.fatal[0].error or "")
        return BatchResult(jobs, path)

    def done(self, outcome: Outcome) -> None:
        """One dossier rendered: its job updated and reported, the manifest flushed now and
        then. The machine lacking something every dossier needs stops the batch."""
        job, reporter = self.jobs[outcome.index], self.reporter
        if outcome.error is None:
            job.status, job.sha256 = WRITTEN, outcome.sha256
            for notice in job.notices:
                reporter.notice(f"{job.where()}: {notice}")
            reporter.written(job)
        else:
            job.fail(outcome.error)
            if outcome.exit_code == EXIT_ENVIRONMENT:
                self.fatal.append(outcome)
                raise _Stop
            reporter.failed(job)
        reporter.advance()
        if self.manifest and time.monotonic() - self.last_flush >= MANIFEST_EVERY_SECONDS:
            write_manifest(self.out, self.jobs, self.options)
            self.last_flush = time.monotonic()


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a CI timeout) stops the batch like Ctrl-C: the workers are told to
    stop and the manifest is written, instead of the process vanishing mid-way."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
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
