"""Where the files that ship with paperasse live: ``guides/`` and ``templates/``.

In a wheel they sit inside the package (``paperasse/guides``); in a source checkout (editable
install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """The folder ``name`` ("guides" or "templates") shipped with this installation."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"paperasse is installed without its {name!r} folder")


def guides_dir() -> Path:
    return resource_dir("guides")


def templates_dir() -> Path:
    return resource_dir("templates")
