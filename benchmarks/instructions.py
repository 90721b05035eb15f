"""Instructions a dossier takes, for two installed versions (README, "Speed"): a count that the
machine's load does not change, beside compare.py's CPU times, which it does.

    python benchmarks/instructions.py --a /work/wt-base/.venv/bin/python --b .venv/bin/python

Each version's warm process (guide read, WeasyPrint imported, stylesheets and fonts loaded, one
dossier rendered) runs under Valgrind's callgrind twice: rendering the same dossier once more,
then ``--renders`` + 1 more times; the difference over ``--renders`` is one dossier's
instructions (everything the process executes: Python, Pango, HarfBuzz, zlib). The same input
gives the same count to a few parts in ten thousand (PYTHONHASHSEED is fixed). Needs
``valgrind`` (``apt-get install valgrind``); each run takes a minute or two, two run at a time.
An instruction is not a unit of time: a change that saves instructions but misses caches more
can still be slower, so compare.py's paired CPU times stay the measure; this is the check that
a difference seen there is not the machine's noise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import HIDE_HARFBUZZ_SUBSET, PROFILE, describe  # noqa: E402

#: Renders the profile's dossier 1 + N times in one process (N from argv).
WORKER = """\
import sys
from pathlib import Path
try:
    from paperasse.inputs.profile import read_profile
except ImportError:  # releases before the issue-9 layout
    from paperasse.profile import read_profile
from paperasse.build import Builder

builder = Builder()
dossier = builder.dossier(read_profile(Path(sys.argv[1])))
builder.warm_up()
for _ in range(1 + int(sys.argv[2])):
    builder.render(dossier)
"""


def instructions(python: str, profile: Path, renders: int, env: dict) -> int:
    """Instructions the whole process executes (callgrind's total ``I refs``)."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=no",
        "--callgrind-out-file=/dev/null",
        python,
        "-c",
        WORKER,
        str(profile),
        str(renders),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
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
        env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="0")
        if args.hide_system_harfbuzz:
            (tmp / "hide").mkdir()
            (tmp / "hide" / "sitecustomize.py").write_text(HIDE_HARFBUZZ_SUBSET)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(tmp / "hide"), env.get("PYTHONPATH")) if p
            )
        profile = tmp / "profile.yaml"
        profile.write_text(
            "".join(f"{key}: {value}\n" for key, value in PROFILE.items()), encoding="utf-8"
        )
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
