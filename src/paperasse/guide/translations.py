"""Across the translations of one ``translationKey``: the same step and document keys in every
language, in the same order, with the same conditions and the same deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .compare import same_condition, shown_condition, shown_deadline
from .findings import ERROR, WARNING, Report, show
from .model import Block, Guide


def _name(guide: Guide) -> str:
    return guide.lang or show(guide.path)


def compare_translations(guides: Iterable[Guide], report: Report) -> None:
    """Same step and document keys, conditions and deadlines in every version of a key."""
    groups: dict[str, list[Guide]] = {}
    for guide in guides:
        groups.setdefault(guide.translation_key, []).append(guide)
    for versions in groups.values():
        if len(versions) < 2:
            continue
        report.groups += 1
        for kind in ("step", "document"):
            _compare(kind, versions, report)


def _items(guide: Guide, kind: str) -> tuple[Block, ...]:
    return guide.steps if kind == "step" else guide.documents


def _compare(kind: str, versions: list[Guide], report: Report) -> None:
    keyed = {id(v): {b.key: b for b in _items(v, kind) if b.key} for v in versions}
    order: dict[str, None] = {}  # the keys in order of appearance (a dict: linear)
    for v in versions:
        for b in _items(v, kind):
            if b.key:
                order.setdefault(b.key)
    for key in order:
        first = next(v for v in versions if key in keyed[id(v)])
        ref = keyed[id(first)][key]
        for v in versions:
            mine = keyed[id(v)].get(key)
            if mine is None:
                line = _anchor(_items(v, kind), [b.key for b in _items(first, kind)], key)
                report.add(
                    v.path,
                    line,
                    ERROR,
                    f"{kind} {key!r} of the {_name(first)} version "
                    f"({show(first.path)}:{ref.line}) is missing from this {_name(v)} version",
                )
            elif v is not first:
                _compare_item(kind, key, mine, v, ref, first, report)
    _check_order(kind, versions, report)


def _compare_item(
    kind: str, key: str, mine: Block, v: Guide, ref: Block, first: Guide, report: Report
) -> None:
    """The same condition (and for a step the same deadline, phase and order) as ``ref``."""
    where = f"in the {_name(first)} version ({show(first.path)}:{ref.line})"
    if not same_condition(mine.condition, ref.condition):
        report.add(
            v.path,
            mine.line,
            ERROR,
            f"{kind} {key!r}: condition {shown_condition(mine.condition)} here, "
            f"{shown_condition(ref.condition)} {where}",
        )
    if kind != "step":
        return
    if mine.deadline != ref.deadline:
        report.add(
            v.path,
            mine.line,
            ERROR,
            f"step {key!r}: deadline {shown_deadline(mine.deadline)} here, "
            f"{shown_deadline(ref.deadline)} {where}",
        )
    if mine.phase != ref.phase:
        report.add(
            v.path,
            mine.line,
            ERROR,
            f"step {key!r}: phase {_quoted(mine.phase)} here, {_quoted(ref.phase)} {where}",
        )
    if set(mine.after) != set(ref.after):
        report.add(
            v.path,
            mine.line,
            ERROR,
            f"step {key!r}: after {_quoted(', '.join(mine.after))} here, "
            f"{_quoted(', '.join(ref.after))} {where}",
        )


def _check_order(kind: str, versions: list[Guide], report: Report) -> None:
    """Same keys, same order."""
    first = versions[0]
    first_order = [b.key for b in _items(first, kind) if b.key]
    for v in versions[1:]:
        mine = [b.key for b in _items(v, kind) if b.key]
        expected = [k for k in first_order if k in mine]
        if [k for k in mine if k in first_order] != expected:
            report.add(
                v.path,
                _first_out_of_order(_items(v, kind), expected),
                WARNING,
                f"{kind}s are not in the same order as in the {_name(first)} version "
                f"({show(first.path)})",
            )


def _first_out_of_order(items: Sequence[Block], expected: list[str]) -> int:
    keyed = [b for b in items if b.key in expected]
    for block, key in zip(keyed, expected, strict=False):
        if block.key != key:
            return block.line
    return keyed[0].line if keyed else 1


def _anchor(items: Sequence[Block], ref_keys: list[str | None], key: str) -> int:
    """Where a missing item would go: the line of the item before it that is present here."""
    mine = {b.key: b.line for b in items if b.key}
    before = ref_keys[: ref_keys.index(key)]
    for k in reversed(before):
        if k in mine:
            return mine[k]
    return items[0].line if items else 1


def _quoted(text: str | None) -> str:
    return f"'{text}'" if text else "none"
