"""Markdown rendering helpers (markdown-it-py), with our safety policy.

* Raw HTML is never passed through, it prints as text: ``<b>`` as ``&lt;b&gt;``. The parser
  does recognise it (``html=True``, CommonMark's HTML blocks and inline tags), so that what the
  public site leaves out as raw HTML (goldmark omits it) gets no links: a URL inside a tag or an
  HTML block is never linkified. :func:`parse` turns every ``html_block`` into a paragraph of
  text and every ``html_inline`` into a text token; the renderer escapes either anyway.
* Only ``http``, ``https``, ``mailto`` and ``tel`` links become ``<a href>``; any other scheme
  (``javascript:``, ``data:``, ``file:``, relative paths...) keeps its text and loses its link.
* Images are never fetched: they are reduced to their (escaped) alt text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|tel:)", re.IGNORECASE)
_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
#: What a plain URL in the text must begin with to become a link.
_LINKIFIED = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


def _next_text(children: Sequence[Token], i: int) -> str:
    return children[i + 1].content if i + 1 < len(children) else ""


def is_safe_href(url: str) -> bool:
    """True if ``url`` may become a clickable link (http, https, mailto, tel)."""
    return bool(_SAFE_HREF.match(url))


def is_web_url(url: str) -> bool:
    """True if ``url`` is an http(s) link (the ones listed, and printed as QR codes)."""
    return bool(_WEB_URL.match(url))


def _render_image(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    return escapeHtml(self.renderInlineAsText(token.children or [], options, env))


def _render_raw_html_as_text(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    # Never reached through parse()/parse_inline() (the tokens are text by then): a safety net.
    token = tokens[idx]
    text = escapeHtml(token.content)
    return f"<p>{text.strip()}</p>\n" if token.block else text


def _inline_html_as_text(children: list[Token]) -> None:
    for child in children:
        if child.type == "html_inline":
            child.type = "text"
        elif child.children:  # an image's alt text
            _inline_html_as_text(child.children)


def _raw_html_as_text(tokens: list[Token]) -> list[Token]:
    """Raw HTML as text: each ``html_block`` becomes a paragraph of its lines, each
    ``html_inline`` a text token. Done after linkify, which never looks inside either."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "inline" and token.children:
            _inline_html_as_text(token.children)
        if token.type != "html_block":
            out.append(token)
            continue
        lines = [line.strip() for line in token.content.strip().splitlines()]
        children: list[Token] = []
        for line in lines:
            if children:
                children.append(Token("softbreak", "br", 0, level=0))
            children.append(Token("text", "", 0, content=line, level=0))
        level, where = token.level, token.map
        out.append(Token("paragraph_open", "p", 1, map=where, level=level, block=True))
        out.append(
            Token(
                "inline",
                "",
                0,
                map=where,
                level=level + 1,
                content="\n".join(lines),
                children=children,
                block=True,
            )
        )
        out.append(Token("paragraph_close", "p", -1, level=level, block=True))
    return out


class TooDeep(ValueError):
    """Lists or quotes nested deeper than the parser's limit (``max_nesting()`` levels), where
    markdown-it would silently drop the rest of the container. ``line`` is 0-based."""

    def __init__(self, line: int) -> None:
        super().__init__(f"nested too deeply (line {line + 1})")
        self.line = line


def max_nesting() -> int:
    return int(markdown().options["maxNesting"])


def _guard_nesting(md: MarkdownIt) -> None:
    """Record where a nested block would be cut off by ``maxNesting``, instead of losing it."""
    tokenize = md.block.tokenize

    def guarded(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= md.options["maxNesting"]:
            first = state.skipEmptyLines(start_line)
            if first < end_line and "too_deep" not in state.env:
                state.env["too_deep"] = first
        tokenize(state, start_line, end_line)

    md.block.tokenize = guarded  # type: ignore[method-assign,assignment]


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The shared parser: CommonMark + tables, raw HTML read as text, our link and image
    policy."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["table", "linkify"])
    # Plain URLs in running text become links, as on the public site (goldmark's Linkify):
    # ``http(s)://...`` and ``www....``, never in code spans; bare "example.com" stays text
    # (linkify-it's fuzzy links are narrowed to www. ones in :func:`sanitize`).
    assert md.linkify is not None  # linkify-it-py, a dependency
    md.linkify.set({"fuzzy_email": False})
    _guard_nesting(md)
    # Accept every destination while parsing, so that an unsafe link keeps its text; the unsafe
    # href itself is never rendered (see :func:`sanitize`).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image)
    md.add_render_rule("html_block", _render_raw_html_as_text)
    md.add_render_rule("html_inline", _render_raw_html_as_text)
    return md


def parse(text: str) -> list[Token]:
    """Parse ``text`` into block tokens, with unsafe links already neutralised. Raises
    :class:`TooDeep` rather than drop what is nested too deeply."""
    env: dict = {}
    tokens = markdown().parse(text, env)
    if "too_deep" in env:
        raise TooDeep(env["too_deep"])
    tokens = _raw_html_as_text(tokens)
    sanitize(tokens)
    return tokens


def parse_inline(text: str) -> list[Token]:
    """Parse one line of inline Markdown into a single ``inline`` token (links neutralised)."""
    tokens = _raw_html_as_text(markdown().parseInline(text, {}))
    sanitize(tokens)
    return tokens


def sanitize(tokens: Iterable[Token]) -> None:
    """Hide every link whose href is not http(s)/mailto/tel (its text stays), and every plain
    URL that does not begin with a scheme or ``www.``. (A URL written inside raw HTML is never
    made a link: linkify does not look into ``html_inline``/``html_block`` tokens.)"""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        hiding = False
        for i, child in enumerate(token.children):
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                hiding = not is_safe_href(href) or (
                    child.markup == "linkify"
                    and not _LINKIFIED.match(_next_text(token.children, i))
                )
                if hiding:
                    child.hidden = True
                    child.attrs = {}
            elif child.type == "link_close":
                if hiding:
                    child.hidden = True
                hiding = False


def render(tokens: Sequence[Token]) -> str:
    """Render block tokens to HTML."""
    md = markdown()
    return md.renderer.render(list(tokens), md.options, {}).strip()


def render_inline(token: Token) -> str:
    """Render one ``inline`` token (a paragraph's or heading's content) to HTML."""
    md = markdown()
    renderer = cast(RendererHTML, md.renderer)
    return renderer.renderInline(token.children or [], md.options, {}).strip()


def _inline_text(children: Iterable[Token]) -> list[str]:
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.extend(_inline_text(child.children or []))
    return parts


def plain_text(tokens: Iterable[Token]) -> str:
    """Plain text of block tokens: no markup, whitespace collapsed."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.extend(_inline_text(token.children or []))
            parts.append(" ")
        elif token.type in {"fence", "code_block"}:
            parts.append(token.content)
            parts.append(" ")
    return _SPACES.sub(" ", "".join(parts)).strip()


def web_links(tokens: Iterable[Token]) -> list[tuple[str, str]]:
    """Every http(s) link in the tokens, in order, as ``(url, text)``."""
    found: list[tuple[str, str]] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        href: str | None = None
        text: list[Token] = []
        for child in token.children:
            if child.type == "link_open" and not child.hidden:
                url = str(child.attrGet("href") or "")
                href = url if is_web_url(url) else None
                text = []
            elif child.type == "link_close":
                if href is not None:
                    label = _SPACES.sub(" ", "".join(_inline_text(text))).strip()
                    found.append((href, label or href))
                href = None
            elif href is not None:
                text.append(child)
    return found
