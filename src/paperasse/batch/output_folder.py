"""The output folder of a batch: its run state (opened, with the records of an older
``manifest.json``), the manifest's names (beside a file paperasse did not write), and the
temporary files a killed run left."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..build import TEMP_PATTERN
from ..errors import OutputProblem
from .manifest import MANIFEST_COLUMNS, MANIFEST_CSV, MANIFEST_JSON, read_manifest
from .planning import Lookup, foreign_test
from .state import RunState


def manifest_names(out: Path, lookup: Lookup, force: bool) -> tuple[tuple[str, str], list[str]]:
    """``manifest.json`` and ``manifest.csv``, or ``manifest-2.json``… when a file of that name
    is not paperasse's (the notice says so). A manifest written before the run state existed is
    recognised by its content."""
    notices: list[str] = []
    if force:
        return (MANIFEST_JSON, MANIFEST_CSV), notices
    test = foreign_test(lookup, {})

    def foreign(path: Path) -> bool:
        if not lookup(path.name) and path.is_file() and not path.is_symlink():
            return not _looks_like_our_manifest(path)
        return test(path)

    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        names = (f"manifest{suffix}.json", f"manifest{suffix}.csv")
        taken = [name for name in names if foreign(out / name)]
        if not taken:
            break
        if number == 1:
            notices.append(
                f"{out / taken[0]} was not written by paperasse (or changed since): "
                "the manifest is written beside it (--force overwrites it)"
            )
        number += 1
    if number > 1:
        notices[-1] = notices[-1].replace("beside it", f"as {names[0]} and {names[1]}")
    return names, notices


def _looks_like_our_manifest(path: Path) -> bool:
    try:
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return handle.readline().strip() == ",".join(MANIFEST_COLUMNS)
        if path.stat().st_size > 1 << 30:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
        return isinstance(data, dict) and "paperasse" in data and "dossiers" in data
    except (OSError, ValueError):
        return False


def open_state(out: Path) -> RunState:
    """The folder's run state; the first time, the records of a ``manifest.json`` written
    before there was one (so the files it lists stay paperasse's own)."""
    try:
        state = RunState(out)
        if state.is_empty():
            state.import_records(read_manifest(out).values())
    except sqlite3.Error as err:
        raise OutputProblem(f"cannot keep the run state: {err}", file=out) from None
    return state


def state_lookup(state: RunState) -> Lookup:
    def lookup(name: str) -> dict[str, Any]:
        record = state.file(name)
        if record is None:
            return {}
        return {"sha256": record.sha256, "inputs": record.inputs, "writing": record.writing}

    return lookup


def remove_leftovers(out: Path) -> None:
    """Delete the temporary files a killed run left (``.paperasse-<name>.<random>.part``, see
    :func:`~paperasse.build.write_atomic`; run under the folder's lock, so no other run is
    writing them): the folder then holds only whole files. Other hidden files are not ours."""
    if not out.is_dir():
        return
    for path in out.glob(TEMP_PATTERN):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
