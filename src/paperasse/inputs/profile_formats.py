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
            f"the {kind.noun} must be a mapping of keys to values (name: ...), not {what}",
            file=source,
            line=1,
        )
    return data


# TOML ----------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_KEY = re.compile(r"""\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def parse_toml(text: str, source: str, kind: FileKind) -> Parsed:
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
