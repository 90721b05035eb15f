"""Names in any script are printed, as a reader sees them: the name is in the PDF's text, no
glyph is missing from the fonts (no empty box), and every character of it leaves ink on the
rendered page (a glyph taken from the wrong font draws nothing, yet its text is still there).

Latin with diacritics, Vietnamese, Greek, Cyrillic and Arabic come from the bundled DejaVu Sans;
Chinese, Japanese and Korean from Noto Sans CJK (``paperasse[cjk]``, in the test extra)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from conftest import dossier_of
from paperasse.render.html import render_html
from paperasse.render.pdf import PdfRenderer, cjk_font
from pdfread import pdf_text

NAMES = {
    "latin": "Zoë Ångström-Łukasiewicz",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Анна Кузнецова",
    "arabic": "محمد عبد الله",
    "chinese": "王小明",
    "japanese": "山田太郎",
    "korean": "김민준",
}
CJK = ("chinese", "japanese", "korean")
SCALE = 4.0  # 288 dpi


@pytest.fixture(scope="module")
def renderer() -> PdfRenderer:
    return PdfRenderer()


def render(renderer: PdfRenderer, name: str, missing: list[dict[int, int]]) -> bytes:
    import weasyprint.pdf as weasyprint_pdf

    original = weasyprint_pdf.build_fonts_dictionary

    def spy(pdf, fonts, *args, **kwargs):  # type: ignore[no-untyped-def]
        missing.extend(dict(font.missing) for font in fonts.values())
        return original(pdf, fonts, *args, **kwargs)

    weasyprint_pdf.build_fonts_dictionary = spy
    try:
        html = render_html(dossier_of(name=name, citizenship="BR", status="worker"))
        return renderer.render(html)
    finally:
        weasyprint_pdf.build_fonts_dictionary = original


def inked_characters(data: bytes, text: str) -> list[bool]:
    """For each character of the first occurrence of ``text`` on page 1: whether its box on the
    rendered page has a dark pixel."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        found = textpage.search(text).get_next()
        assert found, f"{text!r} not found on page 1"
        start, count = found
        image = page.render(scale=SCALE, grayscale=True).to_pil()
        height = page.get_height()
        inked = []
        for index in range(start, start + count):
            left, bottom, right, top = textpage.get_charbox(index)
            if right - left < 0.1:  # a space, or a mark drawn on the letter before
                continue
            box = (
                int(left * SCALE),
                int((height - top) * SCALE),
                int(right * SCALE) + 1,
                int((height - bottom) * SCALE) + 1,
            )
            darkest = image.crop(box).getextrema()[0]
            inked.append(darkest < 128)
        return inked
    finally:
        pdf.close()


@pytest.mark.slow
@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_is_printed(renderer: PdfRenderer, script: str) -> None:
    if script in CJK:
        assert cjk_font() is not None, "Noto Sans CJK missing: pip install -e '.[test]'"
    name = NAMES[script]
    missing: list[dict[int, int]] = []
    data = render(renderer, name, missing)
    assert name in pdf_text(data)
    assert missing and all(not codes for codes in missing), missing  # no empty boxes
    inked = inked_characters(data, name.split()[0])
    assert inked and all(inked), inked


@pytest.mark.slow
def test_a_cjk_dossier_leaves_the_next_latin_one_unchanged() -> None:
    """The CJK font is added to the font configuration by the first dossier that needs it: the
    dossiers after it in the same process (a batch worker) must not change by a byte."""
    renderer = PdfRenderer()
    latin = render(renderer, NAMES["latin"], [])
    assert renderer._cjk_stylesheet is None  # a Latin dossier never loads the 32 MB font
    render(renderer, NAMES["chinese"], [])
    assert render(renderer, NAMES["latin"], []) == latin
