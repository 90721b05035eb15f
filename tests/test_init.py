"""`paperasse init`: questions (driven with CliRunner input) or options -> a profile file that
reads back, and the dossier built from it; country names in English, French or codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from paperasse.cli import app, wizard
from paperasse.inputs.profile import read_profile
from pdfread import pdf_text

runner = CliRunner()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if run in a terminal: questions are asked (answers come from CliRunner's input)."""
    monkeypatch.setattr(wizard, "stdin_is_terminal", lambda: True)


OPTIONS = [
    "--name",
    "Ana Souza",
    "--citizenship",
    "Brésil",
    "--status",
    "student",
    "--language",
    "fr",
    "--arrival-date",
    "2026-09-01",
]


# ------------------------------------------------------------------- without a terminal


def test_options_write_a_profile_that_reads_back(here: Path) -> None:
    result = runner.invoke(app, ["init", *OPTIONS])
    assert result.exit_code == 0, result.output
    path = here / "ana-souza.yaml"
    assert "ana-souza.yaml" in result.output
    profile = read_profile(path)
    assert (
        profile.name,
        profile.citizenship,
        profile.status,
        profile.language,
        str(profile.arrival_date),
    ) == ("Ana Souza", "BR", "student", "fr", "2026-09-01")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# A paperasse profile")
    assert not (here / "dossiers").exists()  # not built unless asked


@pytest.mark.parametrize("typed", ["Brazil", "Brésil", "bresil", "BR", "br"])
def test_country_as_english_or_french_name_or_code(here: Path, typed: str) -> None:
    result = runner.invoke(
        app, ["init", "--name", "A", "--citizenship", typed, "--status", "worker", "-o", "a.yaml"]
    )
    assert result.exit_code == 0, result.output
    assert read_profile(here / "a.yaml").citizenship == "BR"


def test_norway_is_not_read_back_as_false(here: Path) -> None:
    result = runner.invoke(
        app,
        [
            "init",
            "--name",
            "Ola",
            "--citizenship",
            "Norvège",
            "--status",
            "worker",
            "-o",
            "ola.yaml",
        ],
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((here / "ola.yaml").read_text(encoding="utf-8"))["citizenship"] == "NO"
    assert read_profile(here / "ola.yaml").is_eu


@pytest.mark.parametrize("missing", ["--name", "--citizenship", "--status"])
def test_missing_option_without_terminal_is_a_usage_error(here: Path, missing: str) -> None:
    args = ["--name", "A", "--citizenship", "BR", "--status", "worker"]
    at = args.index(missing)
    del args[at : at + 2]
    result = runner.invoke(app, ["init", *args])
    assert result.exit_code == 2
    assert f"missing option {missing}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(here.glob("*.yaml"))


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--citizenship", "Brazl", "did you mean 'Brazil' (BR)?"),
        ("--citizenship", "Bresill", "did you mean 'Brésil' (BR)?"),
        ("--status", "étudiant", "did you mean 'student'?"),
        ("--language", "french", "did you mean 'fr'?"),
        ("--arrival-date", "2026-02-30", "not a valid date"),
        ("--arrival-date", "01/09/2026", "YYYY-MM-DD"),
    ],
)
def test_bad_option_value_is_one_line_with_a_hint(
    here: Path, option: str, value: str, hint: str
) -> None:
    args = {"--name": "A", "--citizenship": "BR", "--status": "worker", option: value}
    result = runner.invoke(app, ["init", *[x for pair in args.items() for x in pair]])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in result.output
    assert line.startswith(f"paperasse: error: {option} = ") and hint in line, line
    assert not list(here.glob("*.yaml"))


def test_refuses_to_overwrite_unless_forced(here: Path) -> None:
    existing = here / "ana-souza.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    result = runner.invoke(app, ["init", *OPTIONS])
    assert result.exit_code == 2
    assert "file exists; use --force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    result = runner.invoke(app, ["init", *OPTIONS, "--force"])
    assert result.exit_code == 0, result.output
    assert read_profile(existing).name == "Ana Souza"


def test_output_must_be_yaml(here: Path) -> None:
    result = runner.invoke(app, ["init", *OPTIONS, "-o", "me.json"])
    assert result.exit_code == 2 and "--output" in result.stderr


@pytest.mark.slow
def test_build_option_builds_the_dossier(here: Path) -> None:
    result = runner.invoke(app, ["init", *OPTIONS, "--build"])
    assert result.exit_code == 0, result.output
    pdf = here / "dossiers" / "ana-souza.pdf"
    assert str(Path("dossiers") / "ana-souza.pdf") in result.output
    text = pdf_text(pdf.read_bytes())
    assert "Ana Souza" in text and "Brésil (hors UE)" in text
    assert "Étapes, dans l'ordre" in text


