"""tinyhtml5's pattern cache mended (render/htmlparse.py): the same tree, the cache hit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import tinyhtml5
from tinyhtml5 import inputstream

from conftest import bundled_dossier
from paperasse.render import htmlparse
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions

#: What a tokenizer meets: entities in text and attributes, quotes of both kinds, unquoted
#: values, comments, a doctype, raw text, CR LF, non-ASCII, a stray ``<``, an unclosed tag.
MIXED = (
    "<!DOCTYPE html>\r\n<html lang=fr><head><title>Caf&eacute; &amp; CAF</title>"
    "<style>p > a { color: red }</style><script>if (a < b && c) {}</script></head>"
    '<body class=x data-a=\'un "deux"\' data-b="l\'autre"><!-- note -->'
    '<p>1 &lt; 2 &#233;t&#xE9; <a href="https://www.caf.fr/?a=1&b=2">caf</a> a < b'
    "<p>Nguyễn Thị Mai — ٱلْعَرَبِيَّة — 北京<br><input type=checkbox checked>\r\n"
    "<table><tr><td>cellule<td>&nbsp;</table><textarea>a <b> c</textarea></body></html>"
)


def _tree(html: str) -> list[Any]:
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    return [(e.tag, sorted(e.attrib.items()), e.text, e.tail) for e in root.iter()]


@pytest.fixture
def mended() -> Iterator[None]:
    yield
    assert htmlparse.install()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_same_tree_with_the_mended_cache(mended: None, language: str) -> None:
    dossier = render_html(bundled_dossier(language=language), RenderOptions())
    for html in (MIXED, dossier):
        htmlparse.uninstall()
        before = _tree(html)
        assert htmlparse.install()
        assert _tree(html) == before


def test_the_cache_is_kept_under_the_characters_looked_up(mended: None) -> None:
    htmlparse.uninstall()
    _tree(MIXED)
    # unmended: every pattern is stored under itself, so no look-up ever finds one
    assert all(isinstance(key[0], re.Pattern) for key in inputstream.characters_until_regex)
    assert htmlparse.install()
    assert htmlparse.install()  # twice changes nothing
    _tree(MIXED)
    cache = inputstream.characters_until_regex
    assert cache and not any(isinstance(key[0], re.Pattern) for key in cache)
    size = len(cache)
    _tree(MIXED)
    assert len(cache) == size  # the second parse only finds
