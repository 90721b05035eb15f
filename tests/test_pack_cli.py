"""`paperasse build --brand --merge`: client packs as the agent and the client read them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN
from paperasse.cli import app
from pdfread import pdf_page_count, pdf_pages_text, pdf_text
from test_brand import GOOD, brand_folder, images_besides_qr_codes, is_the_logo

runner = CliRunner()
GUIDE = ["--guide", str(TEST_GUIDE_EN)]
CLIENTS = (
    "name,citizenship,status,language,id,e-mail\n"
    "Ana Souza,BR,student,en,ana,ana@example.com\n"
    "Lukas Müller,DE,worker,fr,lukas,\n"
    "Nguyễn Thị Mai,VN,worker,en,mai,\n"
)


def build(*args: str):
    return runner.invoke(app, ["build", *args])


def sheet(tmp_path: Path, text: str = CLIENTS) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(text, encoding="utf-8")
    return path


def statuses(out: Path) -> dict[str, str]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {r["output"]: r["status"] for r in data["dossiers"]}


@pytest.mark.slow
def test_branded_batch_with_a_merged_pack(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path, GOOD)
    out, pack = tmp_path / "out", tmp_path / "pack.pdf"
    result = build(
        str(sheet(tmp_path)),
        "-o",
        str(out),
        *GUIDE,
        "--jobs",
        "2",
        "--brand",
        str(brand),
        "--merge",
        str(pack),
    )
    assert result.exit_code == 0, result.output
    assert f"pack: {pack} (3 dossiers, " in result.stderr

    names = ["Ana Souza", "Lukas Müller", "Nguyễn Thị Mai"]
    counts = []
    for stem, name in zip(("ana", "lukas", "mai"), names, strict=True):
        data = (out / f"{stem}.pdf").read_bytes()
        text = pdf_text(data)
        assert text.startswith("Relocation Partners Lyon +33 4 00 00 00 00 · hello@rp-lyon"), stem
        assert name in text
        others, codes = images_besides_qr_codes(data)  # the logo embedded once, and QR codes
        assert len(others) == 1 and is_the_logo(others[0]), (stem, [im.size for im in others])
        assert codes, stem
        counts.append(pdf_page_count(data))

    reader = PdfReader(pack)
    # a cover page first: the agency and the index (client, status, first deadline, page)
    starts = [1 + sum(counts[:i]) for i in range(len(counts))]
    top = [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]
    assert top == [("Client dossiers", 0), *zip(names, starts, strict=True)]  # the sheet's order
    pages = [" ".join(t.split()) for t in pdf_pages_text(pack.read_bytes())]
    assert len(pages) == 1 + sum(counts)
    cover = pages[0]
    assert cover.startswith("Relocation Partners Lyon") and "Client dossiers" in cover
    for name, start in zip(names, starts, strict=True):
        assert name in cover
        assert re.search(rf"{re.escape(name)} \S.*? {start + 1}\b", cover), (name, cover)
    assert reader.page_labels[0] == "i"
    assert reader.trailer["/Root"]["/Lang"] == "en"  # two of three clients read English
    assert f"Page 1 sur {counts[1]}" in pages[starts[1]]  # Lukas's dossier is in French
    assert f"Page 1 of {counts[2]}" in pages[starts[2]]
    assert all(page.startswith("Relocation Partners Lyon") for page in (pages[s] for s in starts))
    assert [reader.page_labels[s] for s in starts] == ["1", "1", "1"]


@pytest.mark.slow
def test_changing_the_brand_rebuilds_and_the_pack_keeps_skipped_dossiers(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path, GOOD)
    out, pack = tmp_path / "out", tmp_path / "pack.pdf"
    args = [
        str(sheet(tmp_path)),
        "-o",
        str(out),
        *GUIDE,
        "--jobs",
        "1",
        "--brand",
        str(brand),
        "--merge",
        str(pack),
    ]
    assert build(*args).exit_code == 0
    again = build(*args)
    assert again.exit_code == 0, again.output
    assert set(statuses(out).values()) == {"skipped"}
    assert "(3 dossiers, " in again.stderr  # unchanged dossiers are still in the pack

    brand.write_text(GOOD.replace("#0B6E4F", "#8a1c1c"), encoding="utf-8")
    assert build(*args).exit_code == 0
    assert set(statuses(out).values()) == {"written"}


@pytest.mark.slow
def test_failed_rows_are_left_out_of_the_pack(tmp_path: Path) -> None:
    text = CLIENTS + "Bad Row,Atlantis,worker,en,bad,\n"
    out, pack = tmp_path / "out", tmp_path / "pack.pdf"
    result = build(
        str(sheet(tmp_path, text)), "-o", str(out), *GUIDE, "--jobs", "1", "--merge", str(pack)
    )
    assert result.exit_code == 1
    assert "row 5" in result.stderr and "Atlantis" in result.stderr
    titles = [item.title for item in PdfReader(pack).outline if not isinstance(item, list)]
    assert titles == ["Client dossiers", "Ana Souza", "Lukas Müller", "Nguyễn Thị Mai"]
    assert "Bad Row" not in pdf_pages_text(pack.read_bytes())[0]  # nor in the index


def test_bad_brand_stops_before_any_work_with_exit_2(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path, "name: Agency\nlogo: ../outside.png\n")
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "out"
    result = build(str(sheet(tmp_path)), "-o", str(out), *GUIDE, "--brand", str(brand))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"paperasse: error: {brand}:2: logo = '../outside.png': must not leave "
        "the brand file's folder ('..' is not allowed)"
    ]
    assert not out.exists()


def test_unknown_brand_key_and_bad_colour_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for body, expected in (
        ("name: A\nacent: '#fff'\n", ":2: acent = '#fff': unknown key (did you mean 'accent'?)"),
        ("name: A\naccent: 'red; }'\n", ":2: accent = 'red; }': must be a colour written #rgb"),
    ):
        brand = brand_folder(tmp_path, body, logo=None)
        result = build(str(sheet(tmp_path)), "-o", str(out), *GUIDE, "--brand", str(brand))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"paperasse: error: {brand}{expected}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    missing = build(
        str(sheet(tmp_path)), "-o", str(out), *GUIDE, "--brand", str(tmp_path / "nope.yaml")
    )
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr


@pytest.mark.slow
def test_merge_needs_pdf_and_a_name_of_its_own(tmp_path: Path) -> None:
    profiles = sheet(tmp_path)
    out = tmp_path / "out"
    html = build(
        str(profiles),
        "-o",
        str(out),
        *GUIDE,
        "--format",
        "html",
        "--merge",
        str(tmp_path / "pack.pdf"),
    )
    assert html.exit_code == 2 and "--merge" in html.stderr and "--format pdf" in html.stderr
    suffix = build(str(profiles), "-o", str(out), *GUIDE, "--merge", str(tmp_path / "pack.txt"))
    assert suffix.exit_code == 2 and ".pdf" in suffix.stderr
    clash = build(
        str(profiles), "-o", str(out), *GUIDE, "--jobs", "1", "--merge", str(out / "ana.pdf")
    )
    assert clash.exit_code == 2
    assert "is also the dossier of" in clash.stderr
    assert pdf_text((out / "ana.pdf").read_bytes()).count("Ana Souza") >= 1  # not overwritten


def test_branded_html_is_self_contained(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path, GOOD)
    target = tmp_path / "ana.html"
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Souza\ncitizenship: BR\nstatus: student\n", encoding="utf-8")
    result = build(
        str(profile), "-o", str(target), *GUIDE, "--format", "html", "--brand", str(brand)
    )
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert 'class="brand-logo" src="data:image/png;base64,' in html
    assert "Relocation Partners Lyon" in html and "logo.png" not in html
