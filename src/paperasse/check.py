"""``paperasse check``: lint guides for their authors.

For each guide: the front matter fields, the parts the reader recognised, every ``when:``
condition (all of them, not just the first bad one), every link, the ``key:`` of each step and
document. Across the translations of one ``translationKey``: the same step and document keys in
every language, with the same conditions and the same deadlines.

Findings are ``file:line: severity: message`` lines; ``error`` makes the command exit 1,
``warning`` and ``note`` do not.
"""

from __future__ import annotations

import itertools
import os
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import guide as g
from .conditions import KNOWN_TAGS, Condition, ConditionError
from .conditions import parse as parse_condition
from .errors import UsageError, UserError

ERROR, WARNING, NOTE = "error", "warning", "note"
_RANK = {ERROR: 0, WARNING: 1, NOTE: 2}

#: Front matter fields of the guide template; ``last_checked`` is recommended.
REQUIRED_FIELDS = ("translationKey", "title", "date", "description", "author")
RECOMMENDED_FIELDS = ("last_checked",)
DATE_FIELDS = ("date", "last_checked")

_MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\n]*?)\s*\)")
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*:|www\.)[^>\n]*)>")
_TITLE = re.compile(r"""^(\S+)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))$""")
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$"
                   r"|^localhost$|^\[[0-9A-Fa-f:.]+\]$|^\d{1,3}(?:\.\d{1,3}){3}$")


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rank: int
    message: str

    @property
    def severity(self) -> str:
        return {v: k for k, v in _RANK.items()}[self.rank]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    guides: int = 0
    groups: int = 0  # translationKeys with two or more versions compared

    def add(self, file: Path | str, line: int | None, severity: str, message: str) -> None:
        finding = Finding(_show(file), line or 1, _RANK[severity], " ".join(message.split()))
        if finding not in self.findings:
            self.findings.append(finding)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.rank == _RANK[severity])

    @property
    def ok(self) -> bool:
        return self.count(ERROR) == 0

    def sorted(self) -> list[Finding]:
        return sorted(self.findings)

    def summary(self) -> str:
        guides = f"{self.guides} guide{'s' if self.guides != 1 else ''}"
        groups = f", {self.groups} set{'s' if self.groups != 1 else ''} of translations"
        errors, warnings = self.count(ERROR), self.count(WARNING)
        return (f"checked {guides}{groups if self.groups else ''}: "
                f"{errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}")


def _show(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return rel if not rel.startswith("..") else str(path)


# ---- choosing the files ---------------------------------------------------------------------


def _guide_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*.md")
        if p.is_file() and p.name.lower() != "readme.md"
        and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
    )


def collect(inputs: Sequence[str], guides_dirs: Sequence[Path] = ()) -> list[Path]:
    """The guide files to check: files as given, ``*.md`` under folders, every version of a
    ``translationKey`` among the bundled guides and ``--guides`` folders; with no input, every
    guide of the catalogue. Raises :class:`UsageError` for a missing file or an unknown key."""
    from .catalog import Catalog

    catalog: Catalog | None = None

    def entries() -> Catalog:
        nonlocal catalog
        if catalog is None:
            catalog = Catalog(tuple(guides_dirs))
        return catalog

    found: list[Path] = []
    if not inputs:
        every = entries().entries
        for key in sorted(every):
            found.extend(every[key][lang].path for lang in sorted(every[key]))
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = _guide_files(path)
            if not files:
                raise UsageError("folder holds no guides (.md files)", file=path)
            found.extend(files)
        elif path.is_file():
            found.append(path)
        elif item.endswith(".md") or "/" in item or os.sep in item:
            raise UsageError("no such file or folder", file=path)
        else:
            versions = entries().entries.get(item)
            if not versions:
                import difflib

                hint = difflib.get_close_matches(item, entries().keys(), n=1)
                more = f"; did you mean {hint[0]!r}?" if hint else ""
                raise UsageError(f"no guide with this translationKey{more}", key="guide",
                                 value=item)
            found.extend(versions[lang].path for lang in sorted(versions))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


# ---- one guide ------------------------------------------------------------------------------


