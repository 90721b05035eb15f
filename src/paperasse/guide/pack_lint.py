"""``paperasse check`` for a pack: its guides as one dossier.

Each guide is checked as on its own (:mod:`.lint`); the pack adds, in each language:

- the pack file itself (keys, title, guides each once) and a guide for every key it names;
- a step key shared by several guides is one step (shown once, the first time): the same
  condition, deadline and phase everywhere (error otherwise: the timeline would depend on
  which guide shows it);
- a document key shared by several guides is one document, printed once with the first
  guide's text: texts that give different numbers (3 or 6 months) are a warning, other
  differences a note; conditions may differ (it applies when any holds: a note says so);
- ``after:`` keys that no guide of the pack has (a warning), and ``after:`` cycles across the
  guides (an error: no order satisfies them);
- a guide with no version in a language of the pack's title (a warning: that guide is printed in
  another language).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError
from .catalog import Catalog
from .compare import same_condition, shown_condition, shown_deadline
from .findings import ERROR, NOTE, WARNING, Report, show
from .model import Block, Guide
from .pack import Pack
from .reader import read_guide


def _lang_versions(catalog: Catalog, pack: Pack, report: Report) -> dict[str, list[Path]]:
    """The guide files of the pack in each language of its title (English at least)."""
    langs = sorted(pack.titles) or ["en"]
    found: dict[str, list[Path]] = {}
    for lang in langs:
        paths = []
        for key in pack.guides:
            versions = catalog.entries.get(key, {})
            if not versions:
                report.add(
                    pack.path or pack.key,
                    pack.line,
                    ERROR,
                    f"guides: no guide with the translationKey {key!r}",
                )
                continue
            if lang not in versions:
                report.add(
                    pack.path or pack.key,
                    pack.line,
                    WARNING,
                    f"guides: {key!r} has no {lang} version (the {lang} dossier prints "
                    "another language's)",
                )
                continue
            paths.append(versions[lang].path)
        found[lang] = paths
    return found


def _numbers(text: str) -> set[str]:
    """The numbers a text gives (3 months, €615, form 2043): where two texts of one document
    give different ones, the reader of the pack would see only one of them."""
    return set(re.findall(r"(?<!\w)\d+(?:[.,]\d+)?(?!\w)", text))  # not S1, F17279


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _shared(guides: Sequence[Guide], kind: str) -> dict[str, list[tuple[Guide, Block]]]:
    shared: dict[str, list[tuple[Guide, Block]]] = {}
    for guide in guides:
        for block in guide.steps if kind == "step" else guide.documents:
            if block.key:
                shared.setdefault(block.key, []).append((guide, block))
    return {key: uses for key, uses in shared.items() if len({id(g) for g, _ in uses}) > 1}


def _check_steps(guides: Sequence[Guide], report: Report) -> None:
    for key, uses in _shared(guides, "step").items():
        first_guide, first = uses[0]
        where = f"{show(first_guide.path)}:{first.line}"
        for guide, block in uses[1:]:
            if guide is first_guide:
                continue
            problems = []
            if not same_condition(block.condition, first.condition):
                problems.append(
                    f"condition {shown_condition(block.condition)}"
                    f" (there {shown_condition(first.condition)})"
                )
            if block.deadline != first.deadline:
                problems.append(
                    f"deadline {shown_deadline(block.deadline)}"
                    f" (there {shown_deadline(first.deadline)})"
                )
            if block.phase != first.phase:
                problems.append(f"phase {block.phase or '-'} (there {first.phase or '-'})")
            if problems:
                report.add(
                    guide.path,
                    block.line,
                    ERROR,
                    f"step {key!r} is shown once for the pack, from {where}, but differs here: "
                    + "; ".join(problems),
                )


def _check_documents(guides: Sequence[Guide], report: Report) -> None:
    for key, uses in _shared(guides, "document").items():
        first_guide, first = uses[0]
        where = f"{show(first_guide.path)}:{first.line}"
        for guide, block in uses[1:]:
            if guide is first_guide:
                continue
            if _words(block.text) != _words(first.text):
                mine, theirs = _numbers(block.text), _numbers(first.text)
                contradicts = bool(mine and theirs and mine != theirs)
                said = (
                    f"its numbers differ here ({', '.join(sorted(mine))}; there "
                    f"{', '.join(sorted(theirs))}): say the same in both"
                    if contradicts
                    else f"it reads differently here: {block.text[:80]!r}"
                )
                report.add(
                    guide.path,
                    block.line,
                    WARNING if contradicts else NOTE,
                    f"document {key!r} is printed once for the pack with the text of {where}; "
                    + said,
                )
            if not same_condition(block.condition, first.condition):
                report.add(
                    guide.path,
                    block.line,
                    NOTE,
                    f"document {key!r} has condition {shown_condition(block.condition)} here and "
                    f"{shown_condition(first.condition)} in {where}: it is listed when either"
                    " applies",
                )


def _check_after(guides: Sequence[Guide], report: Report) -> None:
    keys = {block.key: (guide, block) for guide in guides for block in guide.steps if block.key}
    edges: dict[str, set[str]] = {}
    for guide in guides:
        for block in guide.steps:
            for before in block.after:
                if before not in keys:
                    report.add(
                        guide.path,
                        block.line,
                        WARNING,
                        f"after: {before!r} is no step of any guide of the pack",
                    )
                elif block.key:
                    edges.setdefault(block.key, set()).add(before)
    # a cycle: a step that must come after itself, through other steps
    state: dict[str, int] = {}

    def visit(key: str, path: list[str]) -> None:
        state[key] = 1
        for before in sorted(edges.get(key, ())):
            if state.get(before) == 1:
                cycle = [*path[path.index(before) :], before] if before in path else [key, before]
                guide, block = keys[key]
                report.add(
                    guide.path,
                    block.line,
                    ERROR,
                    "after: steps that wait for each other: " + " -> ".join(cycle),
                )
            elif before not in state:
                visit(before, [*path, before])
        state[key] = 2

    for key in sorted(edges):
        if key not in state:
            visit(key, [key])


def check_pack(pack: Pack, catalog: Catalog, report: Report) -> None:
    """The pack-wide findings (each guide is checked on its own by the caller)."""
    report.packs += 1
    for paths in _lang_versions(catalog, pack, report).values():
        guides = []
        for path in paths:
            try:
                guides.append(read_guide(path))
            except UserError:
                continue  # reported by the guide's own check
        _check_steps(guides, report)
        _check_documents(guides, report)
        _check_after(guides, report)


def pack_guide_paths(pack: Pack, catalog: Catalog) -> list[Path]:
    """Every version of every guide the pack names (to check each on its own)."""
    return [
        entry.path
        for key in pack.guides
        for _, entry in sorted(catalog.entries.get(key, {}).items())
    ]
