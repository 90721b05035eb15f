"""Reading the user's input files, once for every kind: profiles, brand files, spreadsheets,
guides.

- :func:`read_bytes` / :func:`read_text`: a size cap checked (by ``stat``) before any byte is
  read and again while reading, then a UTF-8 decode (a BOM is dropped) whose error names the
  byte and the line;
- :func:`yaml_loader` / :func:`load_yaml_mapping`: YAML without anchors and aliases (no "billion
  laughs"), a mapping at the top, duplicate keys refused, the line of every top-level key;
- :func:`did_you_mean`: the closest of a few choices (``difflib``), for every "unknown X" message;
- :func:`validation_errors`: a pydantic ``ValidationError`` as one-line :class:`UserError` s
  naming the file, the line, the key and the value.

Every problem is a one-line :class:`~paperasse.errors.UserError` (or the subclass the caller
names), never a traceback.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class FileKind:
    """What a file is, for its size cap and its messages (``the {noun} is too large``)."""

    #: ``"profile file"``, ``"brand file"``, ``"guide file"``, ``"file"``...
    noun: str
    #: Larger files are refused, by their size before reading and while reading.
    limit: int
    #: The error raised (a :class:`UserError` subclass: its exit code goes with it).
    error: type[UserError] = UserError
    #: What to do about a file that is not UTF-8.
    advice: str = "save it as UTF-8"
    #: What its content is called in ``cannot read the {name}`` and ``the {name} must be a
    #: mapping`` (``"profile"``, ``"guide"``); the noun when empty.
    name: str = ""
    #: The command-line option naming the file (``--brand``), said with a file it cannot read.
    option: str | None = None
    #: The message for a file that is not UTF-8 (the line is in the location as well).
    not_utf8: str = "the {noun} is not valid UTF-8 (byte 0x{byte:02x} on line {line}); {advice}"

    @property
    def called(self) -> str:
        return self.name or self.noun


def cannot_read(path: Path | str | None, kind: FileKind, exc: OSError) -> UserError:
    """The error for a file the system will not read (missing, no permission, a folder)."""
    value = str(path) if kind.option and path is not None else None
    message = f"cannot read the {kind.called}: {exc.strerror or exc}"
    return kind.error(message, file=path, key=kind.option, value=value)


# --------------------------------------------------------------------------- bounded reads


def check_size(path: Path, kind: FileKind) -> int:
    """The file's size; refuses a missing file, or one over ``kind.limit``, without reading it."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise cannot_read(path, kind, exc) from None
    if size > kind.limit:
        raise kind.error(
            f"the {kind.noun} is too large ({size} bytes, at most {kind.limit})", file=path
        )
    return size


def read_bytes(path: Path, kind: FileKind) -> bytes:
    """At most ``kind.limit`` bytes of ``path``: refused by its size first, then by what was
    read (a file that grew, or a special file whose size says nothing)."""
    check_size(path, kind)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(kind.limit + 1)
    except OSError as exc:
        raise cannot_read(path, kind, exc) from None
    if len(raw) > kind.limit:
        raise kind.error(f"the {kind.noun} is too large (over {kind.limit} bytes)", file=path)
    return raw


def decode_utf8(raw: bytes, path: Path | str, kind: FileKind) -> str:
    """``raw`` as UTF-8 text without its BOM; the error names the first bad byte and its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = kind.not_utf8.format(
            noun=kind.noun, byte=raw[exc.start], line=line, advice=kind.advice
        )
        raise kind.error(message, file=path, line=line) from None


def read_text(path: Path, kind: FileKind) -> str:
    """:func:`read_bytes` then :func:`decode_utf8`."""
    return decode_utf8(read_bytes(path, kind), path, kind)


# --------------------------------------------------------------------------- small checks


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character, a lone surrogate or a line/paragraph
    separator (what a one-line value must not hold)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text)


#: Letters that show nothing (Hangul fillers, the braille blank, the grapheme joiner).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that cannot be seen but change what is seen: direction
    overrides and isolates (U+202E...), zero-width spaces, soft hyphens, word joiners, BOMs,
    blank letters (as ``U+XXXX``). A zero-width (non-)joiner between two letters of a
    non-Latin script is kept: Persian and Indic names are spelt with it."""
    found = []
    for i, ch in enumerate(text):
        if ch in _BLANK_LETTERS:
            found.append(f"U+{ord(ch):04X}")
            continue
        if unicodedata.category(ch) != "Cf":
            continue
        if ch in _JOINERS and 0 < i < len(text) - 1:
            before, after = text[i - 1], text[i + 1]
            if _in_word(before) and _in_word(after) and not (before.isascii() or after.isascii()):
                continue
        found.append(f"U+{ord(ch):04X}")
    return found


