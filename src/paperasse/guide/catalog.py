"""The guides paperasse can choose from, and the choice of one for a profile.

Guides live in ``<lang>/<country>/<slug>.md`` under the bundled ``guides/`` folder and under any
folder given with ``--guides``. Translations share a ``translationKey``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..i18n import other_language_notice
from ..inputs.files import did_you_mean
from ..resources import guides_dir

DEFAULT_GUIDE = "france-social_security_registration"

_KEY_LINE = re.compile(r"^translationKey\s*:\s*['\"]?(.+?)['\"]?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class GuideEntry:
    key: str
    lang: str
    country: str
    path: Path


def _front_matter_key(path: Path) -> str | None:
    """translationKey from the front matter, read cheaply (no YAML parse of the whole file)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if not head.lstrip("\ufeff").startswith("---"):
        return None
    end = head.find("\n---", 3)
    match = _KEY_LINE.search(head[: end if end > 0 else len(head)])
    return match.group(1).strip() if match else None


def scan(folder: Path) -> list[GuideEntry]:
    """Every ``<lang>/<country>/<slug>.md`` under ``folder``."""
    entries = []
    for path in sorted(folder.glob("*/*/*.md")):
        lang, country = path.parent.parent.name, path.parent.name
        if path.name.lower() == "readme.md" or lang.startswith((".", "_")):
            continue
        key = _front_matter_key(path) or f"{country}-{path.stem}"
        entries.append(GuideEntry(key, lang, country, path))
    return entries


class Catalog:
    """The bundled guides, then the user's folders (a later folder wins on the same key/lang)."""

    def __init__(self, extra_dirs: list[Path] | tuple[Path, ...] = ()) -> None:
        self.entries: dict[str, dict[str, GuideEntry]] = {}
        for folder in (guides_dir(), *extra_dirs):
            if not folder.is_dir():
                raise UsageError("guides folder not found", file=folder)
            for entry in scan(folder):
                self.entries.setdefault(entry.key, {})[entry.lang] = entry

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
