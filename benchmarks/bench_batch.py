"""Batch speed and memory, measured (never asserted in the test suite).

    make bench                                   # 200 profiles, the bundled France guide
    .venv/bin/python benchmarks/bench_batch.py --n 200 --loop-sample 20 --memory

It generates N profiles (YAML files, every citizenship/status/language mix) in a temporary
folder, then times:

  (a) one `paperasse build` process per profile, as a shell loop would. For N=200 that is slow,
      so only --loop-sample of them are run and the per-dossier time is multiplied by N (the
      output says so);
  (b) one batch run over the same N profiles (`paperasse build folder/ --jobs J`);
  (c) WeasyPrint alone, in one process, rendering the same dossiers' HTML (the floor: HTML made
      beforehand, stylesheets parsed once, not timed); over --floor-sample of them when given;
  (d) the same batch run again with nothing changed;

and prints the ratios against the targets: (b) >= 4x faster than (a); (b) per dossier within
1.3x of (c) / cores used; (d) < 2 s. With --memory it also runs batches of 100 and 1,000 and
compares their peak memory (the paperasse process plus its workers, summed, sampled every 20 ms
with psutil), target <= 1.5x.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CITIZENSHIPS = ["FR", "PL", "DE", "BR", "VN", "US", "IN", "NG", "it", "Brazil"]
STATUSES = ["worker", "student"]
LANGUAGES = ["en", "fr"]
FIRST = ["Ana", "Bruno", "Chen", "Dana", "Émile", "Farah", "Göran", "Hina", "Ivo", "Jun", "Zoë"]
LAST = ["Silva", "Nguyễn", "Kowalski", "Okafor", "Müller", "Dubois", "Rossi", "Sharma"]


def paperasse_command() -> list[str]:
    exe = Path(sys.executable).with_name("paperasse")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from paperasse.cli import main; main()"]


def make_profiles(folder: Path, n: int) -> list[Path]:
    """N YAML profiles, cycling through the combinations; some with an arrival date."""
    folder.mkdir(parents=True, exist_ok=True)
    combos = itertools.cycle(itertools.product(CITIZENSHIPS, STATUSES, LANGUAGES))
    paths = []
    for i in range(n):
        citizenship, status, language = next(combos)
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        lines = [f"id: client-{i:04d}", f"name: {name}", f"citizenship: {citizenship}",
                 f"status: {status}", f"language: {language}"]
        if i % 3 == 0:
            lines.append(f"arrival_date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
        path = folder / f"client-{i:04d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class PeakMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                return
            self.peak = max(self.peak, total)
            time.sleep(0.02)


def run_batch(inputs: list[Path], out: Path, jobs: int | None, extra: tuple[str, ...] = (),
              measure_memory: bool = False) -> tuple[float, int]:
    """Wall time of one `paperasse build` process, and its peak memory (bytes) when asked."""
    command = [*paperasse_command(), "build", *map(str, inputs), "-o", str(out), *extra]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    if measure_memory:
        with PeakMemory(process.pid) as memory:
            _, err = process.communicate()
        peak = memory.peak
    else:
        _, err = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"bench: paperasse failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


def time_loop(profiles: list[Path], out: Path) -> float:
    """(a): one process per profile, sequentially; seconds per dossier."""
    start = time.perf_counter()
    for profile in profiles:
        run_batch([profile], out, jobs=None, extra=("--force",))
    return (time.perf_counter() - start) / len(profiles)


def time_floor(profiles: list[Path]) -> float:
    """(c): WeasyPrint alone in one process over the dossiers' HTML; seconds per dossier."""
    from paperasse.build import Builder
    from paperasse.profile import read_profile
    from paperasse.render.html import render_html
    from paperasse.render.pdf import PdfRenderer

    builder = Builder()
    pages = [render_html(builder.dossier(read_profile(p))) for p in profiles]
    renderer = PdfRenderer()  # stylesheets parsed and fonts configured once, not timed
    renderer.render(pages[0])  # warm-up (first-use caches), not timed
    start = time.perf_counter()
    for html in pages:
        renderer.render(html)
    return (time.perf_counter() - start) / len(pages)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    from paperasse.batch import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="profiles in the batch (200)")
    parser.add_argument("--jobs", type=int, default=None, help="batch workers (every core)")
    parser.add_argument("--loop-sample", type=int, default=20,
                        help="profiles timed one process each for (a) (20; 0 = all N)")
    parser.add_argument("--floor-sample", type=int, default=0,
                        help="dossiers timed for (c) (0 = all N)")
    parser.add_argument("--memory", action="store_true",
                        help="also compare the peak memory of batches of 100 and 1,000 (slow)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    jobs = args.jobs or default_jobs()
    tmp = Path(tempfile.mkdtemp(prefix="paperasse-bench-"))
    try:
        profiles = make_profiles(tmp / "profiles", args.n)
        print(f"paperasse batch benchmark: {args.n} profiles, bundled guide, {jobs} workers "
              f"on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

        sample = profiles[: args.loop_sample or args.n]
        a_per = time_loop(sample, tmp / "loop")
        a_total = a_per * args.n
        note = "" if len(sample) == args.n else (
            f" (extrapolated: {len(sample)} timed, {a_per:.2f} s each x {args.n})")
        print(f"(a) one process per profile : {a_total:8.1f} s{note}")

        b_total, b_peak = run_batch([tmp / "profiles"], tmp / "batch", jobs,
                                    measure_memory=_has_psutil())
        b_per = b_total / args.n
        print(f"(b) one batch run           : {b_total:8.1f} s  ({b_per:.3f} s per dossier"
              + (f", peak memory {b_peak / 2**20:.0f} MiB)" if b_peak else ")"))

        floor_sample = profiles[: args.floor_sample or args.n]
        c_per = time_floor(floor_sample)
        note = "" if len(floor_sample) == args.n else f" (over {len(floor_sample)} dossiers)"
        print(f"(c) WeasyPrint alone        : {c_per * args.n:8.1f} s  ({c_per:.3f} s per "
              f"dossier, one process){note}")

        d_total, _ = run_batch([tmp / "profiles"], tmp / "batch", jobs)
        print(f"(d) re-run, nothing changed : {d_total:8.2f} s")

        print()
        speedup = a_total / b_total
        print(f"(a)/(b) = {speedup:.1f}x faster          target >= 4x    {verdict(speedup >= 4)}")
        ratio = b_per / (c_per / jobs)
        print(f"(b) per dossier / ((c) / {jobs}) = {ratio:.2f}  target <= 1.3  "
              f"{verdict(ratio <= 1.3)}")
        print(f"(d) = {d_total:.2f} s                    target < 2 s    "
              f"{verdict(d_total < 2)}")

        if args.memory:
            if not _has_psutil():
                sys.exit("bench: --memory needs psutil (pip install -e '.[bench]')")
            peaks = {}
            for size in (100, 1000):
                folder = tmp / f"mem{size}"
                make_profiles(folder, size)
                seconds, peaks[size] = run_batch([folder], tmp / f"memout{size}", jobs,
                                                 measure_memory=True)
                print(f"batch of {size:5}: {seconds:7.1f} s, peak memory (paperasse + workers) "
                      f"{peaks[size] / 2**20:.0f} MiB")
            growth = peaks[1000] / peaks[100]
            print(f"peak memory 1,000 / 100 = {growth:.2f}   target <= 1.5  "
                  f"{verdict(growth <= 1.5)}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
