"""The printed dossier (issue 11), read from real PDFs: its page count, the first deadline on
page 1, each QR code decoded once, no page holding only a heading or nearly empty (but the
last), the text fields of --fillable. The fast checks of the same layout: test_dossier_layout."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from html import unescape

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from conftest import bundled_dossier
from paperasse import i18n
from paperasse.build import Builder
from paperasse.inputs.brand import Brand
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions
from pdfread import (
    TICK_BOX_PX,
    WRITE_LINE_PX,
    image_placements,
    page_bounds,
    pdf_lowest_lines,
    pdf_pages_text,
    pdf_qr_codes,
    split_page_furniture,
)

pytestmark = pytest.mark.slow

#: The four example profiles (examples/), with the arrival date they have there.
EXAMPLES = {
    "eu-worker": {"citizenship": "PL", "status": "worker", "arrival_date": "2026-12-01"},
    "eu-student": {"citizenship": "DE", "status": "student"},
    "non-eu-worker": {"citizenship": "BR", "status": "worker", "arrival_date": "2027-01-15"},
    "non-eu-student": {"citizenship": "VN", "status": "student", "arrival_date": "2026-09-01"},
}
#: ... and every other situation of the README's page-count table.
SITUATIONS = {
    **EXAMPLES,
    "algerian-student": {"citizenship": "DZ", "status": "student", "arrival_date": "2026-09-01"},
    "algerian-worker": {"citizenship": "DZ", "status": "worker", "arrival_date": "2026-09-01"},
    "posted-eu-worker": {
        "citizenship": "PL",
        "status": "worker",
        "posted": True,
        "arrival_date": "2026-12-01",
    },
    "passeport-talent": {
        "citizenship": "IN",
        "status": "worker",
        "talent": True,
        "arrival_date": "2027-01-15",
    },
    "scholarship": {
        "citizenship": "SN",
        "status": "student",
        "scholarship": True,
        "arrival_date": "2026-09-01",
    },
}
#: The most pages a dossier of the bundled guide takes (README, "What a dossier says").
MAX_PAGES = 3


def _logo() -> bytes:
    """A small PNG logo (a green band): the brand's logo is on every page."""
    out = io.BytesIO()
    Image.new("RGB", (48, 24), "#0b6e4f").save(out, format="PNG")
    return out.getvalue()


BRAND = Brand(
    name="Example Relocation",
    contact="+33 1 23 45 67 89 · hello@example-relocation.test",
    logo_data=_logo(),
    logo_media_type="image/png",
)


def pdf_of(stem: str, lang: str, options: RenderOptions) -> bytes:
    dossier = bundled_dossier(language=lang, name="Nguyễn Văn An", **SITUATIONS[stem])
    return Builder(options=options).render(dossier)


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str, bool], bytes]:
    """Every situation in both languages, plain and branded (an agency's copy)."""
    return {
        (stem, lang, branded): pdf_of(stem, lang, RenderOptions(brand=BRAND if branded else None))
        for stem in SITUATIONS
        for lang in ("en", "fr")
        for branded in (False, True)
    }


