"""Which characters the bundled fonts cannot draw (they would print as empty boxes).

The dossier's PDF uses the fonts in ``templates/fonts/`` (``fonts.css``) and, for Chinese,
Japanese and Korean characters, Noto Sans CJK when ``paperasse[cjk]`` is installed
(:data:`paperasse.render.pdf.CJK_TEXT`); a character none of them has is drawn as an empty
box. :func:`missing_glyphs` tells which, from the fonts' character maps (read once with
uharfbuzz, or fontTools where it is missing), so that the batch
can warn on one line, and keeps working whatever fonts are bundled later.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from ..resources import templates_dir

FONT_SUFFIXES = (".ttf", ".otf")


@functools.cache
def bundled_characters() -> frozenset[int]:
    """Every code point some bundled font has a glyph for."""
    found: set[int] = set()
    for path in sorted((templates_dir() / "fonts").iterdir()):
        if path.suffix.lower() in FONT_SUFFIXES:
            found.update(font_characters(path))
    return frozenset(found)


def font_characters(path: Path, index: int = 0) -> set[int]:
    """The code points of a font file's character map: HarfBuzz's (``uharfbuzz``, 1 ms for
    DejaVu Sans), or fontTools' where uharfbuzz is missing (35-50 ms: it decodes the cmap
    tables in Python). Both take the same subtable (a test compares them)."""
    try:
        import uharfbuzz as hb
    except ImportError:
        return _fonttools_characters(path, index)
    return set(hb.Face(hb.Blob.from_file_path(str(path)), index).unicodes)


def _fonttools_characters(path: Path, index: int = 0) -> set[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return set(font.getBestCmap() or {})


@functools.cache
def cjk_characters() -> frozenset[int]:
    """Every code point the CJK font draws (its character map, within the CJK ranges it is
    used for); empty when ``paperasse[cjk]`` is not installed."""
    from .pdf import CJK_TEXT, cjk_font

    path = cjk_font()
    if path is None:
        return frozenset()
    codes = font_characters(path)
    return frozenset(code for code in codes if CJK_TEXT.match(chr(code)))


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` that no font of the PDF can draw (spaces, controls and
    invisible format characters aside: they draw nothing anyway)."""
    have = bundled_characters()
    missing = {
        ch
        for ch in text
        if ord(ch) not in have and unicodedata.category(ch) not in ("Zs", "Cc", "Cf", "Mn")
    }
    if missing:
        missing -= {ch for ch in missing if ord(ch) in cjk_characters()}
    return missing


def glyph_notice(text: str, what: str) -> str | None:
    """``"the name '王芳' has characters the bundled fonts cannot draw (王, 芳): they print as
    empty boxes"``, or None when every character can be drawn."""
    missing = missing_glyphs(text)
    if not missing:
        return None
    shown = ", ".join(sorted(missing)[:10]) + (", …" if len(missing) > 10 else "")
    return (
        f"the {what} {text!r} has characters the bundled fonts cannot draw ({shown}): "
        "they print as empty boxes"
    )
