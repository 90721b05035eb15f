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
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE_ARGS: tuple[str, ...] = ()  # --guide, passed to every paperasse run
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
        lines = [
            f"id: client-{i:04d}",
            f"name: {name}",
            f"citizenship: {citizenship}",
            f"status: {status}",
            f"language: {language}",
        ]
        if i % 3 == 0:
            lines.append(f"arrival_date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
        path = folder / f"client-{i:04d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class TreeSampler:
    """Samples a process and all its descendants every 20 ms: the peak of their summed RSS, and
    the CPU seconds (user + system) each had used when last seen."""

    def __init__(self, pid: int) -> None:
        try:
            import psutil  # noqa: F401
        except ImportError:  # the workers would go uncounted and the figure be wrong, silently
            raise SystemExit("benchmarks need psutil: pip install -e '.[bench]'") from None
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def __enter__(self) -> TreeSampler:
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
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                with (
                    contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess),
                    proc.oneshot(),
                ):
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
            self.peak = max(self.peak, total)
            time.sleep(0.02)


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # CPU seconds of paperasse and its workers (user + system)
    peak: int  # bytes, 0 when psutil is missing


def run_batch(inputs: list[Path], out: Path, jobs: int | None, extra: tuple[str, ...] = ()) -> Run:
    """One `paperasse build` process: wall time, CPU time and peak memory of its process tree."""
    command = [
        *paperasse_command(),
        "build",
        *map(str, inputs),
        "-o",
        str(out),
        *GUIDE_ARGS,
        *extra,
    ]
    if jobs:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu = 0, 0.0
    if _has_psutil():
        with TreeSampler(process.pid) as sampler:
            _, err = process.communicate()
        peak, cpu = sampler.peak, sampler.cpu
    else:
        _, err = process.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode != 0:
        sys.exit(f"bench: paperasse failed ({process.returncode}): {err.decode()[-2000:]}")
    if not _has_psutil() and jobs != 1:
        # Workers are not reaped by this process, so their CPU time is invisible without psutil:
        # report none rather than the parent's alone (0 skips the CPU comparison).
        reaped = 0.0
    return Run(wall, max(cpu, reaped), peak)


def time_loop(profiles: list[Path], out: Path) -> Run:
    """(a): one process per profile, sequentially; per dossier."""
    runs = [run_batch([profile], out, jobs=None, extra=("--force",)) for profile in profiles]
    return Run(
        sum(r.wall for r in runs) / len(runs),
        sum(r.cpu for r in runs) / len(runs),
        max(r.peak for r in runs),
    )


