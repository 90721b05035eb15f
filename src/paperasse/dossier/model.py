"""The dossier's model: :class:`Dossier`, its :class:`Section` s (one a guide), its
:class:`Item` s and what was left out (:class:`Excluded`); no printed words, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..conditions import Condition
from ..guide import Block, Deadline, Guide, Link, Provider
from ..inputs.profile import Profile

if TYPE_CHECKING:
    from ..guide.pack import Pack


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
    def _joined(self, part: str) -> tuple[Any, ...]:
        """Each section's ``part`` (``intro``, ``details``...) in turn, as one tuple."""
        return tuple(x for section in self.sections for x in getattr(section, part))

    @property
    def intro(self) -> tuple[Item, ...]:
        return self._joined("intro")

    @property
    def procedure_notes(self) -> tuple[Item, ...]:
        return self._joined("procedure_notes")

    @property
    def documents_notes(self) -> tuple[Item, ...]:
        return self._joined("documents_notes")

    @property
    def providers(self) -> tuple[Provider, ...]:
        return self._joined("providers")

    @property
    def providers_notes(self) -> tuple[Item, ...]:
        return self._joined("providers_notes")

    @property
    def details(self) -> tuple[Item, ...]:
        return self._joined("details")

    @property
    def extra(self) -> tuple[tuple[str, tuple[Item, ...]], ...]:
        """The sections' parts the template does not know, (heading, items), in order."""
        return self._joined("extra")

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
