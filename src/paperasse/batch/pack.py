"""``--merge pack.pdf``: the batch's dossiers joined into one PDF (the batch's last step).

Each dossier is rendered on its own (so its "Page X of Y" footer counts its own pages: WeasyPrint
cannot restart ``counter(pages)`` inside one document); this module joins the finished PDFs with
pypdf, in the order given. Each dossier starts on a new page (they are whole documents), gets one
top-level bookmark (its sections, WeasyPrint's own bookmarks, nest under it) and PDF page labels
that restart at 1, so a viewer's page box shows 1..n within each client.

The pack is written through a temporary file and a rename, like every other output
(:func:`paperasse.build.atomic_writer`, streamed: the joined PDF is never one bytes object).
Dossiers are read one at a time; pypdf's writer holds the pack's objects until it writes, about
1 MB per dossier (``benchmarks/bench_merge.py``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from ..build import Builder, atomic_writer
from ..errors import UsageError, UserError
from .jobs import BatchOptions, BatchResult, CoverFacts, Job


class MergeError(UserError):
    """A dossier could not be joined into the pack (exit code 1)."""


def check_merge_target(merge: Path, fmt: str) -> None:
    """--merge needs PDF dossiers and a .pdf file name (checked before any work)."""
    if fmt != "pdf":
        raise UsageError(
            "joins PDF dossiers: it needs --format pdf", key="--merge", value=str(merge)
        )
    if merge.suffix.lower() != ".pdf" or merge.is_dir():
        raise UsageError("must be a file name ending in .pdf", key="--merge", value=str(merge))
    check_writable(merge, "--merge")


def check_writable(target: Path, option: str) -> None:
    """``target`` can be written (created, or replaced through a temporary file beside it):
    checked before any dossier is rendered, so that an unwritable --merge file is not found
    out only after the whole batch. A folder in the way is a usage error (exit code 2); a
    folder paperasse may not write into an :class:`~paperasse.errors.OutputProblem` (4)."""
    import os
    import tempfile

    from ..build import TEMP_PREFIX, TEMP_SUFFIX
    from ..errors import OutputProblem

    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders that are missing will be made in the first one
    if not folder.is_dir():
        raise UsageError(
            f"cannot be written: {folder} is a file, not a folder", key=option, value=str(target)
        )
    try:
        if folder == target.parent:
            fd, probe = tempfile.mkstemp(
                prefix=f"{TEMP_PREFIX}probe.", suffix=TEMP_SUFFIX, dir=folder
            )
            os.close(fd)
            os.unlink(probe)
        elif not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as err:
        raise OutputProblem(
            f"cannot be written: {err.strerror or err} (checked before rendering)",
            key=option,
            value=str(target),
        ) from None


def write_pack(result: BatchResult, merge: Path, options: BatchOptions | None = None) -> str:
    """Join the batch's dossiers (written or unchanged, in input order) into ``merge``, after a
    cover with the index of the clients when ``options`` are given; the line that tells the
    user so."""
    jobs = result.made()
    target = merge.resolve()
    for job in jobs:
        assert job.output is not None
        if job.output.resolve() == target:
            raise UsageError(
                f"is also the dossier of {job.where()}; choose another name",
                key="--merge",
                value=str(merge),
            )
    if not jobs:
        raise MergeError(
            "no dossier was made, so no pack was written", key="--merge", value=str(merge)
        )
    items = [(job.profile.name, job.output) for job in jobs if job.output is not None]
    cover = cover_title = None
    if options is not None:
        cover, cover_title = _cover(jobs, options, merge)
    pages = merge_pdfs(items, merge, cover=cover, cover_title=cover_title)
    return f"pack: {merge} ({count(len(jobs), 'dossier')}, {count(pages, 'page')})"


def _cover(jobs: Sequence[Job], options: BatchOptions, merge: Path) -> tuple[bytes, str]:
    """The cover's PDF (the brand, then client, status, first deadline and first page of each
    dossier) and its bookmark title. What it says of each dossier comes from its rendering
    (``job.cover``, kept in the run state for a dossier skipped as unchanged); a state from
    before that was kept has it measured again (:func:`_measure`)."""
    from ..i18n import labels_for
    from ..render.cover import CoverRow, cover_language, render_cover

    builder = None
    rows = []
    for job in jobs:
        facts = job.cover
        if facts is None:
            builder = builder or Builder(guides_dirs=options.guides_dirs)
            facts = _measure(job, builder, merge)
        rows.append(
            CoverRow(
                name=job.profile.name,
                status=job.profile.status,
                lang=facts.lang,
                first_due=facts.first_due,
                pages=facts.pages,
            )
        )
    title = labels_for(cover_language(rows))["cover_title"]
    return render_cover(rows, options.render), title


def _measure(job: Job, builder: Builder, merge: Path) -> CoverFacts:
    """A dossier's cover facts from its PDF (the pages) and its dossier built again (the
    first deadline, the language)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    assert job.output is not None
    try:
        pages = len(PdfReader(io.BytesIO(job.output.read_bytes())).pages)
    except (OSError, PyPdfError, ValueError) as exc:
        raise MergeError(
            f"cannot add this dossier to the pack: {exc}",
            file=job.output,
            key="--merge",
            value=str(merge),
        ) from None
    dossier = builder.dossier_from(job.guide_paths, job.profile, job.notices, job.pack)
    return CoverFacts.of(dossier, pages)


