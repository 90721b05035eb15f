"""The bounded render pool: worker processes, a time limit per dossier, a queue limit.

Built on pebble's ``ProcessPool`` rather than ``concurrent.futures``: a task over its time
limit has its worker process stopped and replaced, where ``ProcessPoolExecutor`` can only
abandon the future and leave the worker busy. The event loop only awaits; it never renders.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import time
from collections.abc import Callable
from typing import Any


def _nothing() -> None:
    """A task that does nothing (starts the workers)."""


class Busy(Exception):
    """The queue is full: answer 503 with ``Retry-After: retry_after``."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"busy; retry after {retry_after} s")
        self.retry_after = retry_after


class TooSlow(Exception):
    """A task went over its time limit and its worker was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over the time limit of {seconds:g} s")
        self.seconds = seconds


class RenderPool:
    """``workers`` processes; at most ``queue_limit`` interactive tasks waiting or running
    (batches bring their own bound: a window of ``workers`` tasks each)."""

    def __init__(
        self,
        workers: int,
        queue_limit: int,
        time_limit: float,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.workers = max(1, workers)
        self.queue_limit = max(1, queue_limit)
        self.time_limit = time_limit
        self._initializer = initializer
        self._initargs = initargs
        self._pool: Any = None
        self.pending = 0  # interactive tasks waiting or running
        self._mean = 2.0  # seconds per task, a running mean for Retry-After

    def start(self) -> None:
        import multiprocessing

        import pebble

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._pool = pebble.ProcessPool(
            max_workers=self.workers,
            initializer=self._initializer,
            initargs=self._initargs,
            context=context,
        )
        # pebble starts its workers on the first task: start them now, not in a request.
        self._pool.schedule(_nothing).result(timeout=120)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None

    def retry_after(self) -> int:
        """Seconds until the queue has probably drained by one worker's share."""
        return max(1, math.ceil(self.pending / self.workers * self._mean))

    def reserve(self) -> None:
        """Count one interactive task, or raise :class:`Busy` when the queue is full."""
        if self.pending >= self.queue_limit:
            raise Busy(self.retry_after())
        self.pending += 1

    def release(self) -> None:
        self.pending -= 1

    async def run(
        self,
        function: Callable[..., Any],
        *args: Any,
        timeout: float | None = None,
        interactive: bool = True,
    ) -> Any:
        """``function(*args)`` in a worker. Raises :class:`Busy` (queue full, interactive
        tasks only) or :class:`TooSlow`."""
        if interactive:
            self.reserve()
        limit = self.time_limit if timeout is None else timeout
        started = time.monotonic()
        try:
            future = self._pool.schedule(function, args=args, timeout=limit)
            try:
                result = await asyncio.wrap_future(future)
            except concurrent.futures.TimeoutError:
                raise TooSlow(limit) from None
            elapsed = (time.monotonic() - started) / max(1, self.pending)
            self._mean = 0.8 * self._mean + 0.2 * min(elapsed, limit)
            return result
        finally:
            if interactive:
                self.release()
