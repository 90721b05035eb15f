"""Turn a guide's token blocks into :class:`~paperasse.guide.model.Block` s, each with the
directives found on its lines (and the providers' table into providers)."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token

from .. import markdown as mdr
from ..conditions import Condition, all_of
from ..errors import UserError
from . import directives as dv
from . import structure as st
from .model import Block, Deadline, Link, Provider, Remark

_BARE_URL = re.compile(r"https?://[^\s<>()|]+", re.IGNORECASE)
#: A line of a paragraph written as a list item with a bullet character instead of Markdown's
#: "- " ("• Passport", "-Passport", "– Passport"): the character and the rest of the line.
_BULLET = re.compile(r"^([•·◦▪▫●○■□‣⁃➢➤►✓✔☐–—−-])[ \t]*(\S.*)$")


class BlockBuilder:
    """Turns token blocks into :class:`Block` s, with the directives found on their lines."""

    def __init__(self, path: Path, offset: int, comments: dv.Comments) -> None:
        self.path = path
        self.offset = offset  # number of file lines before the body
        self.info = comments
        self.used: set[tuple[str, int]] = set()
        self.remarks: list[Remark] = []

    def remark(self, kind: str, line: int, message: str) -> None:
        """``line`` is a 0-based body line."""
        self.remarks.append(Remark(kind, self.file_line(line), message))

    def error(self, message: str, line: int | None = None) -> UserError:
        """``line`` is a 0-based body line."""
        file_line = None if line is None else line + self.offset + 1
        return UserError(message, file=self.path, line=file_line)

    def file_line(self, line: int) -> int:
        return line + self.offset + 1

    def condition(self, start: int, end: int, what: str) -> Condition | None:
        """Regions active at ``start`` and inline conditions in [start, end)."""
        regions = self.info.regions[start] if start < len(self.info.regions) else ()
        inline: list[Condition] = []
        for line in range(start, min(end, len(self.info.regions))):
            if self.info.blank[line]:
                continue
            if self.info.regions[line] != regions:
                raise self.error(
                    f"a <!-- when --> region begins or ends inside a {what}; put the region around"
                    " whole blocks or items, or the condition inline",
                    line,
                )
            inline.extend(self.info.when.get(line, ()))
            self.used.add(("when", line))
        return all_of([*regions, *inline])

    def directive(self, kind: str, start: int, end: int, allowed: bool, what: str) -> object:
        """The value of the one ``kind`` directive in [start, end), or None."""
        table = self.info.values[kind]
        found = [(line, v) for line in range(start, end) for v in table.get(line, ())]
        if not found:
            return None
        if not allowed:
            raise self.error(f"{_a(kind)} directive cannot go in a {what}", found[0][0])
        if len(found) > 1:
            raise self.error(f"two {kind} directives in one {what}", found[1][0])
        self.used.add((kind, found[0][0]))
        return found[0][1]

    def block(self, tokens: list[Token]) -> Block:
        kind = st.block_kind(tokens)
        start, end = st.span(tokens)
        if kind in {"paragraph", "heading"}:
            html = mdr.render_inline(tokens[1])
        else:
            html = mdr.render(tokens)
            kind = {"bullet_list": "list", "ordered_list": "list", "table": "table"}.get(
                kind, "paragraph"
            )
        for name in dv.VALUED:
            self.directive(name, start, end, False, "paragraph")
        return Block(
            kind=kind,
            html=html,
            text=mdr.plain_text(tokens),
            line=self.file_line(start),
            condition=self.condition(start, end, kind),
            links=tuple(Link(u, t) for u, t in mdr.web_links(tokens)),
        )

    def blocks(self, part: st.Part) -> tuple[Block, ...]:
        return tuple(self.block(b) for b in part.blocks if st.heading_level(b) != 1)

    def items(self, list_tokens: list[Token], kind: str) -> list[Block]:
        inner = list_tokens[1:-1]
        return [
            self.item(item, kind)
            for item in st.top_blocks(inner, list_tokens[0].level + 1)
            if item[0].type == "list_item_open"
        ]

    def item(self, item: list[Token], kind: str) -> Block:
        content = item[1:-1]
        paragraphs = [
            t for t in content if t.type == "paragraph_open" and t.level == item[0].level + 1
        ]
        if len(paragraphs) == 1:  # one paragraph: inline HTML, even in a loose list
            for t in content:
                if t.type in {"paragraph_open", "paragraph_close"} and (
                    t.level == item[0].level + 1
                ):
                    t.hidden = True
        start, end = st.span(item)
        step = kind == "step"
        what = "step" if step else "document"
        deadline = self.directive("deadline", start, end, step, what)
        key = self.directive("key", start, end, True, what)
        phase = self.directive("phase", start, end, step, what)
        after = self.directive("after", start, end, step, what)
        return Block(
            kind=kind,
            html=mdr.render(content),
            text=mdr.plain_text(content),
            line=self.file_line(start),
            condition=self.condition(start, end, "list item"),
            links=tuple(Link(u, t) for u, t in mdr.web_links(content)),
            deadline=deadline if isinstance(deadline, Deadline) else None,
            key=key if isinstance(key, str) else None,
            phase=phase if isinstance(phase, str) else None,
            after=after if isinstance(after, tuple) else (),
        )

    def inline_item(self, text: str, start: int, end: int, kind: str) -> Block:
        """A document written as lines of a paragraph ([start, end) body lines)."""
        tokens = mdr.parse_inline(text)
        key = self.directive("key", start, end, True, "document")
        self.directive("deadline", start, end, False, "document")
        self.directive("phase", start, end, False, "document")
        self.directive("after", start, end, False, "document")
        return Block(
            kind=kind,
            html=mdr.render_inline(tokens[0]),
            text=mdr.plain_text(tokens),
            line=self.file_line(start),
            condition=self.condition(start, end, "list item"),
            links=tuple(Link(u, t) for u, t in mdr.web_links(tokens)),
            key=key if isinstance(key, str) else None,
        )

    def bullet_lines(self, paragraph: list[Token]) -> tuple[list[Block], list[Block]] | None:
        """A paragraph whose lines start with a bullet character (``•``, ``-Item``...), as
        (lead-in notes, documents); None when no line does."""
        inline = paragraph[1]
        start = paragraph[0].map[0] if paragraph[0].map else 0
        groups: list[tuple[int, int, list[str]]] = []  # first line, last line, texts
        lead: list[str] = []
        chars: set[str] = set()
        for i, line in enumerate(inline.content.split("\n")):
            m = _BULLET.match(line.strip())
            if m:
                groups.append((start + i, start + i, [m.group(2)]))
                chars.add(m.group(1))
            elif groups:
                first, _, texts = groups[-1]
                groups[-1] = (first, start + i, [*texts, line])
            else:
                lead.append(line)
        if not groups:
            return None
        notes = []
        if lead:
            end = start + len(lead)
            for name in dv.VALUED:
                self.directive(name, start, end, False, "paragraph")
            tokens = mdr.parse_inline("\n".join(lead))
            notes.append(
                Block(
                    kind="paragraph",
                    html=mdr.render_inline(tokens[0]),
                    text=mdr.plain_text(tokens),
                    line=self.file_line(start),
                    condition=self.condition(start, end, "paragraph"),
                    links=tuple(Link(u, t) for u, t in mdr.web_links(tokens)),
                )
            )
        items = [
            self.inline_item("\n".join(texts), first, last + 1, "document")
            for first, last, texts in groups
        ]
        shown = " ".join(f"'{c}'" for c in sorted(chars))
        self.remark(
            "bullets",
            groups[0][0],
            f"documents written with {shown} rather than as a Markdown list: read as"
            f" {len(items)} tick-box items; write each as a '- ' line",
        )
        return notes, items

    def providers(self, table: list[Token]) -> list[Provider]:
        rows: list[Provider] = []
        in_body = False
        cells: list[list[Token]] = []
        row_start = 0
        for tok in table:
            if tok.type == "tbody_open":
                in_body = True
            elif not in_body:
                continue
            elif tok.type == "tr_open":
                cells = []
                row_start = tok.map[0] if tok.map else 0
            elif tok.type == "inline":
                cells.append([tok])
            elif tok.type == "tr_close":
                row = self.provider([*cells, *([[]] * (4 - len(cells)))], row_start)
                if row is not None:
                    rows.append(row)
        return rows

    def provider(self, cells: list[list[Token]], line: int) -> Provider | None:
        texts = [mdr.plain_text(c) for c in cells]
        if not any(texts):
            return None
        return Provider(
            name=texts[0],
            website=_website(cells[1]) or _website(cells[0]),
            timelines=texts[2],
            cost=texts[3],
            line=self.file_line(line),
            condition=self.condition(line, line + 1, "table row"),
        )

    def unused(self) -> None:
        """Refuse a directive that applied to nothing."""
        for line in sorted(self.info.when):
            if ("when", line) not in self.used:
                raise self.error("this <!-- when: ... --> applies to nothing (a heading?)", line)
        for kind in dv.VALUED:
            for line in self.info.values[kind]:
                if (kind, line) not in self.used:
                    raise self.error(
                        f"{_a(kind)} directive must sit inside a step or document", line
                    )


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _website(cell: list[Token]) -> Link | None:
    links = mdr.web_links(cell)
    if links:
        return Link(*links[0])
    m = _BARE_URL.search(mdr.plain_text(cell))
    return Link(m.group(0), m.group(0)) if m else None
