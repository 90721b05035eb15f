"""select(guide, profile) -> Dossier: exactly what the person will see, with no I/O.

Everything after this (terminal explanation, HTML, PDF) is presentation of the same Dossier.
The Dossier holds no printed words of its own: deadlines are dates (and durations), put into
words by :mod:`paperasse.i18n` when the dossier is presented.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace

from .conditions import Condition
from .guide import Block, Deadline, Guide, Link, Provider
from .inputs.profile import Profile


@dataclass(frozen=True)
class Item:
    """One applicable step, document or paragraph, ready to print; ``due`` is the date its
    deadline falls on (None without a deadline or without an arrival date)."""

    block: Block
    due: dt.date | None = None

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


@dataclass(frozen=True)
class Excluded:
    """A part of the guide left out, and the condition that excluded it."""

    part: str  # "steps", "documents", "intro", "details", ...
    block: Block | Provider


@dataclass(frozen=True)
class Dossier:
    guide: Guide
    profile: Profile
    lang: str
    intro: tuple[Item, ...]
    steps: tuple[Item, ...]
    procedure_notes: tuple[Item, ...]
    documents: tuple[Item, ...]
    documents_notes: tuple[Item, ...]
    providers: tuple[Provider, ...]
    providers_notes: tuple[Item, ...]
    details: tuple[Item, ...]
    excluded: tuple[Excluded, ...]
    sources: tuple[Link, ...] = ()
    notices: tuple[str, ...] = field(default=())

    def links(self) -> list[Link]:
        """Every distinct web link the reader will see, in reading order."""
        seen: dict[str, Link] = {}
        for part in (self.intro, self.steps, self.procedure_notes, self.documents,
                     self.documents_notes, self.details):
            for item in part:
                for link in item.links:
                    seen.setdefault(link.url, link)
        for provider in self.providers:
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


def select(guide: Guide, profile: Profile, notices: tuple[str, ...] = ()) -> Dossier:
    """The dossier of ``profile`` for ``guide``: the applicable parts, in the guide's order."""
    tags = profile.tags()
    lang = profile.language
    excluded: list[Excluded] = []

    def keep(part: str, blocks: tuple[Block, ...]) -> tuple[Item, ...]:
        items = []
        for block in blocks:
            if block.condition is not None and not block.condition.applies(tags):
                excluded.append(Excluded(part, block))
                continue
            due = None
            if block.deadline is not None and profile.arrival_date is not None:
                due = add_deadline(profile.arrival_date, block.deadline)
            items.append(Item(block, due))
        return tuple(items)

    providers = []
    for provider in guide.providers:
        if provider.condition is not None and not provider.condition.applies(tags):
            excluded.append(Excluded("providers", provider))
        else:
            providers.append(provider)

    dossier = Dossier(
        guide=guide,
        profile=profile,
        lang=lang,
        intro=keep("intro", guide.intro),
        steps=keep("steps", guide.steps),
        procedure_notes=keep("procedure_notes", guide.procedure_notes),
        documents=keep("documents", guide.documents),
        documents_notes=keep("documents_notes", guide.documents_notes),
        providers=tuple(providers),
        providers_notes=keep("providers_notes", guide.providers_notes),
        details=keep("details", guide.details),
        excluded=tuple(excluded),
        notices=notices,
    )
    # A source linked only from parts left out concerns other profiles: leave it out too.
    shown = {link.url for link in dossier.links()}
    hidden = {link.url for e in excluded if isinstance(e.block, Block) for link in e.block.links}
    hidden |= {e.block.website.url for e in excluded
               if isinstance(e.block, Provider) and e.block.website}
    sources = tuple(s for s in guide.sources if s.url in shown or s.url not in hidden)
    return replace(dossier, sources=sources)
