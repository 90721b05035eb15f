"""The CLI's promises that are not about content: exit codes, Pango message, links, packaging."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from conftest import ROOT, TEST_GUIDE_EN, write_profile
from paperasse.cli import app

runner = CliRunner()

NO_PANGO = """
import sys
import cffi.api
real = cffi.api.FFI.dlopen
def dlopen(self, name, flags=0):
    if "pango" in str(name):
        raise OSError(f"cannot load library {name!r}: no such file")
    return real(self, name, flags)
cffi.api.FFI.dlopen = dlopen
from paperasse.cli import main
sys.argv = ["paperasse", "build", sys.argv[1], "-o", sys.argv[2]]
main()
"""


@pytest.mark.slow
def test_missing_pango_is_one_clear_line_and_exit_3(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "p")
    done = subprocess.run(
        [sys.executable, "-c", NO_PANGO, str(profile), str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Pango" in lines[0] and "apt install" in lines[0]
    assert "Traceback" not in done.stderr
    assert not list((tmp_path / "o").glob("*.pdf")) if (tmp_path / "o").exists() else True


@pytest.mark.slow
def test_links_are_clickable(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "links", citizenship="BR")
    out = tmp_path / "links.pdf"
    result = runner.invoke(
        app, ["build", str(profile), "-o", str(out), "--guide", str(TEST_GUIDE_EN)]
    )
    assert result.exit_code == 0, result.output
    uris = set()
    for page in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    assert "https://visa.testland.example/validate" in uris
    assert "https://office.testland.example" in uris


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["build", str(tmp_path / "missing.yaml")]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["build", str(empty)])
    assert result.exit_code == 2
    assert "no profile" in result.stderr
    two = [str(write_profile(tmp_path, n)) for n in ("a", "b")]
    result = runner.invoke(app, ["build", *two, "-o", str(tmp_path / "one.pdf")])
    assert result.exit_code == 2 and "exactly one profile" in result.stderr
    assert runner.invoke(app, ["build", two[0], "--bogus"]).exit_code == 2
    result = runner.invoke(app, ["build", two[0], "--guide", "no-such-guide-key"])
    assert result.exit_code == 2 and "no-such-guide-key" in result.stderr
    result = runner.invoke(app, ["build", two[0], "--format", "docx"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        "paperasse: error: --format = 'docx': must be one of pdf, html"
    )


@pytest.mark.slow
def test_bad_profile_fails_alone_exit_1(tmp_path: Path) -> None:
    good = write_profile(tmp_path, "good")
    bad = write_profile(tmp_path, "bad", status="wroker")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(bad), str(good), "-o", str(out)])
    assert result.exit_code == 1
    assert (out / "good.pdf").is_file() and not (out / "bad.pdf").exists()
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1
    assert "bad.yaml" in errors[0] and "status" in errors[0] and "wroker" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_wheel_ships_guides_templates_and_fonts(tmp_path: Path) -> None:
    """After a plain `pip install .`, paperasse finds its guides and templates in the package."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("paperasse-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "paperasse/guides/en/france/social_security_registration.md",
        "paperasse/guides/fr/france/inscription_securite_sociale.md",
        "paperasse/templates/dossier.html.j2",
        "paperasse/templates/dossier.css",
        "paperasse/templates/fonts/DejaVuSans.ttf",
        "paperasse/cli/__init__.py",
    ):
        assert needed in names, needed
