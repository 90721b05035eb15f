"""Batch runs: spreadsheets and folders in, one PDF per good profile out, failures reported with
their file and row, incremental re-runs, name collisions and the manifest; read as a user would
(the PDFs' text, the files on disk, the messages)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, TEST_GUIDES, write_profile
from paperasse.cli import app
from paperasse.inputs.csv_sheet import detect_delimiter
from paperasse.inputs.tables import looks_like
from pdfread import pdf_page_count, pdf_text

runner = CliRunner()
GUIDE = ["--guide", str(TEST_GUIDE_EN)]

HEADER = "name,citizenship,status,language,arrival_date,id"


def run(*args: str):
    return runner.invoke(app, ["build", *args])


def write_csv(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf"))


def manifest(folder: Path) -> dict[str, dict]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {(r["source"], r["row"]): r for r in data["dossiers"]}


# --------------------------------------------------------------------------- spreadsheets


@pytest.mark.slow
def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "clients.csv",
        (
            "name;citizenship;status;language;id\r\n"
            "Zoë Ünal;Brésil;student;fr;zoe\r\n"
            "Ana Silva;PL;worker;en;ana\r\n"
        ),
        bom=True,
    )
    out = tmp_path / "out"
    result = run(str(sheet), "-o", str(out), *GUIDE)
    assert result.exit_code == 0, result.output
    assert pdfs(out) == ["ana.pdf", "zoe.pdf"]
    zoe = pdf_text((out / "zoe.pdf").read_bytes())
    assert "Zoë Ünal" in zoe and "Brésil" in zoe
    ana = pdf_text((out / "ana.pdf").read_bytes())
    assert "Ana Silva" in ana and "form W-42" in ana
    assert "2 written, 0 skipped (unchanged), 0 failed" in result.stderr


@pytest.mark.slow
def test_csv_comma_without_bom_and_header_written_loosely(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "c.csv",
        'Name, Citizenship ,STATUS,Arrival date\n"Smith, John",US,worker,2026-12-14\n',
    )
    out = tmp_path / "out"
    result = run(str(sheet), "-o", str(out), *GUIDE)
    assert result.exit_code == 0, result.output
    text = pdf_text((out / "smith-john.pdf").read_bytes())
    assert "Smith, John" in text and "before 14 March 2027" in text


@pytest.mark.slow
def test_extra_columns_are_ignored_and_named(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "c.csv",
        "name,e-mail,citizenship,status,notes,phone,id\n"
        "Ana,ana@example.org,PL,worker,call back,+33 1,ana\n",
    )
    out = tmp_path / "out"
    result = run(str(sheet), "-o", str(out), *GUIDE)
    assert result.exit_code == 0, result.output
    assert "not profile keys are ignored: e_mail, notes, phone" in result.stderr
    text = pdf_text((out / "ana.pdf").read_bytes())
    assert "ana@example.org" not in text and "call back" not in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("stauts", "status"),
        ("citizenshp", "citizenship"),
        ("langauge", "language"),
        ("lang", "language"),
    ],
)
def test_misspelt_column_is_caught_with_file_row_and_key(
    tmp_path: Path, column: str, key: str
) -> None:
    header = HEADER.replace(key, column)
    sheet = write_csv(tmp_path / "c.csv", f"{header}\nAna,PL,worker,fr,,ana\n")
    good = write_profile(tmp_path, "bob")
    out = tmp_path / "out"
    result = run(str(sheet), str(good), "-o", str(out), *GUIDE)
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "error" in x)
    assert f"{sheet}, row 1: {column}: unknown column (did you mean '{key}'?)" in line
    assert f"--ignore-columns {column}" in line
    assert pdfs(out) == ["bob.pdf"]  # the rest of the batch is still done
    assert "1 written, 0 skipped (unchanged), 1 failed" in result.stderr


@pytest.mark.slow
def test_declared_column_is_ignored_even_if_it_looks_like_a_key(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "c.csv", "name,citizenship,status,lang,id\nAna,PL,worker,fr,ana\n")
    out = tmp_path / "out"
    result = run(str(sheet), "-o", str(out), "--ignore-columns", "Lang, notes", *GUIDE)
    assert result.exit_code == 0, result.output
    assert "ignored" not in result.stderr  # declared: no notice
    assert "Steps, in order" in pdf_text((out / "ana.pdf").read_bytes())  # English, not fr


@pytest.mark.slow
def test_xlsx_rows_with_dates_and_numbers(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "citizenship", "status", "arrival_date", "id", "email"])
    sheet.append(["Ana", "BR", "worker", dt.datetime(2026, 12, 14), 1042, "a@x.org"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Bob", "BR", "teacher", None, 1043, None])
    book.save(tmp_path / "clients.xlsx")
    out = tmp_path / "out"
    result = run(str(tmp_path / "clients.xlsx"), "-o", str(out), *GUIDE)
    assert result.exit_code == 1
    assert pdfs(out) == ["1042.pdf"]
    assert "before 14 March 2027" in pdf_text((out / "1042.pdf").read_bytes())
    assert f"{tmp_path / 'clients.xlsx'}, row 4: status = 'teacher'" in result.stderr


# --------------------------------------------------------------------------- failures


@pytest.mark.slow
def test_bad_row_among_good_ones(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "c.csv",
        f"{HEADER}\n"
        "Ana,PL,worker,,,ana\n"
        "Bob,Atlantis,worker,,,bob\n"
        "\n"
        "Cleo,VN,student,,2026-13-01,cleo\n"
        "Dan,VN,student,,,dan\n",
    )
    bad_file = tmp_path / "broken.yaml"
    bad_file.write_text("name: Eve\ncitizenship: FR\nstatus: [worker\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(sheet), str(bad_file), "-o", str(out), *GUIDE)
    assert result.exit_code == 1
    assert pdfs(out) == ["ana.pdf", "dan.pdf"]
    errors = [x for x in result.stderr.splitlines() if "error:" in x]
    assert len(errors) == 3
    assert any(f"{sheet}, row 3: citizenship = 'Atlantis'" in e for e in errors)
    assert any(f"{sheet}, row 5: arrival_date = '2026-13-01'" in e for e in errors)
    assert any(f"{bad_file}:" in e and "malformed YAML" in e for e in errors)
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(f"2 written, 0 skipped (unchanged), 3 failed; manifest: {out / 'manifest.json'}")
    )
    assert sorted(result.stdout.split()) == [str(out / "ana.pdf"), str(out / "dan.pdf")]


@pytest.mark.slow
def test_folder_input_mixed_with_a_sheet_and_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    (folder / "sub").mkdir(parents=True)
    write_profile(folder, "a")
    write_profile(folder / "sub", "b", citizenship="BR")
    write_profile(tmp_path, "c")
    sheet = write_csv(tmp_path / "d.csv", f"{HEADER}\nDee,FR,student,,,d\n")
    out = folder / "out"  # inside the input folder: its manifest.json is no profile
    for _ in range(2):
        result = run(str(folder), str(sheet), str(tmp_path / "c.yaml"), "-o", str(out), *GUIDE)
        assert result.exit_code == 0, result.output
    assert pdfs(out) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]
    assert "Validate your visa" in pdf_text((out / "b.pdf").read_bytes())


def test_spreadsheet_with_no_profile_columns_is_an_error(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "c.csv", "email,phone\na@x.org,1\n")
    result = run(str(sheet), "-o", str(tmp_path / "out"), *GUIDE)
    assert result.exit_code == 1
    assert f"{sheet}, row 1: the header row names no profile key" in result.stderr


# --------------------------------------------------------------------------- parallel


@pytest.mark.slow
def test_jobs_2_gives_the_same_dossiers_as_jobs_1(tmp_path: Path) -> None:
    rows = "\n".join(
        f"Person {i},{c},{s},{lang},,p{i}"
        for i, (c, s, lang) in enumerate(
            [
                ("PL", "worker", "en"),
                ("BR", "student", "fr"),
                ("VN", "worker", "en"),
                ("de", "student", "fr"),
                ("US", "worker", "fr"),
            ]
        )
    )
    sheet = write_csv(tmp_path / "c.csv", f"{HEADER}\n{rows}\n")
    texts = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run(
            str(sheet),
            "-o",
            str(out),
            "--jobs",
            jobs,
            "--guides",
            str(TEST_GUIDES),
            "--guide",
            "testland-registration",
        )
        assert result.exit_code == 0, result.output
        texts[jobs] = {name: pdf_text((out / name).read_bytes()) for name in pdfs(out)}
    assert len(texts["1"]) == 5
    assert texts["1"] == texts["2"]
    assert "Arrivez au Testland" in texts["2"]["p1.pdf"]


# --------------------------------------------------------------------------- incremental


@pytest.mark.slow
def test_rerun_skips_unchanged_and_rebuilds_what_changed(tmp_path: Path) -> None:
    a = write_profile(tmp_path, "a")
    b = write_profile(tmp_path, "b")
    out = tmp_path / "out"
    assert run(str(a), str(b), "-o", str(out), *GUIDE).exit_code == 0
    stamps = {p: (out / p).stat().st_mtime_ns for p in pdfs(out)}

    again = run(str(a), str(b), "-o", str(out), *GUIDE)
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "0 written, 2 skipped (unchanged), 0 failed" in again.stderr
    assert {p: (out / p).stat().st_mtime_ns for p in pdfs(out)} == stamps
    assert {r["status"] for r in manifest(out).values()} == {"skipped"}

    write_profile(tmp_path, "a", citizenship="BR")  # a's profile changed
    changed = run(str(a), str(b), "-o", str(out), *GUIDE)
    assert "1 written, 1 skipped (unchanged), 0 failed" in changed.stderr
    assert changed.stdout.split() == [str(out / "a.pdf")]
    assert "Validate your visa" in pdf_text((out / "a.pdf").read_bytes())

    os.utime(b)  # touched, same content: still unchanged
    (out / "a.pdf").write_bytes(b"%PDF-1.7 damaged")  # the PDF no longer matches the manifest
    repaired = run(str(a), str(b), "-o", str(out), *GUIDE)
    assert "1 written, 1 skipped (unchanged), 0 failed" in repaired.stderr
    # no longer the file paperasse wrote: left as it is, the dossier written beside it
    assert (out / "a.pdf").read_bytes() == b"%PDF-1.7 damaged"
    assert "written as a-2.pdf" in repaired.stderr
    assert pdf_page_count((out / "a-2.pdf").read_bytes()) >= 1

    (out / "b.pdf").unlink()
    assert "1 written, 1 skipped" in run(str(a), str(b), "-o", str(out), *GUIDE).stderr

    forced = run(str(a), str(b), "-o", str(out), "--force", *GUIDE)
    assert "2 written, 0 skipped (unchanged), 0 failed" in forced.stderr
    assert pdf_page_count((out / "a.pdf").read_bytes()) >= 1  # --force overwrites


@pytest.mark.slow
def test_rerun_rebuilds_when_the_guide_or_format_changes(tmp_path: Path) -> None:
    guide = tmp_path / "g.md"
    guide.write_text(TEST_GUIDE_EN.read_text(encoding="utf-8"), encoding="utf-8")
    a = write_profile(tmp_path, "a")
    out = tmp_path / "out"
    assert "1 written" in run(str(a), "-o", str(out), "--guide", str(guide)).stderr
    assert "1 skipped" in run(str(a), "-o", str(out), "--guide", str(guide)).stderr
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("Arrive in Testland", "Land in Testland"),
        encoding="utf-8",
    )
    assert "1 written" in run(str(a), "-o", str(out), "--guide", str(guide)).stderr
    assert "Land in Testland" in pdf_text((out / "a.pdf").read_bytes())
    html = run(str(a), "-o", str(out), "--guide", str(guide), "--format", "html")
    assert "1 written" in html.stderr and (out / "a.html").is_file()


@pytest.mark.slow
def test_same_file_names_never_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    write_profile(tmp_path / "x", "same", name="First")
    write_profile(tmp_path, "same", name="Second")
    sheet = write_csv(
        tmp_path / "c.csv", f"{HEADER}\nThird,FR,worker,,,SAME\nFourth,FR,worker,,,same-2\n"
    )
    out = tmp_path / "out"
    result = run(
        str(tmp_path / "x" / "same.yaml"),
        str(tmp_path / "same.yaml"),
        str(sheet),
        "-o",
        str(out),
        *GUIDE,
    )
    assert result.exit_code == 0, result.output
    assert pdfs(out) == ["same-2-2.pdf", "same-2.pdf", "same-3.pdf", "same.pdf"]
    names = {p: pdf_text((out / p).read_bytes()) for p in pdfs(out)}
    assert "First" in names["same.pdf"] and "Second" in names["same-2.pdf"]
    assert "Third" in names["same-3.pdf"] and "Fourth" in names["same-2-2.pdf"]
    assert (
        f"{tmp_path / 'same.yaml'}: same file name as {tmp_path / 'x' / 'same.yaml'}"
        " (same.pdf); written as same-2.pdf" in result.stderr
    )


# --------------------------------------------------------------------------- manifest


@pytest.mark.slow
def test_manifest_lists_every_profile_with_its_pdf_sha256(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "c.csv", f"{HEADER}\nAna,PL,worker,,,ana\nBob,XX,worker,,,bob\n")
    out = tmp_path / "out"
    assert run(str(sheet), "-o", str(out), *GUIDE).exit_code == 1
    records = manifest(out)
    ana, bob = records[(str(sheet), 2)], records[(str(sheet), 3)]
    assert ana["output"] == "ana.pdf" and ana["status"] == "written" and ana["error"] is None
    assert ana["sha256"] == hashlib.sha256((out / "ana.pdf").read_bytes()).hexdigest()
    assert bob["status"] == "failed" and bob["output"] is None and bob["sha256"] is None
    assert "citizenship = 'XX'" in bob["error"]
    import csv

    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["output"], r["status"], r["sha256"]) for r in rows] == [
        ("2", "ana.pdf", "written", ana["sha256"]),
        ("3", "", "failed", ""),
    ]


@pytest.mark.slow
def test_killed_run_leaves_whole_pdfs_and_the_rerun_finishes(tmp_path: Path) -> None:
    rows = "\n".join(f"P{i},FR,worker,,,p{i:02}" for i in range(12))
    sheet = write_csv(tmp_path / "c.csv", f"{HEADER}\n{rows}\n")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-c",
        "from paperasse.cli import main; main()",
        "build",
        str(sheet),
        "-o",
        str(out),
        "--jobs",
        "1",
        *GUIDE,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(pdfs(out) if out.exists() else []) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = pdfs(out)
    assert 3 <= len(done) < 12, "the run was not killed in the middle"
    (out / ".paperasse-p11.pdf.abc123.part").write_bytes(b"%PDF-1.7 half")  # killed mid-write
    for name in done:
        assert pdf_page_count((out / name).read_bytes()) >= 1  # every PDF whole
    rerun = run(str(sheet), "-o", str(out), *GUIDE)
    assert rerun.exit_code == 0, rerun.output
    assert len(pdfs(out)) == 12
    assert not [p for p in out.iterdir() if p.suffix == ".part"]
    summary = rerun.stderr.strip().splitlines()[-1]
    written = int(summary.split("paperasse: ")[1].split(" written")[0])
    assert 12 - len(done) <= written <= 12  # at least the missing ones were built


# --------------------------------------------------------------------------- units


def test_delimiter_detection() -> None:
    assert detect_delimiter("name;citizenship;status\nA,B;C;D") == ";"
    assert detect_delimiter("name,citizenship,status\n") == ","
    assert detect_delimiter("name\tcitizenship\tstatus\n") == "\t"
    assert detect_delimiter("name\n") == ","


def test_near_misses_of_keys_and_ordinary_extra_columns() -> None:
    from paperasse.inputs.profile import KNOWN_KEYS

    for column, key in [
        ("statut", "status"),
        ("citizenshp", "citizenship"),
        ("nmae", "name"),
        ("langauge", "language"),
        ("arival_date", "arrival_date"),
        ("lang", "language"),
        ("arrival", "arrival_date"),
        ("ids", "id"),
    ]:
        assert looks_like(column, KNOWN_KEYS) == key, column
    for column in (
        "email",
        "e_mail",
        "notes",
        "phone",
        "agent",
        "company",
        "comments",
        "birth_date",
        "address",
        "passport",
    ):
        assert looks_like(column, KNOWN_KEYS) is None, column


@pytest.mark.slow
def test_terminated_run_says_so_and_leaves_a_truthful_manifest(tmp_path: Path) -> None:
    rows = "\n".join(f"P{i},FR,worker,,,p{i:02}" for i in range(16))
    sheet = write_csv(tmp_path / "c.csv", f"{HEADER}\n{rows}\n")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-c",
        "from paperasse.cli import main; main()",
        "build",
        str(sheet),
        "-o",
        str(out),
        "--jobs",
        "2",
        *GUIDE,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and len(pdfs(out) if out.exists() else []) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 130
    assert "interrupted after writing" in stderr and "run the same command again" in stderr
    records = manifest(out).values()
    assert {r["status"] for r in records} <= {"written", "pending"}
    assert "pending" in {r["status"] for r in records}
    for record in records:
        if record["status"] == "written":
            data = (out / record["output"]).read_bytes()
            assert record["sha256"] == hashlib.sha256(data).hexdigest()
