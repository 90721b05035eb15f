"""HTML -> PDF with WeasyPrint, fetching nothing from the network.

WeasyPrint is imported here only, and lazily: ``paperasse --help`` never pays for it. One
:class:`PdfRenderer` per process keeps the parsed stylesheets and the font configuration.

Every PDF is tagged PDF/UA-1 (structure tree, /Lang, title shown, alternative text for the QR
codes, bookmarks from the headings): it costs about an eighth more render time (see the README).
The output is byte-for-byte reproducible: dates come from the HTML's ``dcterms.created`` (an
option or the guide's date), the file /ID is a hash of the content, and the timestamp fontTools
writes into subset fonts is pinned through ``SOURCE_DATE_EPOCH`` (if the caller has not set it).
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import importlib.util
import io
import os
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import EnvironmentProblem
from ..resources import templates_dir
from .collection import fewer_collections
from .html import STYLESHEET

#: WeasyPrint's tagged, accessible PDF variant, always used.
PDF_VARIANT = "pdf/ua-1"

#: Timestamp (seconds since 1970) fontTools writes into subset fonts' ``head`` table unless
#: SOURCE_DATE_EPOCH is set; a wall-clock time there would make every build differ.
FONT_EPOCH = "0"

#: Chinese, Japanese and Korean: the scripts the bundled DejaVu Sans has no glyph for. Their
#: glyphs come from Noto Sans CJK (SIL OFL), installed from PyPI with ``paperasse[cjk]``
#: (the ``manimgx-fonts-cjk`` wheel, 20 MB: kept out of paperasse's own wheel), declared as the
#: "Paperasse CJK" family (second in the stylesheet's font stack: a family of its own, since
#: WeasyPrint tells fonts apart by their description), for these characters only, and only for a
#: dossier that has some.
CJK_RANGES = (
    "U+2E80-2FDF, U+2FF0-31FF, U+3200-9FFF, U+A960-A97F, U+AC00-D7FF, U+F900-FAFF, "
    "U+FE30-FE4F, U+FF00-FFEF, U+20000-3FFFF"
)
CJK_TEXT = re.compile(
    "[\u2e80-\u2fdf\u2ff0-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
CJK_PACKAGE, CJK_FILE = "manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc"

PANGO_HINT = (
    "WeasyPrint cannot load the Pango library it needs to lay out text ({detail}); "
    "install Pango (Debian/Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0; "
    "macOS: brew install pango; Windows: see the README) and try again"
)


def import_weasyprint() -> Any:
    """Import WeasyPrint, turning a missing Pango into a one-line :class:`EnvironmentProblem`.

    WeasyPrint tries several names for each library it loads; cffi hands every name that is not
    a file to ``ctypes.util.find_library``, which on Linux forks ``ldconfig``, ``gcc`` and ``ld``
    (26 calls, a quarter of a second). Each list also holds the library's soname
    (``libpango-1.0.so.0``), which loads directly: :func:`_sonames_only` makes the other names
    fail at once, and if the import fails that way it is tried again the usual way."""
    if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError), _sonames_only(), _deferred():
            import weasyprint
        if "weasyprint" not in sys.modules:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]  # half-imported: start again
    try:
        with _deferred():
            import weasyprint
    except OSError as err:  # cffi could not dlopen pango/gobject
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise EnvironmentProblem(PANGO_HINT.format(detail=detail)) from None
    return weasyprint


#: What WeasyPrint imports at start-up and paperasse's dossiers do not use, in groups: each is
#: imported on first use. fontTools' subsetter and instancer (``pdf/fonts.py``; 0.1 s of CPU,
#: fontTools' OpenType table classes) serve to subset fonts with fontTools (paperasse subsets
#: with HarfBuzz: :mod:`.fontsubset`) and to make a variable font static (the CJK font); ``ssl``
#: (OpenSSL, 20 ms), which ``urllib.request`` imports for the network paperasse never uses.
DEFERRED_GROUPS = (
    ("fontTools.subset", "fontTools.varLib", "fontTools.varLib.instancer"),
    ("ssl",),
)
DEFERRED = tuple(name for group in DEFERRED_GROUPS for name in group)


class _Deferred(types.ModuleType):
    """Stands for a module while WeasyPrint is imported; the real one is imported, and its
    attribute returned, on first use."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system's questions (__path__...)
            raise AttributeError(attribute)
        _end_deferral()
        return getattr(importlib.import_module(self.__name__), attribute)


