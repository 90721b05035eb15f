"""User-facing errors: one line, with the location of the fault, and an exit code.

Internal errors (bugs) are ordinary exceptions and keep their traceback; everything the user
can fix by changing an input file or an option is a :class:`UserError`.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from pathlib import Path

#: Exit codes, documented in the README. Kept in one place.
EXIT_OK = 0
EXIT_INPUT = 1  # at least one profile, guide or input file was bad (the others were still done)
EXIT_USAGE = 2  # bad command line: unknown option, missing file, nothing to do
EXIT_ENVIRONMENT = 3  # the machine lacks something (Pango for WeasyPrint)
EXIT_OUTPUT = 4  # the output cannot be written: read-only, disk full, folder busy (nothing lost)
EXIT_INTERNAL = 70  # a bug in paperasse (EX_SOFTWARE); PAPERASSE_DEBUG=1 shows the traceback

DEBUG_ENV = "PAPERASSE_DEBUG"


class UserError(Exception):
    """An error in the user's input, shown as a single line without a traceback.

    ``str(err)`` gives ``file:line: key 'value': message`` with the parts that are known.
    """

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        key: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.row = row
        self.key = key
        self.value = value
        #: Every problem this error stands for, one error each: itself, or all of a profile's
        #: or a spreadsheet header's (``from_errors``), each told on its own line.
        self.errors: list[UserError] = [self]

    def location(self) -> str:
        parts = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            parts.append(where)
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)

    def __str__(self) -> str:
        head = self.location()
        what = ""
        if self.key is not None:
            what = f"{self.key}"
            if self.value is not None:
                what += f" = {_short(self.value)}"
        pieces = [p for p in (head, what) if p]
        prefix = ": ".join(pieces)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return one_line(text)


class UsageError(UserError):
    """A bad command line (exit code 2)."""

    exit_code = EXIT_USAGE


class OutputProblem(UserError):
    """The output cannot be written: a read-only folder, a full disk, a folder where a file
    must go, another run holding the folder (exit code 4). What was written stays whole."""

    exit_code = EXIT_OUTPUT


class EnvironmentProblem(UserError):
    """Something missing on the machine, such as Pango (exit code 3)."""

    exit_code = EXIT_ENVIRONMENT


def _short(value: object, limit: int = 60) -> str:
    """A value as the user wrote it: text quoted (``'Atlantis'``, escapes visible), dates
    and times in ISO form (never ``datetime.date(2026, 9, 5)``), lists as ``['a', 4]``."""
    text = repr(value) if isinstance(value, str) else _plain(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    try:
        return repr(value)
    except RecursionError:  # a value nested thousands deep (a hostile file)
        return f"a {type(value).__name__} nested too deeply"


#: What must never reach a terminal as it is: C0 and C1 controls (escape sequences start with
#: ESC or CSI), line and paragraph separators, bidi embeddings, overrides and isolates, and the
#: invisible characters (zero-width space, word joiner, BOM; the joiners ZWJ/ZWNJ that
#: Persian and Indic words need are kept) that can make one name
#: look like another.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe for a terminal: every control character (terminal escapes), bidi control
    and invisible character is shown as ``\\xNN``/``\\uNNNN``, and a byte of a file name that
    is not UTF-8 as ``\\xNN``; tabs and line breaks are kept. The one helper for every string
    from a guide, profile, spreadsheet header or file name on its way to a terminal."""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` on one line, made :func:`printable` (control characters, terminal escapes,
    bidi overrides, invisible characters shown as ``\\xNN``), so that a hostile file name or
    value cannot rewrite the user's terminal."""
    return printable(" ".join(text.split()))


def printable_path(path: object) -> str:
    """A file name as the messages and the manifest show it: :func:`one_line` of it."""
    return one_line(str(path))


def internal_error(exc: BaseException) -> int:
    """Report a bug on one line (or with its traceback when ``PAPERASSE_DEBUG=1``); the exit
    code to use."""
    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)
    detail = one_line(f"{type(exc).__name__}: {exc}")[:300]
    print(
        f"paperasse: internal error: {detail} (please report; set {DEBUG_ENV}=1 for details)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL
