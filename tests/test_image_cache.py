"""WeasyPrint's image cache kept by the renderer from one dossier to the next
(render/pdf.ImageCache, a PdfRenderer's images): each image decoded once per process, the same
PDF bytes as a renderer of its own, the cache emptied past its bound."""

from __future__ import annotations

import pytest
import weasyprint.images

from conftest import bundled_dossier
from paperasse.inputs.brand import Brand
from paperasse.render import pdf
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions

STUDENT = {"citizenship": "VN", "status": "student", "arrival_date": "2026-09-01"}
WORKER = {"citizenship": "PL", "status": "worker", "posted": True, "arrival_date": "2026-12-01"}


def _html(**situation: object) -> str:
    return render_html(bundled_dossier(name="Nguyễn Văn An", **situation), RenderOptions())


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every raster image WeasyPrint decodes."""
    ids: list[str] = []
    original = weasyprint.images.RasterImage.__init__

    def counted(self, pillow_image, image_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        ids.append(image_id)
        original(self, pillow_image, image_id, *args, **kwargs)

    monkeypatch.setattr(weasyprint.images.RasterImage, "__init__", counted)
    return ids


@pytest.mark.slow
def test_a_warm_renderer_decodes_each_image_once_and_writes_the_same_bytes(
    decoded: list[str],
) -> None:
    student, worker = _html(**STUDENT), _html(**WORKER)
    alone = pdf.PdfRenderer().render(student)
    first = len(decoded)
    assert first >= 10  # the student's QR codes and form images

    warm = pdf.PdfRenderer()
    warm.render(worker)
    decoded.clear()
    again = warm.render(student)
    assert again == alone  # as if the renderer had rendered nothing before
    assert 0 < len(decoded) < first  # the images both dossiers share were not decoded again
    decoded.clear()
    assert warm.render(student) == alone
    assert decoded == []


@pytest.mark.slow
def test_the_cache_is_emptied_past_its_bound(
    monkeypatch: pytest.MonkeyPatch, decoded: list[str]
) -> None:
    student = _html(**STUDENT)
    renderer = pdf.PdfRenderer()
    alone = renderer.render(student)
    assert len(renderer.images) > 5
    monkeypatch.setattr(pdf.ImageCache, "ENTRIES", 5)
    decoded.clear()
    assert renderer.render(student) == alone
    assert decoded  # emptied first, so decoded again


@pytest.mark.slow
def test_an_svg_logo_is_made_again_for_each_dossier() -> None:
    """An SVG image holds the layout context of the document that loaded it: it is not kept
    (the raster images are), and the bytes are a fresh renderer's."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        b'<rect width="120" height="40" fill="#cc0000"/><text x="4" y="28">Agency</text></svg>'
    )
    brand = Brand(name="Vector Agency", logo_data=svg, logo_media_type="image/svg+xml")
    options = RenderOptions(brand=brand)
    student = render_html(bundled_dossier(name="Nguyễn Văn An", **STUDENT), options)
    worker = render_html(bundled_dossier(name="Nguyễn Văn An", **WORKER), options)
    alone = pdf.PdfRenderer().render(student)
    warm = pdf.PdfRenderer()
    warm.render(worker)
    assert warm.render(student) == alone
    assert not any(isinstance(v, weasyprint.images.SVGImage) for v in warm.images.values())
    assert any(isinstance(v, weasyprint.images.RasterImage) for v in warm.images.values())
