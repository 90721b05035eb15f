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
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import EnvironmentProblem
from ..resources import templates_dir
from .html import STYLESHEET

#: WeasyPrint's tagged, accessible PDF variant, always used.
PDF_VARIANT = "pdf/ua-1"

#: Timestamp (seconds since 1970) fontTools writes into subset fonts' ``head`` table unless
#: SOURCE_DATE_EPOCH is set; a wall-clock time there would make every build differ.
FONT_EPOCH = "0"

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
        with contextlib.suppress(OSError), _sonames_only():
            import weasyprint
        if "weasyprint" not in sys.modules:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]  # half-imported: start again
    try:
        import weasyprint
    except OSError as err:  # cffi could not dlopen pango/gobject
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise EnvironmentProblem(PANGO_HINT.format(detail=detail)) from None
    return weasyprint


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


class PdfRenderer:
    """Renders HTML strings to PDF bytes; reuse one instance for many dossiers."""

    def __init__(self, extra_roots: tuple[Path, ...] = ()) -> None:
        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        from .fontsubset import install as install_fast_subset

        install_fast_subset()  # same subset fonts, without decompiling tables dropped anyway

        self._weasyprint = weasyprint
        # fontTools reads this when it saves a subset font (reproducible-builds.org spec).
        os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_EPOCH)
        self.base = templates_dir()
        self.fetcher = make_fetcher((self.base, *extra_roots))
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
        weasyprint = self._weasyprint
        stylesheets = list(self.stylesheets)
        if extra_css:
            stylesheets.append(
                weasyprint.CSS(
                    string=extra_css, url_fetcher=self.fetcher, font_config=self.font_config
                )
            )
        document = weasyprint.HTML(
            string=html, base_url=str(self.base) + "/", url_fetcher=self.fetcher
        )
        out = io.BytesIO()
        document.write_pdf(
            out,
            stylesheets=stylesheets,
            font_config=self.font_config,
            uncompressed_pdf=False,
            pdf_variant=PDF_VARIANT,
            pdf_forms=forms,
        )
        return out.getvalue()