def time_floor(profiles: list[Path]) -> Run:
    """(c): WeasyPrint alone in one process over the dossiers' HTML; seconds per dossier."""
    from paperasse.build import Builder
    from paperasse.inputs.profile import read_profile
    from paperasse.render.html import render_html
    from paperasse.render.pdf import PdfRenderer

    builder = Builder(guide=GUIDE_ARGS[1] if GUIDE_ARGS else None)
    pages = [render_html(builder.dossier(read_profile(p))) for p in profiles]
    renderer = PdfRenderer()  # stylesheets parsed and fonts configured once, not timed
    renderer.render(pages[0])  # warm-up (first-use caches), not timed
    start, cpu = time.perf_counter(), time.process_time()
    for html in pages:
        renderer.render(html)
    return Run(
        (time.perf_counter() - start) / len(pages), (time.process_time() - cpu) / len(pages), 0
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(a: float, b: float, c: float, d: float, n: int, jobs: int) -> None:
    """The three ratios against the targets; a, b, c for the whole batch, d for the re-run."""
    print(
        f"  (a)/(b) = {a / b:5.1f}x faster                    target >= 4x   {verdict(a / b >= 4)}"
    )
    ratio = (b / n) / (c / n / jobs)
    print(
        f"  (b) per dossier / ((c) per dossier / {jobs}) = {ratio:4.2f}   target <= 1.3  "
        f"{verdict(ratio <= 1.3)}"
    )
    print(f"  (d) = {d:5.2f} s                              target < 2 s   {verdict(d < 2)}")


def main() -> None:
    from paperasse.batch import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="profiles in the batch (200)")
    parser.add_argument("--jobs", type=int, default=None, help="batch workers (every core)")
    parser.add_argument(
        "--loop-sample",
        type=int,
        default=20,
        help="profiles timed one process each for (a) (20; 0 = all N)",
    )
    parser.add_argument(
        "--floor-sample", type=int, default=0, help="dossiers timed for (c) (0 = all N)"
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="also compare the peak memory of batches of 100 and 1,000 (slow)",
    )
    parser.add_argument(
        "--memory-only", action="store_true", help="only the memory comparison (implies --memory)"
    )
    parser.add_argument(
        "--guide",
        default=None,
        help="a guide file or translationKey (default: the bundled France guide)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    jobs = args.jobs or default_jobs()
    global GUIDE_ARGS
    GUIDE_ARGS = ("--guide", args.guide) if args.guide else ()
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="paperasse-bench-"))
    try:
        profiles = make_profiles(tmp / "profiles", args.n)
        guide = args.guide or "bundled France guide"
        print(
            f"paperasse batch benchmark: {args.n} profiles, {guide}, {jobs} workers "
            f"on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )

        if args.memory_only:
            args.memory = True
        else:
            timings(args, profiles, tmp, jobs, load_before)
        if args.memory:
            memory(tmp, jobs)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def timings(
    args: argparse.Namespace, profiles: list[Path], tmp: Path, jobs: int, load_before: float
) -> None:
    """(a), (b), (c), (d) and the ratios."""
    sample = profiles[: args.loop_sample or args.n]
    a = time_loop(sample, tmp / "loop")
    note = (
        ""
        if len(sample) == args.n
        else (f"  extrapolated: {len(sample)} timed, {a.wall:.2f} s each x {args.n}")
    )
    print(
        f"(a) one process per profile : {a.wall * args.n:8.1f} s wall "
        f"{a.cpu * args.n:8.1f} s CPU{note}"
    )

    b = run_batch([tmp / "profiles"], tmp / "batch", jobs)
    print(
        f"(b) one batch run           : {b.wall:8.1f} s wall {b.cpu:8.1f} s CPU  "
        f"({b.wall / args.n:.3f} s wall per dossier"
        + (f", peak memory {b.peak / 2**20:.0f} MiB)" if b.peak else ")")
    )

    floor_sample = profiles[: args.floor_sample or args.n]
    c = time_floor(floor_sample)
    note = "" if len(floor_sample) == args.n else f"  over {len(floor_sample)} dossiers"
    print(
        f"(c) WeasyPrint alone        : {c.wall * args.n:8.1f} s wall "
        f"{c.cpu * args.n:8.1f} s CPU  ({c.wall:.3f} s per dossier, one process){note}"
    )

    d = run_batch([tmp / "profiles"], tmp / "batch", jobs)
    print(f"(d) re-run, nothing changed : {d.wall:8.2f} s wall {d.cpu:8.2f} s CPU")

    print(
        f"\ntargets, on wall time (load average {os.getloadavg()[0]:.1f} now, "
        f"{load_before:.1f} at the start: a busy machine slows every figure):"
    )
    report(a.wall * args.n, b.wall, c.wall * args.n, d.wall, args.n, jobs)
    if b.cpu:
        print(
            "\nthe same from CPU seconds (what an idle machine would show, if the "
            f"{jobs} workers stay busy: batch wall = batch CPU / {jobs}):"
        )
        report(a.cpu * args.n, b.cpu / jobs, c.cpu * args.n, d.cpu, args.n, jobs)


def memory(tmp: Path, jobs: int) -> None:
    """Peak memory of batches of 100 and 1,000."""
    if not _has_psutil():
        sys.exit("bench: --memory needs psutil (pip install -e '.[bench]')")
    peaks = {}
    for size in (100, 1000):
        folder = tmp / f"mem{size}"
        make_profiles(folder, size)
        run = run_batch([folder], tmp / f"memout{size}", jobs)
        peaks[size] = run.peak
        print(
            f"batch of {size:5}: {run.wall:7.1f} s, peak memory (paperasse + "
            f"workers) {run.peak / 2**20:.0f} MiB"
        )
    growth = peaks[1000] / peaks[100]
    print(f"peak memory 1,000 / 100 = {growth:.2f}   target <= 1.5  {verdict(growth <= 1.5)}")


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
