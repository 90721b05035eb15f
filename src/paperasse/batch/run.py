"""A whole batch, in the parent process: read, plan, render, keep the manifest.

1. :func:`~paperasse.batch.jobs.collect` reads every input into jobs (bad ones failed).
2. :func:`plan` gives each good profile its output file, its guide (chosen once per run and
   language, :class:`GuideChoice`) and its digest; a job the manifest shows unchanged is skipped:
   nothing is rendered and WeasyPrint is not even imported.
3. The rest render over ``--jobs`` worker processes (:mod:`paperasse.batch.pool`).
4. The run state (:mod:`paperasse.batch.state`, SQLite) is updated as each dossier finishes, one
   small transaction each; ``manifest.json`` and ``manifest.csv`` are exported from it when the
   rendering starts and when it ends (or is interrupted), never rewritten whole while it runs.
   A killed run leaves whole PDFs, a truthful state and manifest, and the next run finishes the
   rest.

The run holds the output folder's lock throughout, and writes only its own files: a file in the
folder that paperasse did not write (or that changed since) is never overwritten without
``--force``; the dossier is written beside it, and the user is told.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..build import TEMP_PATTERN, Builder
from ..errors import EXIT_ENVIRONMENT, EnvironmentProblem, OutputProblem, UsageError, UserError
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
    glyph_notices,
)
from .manifest import (
    MANIFEST_COLUMNS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    export_manifest,
    hash_file,
    job_digest,
    manifest_record,
    read_manifest,
    run_fingerprint,
    unchanged,
)
from .pool import Outcome, Task, default_jobs, execute
from .report import Reporter
from .state import RunState, folder_lock, prepare_folder

#: The last run's record of a file in the output folder, by file name ({} when none).
Lookup = Callable[[str], dict[str, Any]]


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
    previous: dict[str, dict[str, Any]] | Lookup,
    choice: GuideChoice,
) -> list[str]:
    """Outputs, guide choice and digest for each good job; marks unchanged ones skipped.
    ``previous`` gives the last run's record of a file name (a manifest's records, or the run
    state's lookup). An output path holding a file paperasse did not write (no record, or not
    the recorded sha256) is left alone: the dossier goes beside it (unless ``--force``).
    Returns the notices for the user (outputs renamed to stay distinct, or to spare a file)."""
    from ..guide import check_guide_size

    lookup: Lookup = previous if callable(previous) else (lambda name: previous.get(name, {}))
    sha_cache: dict[Path, str | None] = {}
    notices = assign_outputs(
        jobs, out, options.fmt, None if options.force else _foreign_test(lookup, sha_cache)
    )
    fingerprint = run_fingerprint(options)
    guide_digests: dict[Path, str] = {}
    for job in jobs:
        if job.profile is None or job.output is None:
            continue
        job.previous = lookup(job.output.name)
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


def _foreign_test(lookup: Lookup, sha_cache: dict[Path, str | None]) -> Callable[[Path], bool]:
    """Whether a path holds something paperasse did not write: not a plain file (a folder, a
    symbolic link), no record of it, or a sha256 other than the recorded one. A file a killed
    run was writing (recorded as being written) is paperasse's own."""

    def foreign(path: Path) -> bool:
        if not os.path.lexists(path):
            return False
        if path.is_symlink() or not path.is_file():
            return True
        record = lookup(path.name)
        if record.get("writing"):
            return False
        if not record.get("sha256"):
            return True
        if path not in sha_cache:
            try:
                sha_cache[path] = hash_file(path)
            except OSError:
                sha_cache[path] = None
        return sha_cache[path] != record["sha256"]

    return foreign


def manifest_names(out: Path, lookup: Lookup, force: bool) -> tuple[tuple[str, str], list[str]]:
    """``manifest.json`` and ``manifest.csv``, or ``manifest-2.json``… when a file of that name
    is not paperasse's (the notice says so). A manifest written before the run state existed is
    recognised by its content."""
    notices: list[str] = []
    if force:
        return (MANIFEST_JSON, MANIFEST_CSV), notices
    test = _foreign_test(lookup, {})

    def foreign(path: Path) -> bool:
        if not lookup(path.name) and path.is_file() and not path.is_symlink():
            return not _looks_like_our_manifest(path)
        return test(path)

    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        names = (f"manifest{suffix}.json", f"manifest{suffix}.csv")
        taken = [name for name in names if foreign(out / name)]
        if not taken:
            break
        if number == 1:
            notices.append(
                f"{out / taken[0]} was not written by paperasse (or changed since): "
                "the manifest is written beside it (--force overwrites it)"
            )
        number += 1
    if number > 1:
        notices[-1] = notices[-1].replace("beside it", f"as {names[0]} and {names[1]}")
    return names, notices


def _looks_like_our_manifest(path: Path) -> bool:
    try:
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return handle.readline().strip() == ",".join(MANIFEST_COLUMNS)
        if path.stat().st_size > 1 << 30:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
        return isinstance(data, dict) and "paperasse" in data and "dossiers" in data
    except (OSError, ValueError):
        return False


def open_state(out: Path) -> RunState:
    """The folder's run state; the first time, the records of a ``manifest.json`` written
    before there was one (so the files it lists stay paperasse's own)."""
    try:
        state = RunState(out)
        if state.is_empty():
            state.import_records(read_manifest(out).values())
    except sqlite3.Error as err:
        raise OutputProblem(f"cannot keep the run state: {err}", file=out) from None
    return state


