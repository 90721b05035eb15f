"""Read a guide file into a :class:`~paperasse.guide.model.Guide`.

A guide is Markdown with YAML front matter in the tramitit.com template (see README, "Guide
format"). The reader finds its parts by the template's structure (:mod:`.structure`), reads
the directives in its comments (:mod:`.directives`) and checks that each one sits where it
means something. Every fault is a :class:`~paperasse.errors.UserError` naming file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from .. import markdown as mdr
from ..conditions import Condition, all_of
from ..errors import UserError
from . import directives as dv
from . import structure as st
from .front_matter import (
    dated_field,
    numbers_field,
    sources_field,
    split_front_matter,
    text_field,
)
from .model import Block, Deadline, Guide, Link, Provider, Remark
from .source import MAX_GUIDE_ELEMENTS, MAX_GUIDE_LINKS, guide_text

_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_BARE_URL = re.compile(r"https?://[^\s<>()|]+", re.IGNORECASE)
#: A line of a paragraph written as a list item with a bullet character instead of Markdown's
#: "- " ("• Passport", "-Passport", "– Passport"): the character and the rest of the line.
_BULLET = re.compile(r"^([•·◦▪▫●○■□‣⁃➢➤►✓✔☐–—−-])[ \t]*(\S.*)$")
#: A sentence ends inside the text (one more begins after it).
_SENTENCE_END = re.compile(r"[.!?。！？][\s\u00a0]+\S")


class _Builder:
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


# ---- the parts' contents --------------------------------------------------------------------


@dataclass
class _Contents:
    steps: list[Block] = field(default_factory=list)
    procedure_notes: list[Block] = field(default_factory=list)
    documents: list[Block] = field(default_factory=list)
    documents_notes: list[Block] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)
    providers_notes: list[Block] = field(default_factory=list)


def _procedure(build: _Builder, part: st.Part, docs_missing: bool, out: _Contents) -> None:
    """The first ordered list, plus ordered lists that carry on its numbering. With no
    documents part, the first bulleted list after the steps is the documents."""
    for b in part.blocks:
        start_attr = b[0].attrGet("start") if b[0].type == "ordered_list_open" else None
        first_number = int(start_attr) if start_attr is not None else 1
        if b[0].type == "ordered_list_open" and (
            not out.steps or (first_number > 1 and first_number == len(out.steps) + 1)
        ):
            out.steps.extend(build.items(b, "step"))
        elif docs_missing and out.steps and not out.documents and (b[0].type == "bullet_list_open"):
            out.documents.extend(build.items(b, "document"))
        elif st.heading_level(b) != 1:
            out.procedure_notes.append(build.block(b))


def _documents(build: _Builder, part: st.Part, out: _Contents) -> None:
    if not st.has_list(part):
        _documents_without_list(build, part, out)
        return
    for b in part.blocks:
        if st.is_list(b):
            out.documents.extend(build.items(b, "document"))
        elif st.heading_level(b) != 1:
            out.documents_notes.append(build.block(b))


def _documents_without_list(build: _Builder, part: st.Part, out: _Contents) -> None:
    """Documents written without a Markdown list: lines starting with a bullet character
    become items; else paragraphs become one item each, except a lead-in (ending in ':') and a
    lone one-sentence paragraph ("No documents are needed."), which stay notes."""
    paragraphs = [b for b in part.blocks if st.block_kind(b) == "paragraph"]
    as_items = len(paragraphs) >= 2 or any(
        _SENTENCE_END.search(mdr.plain_text(b)) for b in paragraphs
    )
    made: list[int] = []  # 0-based lines of the paragraphs read as one document each
    for b in part.blocks:
        if st.heading_level(b) == 1:
            continue
        found = build.bullet_lines(b) if st.block_kind(b) == "paragraph" else None
        if found is not None:
            out.documents_notes.extend(found[0])
            out.documents.extend(found[1])
            continue
        text = mdr.plain_text(b)
        if as_items and st.block_kind(b) == "paragraph" and not text.endswith((":", "：")):
            start, end = st.span(b)
            out.documents.append(build.inline_item(b[1].content, start, end, "document"))
            made.append(start)
        else:
            out.documents_notes.append(build.block(b))
    if made:
        build.remark(
            "paragraphs",
            made[0],
            f"documents written as paragraphs rather than as a Markdown list: read as"
            f" {len(made)} tick-box item{'s' if len(made) != 1 else ''}; write each as a '- ' line",
        )


def _providers(build: _Builder, part: st.Part, out: _Contents) -> None:
    for b in part.blocks:
        if st.block_kind(b) == "table":
            build.condition(*st.span(b), "table")
            out.providers.extend(build.providers(b))
        elif st.heading_level(b) != 1:
            out.providers_notes.append(build.block(b))


def _contents(build: _Builder, parts: list[st.Part], roles: dict[str, int]) -> _Contents:
    out = _Contents()
    docs = roles.get("documents")
    docs_missing = docs is None or not st.has_list(parts[docs])
    _procedure(build, parts[roles["procedure"]], docs_missing, out)
    if docs is not None:
        _documents(build, parts[docs], out)
    if "providers" in roles:
        _providers(build, parts[roles["providers"]], out)
    out.procedure_notes = _lead_ins(out.procedure_notes, out.steps)
    out.documents_notes = _lead_ins(out.documents_notes, out.documents)
    return out


def _lead_ins(notes: list[Block], items: list[Block]) -> list[Block]:
    """The notes before the first item of a list introduce it ("You will need:"): marked, so
    that they are printed before the list, not after it."""
    if not items:
        return notes
    first = items[0].line
    return [replace(n, lead_in=True) if n.line < first else n for n in notes]


# ---- the reader -----------------------------------------------------------------------------


def _tokens(build: _Builder, clean: str) -> list[Token]:
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


def _within_budget(build: _Builder, tokens: list[Token]) -> None:
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


def _few_enough_open_brackets(build: _Builder, clean: str) -> None:
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


def _few_enough_marks(build: _Builder, clean: str) -> None:
    """Before parsing: refuse a text with more than :data:`MAX_INLINE_MARKS` ``*``, ``_`` and
    ``&`` (linear), naming the line of the first one over."""
    for count, m in enumerate(_INLINE_MARK.finditer(clean), 1):
        if count > MAX_INLINE_MARKS:
            raise build.error(
                f"more than {MAX_INLINE_MARKS:,} '*', '_' and '&' in the guide (emphasis marks"
                " and entities); split it into several guides",
                clean.count("\n", 0, m.start()),
            )


#: A line that begins an element by itself: a list item ("- x", "* x", "12. x", at any depth),
#: a table row ("| x |"), a heading ("# x", or a "===" underline) or a rule ("---", "* * *").
_ITEM_LINE = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|\||#{1,6}(?:[ \t]|$)|=+[ \t]*$"
    r"|(?:[-*_][ \t]*){3,}$)",
    re.MULTILINE,
)


def _few_enough_items(build: _Builder, clean: str) -> None:
    """Before parsing: refuse a text whose list items, table rows and headings alone exceed the
    element budget (9-deep lists of 1.9 MB took markdown-it half a minute, then the renderer
    14 GB). Linear; a line in fenced code that looks like one counts too, which no real guide
    comes near."""
    for count, m in enumerate(_ITEM_LINE.finditer(clean), 1):
        if count > MAX_GUIDE_ELEMENTS:
            raise build.error(
                f"the guide is too long: more than {MAX_GUIDE_ELEMENTS:,} paragraphs, list"
                " items, headings and table rows; split it into several guides",
                clean.count("\n", 0, m.start()),
            )


#: Block tokens with no closing token: each is an element too.
_LEAVES = frozenset({"hr", "fence", "code_block"})
#: Tokens that only wrap others (counted through what they hold).
_WRAPPERS = frozenset({"bullet_list_open", "ordered_list_open", "thead_open", "tbody_open"})


def _identity(path: Path, meta: dict) -> tuple[str, str, str]:
    """(lang, country, translation key) from the front matter, else from the folders."""
    lang = text_field(meta, "lang") or text_field(meta, "language")
    folder_lang = path.parent.parent.name if _LANG.match(path.parent.parent.name) else ""
    country = text_field(meta, "country") or (path.parent.name if folder_lang else "")
    lang = lang or folder_lang
    key = text_field(meta, "translationKey") or (f"{country}-{path.stem}" if country else path.stem)
    return lang, country, key


def read_guide(path: Path, text: str | None = None) -> Guide:
    """Read one guide file. Raise :class:`paperasse.errors.UserError` naming file and line."""
    path = Path(path)
    text = guide_text(path, text)
    meta, body, offset, source = split_front_matter(path, text)
    comments = dv.scan(body)
    if comments.problems:
        raise comments.problems[0].error(path, offset)
    build = _Builder(path, offset, comments)
    found = st.split_parts(_tokens(build, comments.text))
    roles = st.find_roles(found)
    if roles is None:
        raise UserError("no procedure (numbered list of steps) found", file=path)
    parts = found.parts
    contents = _contents(build, parts, roles)
    intro = build.blocks(found.pre) + (build.blocks(parts[0]) if "description" in roles else ())
    details = build.blocks(parts[roles["details"]]) if "details" in roles else ()
    taken = set(roles.values())
    extra = {p.heading or "": build.blocks(p) for i, p in enumerate(parts) if i not in taken}
    for i, part in enumerate(parts):
        if i not in taken:
            build.remark(
                "section",
                part.line,
                f"section {part.heading or ''!r} is none of the template's parts: printed"
                " after the additional details",
            )
    for part in found.dropped:  # not kept, but their directives are still checked
        build.blocks(part)
        build.remark("related", part.line, f"section {part.heading or ''!r} left out: {part.why}")
    build.unused()
    lang, country, translation_key = _identity(path, meta)
    date, date_remark = dated_field(path, source, meta, "date")
    last_checked, checked_remark = dated_field(path, source, meta, "last_checked")
    remarks = [r for r in (date_remark, checked_remark) if r is not None] + build.remarks
    return Guide(
        path=path,
        lang=lang,
        country=country,
        slug=path.stem,
        translation_key=translation_key,
        title=text_field(meta, "title") or found.first_h1 or path.stem,
        description=text_field(meta, "description"),
        author=text_field(meta, "author"),
        date=date,
        last_checked=last_checked,
        sources=sources_field(path, source, meta),
        meta=meta,
        headings={
            role: parts[i].heading or ""
            for role, i in roles.items()
            if parts[i].heading is not None
        },
        intro=intro,
        steps=tuple(contents.steps),
        documents=tuple(contents.documents),
        documents_notes=tuple(contents.documents_notes),
        procedure_notes=tuple(contents.procedure_notes),
        providers=tuple(contents.providers),
        providers_notes=tuple(contents.providers_notes),
        details=details,
        extra=extra,
        remarks=tuple(remarks),
        numbers=numbers_field(path, source, meta),
    )
