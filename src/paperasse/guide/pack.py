"""Packs: a small YAML file naming guides in order (by translationKey), with its own title.

```yaml
key: france-arrival
title: {en: "Arriving in France: your first months", fr: "Arriver en France : vos premiers mois"}
guides: [france-residence_permit, france-social_security_registration, ...]
```

Bundled packs live in ``guides/packs/*.yaml``, and in ``packs/`` under any ``--guides`` folder;
``--pack`` also takes a pack file's path. ``--guide`` given several times is an ad-hoc pack
(:func:`adhoc_pack`). A single ``--guide`` is a pack of one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..inputs.files import FileKind, load_yaml_mapping, read_text

#: Pack files are a few lines; anything larger is refused before it is read.
MAX_PACK_BYTES = 100_000
PACK_FILE = FileKind("pack file", MAX_PACK_BYTES)
PACK_SUFFIXES = (".yaml", ".yml")
PACK_KEYS = ("key", "title", "guides")


@dataclass(frozen=True)
class Pack:
    """Guides to read as one dossier, in this order, under this title."""

    key: str
    guides: tuple[str, ...]  # translationKeys (or guide files' paths, for an ad-hoc pack)
    titles: dict[str, str] = field(default_factory=dict, compare=False)  # lang -> title
    path: Path | None = None  # the pack file (None for an ad-hoc pack)
    line: int | None = None  # line of ``guides:`` in the pack file, for messages

    def title(self, lang: str) -> str | None:
        """The pack's title in ``lang``, else in English, else any; None when it has none."""
        for candidate in (lang, "en"):
            if self.titles.get(candidate):
                return self.titles[candidate]
        return next(iter(self.titles.values()), None)

    def digest(self) -> str:
        """Changes whenever what the pack says changes (its guides, order or titles)."""
        data = repr((self.key, self.guides, sorted(self.titles.items())))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def adhoc_pack(guides: tuple[str, ...] | list[str]) -> Pack:
    """``--guide a --guide b``: a pack without a file or title, its key the guides joined."""
    return Pack(key="+".join(guides), guides=tuple(guides))


def is_pack_path(value: str) -> bool:
    """Whether ``--pack`` names a file rather than a bundled pack's key."""
    return value.lower().endswith(PACK_SUFFIXES) or "/" in value or "\\" in value


def read_pack(path: Path) -> Pack:
    """A pack file, checked: ``key`` (optional: the file's stem), ``title`` (text, or one per
    language), ``guides`` (a non-empty list of translationKeys, each once). Any problem is a
    one-line :class:`UserError` naming the file, line and key."""
    text = read_text(path, PACK_FILE)
    data, lines = load_yaml_mapping(text, str(path), PACK_FILE)
    for name in data:
        if name not in PACK_KEYS:
            from ..inputs.files import did_you_mean

            hint = did_you_mean(str(name), PACK_KEYS)
            more = f"; did you mean {hint!r}?" if hint else f" (known: {', '.join(PACK_KEYS)})"
            raise UserError(
                f"unknown key in a pack file{more}",
                file=path,
                line=lines.get(str(name)),
                key=str(name),
            )
    from pydantic import ValidationError

    from ..inputs.files import validation_errors
    from .pack_file import PackFile

    fields = {"key": path.stem, "guides": None, **data}  # a missing list: "must be a list"
    try:
        checked = PackFile.model_validate(fields)
    except ValidationError as exc:
        raise validation_errors(exc, source=str(path), data=fields, lines=lines)[0] from None
    return Pack(
        key=checked.key,
        guides=checked.guides,
        titles=dict(checked.title),
        path=path,
        line=lines.get("guides"),
    )


def scan_packs(folder: Path) -> list[Path]:
    """The pack files in ``folder`` (sorted)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PACK_SUFFIXES and p.is_file())
