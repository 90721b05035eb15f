"""``paperasse guides``: the guides there are to choose from."""

from __future__ import annotations

import typer

from ..errors import EXIT_INPUT, EXIT_OK
from .app import GuidesOption, error, handle_errors


@handle_errors
def list_guides(
    guides: GuidesOption = None,
) -> None:
    """List the guides (translationKey, language, title, date, last-checked date), then the
    packs of guides that --pack takes (a pack's dates: its newest guide's, its oldest check).

    Example: paperasse guides --guides ~/agency-guides
    """
    from ..guide.catalog import Catalog
    from ..guide.summaries import summarise, summarise_packs
    from ..render.terminal import make_console, print_guides

    extra = tuple(guides or ())
    catalog = Catalog(extra)
    summaries = summarise(catalog, extra)
    packs = summarise_packs(catalog, summaries, extra)
    print_guides(summaries, make_console(), packs)
    bad = [s for s in [*summaries, *packs] if s.problem]
    for summary in bad:
        error(summary.problem or "")
    raise typer.Exit(EXIT_INPUT if bad else EXIT_OK)
