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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import Builder, write_atomic
from ..errors import EXIT_INPUT, UserError, one_line
from .jobs import BatchOptions

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


def build_one(task: Task, builder: Builder | None = None) -> Outcome:
    """Render one dossier and write it atomically. A user's error is returned in the outcome;
    a bug raises (and stops the batch: exit code 70, see :func:`paperasse.errors.internal_error`).
    """
    builder = builder or _worker_builder
    assert builder is not None, "worker not initialised"
    try:
        data = builder.render(
            builder.dossier_from(task.guide_paths, task.profile, task.notices, task.pack)
        )
        write_atomic(task.output, data)
        return Outcome(task.index, sha256=hashlib.sha256(data).hexdigest())
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


def execute(
    tasks: list[Task],
    options: BatchOptions,
    workers: int,
    done: Callable[[Outcome], None],
    builder: Builder | None = None,
) -> None:
    """Render ``tasks`` over ``workers`` processes (in this one when 1, or with ``builder`` when
    one is given), calling ``done`` as each finishes (in completion order)."""
    if not tasks:
        return
    if builder is not None or workers <= 1 or len(tasks) == 1:
        builder = builder or options.builder()
        for task in tasks:
            done(build_one(task, builder))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(options,),
    ) as pool:
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
