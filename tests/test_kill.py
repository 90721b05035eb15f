"""A batch killed with SIGKILL in the middle leaves only whole PDFs and a manifest that tells the
truth; running it again completes it. Done for real: `paperasse build` in a subprocess, its whole
process group (the parent and its workers) killed with SIGKILL once the first PDFs appear."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import TEST_GUIDE_EN, write_profile

COUNT = 30
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and groups"),
    pytest.mark.slow,
]


def command(folder: Path, out: Path) -> list[str]:
    code = "import sys; from paperasse.cli import main; sys.argv[0] = 'paperasse'; main()"
    return [
        sys.executable,
        "-c",
        code,
        "build",
        str(folder),
        "-o",
        str(out),
        "--jobs",
        "2",
        "--guide",
        str(TEST_GUIDE_EN),
    ]


def whole_pdf(path: Path) -> bool:
    try:
        pdf = pdfium.PdfDocument(path.read_bytes())
    except pdfium.PdfiumError:
        return False
    try:
        return len(pdf) >= 1
    finally:
        pdf.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_manifest(out: Path) -> list[dict]:
    """The manifest parses (JSON and CSV agree) and every dossier it calls written or skipped is
    on disk, whole, with the sha256 it records."""
    records = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dossiers"]
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["output"] for r in rows] == [r["output"] for r in records]
    assert [r["status"] for r in rows] == [r["status"] for r in records]
    for record in records:
        if record["status"] in ("written", "skipped"):
            path = out / record["output"]
            assert path.is_file(), record
            assert whole_pdf(path), record
            assert sha256(path) == record["sha256"], record
    return records


def test_sigkill_mid_batch_leaves_whole_pdfs_and_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for number in range(COUNT):
        write_profile(
            folder,
            f"client-{number:02d}",
            citizenship=("BR", "PL")[number % 2],
            status=("worker", "student")[number % 3 == 0],
        )
    out = tmp_path / "out"
    process = subprocess.Popen(
        command(folder, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            if len(list(out.glob("*.pdf"))) >= 2:
                break
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, at once
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    for _ in range(200):  # every worker of the group is gone: nothing writes while we look
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("a process of the killed batch is still alive")

    pdfs = sorted(out.glob("*.pdf"))
    assert 2 <= len(pdfs) < COUNT, len(pdfs)
    broken = [p.name for p in pdfs if not whole_pdf(p)]
    assert not broken, broken
    # temporary files are hidden and never end in .pdf: a reader of *.pdf only sees whole files;
    # every hidden file is paperasse's own (temporary .part files, the run state, the lock)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert all(name.startswith(".paperasse") for name in leftovers), leftovers
    assert not [name for name in leftovers if name.endswith(".pdf")], leftovers
    if (out / "manifest.json").exists():  # written at most once a second: may not be yet
        before = check_manifest(out)
        done_before = {r["output"] for r in before if r["status"] == "written"}
    else:
        done_before = set()

    again = subprocess.run(command(folder, out), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [f"client-{n:02d}" for n in range(COUNT)]
    assert all(whole_pdf(p) for p in pdfs)
    records = check_manifest(out)
    assert len(records) == COUNT
    assert all(r["status"] in ("written", "skipped") for r in records)
    # what the killed run had finished and recorded is not rendered again
    skipped = {r["output"] for r in records if r["status"] == "skipped"}
    assert done_before <= skipped
