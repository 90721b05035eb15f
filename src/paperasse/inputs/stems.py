"""Safe file stems for outputs: ``"Zoë Ünal-Smith"`` → ``"zoe-unal-smith"``."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_STEM_CHARS = 80

_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)

# Letters that Unicode decomposition does not reduce to ASCII.
_ASCII_EXTRA = str.maketrans(
    {
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
        "ı": "i", "ħ": "h", "Ħ": "H",
    }
)  # fmt: skip


def fold_ascii(text: str) -> str:
    """``"Zoë Łukasz"`` → ``"Zoe Lukasz"``: letters reduced to ASCII, the rest dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, fallback: str = "profile") -> str:
    """A safe file stem: ASCII, lower-case, ``[a-z0-9-]``, at most 80 characters, never empty,
    never a Windows reserved device name. ``"Zoë Ünal-Smith"`` → ``"zoe-unal-smith"``.

    When nothing is left (``"王芳"``) the stem is ``fallback`` plus a short hash of ``text``
    (``"profile-3f1c9a02"``), and a stem cut to 80 characters ends with that hash too: two
    different names never share a stem that way, run after run."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_ascii(text).lower()).strip("-")
    if not slug:
        slug = f"{fallback[: MAX_STEM_CHARS - 9].rstrip('-') or 'profile'}-{short_hash(text)}"
    elif len(slug) > MAX_STEM_CHARS:
        slug = f"{slug[: MAX_STEM_CHARS - 9].rstrip('-')}-{short_hash(text)}"
    if slug in _WINDOWS_RESERVED:
        slug += "-profile"
    return slug


def short_hash(text: str) -> str:
    """Eight hex digits that tell ``text`` apart (its NFC form; case matters)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:8]