def _message(err: UserError) -> str:
    text = str(err)
    where = err.location()
    return text[len(where) + 2:] if where and text.startswith(where + ": ") else text


def _front_matter(path: Path, text: str, report: Report) -> None:
    try:
        meta, _, _, source = g._split_front_matter(path, text)
    except UserError:
        return  # the reader reports it
    if not source and not meta:
        report.add(path, 1, ERROR, "no front matter (a '---' block with "
                   + ", ".join(REQUIRED_FIELDS) + ")")
        return
    for key in REQUIRED_FIELDS + RECOMMENDED_FIELDS:
        line = g._key_line(source, key) or 1
        value = meta.get(key)
        missing = value is None or (isinstance(value, str) and not value.strip())
        if missing:
            if key in REQUIRED_FIELDS:
                report.add(path, line, ERROR, f"front matter: missing '{key}'")
            else:
                report.add(path, line, WARNING,
                           f"front matter: no '{key}' (the date the facts were last checked)")
            continue
        if key in DATE_FIELDS:
            try:
                g._date(path, source, meta, key)
            except UserError as err:
                report.add(path, line, ERROR, f"front matter: {_message(err)}")
        elif not isinstance(value, str):
            report.add(path, line, ERROR,
                       f"front matter: {key} = {value!r}: must be text")
        elif key == "translationKey" and not re.fullmatch(r"[A-Za-z0-9][\w.-]*", value.strip()):
            report.add(path, line, ERROR, f"front matter: translationKey = {value!r}: use "
                       "letters, digits, '-', '_' or '.' (no spaces)")
    sources = meta.get("sources")
    if sources is not None:
        line = g._key_line(source, "sources") or 1
        for entry in sources if isinstance(sources, list) else [sources]:
            url = entry if isinstance(entry, str) else (
                entry.get("url") if isinstance(entry, dict) else None)
            problem = _url_problem(url.strip()) if isinstance(url, str) else "no url"
            if problem:
                report.add(path, line, ERROR, f"front matter: sources: {url!r}: {problem}")


def _fenced_lines(lines: list[str]) -> set[int]:
    inside: set[int] = set()
    fence: str | None = None
    for i, text in enumerate(lines):
        m = g._FENCE.match(text)
        if fence is None and m:
            fence = m.group(1)[0] * 3
            inside.add(i)
        elif fence is not None:
            inside.add(i)
            if text.strip().startswith(fence):
                fence = None
    return inside


def _directives(path: Path, text: str, report: Report) -> None:
    """Every ``when:`` (and ``deadline:``/``key:``) in every comment, all errors at once."""
    lines = text.split("\n")
    fenced = _fenced_lines(lines)
    starts = [0, *itertools.accumulate(len(t) + 1 for t in lines)]
    for m in g._COMMENT.finditer(text):
        first = next(i for i in range(len(lines)) if starts[i + 1] > m.start())
        if first in fenced:
            continue
        inner_start = m.start(1)
        offset = 0
        for piece in m.group(1).split(";"):
            pos = inner_start + offset
            offset += len(piece) + 1
            d = g._DIRECTIVE.match(piece.strip())
            if not d:
                continue
            name, value = d.group(1).lower(), d.group(2).strip()
            line = text.count("\n", 0, pos + len(piece) - len(piece.lstrip())) + 1
            if name == "when":
                try:
                    parse_condition(value)
                except ConditionError as err:
                    report.add(path, line, ERROR, f"when = {value!r}: {err}")
            elif name == "deadline" and not (
                (dm := g._DEADLINE.match(value)) and int(dm.group(1)) > 0
            ):
                report.add(path, line, ERROR, f"deadline = {value!r}: write a number and "
                           "days, weeks or months (e.g. '3 months')")
            elif name == "key" and not g._KEY.match(value):
                report.add(path, line, ERROR,
                           f"key = {value!r}: use letters, digits, '-', '_' or '.'")