def instantiateVariableFont(*args: Any, **kwargs: Any) -> Any:
    """fontTools' ``instantiateVariableFont``, imported on first call (a variable font)."""
    _end_deferral()
    from fontTools.varLib.instancer import instantiateVariableFont as instantiate

    return instantiate(*args, **kwargs)


def _end_deferral() -> None:
    for name in DEFERRED:
        if isinstance(sys.modules.get(name), _Deferred):
            del sys.modules[name]


@contextlib.contextmanager
def _deferred() -> Iterator[None]:
    """While the block runs, the modules of :data:`DEFERRED_GROUPS` are stand-ins (a group none
    of whose modules is imported yet): WeasyPrint keeps them, and imports the real modules when
    it first uses them."""
    stand_ins = {
        name: _Deferred(name)
        for group in DEFERRED_GROUPS
        if not any(name in sys.modules for name in group)
        for name in group
    }
    if "fontTools.varLib.instancer" in stand_ins:
        stand_ins["fontTools.varLib.instancer"].__dict__["instantiateVariableFont"] = (
            instantiateVariableFont
        )
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        _end_deferral()


@contextlib.contextmanager
def _sonames_only() -> Iterator[None]:
    """``ctypes.util.find_library`` finds nothing while the block runs (no child process)."""
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def make_fetcher(allowed_roots: tuple[Path, ...]) -> Any:
    """A URL fetcher that serves data: URIs and files under ``allowed_roots``, nothing else."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(root.resolve() for root in allowed_roots)

    class LocalOnlyFetcher(URLFetcher):
        """Deny by default: no http(s), ftp, or file outside the package's own folders."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return _data_response(url)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(url, body=path.read_bytes())
                raise ValueError(f"paperasse does not read files outside its own folders: {url}")
            raise ValueError(f"paperasse fetches nothing from the network: {url[:200]}")

    return LocalOnlyFetcher()


def _data_response(url: str) -> Any:
    from weasyprint.urls import URLFetcherResponse

    header, _, payload = url.partition(",")
    media = header[5:]
    if media.endswith(";base64"):
        body = base64.b64decode(payload)
        media = media[: -len(";base64")]
    else:
        body = unquote(payload).encode("utf-8")
    return URLFetcherResponse(url, body=body, headers={"Content-Type": media or "text/plain"})


