"""``paperasse guides``: the guides there are to choose from."""

from __future__ import annotations

import typer

from ..errors import EXIT_INPUT, EXIT_OK
from .app import GuidesOption, error, handle_errors


@handle_errors
def list_guides(
    guides: GuidesOption = None,
) -> None:
    """List the guides: translationKey, languages, title, date and last-checked date.

    Example: paperasse guides --guides ~/agency-guides
    """
    from ..guide.catalog import Catalog
    from ..guide.summaries import summarise
    from ..render.terminal import make_console, print_guides

    extra = tuple(guides or ())
    summaries = summarise(Catalog(extra), extra)
    print_guides(summaries, make_console())
    bad = [s for s in summaries if s.problem]
    for summary in bad:
        error(summary.problem or "")
    raise typer.Exit(EXIT_INPUT if bad else EXIT_OK)
