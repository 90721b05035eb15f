"""``paperasse init``: write a profile by answering a few questions (see :mod:`.wizard`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import LANGUAGES
from .app import PackOption, handle_errors, info

#: The pack ``init`` offers to build (the whole arrival, rather than the default guide alone).
OFFERED_PACK = "france-arrival"

#: The options of ``paperasse init`` (declared here so that the command reads as a list).
NameOption = Annotated[str | None, typer.Option("--name", help="Your name.")]
CitizenshipOption = Annotated[
    str | None,
    typer.Option(
        "--citizenship",
        help="A country name (English or French) or code: Brazil, Brésil, BR.",
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status", help="worker or student.", autocompletion=lambda: ["worker", "student"]
    ),
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        help=f"Language of the dossier: {' or '.join(LANGUAGES)}.",
        show_default="en",
        autocompletion=lambda: list(LANGUAGES),
    ),
]
ArrivalOption = Annotated[
    str | None,
    typer.Option("--arrival-date", metavar="YYYY-MM-DD", help="Date of arrival in France."),
]
YesNo = {"metavar": "yes|no", "autocompletion": lambda: ["yes", "no"]}
ScholarshipOption = Annotated[
    str | None,
    typer.Option(
        "--scholarship", help="yes if you hold a French government or CROUS scholarship.", **YesNo
    ),
]
PostedOption = Annotated[
    str | None,
    typer.Option(
        "--posted", help="yes if an employer abroad posts you to France (form A1).", **YesNo
    ),
]
TalentOption = Annotated[
    str | None,
    typer.Option("--talent", help="yes if you hold a passeport talent.", **YesNo),
]
PartnerOption = Annotated[
    str | None,
    typer.Option("--partner", help="yes if a spouse or partner comes with you.", **YesNo),
]
ChildrenOption = Annotated[
    str | None,
    typer.Option(
        "--children",
        metavar="N|AGES",
        help="How many children come with you, or their ages: 2, or 4,9.",
    ),
]
ProfileOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="The profile file to write.", show_default="./<your-name>.yaml"
    ),
]
OverwriteOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
BuildAfterOption = Annotated[
    bool | None,
    typer.Option(
        "--build/--no-build",
        help="Build the dossier at once (asked if not given "
        "and a terminal is there; not built otherwise).",
        show_default=False,
    ),
]


@handle_errors
def init(
    name: NameOption = None,
    citizenship: CitizenshipOption = None,
    status: StatusOption = None,
    language: LanguageOption = None,
    arrival_date: ArrivalOption = None,
    scholarship: ScholarshipOption = None,
    posted: PostedOption = None,
    talent: TalentOption = None,
    partner: PartnerOption = None,
    children: ChildrenOption = None,
    output: ProfileOutputOption = None,
    force: OverwriteOption = False,
    build_after: BuildAfterOption = None,
    pack: PackOption = None,
) -> None:
    """Write your profile by answering a few questions, then build your dossier.

    Asks only what is not given as an option, and only what can change your dossier (a
    scholarship for non-EU students, posting and passeport talent for workers); without a
    terminal (scripts), name, citizenship and status must be given as options.

    Example: paperasse init

    Example: paperasse init --name "Ana Souza" --citizenship Brésil --status student
    --language fr --arrival-date 2026-09-01 --build
    """
    from . import wizard

    options = {
        "name": name,
        "citizenship": citizenship,
        "status": status,
        "language": language,
        "arrival_date": arrival_date,
        "scholarship": scholarship,
        "posted": posted,
        "talent": talent,
        "partner": partner,
        "children": children,
    }
    interactive = wizard.stdin_is_terminal()
    if output is not None:
        wizard.check_target(output, force=force)  # before any question

    def check_default(name: str) -> None:
        if output is None:
            from ..inputs.stems import slugify

            wizard.check_target(Path(f"{slugify(name)}.yaml"), force=force)

    if interactive:
        profile = wizard.ask(options, typer.prompt, typer.echo, check_default)
    else:
        profile = wizard.profile_from_options(options)
    path = output or wizard.default_path(profile)
    wizard.write_profile_file(path, wizard.profile_yaml(profile, str(path)), force=force)
    typer.echo(f"Profile written to {path}")
    if build_after is None:
        build_after = interactive and typer.confirm("Build your dossier now?", default=True)
    if build_after and pack is None and interactive:
        whole = typer.confirm(
            f"The whole arrival in one dossier (pack {OFFERED_PACK}: residence permit, health "
            "insurance, housing, bank, taxes, driving licence, studies, family)? "
            "No: the health insurance guide only",
            default=True,
        )
        pack = OFFERED_PACK if whole else None
    if build_after:
        target, notices = wizard.build_now(path, pack)
        for notice in notices:
            info(f"{path}: {notice}")
        typer.echo(f"Dossier written to {target}")
    else:
        typer.echo(f"Build it with: paperasse build {path}")
        if pack is None:
            typer.echo(f"Or the whole arrival: paperasse build {path} --pack {OFFERED_PACK}")