def cjk_font() -> Path | None:
    """The Noto Sans CJK file of ``paperasse[cjk]``, or None when it is not installed (a CJK
    name is then drawn with whatever font the system has for it)."""
    spec = importlib.util.find_spec(CJK_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / CJK_FILE
        if path.is_file():
            return path
    return None


class ImageCache(dict[str, Any]):
    """WeasyPrint's image cache (its ``cache`` option), kept by a renderer from one dossier to
    the next: the QR codes of a guide's links and the form images are decoded once per
    process, not once per dossier.

    Its keys are the images' URLs: data URIs (their content: the QR codes, a brand's logo) or
    the package's own files, never a user's file, so no dossier can be given another one's
    image; an image's name in the PDF is a hash of its URL, so the bytes are those of a fresh
    cache. Raster images only: an SVG image (a brand's SVG logo) holds the layout context of
    the document that loaded it and draws with it, so kept it would keep that document alive
    and draw later ones with its context (the bytes came out the same when tried; nothing in
    WeasyPrint promises it): it is made again for each dossier, as without a shared cache."""

    #: Entries past which :meth:`make_room` empties the cache (three an image: the decoded
    #: image, its file's bytes and its PDF stream's; a dossier of the bundled guide has 18
    #: images, 54 entries, 51 KB: about 2 MB for 2,000).
    ENTRIES = 2_000

    def __setitem__(self, key: str, value: Any) -> None:
        from weasyprint.images import SVGImage

        if not isinstance(value, SVGImage):
            super().__setitem__(key, value)

    def make_room(self) -> None:
        """Before a render (never during one: WeasyPrint reads back what it stored), empty
        the cache if it holds more than :attr:`ENTRIES`."""
        if len(self) > self.ENTRIES:
            self.clear()


class PdfRenderer:
    """Renders HTML strings to PDF bytes; reuse one instance for many dossiers."""

    def __init__(self) -> None:
        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        from . import compression, htmlparse
        from .fontsubset import install as install_fast_subset

        install_fast_subset()  # same subset fonts, without decompiling tables dropped anyway
        compression.install()  # zlib's default level for the PDF's streams, not level 9
        htmlparse.install()  # tinyhtml5's pattern cache, which never hit

        self._weasyprint = weasyprint
        # fontTools reads this when it saves a subset font (reproducible-builds.org spec).
        os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_EPOCH)
        self.base = templates_dir()
        self.cjk_font = cjk_font()
        cjk_roots = (self.cjk_font.parent,) if self.cjk_font else ()
        self.fetcher = make_fetcher((self.base, *cjk_roots))
        self._cjk_stylesheet: Any = None
        self.images = ImageCache()
        self.font_config = FontConfiguration()
        self.stylesheets = [
            weasyprint.CSS(
                filename=str(self.base / name),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            for name in ("fonts.css", STYLESHEET)
        ]

    def render(self, html: str, *, extra_css: str | None = None, forms: bool = False) -> bytes:
        """PDF/UA-1 bytes of ``html``; ``forms`` turns ``<input>`` elements into form fields."""
        return self.render_counted(html, extra_css=extra_css, forms=forms)[0]

    def render_counted(
        self, html: str, *, extra_css: str | None = None, forms: bool = False
    ) -> tuple[bytes, int]:
        """:meth:`render`, and the PDF's page count (from the laid-out document: the PDF is
        not parsed again to count them)."""
        weasyprint = self._weasyprint
        stylesheets = list(self.stylesheets)
        if self.cjk_font is not None and CJK_TEXT.search(html):
            stylesheets.append(self.cjk_stylesheet())
        if extra_css:
            stylesheets.append(
                weasyprint.CSS(
                    string=extra_css, url_fetcher=self.fetcher, font_config=self.font_config
                )
            )
        out = io.BytesIO()
        self.images.make_room()
        options = {
            **weasyprint.DEFAULT_OPTIONS,
            "cache": self.images,
            "stylesheets": stylesheets,
            "uncompressed_pdf": False,
            "pdf_variant": PDF_VARIANT,
            "pdf_forms": forms,
        }
        with fewer_collections():
            document = weasyprint.HTML(
                string=html, base_url=str(self.base) + "/", url_fetcher=self.fetcher
            )
            # HTML.write_pdf's two steps, to keep the laid-out document's page count
            laid_out = document.render(font_config=self.font_config, **options)
            laid_out.write_pdf(out, **{key: options[key] for key in weasyprint.DEFAULT_OPTIONS})
        return out.getvalue(), len(laid_out.pages)

    def cjk_stylesheet(self) -> Any:
        """The ``@font-face`` of "Paperasse CJK" (Noto Sans CJK, CJK characters only); made
        (and the 32 MB file read) once per process, by the first dossier that needs it."""
        if self._cjk_stylesheet is None:
            assert self.cjk_font is not None
            self._cjk_stylesheet = self._weasyprint.CSS(
                string=(
                    '@font-face { font-family: "Paperasse CJK"; '
                    f'src: url("{self.cjk_font.as_uri()}"); unicode-range: {CJK_RANGES}; }}'
                ),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        return self._cjk_stylesheet