def _url_problem(url: str) -> str | None:
    """Why an http(s) link is malformed, or None if it is fine."""
    if not url:
        return "empty link"
    if re.search(r"\s", url):
        return "contains a space"
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if url.lower().startswith("www."):
            return "no scheme: write https://" + url
        if re.match(r"^h?t?t?p?s?:?/+", url, re.IGNORECASE) or scheme.startswith(("htp", "htt")):
            return "misspelt scheme: write http:// or https://"
        return "not an http(s) link"
    if not url[len(parts.scheme):].startswith("://"):
        return "malformed: write http:// or https:// followed by a host"
    host = parts.hostname or ""
    if not host or not _HOST.match(host):
        return f"no valid host{f' ({host!r})' if host else ''}"
    return None


def _links(path: Path, text: str, report: Report) -> None:
    lines = text.split("\n")
    fenced = _fenced_lines(lines)
    for number, line in enumerate(lines, 1):
        if number - 1 in fenced:
            continue
        targets = [m.group(1) for m in _MD_LINK.finditer(line)]
        targets += [m.group(1) for m in _AUTOLINK.finditer(line) if not m.group(1).startswith(
            ("!--",))]
        for raw in targets:
            target = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
            titled = _TITLE.match(target)
            if titled:
                target = titled.group(1)
            lowered = target.lower()
            if lowered.startswith(("mailto:", "tel:", "#")):
                continue
            looks_web = bool(re.match(r"^(?:h\w{1,4}:|https?/|www\.|//)", lowered)) or (
                "://" in lowered)
            if not looks_web:
                report.add(path, number, WARNING, f"link {target!r}: not an http(s) link, so "
                           "printed as text without a QR code")
                continue
            problem = _url_problem(target)
            if problem:
                report.add(path, number, ERROR, f"link {target!r}: {problem}")


def _parts(guide: g.Guide, report: Report) -> None:
    found = []
    for role in ("description", "procedure", "documents", "providers", "details"):
        heading = guide.headings.get(role)
        what = {"procedure": f"{len(guide.steps)} steps",
                "documents": f"{len(guide.documents)} documents",
                "providers": f"{len(guide.providers)} providers"}.get(role)
        if heading is not None or (role == "documents" and guide.documents):
            label = f'"{heading}"' if heading else "(no heading)"
            found.append(f"{role} {label}" + (f" ({what})" if what else ""))
    report.add(guide.path, 1, NOTE, "parts: " + (", ".join(found) or "none"))
    if not guide.steps:
        report.add(guide.path, 1, ERROR, "no procedure part (a numbered list of steps)")
    if "documents" not in guide.headings and not guide.documents:
        report.add(guide.path, guide.steps[-1].line if guide.steps else 1, ERROR,
                   "no documents part (a bulleted list after the steps)")
    for role in ("description", "providers", "details"):
        if role not in guide.headings:
            report.add(guide.path, 1, WARNING, f"no {role} part")


def _keys(guide: g.Guide, report: Report) -> None:
    for kind, items in (("step", guide.steps), ("document", guide.documents)):
        seen: dict[str, int] = {}
        for item in items:
            if item.key is None:
                report.add(guide.path, item.line, WARNING,
                           f"{kind} without a key: add <!-- key: ... --> so that translations "
                           "can be compared")
            elif item.key in seen:
                report.add(guide.path, item.line, ERROR,
                           f"{kind} key {item.key!r} already used on line {seen[item.key]}")
            else:
                seen[item.key] = item.line


def check_guide(path: Path, report: Report) -> g.Guide | None:
    """Check one guide file; return it as read, or None when it cannot be read."""
    report.guides += 1
    try:
        text = g._decode(path, None)
    except UserError as err:
        report.add(path, err.line, ERROR, _message(err))
        return None
    _front_matter(path, text, report)
    _directives(path, text, report)
    _links(path, text, report)
    try:
        guide = g.read_guide(path, text)
    except UserError as err:
        said = _message(err)
        already = any(f.file == _show(path) and f.rank == 0
                      and (f.line == (err.line or 1) or said in f.message)
                      for f in report.findings)
        if not already:
            report.add(path, err.line, ERROR, _message(err))
        return None
    _parts(guide, report)
    _keys(guide, report)
    return guide


# ---- translations ---------------------------------------------------------------------------

_ALL_TAG_SETS = [frozenset(c) for n in range(len(KNOWN_TAGS) + 1)
                 for c in itertools.combinations(sorted(KNOWN_TAGS), n)]


