"""QR codes as small PNG images (``data:`` URIs), cached per (URL, label).

The qrcode library does the encoding; Pillow (already WeasyPrint's) writes the PNG: one pixel
per module, the 4-module quiet zone included, 8-bit greyscale (WeasyPrint embeds that as it
is, where a 1-bit image would be converted to RGB first). The stylesheet scales the image with
``image-rendering: pixelated`` (no interpolation: sharp modules at any size).

Drawn as SVG paths (this module's first form) WeasyPrint parsed and painted every code again in
every dossier, a quarter of a dossier's CPU; an image costs about nothing, the PDF is smaller
and each code still decodes (the tests read them back from pages rendered at 150 dpi). The
``alt`` text becomes the PDF/UA figure's alternative text.
"""

from __future__ import annotations

import base64
import html
import io
from functools import lru_cache

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

#: Light modules' grey level (white) and dark modules' (black) in the PNG.
LIGHT, DARK = 255, 0
#: The most bytes a QR code can hold at our error correction (M, version 40, byte mode). A
#: longer link is printed without a QR code (``paperasse check`` warns about it).
MAX_QR_BYTES = 2331


def fits_qr(data: str) -> bool:
    """Whether ``data`` fits in one QR code."""
    return len(data) <= MAX_QR_BYTES and len(data.encode("utf-8")) <= MAX_QR_BYTES


@lru_cache(maxsize=4096)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of ``data``'s QR code (error correction M, quiet zone of 4), rows of bools."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


@lru_cache(maxsize=4096)
def qr_png(data: str) -> bytes:
    """A PNG of ``data``'s QR code, one pixel per module (same bytes for the same data)."""
    matrix = qr_matrix(data)
    size = len(matrix)
    pixels = bytes(DARK if cell else LIGHT for row in matrix for cell in row)
    image = Image.frombytes("L", (size, size), pixels)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


@lru_cache(maxsize=4096)
def qr_image(data: str, label: str = "") -> str:
    """An ``<img class="qr">`` element showing the QR code of ``data``, ``label`` as its alt."""
    uri = "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
    return f'<img class="qr" src="{uri}" alt="{_escape(label)}">'


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
