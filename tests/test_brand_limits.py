"""Brand logos under a budget (issue 16): a raster logo is decoded once, refused beyond a pixel
count read from its header, scaled down once when large; an SVG logo is refused beyond a count
of elements with its <use> references expanded. Fast: no dossier is rendered."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from paperasse.inputs.brand import (
    MAX_LOGO_SIDE,
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
    BrandError,
    load_brand,
)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` (a few bytes: what a bomb looks like)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def brand_with(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / name).write_bytes(data)
    path = tmp_path / "brand.yaml"
    path.write_text(f"name: Agency\nlogo: {name}\n", encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    start = time.process_time()
    with pytest.raises(BrandError) as info:
        load_brand(path)
    assert time.process_time() - start < 5  # refused, not decoded (generous: a busy machine)
    text = str(info.value)
    assert text.startswith(f"{path}:2: logo = ") and "\n" not in text
    return text


@pytest.mark.parametrize(("side", "words"), [(13_000, "is 13000x13000 pixels"), (30_000, "")])
def test_a_logo_of_too_many_pixels_is_refused_from_its_header(
    tmp_path: Path, side: int, words: str
) -> None:
    text = refusal(brand_with(tmp_path, "logo.png", png_header_only(side, side)))
    assert words in text and "at most 16,000,000 pixels (4000x4000); save it smaller" in text


def test_a_broken_png_is_refused_not_dropped(tmp_path: Path) -> None:
    good = io.BytesIO()
    Image.new("RGB", (300, 100), "red").save(good, format="PNG")
    text = refusal(brand_with(tmp_path, "logo.png", good.getvalue()[:60]))
    assert "is not a readable PNG image" in text


def test_a_broken_png_is_refused_after_weasyprint_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import weasyprint`` sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process (as here):
    the logo is still refused, and the setting left as it was."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    good = io.BytesIO()
    Image.new("RGB", (300, 100), "red").save(good, format="PNG")
    text = refusal(brand_with(tmp_path, "logo.png", good.getvalue()[:60]))
    assert "is not a readable PNG image" in text
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_a_large_logo_is_scaled_down_once(tmp_path: Path) -> None:
    big = io.BytesIO()
    Image.new("RGB", (3200, 400), "red").save(big, format="PNG")
    brand = load_brand(brand_with(tmp_path, "logo.png", big.getvalue()))
    assert brand.logo_data is not None
    assert Image.open(io.BytesIO(brand.logo_data)).size == (MAX_LOGO_SIDE, 200)
    small = io.BytesIO()
    Image.new("RGB", (320, 40), "red").save(small, format="PNG")
    brand = load_brand(brand_with(tmp_path, "logo.png", small.getvalue()))
    assert brand.logo_data == small.getvalue()  # kept as it is


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def nested_uses(levels: int, fan: int = 10) -> bytes:
    """1.3 KB that draws fan**levels rectangles."""
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#g{level - 1}"/>' for _ in range(fan))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return SVG.format("<defs>" + "".join(groups) + f'</defs><use href="#g{levels}"/>').encode()


def test_an_svg_of_nested_use_is_refused_by_its_expanded_size(tmp_path: Path) -> None:
    data = nested_uses(9)
    assert len(data) < 5_000
    text = refusal(brand_with(tmp_path, "logo.svg", data))
    assert f"more than {MAX_SVG_ELEMENTS} elements once its <use> references are expanded" in text
    assert load_brand(brand_with(tmp_path, "logo.svg", nested_uses(2))).logo_data is not None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('<g id="a"><use href="#a"/></g>', "references loop"),
        ("<g>" * (MAX_SVG_DEPTH + 5) + "</g>" * (MAX_SVG_DEPTH + 5), "nested more than"),
        ("<g><rect></g>", "is not a well-formed SVG image"),
    ],
)
def test_svg_loops_depth_and_bad_xml_are_refused(tmp_path: Path, body: str, words: str) -> None:
    assert words in refusal(brand_with(tmp_path, "logo.svg", SVG.format(body).encode()))