# ------------------------------------------------------------------- in a terminal


def test_questions_reask_until_valid(here: Path, terminal: None) -> None:
    answers = [
        "Zoë Ünal",
        "Brazl",
        "Brésil",  # typo: did-you-mean, asked again
        "étudiant",
        "student",  # French word: hint, asked again
        "french",
        "fr",
        "2026-02-30",
        "2026-09-01",
        "maybe",
        "y",  # scholarship (a non-EU student is asked): yes/no only
        "",  # partner: empty is no
        "4, 9",  # children: their ages
        "n",  # do not build now
    ]
    result = runner.invoke(app, ["init"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    for question in (
        "Your name",
        "Your citizenship",
        "worker or a student",
        "Language of your dossier",
        "Date of arrival",
        "CROUS scholarship",
        "spouse or partner",
        "How many children",
        "Build your dossier now?",
    ):
        assert question in out, question
    # a student is not asked about posting or a passeport talent
    assert "posted you to France" not in out and "passeport talent" not in out
    assert "must be yes or no" in out
    assert "did you mean 'Brazil' (BR)?" in out
    assert "-> Brazil (non-EU)" in out
    assert "did you mean 'student'?" in out
    assert "did you mean 'fr'?" in out
    assert "is not a valid date" in out
    profile = read_profile(here / "zoe-unal.yaml")
    assert (
        profile.name,
        profile.citizenship,
        profile.status,
        profile.language,
        str(profile.arrival_date),
    ) == ("Zoë Ünal", "BR", "student", "fr", "2026-09-01")
    assert (profile.scholarship, profile.partner, profile.children) == (True, None, (4, 9))
    assert not (here / "dossiers").exists()
    assert "paperasse build zoe-unal.yaml" in out


@pytest.mark.slow
def test_questions_take_defaults_and_build_when_confirmed(here: Path, terminal: None) -> None:
    # name, citizenship, status; Enter for the language (en), the arrival date (none), posted,
    # passeport talent, partner and children (not said); Enter again to accept building; "n"
    # to the whole arrival pack (the health insurance guide alone).
    result = runner.invoke(app, ["init"], input="Kim Lee\nKR\nworker\n" + "\n" * 7 + "n\n")
    assert result.exit_code == 0, result.output
    profile = read_profile(here / "kim-lee.yaml")
    assert (profile.language, profile.arrival_date, profile.status) == ("en", None, "worker")
    text = pdf_text((here / "dossiers" / "kim-lee.pdf").read_bytes())
    assert "Kim Lee" in text and "non-EU" in text


def test_init_offers_the_arrival_pack(here: Path, terminal: None, monkeypatch) -> None:
    built: list[object] = []

    def build_now(path: Path, pack: str | None = None) -> tuple[Path, tuple[str, ...]]:
        built.append(pack)
        return Path("dossiers") / "kim.pdf", ()

    monkeypatch.setattr(wizard, "build_now", build_now)
    options = [
        "init",
        "--name",
        "Kim",
        "--citizenship",
        "KR",
        "--status",
        "worker",
        "--language",
        "en",
        "--arrival-date",
        "2026-09-01",
        "--posted",
        "no",
        "--talent",
        "no",
        "--partner",
        "no",
        "--children",
        "0",
    ]
    result = runner.invoke(app, [*options, "-o", "a.yaml"], input="\n\n")
    assert result.exit_code == 0, result.output
    assert "The whole arrival in one dossier (pack france-arrival" in result.output
    result = runner.invoke(app, [*options, "-o", "b.yaml"], input="\nn\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*options, "-o", "c.yaml", "--no-build"])
    assert "Or the whole arrival: paperasse build c.yaml --pack france-arrival" in result.output
    assert built == ["france-arrival", None]


def test_options_given_are_not_asked(here: Path, terminal: None) -> None:
    result = runner.invoke(
        app,
        ["init", "--name", "Jo", "--citizenship", "Deutschland", "--no-build"],
        input="Allemagne\nworker\nen\n\n\n\n\n",
    )
    assert result.exit_code == 0, result.output
    assert "Your name" not in result.output
    assert "Your citizenship" in result.output  # the bad option is asked again
    assert read_profile(here / "jo.yaml").citizenship == "DE"


@pytest.mark.parametrize(
    ("citizenship", "status", "asked", "not_asked"),
    [
        ("VN", "student", ["CROUS scholarship"], ["posted you to France", "passeport talent"]),
        ("DE", "student", [], ["CROUS scholarship", "posted you to France", "passeport talent"]),
        ("BR", "worker", ["posted you to France", "passeport talent"], ["CROUS scholarship"]),
        ("PL", "worker", ["posted you to France"], ["CROUS scholarship", "passeport talent"]),
    ],
)
def test_situation_questions_only_when_they_matter(
    here: Path,
    terminal: None,
    citizenship: str,
    status: str,
    asked: list[str],
    not_asked: list[str],
) -> None:
    """A scholarship decides housing aid for non-EU students; posting and the passeport talent
    concern workers (the passeport talent, non-EU ones); partner and children everyone."""
    answers = ["Kim", citizenship, status, "en", ""] + ["yes"] * len(asked) + ["yes", "2", "n"]
    result = runner.invoke(app, ["init", "-o", "kim.yaml"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    for question in [*asked, "spouse or partner", "How many children"]:
        assert question in result.output, question
    for question in not_asked:
        assert question not in result.output, question
    profile = read_profile(here / "kim.yaml")
    said = {
        "CROUS scholarship": "scholarship",
        "posted you to France": "posted",
        "passeport talent": "talent",
    }
    for question, key in said.items():
        assert getattr(profile, key) == (True if question in asked else None), key
    assert (profile.partner, profile.children) == (True, 2)
    assert read_profile(here / "kim.yaml").tags() >= {"partner", "children"}


def test_situation_options_write_a_profile_that_reads_back(here: Path) -> None:
    result = runner.invoke(
        app, ["init", *OPTIONS, "--scholarship", "oui", "--partner", "no", "--children", "4,9"]
    )
    assert result.exit_code == 0, result.output
    profile = read_profile(here / "ana-souza.yaml")
    assert (profile.scholarship, profile.posted, profile.partner, profile.children) == (
        True,
        None,
        False,
        (4, 9),
    )
    data = yaml.safe_load((here / "ana-souza.yaml").read_text(encoding="utf-8"))
    assert data["scholarship"] is True and data["children"] == [4, 9] and "posted" not in data


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--scholarship", "yess", "did you mean 'yes'?"),
        ("--posted", "maybe", "must be yes or no"),
        ("--children", "-1", "children"),
    ],
)
def test_bad_situation_option_is_one_line(here: Path, option: str, value: str, hint: str) -> None:
    result = runner.invoke(
        app, ["init", "--name", "A", "--citizenship", "BR", "--status", "worker", option, value]
    )
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in result.output
    assert line.startswith(f"paperasse: error: {option} = ") and hint in line, line
    assert not list(here.glob("*.yaml"))


def test_existing_output_is_refused_before_any_question(here: Path, terminal: None) -> None:
    (here / "me.yaml").write_text("x: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "-o", "me.yaml"], input="A\nBR\nworker\n\n\n\n")
    assert result.exit_code == 2
    assert "Your name" not in result.output


# ------------------------------------------------------------------- country names in build


@pytest.mark.slow
@pytest.mark.parametrize(
    ("typed", "lang", "label"),
    [
        ("Brazil", "en", "Brazil (non-EU)"),
        ("Brésil", "fr", "Brésil (hors UE)"),
        ("BR", "en", "Brazil (non-EU)"),
    ],
)
def test_build_accepts_country_names_and_codes(
    tmp_path: Path, typed: str, lang: str, label: str
) -> None:
    from conftest import TEST_GUIDE_EN, write_profile

    profile = write_profile(tmp_path, "c", citizenship=typed, language=lang)
    out = tmp_path / "c.pdf"
    result = runner.invoke(
        app, ["build", str(profile), "-o", str(out), "--guide", str(TEST_GUIDE_EN)]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert label in text
    assert "Validate your visa" in text  # non-EU step applies


def test_build_reports_a_mistyped_country_with_a_hint(tmp_path: Path) -> None:
    from conftest import write_profile

    profile = write_profile(tmp_path, "typo", citizenship="Brazill")
    result = runner.invoke(app, ["build", str(profile), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "typo.yaml:" in result.stderr and "citizenship = 'Brazill'" in result.stderr
    assert "did you mean 'Brazil' (BR)?" in result.stderr


def test_an_existing_file_is_refused_before_the_other_questions(here: Path, terminal: None) -> None:
    existing = here / "zoe-unal.yaml"
    existing.write_text("keep me\n", encoding="utf-8")
    result = runner.invoke(app, ["init"], input="Zoë Ünal\nBrésil\nstudent\n")
    assert result.exit_code == 2, result.output
    assert "Your citizenship" not in result.output  # refused right after the name
    assert "zoe-unal.yaml: file exists; use --force to overwrite it" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    result = runner.invoke(app, ["init", "-o", "me.json"], input="Zoë\n")
    assert result.exit_code == 2 and "Your name" not in result.output  # before any question
