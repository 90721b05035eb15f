"""A real `paperasse build` of a hostile guide, in a subprocess under an audit hook (PEP 578):
no network connection, no address lookup, and no file opened outside the allowed folders.

The hook sees what Python code opens (``open``, ``os.open``, ``io``); files opened by C
libraries (fontconfig reading its configuration and the system fonts) are not Python events,
so the fontconfig folders are listed below only for completeness. The same hostile guide also
points at a local listening socket, which must see no connection."""

from __future__ import annotations

import json
import mimetypes
import os
import re
import site
import subprocess
import sys
import tempfile
from pathlib import Path

import platformdirs
import pytest

from hostile import hostile_guide, trap_server
from paperasse.resources import guides_dir, templates_dir

TESTS = Path(__file__).resolve().parent
SCRIPT = TESTS / "audited_build.py"

# Folders that fontconfig (C code) reads: configuration, caches, system fonts.
FONTCONFIG_DIRS = (
    "/etc/fonts",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/var/cache/fontconfig",
    "~/.cache/fontconfig",
    "~/.fonts",
    "~/.local/share/fonts",
    "/usr/share/fontconfig",
)
# What ctypes.util.find_library (used by WeasyPrint to find Pango) runs to locate libraries.
LIBRARY_LOOKUP = {"ldconfig", "gcc", "cc", "ld", "objdump"}


def allowed_roots(*inputs: Path) -> list[Path]:
    import paperasse

    roots = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    roots |= {Path(p) for p in site.getsitepackages()}
    roots |= {Path(paperasse.__file__).parent, templates_dir(), guides_dir()}
    roots |= {Path(os.path.expanduser(p)) for p in FONTCONFIG_DIRS}
    # paperasse's own cache of compiled templates (render/template_cache.py; SECURITY.md)
    roots |= {Path(platformdirs.user_cache_dir("paperasse", appauthor=False)) / "templates"}
    roots |= {Path(p) for p in mimetypes.knownfiles}  # the stdlib's mimetypes reads these
    roots |= {Path("/dev/null")}
    roots |= set(inputs)
    return sorted({root.resolve() for root in roots})


def temp_allowed(path: Path) -> bool:
    """WeasyPrint's own temporary folders, and the temporaries of ctypes' library lookup."""
    tmp = Path(tempfile.gettempdir()).resolve()
    if path == tmp:
        return True  # tempfile.TemporaryFile opens the folder itself (O_TMPFILE)
    if path.parent == tmp and re.fullmatch(r"(?:tmp)?[a-z0-9_]{8}", path.name):
        return True
    return path.parent.parent == tmp and path.parent.name.startswith("weasyprint-")


def outside(path_text: str, cwd: Path, roots: list[Path]) -> bool:
    path = Path(path_text)
    path = (cwd / path if not path.is_absolute() else path).resolve()
    return not (
        any(path == root or path.is_relative_to(root) for root in roots) or temp_allowed(path)
    )


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_build_makes_no_connection_and_opens_nothing_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text("hunter2", encoding="utf-8")
    guide_dir = tmp_path / "guides" / "en" / "evil"
    guide_dir.mkdir(parents=True)
    guide = guide_dir / "guide.md"
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "id: p\nname: <img src='file:///etc/passwd'> {{ 7*7 }}\ncitizenship: BR\nstatus: worker\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    with trap_server() as trap:
        text = hostile_guide(trap.url)
        text = text.replace(
            "Nothing more.",
            f"![secret]({secret.as_uri()}) ![rel]"
            "(../../../secret/passwords.txt) [s](file://" + str(secret) + ")",
        )
        guide.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                str(report),
                "--",
                "build",
                str(profile),
                "-o",
                str(out),
                "--guide",
                str(guide),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        assert trap.connections == 0, trap.paths
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["exit"] in (0, None), done.stderr
    assert (out / "p.pdf").is_file()
    events = result["events"]

    # The hook works: it saw the deliberate open and lookup made after the build.
    control = [e for e in events if e[0] == "control"]
    assert any(e[1] == "open" and e[2] == "/etc/hostname" for e in control)
    assert any(e[1] == "socket.getaddrinfo" for e in control)

    build = [e for e in events if e[0] == "build"]
    opened = [e[2] for e in build if e[1] == "open"]
    assert any(Path(p).name == "guide.md" for p in opened)  # the hook saw the build's reads
    assert not [e for e in build if e[1].startswith(("socket.", "urllib", "http", "ftplib"))]
    roots = allowed_roots(profile, guide_dir, out)
    bad = [p for p in opened if outside(p, tmp_path, roots)]
    assert not bad, bad
    assert not any("passwd" in p or "passwords" in p for p in opened)
    # the only programs run are those ctypes uses to find the Pango library
    programs = {
        Path(re.findall(r"'([^']+)'", e[2])[0]).name
        for e in build
        if e[1] in ("subprocess.Popen", "os.posix_spawn", "os.exec")
    }
    assert programs <= LIBRARY_LOOKUP, programs


def test_allowed_roots_check_can_fail(tmp_path: Path) -> None:
    """The path check used above does flag a file outside the allowed folders."""
    roots = allowed_roots(tmp_path / "in")
    assert outside("/etc/passwd", tmp_path, roots)
    assert outside(str(tmp_path / "secret.txt"), tmp_path, roots)
    assert outside("in/../secret.txt", tmp_path, roots)
    assert not outside("in/x.md", tmp_path, roots)
    assert not outside(str(templates_dir() / "dossier.css"), tmp_path, roots)
