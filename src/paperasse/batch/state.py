"""An output folder's run state, in SQLite (stdlib :mod:`sqlite3`), and the lock that keeps two
runs out of one folder.

``<out>/.paperasse-state.sqlite`` remembers every file paperasse wrote into the folder (name,
sha256, the digest of its inputs; for a PDF dossier, what a pack's cover says of it: pages,
first deadline, language) and the lines of the last run's manifest. It is updated as
each dossier finishes, one small transaction at a time, so a killed run (even SIGKILL) leaves a
state that tells the truth; ``manifest.json`` and ``manifest.csv`` are exported from it
(:mod:`paperasse.batch.manifest`). A file is paperasse's own when the state records it with the
sha256 it has on disk (or records that a run was writing it when it was stopped); anything else
in the folder belongs to someone else and is never overwritten without ``--force``.

``<out>/.paperasse.lock`` is held with ``flock`` for the whole run; a second run into the same
folder stops at once and says which process holds it. (Where there is no ``fcntl``, on
Windows, there is no lock.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import platform
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import TEMP_PREFIX, TEMP_SUFFIX
from ..errors import OutputProblem, UsageError
from .jobs import CoverFacts

STATE_FILE = ".paperasse-state.sqlite"
LOCK_FILE = ".paperasse.lock"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(
    name TEXT PRIMARY KEY,      -- a file paperasse wrote into the folder
    sha256 TEXT,                -- its bytes' sha256 when written
    inputs TEXT,                -- the digest of what it was made from (dossiers)
    writing INTEGER NOT NULL DEFAULT 0  -- 1 while a run renders it
);
CREATE TABLE IF NOT EXISTS entries(
    seq INTEGER PRIMARY KEY,    -- the last run's manifest lines, in input order
    source TEXT, row INTEGER, output TEXT, status TEXT, error TEXT, sha256 TEXT, inputs TEXT
);
CREATE TABLE IF NOT EXISTS jobs(
    seq INTEGER PRIMARY KEY,    -- the last run's jobs with a profile (pickled), read back
    job BLOB,
    render INTEGER NOT NULL     -- 1: to render
);
CREATE TABLE IF NOT EXISTS covers(
    name TEXT PRIMARY KEY,      -- a PDF dossier paperasse wrote: what a pack's cover says of it
    sha256 TEXT,                -- the file it was said of
    pages INTEGER, first_due TEXT, lang TEXT  -- first_due: ISO date, NULL without one
);
CREATE TEMP TABLE IF NOT EXISTS taken(folded TEXT PRIMARY KEY, place TEXT);
"""


