"""What page 1 says and where each QR code goes, computed from a Dossier (no printed words).

* :func:`timeline`: the dossier's steps by period (before or on arrival, first weeks, within 3
  months, later), from each step's ``phase:`` directive, else from its deadline, else from the
  step before it;
* :func:`next_actions`: the steps to do first, in order, with the first dated deadline always
  among them (page 1 of a dossier with an arrival date shows its first date);
* :class:`QrPlan`: one QR code per distinct link, drawn where the link is first printed; every
  later mention refers back to that place ("QR code at step 3");
* :func:`short_title` and :func:`url_words`: a step in a few words, a URL as printed under its
  code (no scheme, break points after ``/``).

The template puts all of it into words (:mod:`paperasse.i18n`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..dossier import Item
from ..guide.directives import PHASES
from ..guide.model import Link
from .qr import fits_qr

#: A deadline of at most this many days from arrival falls in "first weeks" (without phase:).
FIRST_WEEKS_DAYS = 45
#: ... and of at most this many in "within 3 months"; later ones are "later".
FIRST_MONTHS_DAYS = 93
#: How many steps "Start here" lists (the first dated step is added when it is further on).
NEXT_ACTIONS = 4
#: A step's short title is cut at about this many characters (at a word boundary).
SHORT_TITLE_CHARS = 72

#: A longer address is printed under its code as its host, "…" and its last part (the code
#: holds the whole address).
URL_CHARS = 40
#: ... and a last part longer than this is cut too ("ne-etranger-demander-…").
LAST_PART_CHARS = 22

_UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30.5}


def step_number(item: Item, index: int) -> int:
    """The number printed before a step: the dossier's own numbering when it has one (packs
    number steps across guides), else the step's position (1-based) in the dossier."""
    number = getattr(item, "number", 0)
    return number if isinstance(number, int) and number > 0 else index


def _phase(item: Item) -> str | None:
    phase = getattr(item, "phase", None) or item.block.phase
    return phase if phase in PHASES else None


def period_of_deadline(item: Item, arrival: dt.date | None) -> str | None:
    """The period a deadline falls in, counted from arrival; None without a deadline."""
    if item.deadline is None:
        return None
    if item.due is not None and arrival is not None:
        days = (item.due - arrival).days
    else:
        days = int(item.deadline.amount * _UNIT_DAYS[item.deadline.unit])
    if days <= 0:
        return PHASES[0]
    if days <= FIRST_WEEKS_DAYS:
        return PHASES[1]
    if days <= FIRST_MONTHS_DAYS:
        return PHASES[2]
    return PHASES[3]


@dataclass(frozen=True)
class Entry:
    """One step on page 1: its printed number, the step, whether its deadline has passed."""

    number: int
    item: Item
    overdue: bool = False

    @property
    def due(self) -> dt.date | None:
        return self.item.due


@dataclass(frozen=True)
class Period:
    key: str  # one of PHASES
    entries: tuple[Entry, ...]


def _entries(steps: Sequence[Item], today: dt.date | None) -> list[Entry]:
    return [
        Entry(
            step_number(item, index),
            item,
            overdue=today is not None and item.due is not None and item.due < today,
        )
        for index, item in enumerate(steps, 1)
    ]


def timeline(
    steps: Sequence[Item], arrival: dt.date | None, today: dt.date | None = None
) -> tuple[Period, ...]:
    """The steps by period, in dossier order inside each period; empty periods left out.

    A step's period is its ``phase:``; else the period its deadline falls in; else the period
    of the step before it (the first step: the first weeks)."""
    periods: dict[str, list[Entry]] = {phase: [] for phase in PHASES}
    previous = PHASES[1]
    for entry in _entries(steps, today):
        period = _phase(entry.item) or period_of_deadline(entry.item, arrival) or previous
        periods[period].append(entry)
        previous = period
    return tuple(Period(key, tuple(found)) for key, found in periods.items() if found)


def next_actions(
    steps: Sequence[Item], today: dt.date | None = None, count: int = NEXT_ACTIONS
) -> tuple[Entry, ...]:
    """The first ``count`` steps in dossier order (which is the person's order), plus the
    step with the earliest date if it comes later: the first deadline is always on page 1."""
    entries = _entries(steps, today)
    chosen = entries[:count]
    dated = [entry for entry in entries if entry.due is not None]
    if dated:
        first = min(dated, key=lambda entry: (entry.due, entry.number))
        if first not in chosen:
            chosen.append(first)
    return tuple(chosen)


def first_due(steps: Sequence[Item]) -> Item | None:
    """The step whose deadline falls first (None if no step has a date)."""
    dated = [item for item in steps if item.due is not None]
    return min(dated, key=lambda item: item.due) if dated else None  # type: ignore[arg-type,return-value]


_CUT = re.compile(r"(?::\s|;\s|\.\s|\s\(|\s—\s|\s–\s|\.$)")


