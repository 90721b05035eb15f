"""The ``paperasse`` command line: wiring, messages and exit codes, one small module a command.

:mod:`.app` holds the Typer application, the options and the one error handler the commands
share, and :func:`main` (the console entry point). The commands are registered here, in the
order ``paperasse --help`` lists them.
"""

from __future__ import annotations

from . import build, check, explain, guides, init, serve
from .app import app, main

app.command()(build.build)
app.command()(init.init)
app.command()(explain.explain)
app.command("guides")(guides.list_guides)
app.command()(check.check)
app.command()(serve.serve)  # the web stack is imported when it runs

__all__ = ["app", "main"]