def state_lookup(state: RunState) -> Lookup:
    def lookup(name: str) -> dict[str, Any]:
        record = state.file(name)
        if record is None:
            return {}
        return {"sha256": record.sha256, "inputs": record.inputs, "writing": record.writing}

    return lookup


def remove_leftovers(out: Path) -> None:
    """Delete the temporary files a killed run left (``.paperasse-<name>.<random>.part``, see
    :func:`~paperasse.build.write_atomic`; run under the folder's lock, so no other run is
    writing them): the folder then holds only whole files. Other hidden files are not ours."""
    if not out.is_dir():
        return
    for path in out.glob(TEMP_PATTERN):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()


def run(
    inputs: list[Path],
    out: Path,
    options: BatchOptions,
    reporter: Reporter | None = None,
    builder: Builder | None = None,
) -> BatchResult:
    """A whole batch into the folder ``out``. Raises :class:`UserError` only for what stops
    everything (a usage error, a missing Pango, an output folder that cannot be written or
    that another run holds); bad profiles are failed jobs in the result.

    ``builder`` renders every dossier in this process (tests give one with a fake renderer);
    without it, the dossiers render over ``options.jobs`` worker processes."""
    reporter = reporter or Reporter()
    choice = GuideChoice(builder or options.builder(), options.guide, options.pack)
    files = expand_inputs(inputs, exclude=out)
    prepare_folder(out)
    with folder_lock(out):
        state = open_state(out)
        try:
            remove_leftovers(out)
            lookup = state_lookup(state)
            jobs, notices = collect(files, options.ignore_columns)
            notices += glyph_notices(jobs, options.fmt)
            notices += plan(jobs, out, options, lookup, choice)
            names, more = manifest_names(out, lookup, options.force)
            _tell(reporter, notices + more + choice.warnings, jobs)
            render = _Render(jobs, out, options, reporter, state=state, names=names)
            return render.run(builder)
        finally:
            state.close()


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
    notices += glyph_notices(jobs, options.fmt)
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
    return _Render(jobs, target.parent, options, reporter).run(builder)


def _tell(reporter: Reporter, notices: list[str], jobs: list[Job]) -> None:
    """The notices of reading and planning, then the jobs that failed before rendering."""
    for notice in notices:
        reporter.notice(notice)
    for job in jobs:
        if job.status == FAILED:
            reporter.failed(job)


class _Render:
    """The rendering of a planned batch: tasks out, outcomes in, the run state kept current
    (one transaction a dossier) and the manifest exported from it at the start and the end."""

    def __init__(
        self,
        jobs: list[Job],
        out: Path,
        options: BatchOptions,
        reporter: Reporter,
        state: RunState | None = None,
        names: tuple[str, str] = (MANIFEST_JSON, MANIFEST_CSV),
    ) -> None:
        self.jobs, self.out, self.options, self.reporter = jobs, out, options, reporter
        self.state, self.names = state, names
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
        if self.state is not None:
            path = self._start(tasks)
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
            with contextlib.suppress(OutputProblem):
                self._export()
            raise
        finally:
            reporter.stop()
        if self.state is not None:
            path = self._export()
        if self.fatal:
            raise EnvironmentProblem(self.fatal[0].error or "")
        return BatchResult(jobs, path)

    def _start(self, tasks: list[Task]) -> Path | None:
        """The run's lines into the state, the files about to be written marked as such, and
        a first export (which says which dossiers are still pending)."""
        assert self.state is not None
        try:
            self.state.set_entries(manifest_record(job) for job in self.jobs)
            self.state.writing(task.output.name for task in tasks)
        except sqlite3.Error as err:
            raise OutputProblem(f"cannot keep the run state: {err}", file=self.out) from None
        with contextlib.suppress(OutputProblem):  # tried again at the end; the state is whole
            return self._export()
        return None

    def _export(self) -> Path:
        """``manifest.json``/``.csv`` from the state; a full disk, a read-only file system:
        one line, exit code 4, every dossier already written stays (and is in the state)."""
        state = self.state
        assert state is not None
        try:
            path = export_manifest(
                self.out, state.entries, state.counts(), self.options, self.names
            )
            with state.transaction():
                for name in self.names:
                    state.wrote(name, hash_file(self.out / name))
        except (OSError, sqlite3.Error) as err:
            what = getattr(err, "strerror", None) or err
            raise OutputProblem(
                f"cannot write the manifest: {what}; the dossiers written are whole, and "
                "the next run writes it",
                file=self.out / self.names[0],
            ) from None
        return path

    def done(self, outcome: Outcome) -> None:
        """One dossier rendered: its job updated, recorded and reported. The machine lacking
        something every dossier needs stops the batch."""
        job, reporter = self.jobs[outcome.index], self.reporter
        if outcome.error is None:
            job.status, job.sha256 = WRITTEN, outcome.sha256
        else:
            job.fail(outcome.error)
        if self.state is not None:
            self._record(outcome.index, job)
        if outcome.error is None:
            for notice in job.notices:
                reporter.notice(f"{job.where()}: {notice}")
            reporter.written(job)
        else:
            if outcome.exit_code == EXIT_ENVIRONMENT:
                self.fatal.append(outcome)
                raise _Stop
            reporter.failed(job)
        reporter.advance()

    def _record(self, index: int, job: Job) -> None:
        assert self.state is not None and job.output is not None
        try:
            with self.state.transaction():
                self.state.update_entry(index, manifest_record(job))
                if job.status == WRITTEN and job.sha256 is not None:
                    self.state.wrote(job.output.name, job.sha256, job.inputs)
        except sqlite3.Error as err:
            raise OutputProblem(f"cannot keep the run state: {err}", file=self.out) from None


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
