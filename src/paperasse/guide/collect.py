"""Which guide files ``paperasse check`` reads: files as given, guides under folders, the
versions of a ``translationKey``, or the whole catalogue."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError
from ..inputs.files import did_you_mean
from .source import has_front_matter


def _guide_files(folder: Path) -> list[Path]:
    """The guides under ``folder``: ``*.md`` files that begin with a front matter (not README,
    LICENSE, CONTRIBUTING...), outside hidden and ``_`` folders."""
    return sorted(
        p
        for p in folder.rglob("*.md")
        if p.is_file()
        and p.name.lower() != "readme.md"
        and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
        and has_front_matter(p)
    )


def collect(inputs: Sequence[str], guides_dirs: Sequence[Path] = ()) -> list[Path]:
    """The guide files to check: files as given, ``*.md`` under folders, every version of a
    ``translationKey`` among the bundled guides and ``--guides`` folders; with no input, every
    guide of the catalogue. Raises :class:`UsageError` for a missing file or an unknown key."""
    from .catalog import Catalog

    catalog: Catalog | None = None

    def entries() -> Catalog:
        nonlocal catalog
        if catalog is None:
            catalog = Catalog(tuple(guides_dirs))
        return catalog

    found: list[Path] = []
    if not inputs:
        every = entries().entries
        for key in sorted(every):
            found.extend(every[key][lang].path for lang in sorted(every[key]))
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = _guide_files(path)
            if not files:
                raise UsageError(
                    "folder holds no guides (.md files beginning with a '---' front matter)",
                    file=path,
                )
            found.extend(files)
        elif path.is_file():
            found.append(path)
        elif item.endswith(".md") or "/" in item or os.sep in item:
            raise UsageError("no such file or folder", file=path)
        else:
            versions = entries().entries.get(item)
            if not versions:
                hint = did_you_mean(item, entries().keys())
                more = f"; did you mean {hint!r}?" if hint else ""
                raise UsageError(
                    f"no guide with this translationKey{more}", key="guide", value=item
                )
            found.extend(versions[lang].path for lang in sorted(versions))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
