"""The guides and packs paperasse can choose from, and the choice of them for a profile.

Guides live in ``<lang>/<country>/<slug>.md`` under the bundled ``guides/`` folder and under any
folder given with ``--guides``. Translations share a ``translationKey``. Packs (guides read as one
dossier, see :mod:`.pack`) live in ``packs/*.yaml`` in the same folders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError, UserError
from ..i18n import file_language_notice, other_language_notice
from ..inputs.files import did_you_mean
from ..resources import guides_dir
from .pack import Pack, adhoc_pack, is_pack_path, read_pack, scan_packs
from .source import has_front_matter

DEFAULT_GUIDE = "france-social_security_registration"

_KEY_LINE = re.compile(r"^translationKey\s*:\s*['\"]?(.+?)['\"]?\s*$", re.MULTILINE)
_LANG_LINE = re.compile(r"^lang\s*:\s*['\"]?([A-Za-z]{2,3})['\"]?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class GuideEntry:
    key: str
    lang: str
    country: str
    path: Path


def _front_matter_key(path: Path) -> str | None:
    """translationKey from the front matter, read cheaply (no YAML parse of the whole file)."""
    return _front_matter_value(path, _KEY_LINE)


def _front_matter_value(path: Path, line: re.Pattern[str]) -> str | None:
    """The value of one front matter line, read cheaply (no YAML parse of the whole file)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if not head.lstrip("\ufeff").startswith("---"):
        return None
    end = head.find("\n---", 3)
    match = line.search(head[: end if end > 0 else len(head)])
    return match.group(1).strip() if match else None


def scan(folder: Path) -> list[GuideEntry]:
    """Every ``<lang>/<country>/<slug>.md`` under ``folder``."""
    entries = []
    for path in sorted(folder.glob("*/*/*.md")):
        lang, country = path.parent.parent.name, path.parent.name
        if path.name.lower() == "readme.md" or lang.startswith((".", "_")):
            continue
        if not has_front_matter(path):  # LICENSE.md, CONTRIBUTING.md...: not guides
            continue
        key = _front_matter_key(path) or f"{country}-{path.stem}"
        entries.append(GuideEntry(key, lang, country, path))
    return entries


@dataclass(frozen=True)
class Choice:
    """The guide files chosen for a profile: one (``pack`` None) or a pack's, in its order."""

    paths: tuple[Path, ...]
    notices: tuple[str, ...] = ()
    pack: Pack | None = None


#: What ``--guide`` may be: None (the default guide), one guide, or several (an ad-hoc pack).
GuideSpec = str | tuple[str, ...] | list[str] | None


class Catalog:
    """The bundled guides, then the user's folders (a later folder wins on the same key/lang)."""

    def __init__(self, extra_dirs: list[Path] | tuple[Path, ...] = ()) -> None:
        self.entries: dict[str, dict[str, GuideEntry]] = {}
        for folder in (guides_dir(), *extra_dirs):
            if not folder.is_dir():
                raise UsageError("guides folder not found", file=folder)
            for entry in scan(folder):
                self.entries.setdefault(entry.key, {})[entry.lang] = entry
        self.pack_files = [
            p for folder in (guides_dir(), *extra_dirs) for p in scan_packs(folder / "packs")
        ]
        self._packs: dict[str, Pack] | None = None

    def packs(self) -> dict[str, Pack]:
        """The packs of the catalogue by key (a later folder wins); read on first use, so that
        a bad pack file stops only the commands that need packs."""
        if self._packs is None:
            self._packs = {}
            for path in self.pack_files:
                pack = read_pack(path)
                self._packs[pack.key] = pack
        return self._packs

    def pack(self, name: str) -> Pack:
        """A bundled pack by key, or a pack file's path."""
        if is_pack_path(name):
            path = Path(name)
            if not path.is_file():
                raise UsageError("pack file not found", file=path)
            return read_pack(path)
        packs = self.packs()
        if name not in packs:
            hint = did_you_mean(name, packs)
            more = f"; did you mean {hint!r}?" if hint else ""
            known = f" (packs: {', '.join(sorted(packs))})" if packs and not hint else ""
            raise UsageError(f"no pack with this key{more}{known}", key="--pack", value=name)
        return packs[name]

    def resolve(self, guide: GuideSpec, pack: str | None, lang: str) -> Choice:
        """The guide files for a profile in ``lang``: ``--pack`` (a key or a file), or
        ``--guide`` given once (one guide; None: the default one) or several times (an ad-hoc
        pack, in the order given). A guide missing in ``lang`` falls back to another language
        with a notice naming it."""
        guides = (guide,) if isinstance(guide, str) else tuple(guide or ())
        if pack is not None and guides:
            raise UsageError("give either --pack or --guide, not both", key="--pack", value=pack)
        if pack is None and len(guides) <= 1:
            one, notice = self.choose(guides[0] if guides else None, lang)
            return Choice((one,), notice)
        chosen = self.pack(pack) if pack is not None else adhoc_pack(guides)
        paths: list[Path] = []
        notices: list[str] = []
        for key in chosen.guides:
            try:
                path, more = self.choose(key, lang)
            except UsageError as err:
                if chosen.path is None:
                    raise
                raise UserError(
                    err.message.replace("no guide", "the pack names no guide"),
                    file=chosen.path,
                    line=chosen.line,
                    key="guides",
                    value=key,
                ) from None
            if path in paths:
                raise UsageError("the same guide is given twice", key="--guide", value=key)
            paths.append(path)
            notices.extend(f"{key}: {notice}" for notice in more)
        return Choice(tuple(paths), tuple(notices), chosen)

    def language_of(self, path: Path) -> str | None:
        """The language a guide file is written in: the catalogue's entry for it, else its
        front matter's ``lang``, else its folder (``<lang>/<country>/<slug>.md``); None if
        none says."""
        real = path.resolve()
        for versions in self.entries.values():
            for entry in versions.values():
                if entry.path.resolve() == real:
                    return entry.lang
        from .source import MAX_GUIDE_BYTES

        try:
            readable = path.stat().st_size <= MAX_GUIDE_BYTES  # a huge one is never opened
        except OSError:
            readable = False
        found = _front_matter_value(path, _LANG_LINE) if readable else None
        if found:
            return found.casefold()
        folder = path.parent.parent.name.casefold()
        return folder if len(folder) == 2 and folder.isalpha() else None

    def keys(self) -> list[str]:
        return sorted(self.entries)

    def choose(self, guide: str | None, lang: str) -> tuple[Path, tuple[str, ...]]:
        """The guide file to use for a profile in ``lang``, and notices for the user.

        ``guide`` is a translationKey, a guide file's path, or None for the default guide.
        """
        if guide is not None and (guide.endswith(".md") or "/" in guide or "\\" in guide):
            path = Path(guide)
            if not path.is_file():
                raise UsageError("guide file not found", file=path)
            written_in = self.language_of(path)
            if written_in is not None and written_in != lang:
                return path, (file_language_notice(lang, written_in),)
            return path, ()
        key = guide or DEFAULT_GUIDE
        versions = self.entries.get(key)
        if not versions:
            hint = did_you_mean(key, self.keys())
            more = f"; did you mean {hint!r}?" if hint else ""
            raise UsageError(f"no guide with this translationKey{more}", key="--guide", value=key)
        if lang in versions:
            return versions[lang].path, ()
        fallback = "en" if "en" in versions else sorted(versions)[0]
        return versions[fallback].path, (other_language_notice(lang, fallback),)
