"""The mends of other libraries' modules (render/compression.py for pydyf, render/htmlparse.py
for tinyhtml5) change nothing when the module no longer has what they replace."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from paperasse.render import compression, htmlparse


@pytest.mark.parametrize(
    ("mend", "module", "attribute"),
    [
        (compression, "pydyf", "zlib"),
        (htmlparse, "tinyhtml5.inputstream", "characters_until_regex"),
    ],
)
def test_nothing_is_changed_when_the_library_has_moved(
    monkeypatch: pytest.MonkeyPatch, mend: ModuleType, module: str, attribute: str
) -> None:
    library = importlib.import_module(module)
    mend.uninstall()
    try:
        monkeypatch.delattr(library, attribute)
        assert mend.install() is False
        assert not hasattr(library, attribute)
    finally:
        monkeypatch.undo()
        assert mend.install()
