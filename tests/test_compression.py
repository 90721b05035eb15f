"""The PDF's streams at zlib's default level (render/compression.py): the same content inflated,
a few percent larger, never level 9."""

from __future__ import annotations

import io
import zlib

import pydyf
import pytest
from pypdf import PdfReader

from conftest import TEST_GUIDE_EN
from paperasse.build import Builder
from paperasse.inputs.profile import profile_from_mapping
from paperasse.render import compression
from pdfread import pdf_text

#: Text that compresses differently at levels 6 and 9 (a page's drawing operators, repeated
#: with small changes as a content stream is).
RAW = b"\n".join(b"q 0.75 0 0 0.75 %d %d cm BT /F1 9.5 Tf (Step %d) Tj ET Q" % (i, i * 7 % 841, i)
                 for i in range(4000))  # fmt: skip


@pytest.fixture
def reinstall():
    yield
    assert compression.install()


def _payload(stream_data: bytes) -> bytes:
    return stream_data.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]


def test_streams_deflate_at_the_default_level(reinstall: None) -> None:
    assert zlib.compress(RAW, 6) != zlib.compress(RAW, 9)  # the check below can tell them apart
    assert compression.install()
    data = pydyf.Stream([RAW], compress=True).data
    assert b"/Filter /FlateDecode" in data
    assert _payload(data) == zlib.compress(RAW, compression.LEVEL)
    assert zlib.decompress(_payload(data)) == RAW
    # a lower level asked for is kept; install twice changes nothing
    assert compression.install()
    lower = pydyf.zlib.compressobj(level=1)
    assert lower.compress(RAW) + lower.flush() == zlib.compress(RAW, 1)
    compression.uninstall()
    assert _payload(pydyf.Stream([RAW], compress=True).data) == zlib.compress(RAW, 9)


@pytest.mark.slow
def test_a_dossier_reads_the_same_at_either_level(reinstall: None) -> None:
    builder = Builder(guide=str(TEST_GUIDE_EN))
    profile = profile_from_mapping(
        {"name": "Zoë Nguyễn", "citizenship": "BR", "status": "student"}, source="test"
    )
    dossier = builder.dossier(profile)
    builder.warm_up()  # installs the default level
    default = builder.render(dossier)
    assert builder.render(dossier) == default  # reproducible
    compression.uninstall()
    nine = builder.render(dossier)
    assert default != nine
    assert pdf_text(default) == pdf_text(nine)
    pages = [PdfReader(io.BytesIO(pdf)).pages for pdf in (default, nine)]
    assert [page.get_contents().get_data() for page in pages[0]] == [
        page.get_contents().get_data() for page in pages[1]
    ]
    assert len(nine) < len(default) <= len(nine) * 1.05
