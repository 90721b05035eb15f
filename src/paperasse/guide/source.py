"""A guide file's text: refused by its size before it is read, decoded as UTF-8 (the shared
bounded reader of :mod:`paperasse.inputs.files`)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..inputs.files import FileKind, check_size, read_text

#: Larger guide files are refused before being read (the largest real guide is about 20 kB).
MAX_GUIDE_BYTES = 2_000_000

GUIDE_FILE = FileKind("guide file", MAX_GUIDE_BYTES, name="guide")

#: A guide is refused before layout beyond these (the largest real guides have a few hundred
#: blocks and a few dozen links; 90,000 list items took the renderer 14 GB, 12,000 links 3 GB).
MAX_GUIDE_ELEMENTS = 3_000  # paragraphs, list items, headings, table rows... nested ones too
MAX_GUIDE_LINKS = 300


def has_front_matter(path: Path) -> bool:
    """Whether the file begins with a ``---`` front matter line: only such files in a folder
    are guides (not README.md, LICENSE.md, CONTRIBUTING.md, CODE_OF_CONDUCT.md, _index.md...).
    Reads the first bytes only."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.rstrip(b"\r \t") == b"---"


def check_guide_size(path: Path) -> None:
    """Refuse a guide file over :data:`MAX_GUIDE_BYTES` by its size, before reading any of it."""
    check_size(path, GUIDE_FILE)


def guide_text(path: Path, text: str | None = None) -> str:
    """The guide's text with ``\\n`` line ends and no BOM: ``text`` if given, else the file's.
    Raise :class:`UserError` for a file too large, unreadable, not UTF-8 or empty."""
    if text is None:
        text = read_text(path, GUIDE_FILE)
    elif len(text) > MAX_GUIDE_BYTES:
        raise UserError(f"the guide is too large (over {MAX_GUIDE_BYTES} characters)", file=path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise UserError("the guide file is empty", file=path)
    return text.replace("\r\n", "\n").replace("\r", "\n")
