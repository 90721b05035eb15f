"""Agency branding for client packs: ``--brand brand.yaml``.

A brand file is YAML with these keys::

    name: Relocation Partners Lyon          # required: the agency's name
    logo: logo.png                          # a PNG, JPEG or SVG file in the brand file's folder
    contact: +33 4 00 00 00 00 · hello@example.com
    accent: "#0b6e4f"                       # #rgb or #rrggbb (quoted: # starts a YAML comment)

Every problem is a :class:`BrandError`, a usage error (exit code 2): the brand applies to the
whole batch, so a bad brand file stops it before any work. The message names the brand file, the
line, the key and the value.

The logo is read here, once, and only from the brand file's own folder: an absolute path, a path
with ``..``, or a symbolic link that leads out of the folder is refused. Its bytes are checked to be
the image type its name says, then embedded in the dossier as a ``data:`` URI. So the PDF renderer's
URL fetcher never needs to read the brand folder (it keeps serving the templates folder only), and
``--format html`` stays one self-contained file.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import UsageError
from .files import FileKind, did_you_mean, has_control, load_yaml_mapping, read_text
from .files import validation_errors as translate
from .pillow import strict_decoding

KNOWN_KEYS = ("name", "logo", "contact", "accent", "credit")

MAX_BRAND_BYTES = 100_000
MAX_LOGO_BYTES = 2_000_000
#: A raster logo is decoded once, when the brand is read: one of more pixels than this is
#: refused (a 493 KB PNG of 13000x13000 cost 1.3 GB per worker), and one wider or taller than
#: MAX_LOGO_SIDE is scaled down once to that size (it prints about 4 cm wide).
MAX_LOGO_PIXELS = 16_000_000
MAX_LOGO_SIDE = 1600
#: An SVG logo may have at most this many elements once its <use> references are expanded
#: (a 1.3 KB SVG of nested <use> cost over 120 s a dossier), nested at most MAX_SVG_DEPTH deep.
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_DEPTH = 64
MAX_NAME_CHARS = 120
MAX_CONTACT_CHARS = 300

#: Logo file types: suffix -> media type.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

_ACCENT = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class BrandError(UsageError):
    """A bad brand file or value (exit code 2)."""


#: How a brand file is read: its size cap, its noun in messages, its error.
BRAND_FILE = FileKind("brand file", MAX_BRAND_BYTES, BrandError, option="--brand")


@dataclass(frozen=True)
class Brand:
    """A checked brand: what the dossier template shows."""

    name: str
    contact: str | None = None
    #: ``#rrggbb`` or ``#rgb``, lower-case; safe to write into CSS.
    accent: str | None = None
    logo_path: Path | None = None
    logo_media_type: str | None = None
    logo_data: bytes | None = None
    source: Path | None = None
    #: ``credit: false`` in the brand file: no "Made with paperasse" line at the end.
    credit: bool = True

    def digest(self) -> str:
        """A hash of everything the brand puts on a page (for incremental re-runs)."""
        digest = hashlib.sha256()
        for part in (self.name, self.contact, self.accent, self.logo_media_type):
            digest.update((part or "").encode("utf-8") + b"\0")
        digest.update(self.logo_data or b"")
        digest.update(b"credit" if self.credit else b"no credit")
        return digest.hexdigest()

    @property
    def logo_uri(self) -> str | None:
        """The logo as a ``data:`` URI (embedded: no file is fetched while rendering)."""
        if self.logo_data is None or self.logo_media_type is None:
            return None
        payload = base64.b64encode(self.logo_data).decode("ascii")
        return f"data:{self.logo_media_type};base64,{payload}"


class _BrandKeys(BaseModel):
    """The keys as written; the logo's path is checked by :func:`load_brand`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    logo: str | None = None
    contact: str | None = None
    accent: str | None = None
    credit: bool = True

    @field_validator("credit", mode="before")
    @classmethod
    def _check_credit(cls, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError('must be true or false (false: no "Made with paperasse" line)')
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: object) -> str:
        text = _text(value, required=True)
        assert text is not None
        return _one_line(text, MAX_NAME_CHARS)

    @field_validator("contact", mode="before")
    @classmethod
    def _check_contact(cls, value: object) -> str | None:
        text = _text(value, required=False)
        return None if text is None else _one_line(text, MAX_CONTACT_CHARS)

    @field_validator("logo", mode="before")
    @classmethod
    def _check_logo(cls, value: object) -> str | None:
        return _text(value, required=False)

    @field_validator("accent", mode="before")
    @classmethod
    def _check_accent(cls, value: object) -> str | None:
        if value is None:
            raise ValueError(
                'is empty; write the colour in quotes, as in accent: "#1f4e79" '
                "(an unquoted # starts a YAML comment)"
            )
        if isinstance(value, bool) or not isinstance(value, str):
            raise ValueError('must be a colour written #rgb or #rrggbb, such as "#1f4e79"')
        if not _ACCENT.fullmatch(value):
            raise ValueError('must be a colour written #rgb or #rrggbb, such as "#1f4e79"')
        return value.lower()


