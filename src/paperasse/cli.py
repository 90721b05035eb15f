"""The ``paperasse`` command line. Commands only: wiring, messages and exit codes.

Heavy libraries (WeasyPrint, pydantic, markdown-it) are imported inside the commands, so that
``paperasse --help`` and ``--version`` start fast.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import EXIT_INPUT, EXIT_OK, UserError
from .i18n import LANGUAGES

app = typer.Typer(
    name="paperasse",
    help="Turn a bureaucracy guide and a person's profile into a personalised checklist PDF.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

PROFILE_HELP = (
    "Profile files (.yaml, .yml, .toml, .json), folders of them, and spreadsheets (.csv, "
    ".xlsx) with one profile a row."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paperasse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """paperasse: personalised, printable checklists for bureaucratic procedures."""


def complete_guide_key(incomplete: str) -> list[str]:
    """Shell completion of --guide: the bundled guides' translationKeys."""
    from .guide.catalog import Catalog

    return [key for key in sorted(Catalog().entries) if key.startswith(incomplete)]


#: Options shared by the commands that choose a guide.
GuideOption = Annotated[
    str | None,
    typer.Option("--guide", "-g", help="A guide's translationKey or a guide file's path.",
                 autocompletion=complete_guide_key),
]
GuidesOption = Annotated[
    list[Path] | None,
    typer.Option("--guides", help="A folder of guides (<lang>/<country>/<slug>.md) to add."),
]


def error(message: str) -> None:
    """One line on stderr, never a traceback."""
    typer.echo(f"paperasse: error: {message}", err=True)


def info(message: str) -> None:
    typer.echo(f"paperasse: {message}", err=True)


@app.command()
def build(
    profiles: Annotated[list[Path], typer.Argument(help=PROFILE_HELP, show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder, or a .pdf/.html file for one profile.",
                     show_default="./dossiers"),
    ] = None,
    guide: GuideOption = None,
    guides: GuidesOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="pdf, or html (one self-contained file).")
    ] = "pdf",
    fillable: Annotated[
        bool, typer.Option("--fillable", help="Tick boxes that can be ticked in a PDF viewer.")
    ] = False,
    date: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                     help="Generation date printed on the page (default: none; the PDF's "
                          "date is the guide's)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes.", show_default="every core"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild every dossier, even unchanged ones.")
    ] = False,
    ignore_columns: Annotated[
        str | None,
        typer.Option("--ignore-columns", metavar="COL,COL",
                     help="Spreadsheet columns that are not profile keys, even if they look like "
                          "one (others are ignored anyway; near-misses of a key are errors)."),
    ] = None,
    brand: Annotated[
        Path | None,
        typer.Option("--brand", metavar="BRAND.yaml",
                     help="The agency's name, logo, contact line and colour on every dossier."),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option("--merge", metavar="PACK.pdf",
                     help="Also join all the dossiers into this one PDF (a bookmark per client)."),
    ] = None,
) -> None:
    """Build one checklist per profile: profile files, folders of them, CSV or .xlsx rows.

    Example: paperasse build clients.csv examples/ -o dossiers/
    """
    import dataclasses

    from . import batch
    from .batch.pack import check_merge_target, write_pack
    from .errors import UsageError
    from .inputs.brand import load_brand
    from .inputs.tables import normalise_column
    from .render.options import RenderOptions

    try:
        render = RenderOptions(fmt=fmt.lower(), fillable=fillable,
                               date=date.date() if date else None)
        fmt = render.fmt
        out = output or Path("dossiers")
        single_file = out.suffix.lower() in (".pdf", ".html")
        if merge is not None:
            check_merge_target(merge, fmt)
        if brand is not None:
            render = dataclasses.replace(render, brand=load_brand(brand))
        options = batch.BatchOptions(
            guide=guide, guides_dirs=tuple(guides or ()), render=render, jobs=jobs, force=force,
            ignore_columns=frozenset(
                normalise_column(c) for c in (ignore_columns or "").split(",") if c.strip()),
        )
        reporter = batch.default_reporter()
        if single_file:
            if out.suffix.lower() != f".{fmt}":
                raise UsageError(f"does not match --format {fmt}", key="--output", value=str(out))
            files = batch.expand_inputs(profiles)
            if len(files) != 1:
                raise UsageError(
                    f"a file name as output needs exactly one profile (got {len(files)})",
                    key="--output", value=str(out))
            result = batch.run_single(files[0], out, options, reporter)
        else:
            result = batch.run(profiles, out, options, reporter)
    except UserError as err:
        _fail(err)
    info(result.summary())
    exit_code = result.exit_code
    if merge is not None:
        try:
            info(write_pack(result, merge))
        except UserError as err:
            error(str(err))
            exit_code = max(exit_code, err.exit_code)
    raise typer.Exit(exit_code)


