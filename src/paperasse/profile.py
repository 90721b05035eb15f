"""A person's profile: who the checklist is for.

Keys (the same in YAML, TOML, JSON and CSV): ``name`` and ``citizenship`` and ``status``
(required), ``language``, ``arrival_date`` and ``id`` (optional). See :class:`Profile`.

Every problem is a :class:`ProfileError` (a :class:`~paperasse.errors.UserError`) naming the
file, the line when known, the key, the value and what is allowed. An unknown key is an error
(with a did-you-mean), never silently dropped: a typo in a key must not drop a condition.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import countries, i18n
from .errors import UserError

PROFILE_SUFFIXES = (".yaml", ".yml", ".toml", ".json")

#: Larger profile files are refused before being read.
MAX_PROFILE_BYTES = 1_000_000

MAX_NAME_CHARS = 200
MAX_STEM_CHARS = 80

REQUIRED_KEYS = ("name", "citizenship", "status")
OPTIONAL_KEYS = ("language", "arrival_date", "id")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

STATUSES = ("worker", "student")

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

_STATUS_HINTS = {
    "etudiant": "student",
    "etudiante": "student",
    "students": "student",
    "travailleur": "worker",
    "travailleuse": "worker",
    "salarie": "worker",
    "salariee": "worker",
    "employee": "worker",
    "workers": "worker",
}
_LANGUAGE_HINTS = {
    "english": "en",
    "anglais": "en",
    "eng": "en",
    "french": "fr",
    "francais": "fr",
    "fra": "fr",
    "fre": "fr",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ProfileError(UserError):
    """One or more problems in a profile. ``str()`` shows the first (in file order) and says
    how many more there are; ``errors`` holds them all, one :class:`UserError` each."""

    errors: list[UserError]

    @classmethod
    def from_errors(cls, errors: list[UserError]) -> ProfileError:
        if not errors:
            raise ValueError("no errors")
        first = errors[0]
        message = first.message
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
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


def _error(message: str, *, file: str | None, line: int | None = None, **kw: Any) -> ProfileError:
    single = UserError(message, file=file, line=line, **kw)
    return ProfileError.from_errors([single])


# --------------------------------------------------------------------------- helpers


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str], cutoff: float = 0.6) -> str:
    if len(word) > 100:
        return ""
    close = difflib.get_close_matches(word.casefold(), list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _fold_ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, fallback: str = "profile") -> str:
    """A safe file stem: ASCII, lower-case, ``[a-z0-9-]``, at most 80 characters, never empty,
    never a Windows reserved device name. ``"Zoë Ünal-Smith"`` → ``"zoe-unal-smith"``.

    When nothing is left (``"王芳"``) the stem is ``fallback`` plus a short hash of ``text``
    (``"profile-3f1c9a02"``), and a stem cut to 80 characters ends with that hash too: two
    different names never share a stem that way, run after run."""
    slug = re.sub(r"[^a-z0-9]+", "-", _fold_ascii(text).lower()).strip("-")
    if not slug:
        slug = f"{fallback[: MAX_STEM_CHARS - 9].rstrip('-') or 'profile'}-{_digest(text)}"
    elif len(slug) > MAX_STEM_CHARS:
        slug = f"{slug[: MAX_STEM_CHARS - 9].rstrip('-')}-{_digest(text)}"
    if slug in _WINDOWS_RESERVED:
        slug += "-profile"
    return slug


def _digest(text: str) -> str:
    """Eight hex digits that tell ``text`` apart (its NFC form; case matters)."""
    import hashlib

    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:8]


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text)


def _text(value: object, *, required: bool) -> str | None:
    """Common checks for a text value; ``None`` for an optional value not given."""
    if value is None:
        if required:
            raise ValueError("must not be empty")
        return None
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"must be text, not {_kind(value)}")
    stripped = value.strip()
    if not stripped:
        if required:
            raise ValueError("must not be empty")
        return None
    return stripped


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    return f"a {type(value).__name__}"


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

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: object) -> str:
        text = _text(value, required=True)
        assert text is not None
        text = unicodedata.normalize("NFC", text)
        if len(text) > MAX_NAME_CHARS:
            raise ValueError(f"is too long: {len(text)} characters, at most {MAX_NAME_CHARS}")
        if _has_control(text):
            raise ValueError("must not contain control characters or line breaks")
        return text

    @field_validator("citizenship", mode="before")
    @classmethod
    def _check_citizenship(cls, value: object) -> str:
        text = _text(value, required=True)
        assert text is not None
        return countries.resolve_citizenship(text)

    @field_validator("status", mode="before")
    @classmethod
    def _check_status(cls, value: object) -> str:
        text = _text(value, required=True)
        assert text is not None
        word = text.casefold()
        if word in STATUSES:
            return word
        hint = _STATUS_HINTS.get(_fold_ascii(word))
        suggestion = f" (did you mean '{hint}'?)" if hint else _did_you_mean(word, STATUSES)
        raise ValueError(f"must be 'worker' or 'student'{suggestion}")

    @field_validator("language", mode="before")
    @classmethod
    def _check_language(cls, value: object) -> str:
        text = _text(value, required=False)
        if text is None:
            return i18n.DEFAULT
        word = text.casefold()
        if word in i18n.LANGUAGES:
            return word
        hint = _LANGUAGE_HINTS.get(_fold_ascii(word))
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        raise ValueError(f"must be {i18n.one_of()}{suggestion}")

    @field_validator("arrival_date", mode="before")
    @classmethod
    def _check_arrival_date(cls, value: object) -> dt.date | None:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date such as 2026-11-02, without a time")
        if isinstance(value, dt.date):
            return value
        text = _text(value, required=False)
        if text is None:
            return None
        if not _ISO_DATE.fullmatch(text):
            raise ValueError("must be a date written YYYY-MM-DD, such as 2026-11-02")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("is not a valid date (YYYY-MM-DD, such as 2026-11-02)") from None

    @field_validator("id", mode="before")
    @classmethod
    def _check_id(cls, value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = _text(value, required=False)
        if text is None:
            return None
        if len(text) > MAX_NAME_CHARS:
            raise ValueError(f"is too long: {len(text)} characters, at most {MAX_NAME_CHARS}")
        if _has_control(text):
            raise ValueError("must not contain control characters or line breaks")
        return text

    # ----------------------------------------------------------------------- derived

    @property
    def is_eu(self) -> bool:
        """EU, EEA (Iceland, Liechtenstein, Norway) or Swiss citizen."""
        return countries.is_eu(self.citizenship)

    def tags(self) -> frozenset[str]:
        """The tags guide conditions test: ``{"eu" | "non-eu", "worker" | "student"}``."""
        return frozenset({"eu" if self.is_eu else "non-eu", self.status})

    def output_stem(self) -> str:
        """A safe file stem for the output: the id if given, else the name, slugified."""
        name_stem = slugify(self.name)
        if self.id is not None:  # an id with nothing usable: the name's stem + the id's hash
            return slugify(self.id, fallback=name_stem)
        return name_stem

    def citizenship_label(self, lang: str) -> str:
        """``"Brazil (non-EU)"`` / ``"Brésil (hors UE)"``, ``"EU/EEA/Swiss citizen"``..."""
        return i18n.citizenship_label(self.citizenship, lang)


def country_name(code: str, lang: str) -> str:
    """Re-exported from :mod:`paperasse.countries`."""
    return countries.country_name(code, lang)


# --------------------------------------------------------------------------- validation


def profile_from_mapping(
    data: Mapping[str, object],
    *,
    source: str,
    row: int | None = None,
    lines: Mapping[str, int] | None = None,
) -> Profile:
    """Validate a mapping (from a file or a CSV row) into a :class:`Profile`.

    ``source`` names the file, ``row`` the CSV row, ``lines`` maps keys to their line numbers.
    Raises :class:`ProfileError` listing every problem (the first in file order in ``str()``).
    """
    lines = lines or {}
    if not isinstance(data, Mapping):
        raise _error(
            f"a profile must be a mapping of keys to values, not {_kind(data)}",
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
            suggestion = _did_you_mean(key.strip(), KNOWN_KEYS)
            add(f"unknown key{suggestion}; known keys: {', '.join(KNOWN_KEYS)}", key, value)

    profile: Profile | None = None
    try:
        profile = Profile.model_validate(known)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            loc = item.get("loc") or ("?",)
            key = str(loc[0])
            kind = item.get("type", "")
            if kind == "missing":
                add(f"required key is missing ({_allowed(key)})", key)
            elif kind == "value_error":
                cause = (item.get("ctx") or {}).get("error")
                add(str(cause) if cause is not None else "is not valid", key, known.get(key))
            else:  # not reached: our "before" validators check everything
                add(f"is not valid ({_allowed(key)})", key, known.get(key))

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


def read_profile(path: Path) -> Profile:
    """Read and validate a profile file (.yaml, .yml, .toml or .json, UTF-8)."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in PROFILE_SUFFIXES:
        raise _error(
            f"unsupported profile file type {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(PROFILE_SUFFIXES)}",
            file=source,
        )
    text = _read_text(path, source)
    if not text.strip():
        raise _error("the profile file is empty", file=source)
    if suffix in (".yaml", ".yml"):
        data, lines = _parse_yaml(text, source)
    elif suffix == ".toml":
        data, lines = _parse_toml(text, source)
    else:
        data, lines = _parse_json(text, source)
    return profile_from_mapping(data, source=source, lines=lines)