def load_brand(path: Path) -> Brand:
    """Read and check a brand file; raises :class:`BrandError` naming file, line, key, value."""
    path = Path(path)
    source = str(path)
    data, lines = _read_yaml(path, source)

    def fail(message: str, key: str | None = None, value: object = None) -> BrandError:
        line = lines.get(key) if key is not None else None
        return BrandError(message, file=source, line=line, key=key, value=value)

    for key, value in data.items():
        if not isinstance(key, str) or key not in KNOWN_KEYS:
            word = key if isinstance(key, str) else repr(key)
            close = did_you_mean(word.strip(), KNOWN_KEYS)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise fail(f"unknown key{hint}; known keys: {', '.join(KNOWN_KEYS)}", word, value)
    try:
        keys = _BrandKeys.model_validate(data)
    except ValidationError as exc:
        errors = translate(
            exc,
            source=source,
            data=data,
            lines=lines,
            error=BrandError,
            allowed=lambda key: "the agency's name",
        )
        raise min(errors, key=lambda err: err.line or 0) from None

    logo_path = media = logo = None
    if keys.logo is not None:
        try:
            logo_path, media, logo = read_logo(keys.logo, path.parent)
        except ValueError as exc:
            raise fail(str(exc), "logo", keys.logo) from None
    return Brand(
        name=keys.name,
        contact=keys.contact,
        accent=keys.accent,
        logo_path=logo_path,
        logo_media_type=media,
        logo_data=logo,
        source=path,
        credit=keys.credit,
    )


def read_logo(value: str, folder: Path) -> tuple[Path, str, bytes]:
    """The logo file named by ``value``, read from ``folder`` only: (path, media type, bytes).

    Raises ``ValueError`` with the reason when the path leaves the folder, the file is missing,
    too large, or not the image its name says.
    """
    if "\\" in value or PureWindowsPath(value).drive:
        raise ValueError(
            "must be a file name relative to the brand file's folder, with / between folders"
        )
    relative = PurePosixPath(value)
    if relative.is_absolute():
        raise ValueError("must be relative to the brand file's folder, not an absolute path")
    if ".." in relative.parts:
        raise ValueError("must not leave the brand file's folder ('..' is not allowed)")
    suffix = relative.suffix.lower()
    if suffix not in LOGO_TYPES:
        raise ValueError("must be a .png, .jpg, .jpeg or .svg file")
    root = folder.resolve()
    candidate = folder / relative
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ValueError("no such file in the brand file's folder") from None
    if not real.is_relative_to(root):
        raise ValueError("is a link that leads outside the brand file's folder")
    if not real.is_file():
        raise ValueError("is not a file")
    try:
        with real.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"is too large (over {MAX_LOGO_BYTES} bytes)")
    media = LOGO_TYPES[suffix]
    problem = _image_problem(data, media)
    if problem:
        raise ValueError(problem)
    if media == "image/svg+xml":
        check_svg(data)
    else:
        data = decode_raster(data, media)
    return real, media, data


