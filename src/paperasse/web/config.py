"""What ``paperasse serve`` was started with: one frozen value the app and its pool share."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..inputs.brand import Brand

TOKEN_ENV = "PAPERASSE_TOKEN"


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    guides_dirs: tuple[Path, ...] = ()
    brand: Brand | None = None
    #: Worker processes that render (the pool); None: every core.
    jobs: int | None = None
    #: Every request must carry this token (header, or the cookie a ?token= visit sets).
    token: str | None = None
    #: Largest request body for the one-person form, and for a spreadsheet upload (bytes).
    max_form_bytes: int = 64_000
    max_upload_bytes: int = 5_000_000
    #: Most rows an uploaded spreadsheet may have.
    max_rows: int = 500
    #: One-person requests waiting for or being rendered; more get 503 with Retry-After.
    queue_limit: int = 100
    #: Batches running at once; more get 503.
    max_batches: int = 2
    #: Seconds one dossier may take to render (its worker is then stopped and replaced).
    time_limit: float = 60.0
    #: Seconds a finished batch's ZIP is kept for its download; deleted at once when downloaded.
    keep_seconds: float = 900.0
    #: Seconds POST /batch waits for a small batch before sending its status page instead.
    quick_wait: float = 3.0
    #: Make each worker's PDF renderer at start (imports WeasyPrint) rather than on first use.
    warm_up: bool = True


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: only this machine can connect."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
