"""Faster font subsetting when WeasyPrint falls back to fontTools (no HarfBuzz-Subset library).

Profiling a batch (pyinstrument, see the README's "Speed") showed a third of each dossier's time
in fontTools subsetting the embedded DejaVu fonts, and most of that in *decompiling the GPOS and
GSUB tables*, which WeasyPrint then asks fontTools to drop (``_compact_layout_tables`` reads them
before the drop). :func:`install` makes WeasyPrint's fontTools path delete those tables from the
font before subsetting, which gives the same subset font, byte for byte (the test suite compares
PDFs made with and without it), in a fraction of the time.

With HarfBuzz-Subset installed (``libharfbuzz-subset0``), WeasyPrint does not use fontTools and
this changes nothing.
"""

from __future__ import annotations

import io
from typing import Any

_installed = False

#: WeasyPrint major versions whose ``Font._fonttools_subset`` this module's copy matches; on any
#: other version the patch is not installed and WeasyPrint's own method runs unchanged.
TESTED_MAJORS = ("68", "69", "70")

#: What WeasyPrint's ``_fonttools_subset`` drops (``options.drop_tables += [...]``).
DROPPED = ("GSUB", "GPOS", "SVG ")


def install() -> bool:
    """Patch ``weasyprint.pdf.fonts.Font._fonttools_subset`` once per process; False when the
    installed WeasyPrint does not have the expected method (then nothing is changed)."""
    global _installed
    if _installed:
        return True
    import weasyprint
    from weasyprint.pdf import fonts

    if weasyprint.__version__.split(".")[0] not in TESTED_MAJORS:
        return False
    original = getattr(fonts.Font, "_fonttools_subset", None)
    if original is None or not hasattr(fonts, "subset") or not hasattr(fonts, "TTFont"):
        return False
    fonts.Font._fonttools_subset = _fonttools_subset
    fonts.Font._paperasse_original_subset = original
    _installed = True
    return True


def uninstall() -> None:
    """Undo :func:`install` (for the test that compares both)."""
    global _installed
    from weasyprint.pdf import fonts

    original = getattr(fonts.Font, "_paperasse_original_subset", None)
    if original is not None:
        fonts.Font._fonttools_subset = original
        del fonts.Font._paperasse_original_subset
    _installed = False


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