def short_title(text: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A step in a few words: its text up to the first colon, semicolon, full stop or
    parenthesis, cut at a word boundary near ``limit`` characters (with "…"), never inside a
    word (an address such as ``etudiant-etranger.ameli.fr`` stays whole): a long last word is
    kept when it ends within half as many characters again, else the title ends before it."""
    text = " ".join(text.split())
    match = _CUT.search(text, 12)
    if match:
        text = text[: match.start()]
    text = text.rstrip(" ,.;:")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut <= limit // 2:  # a long word ends the title: keep it whole if it ends soon after
        end = text.find(" ", limit)
        end = len(text) if end < 0 else end
        if end <= limit + limit // 2 or cut <= 0:
            cut = end
    if cut >= len(text):
        return text
    return text[:cut].rstrip(" ,;:") + "…"


#: The break point url_words puts in an address: a zero-width space, not a ``<wbr>`` element
#: (each element splits the caption into inline boxes that WeasyPrint's line breaking walks
#: again and again: the 16 captions of a dossier cost about a fifth of its layout with them).
BREAK = "\u200b"


#: A step opening with a short clause of when ("Within 3 months of arrival, ...") is named on
#: page 1 by what follows it: the timeline and the dates already say when.
_LEAD_CLAUSE = re.compile(r"([^,:;()]{3,48}),\s+(?=\S.{19,})")


def action_title(text: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A step as page 1 names it: :func:`short_title` of its text without an opening clause
    of at most 48 characters before a comma ("Once enrolled, register on..." -> "Register
    on...")."""
    text = " ".join(text.split())
    match = _LEAD_CLAUSE.match(text)
    if match:
        rest = text[match.end() :]
        text = rest[:1].upper() + rest[1:]
    return short_title(text, limit)


def url_words(url: str) -> Markup:
    """A URL as printed under its QR code: no ``https://``, no ``www.``, no final ``/``, the
    middle of a long path left out (``ameli.fr/…/ne-etranger-demander-numero``), a break
    point (:data:`BREAK`) after each ``/`` (and after ``-``, ``.``, ``?``... only in a long
    part), so that a wrapped address never leaves one letter on a line."""
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.I).rstrip("/")
    parts = shown.split("/")
    if len(shown) > URL_CHARS and len(parts) > 2:  # the host and the page's own name
        last = parts[-1] if len(parts[-1]) <= LAST_PART_CHARS else parts[-1][:LAST_PART_CHARS] + "…"
        parts = [parts[0], "…", last]
    out = []
    for part in parts:
        pieces = re.split(r"(?<=[-_.?&=])", part) if len(part) > 18 else [part]
        out.append(Markup(BREAK).join(escape(piece) for piece in pieces))
    return Markup("/" + BREAK).join(out)


@dataclass(frozen=True)
class Place:
    """Where a QR code is drawn: a step (``number``), or a part of the dossier."""

    part: str  # "intro", "step", "document", "notes", "providers", "details", "sources"
    number: int = 0


@dataclass
class QrPlan:
    """The place of each distinct web link's one QR code: the first place that prints it."""

    homes: dict[str, Place] = field(default_factory=dict)
    #: Links too long for a QR code: the place that prints their address instead.
    uncoded: dict[str, Place] = field(default_factory=dict)

    def add(self, place: Place, links: Iterable[Link]) -> None:
        for link in links:
            if is_web(link.url):
                found = self.homes if fits_qr(link.url) else self.uncoded
                found.setdefault(link.url, place)

    def uncoded_at(self, links: Iterable[Link], place: Place) -> list[Link]:
        """The links of ``links`` too long for a code whose address is printed at ``place``."""
        seen: dict[str, Link] = {}
        for link in links:
            if self.uncoded.get(link.url) == place:
                seen.setdefault(link.url, link)
        return list(seen.values())

    def draws(self, url: str, place: Place) -> bool:
        """Whether the code of ``url`` is drawn at ``place`` (its first place)."""
        return self.homes.get(url) == place

    def home(self, url: str) -> Place | None:
        return self.homes.get(url)

    def drawn_at(self, links: Iterable[Link], place: Place) -> list[Link]:
        """The links of ``links`` whose code is drawn at ``place``, each URL once."""
        seen: dict[str, Link] = {}
        for link in links:
            if self.draws(link.url, place):
                seen.setdefault(link.url, link)
        return list(seen.values())

    def elsewhere(self, links: Iterable[Link], place: Place) -> list[Place]:
        """The other places where the codes of ``links`` are drawn, each once, in order."""
        found: list[Place] = []
        for link in links:
            home = self.homes.get(link.url)
            if home is not None and home != place and home not in found:
                found.append(home)
        return found

    def codes(self) -> int:
        return len(self.homes)


def is_web(url: str) -> bool:
    return bool(re.match(r"^https?://", url, re.I))


def qr_plan(
    intro: Sequence[Item],
    steps: Sequence[Item],
    procedure_notes: Sequence[Item],
    documents: Sequence[Item],
    documents_notes: Sequence[Item],
    provider_links: Sequence[Link],
    details: Sequence[Item],
    sources: Sequence[Link],
    extra: Sequence[Item] = (),
) -> QrPlan:
    """Every link's home, in the order the template prints the parts: the steps (the codes sit
    beside what to do), the documents, the background ("About this procedure"), providers,
    details and sources."""
    plan = QrPlan()
    for index, item in enumerate(steps, 1):
        plan.add(Place("step", step_number(item, index)), item.links)
    for item in procedure_notes:
        plan.add(Place("notes"), item.links)
    for index, item in enumerate(documents, 1):
        plan.add(Place("document", index), item.links)
    for item in documents_notes:
        plan.add(Place("notes"), item.links)
    for item in intro:
        plan.add(Place("intro"), item.links)
    plan.add(Place("providers"), provider_links)
    for item in details:
        plan.add(Place("details"), item.links)
    for item in extra:  # parts the reader kept under their own heading: as "details"
        plan.add(Place("details"), item.links)
    plan.add(Place("sources"), sources)
    return plan
