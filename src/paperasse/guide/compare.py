"""How two blocks' conditions and deadlines compare, and how a finding quotes them (shared by
the translation and pack checks)."""

from __future__ import annotations

from ..conditions import Condition
from .model import Deadline


def same_condition(a: Condition | None, b: Condition | None) -> bool:
    """Equal for every possible set of tags (so ``worker and eu`` = ``eu and worker``), the
    ``citizenship:xx`` tags included."""
    if a is None:
        return b is None or b.equivalent(None)
    return a.equivalent(b)


def shown_condition(c: Condition | None) -> str:
    return f"'{c}'" if c is not None else "none (everyone)"


def shown_deadline(d: Deadline | None) -> str:
    return f"'{d.amount} {d.unit}'" if d is not None else "none"
