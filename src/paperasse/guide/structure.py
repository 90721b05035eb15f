"""The guide's parts and their roles, found by the template's structure, not by heading words.

The body splits at level-2 headings. The procedure is the part holding the first numbered list;
after it come the documents (a list), the providers (a table) and the additional details.
Heading words (15 languages) only settle a doubt the structure leaves.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from .. import markdown as mdr

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
class Part:
    heading: str | None
    line: int  # 0-based body line of the heading (or 0)
    blocks: list[list[Token]]
    why: str = ""  # for a part left out: why


@dataclass
class Parts:
    """The body cut at its level-2 headings."""

    pre: Part  # whatever comes before the first level-2 heading
    parts: list[Part]  # the parts kept, in order
    dropped: list[Part]  # "Related posts" and the like: not kept, their directives still checked
    first_h1: str | None


# ---- tokens ---------------------------------------------------------------------------------


def top_blocks(tokens: Sequence[Token], level: int = 0) -> list[list[Token]]:
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


def block_kind(block: list[Token]) -> str:
    return block[0].type.removesuffix("_open")


def heading_level(block: list[Token]) -> int:
    return int(block[0].tag[1:]) if block[0].type == "heading_open" else 0


def is_list(block: list[Token]) -> bool:
    return block_kind(block) in {"bullet_list", "ordered_list"}


def span(tokens: Sequence[Token]) -> tuple[int, int]:
    """The 0-based [start, end) body lines of a block."""
    first = tokens[0].map
    if first is None:
        return 0, 1
    return first[0], first[1]


def _has(blocks: list[list[Token]], kind: str) -> bool:
    return any(block_kind(b) == kind for b in blocks)


def _has_list(blocks: list[list[Token]]) -> bool:
    return any(is_list(b) for b in blocks)


def _hint(heading: str | None, role: str) -> bool:
    return bool(heading and _HINTS[role].search(heading))


# ---- parts and roles ------------------------------------------------------------------------


def split_parts(tokens: Sequence[Token]) -> Parts:
    """Split at level-2 headings; part 0 is whatever comes before the first one."""
    parts: list[Part] = [Part(None, 0, [])]
    first_h1: str | None = None
    for block in top_blocks(tokens):
        level = heading_level(block)
        if level == 2:
            start, _ = span(block)
            parts.append(Part(mdr.plain_text(block), start, []))
        else:
            if level == 1 and first_h1 is None:
                first_h1 = mdr.plain_text(block)
            parts[-1].blocks.append(block)
    kept: list[Part] = []
    dropped: list[Part] = []
    for i, part in enumerate(parts[1:], 1):
        host = _links_to_one_site(part) if i == len(parts) - 1 else None
        if host is not None:
            part.why = f"a list of links to other pages of {host} (related posts)"
        elif _RELATED.match(part.heading or ""):
            part.why = "related posts"
        else:
            kept.append(part)
            continue
        dropped.append(part)
    return Parts(parts[0], kept, dropped, first_h1)


def _links_to_one_site(part: Part) -> str | None:
    """The host when the part is nothing but a list of two or more items that are each one
    link, all to the same site: the "Related posts" the public site appends to every guide,
    whatever the language of its heading. None otherwise."""
    if len(part.blocks) != 1 or block_kind(part.blocks[0]) != "bullet_list":
        return None
    block = part.blocks[0]
    items = top_blocks(block[1:-1], block[0].level + 1)
    hosts: set[str] = set()
    for item in items:
        inlines = [t for t in item if t.type == "inline"]
        if len(inlines) != 1 or len([t for t in item if t.type == "paragraph_open"]) != 1:
            return None
        children = [
            c for c in inlines[0].children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if (
            len(children) < 2
            or children[0].type != "link_open"
            or children[-1].type != "link_close"
        ):
            return None
        if any(c.type in {"link_open", "link_close"} for c in children[1:-1]):
            return None
        href = str(children[0].attrGet("href") or "")
        if not mdr.is_web_url(href):
            return None
        host = (urllib.parse.urlsplit(href).hostname or "").lower().removeprefix("www.")
        if not host:
            return None
        hosts.add(host)
    return hosts.pop() if len(items) >= 2 and len(hosts) == 1 else None


def find_roles(found: Parts) -> dict[str, int] | None:
    """Role -> index in ``found.parts``; None when no part holds a numbered list. With no
    level-2 heading before the steps, the part before the first heading becomes the procedure
    (``found`` is updated)."""
    parts = found.parts
    proc = next((i for i, p in enumerate(parts) if _has(p.blocks, "ordered_list")), None)
    if proc is None and _has(found.pre.blocks, "ordered_list"):
        parts.insert(0, Part(None, 0, found.pre.blocks))
        found.pre, proc = Part(None, 0, []), 0
    if proc is None:
        return None
    roles: dict[str, int] = {"procedure": proc}
    if proc > 0:
        roles["description"] = 0
    after = list(range(proc + 1, len(parts)))
    table = next((i for i in after if _has(parts[i].blocks, "table")), None)
    docs = _documents(parts, [i for i in after if table is None or i < table])
    if docs is not None:
        roles["documents"] = docs
    rest = [i for i in after if i > (docs if docs is not None else proc)]
    providers = table if table is not None else _providers(parts, rest)
    if providers is not None:
        roles["providers"] = providers
        rest = [i for i in after if i > providers]
    if rest:
        hinted = [i for i in rest if _hint(parts[i].heading, "details")]
        roles["details"] = (
            hinted[0] if hinted and not _hint(parts[rest[0]].heading, "details") else rest[0]
        )
    return roles


def _documents(parts: list[Part], candidates: list[int]) -> int | None:
    """The first part with a list that is not headed as providers or details; else one headed
    as documents without a list (e.g. "none needed")."""
    found = next(
        (
            i
            for i in candidates
            if _has_list(parts[i].blocks)
            and not (
                (_hint(parts[i].heading, "providers") or _hint(parts[i].heading, "details"))
                and not _hint(parts[i].heading, "documents")
            )
        ),
        None,
    )
    if found is None:
        found = next(
            (
                i
                for i in candidates
                if _hint(parts[i].heading, "documents") and not _hint(parts[i].heading, "providers")
            ),
            None,
        )
    return found


def _providers(parts: list[Part], rest: list[int]) -> int | None:
    """With no table: a part headed as providers, or the first of two or more left parts
    unless it is headed as details."""
    if not rest:
        return None
    hinted = [i for i in rest if _hint(parts[i].heading, "providers")]
    if hinted:
        return hinted[0]
    if len(rest) >= 2 and not _hint(parts[rest[0]].heading, "details"):
        return rest[0]
    return None


def has_list(part: Part) -> bool:
    return _has_list(part.blocks)
