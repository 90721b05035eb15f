"""A batch's memory against its number of rows, measured (never asserted in the test suite).

    .venv/bin/python benchmarks/bench_batch_memory.py 2000 200000

For each N it writes a CSV of N clients, then runs the whole batch (read, plan, run state,
manifest export) in a fresh process with a fake, fast renderer (a few bytes a dossier, no
WeasyPrint: the parent's own memory is what is measured), and prints the peak resident memory
(``ru_maxrss``) and the time. Target: N=200,000 within 1.5x the peak of N=2,000. The fake
dossiers are written without fsync (the disk is not what is measured).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import resource, sys, time
from dataclasses import dataclass
from pathlib import Path
sys.path.insert(0, {src!r})
from paperasse import batch
from paperasse.build import Builder

class Fast(Builder):
    def warm_up(self):
        pass
    def render(self, dossier):
        return ("%PDF fake " + dossier.profile.name).encode()

class Quiet(batch.Reporter):
    def written(self, job):
        pass
    def notice(self, message):
        pass

import paperasse.batch.pool as pool
pool.write_atomic = lambda path, data: path.write_bytes(data)  # no fsync: memory, not the disk

sheet, out, guide = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
options = batch.BatchOptions(guide=guide)
start = time.monotonic()
result = batch.run([sheet], out, options, Quiet(), builder=Fast(guide=guide))
took = time.monotonic() - start
print(result.summary().split(";")[0], "|", round(took, 1), "s |",
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "MB")
"""


def write_sheet(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,name,citizenship,status,language,arrival_date\n")
        for i in range(rows):
            handle.write(
                f"c{i:07d},Client {i} Silva,{('FR', 'BR', 'PL', 'VN')[i % 4]},"
                f"{('worker', 'student')[i % 2]},{('en', 'fr')[i % 2]},2026-09-{1 + i % 28:02d}\n"
            )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 200000]
    guide = str(ROOT / "tests" / "data" / "guides" / "en" / "testland" / "registration.md")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sheet = Path(tmp) / "clients.csv"
            write_sheet(sheet, n)
            started = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD.format(src=str(ROOT / "src")),
                    str(sheet),
                    str(Path(tmp) / "out"),
                    guide,
                ],
                capture_output=True,
                text=True,
            )
            line = done.stdout.strip() or done.stderr.strip()[-500:]
            print(f"N={n:>7,}: {line} (process {time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
