"""Bad files through the real command line (``paperasse.cli.main``, the console entry point):
each gives one line ``paperasse: error: <file>[:line]: …`` and the README's exit code; never a
traceback, never the last-resort "internal error" (exit 70)."""

from __future__ import annotations

import builtins
import io
import os
import sys
import time
from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, write_profile
from paperasse import guide as guide_module
from paperasse.cli import main
from paperasse.errors import EXIT_INPUT, EXIT_USAGE
from paperasse.guide import MAX_GUIDE_BYTES
from paperasse.inputs.csv_sheet import MAX_TABLE_BYTES
from paperasse.inputs.profile import MAX_PROFILE_BYTES

FIFTY_MB = 50 * 1024 * 1024


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process; (exit code, stdout, stderr)."""
    argv = sys.argv
    sys.argv = ["paperasse", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error(err: str, *parts: str) -> str:
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert all(line.startswith("paperasse: ") for line in lines), err  # and the summary line
    errors = [line for line in lines if line.startswith("paperasse: error: ")]
    assert len(errors) == 1, err
    for part in parts:
        assert part in errors[0], (part, errors[0])
    return errors[0]


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\nname: *i\ncitizenship: BR\nstatus: worker\n"


PROFILE_CASES = {
    # file name: (bytes, parts of the message)
    "bad-yaml.yaml": (
        b"name: Ana\ncitizenship: [BR\nstatus: worker\n",
        ("bad-yaml.yaml:", "malformed YAML"),
    ),
    "bad-toml.toml": (b'name = "Ana"\ncitizenship = BR\n', ("bad-toml.toml:2:", "malformed TOML")),
    "bad-json.json": (
        b'{"name": "Ana",\n "citizenship": "BR",,\n}',
        ("bad-json.json:2:", "malformed JSON"),
    ),
    "latin1.yaml": (
        "name: Zoë\ncitizenship: FR\nstatus: worker\n".encode("latin-1"),
        ("latin1.yaml:1:", "not valid UTF-8"),
    ),
    "utf16.json": ('{"name": "Ana"}'.encode("utf-16"), ("utf16.json:1:", "not valid UTF-8")),
    "empty.yaml": (b"", ("empty.yaml", "empty")),
    "blank.toml": (b"  \n\n\t\n", ("blank.toml", "empty")),
    "bomb.yaml": (alias_bomb().encode(), ("bomb.yaml:", "anchors and aliases")),
    "junk.yaml": (bytes(range(256)) * 4, ("junk.yaml:2:", "not valid UTF-8")),
    "junk-utf8.yaml": (
        "\x00\x01\x02\ufffe name: x".encode(),
        ("junk-utf8.yaml:1:", "malformed YAML"),
    ),
    "png.json": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("png.json:1:", "not valid UTF-8")),
    "list.yaml": (b"- name: Ana\n", ("list.yaml:1:", "mapping")),
    "bad-value.yaml": (
        b"name: Ana\ncitizenship: BR\nstatus: etudiant\n",
        ("bad-value.yaml:3:", "status = 'etudiant'", "did you mean 'student'"),
    ),
    "bad-key.toml": (
        b'name = "Ana"\ncitizenship = "BR"\nstatus = "worker"\nstatut = "x"\n',
        ("bad-key.toml:4:", "statut = 'x'", "unknown key"),
    ),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, ("deep.json", "JSON")),
    # issue 16: 2 KB nested 1,000 levels; 200 KB of dotted key (9.3 GB before the limit)
    "nested.toml": (
        b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n",
        ("nested.toml", "nested too deeply"),
    ),
    "dotted.toml": (
        b"a" + b".a" * 100_000 + b" = 1\n",
        ("dotted.toml:1:", "a key of more than 16 parts"),
    ),
    "nested-dotted.toml": (
        b"x = " + b"{a.a = " * 600 + b"1" + b"}" * 600 + b"\n",
        ("nested-dotted.toml:1:", "a key of more than 16 parts"),
    ),
    "dup.yaml": (
        b"name: A\nname: B\ncitizenship: BR\nstatus: worker\n",
        ("dup.yaml:2:", "duplicate key"),
    ),
    "unclosed.csv": (
        b'name,citizenship,status\n"Ana,BR,worker\n',
        ("unclosed.csv, row 2", "malformed CSV"),
    ),
    "extra-cell.csv": (
        b"name;citizenship;status\nAna;BR;worker;extra\n",
        ("extra-cell.csv, row 2", "4 cells"),
    ),
    "empty.csv": (b"", ("empty.csv", "empty")),
    "header-only.csv": (b"name,citizenship,status\n", ("header-only.csv", "no rows")),
    # 0x81 is neither UTF-8 nor Windows-1252 (Windows-1252 CSVs are read: test_tables.py)
    "undefined-byte.csv": (
        b"name,citizenship,status\nZo\x81,FR,worker\n",
        ("undefined-byte.csv", "not valid UTF-8", "line 2", "Windows-1252"),
    ),
    "junk.csv": (bytes(range(256)) * 4, ("junk.csv", "not valid UTF-8")),
    "bad-column.csv": (
        b"name,citizenship,staus\nAna,BR,worker\n",
        ("bad-column.csv, row 1", "staus", "did you mean 'status'"),
    ),
    "bad-value.csv": (
        b"name,citizenship,status\nAna,BR,boss\n",
        ("bad-value.csv, row 2", "status = 'boss'"),
    ),
    "nul.csv": (
        b"name,citizenship,status\nA\x00na,BR,worker\n",
        ("nul.csv, row 2", "name = 'A\\x00na'", "control characters"),
    ),
}


@pytest.mark.parametrize("file_name", list(PROFILE_CASES))
def test_bad_profile_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file_name: str
) -> None:
    data, parts = PROFILE_CASES[file_name]
    path = tmp_path / file_name
    path.write_bytes(data)
    code, _, err = run_cli(
        capsys, "build", str(path), "-o", str(tmp_path / "out"), "--format", "html"
    )
    assert code == EXIT_INPUT, err
    assert_one_error(err, *parts)
    out = tmp_path / "out"
    assert not list(out.glob("*.html")) and not list(out.glob("*.pdf"))
    if (out / "manifest.json").exists():  # the manifest says the same, on one line
        import json

        records = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dossiers"]
        assert [r["status"] for r in records] == ["failed"]
        assert file_name in records[0]["error"] and "\n" not in records[0]["error"]


def test_bad_profile_among_good_ones_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for file_name, (data, _) in PROFILE_CASES.items():
        (folder / file_name).write_bytes(data)
    good = write_profile(folder, "good")
    files = [str(folder / name) for name in PROFILE_CASES]  # folders hold no .csv: name them
    code, _, err = run_cli(
        capsys,
        "build",
        *files,
        str(good),
        "-o",
        str(tmp_path / "out"),
        "--format",
        "html",
        "--guide",
        str(TEST_GUIDE_EN),
    )
    assert code == EXIT_INPUT
    assert "Traceback" not in err and "internal error" not in err
    errors = [line for line in err.splitlines() if line.startswith("paperasse: error: ")]
    assert len(errors) == len(PROFILE_CASES), err
    assert (tmp_path / "out" / "good.html").is_file()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def forbid_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make any attempt to open ``path`` fail the test: a file refused by its size is never
    read."""
    real_open, real_path_open = builtins.open, Path.open
    target = path.resolve()

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, os.PathLike)) and Path(file).resolve() == target:
            raise AssertionError(f"{path} was opened")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_path(self: Path, *args: object, **kwargs: object) -> object:
        if self.resolve() == target:
            raise AssertionError(f"{path} was opened")
        return real_path_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(Path, "open", guarded_path)


