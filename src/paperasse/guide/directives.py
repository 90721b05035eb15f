"""The guide's comment grammar, written once: the reader and ``paperasse check`` both use it.

Directives sit in HTML comments, invisible when the Markdown is published as a web page:

* a condition, inline inside a list item (a step or a document): ``1. <!-- when: non-eu -->
  Validate ...``
* a region, around any blocks (paragraphs, whole lists, table rows excluded)::

      <!-- when: student -->
      ...blocks...
      <!-- end -->

  Regions nest; an item inside a region carries the conjunction of all its conditions.
* a deadline, inside a step: ``<!-- deadline: 3 months -->`` (counted from arrival; units:
  days, weeks, months).
* a stable key, inside a step or document: ``<!-- key: validate-visa -->``, so that ``paperasse
  check`` can match the same step across translations (and a pack can show it once).
* a phase, inside a step: ``<!-- phase: first-weeks -->``, its period on the timeline (one of
  :data:`PHASES`).
* an order, inside a step: ``<!-- after: cvec, enrolment -->``, the keys of steps (in this guide
  or another guide of a pack) that this step comes after.

Several directives can share one comment, separated by ``;``:
``<!-- when: non-eu; deadline: 3 months; key: validate-visa -->``. Any other HTML comment is
dropped; a comment whose word before ``:`` is close to a directive name (``whne:``) is an error.

:func:`scan` removes the comments from a body and returns every problem it found, in the order
the reader reports them (it raises the first one; the linter lists them all).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..conditions import Condition, ConditionError
from ..conditions import parse as parse_condition
from ..errors import UserError
from ..inputs.files import did_you_mean
from .comments import CommentSpan, fenced_lines, find_comments
from .model import Deadline

DIRECTIVES = ("when", "deadline", "key", "phase", "after")
#: Directives holding a value stored on the item they sit in (``when`` is a condition).
VALUED = ("deadline", "key", "phase", "after")
PHASES = ("before-arrival", "first-weeks", "first-3-months", "later")

#: Regions nested deeper than this are refused (each line keeps the conditions open on it).
MAX_REGION_DEPTH = 16
_DIRECTIVE = re.compile(r"^([A-Za-z][\w-]*)\s*:(.*)$", re.DOTALL)
_DEADLINE = re.compile(r"^(\d{1,4})\s*(day|week|month)s?$", re.IGNORECASE)
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_KEY_RULE = "use letters, digits, '-', '_' or '.'"


def close_match(word: str, names: Sequence[str]) -> str | None:
    """The name ``word`` was probably meant to be (same letters swapped, or a close spelling)."""
    for name in names:
        if sorted(word) == sorted(name) and word != name:
            return name
    return did_you_mean(word, names, cutoff=0.75)


# ---- values ---------------------------------------------------------------------------------


class _Bad(ValueError):
    """A directive's value is wrong; the message says what would be right."""


def _when(raw: str) -> Condition:
    try:
        return parse_condition(raw)
    except ConditionError as err:
        raise _Bad(str(err)) from None


def _deadline(raw: str) -> Deadline:
    m = _DEADLINE.match(raw.strip())
    if not m or int(m.group(1)) == 0:
        raise _Bad("write a number and days, weeks or months (e.g. '3 months')")
    return Deadline(int(m.group(1)), m.group(2).lower() + "s")


def _key(raw: str) -> str:
    if not _KEY.match(raw.strip()):
        raise _Bad(_KEY_RULE)
    return raw.strip()


def _phase(raw: str) -> str:
    value = raw.strip().lower()
    if value in PHASES:
        return value
    hint = close_match(value, PHASES)
    more = f"; did you mean {hint!r}?" if hint else ""
    raise _Bad(f"write {', '.join(PHASES[:-1])} or {PHASES[-1]}{more}")


def _after(raw: str) -> tuple[str, ...]:
    keys = tuple(piece.strip() for piece in raw.split(","))
    if not all(_KEY.match(key) for key in keys):
        raise _Bad(f"list step keys separated by commas; in each, {_KEY_RULE}")
    return keys


_PARSERS: dict[str, Callable[[str], object]] = {
    "when": _when,
    "deadline": _deadline,
    "key": _key,
    "phase": _phase,
    "after": _after,
}


