"""Every command's --help shows an example (checked over the commands registered at run time,
so a command added later is checked too), and Typer's shell completion works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from paperasse.cli import app

runner = CliRunner()


def command_paths() -> list[list[str]]:
    """Every command, nested groups included, as its argv path: [["build"], ["init"], ...]."""
    root = typer.main.get_command(app)  # Typer's (vendored) click Group
    assert hasattr(root, "commands")
    paths: list[list[str]] = []

    def walk(group: object, prefix: list[str]) -> None:
        for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
            if getattr(command, "hidden", False):
                continue
            paths.append([*prefix, name])
            if hasattr(command, "commands"):
                walk(command, [*prefix, name])

    walk(root, [])
    return paths


def test_the_usual_commands_are_registered() -> None:
    names = {path[0] for path in command_paths()}
    assert {"build", "init", "explain", "guides"} <= names


def test_every_commands_help_shows_an_example() -> None:
    missing = []
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"], prog_name="paperasse")
        assert result.exit_code == 0, (path, result.output)
        example = f"paperasse {' '.join(path)}"
        lines = [line.strip() for line in result.output.splitlines()]
        if not any(line.startswith("Example") and example in line for line in lines):
            missing.append(" ".join(path))
    assert not missing, f"--help without an 'Example: paperasse …' line: {missing}"


def test_root_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"], prog_name="paperasse")
    assert result.exit_code == 0
    for path in command_paths():
        if len(path) == 1:
            assert path[0] in result.output


def test_show_completion_prints_a_bash_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell is named, not guessed from the parent processes: without this Typer switch,
    ``--show-completion`` ignores ``bash`` and asks shellingham, which finds no shell when pytest
    is not run from one (setsid, CI runners)."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="paperasse")
    assert result.exit_code == 0, result.output
    assert "_paperasse_completion()" in result.output
    assert "complete -o default -F _paperasse_completion paperasse" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("paperasse ex", 1, {"explain"}),
        ("paperasse gu", 1, {"guides"}),
        ("paperasse init --sta", 2, {"--status"}),
        ("paperasse init --status ", 3, {"worker", "student"}),
        ("paperasse init --language ", 3, {"en", "fr"}),
        ("paperasse explain p.yaml --guide france-so", 4, {"france-social_security_registration"}),
        ("paperasse build p.yaml -g france-dr", 4, {"france-driving_licence"}),
    ],
)
def test_completion_answers_like_a_shell_would_ask(
    words: str, cword: int, expected: set[str]
) -> None:
    """The protocol the installed bash script uses: the console script with env variables."""
    env = {
        **os.environ,
        "_PAPERASSE_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv[0] = 'paperasse'\nfrom paperasse.cli import main; main()",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == expected, done.stdout
