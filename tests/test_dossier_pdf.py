"""The printed dossier (issue 11), read from real PDFs: its page count, the first deadline on
page 1, each QR code decoded once, no page holding only a heading or nearly empty (but the
last), the text fields of --fillable. The fast checks of the same layout: test_dossier_layout."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter

import pypdf
import pytest

from conftest import bundled_dossier
from paperasse import i18n
from paperasse.build import Builder
from paperasse.inputs.brand import Brand
from paperasse.render.options import RenderOptions
from pdfread import pdf_pages_text, pdf_qr_codes

pytestmark = pytest.mark.slow

#: The four example profiles (examples/), with the arrival date they have there.
EXAMPLES = {
    "eu-worker": {"citizenship": "PL", "status": "worker", "arrival_date": "2026-12-01"},
    "eu-student": {"citizenship": "DE", "status": "student"},
    "non-eu-worker": {"citizenship": "BR", "status": "worker", "arrival_date": "2027-01-15"},
    "non-eu-student": {"citizenship": "VN", "status": "student", "arrival_date": "2026-09-01"},
}
#: The most pages a dossier of the bundled guide takes (README, "What a dossier looks like").
MAX_PAGES = 5
BRAND = Brand(name="Example Relocation", contact="+33 1 23 45 67 89")


def pdf_of(stem: str, lang: str, options: RenderOptions) -> bytes:
    dossier = bundled_dossier(language=lang, **EXAMPLES[stem])
    return Builder(options=options).render(dossier)


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str, bool], bytes]:
    """Each example in both languages; the French ones branded (an agency's copy)."""
    return {
        (stem, lang, lang == "fr"): pdf_of(
            stem, lang, RenderOptions(brand=BRAND if lang == "fr" else None)
        )
        for stem in EXAMPLES
        for lang in ("en", "fr")
    }


def _headings(lang: str) -> list[str]:
    labels = i18n.labels_for(lang)
    return [
        labels[k]
        for k in ("start_here", "steps", "documents", "about", "providers", "details", "sources")
    ]


def test_page_counts(pdfs: dict) -> None:
    counts = {key: len(pdf_pages_text(data)) for key, data in pdfs.items()}
    assert max(counts.values()) <= MAX_PAGES, counts


def test_the_first_deadline_is_on_page_one(pdfs: dict) -> None:
    for (stem, lang, _), data in pdfs.items():
        dossier = bundled_dossier(language=lang, **EXAMPLES[stem])
        dated = [item.due for item in dossier.steps if item.due is not None]
        if not dated:
            continue
        first = i18n.format_date(min(dated), lang)
        page_one = " ".join(pdf_pages_text(data)[0].split())
        assert first in page_one, (stem, lang)


def test_no_page_ends_on_a_heading_and_none_is_nearly_empty(pdfs: dict) -> None:
    for key, data in pdfs.items():
        pages = pdf_pages_text(data)
        headings = _headings(key[1])
        for number, text in enumerate(pages, 1):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            # the last lines are the footer (brand, page number); before them, the content
            body = [line for line in lines if not re.match(r"^(Page|Example Relocation)", line)]
            assert body, (key, number)
            assert body[-1] not in headings, (key, number, body[-1])
            if number < len(pages):
                assert len(" ".join(body)) > 1200, (key, number, "nearly empty")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_qr_code_is_decoded_once(lang: str) -> None:
    dossier = bundled_dossier(language=lang, **EXAMPLES["non-eu-student"])
    codes = pdf_qr_codes(Builder().render(dossier))
    assert [url for url, n in Counter(codes).items() if n > 1] == []
    links = {link.url for link in dossier.links()} | {s.url for s in dossier.sources}
    assert set(codes) == links


def test_fillable_text_fields_alongside_the_tick_boxes() -> None:
    dossier = bundled_dossier(language="en", **EXAMPLES["non-eu-worker"])
    data = Builder(options=RenderOptions(fillable=True)).render(dossier)
    fields = pypdf.PdfReader(io.BytesIO(data)).get_fields() or {}
    kinds = Counter(str(f.get("/FT")) for f in fields.values())
    done = [name for name in fields if name.startswith("done-")]
    assert len(done) == len(dossier.steps)
    assert len([name for name in fields if name.startswith("number-")]) == 5
    assert kinds["/Tx"] == len(done) + 5
    assert kinds["/Btn"] == len(dossier.steps) + len(dossier.documents)


def test_overdue_in_words_and_the_brand_on_every_page() -> None:
    dossier = bundled_dossier(language="en", **EXAMPLES["non-eu-worker"])
    options = RenderOptions(date=dt.date(2027, 5, 1), brand=BRAND)
    data = Builder(options=options).render(dossier)
    pages = [" ".join(text.split()) for text in pdf_pages_text(data)]
    assert "OVERDUE: the deadline was 15 April 2027" in pages[0]
    assert all("Example Relocation" in page for page in pages)
    meta = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert meta is not None and meta.author == "Example Relocation"
