"""``paperasse build``: one checklist per profile, from files, folders and spreadsheet rows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UserError
from .app import (
    BrandOption,
    GuideOption,
    GuidesOption,
    PackOption,
    error,
    guide_spec,
    handle_errors,
    info,
)

if TYPE_CHECKING:
    from ..batch import BatchOptions, BatchResult

PROFILE_HELP = (
    "Profile files (.yaml, .yml, .toml, .json), folders of them, and spreadsheets (.csv, "
    ".xlsx) with one profile a row."
)


#: The options of ``paperasse build`` (declared here so that the command reads as a list).
ProfilesArgument = Annotated[list[Path], typer.Argument(help=PROFILE_HELP, show_default=False)]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Output folder, or a .pdf/.html file for one profile.",
        show_default="./dossiers",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="pdf, or html (one self-contained file).",
        show_default="pdf, or html for -o NAME.html",
    ),
]
FillableOption = Annotated[
    bool, typer.Option("--fillable", help="Tick boxes that can be ticked in a PDF viewer.")
]
ReviewOption = Annotated[
    bool,
    typer.Option(
        "--review",
        help="An agent's review copy: each step and document says which profiles it is for.",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Generation date printed on the page (default: none; the PDF's date is the guide's).",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes.", show_default="every core"),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Rebuild every dossier, even unchanged ones.")
]
IgnoreColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--ignore-columns",
        metavar="COL,COL",
        help="Spreadsheet columns that are not profile keys, even if they look like "
        "one (others are ignored anyway; near-misses of a key are errors).",
    ),
]
MergeOption = Annotated[
    Path | None,
    typer.Option(
        "--merge",
        metavar="PACK.pdf",
        help="Also join all the dossiers into this one PDF (a bookmark per client).",
    ),
]


@handle_errors
def build(
    profiles: ProfilesArgument,
    output: OutputOption = None,
    guide: GuideOption = None,
    pack: PackOption = None,
    guides: GuidesOption = None,
    fmt: FormatOption = None,
    fillable: FillableOption = False,
    date: DateOption = None,
    jobs: JobsOption = None,
    force: ForceOption = False,
    ignore_columns: IgnoreColumnsOption = None,
    brand: BrandOption = None,
    merge: MergeOption = None,
    review: ReviewOption = False,
) -> None:
    """Build one checklist per profile: profile files, folders of them, CSV or .xlsx rows.

    Example: paperasse build clients.csv examples/ -o dossiers/ --pack france-arrival
    """
    options = batch_options(
        guide_spec(guide),
        guides,
        fmt or output_format(output),
        fillable,
        date,
        jobs,
        force,
        ignore_columns,
        brand,
        merge,
        pack=pack,
        review=review,
    )
    result = run_batch(profiles, output or Path("dossiers"), options)
    info(result.summary())
    exit_code = result.exit_code
    if merge is not None:
        from ..batch.pack import write_pack

        try:
            info(write_pack(result, merge, options))
        except UserError as err:
            error(str(err))
            exit_code = max(exit_code, err.exit_code)
    raise typer.Exit(exit_code)


def output_format(output: Path | None) -> str:
    """The format when --format is not given: ``html`` for ``-o NAME.html``, else ``pdf``."""
    return "html" if output is not None and output.suffix.lower() == ".html" else "pdf"


def batch_options(
    guide: str | tuple[str, ...] | None,
    guides: list[Path] | None,
    fmt: str,
    fillable: bool,
    date: str | None,
    jobs: int | None,
    force: bool,
    ignore_columns: str | None,
    brand: Path | None,
    merge: Path | None,
    pack: str | None = None,
    review: bool = False,
) -> BatchOptions:
    """The command line's options, checked (a bad one is a usage error, before any work)."""
    import dataclasses

    from ..batch import BatchOptions
    from ..batch.pack import check_merge_target
    from ..inputs.brand import load_brand
    from ..inputs.tables import normalise_column
    from ..render.options import RenderOptions

    render = RenderOptions(
        fmt=fmt.lower(), fillable=fillable, date=generation_date(date), review=review
    )
    if merge is not None:
        check_merge_target(merge, render.fmt)
    if brand is not None:
        render = dataclasses.replace(render, brand=load_brand(brand))
    return BatchOptions(
        guide=guide,
        pack=pack,
        guides_dirs=tuple(guides or ()),
        render=render,
        jobs=jobs,
        force=force,
        ignore_columns=frozenset(
            normalise_column(c) for c in (ignore_columns or "").split(",") if c.strip()
        ),
    )


def generation_date(text: str | None) -> dt.date | None:
    """``--date``: a date written YYYY-MM-DD; a usage error in words otherwise."""
    from ..errors import UsageError

    if text is None:
        return None
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
        raise UsageError(
            "must be a date written YYYY-MM-DD, such as 2026-09-05", key="--date", value=text
        )
    try:
        return dt.date.fromisoformat(stripped)
    except ValueError:
        raise UsageError("is not a valid date", key="--date", value=text) from None


def run_batch(profiles: list[Path], out: Path, options: BatchOptions) -> BatchResult:
    """Into the folder ``out``, or into the one file ``out`` (``.pdf``/``.html``)."""
    from .. import batch
    from ..errors import UsageError

    reporter = batch.default_reporter()
    if out.suffix.lower() not in (".pdf", ".html"):
        return batch.run(profiles, out, options, reporter)
    if out.suffix.lower() != f".{options.fmt}":
        raise UsageError(f"does not match --format {options.fmt}", key="--output", value=str(out))
    files = batch.expand_inputs(profiles)
    if len(files) != 1:
        raise UsageError(
            f"a file name as output needs exactly one profile (got {len(files)})",
            key="--output",
            value=str(out),
        )
    return batch.run_single(files[0], out, options, reporter)
