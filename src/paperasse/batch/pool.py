"""Rendering over worker processes. Each worker holds one :class:`~paperasse.build.Builder`
(stylesheets parsed once, one font configuration, guides read once, QR codes cached) and writes
its PDFs itself, atomically; only small results travel back, so the parent's memory stays flat
however large the batch. WeasyPrint is imported in the workers, never in the parent before they
start.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import Builder, write_atomic
from ..errors import EXIT_INPUT, UserError, one_line
from ..render.collection import freeze_long_lived
from .jobs import BatchOptions, CoverFacts

_worker_builder: Builder | None = None


def die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent ends, even by SIGKILL
    (``prctl(PR_SET_PDEATHSIG, SIGKILL)`` through ctypes). A worker's parent is the pool's fork
    server, which ends when paperasse does once no worker holds its "alive" pipe: each worker
    closes its copy here (it starts no process of its own). So paperasse killed, the fork server
    ends, then its workers; the resource tracker ends by itself once the last of them has
    closed its pipe. Elsewhere, or without libc, nothing happens."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):  # the fork server's private state: best effort
        from multiprocessing import forkserver

        server = forkserver._forkserver
        alive = getattr(server, "_forkserver_alive_fd", None)
        if isinstance(alive, int):
            os.close(alive)
            setattr(server, "_forkserver_alive_fd", None)  # noqa: B010 (private, untyped)
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent was already gone before the call
        os._exit(1)


def _init_worker(options: BatchOptions) -> None:
    """Once per worker process: one Builder, its renderer made now (WeasyPrint imported here,
    in the worker, never in the parent before the workers start)."""
    global _worker_builder
    die_with_parent()
    _worker_builder = options.builder()
    with contextlib.suppress(UserError):  # reported by the first job
        _worker_builder.warm_up()
    freeze_long_lived()  # what the worker holds from now on is not walked at every collection


@dataclass
class Task:
    """What a worker needs for one dossier (small, picklable)."""

    index: int
    profile: Any
    guide_paths: tuple[Path, ...]
    notices: tuple[str, ...]
    output: Path
    pack: Any = None  # the Pack of a pack dossier


@dataclass
class Outcome:
    index: int
    sha256: str | None = None
    error: str | None = None
    exit_code: int = 0
    cover: CoverFacts | None = None  # a PDF dossier's pages, first deadline and language


def build_one(task: Task, builder: Builder | None = None) -> Outcome:
    """Render one dossier and write it atomically. A user's error is returned in the outcome;
    a bug raises (and stops the batch: exit code 70, see :func:`paperasse.errors.internal_error`).
    """
    builder = builder or _worker_builder
    assert builder is not None, "worker not initialised"
    try:
        dossier = builder.dossier_from(task.guide_paths, task.profile, task.notices, task.pack)
        data, pages = builder.render_counted(dossier)
        write_atomic(task.output, data)
        cover = CoverFacts.of(dossier, pages) if pages is not None else None
        return Outcome(task.index, sha256=hashlib.sha256(data).hexdigest(), cover=cover)
    except UserError as err:
        return Outcome(task.index, error=str(err), exit_code=err.exit_code)
    except OSError as err:
        return Outcome(
            task.index,
            error=one_line(f"{task.output}: cannot write: {err.strerror or err}"),
            exit_code=EXIT_INPUT,
        )


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


#: What the row of a dossier whose worker process was killed says (the OOM killer, mostly).
KILLED = (
    "{output}: the process rendering this dossier was killed (out of memory?); "
    "the other dossiers were rendered"
)


def execute(
    tasks: Iterable[Task],
    options: BatchOptions,
    workers: int,
    done: Callable[[Outcome], None],
    builder: Builder | None = None,
    *,
    work: Callable[[Task], Outcome] = build_one,
    init: Callable[..., None] | None = _init_worker,
) -> None:
    """Render ``tasks`` over ``workers`` processes (in this one when 1, or with ``builder`` when
    one is given), calling ``done`` as each finishes (in completion order).

    A worker that dies (the OOM killer, a signal) breaks the pool: a new pool is started, and
    the dossiers that were in flight are rendered again one at a time, alone, so that the one
    that kills its worker again is found and fails its row; the batch goes on. (``work`` and
    ``init`` are for tests: what a worker does per task, and once when it starts.)"""
    if builder is not None or workers <= 1:
        builder = builder or options.builder()
        for task in tasks:
            done(build_one(task, builder))
        return

    queue = iter(tasks)
    suspects: deque[Task] = deque()
    while True:
        if not _pool_round(queue, suspects, options, workers, done, work, init):
            return


def _pool_round(
    queue: Iterator[Task],
    suspects: deque[Task],
    options: BatchOptions,
    workers: int,
    done: Callable[[Outcome], None],
    work: Callable[[Task], Outcome],
    init: Callable[..., None] | None,
) -> bool:
    """One pool's life: True when a worker died and another pool must take over."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    window = workers * 4  # a bounded window of submitted tasks: memory flat for any batch size
    context = _pool_context()
    executor = (
        ProcessPoolExecutor(workers, context, initializer=init, initargs=(options,))
        if init is not None
        else ProcessPoolExecutor(workers, context)
    )
    with executor as pool:
        running: dict[Future[Outcome], Task] = {}

        def fill() -> None:
            if suspects:  # after a broken pool: one suspect at a time, alone in the pool
                if not running:
                    task = suspects.popleft()
                    running[pool.submit(work, task)] = task
                return
            for task in queue:
                running[pool.submit(work, task)] = task
                if len(running) >= window:
                    break

        try:
            fill()
            while running:
                alone = len(running) == 1
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    task = running.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if alone:  # it broke the pool on its own: this dossier is the cause
                            done(_killed(task))
                        else:
                            suspects.append(task)
                        continue
                    done(outcome)
                if broken:
                    for future, task in running.items():
                        if future.done() and future.exception() is None:
                            done(future.result())
                        else:
                            suspects.append(task)
                    running.clear()
                    return True
                fill()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return bool(suspects)


def _killed(task: Task) -> Outcome:
    return Outcome(task.index, error=one_line(KILLED.format(output=task.output)))