def _in_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"  # a letter or a combining mark (a virama)


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (case-insensitive), if one is close enough.

    ``difflib.get_close_matches`` (the standard library's similarity ratio): ``cutoff`` 0.6 is
    its default, 0.75 asks for a closer match. Very long words get no suggestion.
    """
    if len(word) > 100:
        return None
    close = difflib.get_close_matches(word.casefold(), list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def kind_of(value: object) -> str:
    """``"a list"``, ``"a number"``, ``"a date"``...: what a value is, in words."""
    import datetime as dt

    if isinstance(value, str):
        return "text"
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


# --------------------------------------------------------------------------- YAML


def yaml_loader(text: str) -> Any:
    """A PyYAML safe loader over ``text`` that refuses anchors and aliases (no "billion
    laughs") and keeps a bad timestamp as text. The caller must ``dispose()`` it."""
    import yaml

    class Loader(yaml.SafeLoader):
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


def load_yaml_mapping(
    text: str, source: str, kind: FileKind, *, keep_text: Iterable[str] = ()
) -> tuple[dict[Any, object], dict[str, int]]:
    """A YAML document that must be a mapping: ``(data, line of each top-level key)``.

    Duplicate keys are refused (naming both lines). The keys in ``keep_text`` keep their value
    as written when it is a plain scalar: ``NO`` (Norway) is not ``False``, ``007`` not ``7``.
    """
    import yaml

    keep = frozenset(keep_text)
    loader = None
    try:
        loader = yaml_loader(text)  # the reader checks the characters here already
        node = loader.get_single_node()
        if node is None:
            raise kind.error(f"the {kind.noun} is empty", file=source)
        if not isinstance(node, yaml.MappingNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise kind.error(
                f"the {kind.called} must be a mapping of keys to values (name: ...), not {what}",
                file=source,
                line=node.start_mark.line + 1,
            )
        lines, raw = _key_lines(node, source, kind, keep)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise kind.error(f"malformed YAML: {problem}", file=source, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise kind.error(
            f"malformed YAML: character U+{char:04X} is not allowed", file=source, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise kind.error(f"malformed YAML: {exc}", file=source) from None
    except (ValueError, TypeError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise kind.error(f"malformed YAML: {detail}", file=source) from None
    finally:
        if loader is not None:
            loader.dispose()
    result = dict(data)
    for key, value in raw.items():
        if key in result:
            result[key] = value
    return result, lines


def _key_lines(
    node: Any, source: str, kind: FileKind, keep: frozenset[str]
) -> tuple[dict[str, int], dict[str, str]]:
    """The line of each top-level key (a duplicate is an error), and the text as written of
    the ``keep`` keys' plain scalar values."""
    import yaml

    lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # construct_document reports it
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key in lines:
            raise kind.error(
                f"duplicate key (first given on line {lines[key]})", file=source, line=line, key=key
            )
        lines[key] = line
        if (
            key in keep
            and isinstance(value_node, yaml.ScalarNode)
            and value_node.tag != "tag:yaml.org,2002:null"
        ):
            raw[key] = value_node.value
    return lines, raw


# --------------------------------------------------------------------------- pydantic


class Problem(ValueError):
    """A validator's sentence about part of a value: ``value`` is the part its message shows
    (an item of a list), None for none; a plain ``ValueError`` shows the key's whole value."""

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.value = value


def validation_errors(
    exc: ValidationError,
    *,
    source: str,
    data: Mapping[str, object],
    lines: Mapping[str, int] | None = None,
    row: int | None = None,
    allowed: Callable[[str], str] = lambda key: "see the README",
    error: type[UserError] = UserError,
) -> list[UserError]:
    """One one-line error per problem pydantic found, in pydantic's order, each naming the
    file, the line (from ``lines``), the row, the key and its value in ``data``.

    A missing key says ``required key is missing (<allowed(key)>)``; a validator's
    ``ValueError`` gives its own sentence; anything else ``is not valid (<allowed(key)>)``.
    """
    lines = lines or {}
    found: list[UserError] = []
    for item in exc.errors(include_url=False):
        key = str((item.get("loc") or ("?",))[0])
        kind = item.get("type", "")
        value = None
        if kind == "missing":
            message = f"required key is missing ({allowed(key)})"
        elif kind == "value_error":
            cause = (item.get("ctx") or {}).get("error")
            message = str(cause) if cause is not None else "is not valid"
            value = cause.value if isinstance(cause, Problem) else data.get(key)
        else:  # not reached when "before" validators check everything
            message = f"is not valid ({allowed(key)})"
            value = data.get(key)
        found.append(
            error(message, file=source, line=lines.get(key), row=row, key=key, value=value)
        )
    return found
