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

from ..build import atomic_writer
from ..errors import UsageError, UserError
from .jobs import BatchResult


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


def write_pack(result: BatchResult, merge: Path) -> str:
    """Join the batch's dossiers (written or unchanged, in input order) into ``merge``; the
    line that tells the user so."""
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
    pages = merge_pdfs(
        [(job.profile.name, job.output) for job in jobs if job.output is not None], merge
    )
    return f"pack: {merge} ({count(len(jobs), 'dossier')}, {count(pages, 'page')})"


def count(number: int, noun: str) -> str:
    """``"1 dossier"``, ``"2 dossiers"``: a count with its noun (English messages)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def merge_pdfs(items: Sequence[tuple[str, Path]], target: Path) -> int:
    """Join the PDFs of ``items`` (bookmark title, PDF file) into ``target``; returns the page
    count. Pages keep the order of ``items``; ``target`` is replaced atomically."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.errors import PyPdfError

    if not items:
        raise MergeError(
            "there is no dossier to put into the pack", key="--merge", value=str(target)
        )
    writer = PdfWriter()
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
