"""``paperasse serve``: the web form (the web stack, :mod:`paperasse.web`, is imported when run)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..errors import UsageError
from .app import BrandOption, GuidesOption, handle_errors, info

HostOption = Annotated[
    str,
    typer.Option("--host", help="Address to listen on. Anything but loopback needs a --token."),
]

PortOption = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")]


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes that render.", show_default="every core"
    ),
]

TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="PAPERASSE_TOKEN",
        show_envvar=True,
        help="An access token every request must carry (Authorization: Bearer, "
        "or visit /?token=... once to get a cookie).",
    ),
]

MaxRowsOption = Annotated[
    int, typer.Option("--max-rows", min=1, help="Most rows an uploaded spreadsheet may have.")
]

TimeLimitOption = Annotated[
    float, typer.Option("--time-limit", min=0.1, help="Seconds one dossier may take to render.")
]

QueueOption = Annotated[
    int,
    typer.Option(
        "--queue",
        min=1,
        help="One-person requests waiting or rendering "
        "at once; more are answered 503 with Retry-After.",
    ),
]


@handle_errors
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    guides: GuidesOption = None,
    brand: BrandOption = None,
    jobs: JobsOption = None,
    token: TokenOption = None,
    max_rows: MaxRowsOption = 500,
    time_limit: TimeLimitOption = 60.0,
    queue: QueueOption = 100,
) -> None:
    """Start the web form (one person) and spreadsheet upload (agencies) on this machine.

    Binds to 127.0.0.1 unless --host says otherwise; keeps nothing (see the README's web
    section). Needs the web extra: pip install 'paperasse[web]'.

    Example: paperasse serve --port 8000 --brand agency/brand.yaml
    """
    from ..web.config import WebConfig, is_loopback

    token = (token or "").strip() or None
    if not is_loopback(host) and token is None:
        raise UsageError(
            "listening beyond this machine needs an access token: give "
            "--token or set PAPERASSE_TOKEN",
            key="--host",
            value=host,
        )
    if token is not None and len(token) < 16:
        raise UsageError("is too short: use at least 16 characters", key="--token", value="…")
    try:
        import uvicorn

        from ..web.app import create_app
    except ImportError as exc:
        from ..errors import EnvironmentProblem

        raise EnvironmentProblem(
            f"paperasse serve needs the web extra ({exc.name} is missing): "
            "pip install 'paperasse[web]'"
        ) from None
    from ..inputs.brand import load_brand

    for folder in guides or ():
        if not folder.is_dir():
            raise UsageError("guides folder not found", file=folder)
    config = WebConfig(
        host=host,
        port=port,
        guides_dirs=tuple(guides or ()),
        brand=load_brand(brand) if brand is not None else None,
        jobs=jobs,
        token=token,
        max_rows=max_rows,
        time_limit=time_limit,
        queue_limit=queue,
    )
    _check_address(host, port)
    app = create_app(config)
    _configure_logging()
    shown = f"[{host}]" if ":" in host else host
    info(f"serving on http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        log_level=os.environ.get("PAPERASSE_LOG", "warning"),
        timeout_graceful_shutdown=10,
    )


def _check_address(host: str, port: int) -> None:
    """A taken port or an address this machine does not have: one line, exit code 2."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        raise UsageError(
            f"cannot listen there: {exc.strerror or exc}",
            key="--host/--port",
            value=f"{host}:{port}",
        ) from None


def _configure_logging() -> None:
    """One line per request on stderr: method, path, status, time (see security.Guard)."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("paperasse: %(message)s"))
    log = logging.getLogger("paperasse.web")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
