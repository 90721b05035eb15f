"""The contents of a guide's parts: the steps of the procedure, the documents (with or without
a Markdown list), the providers' table, and the notes around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import markdown as mdr
from . import structure as st
from .builder import BlockBuilder
from .model import Block, Provider

#: A sentence ends inside the text (one more begins after it).
_SENTENCE_END = re.compile(r"[.!?。！？][\s\u00a0]+\S")


@dataclass
class Contents:
    steps: list[Block] = field(default_factory=list)
    procedure_notes: list[Block] = field(default_factory=list)
    documents: list[Block] = field(default_factory=list)
    documents_notes: list[Block] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)
    providers_notes: list[Block] = field(default_factory=list)


def _procedure(build: BlockBuilder, part: st.Part, docs_missing: bool, out: Contents) -> None:
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


def _documents(build: BlockBuilder, part: st.Part, out: Contents) -> None:
    if not st.has_list(part):
        _documents_without_list(build, part, out)
        return
    for b in part.blocks:
        if st.is_list(b):
            out.documents.extend(build.items(b, "document"))
        elif st.heading_level(b) != 1:
            out.documents_notes.append(build.block(b))


def _documents_without_list(build: BlockBuilder, part: st.Part, out: Contents) -> None:
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


def _providers(build: BlockBuilder, part: st.Part, out: Contents) -> None:
    for b in part.blocks:
        if st.block_kind(b) == "table":
            build.condition(*st.span(b), "table")
            out.providers.extend(build.providers(b))
        elif st.heading_level(b) != 1:
            out.providers_notes.append(build.block(b))


def part_contents(build: BlockBuilder, parts: list[st.Part], roles: dict[str, int]) -> Contents:
    out = Contents()
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
