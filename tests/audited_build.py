"""Run ``paperasse build`` under an audit hook (PEP 578) and write what it did as JSON.

Usage: python audited_build.py REPORT.json -- <paperasse arguments>

Records every ``open`` (path, mode), every ``socket.*`` event, and every process started. After
the build it does, on purpose, one open outside any allowed folder and one address lookup: the
test checks that the hook saw them (the hook works) before checking that the build did neither.
"""

from __future__ import annotations

import json
import os
import sys

CONTROL_FILE = "/etc/hostname"
CONTROL_HOST = "127.0.0.1"


def main() -> None:
    report_path = sys.argv[1]
    args = sys.argv[sys.argv.index("--") + 1 :]
    report = open(report_path, "w", encoding="utf-8")  # noqa: SIM115 (before the hook)
    events: list[list[object]] = []
    phase = ["build"]

    def hook(event: str, hook_args: tuple) -> None:
        if event == "open":
            path = hook_args[0]
            if isinstance(path, int):
                return
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            events.append([phase[0], "open", str(path), str(hook_args[1])])
        elif event.startswith("socket.") or event in (
            "subprocess.Popen",
            "os.system",
            "os.exec",
            "os.posix_spawn",
            "os.spawn",
            "os.fork",
            "urllib.Request",
            "http.client.connect",
            "ftplib.connect",
        ):
            events.append([phase[0], event, repr(hook_args)[:300], ""])

    sys.addaudithook(hook)
    from paperasse.cli import main as paperasse_main

    sys.argv = ["paperasse", *args]
    code: object = 0
    try:
        paperasse_main()
    except SystemExit as exit_:
        code = exit_.code
    phase[0] = "control"
    try:
        with open(CONTROL_FILE, "rb"):
            pass
    except OSError:
        pass
    import socket

    socket.getaddrinfo(CONTROL_HOST, 9)
    json.dump({"exit": code, "events": events}, report)
    report.close()


if __name__ == "__main__":
    main()
