"""A pack dossier beside a single-guide one: time and pages.

Run from the repository root: .venv/bin/python benchmarks/bench_pack.py [ROUNDS]
For each profile (the four base examples and a family), builds in one process the dossier of the
default guide (social security) and the one of the france-arrival pack (8 guides), alternating
(single, pack, single, pack, …) so that a change in machine load hits both alike. Prints, per
profile, the median wall time of each (select + HTML + PDF, the renderer already warm), the
pages and the size, and the ratios pack / single. On a shared machine, read the ratios.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

from paperasse.build import Builder
from paperasse.inputs.profile import profile_from_mapping, read_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ["eu-worker.yaml", "eu-student.toml", "non-eu-worker.json", "non-eu-student.yaml"]
FAMILY = {
    "name": "Família Souza",
    "citizenship": "BR",
    "status": "worker",
    "arrival_date": "2026-09-01",
    "partner": True,
    "children": [4, 9],
}


def pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main(rounds: int = 3) -> None:
    single, pack = Builder(), Builder(pack="france-arrival")
    people = [read_profile(ROOT / "examples" / name) for name in PROFILES]
    people.append(profile_from_mapping(FAMILY, source="family"))
    single.warm_up()
    pack.warm_up()
    single.render(single.dossier(people[0]))  # warm-up: fonts, stylesheets, QR cache
    print(
        f"{'profile':<16} {'single s':>9} {'pages':>5} {'kB':>5}   {'pack s':>7} {'pages':>5} "
        f"{'kB':>5}   {'time x':>6} {'pages x':>7}"
    )
    ratios = []
    for person in people:
        times: dict[str, list[float]] = {"single": [], "pack": []}
        out: dict[str, bytes] = {}
        for _ in range(rounds):
            for label, builder in (("single", single), ("pack", pack)):
                start = time.perf_counter()
                out[label] = builder.render(builder.dossier(person))
                times[label].append(time.perf_counter() - start)
        a, b = statistics.median(times["single"]), statistics.median(times["pack"])
        pa, pb = pages(out["single"]), pages(out["pack"])
        ratios.append(b / a)
        print(
            f"{(person.id or person.name)[:16]:<16} {a:9.2f} {pa:5} {len(out['single']) // 1024:5}"
            f"   {b:7.2f} {pb:5} {len(out['pack']) // 1024:5}   {b / a:6.1f} {pb / pa:7.1f}"
        )
    print(f"pack / single time, median over the profiles: {statistics.median(ratios):.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