@pytest.mark.parametrize("suffix", [".yaml", ".toml", ".json", ".csv"])
def test_fifty_megabyte_profile_is_refused_by_size_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    big = sparse(tmp_path / f"big{suffix}", FIFTY_MB)
    forbid_reading(monkeypatch, big)
    start = time.perf_counter()
    code, _, err = run_cli(capsys, "build", str(big), "-o", str(tmp_path / "out"))
    elapsed = time.perf_counter() - start
    assert code == EXIT_INPUT
    limit = MAX_TABLE_BYTES if suffix == ".csv" else MAX_PROFILE_BYTES
    assert_one_error(err, f"big{suffix}", "too large", str(FIFTY_MB), str(limit))
    assert elapsed < 30  # a guard against reading it all; speed itself is not what is tested


def write_guide(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


GOOD_BODY = TEST_GUIDE_EN.read_bytes()

GUIDE_CASES = {
    "no-procedure.md": (
        b"---\ntitle: T\n---\n## Description\nJust words.\n\n## Documents\n- a paper\n",
        ("no-procedure.md", "no procedure"),
    ),
    "empty.md": (b"", ("empty.md", "empty")),
    "latin1.md": (
        "---\ntitle: Zoë\n---\n1. a\n".encode("latin-1"),
        ("latin1.md:2:", "not valid UTF-8"),
    ),
    "junk.md": (bytes(range(256)) * 8, ("junk.md:2:", "not valid UTF-8")),
    "bomb.md": (
        b"---\n" + alias_bomb().encode() + b"---\n1. step\n",
        ("bomb.md:", "anchors and aliases"),
    ),
    "bad-front.md": (b"---\ntitle: [unclosed\n---\n1. step\n", ("bad-front.md:", "front matter")),
    "bad-date.md": (b"---\ndate: 2026-13-45\n---\n1. step\n", ("bad-date.md:2:", "month")),
    "unclosed.md": (b"---\ntitle: x\n1. step\n", ("unclosed.md:1:", "never closed")),
    "bad-tag.md": (
        b"## Procedure\n1. <!-- when: studnet --> step\n",
        ("bad-tag.md:2:", "studnet", "student"),
    ),
    "bad-region.md": (
        b"## Procedure\n<!-- when: eu -->\n\n1. step\n",
        ("bad-region.md:2:", "never closed"),
    ),
    "long-condition.md": (
        b"## Procedure\n1. <!-- when: " + b" or ".join([b"eu"] * 5000) + b" --> step\n",
        ("long-condition.md:2:",),
    ),
    "deep-quotes.md": (
        b"## Procedure\n1. step\n\n" + b"> " * 25 + b"lost?\n",
        ("deep-quotes.md:4:", "nested too deeply"),
    ),
    "deep-list.md": (
        b"## Procedure\n1. step\n\n" + b"".join(b"  " * i + b"- item\n" for i in range(40)),
        ("deep-list.md:13:", "nested too deeply"),
    ),
    "deep-condition.md": (
        b"## Procedure\n1. <!-- when: " + b"(" * 300 + b"eu" + b")" * 300 + b" --> step\n",
        ("deep-condition.md:2:",),
    ),
}


@pytest.mark.parametrize("file_name", list(GUIDE_CASES))
def test_bad_guide_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], file_name: str) -> None:
    data, parts = GUIDE_CASES[file_name]
    guide = write_guide(tmp_path, file_name, data)
    profile = write_profile(tmp_path, "p")
    code, _, err = run_cli(
        capsys,
        "build",
        str(profile),
        "-o",
        str(tmp_path / "out"),
        "--guide",
        str(guide),
        "--format",
        "html",
    )
    assert code == EXIT_INPUT, err
    assert_one_error(err, *parts)