def count(number: int, noun: str) -> str:
    """``"1 dossier"``, ``"2 dossiers"``: a count with its noun (English messages)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def merge_pdfs(
    items: Sequence[tuple[str, Path]],
    target: Path,
    *,
    cover: bytes | None = None,
    cover_title: str | None = None,
) -> int:
    """Join the PDFs of ``items`` (bookmark title, PDF file) into ``target``, after ``cover``
    (PDF bytes, bookmarked ``cover_title``) if given; returns the page count. Pages keep the
    order of ``items``; ``target`` is replaced atomically."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.errors import PyPdfError

    if not items:
        raise MergeError(
            "there is no dossier to put into the pack", key="--merge", value=str(target)
        )
    writer = PdfWriter()
    if cover is not None:
        writer.append(PdfReader(io.BytesIO(cover)), outline_item=cover_title or "Index")
        writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.LOWERCASE_ROMAN)
        _copy_language(writer, cover)
    for number, (title, path) in enumerate(items, 1):
        start = len(writer.pages)
        try:
            reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
            writer.append(reader, outline_item=title)
            _forget_parsed(reader)
        except (OSError, PyPdfError, ValueError) as exc:
            raise MergeError(
                f"cannot add this dossier to the pack: {exc}",
                file=path,
                key="--merge",
                value=str(target),
            ) from None
        end = len(writer.pages) - 1
        if end >= start:
            writer.set_page_label(start, end, style=PageLabelStyle.DECIMAL, start=1)
            _rename_fields(writer, start, end, prefix=f"client{number}-")
    writer.page_mode = "/UseOutlines"  # open with the bookmarks panel shown
    with atomic_writer(target) as handle:
        writer.write(handle)
    return len(writer.pages)


def _copy_language(writer: object, cover: bytes) -> None:
    """The cover's document language (/Lang) becomes the pack's: the tagging of the dossiers
    does not survive joining (README, "Client packs"), their language at least does."""
    from pypdf import PdfReader
    from pypdf.generic import NameObject

    root = PdfReader(io.BytesIO(cover)).trailer["/Root"].get_object()
    lang = root.get("/Lang")  # type: ignore[union-attr]
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang  # type: ignore[attr-defined]


def _rename_fields(writer: object, first: int, last: int, *, prefix: str) -> None:
    """Give the form fields (--fillable tick boxes) of pages ``first..last`` names of their own:
    every dossier names its boxes alike (step-1-…), and fields of the same name in one PDF are
    one field to a viewer, so ticking a box for one client would tick it for all."""
    from pypdf.generic import NameObject, TextStringObject

    renamed: set[int] = set()
    for page in writer.pages[first : last + 1]:  # type: ignore[attr-defined]
        for annot in page.get("/Annots") or ():
            widget = annot.get_object()
            field = widget
            while "/T" not in field and "/Parent" in field:
                field = field["/Parent"].get_object()
            name = field.get("/T")
            if name is not None and id(field) not in renamed:
                renamed.add(id(field))
                field[NameObject("/T")] = TextStringObject(prefix + str(name))


def _forget_parsed(reader: object) -> None:
    """Drop the objects the reader parsed once its pages are copied into the writer.

    pypdf's writer keeps every reader it copied from until it writes (to patch internal links),
    and each reader keeps every object it parsed: for a tagged dossier that is its whole
    structure tree, parsed with the catalogue, about 3 MB in memory per dossier. The writer
    holds its own copies, and a reader whose cache is emptied parses again from its bytes if
    it is ever asked, so this only frees memory (about 1 MB per dossier is left; see the
    README's figures).
    """
    resolved = getattr(reader, "resolved_objects", None)
    if isinstance(resolved, dict):
        resolved.clear()
