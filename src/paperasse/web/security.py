"""One ASGI middleware for what every request goes through: the access token, the body size
limit, the security headers, and a log line without personal data.

Pure ASGI (not Starlette's ``BaseHTTPMiddleware``) so that it can count the body as it arrives
and refuse it past the limit, whatever the client's ``Content-Length`` says.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlencode

from . import i18n

log = logging.getLogger("paperasse.web")

COOKIE = "paperasse_token"

#: The pages' policy: nothing inline, nothing from elsewhere, no frames, forms to this site.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cache-control", b"no-store"),
]

#: Paths that need no token (they tell nothing): the health check, and the stylesheet (so the
#: "needs a token" page is readable).
OPEN_PATHS = ("/healthz", "/static/app.css")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class TooLarge(Exception):
    """The body went over its limit while the app read it."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"over {limit} bytes")
        self.limit = limit


def token_cookie_value(token: str) -> str:
    """The cookie holds a digest of the token, not the token itself."""
    return hashlib.sha256(b"paperasse-web:" + token.encode("utf-8")).hexdigest()


def too_large_message(lang: str, limit: int) -> str:
    return i18n.words(lang)["too_large"].format(limit=human_bytes(limit))


def human_bytes(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.3g} MB"
    return f"{max(1, round(size / 1000))} KB"


class Guard:
    """Wraps the app: see the module's docstring. ``limit_for(path)`` gives the body limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        limit_for: Callable[[str], int],
        page: Callable[[str, int, str], bytes],
        hosts: frozenset[str] | None = None,
    ) -> None:
        self.app = app
        self.token = token
        #: The host names a request may address (None: any). On loopback, only this machine's
        #: own names: a web page cannot reach the server by pointing a name of its own at
        #: 127.0.0.1 (DNS rebinding).
        self.hosts = hosts
        self.limit_for = limit_for
        self.page = page  # (lang, status, message) -> an HTML page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status: list[int] = [0]
        headers_of = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        lang = i18n.negotiate(headers_of.get("accept-language"))
        path = scope.get("path", "")

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers.extend(h for h in HEADERS if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        try:
            if await self._turned_away(scope, headers_of, lang, send_secured):
                return
            limit = self.limit_for(path)
            declared = headers_of.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await self._too_large(send_secured, lang, limit)
                return
            received = 0
            response_started = False

            async def counted_receive() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise TooLarge(limit)
                return message

            async def tracked_send(message: Message) -> None:
                nonlocal response_started
                if message["type"] == "http.response.start":
                    response_started = True
                await send_secured(message)

            try:
                await self.app(scope, counted_receive, tracked_send)
            except TooLarge:
                if not response_started:
                    await self._too_large(send_secured, lang, limit)
            except Exception as exc:  # a bug: its name in the log, never its message or values
                log.error("internal error: %s", type(exc).__name__)
                if not response_started:
                    await self._respond(send_secured, 500, lang, i18n.words(lang)["server_error"])
        finally:
            # Method, path (never the query: it may hold the token), status, time: no one's data.
            log.info(
                "%s %s %s %.0f ms",
                scope.get("method"),
                _loggable(path),
                status[0],
                (time.monotonic() - started) * 1000,
            )

    async def _turned_away(
        self, scope: Scope, headers_of: dict[str, str], lang: str, send: Send
    ) -> bool:
        """Answer a request for another host or without the token (or show the login form);
        ``True`` when answered, the app never called."""
        if self.hosts is not None and host_name(headers_of.get("host", "")) not in self.hosts:
            await self._respond(send, 400, lang, i18n.words(lang)["bad_host"])
            return True
        if self.token is not None and scope.get("path", "") not in OPEN_PATHS:
            verdict = self._check_token(scope, headers_of)
            if verdict == "login":
                await self._login(scope, send)
                return True
            if verdict == "refused":
                await self._respond(
                    send,
                    401,
                    lang,
                    i18n.words(lang)["unauthorised"],
                    extra=[(b"www-authenticate", b"Bearer")],
                )
                return True
        return False

    def _check_token(self, scope: Scope, headers: dict[str, str]) -> str:
        assert self.token is not None
        given = headers.get("authorization", "")
        if given.lower().startswith("bearer ") and hmac.compare_digest(
            given[7:].strip().encode(), self.token.encode()
        ):
            return "ok"
        expected = token_cookie_value(self.token)
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and hmac.compare_digest(value.encode(), expected.encode()):
                return "ok"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        offered = query.get("token", [""])[0]
        if (
            offered
            and scope.get("method") == "GET"
            and hmac.compare_digest(offered.encode(), self.token.encode())
        ):
            return "login"
        return "refused"

    async def _login(self, scope: Scope, send: Send) -> None:
        """A ``?token=`` visit: set the cookie and go to the same page without the token."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        query.pop("token", None)
        location = scope.get("path", "/") + (f"?{urlencode(query, doseq=True)}" if query else "")
        assert self.token is not None
        cookie = f"{COOKIE}={token_cookie_value(self.token)}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"set-cookie", cookie.encode()),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _too_large(self, send: Send, lang: str, limit: int) -> None:
        message = too_large_message(lang, limit)
        await self._respond(send, 413, lang, message, extra=[(b"connection", b"close")])

    async def _respond(
        self,
        send: Send,
        status: int,
        lang: str,
        message: str,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        body = self.page(lang, status, message)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    *(extra or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def host_name(header: str) -> str:
    """``127.0.0.1:8000`` → ``127.0.0.1``; ``[::1]:8000`` → ``::1``; lower-case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _loggable(path: str) -> str:
    """The path, with a batch's id cut short (it is the key to someone's files)."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[1] == "batch" and parts[2]:
        parts[2] = parts[2][:4] + "…"
    return "/".join(parts)[:200]
