"""A guide file's text: refused by its size before it is read, decoded as UTF-8."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError

#: Larger guide files are refused before being read (the largest real guide is about 20 kB).
MAX_GUIDE_BYTES = 2_000_000


def check_guide_size(path: Path) -> None:
    """Refuse a guide file over :data:`MAX_GUIDE_BYTES` by its size, before reading any of it."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise UserError(f"cannot read the guide: {err.strerror or err}", file=path) from None
    if size > MAX_GUIDE_BYTES:
        raise UserError(
            f"the guide file is too large ({size} bytes, at most {MAX_GUIDE_BYTES})", file=path
        )


def _read_bytes(path: Path) -> bytes:
    """The guide file's bytes; a file over :data:`MAX_GUIDE_BYTES` is refused by its size,
    before any of it is read."""
    too_big = f"the guide file is too large (over {MAX_GUIDE_BYTES} bytes)"
    check_guide_size(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_GUIDE_BYTES + 1)
    except OSError as err:
        raise UserError(f"cannot read the guide: {err.strerror or err}", file=path) from None
    if len(raw) > MAX_GUIDE_BYTES:  # grew while read, or a special file
        raise UserError(too_big, file=path)
    return raw


def guide_text(path: Path, text: str | None = None) -> str:
    """The guide's text with ``\\n`` line ends and no BOM: ``text`` if given, else the file's.
    Raise :class:`UserError` for a file too large, unreadable, not UTF-8 or empty."""
    if text is None:
        raw = _read_bytes(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw.count(b"\n", 0, err.start) + 1
            raise UserError("the guide is not valid UTF-8", file=path, line=line) from None
    elif len(text) > MAX_GUIDE_BYTES:
        raise UserError(f"the guide is too large (over {MAX_GUIDE_BYTES} characters)", file=path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise UserError("the guide file is empty", file=path)
    return text.replace("\r\n", "\n").replace("\r", "\n")
