"""The cover of a ``--merge`` pack: the agency, then an index of the clients (name, status, first
deadline, the page their dossier starts on), in the language most of the pack's dossiers use.

The index's page numbers count the cover itself: the cover is rendered, its pages counted, and
rendered again if it took more than one page (a long batch).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import format_date, labels_for
from .html import environment, language_css, stylesheet_text
from .options import RenderOptions

TEMPLATE = "cover.html.j2"


@dataclass(frozen=True)
class CoverRow:
    """One client of the pack."""

    name: str
    status: str  # "worker" | "student"
    lang: str
    first_due: dt.date | None  # the earliest deadline of the dossier (None: no date)
    pages: int  # the dossier's page count


def cover_language(rows: Sequence[CoverRow]) -> str:
    """The language most of the pack's dossiers use (the first one's on a tie)."""
    counts = Counter(row.lang for row in rows)
    return max(counts, key=lambda lang: (counts[lang], -[r.lang for r in rows].index(lang)))


def cover_html(rows: Sequence[CoverRow], options: RenderOptions, cover_pages: int = 1) -> str:
    """The cover as HTML; each client's first page counts ``cover_pages`` pages of cover."""
    lang = cover_language(rows)
    labels = labels_for(lang)
    starts, page = [], cover_pages + 1
    for row in rows:
        starts.append(page)
        page += row.pages
    entries = [
        {
            "name": row.name,
            "status": labels[f"status_{row.status}"],
            "first_due": format_date(row.first_due, lang) if row.first_due else labels["none"],
            "overdue": bool(options.date and row.first_due and row.first_due < options.date),
            "page": start,
        }
        for row, start in zip(rows, starts, strict=True)
    ]
    template = environment().get_template(TEMPLATE)
    return template.render(
        lang=lang,
        labels=labels,
        brand=options.brand,
        entries=entries,
        prepared=format_date(options.date, lang) if options.date else None,
        lang_css=language_css(lang),
        css=stylesheet_text() if options.inline_css else None,
    )


def render_cover(rows: Sequence[CoverRow], options: RenderOptions) -> bytes:
    """The cover as tagged PDF bytes (with its page numbers right however long the index)."""
    from .pdf import PdfRenderer

    renderer = PdfRenderer()
    data = renderer.render(cover_html(rows, options))
    pages = _page_count(data)
    if pages > 1:
        data = renderer.render(cover_html(rows, options, cover_pages=pages))
    return data


def _page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
