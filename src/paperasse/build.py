"""Build one dossier: profile file -> guide (or pack) choice -> Dossier -> HTML -> PDF bytes.

The CLI (and the batch layer) call this; nothing here prints.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .dossier import Dossier, select_pack
from .guide import Guide, read_guide
from .guide.catalog import Catalog, Choice, GuideSpec
from .guide.pack import Pack
from .inputs.profile import Profile
from .render.options import RenderOptions


@dataclass
class Builder:
    """Holds what is worth reusing between dossiers: the catalogue, read guides, the renderer."""

    #: ``--guide``: None (the default guide), one, or several (an ad-hoc pack).
    guide: GuideSpec = None
    #: ``--pack``: a pack's key or a pack file's path.
    pack: str | None = None
    guides_dirs: tuple[Path, ...] = ()
    #: What shapes the dossiers' bytes: format, fillable boxes, date, brand.
    options: RenderOptions = field(default_factory=RenderOptions)
    _catalog: Catalog | None = field(default=None, repr=False)
    _guides: dict[Path, Guide] = field(default_factory=dict, repr=False)
    _renderer: object = field(default=None, repr=False)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.guides_dirs)
        return self._catalog

    def read_guide(self, path: Path) -> Guide:
        key = path.resolve()
        if key not in self._guides:
            self._guides[key] = read_guide(path)
        return self._guides[key]

    def choose(self, lang: str) -> Choice:
        """The guide files (one, or a pack's) for a profile in ``lang``."""
        return self.catalog.resolve(self.guide, self.pack, lang)

    def dossier(self, profile: Profile) -> Dossier:
        choice = self.choose(profile.language)
        return self.dossier_from(choice.paths, profile, choice.notices, choice.pack)

    def dossier_from(
        self,
        guide_path: Path | tuple[Path, ...],
        profile: Profile,
        notices: tuple[str, ...] = (),
        pack: Pack | None = None,
    ) -> Dossier:
        """The dossier for guides already chosen (the batch chooses them in the parent): one
        guide file, or a pack's files in its order."""
        paths = (guide_path,) if isinstance(guide_path, Path) else guide_path
        guides = [self.read_guide(path) for path in paths]
        return select_pack(guides, profile, notices, pack)

    def warm_up(self) -> None:
        """Make the PDF renderer now (imports WeasyPrint, parses the stylesheets, loads fonts)."""
        if self.options.fmt == "pdf" and self._renderer is None:
            from .render.pdf import PdfRenderer

            self._renderer = PdfRenderer()

    def render(self, dossier: Dossier) -> bytes:
        return self.render_counted(dossier)[0]

    def render_counted(self, dossier: Dossier) -> tuple[bytes, int | None]:
        """The dossier's file, and its page count (None for HTML, which has no pages)."""
        from .render.html import render_html

        if self.options.fmt == "html":
            return render_html(dossier, self.options).encode("utf-8"), None
        self.warm_up()
        html = render_html(dossier, self.options)
        return self._renderer.render_counted(  # type: ignore[attr-defined]
            html, forms=self.options.fillable
        )


#: Temporary files are ``.paperasse-<name>.<random>.part`` beside their target: a name only
#: paperasse uses, so that cleaning up after a killed run never touches anyone else's ``.part``.
TEMP_PREFIX = ".paperasse-"
TEMP_SUFFIX = ".part"
TEMP_PATTERN = f"{TEMP_PREFIX}*{TEMP_SUFFIX}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so
    that ``path`` is either its old self or complete, never half-written."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only when the ``with`` block ends
    without an error (temporary file in the same folder, fsync, rename); for large outputs that
    are streamed rather than held as one bytes object."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
