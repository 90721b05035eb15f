"""Markdown rendering helpers (markdown-it-py), with our safety policy.

* Raw HTML is never passed through: the parser runs with ``html=False``, so ``<b>`` prints as
  ``&lt;b&gt;``.
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
    """The shared parser: CommonMark + tables, raw HTML off, our link and image policy."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])
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
    return md


def parse(text: str) -> list[Token]:
    """Parse ``text`` into block tokens, with unsafe links already neutralised. Raises
    :class:`TooDeep` rather than drop what is nested too deeply."""
    env: dict = {}
    tokens = markdown().parse(text, env)
    if "too_deep" in env:
        raise TooDeep(env["too_deep"])
    sanitize(tokens)
    return tokens


def parse_inline(text: str) -> list[Token]:
    """Parse one line of inline Markdown into a single ``inline`` token (links neutralised)."""
    tokens = markdown().parseInline(text, {})
    sanitize(tokens)
    return tokens


def sanitize(tokens: Iterable[Token]) -> None:
    """Hide every link whose href is not http(s)/mailto/tel (its text stays); and every plain
    URL that is no link for the reader: one inside what is written as an HTML tag or a CSS
    ``url(...)`` (``<img src="https://...">`` prints as text, its address is markup, not a
    link), or one that does not begin with a scheme or ``www.``."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        hiding = False
        before: list[str] = []  # the text so far, to tell whether a URL sits inside a tag
        for i, child in enumerate(token.children):
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                hiding = not is_safe_href(href) or (
                    child.markup == "linkify"
                    and (
                        not _LINKIFIED.match(_next_text(token.children, i))
                        or _in_markup("".join(before[-50:]))
                    )
                )
                if hiding:
                    child.hidden = True
                    child.attrs = {}
            elif child.type == "link_close":
                if hiding:
                    child.hidden = True
                hiding = False
            elif child.type in {"text", "code_inline"}:
                before.append(child.content)


#: Text ending inside a tag (a "<" not closed by ">") or a CSS url( / an attribute's =.
_MARKUP_TAIL = re.compile(r"(?:<[^<>]*|url\(\s*[\"']?|=\s*[\"']?)$", re.IGNORECASE)


def _in_markup(text: str) -> bool:
    return bool(_MARKUP_TAIL.search(text[-2000:]))


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
