"""Guide model and Markdown reader.

A guide is Markdown with YAML front matter in the tramitit.com template (see README, "Guide
format"). The reader finds its parts by the template's structure, not by heading words.

Profile conditions (invisible when the Markdown is published as a web page):

* inline, inside a list item (a step or a document): ``1. <!-- when: non-eu --> Validate ...``
* a region, around any blocks (paragraphs, whole lists, table rows excluded)::

      <!-- when: student -->
      ...blocks...
      <!-- end -->

  Regions nest; an item inside a region carries the conjunction of all its conditions.
* a deadline, inside a step: ``<!-- deadline: 3 months -->`` (counted from arrival; units:
  days, weeks, months).
* a stable key, inside a step or document: ``<!-- key: validate-visa -->``, so that ``paperasse
  check`` can match the same step across translations.

Several directives can share one comment, separated by ``;``:
``<!-- when: non-eu; deadline: 3 months; key: validate-visa -->``. Any other HTML comment is
dropped; a comment whose word before ``:`` is close to a directive name (``whne:``) is an error.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it.token import Token

from . import markdown as mdr
from .conditions import Condition, ConditionError, all_of
from .conditions import parse as parse_condition
from .errors import UserError


@dataclass(frozen=True)
class Link:
    """An outgoing link found in the guide. Only http(s) links become links and QR codes."""

    url: str
    text: str


@dataclass(frozen=True)
class Deadline:
    """``<!-- deadline: 3 months -->``: a time limit counted from the arrival date."""

    amount: int
    unit: str  # "days" | "weeks" | "months"


@dataclass(frozen=True)
class Block:
    """One piece of content: a step, a document, a paragraph, a sub-heading.

    ``html`` is already sanitised (rendered by us from Markdown with raw HTML escaped, unsafe
    link schemes dropped, images reduced to their alt text) and safe to mark as Markup.
    """

    kind: str  # "step" | "document" | "paragraph" | "heading" | "list" | "table"
    html: str
    text: str  # plain text (no markup), for the terminal and for matching across translations
    line: int  # 1-based line in the guide file (front matter included)
    condition: Condition | None = None
    links: tuple[Link, ...] = ()
    deadline: Deadline | None = None
    key: str | None = None


@dataclass(frozen=True)
class Provider:
    name: str
    website: Link | None
    timelines: str
    cost: str
    line: int
    condition: Condition | None = None


@dataclass(frozen=True)
class Guide:
    path: Path
    lang: str  # from the front matter ``lang`` if any, else the folder <lang>/<country>/<slug>.md
    country: str
    slug: str
    translation_key: str  # front matter translationKey, else "<country>-<slug>"
    title: str
    description: str  # the front matter description ("" if none)
    author: str
    date: dt.date | None  # front matter date
    last_checked: dt.date | None  # front matter ``last_checked`` (facts reviewed on)
    sources: tuple[Link, ...]  # front matter ``sources``: list of {title, url} or plain urls
    meta: dict  # the whole front matter, as read
    headings: dict[str, str]  # part -> heading as written: "description", "procedure", ...
    intro: tuple[Block, ...]  # the Description part: paragraphs and its sub-headings
    steps: tuple[Block, ...]  # the numbered list of the Procedure part, in order
    documents: tuple[Block, ...]  # the bulleted list of the Documents part
    documents_notes: tuple[Block, ...]  # paragraphs around that list
    procedure_notes: tuple[Block, ...]  # paragraphs around the steps
    providers: tuple[Provider, ...]
    providers_notes: tuple[Block, ...]  # e.g. the "we are curating" note
    details: tuple[Block, ...]  # the Additional details part
    extra: dict[str, tuple[Block, ...]] = field(default_factory=dict)  # unknown parts, by heading



# --------------------------------------------------------------------------------------------
# Reader
# --------------------------------------------------------------------------------------------

_DIRECTIVES = ("when", "deadline", "key")
_COMMENT = re.compile(r"[ \t]*<!--(.*?)-->[ \t]*", re.DOTALL)
_DIRECTIVE = re.compile(r"^([A-Za-z][\w-]*)\s*:(.*)$", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DEADLINE = re.compile(r"^(\d{1,4})\s*(day|week|month)s?$", re.IGNORECASE)
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_BARE_URL = re.compile(r"https?://[^\s<>()|]+", re.IGNORECASE)
_RELATED = re.compile(r"^\s*related\s+(?:posts|articles|guides|pages|links)\b", re.IGNORECASE)

#: Heading words, only used as hints when the structure leaves a doubt (15 languages).
_HINTS = {
    "documents": re.compile(
        r"document|unterlagen|dokument|έγγραφ|документ|papers|pièces|required|requis",
        re.IGNORECASE,
    ),
    "providers": re.compile(
        r"provider|prestata|fournisseur|proveedor|prestador|entidade|anbieter|fornitor|aanbieder"
        r"|dienstverlen|dostawc|furnizor|poskytovatel|pružatelj|szolgáltató|πάροχ|доставчи"
        r"|поставчи",
        re.IGNORECASE,
    ),
    "details": re.compile(
        r"detail|détail|detalle|detalh|dettagl|szczeg|podrobnost|informacij|informacje"
        r"|részlet|λεπτομέρ|детайл|подробн|aanvull|further|additional|weitere",
        re.IGNORECASE,
    ),
}


@dataclass
class _Lines:
    """What the comment pre-pass learnt about each line of the body (0-based)."""

    regions: list[tuple[Condition, ...]]
    when: dict[int, list[Condition]]
    deadline: dict[int, list[Deadline]]
    key: dict[int, list[str]]
    blank: list[bool]


@dataclass
class _Part:
    heading: str | None
    line: int  # 0-based body line of the heading (or 0)
    blocks: list[list[Token]]


class _Reader:
    def __init__(self, path: Path, offset: int) -> None:
        self.path = path
        self.offset = offset  # number of file lines before the body
        self.used: set[tuple[str, int]] = set()

    def error(self, message: str, line: int | None = None, **kw: object) -> UserError:
        """``line`` is a 0-based body line."""
        file_line = None if line is None else line + self.offset + 1
        return UserError(message, file=self.path, line=file_line, **kw)  # type: ignore[arg-type]

    # ---- comments and directives ------------------------------------------------------------

    def strip_comments(self, body: str) -> tuple[str, _Lines]:
        starts = [0]
        starts.extend(i + 1 for i, c in enumerate(body) if c == "\n")
        lines = body.split("\n")
        n = len(lines)

        def line_of(pos: int) -> int:
            return bisect.bisect_right(starts, pos) - 1

        in_fence = [False] * n
        fence: str | None = None
        for i, text in enumerate(lines):
            m = _FENCE.match(text)
            if fence is None and m:
                fence = m.group(1)[0] * 3
                in_fence[i] = True
            elif fence is not None:
                in_fence[i] = True
                if text.strip().startswith(fence):
                    fence = None

        matches = [m for m in _COMMENT.finditer(body) if not in_fence[line_of(m.start())]]
        if not matches:
            return body, _Lines([()] * n, {}, {}, {}, [not t.strip() for t in lines])

        # Which lines hold nothing but comments?
        without = list(body)
        for m in matches:
            for i in range(m.start(), m.end()):
                if without[i] != "\n":
                    without[i] = " "
        bare = "".join(without).split("\n")

        out: list[str] = []
        prev = 0
        events: list[tuple[int, str, Condition | None]] = []
        info = _Lines([()] * n, {}, {}, {}, [])
        for m in matches:
            first, last = line_of(m.start()), line_of(max(m.end() - 1, m.start()))
            own_line = not bare[first].strip() and not bare[last].strip()
            newlines = m.group(0).count("\n")
            out.append(body[prev : m.start()])
            out.append("\n" * newlines if own_line else " " + "\n" * newlines)
            prev = m.end()
            directives = self.directives(m.group(1), first)
            if directives is None:
                continue
            if own_line and first > 0 and last + 1 < n:
                above, below = lines[first - 1].strip(), lines[last + 1].strip()
                if above.startswith("|") and below.startswith("|"):
                    raise self.error("a comment cannot sit between table rows", first)
            for name, value in directives:
                if name == "end":
                    if not own_line:
                        raise self.error("<!-- end --> must be on a line of its own", first)
                    events.append((first, "end", None))
                elif name == "when":
                    cond = self.condition(value, first)
                    if own_line:
                        events.append((first, "open", cond))
                    else:
                        info.when.setdefault(first, []).append(cond)
                elif name == "deadline":
                    info.deadline.setdefault(first, []).append(self.deadline(value, first))
                else:
                    info.key.setdefault(first, []).append(self.key(value, first))
        out.append(body[prev:])
        clean = "".join(out)

        stack: list[tuple[Condition, int]] = []
        current: tuple[Condition, ...] = ()
        by_line: dict[int, list[tuple[str, Condition | None]]] = {}
        for line, what, cond in events:
            by_line.setdefault(line, []).append((what, cond))
        regions: list[tuple[Condition, ...]] = []
        for i in range(n):
            for what, cond in by_line.get(i, ()):
                if what == "open" and cond is not None:
                    stack.append((cond, i))
                elif not stack:
                    raise self.error("<!-- end --> without an open <!-- when: ... --> region", i)
                else:
                    stack.pop()
                current = tuple(c for c, _ in stack)
            regions.append(current)
        if stack:
            raise self.error(
                "<!-- when: ... --> region is never closed (add <!-- end -->)", stack[-1][1]
            )
        info.regions = regions
        info.blank = [not t.strip() for t in clean.split("\n")]
        return clean, info

    def directives(self, content: str, line: int) -> list[tuple[str, str]] | None:
        """The directives of one comment, or None for an ordinary comment."""
        body = content.strip()
        if body.lower() == "end":
            return [("end", "")]
        if body.lower() in _DIRECTIVES:
            raise self.error(f"directive {body!r} needs a value after ':'", line)
        if re.fullmatch(r"[A-Za-z]+", body) and _close(body.lower(), ("end",)):
            raise self.error(f"unknown comment {body!r}; did you mean 'end'?", line)
        found: list[tuple[str, str]] = []
        for piece in (p.strip() for p in body.split(";")):
            if not piece:
                continue
            m = _DIRECTIVE.match(piece)
            if m and m.group(1).lower() in _DIRECTIVES:
                found.append((m.group(1).lower(), m.group(2).strip()))
                continue
            word = m.group(1).lower() if m else piece
            hint = _close(word, _DIRECTIVES) if m else None
            if hint:
                raise self.error(f"unknown directive {word!r}; did you mean {hint!r}?", line)
            if found:
                names = ", ".join(_DIRECTIVES)
                raise self.error(f"unknown directive {piece!r} (known: {names})", line)
            return None
        return found or None

    def condition(self, value: str, line: int) -> Condition:
        try:
            return parse_condition(value)
        except ConditionError as err:
            raise self.error(str(err), line) from None

    def deadline(self, value: str, line: int) -> Deadline:
        m = _DEADLINE.match(value.strip())
        if not m or int(m.group(1)) == 0:
            raise self.error(
                "bad deadline: write a number and days, weeks or months (e.g. '3 months')",
                line,
                key="deadline",
                value=value,
            )
        return Deadline(int(m.group(1)), m.group(2).lower() + "s")

    def key(self, value: str, line: int) -> str:
        if not _KEY.match(value.strip()):
            raise self.error(
                "bad key: use letters, digits, '-', '_' or '.'", line, key="key", value=value
            )
        return value.strip()


def _close(word: str, names: Sequence[str]) -> str | None:
    for name in names:
        if sorted(word) == sorted(name) and word != name:
            return name
    hits = difflib.get_close_matches(word, list(names), n=1, cutoff=0.75)
    return hits[0] if hits else None


# ---- tokens ---------------------------------------------------------------------------------


def _top_blocks(tokens: Sequence[Token], level: int = 0) -> list[list[Token]]:
    """Group tokens into blocks at ``level`` (an open token with its contents and close)."""
    blocks: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.nesting == 1:
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
            blocks.append(list(tokens[i : j + 1]))
            i = j + 1
        else:
            if tok.nesting == 0 and tok.level == level:
                blocks.append([tok])
            i += 1
    return blocks


def _kind(block: list[Token]) -> str:
    return block[0].type.removesuffix("_open")


def _heading_level(block: list[Token]) -> int:
    return int(block[0].tag[1:]) if block[0].type == "heading_open" else 0


def _has(blocks: list[list[Token]], kind: str) -> bool:
    return any(_kind(b) == kind for b in blocks)


def _has_list(blocks: list[list[Token]]) -> bool:
    return any(_kind(b) in {"bullet_list", "ordered_list"} for b in blocks)


def _hint(heading: str | None, role: str) -> bool:
    return bool(heading and _HINTS[role].search(heading))


class _Builder:
    def __init__(self, reader: _Reader, info: _Lines) -> None:
        self.r = reader
        self.info = info

    def file_line(self, line: int) -> int:
        return line + self.r.offset + 1

    def span(self, tokens: Sequence[Token]) -> tuple[int, int]:
        first = tokens[0].map
        if first is None:
            return 0, 1
        return first[0], first[1]

    def condition(self, start: int, end: int, what: str) -> Condition | None:
        """Regions active at ``start`` and inline conditions in [start, end)."""
        regions = self.info.regions[start] if start < len(self.info.regions) else ()
        inline: list[Condition] = []
        for line in range(start, min(end, len(self.info.regions))):
            if self.info.blank[line]:
                continue
            if self.info.regions[line] != regions:
                raise self.r.error(
                    f"a <!-- when --> region begins or ends inside a {what}; put the region around"
                    " whole blocks or items, or the condition inline",
                    line,
                )
            inline.extend(self.info.when.get(line, ()))
            self.r.used.add(("when", line))
        return all_of([*regions, *inline])

    def directive(
        self, kind: str, start: int, end: int, allowed: bool, what: str
    ) -> Deadline | str | None:
        table = self.info.deadline if kind == "deadline" else self.info.key
        found = [(line, v) for line in range(start, end) for v in table.get(line, ())]
        if not found:
            return None
        if not allowed:
            raise self.r.error(f"a {kind} directive cannot go in a {what}", found[0][0])
        if len(found) > 1:
            raise self.r.error(f"two {kind} directives in one {what}", found[1][0])
        self.r.used.add((kind, found[0][0]))
        return found[0][1]

    def block(self, tokens: list[Token]) -> Block:
        kind = _kind(tokens)
        start, end = self.span(tokens)
        if kind in {"paragraph", "heading"}:
            html = mdr.render_inline(tokens[1])
        else:
            html = mdr.render(tokens)
            kind = {"bullet_list": "list", "ordered_list": "list", "table": "table"}.get(
                kind, "paragraph"
            )
        self.directive("deadline", start, end, False, "paragraph")
        self.directive("key", start, end, False, "paragraph")
        return Block(
            kind=kind,
            html=html,
            text=mdr.plain_text(tokens),
            line=self.file_line(start),
            condition=self.condition(start, end, kind),
            links=tuple(Link(u, t) for u, t in mdr.web_links(tokens)),
        )

    def items(self, list_tokens: list[Token], kind: str) -> list[Block]:
        inner = list_tokens[1:-1]
        out: list[Block] = []
        for item in _top_blocks(inner, list_tokens[0].level + 1):
            if item[0].type != "list_item_open":
                continue
            content = item[1:-1]
            paragraphs = [t for t in content if t.type == "paragraph_open"
                          and t.level == item[0].level + 1]
            if len(paragraphs) == 1:  # one paragraph: inline HTML, even in a loose list
                for t in content:
                    if t.type in {"paragraph_open", "paragraph_close"} and (
                        t.level == item[0].level + 1
                    ):
                        t.hidden = True
            start, end = self.span(item)
            what = "step" if kind == "step" else "document"
            deadline = self.directive("deadline", start, end, kind == "step", what)
            key = self.directive("key", start, end, True, what)
            out.append(
                Block(
                    kind=kind,
                    html=mdr.render(content),
                    text=mdr.plain_text(content),
                    line=self.file_line(start),
                    condition=self.condition(start, end, "list item"),
                    links=tuple(Link(u, t) for u, t in mdr.web_links(content)),
                    deadline=deadline if isinstance(deadline, Deadline) else None,
                    key=key if isinstance(key, str) else None,
                )
            )
        return out

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
                rows_cells = [*cells, *([[]] * (4 - len(cells)))]
                texts = [mdr.plain_text(c) for c in rows_cells]
                if not any(texts):
                    continue
                rows.append(
                    Provider(
                        name=texts[0],
                        website=_website(rows_cells[1]) or _website(rows_cells[0]),
                        timelines=texts[2],
                        cost=texts[3],
                        line=self.file_line(row_start),
                        condition=self.condition(row_start, row_start + 1, "table row"),
                    )
                )
        return rows


def _website(cell: list[Token]) -> Link | None:
    links = mdr.web_links(cell)
    if links:
        return Link(*links[0])
    m = _BARE_URL.search(mdr.plain_text(cell))
    return Link(m.group(0), m.group(0)) if m else None


# ---- front matter ---------------------------------------------------------------------------


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


def _decode(path: Path, text: str | None) -> str:
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


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that refuses anchors and aliases: no "billion laughs" in a front matter."""

    def compose_node(self, parent: object, index: object) -> object:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)  # type: ignore[arg-type]


