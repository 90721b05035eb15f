"""``paperasse explain``: what applies to a profile, and why the rest is left out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import GuideOption, GuidesOption, handle_errors


@handle_errors
def explain(
    profile: Annotated[
        Path,
        typer.Argument(help="A profile file (.yaml, .yml, .toml, .json).", show_default=False),
    ],
    guide: GuideOption = None,
    guides: GuidesOption = None,
) -> None:
    """Show which steps and documents apply to a profile, and why the others are left out.

    Example: paperasse explain examples/non-eu-student.yaml
    """
    from ..build import Builder
    from ..errors import UsageError
    from ..inputs.profile import read_profile
    from ..render.terminal import make_console, print_explanation

    if not profile.exists():
        raise UsageError("no such file", file=profile)
    person = read_profile(profile)
    dossier = Builder(guide=guide, guides_dirs=tuple(guides or ())).dossier(person)
    print_explanation(dossier, make_console())
