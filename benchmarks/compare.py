"""Two installed paperasse versions side by side, in one run: A B A B ... (README, "Speed").

    python benchmarks/compare.py --a /work/wt-base/.venv/bin/python --b .venv/bin/python

A and B are Python interpreters, each with its own paperasse installed (a release in one venv,
the working tree in another). Runs alternate A, B, A, B... so that a change in the machine's
load (a shared machine) hits both alike; the figures are the medians of each and the median of
the paired ratios B/A, of CPU time (user + system) and wall time:

  dossier   one dossier of the bundled guide (or --guide) rendered by a warm process: each
            version keeps one worker process (guide read, WeasyPrint imported, stylesheets and
            fonts loaded) and renders the same profile's dossier on demand;
  process   one ``paperasse build PROFILE -o FILE.pdf`` process, start to exit (CPU from
            wait4: the process and every child it waited for);
  batch     one ``paperasse build FOLDER --jobs J`` over --batch profiles, CPU of the whole
            process tree, workers included (their CPU sampled with psutil, and wait4's).

Both versions run as installed, with their modules' bytecode: an untimed build first writes
it to a folder of the run (an editable install's sources have none where
PYTHONDONTWRITEBYTECODE is set, and each process would compile them: 0.25 s for this tree);
``--no-bytecode`` leaves the environment as it is. ``--hide-system-harfbuzz`` makes both
versions run as on a machine without Debian's libharfbuzz-subset0 (a ``sitecustomize`` on
PYTHONPATH makes cffi fail to load it, in every process of the run, pool workers included).
``--pack KEY`` also times the B version's dossier of a pack (pages and CPU; A may not know
packs). The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PROFILE = {
    "name": "Nguyễn Thị Mai",
    "citizenship": "VN",
    "status": "student",
    "language": "en",
    "arrival_date": "2026-09-01",
}

HIDE_HARFBUZZ_SUBSET = '''\
"""Written by benchmarks/compare.py: cffi cannot load HarfBuzz-Subset (as on a machine without
Debian's libharfbuzz-subset0)."""
import cffi

_dlopen = cffi.FFI.dlopen


def _hidden(self, name, *args, **kwargs):
    if name and "harfbuzz-subset" in str(name):
        raise OSError("hidden by benchmarks/compare.py")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = _hidden
'''

#: The warm worker each version runs: reads commands on stdin, renders, reports on stdout.
WORKER = """\
import json, sys, time
from pathlib import Path
try:
    from paperasse.inputs.profile import read_profile
except ImportError:  # releases before the issue-9 layout
    from paperasse.profile import read_profile
from paperasse.build import Builder

profile_path, guide, pack = sys.argv[1], sys.argv[2] or None, sys.argv[3] or None
options = {"guide": guide}
if pack:
    options = {"pack": pack}
builder = Builder(**options)
dossier = builder.dossier(read_profile(Path(profile_path)))
builder.warm_up()
data = builder.render(dossier)
import io
from pypdf import PdfReader
pages = len(PdfReader(io.BytesIO(data)).pages)
print(json.dumps({"ready": True, "bytes": len(data), "pages": pages}), flush=True)
for line in sys.stdin:
    cpu, wall = time.process_time(), time.perf_counter()
    data = builder.render(dossier)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu": cpu, "wall": wall, "bytes": len(data)}), flush=True)
"""


class Worker:
    """One version's warm process, rendering one dossier per request."""

    def __init__(self, python: str, profile: Path, guide: str, pack: str, env: dict) -> None:
        self.process = subprocess.Popen(
            [python, "-c", WORKER, str(profile), guide, pack],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.info = self._read()

    def _read(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the worker of {self.process.args[0]} stopped")
        return json.loads(line)

    def render(self) -> tuple[float, float]:
        assert self.process.stdin is not None
        self.process.stdin.write("render\n")
        self.process.stdin.flush()
        result = self._read()
        return result["cpu"], result["wall"]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


def timed_process(command: list[str], env: dict) -> tuple[float, float]:
    """CPU (the process and the children it waited for, from wait4) and wall of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read() if process.stderr else b""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, wall


def timed_tree(command: list[str], env: dict) -> tuple[float, float]:
    """CPU of a command's whole process tree (psutil samples every 20 ms; wait4 as a floor)."""
    from bench_batch import TreeSampler

    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    with TreeSampler(process.pid) as sampler:
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = process.stderr.read() if process.stderr else b""
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
    return max(sampler.cpu, usage.ru_utime + usage.ru_stime), wall


def paperasse(python: str) -> list[str]:
    exe = Path(python).with_name("paperasse")
    if exe.exists():
        return [str(exe)]
    return [python, "-c", "from paperasse.cli import main; main()"]


def describe(python: str, env: dict) -> str:
    code = (
        "import paperasse, pathlib, subprocess\n"
        "src = pathlib.Path(paperasse.__file__).resolve().parent\n"
        "head = subprocess.run(['git', '-C', str(src), 'rev-parse', '--short', 'HEAD'],\n"
        "                      capture_output=True, text=True).stdout.strip()\n"
        "from weasyprint.text.ffi import harfbuzz_subset\n"
        "try:\n    import uharfbuzz; u = uharfbuzz.__version__\nexcept ImportError:\n    u = None\n"
        "print(f'paperasse {paperasse.__version__} at {head or src}, system HarfBuzz-Subset: '\n"
        "      f'{bool(harfbuzz_subset)}, uharfbuzz: {u}')\n"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def paired(
    label: str,
    rounds: int,
    a: Callable[[], tuple[float, float]],
    b: Callable[[], tuple[float, float]],
) -> dict:
    """Run a, b, a, b... ``rounds`` times; medians and the median paired ratio b/a."""
    runs: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    for _ in range(rounds):
        runs["A"].append(a())
        runs["B"].append(b())
    result = {"what": label, "rounds": rounds}
    for i, kind in enumerate(("cpu", "wall")):
        med_a = statistics.median(r[i] for r in runs["A"])
        med_b = statistics.median(r[i] for r in runs["B"])
        ratio = statistics.median(
            rb[i] / ra[i] for ra, rb in zip(runs["A"], runs["B"], strict=True)
        )
        result[kind] = {"A": med_a, "B": med_b, "ratio": ratio}
    print(
        f"{label:32} CPU  A {result['cpu']['A']:7.3f} s  B {result['cpu']['B']:7.3f} s  "
        f"B/A {result['cpu']['ratio']:.2f}   wall  A {result['wall']['A']:7.3f} s  "
        f"B {result['wall']['B']:7.3f} s  B/A {result['wall']['ratio']:.2f}",
        flush=True,
    )
    return result


@contextlib.contextmanager
def workers(pythons: list[str], profile: Path, guide: str, pack: str, env: dict) -> Iterator:
    made = [Worker(python, profile, guide, pack, env) for python in pythons]
    try:
        yield made
    finally:
        for worker in made:
            worker.close()


def write_profiles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    names = ["Ana Silva", "Zoë Müller", "Nguyễn Văn An", "Łukasz Kowalski", "Émile Dubois"]
    for i in range(n):
        citizenship = ("FR", "VN", "BR", "PL", "US")[i % 5]
        status = ("student", "worker")[i % 2]
        lang = ("en", "fr")[(i // 2) % 2]
        (folder / f"p{i:03d}.yaml").write_text(
            f"name: {names[i % len(names)]} {i}\ncitizenship: {citizenship}\n"
            f"status: {status}\nlanguage: {lang}\n",
            encoding="utf-8",
        )


def run_environment(folder: Path, *, hide_system_harfbuzz: bool) -> dict:
    """The environment both versions run in: this one, ``SOURCE_DATE_EPOCH`` set, and with
    ``hide_system_harfbuzz`` a ``sitecustomize`` (written in ``folder``) on PYTHONPATH."""
    env = dict(os.environ)
    if hide_system_harfbuzz:
        (folder / "hide").mkdir()
        (folder / "hide" / "sitecustomize.py").write_text(HIDE_HARFBUZZ_SUBSET)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(folder / "hide"), env.get("PYTHONPATH")) if p
        )
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    return env


def write_profile(folder: Path) -> Path:
    """:data:`PROFILE` as a YAML file in ``folder``."""
    profile = folder / "profile.yaml"
    profile.write_text(
        "".join(f"{key}: {value}\n" for key, value in PROFILE.items()), encoding="utf-8"
    )
    return profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", required=True, help="Python of version A (e.g. the release)")
    parser.add_argument("--b", required=True, help="Python of version B (e.g. this tree)")
    parser.add_argument(
        "--rounds", type=int, default=7, help="A/B pairs for each figure (0: no warm dossier)"
    )
    parser.add_argument("--process-rounds", type=int, default=5, help="0: no build process")
    parser.add_argument("--batch", type=int, default=12, help="profiles in the batch (0: none)")
    parser.add_argument("--batch-rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--guide", default="", help="a guide file both versions render")
    parser.add_argument("--pack", default="", help="also time B's dossier of this pack")
    parser.add_argument("--hide-system-harfbuzz", action="store_true")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="leave PYTHONDONTWRITEBYTECODE as it is (an editable install then compiles its "
        "sources at every start)",
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paperasse-compare-") as tmp_name:
        tmp = Path(tmp_name)
        env = run_environment(tmp, hide_system_harfbuzz=args.hide_system_harfbuzz)
        if not args.no_bytecode:
            # As installed: each version's modules compiled once, not at every start (an
            # editable install's sources have no .pyc where PYTHONDONTWRITEBYTECODE is set;
            # the compiled files go to a folder of the run, never into either checkout).
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        profile = write_profile(tmp)
        load = os.getloadavg()
        print(
            f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
            f"on {os.cpu_count()} cores"
        )
        print(f"A: {args.a}: {describe(args.a, env)}")
        print(f"B: {args.b}: {describe(args.b, env)}")
        results = []
        if args.rounds:
            with workers([args.a, args.b], profile, args.guide, "", env) as (wa, wb):
                print(
                    f"dossier: A {wa.info['pages']} pages, {wa.info['bytes']} bytes; "
                    f"B {wb.info['pages']} pages, {wb.info['bytes']} bytes"
                )
                results.append(paired("dossier (warm process)", args.rounds, wa.render, wb.render))
        guide = ["--guide", args.guide] if args.guide else []
        counter = iter(range(1_000_000))
        for python in (args.a, args.b):  # untimed: writes the bytecode of the CLI's modules
            out = tmp / f"warm-{next(counter)}.pdf"
            timed_process([*paperasse(python), "build", str(profile), "-o", str(out), *guide], env)

        def one_process(python: str) -> Callable[[], tuple[float, float]]:
            def run() -> tuple[float, float]:
                out = tmp / f"out-{next(counter)}.pdf"
                return timed_process(
                    [*paperasse(python), "build", str(profile), "-o", str(out), *guide], env
                )

            return run

        if args.process_rounds:
            results.append(
                paired(
                    "one-profile build process",
                    args.process_rounds,
                    one_process(args.a),
                    one_process(args.b),
                )
            )
        if args.batch:
            folder = tmp / "batch"
            write_profiles(folder, args.batch)

            def one_batch(python: str) -> Callable[[], tuple[float, float]]:
                def run() -> tuple[float, float]:
                    out = tmp / f"batch-{next(counter)}"
                    return timed_tree(
                        [
                            *paperasse(python),
                            "build",
                            str(folder),
                            "-o",
                            str(out),
                            "--jobs",
                            str(args.jobs),
                            *guide,
                        ],
                        env,
                    )

                return run

            results.append(
                paired(
                    f"batch of {args.batch}, --jobs {args.jobs} (tree)",
                    args.batch_rounds,
                    one_batch(args.a),
                    one_batch(args.b),
                )
            )
        if args.pack:
            with workers([args.b], profile, "", args.pack, env) as (wp,):
                times = [wp.render() for _ in range(args.rounds)]
                cpu = statistics.median(t[0] for t in times)
                wall = statistics.median(t[1] for t in times)
                print(
                    f"pack {args.pack} (B only): {wp.info['pages']} pages, "
                    f"{wp.info['bytes']} bytes, CPU {cpu:.3f} s, wall {wall:.3f} s"
                )
                results.append(
                    {
                        "what": f"pack {args.pack}",
                        "pages": wp.info["pages"],
                        "cpu": {"B": cpu},
                        "wall": {"B": wall},
                    }
                )
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if not hasattr(os, "wait4"):
        raise SystemExit("benchmarks/compare.py needs os.wait4 (Linux, macOS)")
    main()