def decode_raster(data: bytes, media: str) -> bytes:
    """The logo decoded once under the pixel budget: its bytes as they were, or scaled down to
    :data:`MAX_LOGO_SIDE` (and re-encoded in the same format) when larger. ``ValueError`` for
    an image over :data:`MAX_LOGO_PIXELS` (read from its header, before decoding) or one that
    does not decode."""
    import io
    import warnings

    from PIL import Image

    kind = "PNG" if media == "image/png" else "JPEG"
    limit = f"at most {MAX_LOGO_PIXELS:,} pixels (4000x4000); save it smaller"
    try:
        with warnings.catch_warnings(), strict_decoding():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise ValueError(f"is {width}x{height} pixels, {limit}")
                image.load()
                if max(width, height) <= MAX_LOGO_SIDE:
                    return data
                image.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE))
                small: Image.Image = image
                if kind == "JPEG" and small.mode not in ("RGB", "L", "CMYK"):
                    small = small.convert("RGB")
                out = io.BytesIO()
                small.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
                return out.getvalue()
    except Image.DecompressionBombError:
        raise ValueError(f"has too many pixels, {limit}") from None
    except ValueError:
        raise
    except (OSError, SyntaxError, EOFError) as exc:  # Pillow's errors for a broken image
        raise ValueError(f"is not a readable {kind} image ({exc})") from None


def check_svg(data: bytes) -> None:
    """An SVG logo within the complexity budget: well-formed XML without entities, at most
    :data:`MAX_SVG_ELEMENTS` elements once every ``<use>`` is expanded (counted, not drawn)
    and at most :data:`MAX_SVG_DEPTH` deep; ``ValueError`` otherwise."""
    from xml.etree.ElementTree import Element, ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException:
        raise ValueError("is an SVG with entity declarations, which are not allowed") from None
    except ParseError as exc:
        raise ValueError(f"is not a well-formed SVG image ({exc})") from None
    too_complex = (
        f"is too complex an SVG image (more than {MAX_SVG_ELEMENTS} elements once its <use> "
        "references are expanded); simplify it or use a PNG"
    )
    ids: dict[str, Element] = {}
    stack: list[tuple[Element, int]] = [(root, 1)]
    count = 0
    while stack:  # every element once, depth checked, without recursion
        element, depth = stack.pop()
        count += 1
        if depth > MAX_SVG_DEPTH:
            raise ValueError(f"is an SVG image nested more than {MAX_SVG_DEPTH} deep")
        if count > MAX_SVG_ELEMENTS:
            raise ValueError(too_complex)
        if element.get("id"):
            ids[element.get("id", "")] = element
        stack.extend((child, depth + 1) for child in element)
    sizes: dict[int, int] = {}  # id(element) -> elements it draws, <use> expanded
    busy: set[int] = set()

    def size(element: Element, depth: int) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in busy or depth > MAX_SVG_DEPTH:
            raise ValueError("is an SVG image whose <use> references loop or nest too deep")
        busy.add(key)
        total = 1
        for child in element:
            total += size(child, depth + 1)
            if total > MAX_SVG_ELEMENTS:
                raise ValueError(too_complex)
        if element.tag.rsplit("}", 1)[-1] == "use":
            href = element.get("href") or element.get("{http://www.w3.org/1999/xlink}href") or ""
            target = ids.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                total += size(target, depth + 1)
        busy.discard(key)
        if total > MAX_SVG_ELEMENTS:
            raise ValueError(too_complex)
        sizes[key] = total
        return total

    size(root, 1)


def _image_problem(data: bytes, media: str) -> str | None:
    if media == "image/png":
        return None if data.startswith(b"\x89PNG\r\n\x1a\n") else "is not a PNG image"
    if media == "image/jpeg":
        return None if data.startswith(b"\xff\xd8\xff") else "is not a JPEG image"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "is not an SVG image (not UTF-8 text)"
    if "<svg" not in text:
        return "is not an SVG image (no <svg> element)"
    if "<!ENTITY" in text.upper():
        return "is an SVG with entity declarations, which are not allowed"
    return None


def _text(value: object, *, required: bool) -> str | None:
    if value is None:
        if required:
            raise ValueError("must not be empty")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be text")
    text = str(value).strip()
    if not text:
        if required:
            raise ValueError("must not be empty")
        return None
    return unicodedata.normalize("NFC", text)


def _one_line(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"is too long: {len(text)} characters, at most {limit}")
    if has_control(text):
        raise ValueError("must be one line, without control characters")
    return text


def _read_yaml(path: Path, source: str) -> tuple[dict[Any, object], dict[str, int]]:
    text = read_text(path, BRAND_FILE)
    if not text.strip():
        raise BrandError(
            "the brand file is empty; it needs at least name: (the agency's name)", file=source
        )
    return load_yaml_mapping(text, source, BRAND_FILE)
