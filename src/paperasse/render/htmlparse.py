"""tinyhtml5's cache of "read up to one of these characters" patterns, made to hit.

WeasyPrint parses every dossier's HTML with tinyhtml5 (html5lib's parser). Its tokenizer asks
the input stream, a thousand times a dossier, for the characters up to the next ``<``, ``&``, quote
or space; ``HTMLInputStream.chars_until`` keeps the regular expression for each set in the
module's ``characters_until_regex`` dict, but stores it under the compiled pattern instead of the
set (``characters = cache[(characters, opposite)] = regex`` rebinds ``characters`` first), so
the look-up never hits and the pattern's source is rebuilt at every call. html5lib, which it was
forked from, binds the pattern to another name. Half the parse's time goes there: 43 ms a dossier
of the bundled guide against 22 ms with a cache that hits (README, "Speed").

:func:`install` replaces that dict with one that builds the same pattern (the same character
class, in the same order) on a miss and keeps it under the key looked up; the misplaced stores
the unmended code makes on a miss never happen, as there is no miss. The parsed tree is the same
(tests/test_htmlparse.py).
"""

from __future__ import annotations

import re
from typing import Any


class _Patterns(dict[tuple[Any, bool], "re.Pattern[str]"]):
    """``characters_until_regex`` that builds a missing pattern under its own key, the way
    ``chars_until`` builds it."""

    def __missing__(self, key: tuple[Any, bool]) -> re.Pattern[str]:
        characters, opposite = key
        regex = "".join(f"\\x{ord(character):02x}" for character in characters)
        if not opposite:
            regex = f"^{regex}"
        pattern = self[key] = re.compile(f"[{regex}]+")
        return pattern


def install() -> bool:
    """Mend the cache once per process; False when the installed tinyhtml5 has no such dict
    (then nothing is changed)."""
    try:
        from tinyhtml5 import inputstream
    except ImportError:
        return False
    current = getattr(inputstream, "characters_until_regex", None)
    if isinstance(current, _Patterns):
        return True
    if not isinstance(current, dict):
        return False
    inputstream.characters_until_regex = _Patterns()
    return True


def uninstall() -> None:
    """Undo :func:`install` (for the tests that compare both)."""
    from tinyhtml5 import inputstream

    if isinstance(getattr(inputstream, "characters_until_regex", None), _Patterns):
        inputstream.characters_until_regex = {}
