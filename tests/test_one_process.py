"""What a one-profile build does in its one process: nothing twice, no worker process."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperasse.build
from paperasse import batch
from paperasse.batch import BatchOptions
from paperasse.render.options import RenderOptions

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def guide_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every guide file parsed (paperasse.build.read_guide: what a Builder calls)."""
    reads: list[Path] = []
    original = paperasse.build.read_guide

    def counted(path: Path):  # type: ignore[no-untyped-def]
        reads.append(path)
        return original(path)

    monkeypatch.setattr(paperasse.build, "read_guide", counted)
    return reads


@pytest.fixture
def no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker pool started is a failure (one job renders in this process)."""
    import concurrent.futures

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started for one profile")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)


def test_one_named_file_reads_its_guide_once(
    tmp_path: Path, guide_reads: list[Path], no_pool: None
) -> None:
    target = tmp_path / "dossier.html"
    options = BatchOptions(render=RenderOptions(fmt="html"), jobs=4)
    result = batch.run_single(EXAMPLES / "non-eu-student.yaml", target, options)
    assert result.exit_code == 0
    assert "Nguyễn Thị Mai" in target.read_text(encoding="utf-8")
    assert len(guide_reads) == 1, guide_reads  # planning's read serves the render too


def test_one_profile_into_a_folder_reads_its_guide_once(
    tmp_path: Path, guide_reads: list[Path], no_pool: None
) -> None:
    out = tmp_path / "out"
    options = BatchOptions(render=RenderOptions(fmt="html"), jobs=4)
    result = batch.run([EXAMPLES / "eu-worker.yaml"], out, options)
    assert result.exit_code == 0
    assert [p.suffix for p in out.glob("*.html")] == [".html"]
    assert len(guide_reads) == 1, guide_reads


def test_a_pack_reads_each_of_its_guides_once(
    tmp_path: Path, guide_reads: list[Path], no_pool: None
) -> None:
    target = tmp_path / "pack.html"
    options = BatchOptions(pack="france-arrival", render=RenderOptions(fmt="html"))
    assert batch.run_single(EXAMPLES / "eu-worker.yaml", target, options).exit_code == 0
    assert len(guide_reads) == len(set(guide_reads)) > 1, guide_reads


DEFERRED_CHECK = """
import sys
from paperasse.render.pdf import DEFERRED, PdfRenderer
renderer = PdfRenderer()
pdf = renderer.render("<html lang=en><title>t</title><p>Zoë Ἀλέξανδρος</p></html>")
assert pdf.startswith(b"%PDF"), pdf[:20]
assert [name for name in DEFERRED if name in sys.modules] == [], sys.modules.keys()
import weasyprint.pdf.fonts as fonts
from fontTools import subset
assert fonts.subset.Subsetter is subset.Subsetter  # the stand-in hands over the real module
from fontTools.varLib import instancer
assert fonts.instantiateVariableFont.__module__ == "paperasse.render.pdf"
assert sys.modules["fontTools.varLib.instancer"] is instancer
import http.client, ssl, urllib.request
assert http.client.ssl.create_default_context is ssl.create_default_context  # HTTPS still there
assert hasattr(http.client, "HTTPSConnection") and urllib.request.HTTPSHandler
assert sys.modules["ssl"] is ssl and ssl.SSLContext  # the real module from then on
print("ok")
"""


def test_weasyprint_starts_without_the_modules_paperasse_does_not_use() -> None:
    """A Latin PDF never needs fontTools' subsetter or instancer (HarfBuzz subsets) nor ssl
    (no network): they are imported only when used, as the real modules."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", DEFERRED_CHECK], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
