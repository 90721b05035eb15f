"""`paperasse explain` and `paperasse guides`, read from their output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, TEST_GUIDES, write_profile
from paperasse.cli import app

runner = CliRunner()
ANSI = "\x1b["


def explain(tmp_path: Path, *extra: str, **values: object):
    profile = write_profile(tmp_path, "p", **values)
    return runner.invoke(app, ["explain", str(profile), *extra])


def test_explain_lists_what_applies_and_why_the_rest_is_left_out(tmp_path: Path) -> None:
    result = explain(
        tmp_path, "--guide", str(TEST_GUIDE_EN), name="Kasia", citizenship="PL", status="worker"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert ANSI not in out  # plain text when not a terminal
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Registering in Testland"
    assert "For Kasia: Poland (EU/EEA/Switzerland), Worker (employee)." in lines
    assert "Conditions in the guide are tested against: EU/EEA/Swiss + worker." in lines
    steps = lines.index("Steps that apply (3)")
    assert lines[steps + 1 : steps + 5] == [
        "  ✓ 1. Arrive in Testland and keep your ticket.",
        "  ✓ 2. Ask your employer to file form W-42 at the labour office.",
        "      only for worker (in the guide: when: worker)",
        "  ✓ 3. Wait for your Testland number.",
    ]
    docs = lines.index("Documents to gather (2)")
    assert lines[docs + 1] == "  ✓ Passport or national ID card"
    left = lines.index("Left out for this profile (6)")
    assert lines[left + 1 :] == [
        "  ✗ paragraph, line 19: Students register through their university office.",
        "      only for student (in the guide: when: student)",
        "  ✗ step, line 28: Validate your visa online within 3 months on the visa portal.",
        "      only for non-EU (in the guide: when: non-eu)",
        "  ✗ step, line 30: Sign up on the campus health site.",
        "      only for student (in the guide: when: student)",
        "  ✗ step, line 31: Upload your validated student visa to the campus site.",
        "      only for non-EU + student (in the guide: when: non-eu and student)",
        "  ✗ document, line 36: Residence permit",
        "      only for non-EU (in the guide: when: non-eu)",
        "  ✗ document, line 38: Certificate of enrolment",
        "      only for student (in the guide: when: student)",
    ]


def test_explain_speaks_the_profiles_language(tmp_path: Path) -> None:
    result = explain(
        tmp_path,
        "--guides",
        str(TEST_GUIDES),
        "--guide",
        "testland-registration",
        citizenship="Brésil",
        status="student",
        language="fr",
        arrival_date="2026-12-14",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Étapes qui s'appliquent (5)" in out
    assert "date limite : avant le 14 mars 2027 (3 mois après l'arrivée)" in out
    assert "seulement pour hors UE + étudiant (dans le guide : when: non-eu and student)" in out
    assert "Laissé de côté pour ce profil (3)" in out
    assert "✗ étape, ligne" in out
    assert "seulement pour salarié (dans le guide : when: worker)" in out
    assert "organisme" not in out  # the guide's one provider applies to everyone


def test_explain_nothing_left_out(tmp_path: Path) -> None:
    guide = tmp_path / "plain.md"
    guide.write_text("---\ntitle: Plain\n---\n## Procedure\n1. One thing\n", encoding="utf-8")
    result = explain(tmp_path, "--guide", str(guide))
    assert result.exit_code == 0, result.output
    assert "Nothing is left out: every part of the guide applies." in result.stdout
    assert "Documents to gather (0)" in result.stdout


def test_explain_text_is_never_read_as_markup(tmp_path: Path) -> None:
    result = explain(tmp_path, "--guide", str(TEST_GUIDE_EN), name="[bold]Zoë[/bold] [red]")
    assert result.exit_code == 0, result.output
    assert "For [bold]Zoë[/bold] [red]:" in result.stdout


def test_explain_is_styled_in_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = explain(tmp_path, "--guide", str(TEST_GUIDE_EN))
    assert result.exit_code == 0, result.output
    assert ANSI in result.stdout


def test_explain_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", str(tmp_path / "nobody.yaml")])
    assert result.exit_code == 2 and "nobody.yaml: no such file" in result.stderr
    result = explain(tmp_path, citizenship="Atlantis")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "citizenship" in result.stderr
    result = explain(tmp_path, "--guide", "no-such-guide")
    assert result.exit_code == 2 and "--guide" in result.stderr


# ------------------------------------------------------------------- paperasse guides


def rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def test_guides_lists_bundled_guides_as_plain_lines() -> None:
    result = runner.invoke(app, ["guides"])
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert table[0] == ["translationKey", "lang", "title", "dated", "last_checked", "from"]
    keys = {(r[0], r[1]) for r in table[1:]}
    assert {
        ("france-social_security_registration", "en"),
        ("france-social_security_registration", "fr"),
    } <= keys
    for row in table[1:]:
        assert len(row) == 6 and row[2] and row[5] == "bundled"
        assert row[3][:2] == "20" and row[4][:2] == "20"  # ISO dates


def test_guides_adds_a_folder_with_dates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guides", "--guides", str(TEST_GUIDES)])
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert [
        "testland-registration",
        "en",
        "Registering in Testland",
        "2026-01-15",
        "2026-02-01",
        str(TEST_GUIDES),
    ] in table
    assert [
        "testland-registration",
        "fr",
        "S’enregistrer au Testland",
        "2026-01-15",
        "2026-02-01",
        str(TEST_GUIDES),
    ] in table


def test_guides_reports_a_bad_guide_and_lists_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "g" / "en" / "xx"
    folder.mkdir(parents=True)
    (folder / "ok.md").write_text(
        "---\ntitle: Fine\ndate: 2026-03-04\n---\n## Procedure\n1. a\n", encoding="utf-8"
    )
    (folder / "bad.md").write_text(
        "---\ntitle: Broken\ndate: 2026-13-45\n---\nx\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["guides", "--guides", str(tmp_path / "g")])
    assert result.exit_code == 1
    table = rows(result.stdout)
    assert ["xx-ok", "en", "Fine", "2026-03-04", "-", str(tmp_path / "g")] in table
    bad = next(r for r in table if r[0] == "xx-bad")
    assert bad[2].startswith("ERROR: ") and "bad.md" in bad[2]
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.md" in result.stderr


def test_guides_is_a_table_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = runner.invoke(app, ["guides"])
    assert result.exit_code == 0
    assert ANSI in result.stdout and "│" in result.stdout and "\t" not in result.stdout
