"""The batch's memory between runs: ``manifest.json`` (for tools and the next run) and
``manifest.csv`` (for people), and the rules that decide what the next run may skip.

A dossier's digest covers everything it depends on: the run's fingerprint (paperasse's version
and code, the templates with their CSS and fonts, WeasyPrint's version, every render option),
every guide file's path and bytes (all of a pack's, and the pack itself), the profile, the
notices and the output name. A job is skipped when its digest is the one the manifest recorded
*and* the file on disk still has the recorded sha256; anything else (no manifest, an unreadable
one, a changed or deleted file) rebuilds, which is always safe.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..build import atomic_writer
from .jobs import FAILED, PENDING, SKIPPED, WRITTEN, BatchOptions, Job
from .state import printable_name

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MANIFEST_COLUMNS = ("source", "row", "output", "status", "error", "sha256")

#: The package folder: its code is part of every dossier's digest.
PACKAGE = Path(__file__).resolve().parent.parent


def hash_file(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_tree(folder: Path, pattern: str) -> str:
    """One digest for the files under ``folder`` matching ``pattern``, names included."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hash_file(path).encode())
    return digest.hexdigest()


def run_fingerprint(options: BatchOptions) -> str:
    """What every dossier of this run depends on, besides its profile and guide: paperasse's
    version and code, the templates (HTML, CSS, fonts), WeasyPrint's version, the render
    options (every field of :class:`~paperasse.render.options.RenderOptions`). Computed once
    per run."""
    from importlib import metadata

    from ..resources import templates_dir

    try:
        weasyprint_version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint_version = "?"
    data = {
        "paperasse": __version__,
        "code": hash_tree(PACKAGE, "*.py"),
        "templates": hash_tree(templates_dir(), "*"),
        "weasyprint": weasyprint_version,
        "options": options.render.fingerprint(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def job_digest(job: Job, fingerprint: str, guide_digests: dict[Path, str]) -> str:
    """The digest of everything ``job``'s dossier depends on (its guides already chosen, and
    hashed in ``guide_digests``): a change in any guide of a pack rebuilds the dossier."""
    assert job.guide_paths and job.output is not None
    digest = hashlib.sha256()
    guides = [
        part for path in job.guide_paths for part in (str(path.resolve()), guide_digests[path])
    ]
    for part in (
        fingerprint,
        *guides,
        job.pack.digest() if job.pack is not None else "",
        json.dumps(job.profile.model_dump(mode="json"), sort_keys=True),
        json.dumps(job.notices),
        job.output.name,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def unchanged(job: Job, sha_cache: dict[Path, str | None]) -> bool:
    """Whether ``job`` may be skipped: the last run recorded the same digest, and its output
    file still has the sha256 recorded then (``sha_cache`` remembers files already hashed)."""
    record = job.previous
    if not record or record.get("inputs") != job.inputs or not record.get("sha256"):
        return False
    assert job.output is not None
    if job.output not in sha_cache:
        try:
            sha_cache[job.output] = hash_file(job.output)
        except OSError:
            sha_cache[job.output] = None
    return sha_cache[job.output] == record["sha256"]


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The last run's records, by output file name ({} when there is none or it is unreadable:
    then everything is rebuilt, which is always safe)."""
    try:
        data = json.loads((out / MANIFEST_JSON).read_text(encoding="utf-8"))
        return {
            record["output"]: record
            for record in data.get("dossiers", [])
            if isinstance(record, dict) and isinstance(record.get("output"), str)
        }
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def manifest_record(job: Job) -> dict[str, Any]:
    """The job as the manifest shows it. A job not finished yet keeps its previous record's
    sha256 and digest: they still describe the file on disk."""
    sha, inputs = job.sha256, job.inputs
    if job.status == PENDING or (job.status == FAILED and job.output is not None):
        sha, inputs = job.previous.get("sha256"), job.previous.get("inputs")
    return {
        "source": printable_name(job.source),
        "row": job.row,
        "output": job.output.name if job.output is not None else None,
        "status": job.status,
        "error": job.error and printable_name(job.error),
        "sha256": sha,
        "inputs": inputs,
    }


#: Cells a spreadsheet would read as a formula (OWASP, "CSV injection"): they get a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A manifest value as a CSV cell that no spreadsheet runs: text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def write_manifest(
    out: Path,
    jobs: list[Job],
    options: BatchOptions,
    names: tuple[str, str] = (MANIFEST_JSON, MANIFEST_CSV),
) -> Path:
    """``manifest.json`` and ``manifest.csv`` in ``out`` for ``jobs``, each written atomically."""
    records = [manifest_record(job) for job in jobs]
    counts: dict[str, int] = {}
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    return export_manifest(out, records, counts, options, names)


def export_manifest(
    out: Path,
    records: Iterable[dict[str, Any]] | Callable[[], Iterable[dict[str, Any]]],
    counts: dict[str, int],
    options: BatchOptions,
    names: tuple[str, str] = (MANIFEST_JSON, MANIFEST_CSV),
) -> Path:
    """``names`` (``manifest.json``, ``manifest.csv``) in ``out``: the records streamed into
    each file (never one string of the whole manifest), each file written atomically. A
    callable ``records`` is called once per file (a fresh iterator from the state database)."""

    def each() -> Iterable[dict[str, Any]]:
        return records() if callable(records) else records

    head = {
        "paperasse": __version__,
        "format": options.fmt,
        "guide": options.guide_label(),
        "summary": {s: counts.get(s, 0) for s in (WRITTEN, SKIPPED, FAILED, PENDING)},
    }
    path = out / names[0]
    with atomic_writer(path) as handle:
        text = json.dumps(head, indent=1, ensure_ascii=False)
        handle.write(text[:-2].encode() + b',\n "dossiers": [')
        first = True
        for record in each():
            handle.write(b"\n  " if first else b",\n  ")
            handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace"))
            first = False
        handle.write(b"\n ]\n}\n" if not first else b"]\n}\n")
    with atomic_writer(out / names[1]) as handle:
        handle.write("\ufeff".encode())
        rows = io.StringIO(newline="")
        writer = csv.writer(rows)
        writer.writerow(MANIFEST_COLUMNS)
        for number, record in enumerate(each()):
            writer.writerow([csv_cell(record[c]) for c in MANIFEST_COLUMNS])
            if number % 1000 == 999:
                handle.write(rows.getvalue().encode("utf-8", "backslashreplace"))
                rows.seek(0)
                rows.truncate()
        handle.write(rows.getvalue().encode("utf-8", "backslashreplace"))
    return path
