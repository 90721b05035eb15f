"""QR codes as small inline SVG, one ``<path>`` each, cached per URL.

The qrcode library does the encoding; we write the SVG ourselves because its SVG factories
emit ``svg:``-prefixed elements or a fixed ``id`` (invalid or duplicated inline in HTML).

Each run of dark modules is one horizontal stroke one module thick (``M x y.5 h w``), not a
filled rectangle (``M x y h w v1 h-w z``): the same pixels, but WeasyPrint parses and draws the
path again in every dossier, and 2 commands a run instead of 5 made a batch about a fifth faster
(README, "Speed").
"""

from __future__ import annotations

import html
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@lru_cache(maxsize=4096)
def qr_svg(data: str, label: str = "") -> str:
    """An ``<svg>`` element drawing the QR code of ``data`` (quiet zone included)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                parts.append(f"M{start} {y}.5h{x - start}")
            else:
                x += 1
    title = f"<title>{_escape(label)}</title>" if label else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" '
        f'role="img" shape-rendering="crispEdges">{title}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="none" stroke="#000" stroke-width="1" d="{"".join(parts)}"/></svg>'
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
