"""A short description of every guide of a catalogue, from its front matter only (the body is
not parsed: a folder of thousands of guides lists quickly). Used by ``paperasse guides`` and by
the web form's list of guides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..resources import guides_dir
from .catalog import Catalog
from .front_matter import date_field, split_front_matter, text_field
from .source import guide_text


@dataclass(frozen=True)
class GuideSummary:
    """One guide of the catalogue, as ``paperasse guides`` lists it."""

    key: str
    lang: str
    country: str
    path: Path
    origin: str  # "bundled" or the --guides folder
    title: str = ""
    date: dt.date | None = None
    last_checked: dt.date | None = None
    problem: str | None = None  # why the front matter could not be read


def summarise(catalog: Catalog, extra_dirs: tuple[Path, ...] = ()) -> list[GuideSummary]:
    """Every guide of the catalogue (by translationKey, then language); a guide whose front
    matter cannot be read has its ``problem`` instead of a title and dates."""
    bundled = guides_dir().resolve()
    folders = [folder.resolve() for folder in extra_dirs]
    found = []
    for key in sorted(catalog.entries):
        for lang, entry in sorted(catalog.entries[key].items()):
            path = entry.path.resolve()
            origin = (
                "bundled"
                if path.is_relative_to(bundled)
                else next(
                    (
                        str(extra)
                        for extra, folder in zip(extra_dirs, folders, strict=True)
                        if path.is_relative_to(folder)
                    ),
                    str(entry.path.parent),
                )
            )
            try:
                meta, _, _, source = split_front_matter(entry.path, guide_text(entry.path, None))
                summary = GuideSummary(
                    key,
                    lang,
                    entry.country,
                    entry.path,
                    origin,
                    title=text_field(meta, "title") or entry.path.stem,
                    date=date_field(entry.path, source, meta, "date"),
                    last_checked=date_field(entry.path, source, meta, "last_checked"),
                )
            except UserError as err:
                summary = GuideSummary(
                    key, lang, entry.country, entry.path, origin, problem=str(err)
                )
            found.append(summary)
    return found
