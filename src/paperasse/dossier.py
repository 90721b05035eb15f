"""select(guides, profile) -> Dossier: exactly what the person will see, with no I/O.

Everything after this (terminal explanation, JSON, HTML, PDF) is presentation of the same Dossier.
The Dossier holds no printed words of its own: deadlines are dates (and durations), put into
words by :mod:`paperasse.i18n` when the dossier is presented.

A dossier is made of one guide or of a pack of guides (:mod:`paperasse.guide.pack`); a single
guide is a pack of one. For a pack:

- each guide keeps its own :class:`Section` (its description, notes, providers, details);
- :attr:`Dossier.steps` is one timeline of every shown step, numbered continuously in the
  person's order (:func:`timeline`); a step whose ``key`` an earlier guide showed is shown once;
- :attr:`Dossier.documents` is one list: each document once, matched across guides by ``key``
  (it applies if any guide's condition applies; its text comes from the first such guide).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .conditions import Condition
from .guide import PHASES, Block, Deadline, Guide, Link, Provider
from .inputs.profile import Profile

if TYPE_CHECKING:
    from .guide.pack import Pack


@dataclass(frozen=True)
class Item:
    """One applicable step, document or paragraph, ready to print; ``due`` is the date its
    deadline falls on (None without a deadline or without an arrival date).

    ``guide`` is the translationKey of the guide it comes from; a step's ``number`` is its place
    on the dossier's timeline (1-based; 0 for the other parts); a document's ``guides`` are the
    guides of the pack where it applies and ``needed_for`` the number of each such guide's first
    step on the timeline (when that procedure starts, the document is needed).
    """

    block: Block
    due: dt.date | None = None
    guide: str = ""
    number: int = 0
    phase: str | None = None  # the block's phase, or the one of the guide's previous step
    guides: tuple[str, ...] = ()
    needed_for: tuple[int, ...] = ()

    @property
    def html(self) -> str:
        return self.block.html

    @property
    def text(self) -> str:
        return self.block.text

    @property
    def links(self) -> tuple[Link, ...]:
        return self.block.links

    @property
    def deadline(self) -> Deadline | None:
        return self.block.deadline

    @property
    def condition(self) -> Condition | None:
        return self.block.condition

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def key(self) -> str | None:
        return self.block.key


@dataclass(frozen=True)
class Excluded:
    """A part of the guide left out, and the condition that excluded it."""

    part: str  # "steps", "documents", "intro", "details", ...
    block: Block | Provider
    guide: str = ""  # the translationKey of the guide it comes from


@dataclass(frozen=True)
class Section:
    """What one guide of the dossier contributes, for its own part of the dossier.

    ``steps`` are its steps first shown here (with their timeline numbers), ``repeated`` its
    steps whose key an earlier guide already showed (the earlier guide's item, so its number),
    ``documents`` its own applicable documents, before the pack's documents are merged.
    """

    guide: Guide
    intro: tuple[Item, ...] = ()
    steps: tuple[Item, ...] = ()
    repeated: tuple[Item, ...] = ()
    procedure_notes: tuple[Item, ...] = ()
    documents: tuple[Item, ...] = ()
    documents_notes: tuple[Item, ...] = ()
    providers: tuple[Provider, ...] = ()
    providers_notes: tuple[Item, ...] = ()
    details: tuple[Item, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    sources: tuple[Link, ...] = ()
    #: the guide's sections the template does not know, (heading, applicable items), in order
    extra: tuple[tuple[str, tuple[Item, ...]], ...] = ()

    @property
    def key(self) -> str:
        return self.guide.translation_key

    @property
    def title(self) -> str:
        return self.guide.title

    def step_numbers(self) -> tuple[int, ...]:
        """The timeline numbers of this guide's shown steps (its own and repeated), sorted."""
        return tuple(sorted({item.number for item in (*self.steps, *self.repeated)}))

    def links(self) -> list[Link]:
        """The distinct web links of this section's own parts, in reading order."""
        parts = (
            self.intro,
            self.steps,
            self.procedure_notes,
            self.documents,
            self.documents_notes,
            self.details,
            *(items for _, items in self.extra),
        )
        return _distinct_links(parts, self.providers)


@dataclass(frozen=True)
class Dossier:
    profile: Profile
    lang: str
    sections: tuple[Section, ...]
    steps: tuple[Item, ...]  # the timeline: every shown step once, number == position
    documents: tuple[Item, ...]  # one list: each document once (merged by key)
    excluded: tuple[Excluded, ...] = ()
    sources: tuple[Link, ...] = ()
    notices: tuple[str, ...] = field(default=())
    pack: Pack | None = None

    @property
    def guide(self) -> Guide:
        """The first guide (the guide of a single-guide dossier)."""
        return self.sections[0].guide

    @property
    def title(self) -> str:
        """The pack's title in the profile's language, else the (first) guide's."""
        if self.pack is not None:
            title = self.pack.title(self.lang)
            if title:
                return title
        return self.guide.title

    @property
    def is_pack(self) -> bool:
        return len(self.sections) > 1

    def section(self, key: str) -> Section:
        """The section of the guide with this translationKey (e.g. an item's ``guide``)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    # The parts of every section, joined (what a single-guide presentation reads).
    @property
    def intro(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.intro)

    @property
    def procedure_notes(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.procedure_notes)

    @property
    def documents_notes(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.documents_notes)

    @property
    def providers(self) -> tuple[Provider, ...]:
        return tuple(p for s in self.sections for p in s.providers)

    @property
    def providers_notes(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.providers_notes)

    @property
    def details(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.details)

    @property
    def extra(self) -> tuple[tuple[str, tuple[Item, ...]], ...]:
        """The sections' parts the template does not know, (heading, items), in order."""
        return tuple(part for s in self.sections for part in s.extra)

    @property
    def first_due(self) -> Item | None:
        """The step whose deadline falls first (None when no step has a dated deadline)."""
        dated = [item for item in self.steps if item.due is not None]
        return min(dated, key=lambda item: (item.due, item.number)) if dated else None

    def links(self) -> list[Link]:
        """Every distinct web link the reader will see, in reading order: the timeline, the
        documents, then each section's notes, details and providers."""
        parts: list[Iterable[Item]] = [
            self.intro,
            self.steps,
            self.procedure_notes,
            self.documents,
            self.documents_notes,
            self.details,
        ]
        return _distinct_links(parts, self.providers)


def _distinct_links(parts: Iterable[Iterable[Item]], providers: Iterable[Provider]) -> list[Link]:
    seen: dict[str, Link] = {}
    for part in parts:
        for item in part:
            for link in item.links:
                seen.setdefault(link.url, link)
    for provider in providers:
        if provider.website:
            seen.setdefault(provider.website.url, provider.website)
    return list(seen.values())


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


def select(guide: Guide, profile: Profile, notices: tuple[str, ...] = ()) -> Dossier:
    """The dossier of ``profile`` for one ``guide``: the applicable parts, in the guide's order."""
    return select_pack((guide,), profile, notices)


def select_pack(
    guides: Sequence[Guide],
    profile: Profile,
    notices: tuple[str, ...] = (),
    pack: Pack | None = None,
) -> Dossier:
    """The dossier of ``profile`` for ``guides`` (a pack's, in its order): one section per
    guide, one timeline of steps, one list of documents (see the module's description)."""
    if not guides:
        raise ValueError("a dossier needs at least one guide")
    tags = profile.tags()
    sections = [_section(guide, profile, tags) for guide in guides]

    # A step whose key an earlier guide shows is shown once, the first time.
    first_of: dict[str, tuple[int, int]] = {}
    own: list[list[Item]] = []
    repeated_at: list[list[tuple[int, int]]] = []
    chains: list[list[tuple[int, int]]] = []  # each guide's steps in its order, repeated included
    for s, section in enumerate(sections):
        kept: list[Item] = []
        again: list[tuple[int, int]] = []
        chain: list[tuple[int, int]] = []
        for item in section.steps:
            where = first_of.get(item.key) if item.key else None
            if where is not None and where[0] != s:
                again.append(where)
                chain.append(where)
                continue
            if item.key:
                first_of.setdefault(item.key, (s, len(kept)))
            chain.append((s, len(kept)))
            kept.append(item)
        own.append(kept)
        repeated_at.append(again)
        chains.append(chain)

    order = timeline(own, chains)
    number = {where: n for n, where in enumerate(order, 1)}
    numbered = [
        [replace(item, number=number[(s, i)]) for i, item in enumerate(items)]
        for s, items in enumerate(own)
    ]
    steps = tuple(numbered[s][i] for s, i in order)
    sections = [
        replace(
            section,
            steps=tuple(numbered[s]),
            repeated=tuple(numbered[a][b] for a, b in repeated_at[s]),
        )
        for s, section in enumerate(sections)
    ]

    documents = _merge_documents(sections)
    shown_steps = {item.key for item in steps if item.key}
    shown_documents = {item.key for item in documents if item.key}
    excluded: list[Excluded] = []
    seen_excluded: set[tuple[str, str]] = set()
    for section in sections:
        for ex in section.excluded:
            key = ex.block.key if isinstance(ex.block, Block) else None
            if key and len(sections) > 1:
                shown = shown_steps if ex.part == "steps" else shown_documents
                if key in shown or (ex.part, key) in seen_excluded:
                    continue  # shown through another guide, or already listed
                seen_excluded.add((ex.part, key))
            excluded.append(ex)
    sources: dict[str, Link] = {}
    for section in sections:
        for link in section.sources:
            sources.setdefault(link.url, link)
    return Dossier(
        profile=profile,
        lang=profile.language,
        sections=tuple(sections),
        steps=steps,
        documents=documents,
        excluded=tuple(excluded),
        sources=tuple(sources.values()),
        notices=notices,
        pack=pack,
    )


def _section(guide: Guide, profile: Profile, tags: frozenset[str]) -> Section:
    """One guide's applicable parts, in its order (steps not numbered yet)."""
    excluded: list[Excluded] = []
    key = guide.translation_key

    def keep(part: str, blocks: tuple[Block, ...]) -> tuple[Item, ...]:
        items = []
        phase = None
        for block in blocks:
            phase = block.phase or phase
            if block.condition is not None and not block.condition.applies(tags):
                excluded.append(Excluded(part, block, key))
                continue
            due = None
            if block.deadline is not None and profile.arrival_date is not None:
                due = add_deadline(profile.arrival_date, block.deadline)
            items.append(Item(block, due, guide=key, phase=phase if part == "steps" else None))
        return tuple(items)

    providers = []
    for provider in guide.providers:
        if provider.condition is not None and not provider.condition.applies(tags):
            excluded.append(Excluded("providers", provider, key))
        else:
            providers.append(provider)

    section = Section(
        guide=guide,
        intro=keep("intro", guide.intro),
        steps=keep("steps", guide.steps),
        procedure_notes=keep("procedure_notes", guide.procedure_notes),
        documents=keep("documents", guide.documents),
        documents_notes=keep("documents_notes", guide.documents_notes),
        providers=tuple(providers),
        providers_notes=keep("providers_notes", guide.providers_notes),
        details=keep("details", guide.details),
    )
    extra = tuple((heading, keep("extra", blocks)) for heading, blocks in guide.extra.items())
    section = replace(section, extra=tuple((h, items) for h, items in extra if items))
    # A source linked only from parts left out concerns other profiles: leave it out too.
    shown = {link.url for link in section.links()}
    hidden = {link.url for e in excluded if isinstance(e.block, Block) for link in e.block.links}
    hidden |= {
        e.block.website.url for e in excluded if isinstance(e.block, Provider) and e.block.website
    }
    sources = tuple(s for s in guide.sources if s.url in shown or s.url not in hidden)
    return replace(section, excluded=tuple(excluded), sources=sources)


def _phase_rank(phase: str | None) -> int:
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
            if previous != step and _phase_rank(item(previous).phase) == _phase_rank(
                item(step).phase
            ):
                before[step].add(previous)

    def rank(step: tuple[int, int]) -> tuple[int, float, int, int]:
        return (_phase_rank(item(step).phase), deadline_days(item(step).deadline), *step)

    waiting = sorted(before, key=rank)
    placed: set[tuple[int, int]] = set()
    order: list[tuple[int, int]] = []
    while waiting:
        step = next((s for s in waiting if before[s] <= placed), waiting[0])
        waiting.remove(step)
        placed.add(step)
        order.append(step)
    return order


def _merge_documents(sections: Sequence[Section]) -> tuple[Item, ...]:
    """One list of documents for the whole dossier: a document with a key that an earlier guide
    already lists is merged into it (its guide added), else kept as is. Its ``needed_for`` is,
    for each guide where it applies, the first step of that guide on the timeline: when that
    procedure starts, have the document at hand."""
    merged: list[Item] = []
    index: dict[str, int] = {}
    first = {section.key: section.step_numbers()[:1] for section in sections}
    for section in sections:
        for item in section.documents:
            at = index.get(item.key) if item.key else None
            if at is not None and merged[at].guide != section.key:
                if section.key not in merged[at].guides:
                    merged[at] = replace(merged[at], guides=(*merged[at].guides, section.key))
                continue
            if item.key and item.key not in index:
                index[item.key] = len(merged)
            merged.append(replace(item, guides=(section.key,)))
    return tuple(
        replace(item, needed_for=tuple(sorted({n for g in item.guides for n in first[g]})))
        for item in merged
    )