# ---- findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadValue:
    """A directive whose value is wrong, for the linter: ``name = 'value': reason``."""

    name: str
    value: str
    line: int  # 0-based line of the directive itself (a comment can span lines)
    reason: str

    def __str__(self) -> str:
        return f"{self.name} = {self.value!r}: {self.reason}"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a comment, as the reader reports it."""

    message: str
    line: int  # 0-based line (of the scanned text) where the comment starts
    key: str | None = None
    value: str | None = None
    bad: BadValue | None = None  # set when the problem is a directive's value

    def error(self, path: Path, offset: int = 0) -> UserError:
        """The problem as a :class:`UserError`; ``offset`` lines come before the text."""
        return UserError(
            self.message, file=path, line=self.line + offset + 1, key=self.key, value=self.value
        )


@dataclass
class Comments:
    """What :func:`scan` learnt about each line of the text (0-based)."""

    text: str  # the text without its comments (line numbers unchanged)
    regions: list[tuple[Condition, ...]]  # the conditions of the regions open on each line
    when: dict[int, list[Condition]]  # inline conditions, by line
    values: dict[str, dict[int, list[object]]]  # VALUED directive -> line -> parsed values
    blank: list[bool]  # whether each line of ``text`` is blank
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # e.g. a directive left unread


@functools.lru_cache(maxsize=8)
def scan(text: str) -> Comments:
    """Remove the comments of ``text`` (outside fenced code) and read their directives. Never
    raises: the problems are listed in the order the reader reports them. The last few results
    are kept (``paperasse check`` scans a body twice): treat them as read-only."""
    return _Scanner(text).run()


# ---- the scanner ----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]  # where each line begins
        newline = text.find("\n")
        while newline >= 0:
            self.starts.append(newline + 1)
            newline = text.find("\n", newline + 1)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # not errors: ``paperasse check`` reports them
        self.events: list[tuple[int, bool, Condition | None]] = []  # (line, opens, condition)
        self.when: dict[int, list[Condition]] = {}
        self.values: dict[str, dict[int, list[object]]] = {name: {} for name in VALUED}

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def run(self) -> Comments:
        fenced = fenced_lines(self.lines)
        matches = find_comments(self.text, lambda pos: fenced[self.line_of(pos)])
        if not matches:
            n = len(self.lines)
            return Comments(
                self.text, [()] * n, {}, self.values, [not t.strip() for t in self.lines]
            )
        bare = self.bare_lines(matches)
        out: list[str] = []
        prev = 0
        for m in matches:
            first, last = self.line_of(m.start()), self.line_of(max(m.end() - 1, m.start()))
            own_line = not bare[first].strip() and not bare[last].strip()
            newlines = m.group(0).count("\n")
            out.append(self.text[prev : m.start()])
            out.append("\n" * newlines if own_line else " " + "\n" * newlines)
            prev = m.end()
            self.comment(m, first, last, own_line)
        out.append(self.text[prev:])
        clean = "".join(out)
        regions = self.regions()
        blank = [not t.strip() for t in clean.split("\n")]
        return Comments(clean, regions, self.when, self.values, blank, self.problems, self.warnings)

    def bare_lines(self, matches: list[CommentSpan]) -> list[str]:
        """The lines with every comment blanked out: which lines hold nothing but comments?"""
        without = list(self.text)
        for m in matches:
            for i in range(m.start(), m.end()):
                if without[i] != "\n":
                    without[i] = " "
        return "".join(without).split("\n")

    def pieces(self, m: CommentSpan) -> list[tuple[str, int]]:
        """The ``;``-separated pieces of a comment, stripped, each with its own line."""
        found: list[tuple[str, int]] = []
        pos = m.start(1)
        for piece in m.group(1).split(";"):
            if piece.strip():
                found.append((piece.strip(), self.line_of(pos + len(piece) - len(piece.lstrip()))))
            pos += len(piece) + 1
        return found

    def comment(self, m: CommentSpan, first: int, last: int, own_line: bool) -> None:
        pieces = self.pieces(m)
        found = self.directives(m.group(1), pieces, first)
        if found is None:
            return
        if own_line and first > 0 and last + 1 < len(self.lines):
            above, below = self.lines[first - 1].strip(), self.lines[last + 1].strip()
            if above.startswith("|") and below.startswith("|"):
                self.problems.append(Problem("a comment cannot sit between table rows", first))
        for name, raw, at in found:
            if name == "end":
                if not own_line:
                    self.problems.append(
                        Problem("<!-- end --> must be on a line of its own", first)
                    )
                self.events.append((first, False, None))
                continue
            value = self.value(name, raw, at, first)
            if name != "when":
                if value is not None:
                    self.values[name].setdefault(first, []).append(value)
            elif own_line:
                self.events.append((first, True, value))  # type: ignore[arg-type]
            elif value is not None:
                self.when.setdefault(first, []).append(value)  # type: ignore[arg-type]

    def directives(
        self, content: str, pieces: list[tuple[str, int]], line: int
    ) -> list[tuple[str, str, int]] | None:
        """The directives of one comment as (name, value, line), or None for an ordinary
        comment or one whose syntax is wrong (a problem is then recorded)."""
        body = content.strip()
        lowered = body.lower()
        if lowered == "end":
            return [("end", "", line)]
        if lowered in DIRECTIVES:
            self.syntax(f"directive {body!r} needs a value after ':'", line, pieces)
            return None
        if re.fullmatch(r"[A-Za-z]+", body) and close_match(lowered, ("end",)):
            self.syntax(f"unknown comment {body!r}; did you mean 'end'?", line, pieces)
            return None
        found: list[tuple[str, str, int]] = []
        for piece, at in pieces:
            m = _DIRECTIVE.match(piece)
            word = m.group(1).lower() if m else piece
            if m and word in DIRECTIVES:
                found.append((word, m.group(2).strip(), at))
                continue
            hint = close_match(word, DIRECTIVES) if m else None
            if hint:
                message = f"unknown directive {word!r}; did you mean {hint!r}?"
            elif found:
                message = f"unknown directive {piece!r} (known: {', '.join(DIRECTIVES)})"
            else:
                self.ignored(pieces, line)
                return None
            self.syntax(message, line, pieces)
            return None
        return found or None

    def ignored(self, pieces: list[tuple[str, int]], line: int) -> None:
        """An ordinary comment (its first piece is no directive) that holds a directive after a
        ``;`` (``<!-- TODO; when: student -->``): not read, which its author may not expect."""
        for piece, _ in pieces[1:]:
            m = _DIRECTIVE.match(piece)
            if m and m.group(1).lower() in DIRECTIVES:
                name = m.group(1).lower()
                self.warnings.append(
                    Problem(
                        f"this comment is not read for directives (it does not begin with one),"
                        f" so its '{name}:' is ignored; put the directives first or in a comment"
                        " of their own",
                        line,
                    )
                )
                return

    def syntax(self, message: str, line: int, pieces: list[tuple[str, int]]) -> None:
        """Record a comment's syntax problem, then the bad values of its directives."""
        self.problems.append(Problem(message, line))
        for piece, at in pieces:
            m = _DIRECTIVE.match(piece)
            if m and m.group(1).lower() in DIRECTIVES:
                self.value(m.group(1).lower(), m.group(2).strip(), at, line)

    def value(self, name: str, raw: str, at: int, line: int) -> object | None:
        """The directive's parsed value, or None after recording why it is wrong."""
        try:
            return _PARSERS[name](raw)
        except _Bad as err:
            bad = BadValue(name, raw, at, str(err))
            if name == "when":
                self.problems.append(Problem(str(err), line, bad=bad))
            else:
                self.problems.append(Problem(f"bad {name}: {err}", line, name, raw, bad))
            return None

    def regions(self) -> list[tuple[Condition, ...]]:
        """The conditions of the regions open on each line; unbalanced regions are problems."""
        by_line: dict[int, list[tuple[bool, Condition | None]]] = {}
        for line, opens, cond in self.events:
            by_line.setdefault(line, []).append((opens, cond))
        stack: list[tuple[Condition | None, int]] = []  # None: a region whose condition is bad
        deep = 0  # regions open beyond the depth limit (refused; their ends are matched here)
        current: tuple[Condition, ...] = ()
        regions: list[tuple[Condition, ...]] = []
        for i in range(len(self.lines)):
            for opens, cond in by_line.get(i, ()):
                if opens and len(stack) >= MAX_REGION_DEPTH:
                    if not deep:
                        self.problems.append(
                            Problem(
                                f"<!-- when --> regions nested too deeply (more than"
                                f" {MAX_REGION_DEPTH} levels)",
                                i,
                            )
                        )
                    deep += 1
                elif opens:
                    stack.append((cond, i))
                elif deep:
                    deep -= 1
                elif stack:
                    stack.pop()
                else:
                    self.problems.append(
                        Problem("<!-- end --> without an open <!-- when: ... --> region", i)
                    )
                current = tuple(c for c, _ in stack if c is not None)
            regions.append(current)
        if stack:
            self.problems.append(
                Problem(
                    "<!-- when: ... --> region is never closed (add <!-- end -->)", stack[-1][1]
                )
            )
        return regions
