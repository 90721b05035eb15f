"""End to end, as a reader of the PDF sees it: text extracted from the PDF, QR codes decoded
from the rendered pages, metadata; for the four profile combinations."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import COMBINATIONS, TEST_GUIDE_EN, TEST_GUIDES
from paperasse.cli import app
from pdfread import pdf_language, pdf_metadata, pdf_page_count, pdf_qr_codes, pdf_text

runner = CliRunner()

VISA = "https://visa.testland.example/validate"
LABOUR = "https://labour.testland.example/w42"
CAMPUS = "https://campus.testland.example"
OFFICE = "https://office.testland.example"
PORTAL = "https://portal.testland.example/start"


def build(tmp_path: Path, stem: str, *extra: str, **values: object) -> bytes:
    from conftest import write_profile

    profile = write_profile(tmp_path, stem, **values)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(profile), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return (out / f"{stem}.pdf").read_bytes()


@pytest.fixture(scope="module")
def testland_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, list[str]]]:
    """The test guide rendered for the four combinations: (text, decoded QR codes)."""
    folder = tmp_path_factory.mktemp("testland")
    found = {}
    for stem, values in COMBINATIONS.items():
        data = build(folder, stem, "--guide", str(TEST_GUIDE_EN), **values)
        found[stem] = (pdf_text(data), pdf_qr_codes(data))
    return found


EXPECTED = {
    # combination: (steps that must be there, in order), (steps that must not)
    "eu-worker": (
        ["Arrive in Testland", "form W-42", "Wait for your Testland number"],
        ["Validate your visa", "campus health site", "validated student visa"],
    ),
    "eu-student": (
        ["Arrive in Testland", "campus health site", "Wait for your Testland number"],
        ["Validate your visa", "form W-42", "validated student visa"],
    ),
    "non-eu-worker": (
        ["Arrive in Testland", "Validate your visa", "form W-42", "Wait for"],
        ["campus health site", "validated student visa"],
    ),
    "non-eu-student": (
        [
            "Arrive in Testland",
            "Validate your visa",
            "campus health site",
            "validated student visa",
            "Wait for",
        ],
        ["form W-42"],
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(COMBINATIONS))
def test_steps_for_each_combination(testland_pdfs, stem: str) -> None:
    text, _ = testland_pdfs[stem]
    present, absent = EXPECTED[stem]
    positions = [text.find(phrase) for phrase in present]
    assert all(p >= 0 for p in positions), (stem, dict(zip(present, positions, strict=True)))
    assert positions == sorted(positions), "steps out of order"
    for phrase in absent:
        assert phrase not in text, (stem, phrase)


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(COMBINATIONS))
def test_documents_and_paragraphs_for_each_combination(testland_pdfs, stem: str) -> None:
    text, _ = testland_pdfs[stem]
    eu, worker = stem.startswith("eu"), stem.endswith("worker")
    assert "Passport or national ID card" in text
    assert ("Residence permit" in text) == (not eu)
    assert ("Employment contract" in text) == worker
    assert ("Certificate of enrolment" in text) == (not worker)
    assert ("EU citizens need no residence permit" in text) == eu
    assert ("Students register through their university office" in text) == (not worker)
    assert "Keep copies of everything." in text


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(COMBINATIONS))
def test_qr_codes_decode_to_the_applicable_links(testland_pdfs, stem: str) -> None:
    _, codes = testland_pdfs[stem]
    eu, worker = stem.startswith("eu"), stem.endswith("worker")
    assert (VISA in codes) == (not eu)
    assert (LABOUR in codes) == worker
    assert (CAMPUS in codes) == (not worker)
    assert OFFICE in codes and PORTAL in codes
    # the URL is printed under each code (without https://), so the text holds it too
    text, _ = testland_pdfs[stem]
    assert OFFICE.removeprefix("https://") in "".join(text.split())  # may wrap under the code


@pytest.mark.slow
def test_header_names_person_profile_and_guide(tmp_path: Path) -> None:
    data = build(
        tmp_path,
        "mai",
        "--guide",
        str(TEST_GUIDE_EN),
        name="Nguyễn Thị Mai",
        citizenship="VN",
        status="student",
    )
    text = pdf_text(data)
    assert "Nguyễn Thị Mai" in text
    assert "Registering in Testland" in text
    assert "Viet Nam (non-EU)" in text or "Vietnam (non-EU)" in text
    assert "Student" in text
    # page X of Y and the guide's date on every page; its file only in the review copy
    pages = pdf_page_count(data)
    assert f"Page {pages} of {pages}" in text
    assert text.count("Guide dated 15 January 2026") >= pages
    assert "registration.md" not in text


@pytest.mark.slow
def test_metadata_title_author_language(tmp_path: Path) -> None:
    guide_fr = TEST_GUIDES / "fr" / "testland" / "registration.md"
    data = build(tmp_path, "meta", "--guide", str(guide_fr), name="Zoë", language="fr")
    meta = pdf_metadata(data)
    assert meta["Title"] == "S’enregistrer au Testland – Zoë"
    assert meta["Author"] == "paperasse tests"
    assert pdf_language(data) == "fr"


@pytest.mark.slow
def test_french_profile_gets_french_guide_and_labels(tmp_path: Path) -> None:
    data = build(
        tmp_path,
        "fr",
        "--guides",
        str(TEST_GUIDES),
        "--guide",
        "testland-registration",
        language="fr",
        citizenship="BR",
    )
    text = pdf_text(data)
    assert "S’enregistrer au Testland" in text
    assert "Arrivez au Testland" in text
    assert "Étapes, dans l'ordre" in text and "Documents à réunir" in text
    assert "Page 1 sur" in text


@pytest.mark.slow
def test_missing_language_falls_back_and_says_so(tmp_path: Path) -> None:
    only_en = tmp_path / "guides" / "en" / "testland"
    only_en.mkdir(parents=True)
    (only_en / "registration.md").write_text(
        TEST_GUIDE_EN.read_text(encoding="utf-8").replace("testland-registration", "tl-only-en"),
        encoding="utf-8",
    )
    from conftest import write_profile

    profile = write_profile(tmp_path, "fr", language="fr")
    result = runner.invoke(
        app,
        [
            "build",
            str(profile),
            "-o",
            str(tmp_path / "o"),
            "--guides",
            str(tmp_path / "guides"),
            "--guide",
            "tl-only-en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "anglais" in result.stderr
    text = pdf_text((tmp_path / "o" / "fr.pdf").read_bytes())
    assert "Ce guide n'existe pas en français" in text
    assert "Arrive in Testland" in text


def test_html_format_is_one_self_contained_file(tmp_path: Path) -> None:
    from conftest import write_profile

    profile = write_profile(tmp_path, "web", citizenship="BR")
    out = tmp_path / "web.html"
    result = runner.invoke(
        app,
        ["build", str(profile), "-o", str(out), "--format", "html", "--guide", str(TEST_GUIDE_EN)],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and '<img class="qr" src="data:image/png;base64,' in html
    assert VISA in html
    assert "<link" not in html and re.findall(r'src="(?!data:)', html) == []


@pytest.mark.slow
def test_bundled_guides_build_for_every_example() -> None:
    """`make demo` in miniature: each example profile gives a PDF with its own name in it."""
    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.*"))
    assert len(examples) >= 4
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = runner.invoke(app, ["build", *map(str, examples), "-o", folder])
        assert result.exit_code == 0, result.output
        pdfs = sorted(Path(folder).glob("*.pdf"))
        assert len(pdfs) == len(examples)


@pytest.mark.slow
def test_help_and_version_do_not_import_weasyprint() -> None:
    code = (
        "import sys; from paperasse.cli import main; sys.argv=['paperasse', '{}'];\n"
        "try:\n  main()\nexcept SystemExit: pass\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "assert 'pydantic' not in sys.modules, 'pydantic imported'\n"
    )
    for flag in ("--help", "--version"):
        done = subprocess.run(
            [sys.executable, "-c", code.format(flag)], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert "paperasse" in done.stdout


@pytest.mark.slow
def test_header_of_an_undated_guide_has_no_stray_separator(tmp_path: Path) -> None:
    guide = tmp_path / "undated.md"
    guide.write_text(
        "---\ntitle: Undated\n---\n## Procedure\n1. Do it\n\n## Required Documents\n- A paper\n",
        encoding="utf-8",
    )
    text = pdf_text(build(tmp_path, "undated", "--guide", str(guide), "--review"))
    assert "Source: undated.md" in text
    assert "· Source" not in text
