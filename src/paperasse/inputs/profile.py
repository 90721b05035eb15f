"""A person's profile: who the checklist is for.

Keys (the same in YAML, TOML, JSON and CSV): ``name`` and ``citizenship`` and ``status``
(required), ``language``, ``arrival_date`` and ``id`` (optional). See :class:`Profile`.

Every problem is a :class:`ProfileError` (a :class:`~paperasse.errors.UserError`) naming the
file, the line when known, the key, the value and what is allowed. An unknown key is an error
(with a did-you-mean), never silently dropped: a typo in a key must not drop a condition.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from .. import countries, i18n
from ..errors import UserError
from . import profile_formats
from . import profile_values as values
from .aliases import value_hint
from .files import (
    FileKind,
    did_you_mean,
    has_control,
    hidden_characters,
    kind_of,
    read_text,
    validation_errors,
)
from .profile_values import YES_NO_KEYS
from .stems import slugify

PROFILE_SUFFIXES = (".yaml", ".yml", ".toml", ".json")

#: Larger profile files are refused before being read.
MAX_PROFILE_BYTES = 1_000_000

MAX_NAME_CHARS = 200

REQUIRED_KEYS = ("name", "citizenship", "status")
OPTIONAL_KEYS = ("language", "arrival_date", "id", *YES_NO_KEYS, "children")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

STATUSES = ("worker", "student")


class ProfileError(UserError):
    """One or more problems in a profile. ``str()`` shows the first (in file order) and says
    how many more there are; ``errors`` holds them all, one :class:`UserError` each."""

    @classmethod
    def from_errors(cls, errors: list[UserError]) -> ProfileError:
        if not errors:
            raise ValueError("no errors")
        first = errors[0]
        message = first.message
        if len(errors) > 1:
            more = len(errors) - 1
            message += f" [and {more} more problem{'s' if more > 1 else ''} in this profile]"
        err = cls(
            message,
            file=first.file,
            line=first.line,
            row=first.row,
            key=first.key,
            value=first.value,
        )
        err.errors = list(errors)
        return err


#: How a profile file is read: its size cap, its noun in messages, its error.
PROFILE_FILE = FileKind(
    "profile file",
    MAX_PROFILE_BYTES,
    ProfileError,
    name="profile",
    not_utf8="the file is not valid UTF-8 (byte 0x{byte:02x}); {advice}",
)


# --------------------------------------------------------------------------- helpers


def _hint(word: str, choices: tuple[str, ...]) -> str:
    close = did_you_mean(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


# --------------------------------------------------------------------------- the model


class Profile(BaseModel):
    """A validated, normalised profile (immutable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    #: Upper-case ISO 3166-1 alpha-2 code, or "EU" / "NON-EU".
    citizenship: str
    status: Literal["worker", "student"]
    language: str = i18n.DEFAULT  # one of i18n.LANGUAGES (checked below)
    arrival_date: dt.date | None = None
    id: str | None = None
    #: Holds a French government or CROUS scholarship (bourse).
    scholarship: bool | None = None
    #: Posted to France by an employer abroad (form A1 or a bilateral certificate).
    posted: bool | None = None
    #: Holds a "passeport talent" visa or residence permit.
    talent: bool | None = None
    #: A spouse or partner comes along.
    partner: bool | None = None
    #: How many children come along, or their ages (0 to 25).
    children: int | tuple[int, ...] | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: object) -> str:
        text = values.text(value, required=True)
        assert text is not None
        text = unicodedata.normalize("NFC", text)
        if len(text) > MAX_NAME_CHARS:
            raise ValueError(f"is too long: {len(text)} characters, at most {MAX_NAME_CHARS}")
        if has_control(text):
            raise ValueError("must not contain control characters or line breaks")
        hidden = hidden_characters(text)
        if hidden:
            raise ValueError(
                f"must not contain invisible or direction-changing characters "
                f"({', '.join(dict.fromkeys(hidden))}): they can make one name look like another"
            )
        return text

    @field_validator("citizenship", mode="before")
    @classmethod
    def _check_citizenship(cls, value: object) -> str:
        text = values.text(value, required=True)
        assert text is not None
        return countries.resolve_citizenship(text)

    @field_validator("status", mode="before")
    @classmethod
    def _check_status(cls, value: object) -> str:
        text = values.text(value, required=True)
        assert text is not None
        word = text.casefold()
        if word in STATUSES:
            return word
        hint = value_hint("status", word)
        suggestion = f" (did you mean '{hint}'?)" if hint else _hint(word, STATUSES)
        raise ValueError(f"must be 'worker' or 'student'{suggestion}")

    @field_validator("language", mode="before")
    @classmethod
    def _check_language(cls, value: object) -> str:
        text = values.text(value, required=False)
        if text is None:
            return i18n.DEFAULT
        word = text.casefold()
        if word in i18n.LANGUAGES:
            return word
        hint = i18n.language_named(word) or value_hint("language", word)
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        raise ValueError(f"must be {i18n.one_of()}{suggestion}")

    @field_validator("arrival_date", mode="before")
    @classmethod
    def _check_arrival_date(cls, value: object, info: ValidationInfo) -> dt.date | None:
        day_first = bool(info.context and info.context.get("day_first"))
        return values.arrival_date(value, day_first=day_first)

    @field_validator("id", mode="before")
    @classmethod
    def _check_id(cls, value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = values.text(value, required=False)
        if text is None:
            return None
        if len(text) > MAX_NAME_CHARS:
            raise ValueError(f"is too long: {len(text)} characters, at most {MAX_NAME_CHARS}")
        if has_control(text):
            raise ValueError("must not contain control characters or line breaks")
        return text

    @field_validator(*YES_NO_KEYS, mode="before")
    @classmethod
    def _check_yes_no(cls, value: object) -> bool | None:
        return values.yes_no(value)

    @field_validator("children", mode="before")
    @classmethod
    def _check_children(cls, value: object) -> int | tuple[int, ...] | None:
        return values.children(value)

    # ----------------------------------------------------------------------- derived

    @property
    def is_eu(self) -> bool:
        """EU, EEA (Iceland, Liechtenstein, Norway) or Swiss citizen."""
        return countries.is_eu(self.citizenship)

    @property
    def child_count(self) -> int:
        """How many children come along (0 when not given)."""
        if isinstance(self.children, tuple):
            return len(self.children)
        return self.children or 0

    def tags(self) -> frozenset[str]:
        """The tags guide conditions test: ``eu`` or ``non-eu``, ``worker`` or ``student``,
        ``citizenship:xx`` for a country code (lower-case), each yes/no key that is yes
        (``scholarship``, ``posted``, ``talent``, ``partner``), ``children`` for one child or
        more and, when their ages are given, ``child-under-3``, ``child-3-16`` (3 to 16
        inclusive), ``child-over-16``."""
        tags = {"eu" if self.is_eu else "non-eu", self.status}
        if countries.is_country_code(self.citizenship):
            tags.add(f"citizenship:{self.citizenship.lower()}")
        tags.update(key for key in YES_NO_KEYS if getattr(self, key))
        if self.child_count:
            tags.add("children")
        if isinstance(self.children, tuple):
            for age in self.children:
                tags.add(
                    "child-under-3" if age < 3 else "child-3-16" if age <= 16 else "child-over-16"
                )
        return frozenset(tags)

    def output_stem(self) -> str:
        """A safe file stem for the output: the id if given, else the name, slugified."""
        name_stem = slugify(self.name)
        if self.id is not None:  # an id with nothing usable: the name's stem + the id's hash
            return slugify(self.id, fallback=name_stem)
        return name_stem

    def citizenship_label(self, lang: str) -> str:
        """``"Brazil (non-EU)"`` / ``"Brésil (hors UE)"``, ``"EU/EEA/Swiss citizen"``..."""
        return i18n.citizenship_label(self.citizenship, lang)


# --------------------------------------------------------------------------- validation


def profile_from_mapping(
    data: Mapping[str, object],
    *,
    source: str,
    row: int | None = None,
    lines: Mapping[str, int] | None = None,
    day_first: bool = False,
) -> Profile:
    """Validate a mapping (from a file or a CSV row) into a :class:`Profile`.

    ``source`` names the file, ``row`` the CSV row, ``lines`` maps keys to their line numbers;
    ``day_first`` also takes dates written ``14/12/2026`` (spreadsheet cells).
    Raises :class:`ProfileError` listing every problem (the first in file order in ``str()``).
    """
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise ProfileError(
            f"a profile must be a mapping of keys to values, not {kind_of(data)}",
            file=source,
            row=row,
        )
    order = {key: i for i, key in enumerate(data)}
    found: list[tuple[tuple[int, int], UserError]] = []

    def place(key: object) -> tuple[int, int]:
        if isinstance(key, str) and key in lines:
            return (lines[key], order.get(key, 0))
        if key in order:
            return (1 << 30, order[key])
        return (1 << 31, KNOWN_KEYS.index(key) if key in KNOWN_KEYS else 0)

    def add(message: str, key: object, value: object = None) -> None:
        line = lines.get(key) if isinstance(key, str) else None
        err = UserError(message, file=source, line=line, row=row, key=_key_text(key), value=value)
        found.append((place(key), err))

    known: dict[str, object] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            add(f"keys must be text; known keys: {', '.join(KNOWN_KEYS)}", key, value)
        elif key in KNOWN_KEYS:
            known[key] = value
        else:
            suggestion = _hint(key.strip(), KNOWN_KEYS)
            add(f"unknown key{suggestion}; known keys: {', '.join(KNOWN_KEYS)}", key, value)

    profile: Profile | None = None
    try:
        profile = Profile.model_validate(known, context={"day_first": day_first})
    except ValidationError as exc:
        for err in validation_errors(
            exc, source=source, data=known, lines=lines, row=row, allowed=_allowed
        ):
            found.append((place(err.key), err))

    if found:
        found.sort(key=lambda pair: pair[0])
        raise ProfileError.from_errors([err for _, err in found])
    assert profile is not None
    return profile


def _key_text(key: object) -> str:
    return key if isinstance(key, str) else repr(key)


def _allowed(key: str) -> str:
    return {
        "name": "the person's name",
        "citizenship": "a country code such as 'BR', a country name, 'eu' or 'non-eu'",
        "status": "'worker' or 'student'",
    }.get(key, "see the README")


# --------------------------------------------------------------------------- files

_PARSERS = {
    ".yaml": profile_formats.parse_yaml,
    ".yml": profile_formats.parse_yaml,
    ".toml": profile_formats.parse_toml,
    ".json": profile_formats.parse_json,
}


def read_profile(path: Path) -> Profile:
    """Read and validate a profile file (.yaml, .yml, .toml or .json, UTF-8)."""
    path = Path(path)
    source = str(path)
    parse = _PARSERS.get(path.suffix.lower())
    if parse is None:
        raise ProfileError(
            f"unsupported profile file type {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(PROFILE_SUFFIXES)}",
            file=source,
        )
    text = read_text(path, PROFILE_FILE)
    if not text.strip():
        raise ProfileError("the profile file is empty", file=source)
    data, lines = parse(text, source, PROFILE_FILE)
    return profile_from_mapping(data, source=source, lines=lines)
