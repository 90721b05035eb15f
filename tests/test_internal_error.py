"""The CLI's last resort: a bug gives one line and exit code 70, never a traceback, unless
PAPERASSE_DEBUG=1 asks for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_profile
from paperasse.errors import EXIT_INTERNAL, UserError, one_line

# A bug planted in the build: select_pack(), which Builder.dossier_from calls for every dossier
# (one guide or a pack's), raises an unexpected exception.
BUGGY = """
import sys
import paperasse.build
def broken(*args, **kwargs):
    raise KeyError("planted bug\\nsecond line")
assert paperasse.build.select_pack  # the name the build calls (a stale name would plant nothing)
paperasse.build.select_pack = broken
from paperasse.cli import main
sys.argv = ["paperasse", *sys.argv[1:]]
main()
"""


def run_buggy(tmp_path: Path, debug: str | None) -> subprocess.CompletedProcess[str]:
    profile = write_profile(tmp_path, "p")
    env = {k: v for k, v in os.environ.items() if k != "PAPERASSE_DEBUG"}
    if debug is not None:
        env["PAPERASSE_DEBUG"] = debug
    return subprocess.run(
        [sys.executable, "-c", BUGGY, "build", str(profile), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.slow
def test_bug_gives_one_line_and_exit_70(tmp_path: Path) -> None:
    done = run_buggy(tmp_path, None)
    assert done.returncode == EXIT_INTERNAL == 70
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("paperasse: internal error: KeyError:")
    assert "planted bug" in lines[0] and "please report" in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_debug_env_shows_the_traceback(tmp_path: Path) -> None:
    done = run_buggy(tmp_path, "1")
    assert done.returncode == 70
    assert "Traceback (most recent call last)" in done.stderr
    assert "in broken" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("paperasse: internal error:")
    assert run_buggy(tmp_path, "0").stderr.count("Traceback") == 0


def test_messages_cannot_carry_terminal_escapes() -> None:
    err = UserError("bad", file="evil\x1b[2J\x1b]0;pwned\x07.yaml", key="k\u202e", value="v")
    text = str(err)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "\\u202e" in text
    assert one_line("a\nb\r\nc\u2028d") == "a b c d"