def _read_text(path: Path, source: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise _error(
                f"the profile file is too large ({size} bytes, at most {MAX_PROFILE_BYTES})",
                file=source,
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise _error(f"cannot read the profile: {exc.strerror or exc}", file=source) from None
    if len(raw) > MAX_PROFILE_BYTES:  # grew, or a special file
        raise _error(f"the profile file is too large (over {MAX_PROFILE_BYTES} bytes)", file=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _error(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            file=source,
            line=line,
        ) from None


def _check_mapping(data: object, source: str) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise _error(
            f"the profile must be a mapping of keys to values (name: ...), not {_kind(data)}",
            file=source,
            line=1,
        )
    return data


# YAML ----------------------------------------------------------------------


def _yaml_loader(text: str) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        """Refuses anchors and aliases (no "billion laughs"); a bad timestamp stays text."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise yaml.composer.ComposerError(
                    None, None, "anchors and aliases (& and *) are not allowed", event.start_mark
                )
            return super().compose_node(parent, index)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader(text)


def _parse_yaml(text: str, source: str) -> tuple[Mapping[str, object], dict[str, int]]:
    import yaml

    loader = None
    try:
        loader = _yaml_loader(text)  # the reader checks the characters here already
        node = loader.get_single_node()
        if node is None:
            raise _error("the profile file is empty", file=source)
        if not isinstance(node, yaml.MappingNode):
            raise _error(
                "the profile must be a mapping of keys to values (name: ...), "
                f"not {_yaml_kind(node)}",
                file=source,
                line=node.start_mark.line + 1,
            )
        lines: dict[str, int] = {}
        raw: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # construct_document reports it
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in lines:
                raise _error(
                    f"duplicate key (first given on line {lines[key]})",
                    file=source,
                    line=line,
                    key=key,
                )
            lines[key] = line
            # These keep the text as written: "NO" (Norway) is not False, "007" not 7.
            if (
                key in ("citizenship", "status", "language", "id")
                and isinstance(value_node, yaml.ScalarNode)
                and value_node.tag != "tag:yaml.org,2002:null"
            ):
                raw[key] = value_node.value
        data = _check_mapping(loader.construct_document(node), source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise _error(f"malformed YAML: {problem}", file=source, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise _error(
            f"malformed YAML: character U+{char:04X} is not allowed", file=source, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise _error(f"malformed YAML: {exc}", file=source) from None
    except (ValueError, TypeError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise _error(f"malformed YAML: {detail}", file=source) from None
    finally:
        if loader is not None:
            loader.dispose()
    result = dict(data)
    for key, value in raw.items():
        if key in result:
            result[key] = value
    return result, {k: v for k, v in lines.items() if isinstance(k, str)}


def _yaml_kind(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a single value"


# TOML ----------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_KEY = re.compile(r"""\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def _parse_toml(text: str, source: str) -> tuple[Mapping[str, object], dict[str, int]]:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        raise _error("reading TOML profiles needs Python 3.11 or later", file=source) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        problem = _TOML_POSITION.sub("", getattr(exc, "msg", None) or message)
        problem = problem.replace("(at end of document)", "at the end of the file").strip()
        raise _error(f"malformed TOML: {problem}", file=source, line=line) from None
    except (ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise _error(f"malformed TOML: {detail}", file=source) from None
    return data, _toml_key_lines(text)


def _toml_key_lines(text: str) -> dict[str, int]:
    """Line numbers of the top-level keys (those before the first ``[table]``)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            break
        found = _TOML_KEY.match(line)
        if found:
            key = next(group for group in found.groups() if group is not None)
            lines.setdefault(key, number)
    return lines


# JSON ----------------------------------------------------------------------

_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _parse_json(text: str, source: str) -> tuple[Mapping[str, object], dict[str, int]]:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise _error(f"malformed JSON: {exc.msg}", file=source, line=exc.lineno) from None
    except _DuplicateKey as exc:
        raise _error("duplicate key", file=source, key=exc.key) from None
    except (ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise _error(f"malformed JSON: {detail}", file=source) from None
    data = _check_mapping(data, source)
    return data, _json_key_lines(text, data)


def _json_key_lines(text: str, data: Mapping[str, object]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for found in _JSON_KEY.finditer(text):
        try:
            key = json.loads(f'"{found.group(1)}"')
        except ValueError:
            continue
        if key in data and key not in lines:
            lines[key] = text.count("\n", 0, found.start()) + 1
    return lines
