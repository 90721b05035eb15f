"""Paired A/B of the --merge step (write_pack: the cover, then joining) of two source trees.

    .venv/bin/python benchmarks/bench_cover.py A_TREE B_TREE [DOSSIERS] [ROUNDS]   # 20 5

A_TREE and B_TREE are checkouts (a git worktree of another commit, and .), each run with this
interpreter and PYTHONPATH=TREE/src.

Builds DOSSIERS PDF dossiers once (B's code, 2 workers), then alternates A, B, A, B... each a fresh
process (WeasyPrint imported and warmed before the clock starts) timing write_pack alone."""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

VENV = sys.executable
CHILD = r"""
import json, sys, time
from pathlib import Path
import weasyprint  # imported before the clock, in both
from paperasse.batch.jobs import BatchOptions, BatchResult
from paperasse.batch.run import load_jobs
from paperasse.batch.pack import write_pack
out, merge = Path(sys.argv[1]), Path(sys.argv[2])
options = BatchOptions()
result = BatchResult(None, None, load=lambda: load_jobs(out))
result.jobs
t0, c0 = time.perf_counter(), time.process_time()
line = write_pack(result, merge, options)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "line": line}))
"""


def child(tree: str, out: Path, merge: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{tree}/src"}
    proc = subprocess.run(
        [VENV, "-c", CHILD, str(out), str(merge)], env=env, capture_output=True, text=True, cwd=tree
    )
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    a, b = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    work = Path(tempfile.mkdtemp(prefix="bench-cover-"))
    profiles = work / "profiles"
    profiles.mkdir(parents=True)
    examples = sorted(
        p for p in Path(b, "examples").iterdir() if p.suffix in (".yaml", ".toml", ".json")
    )
    for i in range(count):
        src = examples[i % len(examples)]
        shutil.copy(src, profiles / f"c{i:03d}{src.suffix}")
    out = work / "out"
    env = {**os.environ, "PYTHONPATH": f"{b}/src"}
    subprocess.run(
        [
            VENV,
            "-c",
            "import sys; from paperasse.cli import main; sys.argv[0]='paperasse'; main()",
            "build",
            str(profiles),
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        env=env,
        check=True,
        cwd=b,
    )
    results = {"A": [], "B": []}
    for _ in range(rounds):
        for name, tree in (("A", a), ("B", b)):
            results[name].append(child(tree, out, work / f"pack-{name}.pdf"))
    print("lines:", results["A"][0]["line"], "|", results["B"][0]["line"])
    print(
        "same pack bytes:", (work / "pack-A.pdf").read_bytes() == (work / "pack-B.pdf").read_bytes()
    )
    for key in ("wall", "cpu"):
        ma = statistics.median(x[key] for x in results["A"])
        mb = statistics.median(x[key] for x in results["B"])
        ratios = [xb[key] / xa[key] for xa, xb in zip(results["A"], results["B"], strict=True)]
        print(
            f"{key}: A median {ma:.3f}s, B median {mb:.3f}s, "
            f"paired B/A median {statistics.median(ratios):.2f} "
            f"(rounds {rounds}, ratios {', '.join(f'{x:.2f}' for x in ratios)})"
        )
    print("loadavg", os.getloadavg())


if __name__ == "__main__":
    main()
