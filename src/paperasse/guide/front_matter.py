"""The guide's YAML front matter: split from the body, read safely, its fields checked."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import yaml

from .. import markdown as mdr
from ..conditions import ConditionError, parse
from ..errors import UserError
from ..inputs.files import yaml_loader
from .model import Link, Number, Remark

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_START = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
#: A year in a text: "23 de junho de 2024", "28/11/2026", "June 2024" are dates written another
#: way (the guide is read undated, with a warning); "next tuesday" is no date at all (an error).
_A_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d{2}(?!\d)")


class _FastLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's safe loader (C), used only once the events are known to be harmless; a bad
    timestamp is kept as text, as :func:`paperasse.inputs.files.yaml_loader` does."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _FastLoader.construct_yaml_timestamp)
_SLOW = object()
_FAST_MAX_DEPTH = 50


def _fast_load(source: str) -> object:
    """The front matter read with libyaml when it has no anchor, no alias and little nesting
    (every real guide); else :data:`_SLOW`, and the pure-Python loader reads it (the same
    values, and the error messages with their lines). Four times faster: YAML was most of
    ``paperasse check``'s time."""
    if _FastLoader is yaml.SafeLoader:  # PyYAML without libyaml
        return _SLOW
    depth = 0
    try:
        for event in yaml.parse(source, Loader=_FastLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _SLOW
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > _FAST_MAX_DEPTH:
                    return _SLOW
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        loader = _FastLoader(source)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return _SLOW


def _load(path: Path, source: str) -> object:
    fast = _fast_load(source)
    if fast is not _SLOW:
        return fast
    loader = None
    try:
        loader = yaml_loader(source)
        return loader.get_single_data()
    except RecursionError:
        raise UserError("bad YAML front matter: nested too deeply", file=path, line=2) from None
    except (ValueError, TypeError) as err:
        raise UserError(f"bad YAML front matter: {err}", file=path, line=2) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"bad YAML front matter: {problem}", file=path, line=line) from None
    finally:
        if loader is not None:
            loader.dispose()


def split_front_matter(path: Path, text: str) -> tuple[dict, str, int, str]:
    """Return (meta, body, number of lines before the body, yaml text). The last few results
    are kept: ``paperasse check`` asks for the same file's several times (the YAML parser is
    pure Python, and was most of check's time). The ``meta`` returned is shared: read it only.
    """
    return _split(str(path), text)


@functools.lru_cache(maxsize=8)
def _split(name: str, text: str) -> tuple[dict, str, int, str]:
    path = Path(name)
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, 0, ""
    for end in range(1, len(lines)):
        if lines[end].rstrip() in {"---", "..."}:
            break
    else:
        raise UserError(
            "the front matter that starts here is never closed by '---'", file=path, line=1
        )
    source = "\n".join(lines[1:end])
    meta = _load(path, source)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise UserError("the front matter must be a mapping of keys to values", file=path, line=2)
    return meta, "\n".join(lines[end + 1 :]), end + 1, source


def key_line(source: str, key: str) -> int | None:
    """The file line of ``key:`` in the front matter's YAML text ``source``, if it is there."""
    m = re.search(rf"^{re.escape(key)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, m.start()) + 2 if m else None


def date_field(path: Path, source: str, meta: dict, key: str) -> dt.date | None:
    """The date under ``key`` (a YAML date or an ISO text), None if absent; else an error."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    reason = ""
    if isinstance(value, str):
        text = value.strip()
        try:
            return (
                dt.date.fromisoformat(text[:10])
                if len(text) == 10
                else (dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date())
            )
        except ValueError as err:  # e.g. 2026-13-45 (YAML keeps a bad timestamp as text)
            reason = f" ({err})" if _ISO_DAY.match(text) else ""
    raise UserError(
        f"not a date{reason}; write it as YYYY-MM-DD",
        file=path,
        line=key_line(source, key),
        key=key,
        value=value,
    )


def dated_field(
    path: Path, source: str, meta: dict, key: str
) -> tuple[dt.date | None, Remark | None]:
    """Like :func:`date_field`, but a date written another way (it holds a year: ``23 de junho
    de 2024``, ``28/11/2026``) is read as no date, with a remark saying so, instead of an
    error: that date only labels the header. A value with no year in it is still an error."""
    try:
        return date_field(path, source, meta, key), None
    except UserError:
        value = meta.get(key)
        if not (isinstance(value, str) and _A_YEAR.search(value)) or _ISO_START.match(value):
            raise  # no date at all, or a wrong ISO date (2026-13-45): an error, as before
        remark = Remark(
            "date",
            key_line(source, key) or 1,
            f"{key} = {value!r}: not a date; read as undated (write it as YYYY-MM-DD)",
            in_build=True,
        )
        return None, remark


def sources_field(path: Path, source: str, meta: dict) -> tuple[Link, ...]:
    """The ``sources`` list: plain http(s) URLs or mappings with ``title`` and ``url``."""
    value = meta.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    out: list[Link] = []
    for entry in value:
        if isinstance(entry, str):
            url, title = entry.strip(), entry.strip()
        elif isinstance(entry, dict) and isinstance(entry.get("url"), str):
            url = entry["url"].strip()
            title = str(entry.get("title") or url).strip()
        else:
            url, title = "", ""
        if not mdr.is_web_url(url):
            raise UserError(
                "each source must be an http(s) URL or a mapping with 'title' and 'url'",
                file=path,
                line=key_line(source, "sources"),
                key="sources",
                value=entry,
            )
        out.append(Link(url, title))
    return tuple(out)


def numbers_field(path: Path, source: str, meta: dict) -> tuple[Number, ...]:
    """The ``numbers`` list (the "my numbers" box): each a label, or a mapping with ``label``
    and a ``when`` condition (``{label: Foreigner number, when: non-eu}``)."""
    value = meta.get("numbers")
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    out: list[Number] = []
    for entry in value:
        when: object = None
        if isinstance(entry, dict):
            label, when = entry.get("label"), entry.get("when")
        else:
            label = entry
        if (
            not isinstance(label, str)
            or not label.strip()
            or (when is not None and not isinstance(when, str))
        ):
            raise UserError(
                "each number must be a label, or a mapping with 'label' and 'when'",
                file=path,
                line=key_line(source, "numbers"),
                key="numbers",
                value=entry,
            )
        try:
            condition = parse(when) if when else None
        except ConditionError as err:
            raise UserError(
                str(err), file=path, line=key_line(source, "numbers"), key="numbers", value=when
            ) from None
        out.append(Number(" ".join(label.split()), condition))
    return tuple(out)


def text_field(meta: dict, key: str) -> str:
    """The field as stripped text, "" if absent."""
    value = meta.get(key)
    return "" if value is None else str(value).strip()
