"""User-facing errors: one line, with the location of the fault, and an exit code.

Internal errors (bugs) are ordinary exceptions and keep their traceback; everything the user
can fix by changing an input file or an option is a :class:`UserError`.
"""

from __future__ import annotations

from pathlib import Path

#: Exit codes, documented in the README. Kept in one place.
EXIT_OK = 0
EXIT_INPUT = 1  # at least one profile, guide or input file was bad (the others were still done)
EXIT_USAGE = 2  # bad command line: unknown option, missing file, nothing to do
EXIT_ENVIRONMENT = 3  # the machine lacks something (Pango for WeasyPrint)


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
        return " ".join(text.split())  # always one line


class UsageError(UserError):
    """A bad command line (exit code 2)."""

    exit_code = EXIT_USAGE


class EnvironmentProblem(UserError):
    """Something missing on the machine, such as Pango (exit code 3)."""

    exit_code = EXIT_ENVIRONMENT


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