def _headings(stem: str, lang: str, branded: bool) -> set[str]:
    """Every heading of the dossier (its parts' and the guide's, h2 and h3), from its HTML."""
    dossier = bundled_dossier(language=lang, name="Nguyễn Văn An", **SITUATIONS[stem])
    html = render_html(dossier, RenderOptions(brand=BRAND if branded else None))
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    return {" ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()) for text in found}


def test_page_counts(pdfs: dict) -> None:
    counts = {key: len(pdf_pages_text(data)) for key, data in pdfs.items()}
    assert max(counts.values()) <= MAX_PAGES, {k: n for k, n in counts.items() if n > MAX_PAGES}


def test_the_steps_start_on_page_one(pdfs: dict) -> None:
    """Page 1 holds Start here and the first steps (WeasyPrint once pushed the whole steps
    part to page 2, leaving half of page 1 blank, for one profile in one language)."""
    for (stem, lang, branded), data in pdfs.items():
        page_one = " ".join(pdf_pages_text(data)[0].split())
        assert i18n.labels_for(lang)["steps"] in page_one, (stem, lang, branded)


def test_the_brand_logo_at_the_foot_of_every_page(pdfs: dict) -> None:
    for (stem, lang, branded), data in pdfs.items():
        if not branded or stem not in EXAMPLES:
            continue
        pdf = pdfium.PdfDocument(data)
        try:
            for number, page in enumerate(pdf, 1):
                height = page.get_height()
                images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
                # the footer's image: below the text area (14 mm margin = 40 pt)
                foot = [i for i in images if page_bounds(i)[3] < 40]
                assert len(foot) == 1, (stem, lang, number, height)
        finally:
            pdf.close()


def test_the_first_deadline_is_on_page_one(pdfs: dict) -> None:
    for (stem, lang, _), data in pdfs.items():
        dossier = bundled_dossier(language=lang, name="Nguyễn Văn An", **SITUATIONS[stem])
        dated = [item.due for item in dossier.steps if item.due is not None]
        if not dated:
            continue
        first = i18n.format_date(min(dated), lang)
        page_one = " ".join(pdf_pages_text(data)[0].split())
        assert first in page_one, (stem, lang)


def test_no_page_ends_on_a_heading_and_none_is_nearly_empty(pdfs: dict) -> None:
    """The lowest line of each page but the last, as a reader sees it, is no heading (a
    student's "Who needs it?" was left alone at the foot of page 2, its paragraph and QR codes
    on page 3), and no page but the last is nearly empty."""
    for key, data in pdfs.items():
        pages = pdf_pages_text(data)
        headings = _headings(*key)
        assert {"Who needs it?", "Qui en a besoin ?"} & headings  # the guide's h3 are read
        lowest = pdf_lowest_lines(data)
        assert all(lowest), (key, lowest)
        for number, last in enumerate(lowest[:-1], 1):
            assert last not in headings, (key, number, last)
        bodies, _furniture = split_page_furniture(pages)
        for number, body in enumerate(bodies[:-1], 1):
            assert len(body) > 1200, (key, number, "nearly empty")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_qr_code_is_decoded_once(lang: str) -> None:
    dossier = bundled_dossier(language=lang, **EXAMPLES["non-eu-student"])
    codes = pdf_qr_codes(Builder().render(dossier))
    assert [url for url, n in Counter(codes).items() if n > 1] == []
    links = {link.url for link in dossier.links()} | {s.url for s in dossier.sources}
    assert set(codes) == links


MM = 72 / 25.4
#: The printed tick boxes' sides (a step's, a document's), in points.
STEP_BOX, DOCUMENT_BOX = 4.9 * MM, 4.3 * MM


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_printed_tick_box_for_each_item_and_a_done_on_line_for_each_step(lang: str) -> None:
    dossier = bundled_dossier(language=lang, **EXAMPLES["non-eu-student"])
    data = Builder().render(dossier)
    boxes = image_placements(data, TICK_BOX_PX)
    steps = [b for b in boxes if abs(b[3] - STEP_BOX) < 0.3]
    documents = [b for b in boxes if abs(b[3] - DOCUMENT_BOX) < 0.3]
    assert len(steps) == len(dossier.steps) and len(documents) == len(dossier.documents)
    assert len(boxes) == len(steps) + len(documents)
    # at the left edge of the text area (the page's 12 mm margin)
    assert all(abs(left - 12 * MM) < 0.5 for _, left, _, _ in boxes)
    # each prints as a box: a dark frame around a white inside (read from the drawn page)
    pdf = pdfium.PdfDocument(data)
    try:
        for number, left, top, side in steps[:3] + documents[:3]:
            scale = 4
            image = pdf[number - 1].render(scale=scale).to_pil().convert("L")
            x0, y0, n = round(left * scale), round(top * scale), round(side * scale)
            centre = image.getpixel((x0 + n // 2, y0 + n // 2))
            mid = n // 2
            edges = [  # the darkest pixel near the middle of each side: top, bottom, left, right
                min(image.getpixel((x0 + mid, y0 + k)) for k in range(4)),
                min(image.getpixel((x0 + mid, y0 + n - 1 - k)) for k in range(4)),
                min(image.getpixel((x0 + k, y0 + mid)) for k in range(4)),
                min(image.getpixel((x0 + n - 1 - k, y0 + mid)) for k in range(4)),
            ]
            assert centre > 240 and max(edges) < 90, (number, centre, edges)
    finally:
        pdf.close()
    # a "Done on" line a step to write the date on: one ink pixel stretched to 26 mm
    lines = image_placements(data, WRITE_LINE_PX)
    assert len(lines) == len(dossier.steps)
    assert all(abs(width - 26 * MM) < 0.3 for *_, width in lines)
    # with --fillable the boxes and lines are the form's fields, not printed images
    fillable = Builder(options=RenderOptions(fillable=True)).render(dossier)
    assert (
        image_placements(fillable, TICK_BOX_PX) == []
        and image_placements(fillable, WRITE_LINE_PX) == []
    )


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