def printable_name(text: str) -> str:
    """A file name as text that can be stored and exported: bytes of a name that were not
    UTF-8 (decoded by Python as lone surrogates) become ``\\xNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def prepare_folder(out: Path) -> None:
    """The output folder, made if needed and checked writable before any work: ``-o`` at an
    existing file is a usage error (exit code 2), a folder paperasse cannot write into (read
    only, full, not allowed) an :class:`~paperasse.errors.OutputProblem` (exit code 4)."""
    if out.exists() and not out.is_dir():
        raise UsageError(
            "is an existing file, not a folder (a single dossier's file name ends in .pdf or "
            ".html)",
            key="--output",
            value=str(out),
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}probe.", suffix=TEMP_SUFFIX, dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise OutputProblem(
            f"cannot write into the output folder: {err.strerror or err}", file=out
        ) from None


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold ``out``'s lock for the ``with`` block; another run holding it is an
    :class:`~paperasse.errors.OutputProblem` naming its process."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    path = out / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputProblem(
            f"cannot write into the output folder: {err.strerror or err}", file=out
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "another process"
            raise OutputProblem(
                f"another paperasse run is writing into this folder ({holder}); wait for it to "
                "end, or choose another -o",
                file=out,
            ) from None
        since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        holder = f"process {os.getpid()} on {platform.node()}, since {since}\n"
        os.pwrite(fd, holder.encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass
class FileRecord:
    sha256: str | None
    inputs: str | None
    writing: bool


class RunState:
    """The state database of one output folder (open it under :func:`folder_lock`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / STATE_FILE
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # not a database (damaged): paperasse's own name, start anew
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{self.path}{suffix}")
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = None
            db.executescript(_SCHEMA)
            found = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            version = found[0] if found else None
            if version is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"state schema {version}")
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # files: what paperasse wrote

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None

    def file(self, name: str) -> FileRecord | None:
        found = self.db.execute(
            "SELECT sha256, inputs, writing FROM files WHERE name=?", (printable_name(name),)
        ).fetchone()
        return None if found is None else FileRecord(found[0], found[1], bool(found[2]))

    def import_records(self, records: Iterable[dict[str, Any]]) -> None:
        """Records of a ``manifest.json`` written before there was a state database."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO files(name, sha256, inputs) VALUES (?, ?, ?)",
                (
                    (r["output"], r.get("sha256"), r.get("inputs"))
                    for r in records
                    if isinstance(r.get("sha256"), str)
                ),
            )

    def wrote(self, name: str, sha256: str, inputs: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO files(name, sha256, inputs, writing) VALUES (?, ?, ?, 0) "
            "ON CONFLICT(name) DO UPDATE SET sha256=excluded.sha256, inputs=excluded.inputs, "
            "writing=0",
            (printable_name(name), sha256, inputs),
        )

    def covered(self, name: str, sha256: str, facts: CoverFacts) -> None:
        """What the cover says of the dossier ``name`` written with ``sha256``."""
        first_due = facts.first_due.isoformat() if facts.first_due is not None else None
        self.db.execute(
            "INSERT OR REPLACE INTO covers VALUES (?, ?, ?, ?, ?)",
            (printable_name(name), sha256, facts.pages, first_due, facts.lang),
        )

    def cover(self, name: str, sha256: str) -> CoverFacts | None:
        """What the cover says of the dossier ``name`` as written with ``sha256``; None when
        not known (a state from before covers were kept, another file)."""
        found = self.db.execute(
            "SELECT pages, first_due, lang FROM covers WHERE name=? AND sha256=?",
            (printable_name(name), sha256),
        ).fetchone()
        if found is None:
            return None
        pages, first_due, lang = found
        due = dt.date.fromisoformat(first_due) if first_due else None
        return CoverFacts(int(pages), due, str(lang))

    def writing(self, names: Iterable[str]) -> None:
        """Mark files a run is about to write (so that, killed before it records them, the
        next run still knows them as its own)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO files(name, writing) VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET writing=1",
                ((printable_name(n),) for n in names),
            )

    # entries: the manifest's lines

    def set_entries(self, records: Iterable[dict[str, Any]]) -> None:
        """The run's lines (replacing the last run's), in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM entries")
            db.executemany(
                "INSERT INTO entries(seq, source, row, output, status, error, sha256, inputs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        seq,
                        printable_name(r["source"]),
                        r["row"],
                        r["output"],
                        r["status"],
                        r["error"] and printable_name(r["error"]),
                        r["sha256"],
                        r["inputs"],
                    )
                    for seq, r in enumerate(records)
                ),
            )

    def begin_run(self) -> None:
        """A new run's lines and jobs replace the last run's (in the transaction begun)."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM entries")
        self.db.execute("DELETE FROM jobs")
        self.db.execute("DELETE FROM taken")

    def commit(self, again: bool = True) -> None:
        self.db.execute("COMMIT")
        if again:
            self.db.execute("BEGIN IMMEDIATE")

    def add(self, seq: int, record: dict[str, Any], job: Any = None, render: bool = False) -> None:
        """One line of the run (inside :meth:`begin_run`'s transaction), the job itself to be
        read back (for rendering when ``render``)."""
        self.db.execute(
            "INSERT INTO entries(seq, source, row, output, status, error, sha256, inputs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                printable_name(record["source"]),
                record["row"],
                record["output"],
                record["status"],
                record["error"] and printable_name(record["error"]),
                record["sha256"],
                record["inputs"],
            ),
        )
        if job is not None:
            self.db.execute(
                "INSERT INTO jobs VALUES (?, ?, ?)", (seq, pickle.dumps(job, 5), int(render))
            )
        if render:  # its file is marked as being written
            self.db.execute(
                "INSERT INTO files(name, writing) VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET writing=1",
                (record["output"],),
            )

    def jobs(self, render: bool = True, chunk: int = 500) -> Iterator[tuple[int, Any]]:
        """The jobs kept by :meth:`add` (those to render, or all), in order, a chunk at a time."""
        last = -1
        least = 1 if render else 0
        while True:
            rows = self.db.execute(
                "SELECT seq, job FROM jobs WHERE seq > ? AND render >= ? ORDER BY seq LIMIT ?",
                (last, least, chunk),
            ).fetchall()
            if not rows:
                return
            for seq, blob in rows:
                yield seq, pickle.loads(blob)
            last = rows[-1][0]

    def count_kept(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM jobs WHERE render=1").fetchone()[0])

    # Taken: the output names given in this run

    def get(self, name: str) -> str | None:
        found = self.db.execute("SELECT place FROM taken WHERE folded=?", (name,)).fetchone()
        return None if found is None else str(found[0])

    def __setitem__(self, name: str, place: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO taken VALUES (?, ?)", (printable_name(name), place))

    def update_entry(self, seq: int, record: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE entries SET status=?, error=?, sha256=?, inputs=? WHERE seq=?",
            (
                record["status"],
                record["error"] and printable_name(record["error"]),
                record["sha256"],
                record["inputs"],
                seq,
            ),
        )

    def entries(self, chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """The manifest's lines in order, read a chunk at a time (never all in memory)."""
        last = -1
        columns = ("source", "row", "output", "status", "error", "sha256", "inputs")
        while True:
            rows = self.db.execute(
                "SELECT seq, source, row, output, status, error, sha256, inputs FROM entries "
                "WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, chunk),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield dict(zip(columns, row[1:], strict=True))
            last = rows[-1][0]

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, count(*) FROM entries GROUP BY status"))
