"""Read a guide file into a :class:`~paperasse.guide.model.Guide`.

A guide is Markdown with YAML front matter in the tramitit.com template (see README, "Guide
format"). The reader finds its parts by the template's structure (:mod:`.structure`), reads
the directives in its comments (:mod:`.directives`) and checks that each one sits where it
means something. Every fault is a :class:`~paperasse.errors.UserError` naming file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError
from . import directives as dv
from . import structure as st
from .budget import parse_body
from .builder import BlockBuilder
from .contents import part_contents
from .front_matter import (
    dated_field,
    numbers_field,
    sources_field,
    split_front_matter,
    text_field,
)
from .model import Guide
from .source import guide_text

_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")


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
    build = BlockBuilder(path, offset, comments)
    found = st.split_parts(parse_body(build, comments.text))
    roles = st.find_roles(found)
    if roles is None:
        raise UserError("no procedure (numbered list of steps) found", file=path)
    parts = found.parts
    contents = part_contents(build, parts, roles)
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
