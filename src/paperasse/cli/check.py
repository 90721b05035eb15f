"""``paperasse check``: lint guides for their authors."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import EXIT_INPUT, EXIT_OK
from .app import GuidesOption, handle_errors


@handle_errors
def check(
    guides_in: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="GUIDE...",
            show_default=False,
            help="Guide files, folders of guides, translationKeys, or pack files (.yaml) "
            "(default: every bundled guide and pack, and those of --guides folders).",
        ),
    ] = None,
    packs: Annotated[
        list[str] | None,
        typer.Option(
            "--pack",
            "-p",
            help="A pack to check as one dossier (a key or a pack file); may be repeated.",
        ),
    ] = None,
    guides: GuidesOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and warnings, not the parts found.")
    ] = False,
) -> None:
    """Lint guides for their authors: front matter, parts, conditions, links, translations.

    One line per finding, 'file:line: severity: message', then a summary. Exit 0 when there are
    no errors (warnings alone still exit 0), 1 when there is at least one error.

    Example: paperasse check guides/
    """
    from ..guide.lint import NOTE
    from ..guide.lint import check as run_check

    report = run_check(guides_in or [], tuple(guides or ()), packs or ())
    for finding in report.sorted():
        if quiet and finding.severity == NOTE:
            continue
        typer.echo(str(finding))
    typer.echo(report.summary())
    raise typer.Exit(EXIT_OK if report.ok else EXIT_INPUT)
