"""Output file names come from untrusted profile ids and names: they never leave the output
folder, never overwrite each other (also on case-insensitive file systems), and stay the same
from one run to the next."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, write_profile
from paperasse.batch import Job, assign_outputs
from paperasse.batch.state import LOCK_FILE, STATE_FILE
from paperasse.cli import app
from paperasse.inputs.profile import profile_from_mapping

runner = CliRunner()

WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}

# stem of the profile file -> (id, name); id None = not given
PROFILES: dict[str, tuple[str | None, str]] = {
    "p01": ("../escape", "Escape Dots"),
    "p02": ("/tmp/paperasse-abs-escape", "Absolute Path"),
    "p03": ("..\\..\\windows\\system32", "Back Slashes"),
    "p04": ("CON", "Con Upper"),
    "p05": ("con", "Con Lower"),
    "p06": ("Con.pdf", "Con Dot Pdf"),
    "p07": ("nul", "Nul Device"),
    "p08": ("COM1", "Com One"),
    "p09": ("lpt9", "Lpt Nine"),
    "p10": ("ana-2", "Ana Two By Id"),
    "p11": (None, "Ana"),
    "p12": (None, "ANA"),
    "p13": (None, "ana"),
    "p14": (None, "王芳"),
    "p15": (None, "李明"),
    "p16": (None, "Мария"),
    "p17": (None, "محمد"),
    "p18": ("x" * 199 + "a", "Long One"),
    "p19": ("x" * 199 + "b", "Long Two"),
    "p20": ("..", "Dot Dot Id"),
    "p21": (".", "Dot Id"),
    "p22": ('a:b|c?d*e<f>g"h', "Windows Punctuation"),
    "p23": (" .hidden ", "Hidden Dot"),
    "p24": ("~/home", "Tilde Home"),
}
BAD = {"p25": ("a\x00b", "Nul Byte In Id"), "p26": ("x" * 201, "Id Too Long")}


def build_all(tmp_path: Path) -> tuple[object, Path]:
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    for stem, (id_, name) in {**PROFILES, **BAD}.items():
        write_profile(folder, stem, id=id_, name=name)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["build", str(folder), "-o", str(out), "--format", "html", "--guide", str(TEST_GUIDE_EN)],
    )
    return result, out


def snapshot(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def person(html: str) -> str:
    found = re.search(r'<strong class="name">(.*?)</strong>', html, re.S)
    assert found, "no name in the dossier"
    import html as html_lib

    return html_lib.unescape(found.group(1))


@pytest.mark.slow
def test_names_stay_inside_and_never_overwrite(tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    abs_target = Path("/tmp/paperasse-abs-escape.html")
    result, out = build_all(tmp_path)
    assert result.exit_code == 1, result.output  # the two bad ids
    errors = [line for line in result.stderr.splitlines() if line.startswith("paperasse: error")]
    assert len(errors) == 2
    assert any("p25.yaml" in e and "id" in e and "control characters" in e for e in errors)
    assert any("p26.yaml" in e and "id" in e and "too long" in e for e in errors)

    made = snapshot(tmp_path) - before
    profiles_dir = tmp_path / "profiles"
    outside = [p for p in made if not (p.is_relative_to(out) or p.is_relative_to(profiles_dir))]
    assert outside == [], outside
    assert not abs_target.exists()
    files = sorted(f for f in out.iterdir() if f.suffix == ".html")
    assert all(f.is_file() for f in files)
    # besides the dossiers: the manifests, and the run state and lock paperasse keeps there
    assert {f.name for f in out.iterdir()} - {f.name for f in files} <= {
        "manifest.json",
        "manifest.csv",
        STATE_FILE,
        LOCK_FILE,
    }
    # one file per good profile, each holding its own person: nothing was overwritten
    assert len(files) == len(PROFILES)
    names = sorted(person(f.read_text(encoding="utf-8")) for f in files)
    assert names == sorted(name for _, name in PROFILES.values())
    stems = [f.stem for f in files]
    assert len({s.casefold() for s in stems}) == len(stems)  # case-insensitive file systems
    for stem in stems:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem), stem
        assert len(stem) <= 80
        assert stem.split(".")[0] not in WINDOWS_RESERVED
    # the reserved names got a suffix; the non-Latin ones a hash, not "profile", "profile-2"
    assert {"con-profile", "nul-profile", "com1-profile", "lpt9-profile"} <= set(stems)
    hashed = [s for s in stems if re.fullmatch(r"profile-[0-9a-f]{8}", s)]
    assert len(hashed) == 4  # 王芳, 李明, Мария, محمد


@pytest.mark.slow
def test_names_are_stable_from_run_to_run(tmp_path: Path) -> None:
    _, out = build_all(tmp_path)
    names_first = {f.name: person(f.read_text(encoding="utf-8")) for f in out.glob("*.html")}
    # a second run into a fresh folder, with the profiles in another order on the command line
    folder = tmp_path / "profiles"
    files = sorted(folder.iterdir(), reverse=True)
    files = [f for f in files if f.stem not in BAD]
    out2 = tmp_path / "out2"
    second = runner.invoke(
        app,
        [
            "build",
            *map(str, files),
            "-o",
            str(out2),
            "--format",
            "html",
            "--guide",
            str(TEST_GUIDE_EN),
        ],
    )
    assert second.exit_code == 0, second.output
    names_second = {f.name: person(f.read_text(encoding="utf-8")) for f in out2.glob("*.html")}
    # every name that is not part of a clash (ana, ana-2...) is the same file both times
    suffixed = [k for k in names_first if re.search(r"-\d\.html$", k)]
    clashed = {re.sub(r"-\d\.html$", ".html", k) for k in suffixed}
    unique = {
        k: v for k, v in names_first.items() if k not in clashed and not re.search(r"-\d\.html$", k)
    }
    assert len(unique) >= len(PROFILES) - 8
    for file_name, name in unique.items():
        assert names_second.get(file_name) == name, file_name


def test_existing_symlink_in_output_is_never_followed_nor_replaced(tmp_path: Path) -> None:
    """A symbolic link paperasse did not make is someone else's: left alone, the dossier is
    written beside it (issue 16: only its own files)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "ana.html").symlink_to(victim)
    profile = write_profile(tmp_path, "ana", id=None, name="Ana")
    result = runner.invoke(
        app,
        ["build", str(profile), "-o", str(out), "--format", "html", "--guide", str(TEST_GUIDE_EN)],
    )
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / "ana.html").is_symlink()
    assert "Ana" in (out / "ana-2.html").read_text(encoding="utf-8")
    assert "written as ana-2.html" in result.output
    visible = sorted(name for name in os.listdir(out) if not name.startswith(".paperasse"))
    assert visible == ["ana-2.html", "ana.html", "manifest.csv", "manifest.json"]  # no temp
    assert not list(out.glob("*.part"))


def test_output_names_never_collide() -> None:
    stems = ["ana-2", "Ana", "ana", "ANA", "ana-2", "ana-3"]
    jobs = [
        Job(
            f"p{i}.yaml",
            profile=profile_from_mapping(
                {"id": stem, "name": "A", "citizenship": "FR", "status": "worker"}, source="x"
            ),
        )
        for i, stem in enumerate(stems)
    ]
    assign_outputs(jobs, Path("o"), "pdf")
    names = [job.output.name for job in jobs if job.output is not None]
    assert len({name.casefold() for name in names}) == len(stems)
    assert names[0] == "ana-2.pdf" and names[1] == "ana.pdf"
