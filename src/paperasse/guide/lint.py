"""``paperasse check``: lint guides for their authors.

For each guide: the front matter fields, the parts the reader recognised, every ``when:``
condition (all of them, not just the first bad one), every link, the ``key:`` of each step and
document. Across the translations of one ``translationKey``: the same step and document keys in
every language, with the same conditions and the same deadlines.

Findings are ``file:line: severity: message`` lines; ``error`` makes the command exit 1,
``warning`` and ``note`` do not.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError, UserError
from . import directives as dv
from .collect import collect
from .comments import fenced_lines
from .findings import ERROR, NOTE, WARNING, Finding, Report
from .front_matter import date_field, key_line, split_front_matter
from .model import Block, Guide
from .pack import Pack
from .reader import read_guide
from .source import guide_text
from .translations import compare_translations

__all__ = [
    "ERROR",
    "NOTE",
    "WARNING",
    "Finding",
    "Report",
    "check",
    "check_guide",
    "collect",
    "compare_translations",
]

#: Front matter fields of the guide template; ``last_checked`` is recommended.
REQUIRED_FIELDS = ("translationKey", "title", "date", "description", "author")
RECOMMENDED_FIELDS = ("last_checked",)
DATE_FIELDS = ("date", "last_checked")

#: ``[text](target)``; possessive and atomic, so a line of ``[`` or ``[a](`` is scanned in
#: linear time (and only up to its last ``)``, see :func:`_links`).
_MD_LINK = re.compile(r"!?\[(?>[^\[\]\n]|\[[^\[\]\n]*+\])*+\]\([ \t]*+(<[^<>\n]*+>|[^)\n]*+)\)")
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]{0,31}:|www\.)[^<>\n]*+)>")
_TITLE = re.compile(r"""^(\S+)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))$""")
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$"
    r"|^localhost$|^\[[0-9A-Fa-f:.]+\]$|^\d{1,3}(?:\.\d{1,3}){3}$"
)


# ---- one guide ------------------------------------------------------------------------------


def _message(err: UserError) -> str:
    text = str(err)
    where = err.location()
    return text[len(where) + 2 :] if where and text.startswith(where + ": ") else text


def _front_matter(path: Path, text: str, report: Report) -> None:
    try:
        meta, _, _, source = split_front_matter(path, text)
    except UserError:
        return  # the reader reports it
    if not source and not meta:
        report.add(
            path,
            1,
            ERROR,
            "no front matter (a '---' block with " + ", ".join(REQUIRED_FIELDS) + ")",
        )
        return
    for key in REQUIRED_FIELDS + RECOMMENDED_FIELDS:
        line = key_line(source, key) or 1
        value = meta.get(key)
        missing = value is None or (isinstance(value, str) and not value.strip())
        if missing:
            if key in REQUIRED_FIELDS:
                report.add(path, line, ERROR, f"front matter: missing '{key}'")
            else:
                report.add(
                    path,
                    line,
                    WARNING,
                    f"front matter: no '{key}' (the date the facts were last checked)",
                )
            continue
        if key in DATE_FIELDS:
            try:
                date_field(path, source, meta, key)
            except UserError as err:
                report.add(path, line, ERROR, f"front matter: {_message(err)}")
        elif not isinstance(value, str):
            report.add(path, line, ERROR, f"front matter: {key} = {value!r}: must be text")
        elif key == "translationKey" and not re.fullmatch(r"[A-Za-z0-9][\w.-]*", value.strip()):
            report.add(
                path,
                line,
                ERROR,
                f"front matter: translationKey = {value!r}: use "
                "letters, digits, '-', '_' or '.' (no spaces)",
            )
    sources = meta.get("sources")
    if sources is not None:
        line = key_line(source, "sources") or 1
        for entry in sources if isinstance(sources, list) else [sources]:
            url = (
                entry
                if isinstance(entry, str)
                else (entry.get("url") if isinstance(entry, dict) else None)
            )
            problem = _url_problem(url.strip()) if isinstance(url, str) else "no url"
            if problem:
                report.add(path, line, ERROR, f"front matter: sources: {url!r}: {problem}")


def _directives(path: Path, text: str, report: Report) -> None:
    """Every bad directive value in every comment, all at once (the reader stops at the first
    problem; :func:`check_guide` adds it)."""
    try:
        _, body, offset, _ = split_front_matter(path, text)
    except UserError:
        body, offset = text, 0
    comments = dv.scan(body)
    for problem in comments.problems:
        if problem.bad is not None:
            report.add(path, problem.bad.line + offset + 1, ERROR, str(problem.bad))
    for warning in comments.warnings:
        report.add(path, warning.line + offset + 1, WARNING, warning.message)


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
    if not url[len(parts.scheme) :].startswith("://"):
        return "malformed: write http:// or https:// followed by a host"
    host = parts.hostname or ""
    if not host or not _HOST.match(host):
        return f"no valid host{f' ({host!r})' if host else ''}"
    return None


def _links(path: Path, text: str, report: Report) -> None:
    lines = text.split("\n")
    fenced = fenced_lines(lines)
    for number, line in enumerate(lines, 1):
        if fenced[number - 1]:
            continue
        cut = line[: line.rfind(")") + 1]  # no link ends after the last ')'
        targets = [m.group(1).rstrip(" \t") for m in _MD_LINK.finditer(cut)]
        targets += [
            m.group(1) for m in _AUTOLINK.finditer(line) if not m.group(1).startswith(("!--",))
        ]
        for raw in targets:
            target = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
            titled = _TITLE.match(target)
            if titled:
                target = titled.group(1)
            lowered = target.lower()
            if lowered.startswith(("mailto:", "tel:", "#")):
                continue
            looks_web = bool(re.match(r"^(?:h\w{1,4}:|https?/|www\.|//)", lowered)) or (
                "://" in lowered
            )
            if not looks_web:
                report.add(
                    path,
                    number,
                    WARNING,
                    f"link {target!r}: not an http(s) link, so printed as text without a QR code",
                )
                continue
            problem = _url_problem(target)
            if problem:
                report.add(path, number, ERROR, f"link {target!r}: {problem}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _parts(guide: Guide, report: Report) -> None:
    found = []
    for role in ("description", "procedure", "documents", "providers", "details"):
        heading = guide.headings.get(role)
        what = {
            "procedure": _count(len(guide.steps), "step"),
            "documents": _count(len(guide.documents), "document"),
            "providers": _count(len(guide.providers), "provider"),
        }.get(role)
        if heading is not None or (role == "documents" and guide.documents):
            label = f'"{heading}"' if heading else "(no heading)"
            found.append(f"{role} {label}" + (f" ({what})" if what else ""))
    report.add(guide.path, 1, NOTE, "parts: " + (", ".join(found) or "none"))
    if not guide.steps:
        report.add(guide.path, 1, ERROR, "no procedure part (a numbered list of steps)")
    if "documents" not in guide.headings and not guide.documents:
        report.add(
            guide.path,
            guide.steps[-1].line if guide.steps else 1,
            ERROR,
            "no documents part (a bulleted list after the steps)",
        )
    for role in ("description", "providers", "details"):
        if role not in guide.headings:
            report.add(guide.path, 1, WARNING, f"no {role} part")


def _keys(guide: Guide, report: Report) -> None:
    for kind, items in (("step", guide.steps), ("document", guide.documents)):
        seen: dict[str, int] = {}
        for item in items:
            if item.key is None:
                report.add(
                    guide.path,
                    item.line,
                    WARNING,
                    f"{kind} without a key: add <!-- key: ... --> so that translations "
                    "can be compared",
                )
            elif item.key in seen:
                report.add(
                    guide.path,
                    item.line,
                    ERROR,
                    f"{kind} key {item.key!r} already used on line {seen[item.key]}",
                )
            else:
                seen[item.key] = item.line


def check_guide(path: Path, report: Report) -> Guide | None:
    """Check one guide file; return it as read, or None when it cannot be read."""
    report.guides += 1
    try:
        text = guide_text(path)
    except UserError as err:
        report.add(path, err.line, ERROR, _message(err))
        return None
    _front_matter(path, text, report)
    _directives(path, text, report)
    _links(path, text, report)
    try:
        guide = read_guide(path, text)
    except UserError as err:
        if not report.has_error(path, err.line, _message(err)):
            report.add(path, err.line, ERROR, _message(err))
        return None
    _parts(guide, report)
    _keys(guide, report)
    _remarks(guide, report)
    _qr_links(guide, report)
    return guide


def _qr_links(guide: Guide, report: Report) -> None:
    """A web link too long for a QR code is printed without one: say so."""
    from ..render.qr import MAX_QR_BYTES, fits_qr

    blocks: list[tuple[Block, ...]] = [guide.intro, guide.steps, guide.procedure_notes]
    blocks += [guide.documents, guide.documents_notes, guide.providers_notes, guide.details]
    blocks += list(guide.extra.values())
    found = [(link, b.line) for part in blocks for b in part for link in b.links]
    found += [(p.website, p.line) for p in guide.providers if p.website is not None]
    found += [(link, 1) for link in guide.sources]
    for link, line in found:
        if not fits_qr(link.url):
            report.add(
                guide.path,
                line,
                WARNING,
                f"link of {len(link.url.encode('utf-8')):,} bytes: too long for a QR code (at"
                f" most {MAX_QR_BYTES:,}), printed without one",
            )


#: How check reports each kind of the reader's remarks ("date" is reported as an error by the
#: front matter check already).
_REMARK_SEVERITY = {"bullets": WARNING, "paragraphs": WARNING, "section": WARNING, "related": NOTE}


def _remarks(guide: Guide, report: Report) -> None:
    for remark in guide.remarks:
        severity = _REMARK_SEVERITY.get(remark.kind, WARNING if remark.kind != "date" else None)
        if severity is not None:
            report.add(guide.path, remark.line, severity, remark.message)


# ---- entry point ----------------------------------------------------------------------------


def check(
    inputs: Sequence[str], guides_dirs: Sequence[Path] = (), packs: Sequence[str] = ()
) -> Report:
    """Check the guides named by ``inputs`` (files, folders, translationKeys; a ``.yaml`` file
    is a pack file) and the packs named by ``packs`` (keys or files): each guide on its own,
    each pack as one dossier (:mod:`.pack_lint`). With neither, every guide and every pack of
    the catalogue."""
    from .catalog import Catalog
    from .pack import is_pack_path, read_pack
    from .pack_lint import check_pack, pack_guide_paths

    report = Report()
    pack_names = [*packs, *(i for i in inputs if i.lower().endswith((".yaml", ".yml")))]
    guide_inputs = [i for i in inputs if not i.lower().endswith((".yaml", ".yml"))]
    catalog = Catalog(tuple(guides_dirs))
    chosen: list[Pack] = []
    if not inputs and not packs:
        names: list[str | Path] = list(catalog.pack_files)
    else:
        names = list(pack_names)
    for name in names:
        try:
            if isinstance(name, Path) or is_pack_path(name):
                path = Path(name)
                if not path.is_file():
                    raise UsageError("pack file not found", file=path)
                chosen.append(read_pack(path))
            else:
                chosen.append(catalog.pack(name))
        except UsageError:
            raise
        except UserError as err:
            report.add(err.file or str(name), err.line, ERROR, _message(err))
    paths = collect(guide_inputs, guides_dirs) if guide_inputs or not pack_names else []
    seen = {path.resolve() for path in paths}
    for pack in chosen:
        for path in pack_guide_paths(pack, catalog):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                paths.append(path)
    read = [guide for path in paths if (guide := check_guide(path, report)) is not None]
    compare_translations(read, report)
    for pack in chosen:
        check_pack(pack, catalog, report)
    return report
