"""select(guides, profile) -> Dossier: the parts of a guide (or of a pack's guides) that
apply to a profile, deadlines as dates, steps on one timeline, documents once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..guide import Block, Guide, Link, Provider
from ..inputs.profile import Profile
from .model import Dossier, Excluded, Item, Section
from .timeline import add_deadline, timeline

if TYPE_CHECKING:
    from ..guide.pack import Pack


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

    own, repeated_at, chains = _shown_once(sections)
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
    excluded = _left_out(sections, steps, documents)
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
        excluded=excluded,
        sources=tuple(sources.values()),
        notices=notices,
        pack=pack,
    )


Place = tuple[int, int]  # (guide index, step index)


def _shown_once(
    sections: Sequence[Section],
) -> tuple[list[list[Item]], list[list[Place]], list[list[Place]]]:
    """A step whose key an earlier guide shows is shown once, the first time. For each guide:
    the steps it shows itself, where its repeated steps were first shown, and all its steps in
    its order (repeated ones given as the earlier guide's)."""
    first_of: dict[str, Place] = {}
    own: list[list[Item]] = []
    repeated_at: list[list[Place]] = []
    chains: list[list[Place]] = []  # each guide's steps in its order, repeated included
    for s, section in enumerate(sections):
        kept: list[Item] = []
        again: list[Place] = []
        chain: list[Place] = []
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
    return own, repeated_at, chains


def _left_out(
    sections: Sequence[Section], steps: Sequence[Item], documents: Sequence[Item]
) -> tuple[Excluded, ...]:
    """What the guides leave out for this profile; in a pack, a keyed step or document once,
    and not when another guide shows it."""
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
    return tuple(excluded)


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
