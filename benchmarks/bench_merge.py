"""How long joining dossiers into one pack (--merge) takes, and its peak memory.

Renders the four example profiles once, then joins N dossiers (the four, over and over) with
paperasse.batch.pack.merge_pdfs, each N in a fresh process so that its peak memory is its own.

    .venv/bin/python benchmarks/bench_merge.py            # N = 50, 200
    .venv/bin/python benchmarks/bench_merge.py 100 400
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render_examples(folder: Path) -> list[Path]:
    from paperasse.build import Builder, write_atomic
    from paperasse.inputs.profile import read_profile

    builder = Builder()
    paths = []
    for source in sorted((ROOT / "examples").iterdir()):
        if source.is_file():
            target = folder / f"{source.stem}.pdf"
            write_atomic(target, builder.render(builder.dossier(read_profile(source))))
            paths.append(target)
    return paths


def join(count: int, sources: list[str], target: str) -> dict[str, float]:
    import resource

    from paperasse.batch.pack import merge_pdfs

    items = [(f"Client {i + 1}", Path(sources[i % len(sources)])) for i in range(count)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    pages = merge_pdfs(items, Path(target))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "dossiers": count,
        "pages": pages,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 1024),
        "start_mb": round(before / 1024),
        "pack_mb": round(Path(target).stat().st_size / 1e6, 1),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        count, target, *sources = argv[1:]
        print(json.dumps(join(int(count), sources, target)))
        return
    counts = [int(a) for a in argv] or [50, 200]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = [str(p) for p in render_examples(folder)]
        print("dossiers  pages  seconds  ms/dossier  peak MB (process start)  pack MB")
        for count in counts:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(count),
                    str(folder / "pack.pdf"),
                    *sources,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(out.stdout)
            print(
                f"{r['dossiers']:8}  {r['pages']:5}  {r['seconds']:7}  "
                f"{1000 * r['seconds'] / r['dossiers']:10.0f}  "
                f"{r['peak_mb']:7} ({r['start_mb']})          {r['pack_mb']:7}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
