"""Profile files as a mapping and the line of each key: YAML, TOML and JSON.

Each parser takes the file's text (read by :func:`paperasse.inputs.files.read_text`) and returns
``(data, lines)``; every problem is ``kind.error`` naming the file and the line. Validating the
mapping is :func:`paperasse.inputs.profile.profile_from_mapping`'s job.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping

from .files import FileKind, kind_of, load_yaml_mapping
from .profile_values import YES_NO_KEYS

Parsed = tuple[Mapping[str, object], dict[str, int]]

#: These keep the text as written in YAML: "NO" (Norway) is not False, "007" not 7, and a
#: yes/no key reads yes/no, true/false or oui/non alike ("on" is not a yes).
_YAML_TEXT_KEYS = ("citizenship", "status", "language", "id", *YES_NO_KEYS)


def parse_yaml(text: str, source: str, kind: FileKind) -> Parsed:
    data, lines = load_yaml_mapping(text, source, kind, keep_text=_YAML_TEXT_KEYS)
    return data, lines


def _check_mapping(data: object, source: str, kind: FileKind) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        what = kind_of(data)
        raise kind.error(
            f"the {kind.called} must be a mapping of keys to values (name: ...), not {what}",
            file=source,
            line=1,
        )
    return data


# TOML ----------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_KEY = re.compile(r"""\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


#: A key of more parts than this (``a.b.c…``) is refused before parsing: the standard
#: library's TOML parser needs memory in the square of a dotted key's length (200 KB of
#: ``a.a.a…`` took 9.3 GB), and a profile's keys have one part.
MAX_TOML_KEY_PARTS = 16


def parse_toml(text: str, source: str, kind: FileKind) -> Parsed:
    check_toml_keys(text, source, kind)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        problem = _TOML_POSITION.sub("", getattr(exc, "msg", None) or message)
        problem = problem.replace("(at end of document)", "at the end of the file").strip()
        raise kind.error(f"malformed TOML: {problem}", file=source, line=line) from None
    except (ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise kind.error(f"malformed TOML: {detail}", file=source) from None
    return data, _toml_key_lines(text)


def check_toml_keys(text: str, source: str, kind: FileKind) -> None:
    """Refuse a line with more than :data:`MAX_TOML_KEY_PARTS` dots outside strings and
    comments (a key cannot span lines, so this bounds every dotted key), in one linear pass."""
    quote = ""  # the open string's delimiter: ", ', \"\"\" or \'\'\'
    for number, line in enumerate(text.split("\n"), start=1):
        dots, i, end = 0, 0, len(line)
        if quote in ('"', "'"):
            quote = ""  # a one-line string ends with its line (tomllib reports it)
        while i < end:
            ch = line[i]
            if quote:
                if ch == "\\" and quote[0] == '"':
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            if ch == "#":
                break
            if ch in "\"'":
                quote = ch * 3 if line.startswith(ch * 3, i) else ch
                i += len(quote)
                continue
            if ch == ".":
                dots += 1
                if dots >= MAX_TOML_KEY_PARTS:
                    raise kind.error(
                        f"malformed TOML: a key of more than {MAX_TOML_KEY_PARTS} parts "
                        "(a.b.c...); a profile's keys have one",
                        file=source,
                        line=number,
                    )
            i += 1


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


def parse_json(text: str, source: str, kind: FileKind) -> Parsed:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise kind.error(f"malformed JSON: {exc.msg}", file=source, line=exc.lineno) from None
    except _DuplicateKey as exc:
        raise kind.error("duplicate key", file=source, key=exc.key) from None
    except (ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise kind.error(f"malformed JSON: {detail}", file=source) from None
    data = _check_mapping(data, source, kind)
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
