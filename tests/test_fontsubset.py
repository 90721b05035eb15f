"""Font subsetting (render/fontsubset.py): HarfBuzz from the uharfbuzz wheel whatever the system
has, the same PDF with or without the system's HarfBuzz-Subset library; the faster fontTools
fallback (no uharfbuzz) must not change a single byte of WeasyPrint's own fontTools path."""

from __future__ import annotations

import sys

import pytest

from conftest import TEST_GUIDE_EN
from paperasse.build import Builder
from paperasse.inputs.profile import profile_from_mapping
from paperasse.render import fontsubset
from pdfread import pdf_text

NAME = "Zoë Nguyễn Łukasz"


def _builder_and_dossier() -> tuple[Builder, object]:
    builder = Builder(guide=str(TEST_GUIDE_EN))
    profile = profile_from_mapping(
        {"name": NAME, "citizenship": "BR", "status": "student"}, source="test"
    )
    dossier = builder.dossier(profile)
    builder.warm_up()  # installs the subsetter
    return builder, dossier


@pytest.fixture
def reinstall():
    yield
    fontsubset.uninstall()
    assert fontsubset.install() == "uharfbuzz"


@pytest.mark.slow
def test_uharfbuzz_subsets_without_the_system_library(
    monkeypatch: pytest.MonkeyPatch, reinstall: None
) -> None:
    from weasyprint.pdf import fonts

    builder, dossier = _builder_and_dossier()
    assert fontsubset.install() == "uharfbuzz"
    with_system = builder.render(dossier)
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # as on a machine without it
    without = builder.render(dossier)
    assert without == with_system  # the same bytes, whatever the machine has
    assert NAME in pdf_text(without)
    # subset: each embedded font is a few KB, not the 700 KB files
    assert len(without) < 120_000
    # WeasyPrint's own path (fontTools, here) reads the same text
    fontsubset.uninstall()
    own = builder.render(dossier)
    assert pdf_text(own) == pdf_text(without)


@pytest.mark.slow
def test_fonttools_fallback_gives_the_same_pdf_bytes(
    monkeypatch: pytest.MonkeyPatch, reinstall: None
) -> None:
    from weasyprint.pdf import fonts

    builder, dossier = _builder_and_dossier()
    with monkeypatch.context() as patch:
        patch.setattr(fonts, "harfbuzz_subset", None)  # WeasyPrint falls back to fontTools
        patch.setitem(sys.modules, "uharfbuzz", None)  # and so do we: no wheel
        fontsubset.uninstall()
        assert fontsubset.install() == "fonttools"
        fast = builder.render(dossier)
        fontsubset.uninstall()
        slow = builder.render(dossier)
    assert NAME in pdf_text(fast)
    assert fast == slow


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sonames are Linux's")
def test_weasyprint_loads_its_libraries_without_forking_find_library() -> None:
    import subprocess

    code = (
        "import ctypes.util\n"
        "calls = []\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: calls.append(name) or real(name)\n"
        "from paperasse.render.pdf import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "from weasyprint.text.ffi import pango, harfbuzz\n"
        "assert pango.pango_version() > 0\n"
        "ctypes.util.find_library = real\n"
        "print(len(calls))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0"]
