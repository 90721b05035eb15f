"""Python's garbage collector while a PDF is made, and in a process that makes many.

Laying out a dossier allocates a few hundred thousand short-lived objects (boxes, styles, Pango
wrappers). With Python's default threshold (a young collection every 700 allocations) a render
runs about 55 young and 5 middle collections, and a full one every third dossier, which walks
every object the process holds (the guide, the stylesheets, the fonts, WeasyPrint's modules):
about 6 % of a dossier's CPU (README, "Speed"). :func:`fewer_collections` raises the young
threshold while one PDF is made; :func:`freeze_long_lived` moves what a warm worker holds out of
the collector's sight, once, after its warm-up. Neither changes what is freed: the cycles a
render leaves are still collected, a few thousand allocations later.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Allocations between two young collections while a PDF is made (Python's default: 700).
RENDER_THRESHOLD = 10_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The young generation collected every :data:`RENDER_THRESHOLD` allocations inside the
    block (never more often than the caller asked for), the caller's thresholds after it."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], RENDER_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def freeze_long_lived() -> None:
    """For a worker process, after its warm-up: collect once, then move every object it holds
    into the permanent generation, which full collections no longer walk (objects made later
    are collected as usual)."""
    gc.collect()
    gc.freeze()