def _split_front_matter(path: Path, text: str) -> tuple[dict, str, int, str]:
    """Return (meta, body, number of lines before the body, yaml text)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, 0, ""
    for end in range(1, len(lines)):
        if lines[end].rstrip() in {"---", "..."}:
            break
    else:
        raise UserError("the front matter that starts here is never closed by '---'",
                        file=path, line=1)
    source = "\n".join(lines[1:end])
    try:
        meta = yaml.load(source, Loader=_FrontMatterLoader)
    except RecursionError:
        raise UserError("bad YAML front matter: nested too deeply", file=path, line=2) from None
    except (ValueError, TypeError) as err:  # e.g. date: 2026-13-45
        raise UserError(f"bad YAML front matter: {err}", file=path, line=2) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"bad YAML front matter: {problem}", file=path, line=line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise UserError("the front matter must be a mapping of keys to values", file=path, line=2)
    return meta, "\n".join(lines[end + 1 :]), end + 1, source


def _key_line(source: str, key: str) -> int | None:
    m = re.search(rf"^{re.escape(key)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, m.start()) + 2 if m else None


def _date(path: Path, source: str, meta: dict, key: str) -> dt.date | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10]) if len(text) == 10 else (
                dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            )
        except ValueError:
            pass
    raise UserError(
        "not a date; write it as YYYY-MM-DD",
        file=path, line=_key_line(source, key), key=key, value=value,
    )


def _sources(path: Path, source: str, meta: dict) -> tuple[Link, ...]:
    value = meta.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    out: list[Link] = []
    for entry in value:
        if isinstance(entry, str):
            url, title = entry.strip(), entry.strip()
        elif isinstance(entry, dict) and isinstance(entry.get("url"), str):
            url = entry["url"].strip()
            title = str(entry.get("title") or url).strip()
        else:
            url, title = "", ""
        if not mdr.is_web_url(url):
            raise UserError(
                "each source must be an http(s) URL or a mapping with 'title' and 'url'",
                file=path, line=_key_line(source, "sources"), key="sources", value=entry,
            )
        out.append(Link(url, title))
    return tuple(out)


def _text(meta: dict, key: str) -> str:
    value = meta.get(key)
    return "" if value is None else str(value).strip()


# ---- the reader -----------------------------------------------------------------------------


def read_guide(path: Path, text: str | None = None) -> Guide:
    """Read one guide file. Raise :class:`paperasse.errors.UserError` naming file and line."""
    path = Path(path)
    text = _decode(path, text)
    meta, body, offset, source = _split_front_matter(path, text)
    reader = _Reader(path, offset)
    clean, info = reader.strip_comments(body)
    try:
        tokens = mdr.parse(clean)
    except mdr.TooDeep as err:
        raise reader.error(
            f"lists or quotes nested too deeply (more than {mdr.max_nesting()} levels)", err.line
        ) from None
    build = _Builder(reader, info)

    # Parts: split at level-2 headings; part 0 is whatever comes before the first one.
    parts: list[_Part] = [_Part(None, 0, [])]
    first_h1: str | None = None
    for block in _top_blocks(tokens):
        level = _heading_level(block)
        if level == 2:
            start, _ = build.span(block)
            parts.append(_Part(mdr.plain_text(block), start, []))
        else:
            if level == 1 and first_h1 is None:
                first_h1 = mdr.plain_text(block)
            parts[-1].blocks.append(block)
    pre = parts[0]
    dropped = [p for p in parts[1:] if _RELATED.match(p.heading or "")]
    parts = [p for p in parts[1:] if not _RELATED.match(p.heading or "")]

    # The procedure: the part holding the first ordered list.
    proc = next(
        (i for i, p in enumerate(parts) if _has(p.blocks, "ordered_list")), None
    )
    if proc is None and _has(pre.blocks, "ordered_list"):
        parts.insert(0, _Part(None, 0, pre.blocks))
        pre, proc = _Part(None, 0, []), 0
    if proc is None:
        raise UserError("no procedure (numbered list of steps) found", file=path)
    roles: dict[str, int] = {"procedure": proc}
    if proc > 0:
        roles["description"] = 0
    after = list(range(proc + 1, len(parts)))
    table = next((i for i in after if _has(parts[i].blocks, "table")), None)
    docs_range = [i for i in after if table is None or i < table]
    docs = next(
        (i for i in docs_range if _has_list(parts[i].blocks) and not (
            (_hint(parts[i].heading, "providers") or _hint(parts[i].heading, "details"))
            and not _hint(parts[i].heading, "documents")
        )),
        None,
    )
    if docs is None:  # a documents part without a list (e.g. "none needed")
        docs = next((i for i in docs_range if _hint(parts[i].heading, "documents")
                     and not _hint(parts[i].heading, "providers")), None)
    if docs is not None:
        roles["documents"] = docs
    rest = [i for i in after if i > (docs if docs is not None else proc)]
    providers = table
    if providers is None and rest:
        hinted = [i for i in rest if _hint(parts[i].heading, "providers")]
        if hinted:
            providers = hinted[0]
        elif len(rest) >= 2 and not _hint(parts[rest[0]].heading, "details"):
            providers = rest[0]
    if providers is not None:
        roles["providers"] = providers
        rest = [i for i in after if i > providers]
    if rest:
        hinted = [i for i in rest if _hint(parts[i].heading, "details")]
        roles["details"] = hinted[0] if hinted and not _hint(
            parts[rest[0]].heading, "details") else rest[0]

    def blocks(part: _Part) -> tuple[Block, ...]:
        return tuple(build.block(b) for b in part.blocks if _heading_level(b) != 1)

    # Procedure: the first ordered list, plus ordered lists that carry on its numbering. With no
    # documents part, the first bulleted list after the steps is the documents.
    docs_missing = docs is None or not _has_list(parts[docs].blocks)
    steps: list[Block] = []
    proc_notes: list[Block] = []
    documents: list[Block] = []
    doc_notes: list[Block] = []
    for b in parts[proc].blocks:
        start_attr = b[0].attrGet("start") if b[0].type == "ordered_list_open" else None
        first_number = int(start_attr) if start_attr is not None else 1
        if b[0].type == "ordered_list_open" and (
            not steps or (first_number > 1 and first_number == len(steps) + 1)
        ):
            steps.extend(build.items(b, "step"))
        elif docs_missing and steps and not documents and b[0].type == "bullet_list_open":
            documents.extend(build.items(b, "document"))
        elif _heading_level(b) != 1:
            proc_notes.append(build.block(b))
    if docs is not None:
        for b in parts[docs].blocks:
            if _kind(b) in {"bullet_list", "ordered_list"}:
                documents.extend(build.items(b, "document"))
            elif _heading_level(b) != 1:
                doc_notes.append(build.block(b))

    provider_rows: list[Provider] = []
    provider_notes: list[Block] = []
    if providers is not None:
        for b in parts[providers].blocks:
            if _kind(b) == "table":
                build.condition(*build.span(b), "table")
                provider_rows.extend(build.providers(b))
            elif _heading_level(b) != 1:
                provider_notes.append(build.block(b))

    intro = blocks(pre) + (blocks(parts[0]) if "description" in roles else ())
    details = blocks(parts[roles["details"]]) if "details" in roles else ()
    taken = set(roles.values())
    extra = {p.heading or "": blocks(p) for i, p in enumerate(parts) if i not in taken}

    for part in dropped:  # not kept, but their directives are still checked
        blocks(part)
    for line in sorted(info.when):
        if ("when", line) not in reader.used:
            raise reader.error("this <!-- when: ... --> applies to nothing (a heading?)", line)
    for (kind, line) in [("deadline", ln) for ln in info.deadline] + [
        ("key", ln) for ln in info.key
    ]:
        if (kind, line) not in reader.used:
            raise reader.error(f"a {kind} directive must sit inside a step or document", line)

    slug = path.stem
    lang = _text(meta, "lang") or _text(meta, "language")
    folder_lang = path.parent.parent.name if _LANG.match(path.parent.parent.name) else ""
    country = _text(meta, "country") or (path.parent.name if folder_lang else "")
    lang = lang or folder_lang
    translation_key = _text(meta, "translationKey") or (f"{country}-{slug}" if country else slug)
    headings = {
        role: parts[i].heading or "" for role, i in roles.items() if parts[i].heading is not None
    }
    return Guide(
        path=path,
        lang=lang,
        country=country,
        slug=slug,
        translation_key=translation_key,
        title=_text(meta, "title") or first_h1 or slug,
        description=_text(meta, "description"),
        author=_text(meta, "author"),
        date=_date(path, source, meta, "date"),
        last_checked=_date(path, source, meta, "last_checked"),
        sources=_sources(path, source, meta),
        meta=meta,
        headings=headings,
        intro=intro,
        steps=tuple(steps),
        documents=tuple(documents),
        documents_notes=tuple(doc_notes),
        procedure_notes=tuple(proc_notes),
        providers=tuple(provider_rows),
        providers_notes=tuple(provider_notes),
        details=details,
        extra=extra,
    )
