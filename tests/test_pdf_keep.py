"""A PDF fit to keep: tagged PDF/UA with bookmarks and alternative text, optional real form
checkboxes (--fillable), and byte-for-byte reproducible output (no wall-clock date inside)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, TEST_GUIDES, write_profile
from paperasse.cli import app
from pdfread import pdf_metadata, pdf_text

runner = CliRunner()
TEST_GUIDE_FR = TEST_GUIDES / "fr" / "testland" / "registration.md"


def build(
    tmp_path: Path, stem: str, *extra: str, guide: Path = TEST_GUIDE_EN, **values: object
) -> bytes:
    profile = write_profile(tmp_path, stem, **values)
    out = tmp_path / f"{stem}.pdf"
    result = runner.invoke(
        app, ["build", str(profile), "-o", str(out), "--guide", str(guide), *extra]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def outline_titles(data: bytes) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader(data).outline, 0)
    return found


def struct_elements(data: bytes) -> list[pypdf.generic.DictionaryObject]:
    """Every structure element of the tagged PDF, depth first."""
    root = reader(data).trailer["/Root"]
    found = []
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, pypdf.generic.DictionaryObject) and kid.get("/S") is not None:
                found.append(kid)
                stack.append(kid)
    return found


# ------------------------------------------------------------------- PDF/UA and bookmarks


@pytest.fixture(scope="module")
def en_fr(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("ua")
    return {
        "en": build(folder, "en", citizenship="BR", status="student"),
        "fr": build(
            folder, "fr", guide=TEST_GUIDE_FR, citizenship="Brésil", status="student", language="fr"
        ),
    }


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_is_tagged_pdf_ua(en_fr: dict[str, bytes], lang: str) -> None:
    data = en_fr[lang]
    root = reader(data).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == lang
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert pdf_metadata(data)["Title"]
    tags = {str(e["/S"]) for e in struct_elements(data)}
    assert {"/H1", "/H2", "/L", "/LI", "/Table", "/Figure", "/Link"} <= tags


@pytest.mark.slow
def test_bookmarks_are_the_sections_in_english(en_fr: dict[str, bytes]) -> None:
    assert outline_titles(en_fr["en"]) == [
        (0, "Registering in Testland"),
        (1, "Start here"),
        (1, "Steps, in order"),
        (1, "Documents to gather"),
        (1, "About this procedure"),
        (2, "What is it?"),
        (2, "Who needs it?"),
        (1, "Who can help"),
        (1, "Good to know"),
        (1, "Official sources"),
    ]


@pytest.mark.slow
def test_bookmarks_are_the_sections_in_french(en_fr: dict[str, bytes]) -> None:
    titles = outline_titles(en_fr["fr"])
    assert titles[0] == (0, "S’enregistrer au Testland")
    assert [t for d, t in titles if d == 1] == [
        "Par où commencer",
        "Étapes, dans l'ordre",
        "Documents à réunir",
        "De quoi s'agit-il ?",
        "Qui peut vous aider",
        "Bon à savoir",
        "Sources officielles",
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "prefix"), [("en", "QR code: "), ("fr", "Code QR : ")])
def test_every_figure_has_alternative_text(en_fr: dict[str, bytes], lang: str, prefix: str) -> None:
    figures = [e for e in struct_elements(en_fr[lang]) if e["/S"] == "/Figure"]
    # visa portal, campus site, office website, portal source: one QR code each
    assert len(figures) == 4
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert all(alt.startswith(prefix) and len(alt) > len(prefix) for alt in alts), alts


@pytest.mark.slow
def test_qr_code_without_link_text_gets_its_url_as_alt(tmp_path: Path) -> None:
    guide = tmp_path / "bare.md"
    guide.write_text(
        "---\ntitle: Bare\n---\n## Procedure\n1. Go to <https://bare.example/x>\n", encoding="utf-8"
    )
    data = build(tmp_path, "bare", guide=guide)
    alts = [str(e.get("/Alt", "")) for e in struct_elements(data) if e["/S"] == "/Figure"]
    assert alts == ["QR code: https://bare.example/x"]


# ------------------------------------------------------------------- --fillable


def checkbox_fields(data: bytes) -> dict[str, dict]:
    fields = reader(data).get_fields() or {}
    return {name: field for name, field in fields.items() if field.get("/FT") == "/Btn"}


@pytest.mark.slow
def test_plain_pdf_has_no_form(en_fr: dict[str, bytes]) -> None:
    assert "/AcroForm" not in reader(en_fr["en"]).trailer["/Root"]


@pytest.mark.slow
@pytest.mark.parametrize(("status", "steps", "documents"), [("student", 5, 3), ("worker", 4, 3)])
def test_fillable_has_one_checkbox_per_step_and_document(
    tmp_path: Path, status: str, steps: int, documents: int
) -> None:
    # non-EU: steps arrive, visa, (campus, campus-visa | employer), number
    data = build(tmp_path, status, "--fillable", citizenship="BR", status=status)
    fields = checkbox_fields(data)
    names = sorted(fields)
    assert len(fields) == steps + documents, names
    assert sum(n.startswith("step-") for n in names) == steps
    assert sum(n.startswith("document-") for n in names) == documents
    assert all(str(f.get("/V")) == "/Off" for f in fields.values())
    labels = {str(f["/TU"]) for f in fields.values()}
    assert "Step 1: Arrive in Testland and keep your ticket." in labels
    assert "Document 1: Passport or national ID card" in labels
    # the text is unchanged by the form fields
    assert "Arrive in Testland" in pdf_text(data)


def _darkness_inside(data: bytes, rect: list[float], *, forms: bool) -> tuple[float, float]:
    """Mean darkness (0 white .. 1 black) of the middle of a field's rectangle on page 1, and of
    its frame (bands 1.5 pt either side of each edge, corners left out), rendered as a viewer
    does (``forms``: with form fields drawn) or as printed without them."""
    pdf = pdfium.PdfDocument(data)
    try:
        if forms:
            pdf.init_forms()
        page = pdf[0]
        height = page.get_height()
        scale = 8
        image = page.render(scale=scale, grayscale=True, may_draw_forms=forms).to_pil()
    finally:
        pdf.close()
    xs, ys = sorted(float(v) for v in rect[::2]), sorted(float(v) for v in rect[1::2])
    left, right = xs[0] * scale, xs[1] * scale
    top, bottom = (height - ys[1]) * scale, (height - ys[0]) * scale
    band, w, h = 1.5 * scale, right - left, bottom - top

    def dark(box: tuple[float, float, float, float]) -> float:
        pixels = list(image.crop(tuple(int(v) for v in box)).getdata())
        return sum(255 - p for p in pixels) / (255 * len(pixels))

    inner = dark((left + w / 4, top + h / 4, right - w / 4, bottom - h / 4))
    edges = [
        (left + w / 4, top - band, right - w / 4, top + band),
        (left + w / 4, bottom - band, right - w / 4, bottom + band),
        (left - band, top + h / 4, left + band, bottom - h / 4),
        (right - band, top + h / 4, right + band, bottom - h / 4),
    ]
    return inner, min(dark(edge) for edge in edges)


@pytest.mark.slow
def test_fillable_boxes_print_as_boxes_and_can_be_ticked(tmp_path: Path) -> None:
    data = build(tmp_path, "tick", "--fillable", citizenship="BR", status="worker")
    fields = reader(data).get_fields()
    first = fields["step-1-arrive"]
    widget = first.indirect_reference.get_object() if first.indirect_reference else None
    assert widget is not None
    rect = list(widget["/Rect"])

    # Unticked, printed (no form drawing) and on screen: an empty box with a visible frame.
    for forms in (False, True):
        inner, frame = _darkness_inside(data, rect, forms=forms)
        assert inner < 0.05 and frame > 0.2, (forms, inner, frame)

    # Tick it as a viewer does (value and appearance state), save, render: a tick inside.
    writer = pypdf.PdfWriter(clone_from=reader(data))
    writer.update_page_form_field_values(
        writer.pages[0], {"step-1-arrive": "/on"}, auto_regenerate=False
    )
    out = io.BytesIO()
    writer.write(out)
    ticked = out.getvalue()
    assert str(reader(ticked).get_fields()["step-1-arrive"]["/V"]) == "/on"
    inner, frame = _darkness_inside(ticked, rect, forms=True)
    assert inner > 0.15 and frame > 0.2, (inner, frame)


# ------------------------------------------------------------------- reproducible output


@pytest.mark.slow
def test_same_inputs_give_identical_bytes_in_one_process(tmp_path: Path) -> None:
    first = build(tmp_path, "same", citizenship="VN", status="student")
    second = build(tmp_path, "same", citizenship="VN", status="student")
    assert first == second
    assert build(tmp_path, "same-f", "--fillable") == build(tmp_path, "same-f", "--fillable")


@pytest.mark.slow
def test_same_inputs_give_identical_bytes_across_processes(tmp_path: Path) -> None:
    """Two separate runs, seconds apart, with no SOURCE_DATE_EPOCH set by the caller."""
    profile = write_profile(tmp_path, "proc", citizenship="BR", status="worker")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}.pdf"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from paperasse.cli import main; main()",
                "build",
                str(profile),
                "-o",
                str(out),
                "--guide",
                str(TEST_GUIDE_EN),
            ],
            check=True,
            env=env,
            capture_output=True,
            timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.slow
def test_document_dates_come_from_the_guide_or_the_option(tmp_path: Path) -> None:
    plain = build(tmp_path, "d1")
    info = reader(plain).metadata
    assert info["/CreationDate"].startswith("D:20260115")  # the guide's date
    assert "/ModDate" not in info
    assert "Prepared on" not in pdf_text(plain)

    dated = build(tmp_path, "d2", "--date", "2026-11-03")
    assert reader(dated).metadata["/CreationDate"].startswith("D:20261103")
    assert "Prepared on 3 November 2026" in pdf_text(dated)
    french = build(tmp_path, "d3", "--date", "2026-11-01", guide=TEST_GUIDE_FR, language="fr")
    assert "Préparée le 1er novembre 2026" in pdf_text(french)


def test_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "bad")
    result = runner.invoke(app, ["build", str(profile), "--date", "2026-02-30"])
    assert result.exit_code == 2
    assert "--date" in result.output
