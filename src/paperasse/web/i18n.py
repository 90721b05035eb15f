"""The choice of the web page's language from the request, and the profile model's error
messages said in the page's language. The words themselves are in :mod:`paperasse.i18n` (one
file per language, fields ``web`` and ``web_messages``).

The profile model (:mod:`paperasse.profile`) is the one truth for what a valid profile is, and it
speaks English. :func:`field_message` turns each of its messages into the page's language by
pattern; a message no pattern knows is shown as it is, marked ``lang="en"`` by the template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .. import i18n

LANGUAGES = i18n.LANGUAGES
DEFAULT = i18n.DEFAULT


def words(lang: str) -> Mapping[str, str]:
    """The web page's words in ``lang`` (:mod:`paperasse.i18n`, field ``web``)."""
    return i18n.language(lang).web


_RANGE = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate(accept_language: str | None) -> str:
    """The page language for an ``Accept-Language`` header: the supported language with the
    highest weight (earlier wins a tie), else English. ``fr-CA,fr;q=0.9,en;q=0.8`` → ``fr``."""
    best: tuple[float, int, str] | None = None
    for index, part in enumerate((accept_language or "")[:500].split(",")[:30]):
        found = _RANGE.match(part)
        if not found:
            continue
        primary = found.group(1).lower()
        try:
            weight = float(found.group(2)) if found.group(2) is not None else 1.0
        except ValueError:
            continue
        if (
            primary in LANGUAGES
            and weight > 0
            and (best is None or (weight, -index) > (best[0], best[1]))
        ):
            best = (weight, -index, primary)
    return best[2] if best else DEFAULT


def pick(requested: str | None, accept_language: str | None) -> str:
    """``?lang=`` (or the form's ``ui`` field) when it names a language, else the header's."""
    if requested and requested.lower() in LANGUAGES:
        return requested.lower()
    return negotiate(accept_language)


# ----------------------------------------------------------------- the model's messages


@dataclass(frozen=True)
class Message:
    """A message for the page, and the language it is written in (the page's, or English when
    no translation is known)."""

    text: str
    lang: str


_DID_YOU_MEAN = re.compile(r" ?\(did you mean (.+?)\?\)")
_COUNTRY = (
    "must be an ISO 3166-1 country code such as 'BR', a country name in English or "
    "French, 'eu' or 'non-eu'"
)

#: The English message (without its did-you-mean) -> the key of its words for the page.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^must not be empty$"), "empty"),
    (re.compile(r"^required key is missing\b.*$"), "missing_key"),
    (re.compile(r"^must be text, not .*$"), "not_text"),
    (re.compile(r"^is too long: (\d+) characters, at most (\d+)$"), "too_long"),
    (re.compile(r"^must not contain control characters or line breaks$"), "control_characters"),
    (
        re.compile(r"^must not contain invisible or direction-changing characters \(([^)]*)\).*$"),
        "hidden_characters",
    ),
    (re.compile(r"^is not a real arrival date \(years (\d+) to (\d+)\).*$"), "date_range"),
    (re.compile(r"^must be 'worker' or 'student'$"), "status"),
    (re.compile("^" + re.escape(f"must be {i18n.one_of()}") + "$"), "language"),
    (re.compile(r"^must be a date such as 2026-11-02, without a time$"), "date_with_time"),
    (re.compile(r"^must be a date written YYYY-MM-DD, such as 2026-11-02$"), "date_format"),
    (re.compile(r"^is not a valid date \(YYYY-MM-DD, such as 2026-11-02\)$"), "date_invalid"),
    (re.compile("^" + re.escape(_COUNTRY) + "$"), "country"),
    (re.compile(r"^unknown key; known keys: .*$"), "unknown_key"),
    (re.compile(r"^must be yes or no\b.*$"), "yes_no"),
    (re.compile(r"^must be how many children come along\b.*$"), "children"),
    (re.compile(r"^must be 0 or more \(how many children come along\)$"), "children_negative"),
    (
        re.compile(r"^(?:is|lists) more than (\d+) children; check the (?:number|list)$"),
        "children_too_many",
    ),
    (
        re.compile(r"^must list the children's ages as whole numbers from 0 to (\d+)\b.*$"),
        "children_ages",
    ),
]


def field_message(message: str, lang: str) -> Message:
    """The profile model's ``message`` for a field, said for the page in ``lang``."""
    hints = _DID_YOU_MEAN.findall(message)
    bare = _DID_YOU_MEAN.sub("", message).strip()
    words = i18n.language(lang)
    for pattern, key in _PATTERNS:
        found = pattern.match(bare)
        if found:
            text = words.web_messages[key].format(*found.groups())
            if hints:
                text += words.web["did_you_mean"].format(hint=hints[0])
            return Message(text, words.code)
    return Message(message, "en")
