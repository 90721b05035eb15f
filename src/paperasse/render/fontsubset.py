"""Font subsetting with HarfBuzz from the ``uharfbuzz`` wheel, whatever the system has.

WeasyPrint subsets every embedded font once per PDF. It uses the system's HarfBuzz-Subset
library (``libharfbuzz-subset0`` on Debian) when it finds one, and fontTools otherwise: 165-214 ms
a dossier for the bundled DejaVu fonts, against 4-5 ms with HarfBuzz (README, "Speed").
Debian does not install the library by default, so :func:`install` replaces WeasyPrint's
``Font.subset`` with the same two HarfBuzz passes WeasyPrint makes (keep the used glyph ids,
drop the same tables; then cut the empty glyphs after the last one used), run through
``uharfbuzz``, which ships HarfBuzz and its subsetter in a wheel from PyPI. The PDF is then the
same on every machine, with or without the system library (the tests compare both).

When ``uharfbuzz`` cannot be imported (a platform without a wheel), the fontTools fallback is
made faster instead: the GPOS and GSUB tables WeasyPrint drops anyway are deleted before
fontTools decompiles them (same subset font, byte for byte).
"""

from __future__ import annotations

import io
from typing import Any

_installed: str | None = None

#: WeasyPrint major versions whose ``Font.subset``/``_fonttools_subset`` this module's copies
#: match; on any other version nothing is patched and WeasyPrint's own methods run unchanged.
TESTED_MAJORS = ("68", "69", "70")

#: What WeasyPrint's fontTools path drops (``options.drop_tables += [...]``).
DROPPED = ("GSUB", "GPOS", "SVG ")

#: The tables WeasyPrint's HarfBuzz path drops (``_harfbuzz_subset``).
HB_DROPPED = (
    "BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ",
)  # fmt: skip


def install() -> str | None:
    """Patch WeasyPrint's font subsetting once per process; returns which path is in use:
    ``"uharfbuzz"``, ``"fonttools"`` (the faster fontTools fallback), or None when the
    installed WeasyPrint does not have the expected methods (then nothing is changed)."""
    global _installed
    if _installed:
        return _installed
    import weasyprint
    from weasyprint.pdf import fonts

    if weasyprint.__version__.split(".")[0] not in TESTED_MAJORS:
        return None
    if not all(hasattr(fonts.Font, name) for name in ("subset", "_fonttools_subset")):
        return None
    fonts.Font._paperasse_original = (fonts.Font.subset, fonts.Font._fonttools_subset)
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        if not hasattr(fonts, "subset") or not hasattr(fonts, "TTFont"):
            del fonts.Font._paperasse_original
            return None
        fonts.Font._fonttools_subset = _fonttools_subset
        _installed = "fonttools"
    else:
        fonts.Font.subset = _uharfbuzz_subset
        _installed = "uharfbuzz"
    return _installed


def uninstall() -> None:
    """Undo :func:`install` (for the tests that compare the paths)."""
    global _installed
    from weasyprint.pdf import fonts

    original = getattr(fonts.Font, "_paperasse_original", None)
    if original is not None:
        fonts.Font.subset, fonts.Font._fonttools_subset = original
        del fonts.Font._paperasse_original
    _installed = None


def _uharfbuzz_subset(self: Any, to_unicode: Any, hinting: bool) -> None:
    """WeasyPrint 70's ``Font._harfbuzz_subset``, through uharfbuzz instead of the system's
    ``libharfbuzz-subset``: the same flags, tables and two passes."""
    if not to_unicode:
        return
    import uharfbuzz as hb
    from weasyprint.logger import LOGGER

    flags_1 = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
        | hb.SubsetFlags.DESUBROUTINIZE
    )
    flags_2 = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if not hinting:
        flags_2 |= hb.SubsetFlags.NO_HINTING
    if self.missing:
        flags_1 |= hb.SubsetFlags.NOTDEF_OUTLINE
        flags_2 |= hb.SubsetFlags.NOTDEF_OUTLINE
    try:
        face = hb.Face(hb.Blob(self.file_content), self.index)
        # 1. Only the glyphs used, at their ids; the tables WeasyPrint does not embed dropped.
        first = hb.SubsetInput()
        first.glyph_set.update(sorted(to_unicode))
        first.drop_table_tag_set.update(_tags(HB_DROPPED))
        first.flags = flags_1
        face = hb.subset(face, first)
        # 2. The empty glyphs after the last one used cut off.
        second = hb.SubsetInput()
        second.glyph_set.update(range(max(to_unicode) + 1))
        second.flags = flags_2
        face = hb.subset(face, second)
        data = face.blob.data
    except RuntimeError:
        data = b""
    if data:
        self.file_content = bytes(data)
    else:
        LOGGER.warning('Unable to subset "%s" with HarfBuzz', self.family)


def _tags(names: tuple[str, ...]) -> list[int]:
    """OpenType table tags as HarfBuzz's 32-bit integers (``hb_tag_from_string``)."""
    return [int.from_bytes(name.encode("ascii"), "big") for name in names]


def _fonttools_subset(self: Any, to_unicode: Any, hinting: bool) -> None:
    """WeasyPrint 68's ``Font._fonttools_subset``, deleting the tables it drops first."""
    from fontTools.ttLib import TTLibError
    from weasyprint.logger import LOGGER
    from weasyprint.pdf.fonts import TTFont, subset

    full_font = io.BytesIO(self.file_content)
    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=hinting,
        desubroutinize=True,
        notdef_outline=bool(self.missing),
    )
    options.drop_tables += [tag.strip() for tag in DROPPED]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=to_unicode)
    try:
        ttfont = TTFont(full_font, fontNumber=self.index)
        # fontTools drops a legacy 'kern' table when the font has GPOS: keep that rule.
        drop_kern = "GPOS" in ttfont and not options.legacy_kern
        for tag in DROPPED:
            if tag in ttfont:
                del ttfont[tag]  # never decompiled
        if drop_kern and "kern" in ttfont:
            del ttfont["kern"]
        subsetter.subset(ttfont)
    except TTLibError as exception:
        LOGGER.warning('Unable to subset "%s" with fontTools', self.family)
        LOGGER.debug("Original exception:", exc_info=exception)
    else:
        optimized_font = io.BytesIO()
        ttfont.save(optimized_font)
        self.file_content = optimized_font.getvalue()
