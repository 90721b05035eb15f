"""Instructions a dossier takes, for two installed versions (README, "Speed"): a count that the
machine's load does not change, beside compare.py's CPU times, which it does.

    python benchmarks/instructions.py --a /work/wt-base/.venv/bin/python --b .venv/bin/python

Each version's warm process (compare.py's worker: guide read, WeasyPrint imported,
stylesheets and fonts loaded, one dossier rendered) runs under Valgrind's callgrind twice: as
it starts, then asked for ``--renders`` more of the same dossier; the difference over
``--renders`` is one dossier's instructions (everything the process executes: Python, Pango,
HarfBuzz, zlib). The same input gives the same count to a few parts in ten thousand
(PYTHONHASHSEED is fixed). Needs ``valgrind`` (``apt-get install valgrind``); each run takes
a minute or two, two run at a time. An instruction is not a unit of time: a change that saves
instructions but misses caches more can still be slower, so compare.py's paired CPU times stay
the measure; this is the check that a difference seen there is not the machine's noise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import WORKER, describe, run_environment, write_profile  # noqa: E402


def instructions(python: str, profile: Path, renders: int, env: dict) -> int:
    """Instructions the whole process executes (callgrind's total ``I refs``): compare.py's
    warm worker, asked for ``renders`` dossiers after its first."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=no",
        "--callgrind-out-file=/dev/null",
        python,
        "-c",
        WORKER,
        str(profile),
        "",  # the bundled guide
        "",  # no pack
    ]
    done = subprocess.run(
        command, env=env, input="render\n" * renders, capture_output=True, text=True, check=False
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or not found:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"instructions.py: {python} failed under valgrind: {tail[0]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", required=True, help="Python of version A (e.g. the release)")
    parser.add_argument("--b", required=True, help="Python of version B (e.g. this tree)")
    parser.add_argument("--renders", type=int, default=2, help="dossiers counted (default 2)")
    parser.add_argument("--hide-system-harfbuzz", action="store_true")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py: valgrind is not installed (apt-get install valgrind)")
    if args.renders < 1:
        raise SystemExit("instructions.py: --renders must be at least 1")
    with tempfile.TemporaryDirectory(prefix="paperasse-instructions-") as tmp_name:
        tmp = Path(tmp_name)
        env = run_environment(tmp, hide_system_harfbuzz=args.hide_system_harfbuzz)
        env["PYTHONHASHSEED"] = "0"
        profile = write_profile(tmp)
        print(f"A: {args.a}: {describe(args.a, env)}")
        print(f"B: {args.b}: {describe(args.b, env)}")
        runs = [(python, n) for python in (args.a, args.b) for n in (0, args.renders)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = list(pool.map(lambda run: instructions(run[0], profile, run[1], env), runs))
        a = (counts[1] - counts[0]) / args.renders
        b = (counts[3] - counts[2]) / args.renders
        print(
            f"dossier (warm process)  instructions  A {a / 1e6:8.0f} M  B {b / 1e6:8.0f} M  "
            f"B/A {b / a:.3f}"
        )


if __name__ == "__main__":
    main()
