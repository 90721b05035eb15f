"""Helpers for the security tests: a local "trap" server that counts every connection made to it,
hostile inputs, and a reader for the link annotations of a PDF."""

from __future__ import annotations

import base64
import html
import io
import re
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = b"body { background: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class TrapServer(socketserver.ThreadingTCPServer):
    """Listens on 127.0.0.1 (a free port); ``connections`` counts every accepted connection,
    whether or not a request follows, ``paths`` the HTTP paths asked for."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []

    def process_request(self, request: object, client_address: object) -> None:
        self.connections += 1
        super().process_request(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def trap_server() -> Iterator[TrapServer]:
    server = TrapServer()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def hostile_guide(url: str) -> str:
    """A guide whose Markdown tries every way to fetch ``url`` and ``file:///etc/passwd``, and
    to make links and QR codes of other schemes."""
    return f"""---
title: "Hostile <b>guide</b> {{{{ 7*7 }}}}"
author: "<img src='{url}/author.png'>"
description: "<link rel=stylesheet href='{url}/meta.css'>"
source: "<script>alert(1)</script>"
---

## Description
<img src="{url}/raw-img.png"> raw image tag.

<link rel="stylesheet" href="{url}/raw-link.css">

<style>@import url("{url}/raw-import.css"); body {{ background: url("{url}/raw-bg.png") }}</style>

<script src="{url}/raw-script.js"></script>

<iframe src="file:///etc/passwd"></iframe><object data="{url}/object"></object>

<svg><image href="{url}/svg-image.png"/></svg>

![alt-http-image]({url}/md-image.png) and ![alt-file-image](file:///etc/passwd) and
![alt-relative-image](../../../../etc/passwd) and ![alt-local-image](picture.png).

## Procedure
1. Click [js-link](javascript:alert(1)) now.
2. Or [data-link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) here.
3. Or [file-link](file:///etc/passwd) and [vb-link](vbscript:msgbox(1))
   and [rel-link](../secret.md).
4. Or <javascript:alert(2)> and [entity-link](&#106;avascript:alert(3))
   and [JS-upper](JAVASCRIPT:alert(4)).
5. Visit the [good-link](https://good.example/ok) and [mail-link](mailto:help@good.example).
6. <!-- when: worker --> Worker step with [ftp-link](ftp://files.example/x).

## Required Documents
- Passport <img src=x onerror=alert(1)>
- A form from [smb-link](smb://server/share) or [intent-link](intent://scan/#Intent;end)

## Providers that can do it for you
| Provider | Website | Timelines | Cost |
| --- | --- | --- | --- |
| Evil Ltd | [Website](javascript:alert(5)) | 1 day | Free |
| Local | file:///etc/passwd | 1 day | Free |
| Good Ltd | [Website](https://provider.example) | 2 days | Free |

## Additional details
Nothing more.
"""


def pdf_link_uris(data: bytes) -> list[str]:
    """Every URI of every link annotation in the PDF (what a click would open)."""
    import pypdf

    uris = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or ():
            action = annot.get_object().get("/A")
            if action is not None and action.get("/URI") is not None:
                uris.append(str(action["/URI"]))
    return uris


#: The one ``<img>`` paperasse writes into a dossier's HTML: a QR code as a PNG data URI, the
#: first thing inside the ``qr-link`` anchor of the link it encodes.
QR_IMAGE = re.compile(
    r'(<a class="qr-link" href="(?P<href>[^"<>]*)">)'
    r'<img class="qr" src="data:image/png;base64,(?P<png>[A-Za-z0-9+/]*=*)" alt="[^"<>]*">'
)


def without_qr_images(page: str) -> str:
    """``page`` without the QR code images paperasse made, each checked to be exactly the QR code
    of its http(s) link's address (so no input can pass an image of its own for one). Any other
    ``<img>`` is left in place, for the caller's checks to find."""

    def check(match: re.Match[str]) -> str:
        from paperasse.render.qr import qr_png

        href = html.unescape(match["href"])
        assert href.lower().startswith(("http://", "https://")), match[0][:200]
        assert base64.b64decode(match["png"], validate=True) == qr_png(href), match[0][:200]
        return match[1]

    return QR_IMAGE.sub(check, page)