def _same_condition(a: Condition | None, b: Condition | None) -> bool:
    """Equal for every possible set of tags (so ``worker and eu`` = ``eu and worker``)."""
    def truth(c: Condition | None) -> list[bool]:
        return [True if c is None else c.applies(tags) for tags in _ALL_TAG_SETS]

    return truth(a) == truth(b)


def _name(guide: g.Guide) -> str:
    return guide.lang or _show(guide.path)


def compare_translations(guides: Iterable[g.Guide], report: Report) -> None:
    """Same step and document keys, conditions and deadlines in every version of a key."""
    groups: dict[str, list[g.Guide]] = {}
    for guide in guides:
        groups.setdefault(guide.translation_key, []).append(guide)
    for versions in groups.values():
        if len(versions) < 2:
            continue
        report.groups += 1
        for kind in ("step", "document"):
            _compare(kind, versions, report)


def _compare(kind: str, versions: list[g.Guide], report: Report) -> None:
    def items(guide: g.Guide) -> tuple[g.Block, ...]:
        return guide.steps if kind == "step" else guide.documents

    keyed = {id(v): {b.key: b for b in items(v) if b.key} for v in versions}
    order: list[str] = []
    for v in versions:
        for b in items(v):
            if b.key and b.key not in order:
                order.append(b.key)
    for key in order:
        having = [v for v in versions if key in keyed[id(v)]]
        first = having[0]
        ref = keyed[id(first)][key]
        where = f"{_show(first.path)}:{ref.line}"
        for v in versions:
            mine = keyed[id(v)].get(key)
            if mine is None:
                line = _anchor(items(v), [b.key for b in items(first)], key)
                report.add(v.path, line, ERROR,
                           f"{kind} {key!r} of the {_name(first)} version ({where}) is missing "
                           f"from this {_name(v)} version")
                continue
            if v is first:
                continue
            if not _same_condition(mine.condition, ref.condition):
                report.add(v.path, mine.line, ERROR,
                           f"{kind} {key!r}: condition {_cond(mine.condition)} here, "
                           f"{_cond(ref.condition)} in the {_name(first)} version ({where})")
            if kind == "step" and mine.deadline != ref.deadline:
                report.add(v.path, mine.line, ERROR,
                           f"step {key!r}: deadline {_deadline(mine.deadline)} here, "
                           f"{_deadline(ref.deadline)} in the {_name(first)} version ({where})")
    # Same keys, same order.
    first = versions[0]
    first_order = [b.key for b in items(first) if b.key]
    for v in versions[1:]:
        mine = [b.key for b in items(v) if b.key]
        common = [k for k in mine if k in first_order]
        if common != [k for k in first_order if k in mine]:
            line = _first_out_of_order(items(v), [k for k in first_order if k in mine])
            report.add(v.path, line, WARNING,
                       f"{kind}s are not in the same order as in the {_name(first)} version "
                       f"({_show(first.path)})")


def _first_out_of_order(items: Sequence[g.Block], expected: list[str]) -> int:
    keyed = [b for b in items if b.key in expected]
    for block, key in zip(keyed, expected, strict=False):
        if block.key != key:
            return block.line
    return keyed[0].line if keyed else 1


def _anchor(items: Sequence[g.Block], ref_keys: list[str | None], key: str) -> int:
    """Where a missing item would go: the line of the item before it that is present here."""
    mine = {b.key: b.line for b in items if b.key}
    before = ref_keys[: ref_keys.index(key)]
    for k in reversed(before):
        if k in mine:
            return mine[k]
    return items[0].line if items else 1


def _cond(c: Condition | None) -> str:
    return f"'{c}'" if c is not None else "none (everyone)"


def _deadline(d: g.Deadline | None) -> str:
    return f"'{d.amount} {d.unit}'" if d is not None else "none"


# ---- entry point ----------------------------------------------------------------------------


def check(inputs: Sequence[str], guides_dirs: Sequence[Path] = ()) -> Report:
    """Check the guides named by ``inputs`` (files, folders, translationKeys)."""
    report = Report()
    read = [guide for path in collect(inputs, guides_dirs)
            if (guide := check_guide(path, report)) is not None]
    compare_translations(read, report)
    return report
