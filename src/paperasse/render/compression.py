"""The PDF's streams compressed at zlib's default level instead of pydyf's level 9.

pydyf (WeasyPrint's PDF writer) deflates every stream, the page contents, the embedded fonts and
the object stream that holds the tags, with ``zlib.compressobj(level=9)``. On a dossier of the
bundled guide (300 KB of streams) level 9 takes 40 ms and level 6, zlib's own default, 12 ms for
a PDF 1.3 KB (2 %) larger: a twentieth of a dossier's CPU for 2 % of its size (README, "Speed").
:func:`install` gives pydyf a ``zlib`` whose ``compressobj`` asks for :data:`LEVEL` where pydyf
asks for more; everything else is the standard module. The output stays the same from run to
run (zlib is deterministic for a given level), and any PDF reader inflates it as before.
"""

from __future__ import annotations

import zlib
from typing import Any

#: The level every stream is compressed at (zlib's ``Z_DEFAULT_COMPRESSION`` is level 6).
LEVEL = 6


class _DefaultLevelZlib:
    """The :mod:`zlib` module, but ``compressobj`` never compresses harder than :data:`LEVEL`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(min(level, LEVEL) if level >= 0 else level, *args, **kwargs)


def install() -> bool:
    """Give pydyf the default-level zlib (once per process); False when the installed pydyf
    does not compress through a module-level ``zlib`` (then nothing is changed)."""
    import pydyf

    current = getattr(pydyf, "zlib", None)
    if isinstance(current, _DefaultLevelZlib):
        return True
    if current is not zlib:
        return False
    pydyf.zlib = _DefaultLevelZlib()
    return True


def uninstall() -> None:
    """Undo :func:`install` (for the tests that compare both)."""
    import pydyf

    if isinstance(getattr(pydyf, "zlib", None), _DefaultLevelZlib):
        pydyf.zlib = zlib
