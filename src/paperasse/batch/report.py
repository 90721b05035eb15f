"""What the batch tells the user while it runs. The default prints plain lines on stderr (and
the written files' paths on stdout, for scripts); :class:`ProgressReporter` adds a progress bar.
"""

from __future__ import annotations

import sys
from typing import Any

from ..errors import one_line
from .jobs import Job


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
        for line in job.errors or (job.error,):
            _err(f"paperasse: error: {one_line(str(line))}")

    def notice(self, message: str) -> None:
        _err(f"paperasse: {one_line(message)}")

    def stop(self) -> None:
        """The rendering is over (or interrupted)."""


_stdout_closed = False


def _out(line: str) -> None:
    """A line on stdout for scripts. When the reader has gone (``paperasse build … | head -1``)
    the printing stops, not the batch: stdout is pointed at the null device, so nothing else
    (not even Python's last flush) fails on it."""
    global _stdout_closed
    if _stdout_closed:
        return
    try:
        print(line, file=sys.stdout, flush=True)
    except (BrokenPipeError, ValueError):  # ValueError: stdout was closed
        _stdout_closed = True
        _silence_stdout()


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (for the rest of the process)


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
            TextColumn("rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
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
        for line in job.errors or (job.error,):
            text = f"paperasse: error: {one_line(str(line))}"
            self.console.print(text, style="red", soft_wrap=True, markup=False)

    def notice(self, message: str) -> None:
        self.console.print(f"paperasse: {one_line(message)}", soft_wrap=True, markup=False)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def default_reporter() -> Reporter:
    """A progress bar when stderr is a terminal, plain lines otherwise."""
    return ProgressReporter() if sys.stderr.isatty() else Reporter()
