"""The Typer application, what its commands share (options, messages, the one error handler),
and the console entry point :func:`main`.

Heavy libraries (WeasyPrint, pydantic, markdown-it) are imported inside the commands, so that
``paperasse --help`` and ``--version`` start fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
import typer.core

from .. import __version__
from ..errors import UserError

app = typer.Typer(
    name="paperasse",
    help="Turn a bureaucracy guide and a person's profile into a personalised checklist PDF.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Command(typer.core.TyperCommand):
    """A command whose --help names values in words (``PROFILE...``, ``--guides DIR``), not
    in Python types (``{profiles}...``, ``<list[Path]>``, ``<str>``): every parameter without a
    metavar of its own gets one from its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument):
                word = param.metavar or (param.name or "value").upper().rstrip("S")
                if param.nargs != 1 and not word.endswith("..."):
                    word += "..."
                param.metavar = word
                usage = word if param.required else f"[{word}]"
                param.get_usage_pieces = _usage(usage)  # type: ignore[method-assign,assignment]
                param.display_type_rich = _no_type  # type: ignore[method-assign]
            elif param.metavar is None and not getattr(param, "is_flag", False):
                name = param.name or "value"
                param.metavar = _METAVARS.get(name, name.upper())


#: Option name -> the word for its value in --help (otherwise the name in capitals).
_METAVARS = {
    "guides": "DIR",
    "output": "PATH",
    "guide": "KEY|FILE",
    "pack": "KEY|FILE",
    "packs": "KEY|FILE",
    "fmt": "pdf|html",
    "jobs": "N",
    "max_rows": "N",
    "queue": "N",
    "time_limit": "SECONDS",
}


def _usage(metavar: str) -> Callable[[Any], list[str]]:
    return lambda ctx: [metavar]


def _no_type(ctx: Any) -> None:
    return None


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
    from ..guide.catalog import Catalog

    return [key for key in sorted(Catalog().entries) if key.startswith(incomplete)]


def complete_pack_key(incomplete: str) -> list[str]:
    """Shell completion of --pack: the bundled packs' keys."""
    from ..guide.catalog import Catalog

    try:
        keys = sorted(Catalog().packs())
    except UserError:
        return []
    return [key for key in keys if key.startswith(incomplete)]


#: Options shared by the commands that choose a guide (or several: a pack).
GuideOption = Annotated[
    list[str] | None,
    typer.Option(
        "--guide",
        "-g",
        help="A guide's translationKey or a guide file's path; give it several times for "
        "one dossier of several guides (in that order).",
        autocompletion=complete_guide_key,
    ),
]
PackOption = Annotated[
    str | None,
    typer.Option(
        "--pack",
        "-p",
        help="A pack of guides read as one dossier: a bundled pack's key (see paperasse "
        "guides) or a pack file's path.",
        autocompletion=complete_pack_key,
    ),
]


def guide_spec(guides: list[str] | None) -> str | tuple[str, ...] | None:
    """``--guide`` as the catalogue takes it: None, one guide, or several (an ad-hoc pack)."""
    if not guides:
        return None
    return guides[0] if len(guides) == 1 else tuple(guides)


#: The agency's brand file (build and serve).
BrandOption = Annotated[
    Path | None,
    typer.Option(
        "--brand",
        metavar="BRAND.yaml",
        help="The agency's name, logo, contact line and colour on every dossier.",
    ),
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


P = ParamSpec("P")
R = TypeVar("R")


def fail(err: UserError) -> NoReturn:
    """How every command stops on a :class:`UserError`: one line on stderr
    (``paperasse: error: file:line: key = value: message``) per problem (a profile's errors
    are all told at once) and the error's exit code."""
    for each in err.errors:
        error(str(each))
    raise typer.Exit(err.exit_code)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """The one error handler of every command (see :func:`fail`)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except UserError as err:
            fail(err)

    return run


def _terminate_as_interrupt() -> None:
    """SIGTERM (``kill``, a CI timeout) at any moment is an interruption like Ctrl-C: exit code
    130 and what was written stays whole (not 143 when it comes before the rendering starts)."""
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    """Console entry point. A bug never shows a traceback unless PAPERASSE_DEBUG=1 is set."""
    _terminate_as_interrupt()
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("paperasse: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last resort: every expected problem is a UserError
        from ..errors import internal_error

        sys.exit(internal_error(exc))