@app.command()
def init(
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    citizenship: Annotated[
        str | None,
        typer.Option("--citizenship", help="A country name (English or French) or code: "
                     "Brazil, Brésil, BR."),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="worker or student.",
                                 autocompletion=lambda: ["worker", "student"])
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help=f"Language of the dossier: {' or '.join(LANGUAGES)}.",
                     show_default="en", autocompletion=lambda: list(LANGUAGES)),
    ] = None,
    arrival_date: Annotated[
        str | None,
        typer.Option("--arrival-date", metavar="YYYY-MM-DD", help="Date of arrival in France."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The profile file to write.",
                     show_default="./<your-name>.yaml"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    build_after: Annotated[
        bool | None,
        typer.Option("--build/--no-build", help="Build the dossier at once (asked if not given "
                     "and a terminal is there; not built otherwise).", show_default=False),
    ] = None,
) -> None:
    """Write your profile by answering a few questions, then build your dossier.

    Asks only what is not given as an option; without a terminal (scripts), name, citizenship
    and status must be given as options.

    Example: paperasse init

    Example: paperasse init --name "Ana Souza" --citizenship Brésil --status student
    --language fr --arrival-date 2026-09-01 --build
    """
    from . import wizard

    options = {"name": name, "citizenship": citizenship, "status": status,
               "language": language, "arrival_date": arrival_date}
    interactive = wizard.stdin_is_terminal()
    try:
        if output is not None and output.exists() and not force:
            from .errors import UsageError

            raise UsageError("file exists; use --force to overwrite it", file=output)
        if interactive:
            profile = wizard.ask(options, typer.prompt, typer.echo)
        else:
            profile = wizard.profile_from_options(options)
        path = output or wizard.default_path(profile)
        wizard.write_profile_file(path, wizard.profile_yaml(profile, str(path)), force=force)
        typer.echo(f"Profile written to {path}")
        if build_after is None:
            build_after = interactive and typer.confirm("Build your dossier now?", default=True)
        if build_after:
            target, notices = wizard.build_now(path)
            for notice in notices:
                info(f"{path}: {notice}")
            typer.echo(f"Dossier written to {target}")
        else:
            typer.echo(f"Build it with: paperasse build {path}")
    except UserError as err:
        _fail(err)


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="A profile file (.yaml, .yml, .toml, .json).",
                                            show_default=False)],
    guide: GuideOption = None,
    guides: GuidesOption = None,
) -> None:
    """Show which steps and documents apply to a profile, and why the others are left out.

    Example: paperasse explain examples/non-eu-student.yaml
    """
    from .build import Builder
    from .explain import make_console, print_explanation
    from .inputs.profile import read_profile

    try:
        if not profile.exists():
            from .errors import UsageError

            raise UsageError("no such file", file=profile)
        person = read_profile(profile)
        dossier = Builder(guide=guide, guides_dirs=tuple(guides or ())).dossier(person)
    except UserError as err:
        _fail(err)
    print_explanation(dossier, make_console())


@app.command("guides")
def list_guides(
    guides: GuidesOption = None,
) -> None:
    """List the guides: translationKey, languages, title, date and last-checked date.

    Example: paperasse guides --guides ~/agency-guides
    """
    from .explain import make_console, print_guides, summarise
    from .guide.catalog import Catalog

    extra = tuple(guides or ())
    try:
        summaries = summarise(Catalog(extra), extra)
    except UserError as err:
        _fail(err)
    print_guides(summaries, make_console())
    bad = [s for s in summaries if s.problem]
    for summary in bad:
        error(summary.problem or "")
    raise typer.Exit(EXIT_INPUT if bad else EXIT_OK)


@app.command()
def check(
    guides_in: Annotated[
        list[str] | None,
        typer.Argument(metavar="GUIDE...", show_default=False,
                       help="Guide files, folders of guides, or translationKeys "
                            "(default: every bundled guide and --guides folder)."),
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
    from .guide.lint import NOTE
    from .guide.lint import check as run_check

    try:
        report = run_check(guides_in or [], tuple(guides or ()))
    except UserError as err:
        _fail(err)
    for finding in report.sorted():
        if quiet and finding.severity == NOTE:
            continue
        typer.echo(str(finding))
    typer.echo(report.summary())
    raise typer.Exit(EXIT_OK if report.ok else EXIT_INPUT)


from .web.command import serve  # noqa: E402  (imports typer only; the web stack when run)

app.command()(serve)


def _fail(err: UserError) -> None:
    error(str(err))
    raise typer.Exit(err.exit_code)


def main() -> None:
    """Console entry point. A bug never shows a traceback unless PAPERASSE_DEBUG=1 is set."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("paperasse: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last resort: every expected problem is a UserError
        from .errors import internal_error

        sys.exit(internal_error(exc))
