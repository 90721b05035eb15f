"""Deadlines and order: a deadline as a date and as days, and the person's order of the steps
of several guides (:func:`timeline`)."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..guide import PHASES, Deadline

if TYPE_CHECKING:
    from .model import Item


def add_deadline(start: dt.date, deadline: Deadline) -> dt.date:
    """``start`` plus the deadline, calendar-aware (31 Jan + 1 month = 28/29 Feb)."""
    if deadline.unit == "days":
        return start + dt.timedelta(days=deadline.amount)
    if deadline.unit == "weeks":
        return start + dt.timedelta(weeks=deadline.amount)
    month_index = start.month - 1 + deadline.amount
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def deadline_days(deadline: Deadline | None) -> float:
    """A deadline's length in days, for ordering (months count 30 days); none: infinite."""
    if deadline is None:
        return float("inf")
    return deadline.amount * {"days": 1, "weeks": 7, "months": 30}.get(deadline.unit, 30)


def phase_rank(phase: str | None) -> int:
    """before-arrival 0 < first-weeks 1 < first-3-months 2 < later 3; no phase: first-weeks."""
    return PHASES.index(phase) if phase in PHASES else 1


def timeline(
    guides_steps: Sequence[Sequence[Item]], chains: Sequence[Sequence[tuple[int, int]]] = ()
) -> list[tuple[int, int]]:
    """The person's order of the steps of several guides, as (guide index, step index) pairs.

    One guide keeps its author's order. Several are merged by phase (before arrival, first
    weeks, first 3 months, later), then by deadline (the shortest first; none last), then by
    the pack's order of the guides and each guide's own order; a step never comes before a
    shown step its ``after:`` names (of any guide), nor, within one phase, before the step
    that precedes it in a guide that has it (``chains``: each guide's steps in its order, a
    step shared with an earlier guide given as that guide's). Should these form a cycle
    (``paperasse check`` reports ``after:`` cycles), the best waiting step goes first."""
    if len(guides_steps) == 1:
        return [(0, i) for i in range(len(guides_steps[0]))]

    def item(step: tuple[int, int]) -> Item:
        return guides_steps[step[0]][step[1]]

    where: dict[str, tuple[int, int]] = {}
    for g, items in enumerate(guides_steps):
        for i, one in enumerate(items):
            if one.key:
                where.setdefault(one.key, (g, i))
    before: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for g, items in enumerate(guides_steps):
        for i, one in enumerate(items):
            before[(g, i)] = {where[key] for key in one.block.after if key in where} - {(g, i)}
    for chain in chains:
        for previous, step in itertools.pairwise(chain):
            if previous != step and phase_rank(item(previous).phase) == phase_rank(
                item(step).phase
            ):
                before[step].add(previous)

    def rank(step: tuple[int, int]) -> tuple[int, float, int, int]:
        return (phase_rank(item(step).phase), deadline_days(item(step).deadline), *step)

    waiting = sorted(before, key=rank)
    placed: set[tuple[int, int]] = set()
    order: list[tuple[int, int]] = []
    while waiting:
        step = next((s for s in waiting if before[s] <= placed), waiting[0])
        waiting.remove(step)
        placed.add(step)
        order.append(step)
    return order
