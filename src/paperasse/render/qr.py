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
import itertools
import re
from functools import lru_cache
from typing import Any

import qrcode
from PIL import Image
from qrcode import util as qr_util
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
    code = _MaskChoosingCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
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


#: Runs of five or more modules of one colour (qrcode's penalty rule 1: 3 + run - 5 each).
_RUN = re.compile("0{5,}|1{5,}")
#: A finder-like 1:1:3:1:1 pattern with 4 light modules before or after (rule 3: 40 each),
#: found at every position (a lookahead: occurrences may overlap).
_FINDER = re.compile("(?=10111010000|00001011101)")


class _MaskChoosingCode(qrcode.QRCode):
    """qrcode's QR code with :meth:`best_mask_pattern` computed on whole rows at once.

    qrcode scores each mask on the matrix it lays out in "test" mode (format and version
    modules light); the mask with the lowest score wins, the first of equal ones. The same
    here: the matrix is laid out once with mask 0 (by qrcode, noting which modules are data),
    and each other mask flips the data modules where its pattern differs from mask 0's."""

    _free: list[list[bool]] | None = None

    def map_data(self, data: Any, mask_pattern: int) -> None:
        if self._free is None:  # the modules still unset now are the data modules
            self._free = [[cell is None for cell in row] for row in self.modules]
        super().map_data(data, mask_pattern)

    def best_mask_pattern(self) -> int:
        self._free = None
        self.makeImpl(True, 0)
        assert self._free is not None
        size = self.modules_count
        first, free = _bits(self.modules), _bits(self._free)
        first_t, free_t = _bits(_columns(self.modules)), _bits(_columns(self._free))
        masks, masks_t = _mask_rows(size)
        pattern, lowest = 0, 0
        for i in range(8):
            rows = _flipped(first, free, masks[0], masks[i])
            columns = _flipped(first_t, free_t, masks_t[0], masks_t[i])
            lost = lost_point(rows, columns, size)
            if i == 0 or lowest > lost:
                pattern, lowest = i, lost
        return pattern


def _flipped(
    lines: list[int], data: list[int], zero: tuple[int, ...], mask: tuple[int, ...]
) -> list[int]:
    """Lines laid out with mask 0, with ``mask`` instead on their data modules."""
    return [line ^ ((z ^ m) & d) for line, d, z, m in zip(lines, data, zero, mask, strict=True)]


def _columns(matrix: list[Any]) -> list[Any]:
    return list(zip(*matrix, strict=True))


def _bits(matrix: list[Any]) -> list[int]:
    """Each row (of bools) as an integer, its first module the highest bit."""
    return [int(bytes(row).translate(_DIGITS), 2) for row in matrix]


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")

#: Every mask repeats every 12 modules down and across (its formula uses i and j modulo 2, 3
#: and 4 at most; a test checks the tiles against qrcode's mask functions at every size).
_TILE = 12


@lru_cache(maxsize=64)
def _mask_rows(size: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """For each of the 8 masks, the modules it flips (qrcode's own mask functions, on one tile
    of 12 by 12 repeated), as rows of bits and as columns of bits."""
    rows: list[tuple[int, ...]] = []
    columns: list[tuple[int, ...]] = []
    repeat = size // _TILE + 1
    for pattern in range(8):
        flips = qr_util.mask_func(pattern)
        tile = [[flips(i, j) for j in range(_TILE)] for i in range(_TILE)]
        for lines, out in ((tile, rows), (_columns(tile), columns)):
            text = [bytes(line).translate(_DIGITS) * repeat for line in lines]
            out.append(tuple(int(text[i % _TILE][:size], 2) for i in range(size)))
    return tuple(rows), tuple(columns)


def lost_point(rows: list[int], columns: list[int], size: int) -> int:
    """qrcode's ``util.lost_point`` (the four penalty rules of ISO/IEC 18004) of a matrix given
    as its rows and its columns of bits, the first module the highest bit."""
    digits = f"0{size}b"
    text = " ".join([format(bits, digits) for bits in (*rows, *columns)])  # one line each
    runs = _RUN.findall(text)
    lost = sum(map(len, runs)) - 2 * len(runs) + 40 * len(_FINDER.findall(text))
    full = (1 << size) - 1
    for upper, lower in itertools.pairwise(rows):
        dark, light = upper & lower, ~(upper | lower) & full
        lost += 3 * ((dark & (dark >> 1)).bit_count() + (light & (light >> 1)).bit_count())
    percent = float(sum(row.bit_count() for row in rows)) / (size**2)
    return lost + int(abs(percent * 100 - 50) / 5) * 10
