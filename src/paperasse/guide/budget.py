"""Parse a guide's body within its budget: texts that would make markdown-it or the layout
take minutes or gigabytes are refused, at the line where they go over, before or just after
parsing (see :data:`.source.MAX_GUIDE_ELEMENTS`)."""

from __future__ import annotations

import re

from markdown_it.token import Token

from .. import markdown as mdr
from .builder import BlockBuilder
from .source import MAX_GUIDE_ELEMENTS, MAX_GUIDE_LINKS


def parse_body(build: BlockBuilder, clean: str) -> list[Token]:
    _few_enough_items(build, clean)
    _few_enough_open_brackets(build, clean)
    _few_enough_marks(build, clean)
    try:
        tokens = mdr.parse(clean)
    except mdr.TooDeep as err:
        raise build.error(
            f"lists or quotes nested too deeply (more than {mdr.max_nesting()} levels)", err.line
        ) from None
    _within_budget(build, tokens)
    return tokens


def _within_budget(build: BlockBuilder, tokens: list[Token]) -> None:
    """Refuse a guide too heavy to lay out (see :data:`.source.MAX_GUIDE_ELEMENTS`), at the
    line where it goes over, before any block is made."""
    elements = links = 0
    for token in tokens:
        if (token.nesting == 1 and token.type not in _WRAPPERS) or token.type in _LEAVES:
            elements += 1
            if elements > MAX_GUIDE_ELEMENTS:
                raise build.error(
                    f"the guide is too long: more than {MAX_GUIDE_ELEMENTS:,} paragraphs, list"
                    " items, headings and table rows; split it into several guides",
                    token.map[0] if token.map else None,
                )
        elif token.type == "inline" and token.children:
            links += sum(1 for c in token.children if c.type == "link_open")
            if links > MAX_GUIDE_LINKS:
                raise build.error(
                    f"the guide has more than {MAX_GUIDE_LINKS} links; split it into several"
                    " guides",
                    token.map[0] if token.map else None,
                )


#: How far markdown-it may look for the ``]`` of every ``[`` of a guide, in characters, summed
#: (a link's label is looked through once; a ``[`` never closed sends it to the end of its
#: paragraph). Real guides: a few thousand; 1 MB of ``[`` would be 5e11 (over a minute).
MAX_LABEL_SCAN = 2_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"[\[\]]")


def _few_enough_open_brackets(build: BlockBuilder, clean: str) -> None:
    """Before parsing: refuse a text where ``[`` without their ``]`` would make markdown-it's
    link parsing quadratic (see :data:`MAX_LABEL_SCAN`). Linear: counted per paragraph (text
    between blank lines), as the parser looks no further."""
    work, start = 0, 0
    for chunk_end in (*(m.start() for m in _BLANK_LINE.finditer(clean)), len(clean)):
        opened: list[int] = []
        for m in _BRACKET.finditer(clean, start, chunk_end):
            if m.group() == "[":
                opened.append(m.start())
            elif opened:
                work += m.start() - opened.pop()
        work += sum(chunk_end - p for p in opened)
        if work > MAX_LABEL_SCAN:
            line = clean.count("\n", 0, opened[0] if opened else start)
            raise build.error(
                "too many '[' without their ']' in this paragraph (markdown-it would look for"
                " each one's end): write them as \\[ or close them",
                line,
            )
        start = chunk_end


#: Emphasis delimiters and entity starts: each becomes a token of markdown-it's (1 MB of "*a"
#: took 7 s of CPU and 390 MB). Real guides have a few hundred ("_" in URLs included).
MAX_INLINE_MARKS = 30_000
_INLINE_MARK = re.compile(r"[*_&]")


def _few_enough_marks(build: BlockBuilder, clean: str) -> None:
    """Before parsing: refuse a text with more than :data:`MAX_INLINE_MARKS` ``*``, ``_`` and
    ``&`` (linear), naming the line of the first one over."""
    _at_most(
        build,
        clean,
        _INLINE_MARK,
        MAX_INLINE_MARKS,
        f"more than {MAX_INLINE_MARKS:,} '*', '_' and '&' in the guide (emphasis marks"
        " and entities); split it into several guides",
    )


def _at_most(
    build: BlockBuilder, clean: str, pattern: re.Pattern[str], limit: int, why: str
) -> None:
    """Refuse ``clean`` when ``pattern`` matches more than ``limit`` times (linear), naming the
    line of the first match over."""
    for count, m in enumerate(pattern.finditer(clean), 1):
        if count > limit:
            raise build.error(why, clean.count("\n", 0, m.start()))


#: A line that begins an element by itself: a list item ("- x", "* x", "12. x", at any depth),
#: a table row ("| x |"), a heading ("# x", or a "===" underline) or a rule ("---", "* * *").
_ITEM_LINE = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|\||#{1,6}(?:[ \t]|$)|=+[ \t]*$"
    r"|(?:[-*_][ \t]*){3,}$)",
    re.MULTILINE,
)


def _few_enough_items(build: BlockBuilder, clean: str) -> None:
    """Before parsing: refuse a text whose list items, table rows and headings alone exceed the
    element budget (9-deep lists of 1.9 MB took markdown-it half a minute, then the renderer
    14 GB). Linear; a line in fenced code that looks like one counts too, which no real guide
    comes near."""
    _at_most(
        build,
        clean,
        _ITEM_LINE,
        MAX_GUIDE_ELEMENTS,
        f"the guide is too long: more than {MAX_GUIDE_ELEMENTS:,} paragraphs, list"
        " items, headings and table rows; split it into several guides",
    )


#: Block tokens with no closing token: each is an element too.
_LEAVES = frozenset({"hr", "fence", "code_block"})
#: Tokens that only wrap others (counted through what they hold).
_WRAPPERS = frozenset({"bullet_list_open", "ordered_list_open", "thead_open", "tbody_open"})
