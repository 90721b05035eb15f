"""Messages a person reads, with no Python in them (issue 13): values as written, --help in
words, counts with their noun, every problem of a profile at once; and the first hour's
commands (folders with brand files and manifests, ``-o NAME.html``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, write_profile
from paperasse.batch.jobs import expand_inputs
from paperasse.batch.pack import count
from paperasse.cli import app
from paperasse.errors import UserError

runner = CliRunner()

PYTHON = re.compile(r"<(?:list\[|str>|int|path>|float)|\{[a-z_]+\}|datetime\.|Value error|%Y")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.date(2026, 9, 5), "2026-09-05"),
        (dt.datetime(2026, 9, 5, 10, 30), "2026-09-05 10:30:00"),
        (dt.time(10, 30), "10:30:00"),
        (12, "12"),
        ("Atlantis", "'Atlantis'"),
    ],
)
def test_values_are_shown_as_written_not_as_python(value: object, shown: str) -> None:
    assert str(UserError("is bad", file="p.yaml", key="k", value=value)) == (
        f"p.yaml: k = {shown}: is bad"
    )


def test_a_date_where_text_is_wanted_reads_as_a_date(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: 2026-09-05\ncitizenship: BR\nstatus: worker\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(profile)])
    assert result.exit_code == 1
    assert f"{profile}:1: name = 2026-09-05: must be text, not a date" in result.stderr


@pytest.mark.parametrize("command", ["build", "explain", "check", "guides", "init", "serve"])
def test_help_names_values_in_words(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], prog_name="paperasse", terminal_width=100)
    assert result.exit_code == 0, result.output
    assert not PYTHON.search(result.output), PYTHON.search(result.output)


def test_build_help_usage_line() -> None:
    result = runner.invoke(app, ["build", "--help"], prog_name="paperasse")
    assert "Usage: paperasse build [OPTIONS] PROFILE...\n" in result.output
    assert "--guides DIR" in result.output and "-f, --format pdf|html" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("05/09/2026", "must be a date written YYYY-MM-DD, such as 2026-09-05"),
        ("2026-02-30", "is not a valid date"),
    ],
)
def test_a_bad_date_option_says_so_in_words(tmp_path: Path, value: str, message: str) -> None:
    profile = write_profile(tmp_path, "p")
    result = runner.invoke(app, ["build", str(profile), "--date", value])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"paperasse: error: --date = '{value}': {message}"


def test_counts_take_their_noun() -> None:
    assert [count(n, "dossier") for n in (0, 1, 2)] == ["0 dossiers", "1 dossier", "2 dossiers"]


def test_every_problem_of_a_profile_is_printed_one_a_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: A\ncitizenshp: BR\nstatus: boss\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(profile)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ")[2:4] for line in lines] == [
        [f"{profile}:2", "citizenshp = 'BR'"],
        [f"{profile}:3", "status = 'boss'"],
        [f"{profile}", "citizenship"],
    ]
    assert "more problem" not in result.stderr


def test_folders_skip_manifests_and_brand_files(tmp_path: Path) -> None:
    write_profile(tmp_path, "ana")
    for name in ("manifest.json", "brand.yaml", "agency-brand.yml", "out/manifest.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in expand_inputs([tmp_path])] == ["ana.yaml"]


def test_an_html_output_name_means_html(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "p")
    out = tmp_path / "me.html"
    result = runner.invoke(app, ["build", str(profile), "-o", str(out), "-g", str(TEST_GUIDE_EN)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    result = runner.invoke(app, ["build", str(profile), "-o", str(out), "--format", "pdf"])
    assert result.exit_code == 2 and "does not match --format pdf" in result.stderr


def test_a_guide_file_in_another_language_than_the_profile_is_said_once(tmp_path: Path) -> None:
    from paperasse.guide.catalog import Catalog

    catalog = Catalog()
    fr_guide = TEST_GUIDE_EN.parent.parent.parent / "fr" / "testland" / "registration.md"
    assert catalog.choose(str(TEST_GUIDE_EN), "en")[1] == ()
    assert catalog.choose(str(fr_guide), "fr")[1] == ()
    assert catalog.choose(str(TEST_GUIDE_EN), "fr")[1] == (
        "Le fichier du guide donné est en anglais : seuls les titres sont en français.",
    )
    assert catalog.choose(str(fr_guide), "en")[1] == (
        "The guide file given is in French: only the headings are in English.",
    )
    loose = tmp_path / "mine.md"  # no folder to tell: the front matter's lang says
    loose.write_text("---\ntitle: X\nlang: es\n---\n", encoding="utf-8")
    assert catalog.choose(str(loose), "en")[1] == (
        "The guide file given is in es: only the headings are in English.",
    )


def test_a_name_the_bundled_fonts_cannot_draw_is_warned_about_on_one_line() -> None:
    from paperasse.batch.jobs import Job, glyph_notices
    from paperasse.inputs.profile import profile_from_mapping
    from paperasse.render.glyphs import missing_glyphs
    from paperasse.render.pdf import cjk_font

    assert missing_glyphs("Zoë Ünal, Nguyễn Thị Mai, Łukasz, Дмитрий, مهرداد") == set()
    # Noto Sans CJK draws Chinese when paperasse[cjk] is installed (the test extra has it)
    assert missing_glyphs("王芳 Wang") == (set() if cjk_font() else {"王", "芳"})
    assert missing_glyphs("ሰላም Abebe") == {"ሰ", "ላ", "ም"}  # Ethiopic: no font has it

    def job(name: str, row: int) -> Job:
        data = {"name": name, "citizenship": "CN", "status": "worker"}
        return Job("c.csv", row, profile_from_mapping(data, source="c.csv"))

    jobs = [job("ሰላም", 2), job("Zoë", 3)]
    assert glyph_notices(jobs, "pdf") == [
        "c.csv, row 2: the name 'ሰላም' has characters the bundled fonts cannot draw (ላ, ም, ሰ): "
        "they print as empty boxes"
    ]
    assert glyph_notices(jobs, "html") == []  # a browser draws with its own fonts


# The release's (df494f6) wording for what it already refused, kept word for word (issue 9,
# point 6): the refactor had reworded these.
RELEASED_PROFILE_MESSAGES = [
    (
        "latin1.yaml",
        "name: Zoë\n".encode("latin-1"),
        1,
        "the file is not valid UTF-8 (byte 0xeb); save it as UTF-8",
    ),
    (
        "list.json",
        b'["a"]',
        1,
        "the profile must be a mapping of keys to values (name: ...), not a list",
    ),
    (
        "scalar.yaml",
        b"hello\n",
        1,
        "the profile must be a mapping of keys to values (name: ...), not a single value",
    ),
]


@pytest.mark.parametrize(("name", "data", "line", "message"), RELEASED_PROFILE_MESSAGES)
def test_released_wording_of_a_bad_profile_file(
    tmp_path: Path, name: str, data: bytes, line: int, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"paperasse: error: {path}:{line}: {message}\n"


def test_released_wording_of_unknown_and_non_text_keys(tmp_path: Path) -> None:
    from paperasse.inputs.profile import KNOWN_KEYS

    known = ", ".join(KNOWN_KEYS)
    path = tmp_path / "p.yaml"
    path.write_text("name: A\ncitizenship: BR\nstatus: worker\nstatut: x\n1: y\n", "utf-8")
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"paperasse: error: {path}:4: statut = 'x': unknown key (did you mean 'status'?); "
        f"known keys: {known}",
        f"paperasse: error: {path}: 1 = 'y': keys must be text; known keys: {known}",
    ]


def test_released_wording_of_files_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperasse.guide import read_guide
    from paperasse.guide.source import GUIDE_FILE
    from paperasse.inputs.files import cannot_read, read_text
    from paperasse.inputs.profile import PROFILE_FILE

    folder = tmp_path / "f.yaml"  # a folder: the system refuses to read it as a file
    folder.mkdir()
    with pytest.raises(UserError) as caught:
        read_text(folder, PROFILE_FILE)
    assert str(caught.value) == f"{folder}: cannot read the profile: Is a directory"
    with pytest.raises(UserError) as caught:
        read_guide(folder)
    assert str(caught.value) == f"{folder}: cannot read the guide: Is a directory"
    denied = PermissionError(13, "Permission denied")  # the batch's guide hashing says the same
    assert str(cannot_read("g.md", GUIDE_FILE, denied)) == (
        "g.md: cannot read the guide: Permission denied"
    )
    write_profile(tmp_path, "p")
    monkeypatch.chdir(tmp_path)  # a short name: a long value is cut at 60 characters
    result = runner.invoke(app, ["build", "p.yaml", "--brand", "nope.yaml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "paperasse: error: nope.yaml: --brand = 'nope.yaml': cannot read the brand file: "
        "No such file or directory\n"
    )


def test_released_wording_of_a_file_that_is_not_xlsx(tmp_path: Path) -> None:
    from paperasse.inputs.profile import KNOWN_KEYS
    from paperasse.inputs.tables import read_table

    path = tmp_path / "c.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(UserError) as caught:
        read_table(path, KNOWN_KEYS)
    assert str(caught.value) == f"{path}: cannot read the .xlsx file: File is not a zip file"
