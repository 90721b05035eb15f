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
