"""render/glyphs.py: the fonts' character maps, read with uharfbuzz or with fontTools alike."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from paperasse.render import glyphs
from paperasse.render.pdf import cjk_font
from paperasse.resources import templates_dir

BUNDLED = sorted(
    p for p in (templates_dir() / "fonts").iterdir() if p.suffix.lower() in glyphs.FONT_SUFFIXES
)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_harfbuzz_and_fonttools_read_the_same_character_map(path) -> None:  # type: ignore[no-untyped-def]
    codes = glyphs.font_characters(path)
    assert len(codes) > 5000  # DejaVu Sans: Latin, Greek, Cyrillic, Arabic, Vietnamese...
    assert codes == glyphs._fonttools_characters(path)


def test_the_cjk_font_map_is_the_same_both_ways() -> None:
    path = cjk_font()
    if path is None:
        pytest.skip("paperasse[cjk] is not installed")
    codes = glyphs.font_characters(path)
    assert ord("王") in codes
    assert codes == glyphs._fonttools_characters(path)


def test_without_uharfbuzz_fonttools_tells_the_same_missing_glyphs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "Nguyễn Ἀλέξανδρος Жанна محمد \U0001d504\u16a0"  # the last two: no bundled glyph
    with_harfbuzz = glyphs.missing_glyphs(name)
    assert with_harfbuzz >= {"\U0001d504"}
    real_import = builtins.__import__

    def no_uharfbuzz(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "uharfbuzz":
            raise ImportError("no uharfbuzz here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uharfbuzz)
    glyphs.bundled_characters.cache_clear()
    glyphs.cjk_characters.cache_clear()
    try:
        assert glyphs.missing_glyphs(name) == with_harfbuzz
    finally:
        glyphs.bundled_characters.cache_clear()
        glyphs.cjk_characters.cache_clear()
