"""Read a dossier's HTML as a person would see it printed: its text (no markup, no styles), the
alternative text of each QR code, and the address each QR code stands for. The fast twin of
pdfread.py: tests read the HTML in-process, and a few slow ones check the PDF says the same."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that start a new line of text (the PDF's text has a break there too).
_BLOCKS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "td",
        "th",
        "tr",
        "br",
        "dt",
        "dd",
        "section",
        "header",
        "ul",
        "ol",
        "table",
        "blockquote",
        "pre",
        "hr",
    }
)


@dataclass
class HtmlRead:
    text: str = ""
    qr_titles: list[str] = field(default_factory=list)  # the alt text of each QR code's <img>
    qr_links: list[str] = field(default_factory=list)  # the address of each QR code, in order


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.read = HtmlRead()
        self.chunks: list[str] = []
        self.stack: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.chunks.append(" ")
        if tag == "a":
            self.href = dict(attrs).get("href")
        if tag == "img" and "qr" in (dict(attrs).get("class") or "").split():
            self.read.qr_titles.append(dict(attrs).get("alt") or "")
            if self.href is not None:
                self.read.qr_links.append(self.href)
        if tag not in ("br", "hr", "img", "input", "meta", "link", "rect", "path"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.chunks.append(" ")
        if tag == "a":
            self.href = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside = set(self.stack)
        if "svg" in inside:
            if self.stack[-1] == "title":
                self.read.qr_titles.append(data)
        elif not inside & {"style", "script", "title", "head"}:
            self.chunks.append(data)


def html_read(html: str) -> HtmlRead:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    # ASCII whitespace only: a no-break space (French "Date limite\u00a0:") is kept as it is.
    parser.read.text = re.sub(r"[ \t\r\n]+", " ", "".join(parser.chunks)).strip()
    return parser.read


def html_text(html: str) -> str:
    return html_read(html).text
