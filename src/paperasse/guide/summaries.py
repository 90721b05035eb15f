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
    guides: tuple[str, ...] = ()  # a pack's guides (a pack is listed like a guide)


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


def summarise_packs(
    catalog: Catalog, guides: list[GuideSummary], extra_dirs: tuple[Path, ...] = ()
) -> list[GuideSummary]:
    """Every pack of the catalogue, one line per language of its title: its newest guide's date
    and its oldest guide's last-checked date (in that language, else the one the dossier would
    use). A pack file that cannot be read, or that names a missing guide, has its ``problem``."""
    from .pack import read_pack

    bundled = (guides_dir() / "packs").resolve()
    by_key: dict[tuple[str, str], GuideSummary] = {(g.key, g.lang): g for g in guides}
    found: list[GuideSummary] = []
    packs: dict[str, GuideSummary] = {}
    for path in catalog.pack_files:
        origin = "bundled" if path.resolve().parent == bundled else str(path.parent.parent)
        try:
            pack = read_pack(path)
        except UserError as err:
            found.append(GuideSummary(path.stem, "-", "", path, origin, problem=str(err)))
            continue
        for lang in sorted(pack.titles) or ["en"]:
            members = []
            problem = None
            for key in pack.guides:
                versions = catalog.entries.get(key, {})
                if not versions:
                    problem = f"{path}: guides: no guide with the translationKey {key!r}"
                    break
                use = lang if lang in versions else ("en" if "en" in versions else min(versions))
                members.append(by_key.get((key, use)))
            dates = [m.date for m in members if m is not None and m.date]
            checked = [m.last_checked for m in members if m is not None and m.last_checked]
            packs[f"{pack.key}\0{lang}"] = GuideSummary(
                pack.key,
                lang,
                "",
                path,
                origin,
                title=f"{pack.title(lang) or pack.key} (pack of {len(pack.guides)} guides)",
                date=max(dates) if dates and problem is None else None,
                last_checked=min(checked) if checked and problem is None else None,
                problem=problem,
                guides=pack.guides,
            )
    return found + list(packs.values())  # a later folder's pack replaces a bundled one
