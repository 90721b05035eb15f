"""``paperasse explain``: what applies to a profile, and why the rest is left out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import GuideOption, GuidesOption, PackOption, guide_spec, handle_errors


@handle_errors
def explain(
    profile: Annotated[
        Path,
        typer.Argument(help="A profile file (.yaml, .yml, .toml, .json).", show_default=False),
    ],
    guide: GuideOption = None,
    pack: PackOption = None,
    guides: GuidesOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the explanation as JSON (tags, each step and document with its key, "
            "guide, deadline date and why it applies, and what is left out).",
        ),
    ] = False,
) -> None:
    """Show which steps and documents apply to a profile, and why the others are left out.

    Example: paperasse explain examples/non-eu-student.yaml --pack france-arrival --json
    """
    from ..build import Builder
    from ..errors import UsageError
    from ..inputs.profile import read_profile
    from ..render.terminal import make_console, print_explanation

    if not profile.exists():
        raise UsageError("no such file", file=profile)
    person = read_profile(profile)
    builder = Builder(guide=guide_spec(guide), pack=pack, guides_dirs=tuple(guides or ()))
    dossier = builder.dossier(person)
    if as_json:
        from ..render.explain_json import explanation_json

        typer.echo(explanation_json(dossier), nl=False)
        return
    print_explanation(dossier, make_console())
