"""Escape sequences written in a guide never reach the terminal raw (issue 16): explain,
guides, check and build notices show them as visible ``\\x1b`` text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_profile
from paperasse.cli import app

ESC = "\x1b"
#: clear the screen, set the window title, an OSC 8 hyperlink, an OSC 52 clipboard write, C1 CSI
HOSTILE = [
    f"{ESC}[2J{ESC}[H",
    f"{ESC}]0;owned{chr(7)}",
    f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\",
    f"{ESC}]52;c;Y3VybCBldmls{chr(7)}",
    "\x9b31m",
    "\u202egnp.exe",
]


def hostile_guide(folder: Path) -> Path:
    step, _, doc, heading, section, _ = HOSTILE  # title and description: YAML escapes
    text = (  # YAML refuses raw control characters: its escapes say ESC, BEL and U+202E
        "---\n"
        'title: "Title \\e]0;owned\\a"\n'
        "translationKey: testland-hostile\n"
        "date: 2024-01-01\n"
        'description: "\\u202egnp.exe"\n'
        "author: a\n"
        "---\n"
        "## Procedure\n"
        f"1. Step {step}\n"
        "2. <!-- when: student --> Only students\n\n"
        "## Documents\n"
        f"- Doc {doc}\n\n"
        f"## Details {heading}\n"
        "Words.\n\n"
        f"## Other {section}\n"
        "More.\n"
    )
    path = folder / "en" / "testland" / "hostile.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _raw(output: str) -> list[str]:
    return [c for c in (ESC, "\x07", "\x9b", "\u202e") if c in output]


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    return hostile_guide(tmp_path / "guides")


def test_explain_shows_escapes_as_text(tmp_path: Path, guide: Path) -> None:
    profile = write_profile(tmp_path, "p")
    result = CliRunner().invoke(app, ["explain", str(profile), "--guide", str(guide)])
    assert result.exit_code == 0, result.output
    assert _raw(result.output) == []
    assert "\\x1b]0;owned" in result.output  # the title, visible
    assert "Step \\x1b[2J" in result.output


def test_guides_shows_escapes_as_text(tmp_path: Path, guide: Path) -> None:
    result = CliRunner().invoke(app, ["guides", "--guides", str(tmp_path / "guides")])
    assert result.exit_code == 0, result.output
    assert _raw(result.output) == []
    assert "Title \\x1b]0;owned\\x07" in result.output


def test_check_shows_escapes_as_text(tmp_path: Path, guide: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(guide)])
    assert _raw(result.output) == []
    assert "section 'Other \\x9b31m'" in result.output or "Other \\x9b31m" in result.output


def test_build_notices_show_escapes_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "guides"
    guide = hostile_guide(folder)
    text = guide.read_text(encoding="utf-8").replace("date: 2024-01-01", 'date: "1 \\e[2J 2024"')
    guide.write_text(text, encoding="utf-8")
    profile = write_profile(tmp_path, "p")
    args = ["build", str(profile), "--guide", str(guide), "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(app, [*args, "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "not a date" in result.stderr
    assert _raw(result.stderr) == []
