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
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..build import Builder
from ..errors import EXIT_ENVIRONMENT, EnvironmentProblem, OutputProblem, UsageError, UserError
from .jobs import (
    FAILED,
    PENDING,
    WRITTEN,
    BatchOptions,
    BatchResult,
    Job,
    assign_output,
    collect,
    expand_inputs,
    glyph_notices,
    iter_jobs,
)
from .manifest import (
    MANIFEST_CSV,
    MANIFEST_JSON,
    export_manifest,
    hash_file,
    manifest_record,
)
from .output_folder import manifest_names, open_state, remove_leftovers, state_lookup
from .planning import GuideChoice, Lookup, Planner
from .pool import Outcome, Task, default_jobs, execute
from .report import Reporter
from .state import RunState, folder_lock, prepare_folder


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
            names, notices = manifest_names(out, lookup, options.force)
            for notice in notices:
                reporter.notice(notice)
            _plan_into(state, files, out, options, lookup, choice, reporter)
            render = _Render([], out, options, reporter, state=state, names=names)
            return render.run(builder, local=choice.builder)
        finally:
            state.close()


def _plan_into(
    state: RunState,
    files: list[Path],
    out: Path,
    options: BatchOptions,
    lookup: Lookup,
    choice: GuideChoice,
    reporter: Reporter,
) -> None:
    """Read and plan every job, one at a time, into the run state (never all in memory): its
    manifest line, and the job itself when it is to be rendered; notices and failures are
    told as they are found."""
    planner = Planner(out, options, lookup, choice)
    notices: list[str] = []
    told = 0
    try:
        state.begin_run()
        for seq, job in enumerate(iter_jobs(files, options.ignore_columns, notices)):
            notices.extend(glyph_notices([job], options.fmt))
            renamed = assign_output(job, out, options.fmt, state, planner.foreign)
            if renamed is not None:
                notices.append(renamed)
            planner.plan_one(job)
            for notice in notices[told:]:
                reporter.notice(notice)
            told = len(notices) if len(notices) < 1000 else 0
            if told == 0:
                notices.clear()
            if job.status == FAILED:
                reporter.failed(job)
            record = manifest_record(job)
            state.add(seq, record, job if job.profile is not None else None, _to_render(job))
            if seq % 1000 == 999:
                state.commit()
        state.commit(again=False)
    except sqlite3.Error as err:
        raise OutputProblem(f"cannot keep the run state: {err}", file=out) from None
    for warning in choice.warnings:
        reporter.notice(warning)


def load_jobs(out: Path) -> Iterator[Job]:
    """The last run's jobs, read back from the run state (for ``BatchResult.jobs``): every
    job that was planned for rendering in full, the others from their manifest line."""
    state = RunState(out)
    try:
        kept = dict(state.jobs(render=False))
        for seq, record in enumerate(state.entries()):
            job = kept.pop(seq, None)
            if job is None:
                job = Job(record["source"], record["row"])
                job.output = out / record["output"] if record["output"] else None
            job.status, job.error, job.sha256 = record["status"], record["error"], record["sha256"]
            if record["status"] == FAILED and record["error"] and not job.errors:
                job.errors = (record["error"],)
            if job.output is not None and job.sha256 is not None:
                job.cover = state.cover(job.output.name, job.sha256)
            yield job
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
    return _Render(jobs, target.parent, options, reporter).run(builder, local=choice.builder)


def _tell(reporter: Reporter, notices: list[str], jobs: list[Job]) -> None:
    """The notices of reading and planning, then the jobs that failed before rendering."""
    for notice in notices:
        reporter.notice(notice)
    for job in jobs:
        if job.status == FAILED:
            reporter.failed(job)


def _to_render(job: Job) -> bool:
    return job.status == PENDING and bool(job.guide_paths) and job.output is not None


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

    def run(self, builder: Builder | None, local: Builder | None = None) -> BatchResult:
        """Render the jobs to render: from the run state one chunk at a time (a batch), or
        from ``jobs`` (one named file, no state). Rendered in this process (one worker), they
        use ``local``, the builder that planned them, whose guides are already read."""
        reporter, state = self.reporter, self.state
        if state is not None:
            total = state.count_kept()
            pairs: Iterable[tuple[int, Job]] = state.jobs()
        else:
            kept = [(i, job) for i, job in enumerate(self.jobs) if _to_render(job)]
            total, pairs = len(kept), kept
        self.flight: dict[int, Job] = {}
        self.written = 0

        def tasks() -> Iterator[Task]:
            for index, job in pairs:
                assert job.output is not None  # only jobs with an output are kept to render
                self.flight[index] = job
                yield Task(index, job.profile, job.guide_paths, job.notices, job.output, job.pack)

        workers = (
            1 if builder is not None else max(1, min(self.options.jobs or default_jobs(), total))
        )
        if workers == 1 and builder is None:
            builder = local
        path = None
        if state is not None and total:  # tried again at the end; the state is whole anyway
            with contextlib.suppress(OutputProblem):
                path = self._export()
        reporter.start(total)
        try:
            with _terminate_as_interrupt():
                execute(tasks(), self.options, workers, self.done, builder)
        except _Stop:
            pass
        except KeyboardInterrupt:
            reporter.stop()
            reporter.notice(
                f"interrupted after writing {self.written} of {total}; every "
                "file written is whole: run the same command again to finish"
            )
            if state is not None:
                with contextlib.suppress(OutputProblem):
                    self._export()
            raise
        finally:
            reporter.stop()
        if state is not None:
            path = self._export()
        if self.fatal:
            raise EnvironmentProblem(self.fatal[0].error or "")
        if state is None:
            return BatchResult(self.jobs, path)
        out = self.out
        return BatchResult(None, path, counts=state.counts(), load=lambda: load_jobs(out))

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
        job, reporter = self.flight.pop(outcome.index), self.reporter
        if outcome.error is None:
            job.status, job.sha256, job.cover = WRITTEN, outcome.sha256, outcome.cover
            self.written += 1
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
                    if job.cover is not None:
                        self.state.covered(job.output.name, job.sha256, job.cover)
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
