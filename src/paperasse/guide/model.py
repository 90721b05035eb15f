"""What a guide is once read: plain frozen data, no parsing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..conditions import Condition


@dataclass(frozen=True)
class Link:
    """An outgoing link found in the guide. Only http(s) links become links and QR codes."""

    url: str
    text: str


@dataclass(frozen=True)
class Deadline:
    """``<!-- deadline: 3 months -->``: a time limit counted from the arrival date."""

    amount: int
    unit: str  # "days" | "weeks" | "months"


@dataclass(frozen=True)
class Block:
    """One piece of content: a step, a document, a paragraph, a sub-heading.

    ``html`` is already sanitised (rendered by us from Markdown with raw HTML escaped, unsafe
    link schemes dropped, images reduced to their alt text) and safe to mark as Markup.
    """

    kind: str  # "step" | "document" | "paragraph" | "heading" | "list" | "table"
    html: str
    text: str  # plain text (no markup), for the terminal and for matching across translations
    line: int  # 1-based line in the guide file (front matter included)
    condition: Condition | None = None
    links: tuple[Link, ...] = ()
    deadline: Deadline | None = None
    key: str | None = None
    phase: str | None = None  # a step's period on the timeline (see directives.PHASES)
    after: tuple[str, ...] = ()  # keys of the steps this step comes after (maybe other guides')
    lead_in: bool = False  # a note that introduces the list after it ("You will need:")


@dataclass(frozen=True)
class Remark:
    """Something the reader read as the author meant but not as the template writes it (e.g.
    documents written with a ``•``), or left out (an undated ``date``). ``paperasse check``
    reports every remark; ``build`` tells the ones marked ``in_build``."""

    kind: str  # "date" | "bullets" | "paragraphs" | "section" | "related" | "link"
    line: int  # 1-based line in the guide file
    message: str
    in_build: bool = False


@dataclass(frozen=True)
class Number:
    """A number or address the person writes down in the dossier's "my numbers" box (front
    matter ``numbers:``), shown only to the profiles its ``when`` condition selects."""

    label: str
    condition: Condition | None = None


@dataclass(frozen=True)
class Provider:
    name: str
    website: Link | None
    timelines: str
    cost: str
    line: int
    condition: Condition | None = None


@dataclass(frozen=True)
class Guide:
    path: Path
    lang: str  # from the front matter ``lang`` if any, else the folder <lang>/<country>/<slug>.md
    country: str
    slug: str
    translation_key: str  # front matter translationKey, else "<country>-<slug>"
    title: str
    description: str  # the front matter description ("" if none)
    author: str
    date: dt.date | None  # front matter date
    last_checked: dt.date | None  # front matter ``last_checked`` (facts reviewed on)
    sources: tuple[Link, ...]  # front matter ``sources``: list of {title, url} or plain urls
    meta: dict  # the whole front matter, as read
    headings: dict[str, str]  # part -> heading as written: "description", "procedure", ...
    intro: tuple[Block, ...]  # the Description part: paragraphs and its sub-headings
    steps: tuple[Block, ...]  # the numbered list of the Procedure part, in order
    documents: tuple[Block, ...]  # the bulleted list of the Documents part
    documents_notes: tuple[Block, ...]  # paragraphs around that list
    procedure_notes: tuple[Block, ...]  # paragraphs around the steps
    providers: tuple[Provider, ...]
    providers_notes: tuple[Block, ...]  # e.g. the "we are curating" note
    details: tuple[Block, ...]  # the Additional details part
    extra: dict[str, tuple[Block, ...]] = field(default_factory=dict)  # unknown parts, by heading
    remarks: tuple[Remark, ...] = ()  # what check reports (and build tells, see Remark)
    numbers: tuple[Number, ...] = ()  # front matter ``numbers``: the "my numbers" box
