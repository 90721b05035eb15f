"""A batch touches only its own files (issue 16): the folder's lock, temporary names only
paperasse uses, files it did not write spared, an output folder or manifest it cannot write
refused on one line with its exit code, and a manifest safe to open in a spreadsheet.

In process, with the fake renderer of test_batch_plan (no WeasyPrint): cheap, fast suite."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, write_profile
from paperasse import batch
from paperasse.batch.manifest import csv_cell
from paperasse.batch.state import LOCK_FILE, folder_lock
from paperasse.errors import EXIT_OUTPUT, EXIT_USAGE, OutputProblem, UsageError, printable
from test_batch_plan import run, statuses


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    write_profile(profiles, "ana", name="Ana")
    write_profile(profiles, "ben", name="Ben", citizenship="BR", status="student")
    return profiles


def test_a_second_run_into_a_locked_folder_stops_and_names_the_holder(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code = (
        "import sys, time; from pathlib import Path\n"
        "from paperasse.batch.state import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(OutputProblem) as caught:
            run(folder, out)
        assert caught.value.exit_code == EXIT_OUTPUT == 4
        assert f"process {holder.pid} on " in str(caught.value)
        assert "another paperasse run is writing into this folder" in str(caught.value)
        assert not list(out.glob("*.pdf"))  # nothing rendered
    finally:
        holder.kill()
        holder.wait()
    assert statuses(run(folder, out)[0]) == {"ana.pdf": "written", "ben.pdf": "written"}
    with folder_lock(out):  # released after the run, and the lock file is hidden
        pass
    assert (out / LOCK_FILE).name.startswith(".")


def test_only_paperasse_temporary_files_are_cleaned_up(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    theirs = out / ".notes.txt.abc123.part"
    theirs.write_text("someone else's download")
    ours = out / ".paperasse-ana.pdf.x1y2z3.part"  # as a killed run leaves it
    ours.write_bytes(b"%PDF-1.7 half")
    run(folder, out)
    assert theirs.read_text() == "someone else's download"
    assert not ours.exists()
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert all(n.startswith((".paperasse", ".notes")) for n in hidden), hidden


def test_a_file_paperasse_did_not_write_is_never_overwritten(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "ana.pdf").write_bytes(b"the client's own scan")
    (out / "manifest.csv").write_text("my,own,table\n")
    (out / "manifest.json").mkdir()  # a folder where the manifest goes
    result, rendered = run(folder, out)
    assert rendered == ["Ana", "Ben"]
    assert (out / "ana.pdf").read_bytes() == b"the client's own scan"
    assert (out / "manifest.csv").read_text() == "my,own,table\n"
    assert (out / "manifest.json").is_dir()
    assert statuses(result) == {"ana-2.pdf": "written", "ben.pdf": "written"}
    assert result.manifest == out / "manifest-2.json"
    assert json.loads((out / "manifest-2.json").read_text())["summary"]["written"] == 2
    # the next run: the same names, nothing rendered again, the foreign files still spared
    again, rendered = run(folder, out)
    assert rendered == [] and statuses(again) == {"ana-2.pdf": "skipped", "ben.pdf": "skipped"}
    assert (out / "ana.pdf").read_bytes() == b"the client's own scan"


def test_the_user_is_told_where_the_dossier_went_instead(folder: Path, tmp_path: Path) -> None:
    from test_batch_plan import FakeBuilder, Recorder

    out = tmp_path / "out"
    out.mkdir()
    (out / "ben.pdf").write_bytes(b"not ours")
    options = batch.BatchOptions(guide=str(TEST_GUIDE_EN))
    reporter = Recorder()
    batch.run([folder], out, options, reporter, builder=FakeBuilder(guide=options.guide))
    assert (
        f"{folder / 'ben.yaml'}: {out / 'ben.pdf'} was not written by paperasse (or changed "
        "since): left as it is, the dossier is written as ben-2.pdf (--force overwrites it)"
    ) in reporter.lines


def test_output_at_an_existing_file_or_an_unwritable_folder(
    folder: Path, tmp_path: Path, monkeypatch
) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("keep")
    with pytest.raises(UsageError, match="is an existing file, not a folder") as caught:
        run(folder, existing)
    assert caught.value.exit_code == EXIT_USAGE
    assert existing.read_text() == "keep"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # a read-only folder (root ignores chmod)
    with pytest.raises(OutputProblem) as caught:
        run(folder, tmp_path / "read-only")
    assert str(caught.value) == (
        f"{tmp_path / 'read-only'}: cannot write into the output folder: Permission denied"
    )


@pytest.mark.skipif(os.geteuid() == 0 or sys.platform == "win32", reason="root ignores modes")
def test_a_read_only_folder_for_real(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(OutputProblem, match="cannot write into the output folder"):
            run(folder, out)
    finally:
        out.chmod(0o755)


def test_a_full_disk_while_writing_the_manifest(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """The dossiers are written and recorded in the state; the manifest's failure is one line
    (exit code 4); the next run, with room again, writes it and renders nothing."""
    from paperasse.batch import manifest

    real = manifest.atomic_writer

    def full(path: Path):
        if path.name.startswith("manifest"):
            raise OSError(28, "No space left on device")
        return real(path)

    monkeypatch.setattr(manifest, "atomic_writer", full)
    out = tmp_path / "out"
    with pytest.raises(OutputProblem) as caught:
        run(folder, out)
    assert caught.value.exit_code == EXIT_OUTPUT
    assert "cannot write the manifest: No space left on device" in str(caught.value)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ana.pdf", "ben.pdf"]
    monkeypatch.setattr(manifest, "atomic_writer", real)
    result, rendered = run(folder, out)
    assert rendered == [] and statuses(result) == {"ana.pdf": "skipped", "ben.pdf": "skipped"}


def test_manifest_cells_cannot_be_formulas(tmp_path: Path, monkeypatch) -> None:
    for cell in ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(cell) == "'" + cell
    assert csv_cell("ana.pdf") == "ana.pdf" and csv_cell(3) == "3" and csv_cell(None) == ""

    profiles = tmp_path / "in"
    profiles.mkdir()
    write_profile(profiles, "=cmd", name="=cmd|' /C calc'!A0", id=None)
    sheet = profiles / "@clients.csv"
    sheet.write_text("name,citizenship,status\n-Ana,FR,worker\n+Ben,XX,worker\n")
    out = tmp_path / "out"
    monkeypatch.chdir(profiles)  # sources as typed: relative names that start with = and @
    run([Path("=cmd.yaml"), Path("@clients.csv")], out)
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert any(cell.startswith("'=") or cell.startswith("'@") for row in rows for cell in row)


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    profiles = tmp_path / "in"
    profiles.mkdir()
    write_profile(profiles, "ana")
    bad = os.fsencode(profiles) + b"/caf\xe9.yaml"
    with open(bad, "wb") as handle:
        handle.write(b"name: Zoe\ncitizenship: FR\nstatus: worker\n")
    out = tmp_path / "out"
    _, rendered = run(profiles, out)
    assert rendered == ["Person ana", "Zoe"]
    records = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dossiers"]
    assert any(r["source"].endswith("caf\\xe9.yaml") for r in records), records
    (out / "manifest.csv").read_text(encoding="utf-8-sig")  # valid UTF-8


def test_printable_shows_what_a_terminal_would_obey() -> None:
    hostile = "a\x1b]0;title\x07b\x1b[2J\u202eevil\u200b\ufeff\udce9\x9b"
    shown = printable(hostile)
    assert shown == "a\\x1b]0;title\\x07b\\x1b[2J\\u202eevil\\u200b\\ufeff\\xe9\\x9b"
    assert printable("Zoë Müller 王芳\ttab") == "Zoë Müller 王芳\ttab"


def test_an_unwritable_merge_target_is_refused_before_rendering(
    tmp_path: Path, monkeypatch
) -> None:
    from paperasse.batch.pack import check_merge_target

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UsageError, match="a-file is a file, not a folder") as caught:
        check_merge_target(blocker / "sub" / "pack.pdf", "pdf")
    assert caught.value.exit_code == EXIT_USAGE
    check_merge_target(tmp_path / "new" / "folders" / "pack.pdf", "pdf")  # made when written
    assert not (tmp_path / "new").exists()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # a read-only folder (root ignores chmod)
    with pytest.raises(OutputProblem) as caught:
        check_merge_target(tmp_path / "pack.pdf", "pdf")
    assert str(caught.value).startswith("--merge = '")
    assert str(caught.value).endswith(
        ": cannot be written: Permission denied (checked before rendering)"
    )
    assert caught.value.exit_code == EXIT_OUTPUT


def test_a_streamed_run_reads_its_jobs_back_for_the_merge(folder: Path, tmp_path: Path) -> None:
    """The jobs are not held in memory during a run; the result reads them back from the run
    state, skipped ones with their profile too (the merge names each client's bookmark)."""
    out = tmp_path / "out"
    first, _ = run(folder, out)
    assert first.count("written") == 2 and first.exit_code == 0
    again, rendered = run(folder, out)
    assert rendered == [] and again.count("skipped") == 2
    assert [(job.profile.name, job.output.name) for job in again.made()] == [
        ("Ana", "ana.pdf"),
        ("Ben", "ben.pdf"),
    ]
    assert "2 skipped (unchanged), 0 failed" in again.summary()