def test_big_guide_is_refused_by_size_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = sparse(tmp_path / "big.md", FIFTY_MB)
    forbid_reading(monkeypatch, guide)
    profile = write_profile(tmp_path, "p")
    code, _, err = run_cli(
        capsys, "build", str(profile), "-o", str(tmp_path / "out"), "--guide", str(guide)
    )
    assert code == EXIT_INPUT
    assert_one_error(err, "big.md", "too large", str(MAX_GUIDE_BYTES))


def test_guide_just_over_the_limit_is_refused_and_at_the_limit_is_read(tmp_path: Path) -> None:
    from paperasse.errors import UserError

    padding = b"\n" + b"x" * 79
    body = GOOD_BODY + padding * ((MAX_GUIDE_BYTES - len(GOOD_BODY)) // len(padding))
    at_limit = tmp_path / "at.md"
    at_limit.write_bytes(body + b"y" * (MAX_GUIDE_BYTES - len(body)))
    assert at_limit.stat().st_size == MAX_GUIDE_BYTES
    assert guide_module.read_guide(at_limit).steps
    over = tmp_path / "over.md"
    over.write_bytes(at_limit.read_bytes() + b"z")
    with pytest.raises(UserError, match="too large"):
        guide_module.read_guide(over)


def test_folder_with_no_profiles_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("name: x", encoding="utf-8")
    code, _, err = run_cli(capsys, "build", str(folder))
    assert code == EXIT_USAGE
    assert_one_error(err, str(folder), "no profile files")


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "build", str(tmp_path / "nope.yaml"))
    assert code == EXIT_USAGE
    assert_one_error(err, "nope.yaml", "no such file")


def test_unsupported_profile_type_given_directly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "profile.txt"
    path.write_text("name: x", encoding="utf-8")
    code, _, err = run_cli(capsys, "build", str(path), "-o", str(tmp_path / "out"))
    assert code == EXIT_INPUT
    assert_one_error(err, "profile.txt", "unsupported")


def test_nesting_just_under_the_limit_keeps_everything(tmp_path: Path) -> None:
    text = "## Procedure\n1. step\n\n" + "> " * 19 + "kept deep\n\nkept after\n"
    guide = guide_module.read_guide(tmp_path / "g.md", text=text)
    words = " ".join(block.text for block in guide.procedure_notes)
    assert "kept deep" in words and "kept after" in words


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
def test_file_names_that_are_not_utf8_are_shown_escaped_and_the_manifest_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    good = os.path.join(os.fsencode(folder), b"\xffana.yaml")
    bad = os.path.join(os.fsencode(folder), b"\xfebad.yaml")
    with open(good, "wb") as handle:
        handle.write(b"name: Ana\ncitizenship: BR\nstatus: worker\n")
    with open(bad, "wb") as handle:
        handle.write(b"name: Bo\ncitizenship: [\n")
    out = tmp_path / "out"
    code, _, err = run_cli(
        capsys,
        "build",
        str(folder),
        "-o",
        str(out),
        "--format",
        "html",
        "--guide",
        str(TEST_GUIDE_EN),
        "--jobs",
        "1",
    )
    assert code == EXIT_INPUT
    line = assert_one_error(err, "\\xfebad.yaml:3: malformed YAML")
    assert "\udcfe" not in line
    assert (out / "ana.html").is_file()
    records = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dossiers"]
    assert sorted((Path(r["source"]).name, r["status"]) for r in records) == [
        ("\\xfebad.yaml", "failed"),
        ("\\xffana.yaml", "written"),
    ]
    assert "\\xffana.yaml" in (out / "manifest.csv").read_text(encoding="utf-8")
