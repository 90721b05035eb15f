"""The ``paperasse`` command line: wiring, messages and exit codes, one small module a command.

:mod:`.app` holds the Typer application, the options and the one error handler the commands
share, and :func:`main` (the console entry point). The commands are registered here, in the
order ``paperasse --help`` lists them.
"""

from __future__ import annotations

from . import build, check, explain, guides, init, serve
from .app import Command, app, main

app.command(cls=Command)(build.build)
app.command(cls=Command)(init.init)
app.command(cls=Command)(explain.explain)
app.command("guides", cls=Command)(guides.list_guides)
app.command(cls=Command)(check.check)
app.command(cls=Command)(serve.serve)  # the web stack is imported when it runs

__all__ = ["app", "main"]
