"""Where a guide's HTML comments are: every ``<!-- ... -->`` outside fenced code, found in
linear time whatever the input."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def fenced_lines(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (where comments are text)."""
    inside = [False] * len(lines)
    fence: str | None = None
    for i, text in enumerate(lines):
        m = FENCE.match(text)
        if fence is None and m:
            fence = m.group(1)[0] * 3
            inside[i] = True
        elif fence is not None:
            inside[i] = True
            if text.strip().startswith(fence):
                fence = None
    return inside


@dataclass(frozen=True)
class CommentSpan:
    """One HTML comment found by :func:`find_comments`, with the spaces and tabs around it (as
    the regex ``[ \\t]*<!--(.*?)-->[ \\t]*`` would match it, found in linear time)."""

    begin: int  # first character, leading spaces included
    finish: int  # one past the last character, trailing spaces included
    inner_begin: int  # first character after "<!--"
    inner_end: int  # the "-->" position
    source: str

    def start(self, group: int = 0) -> int:
        return self.inner_begin if group else self.begin

    def end(self) -> int:
        return self.finish

    def group(self, group: int = 0) -> str:
        if group:
            return self.source[self.inner_begin : self.inner_end]
        return self.source[self.begin : self.finish]


def find_comments(text: str, skip: Callable[[int], bool] = lambda pos: False) -> list[CommentSpan]:
    """Every ``<!-- ... -->`` of ``text`` whose start ``skip`` does not reject (e.g. in fenced
    code), in order. Linear in the length of the text: each character is looked at a bounded
    number of times, whatever the input (long runs of spaces, ``<!--`` repeated, no ``-->``)."""
    found: list[CommentSpan] = []
    pos = 0
    close = -1  # the first "-->" at or after the last place looked from
    size = len(text)
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            return found
        if close < start + 4:
            close = text.find("-->", start + 4)
            if close < 0:  # never closed: nothing after here is a comment
                return found
        if skip(start):
            pos = start + 4
            continue
        begin = start
        while begin > pos and text[begin - 1] in " \t":
            begin -= 1
        finish = close + 3
        while finish < size and text[finish] in " \t":
            finish += 1
        found.append(CommentSpan(begin, finish, start + 4, close, text))
        pos = finish
