"""`paperasse check` over ~2,300 guides: time and the findings count, measured (never asserted).

    .venv/bin/python benchmarks/bench_check.py              # 2,300 guides (+ 1,150 for scaling)
    .venv/bin/python benchmarks/bench_check.py --n 500

The public guides repository holds about 2,270 guides; its real files are not ours to copy, so
this synthesises N guides in a temporary folder from the read-only corpus in ../shared/corpus
(each file copied under a new translationKey and slug, with a few words varied so that no two
files are equal; pairs of languages keep one key, so translations are compared too), plus the
LICENSE.md, CODE_OF_CONDUCT.md, CONTRIBUTING.md and _index.md files such a repository has
(which check must skip). Nothing is written outside the temporary folder and nothing is kept.

It runs check in this process over N and N/2 guides and prints wall and CPU time, guides per
second and findings, and the ratio of the two runs (linear: about 2). Target: N=2,300 in under
20 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "corpus"

NOT_GUIDES = {
    "LICENSE.md": "Attribution-ShareAlike 4.0 International\n\n=====\n",
    "CODE_OF_CONDUCT.md": "# Code of conduct\n\nBe kind.\n",
    "CONTRIBUTING.md": "# Contributing\n\n1. Fork.\n2. Edit.\n",
    "_index.md": "Section index.\n",
}


def synthesise(folder: Path, n: int) -> int:
    """N guide files under ``folder`` made from the corpus; returns how many were written."""
    sources = sorted(p for p in CORPUS.rglob("*.md") if p.name != "README.md")
    if not sources:
        raise SystemExit(f"no corpus at {CORPUS}")
    texts = [(p, p.read_text(encoding="utf-8")) for p in sources]
    for name, text in NOT_GUIDES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for i in range(n):
        path, text = texts[i % len(texts)]
        lang = path.parent.parent.name
        key = f"bench-{i // 2}"  # two files a key: compared as translations
        body = text.replace("translationKey:", f"translationKey: {key}\nold_key:", 1)
        body += f"\n<!-- variant {i} -->\n"
        target = folder / lang / f"country{i % 40}" / f"{path.stem}-{i}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return n


def run(n: int) -> tuple[float, float, int, int]:
    from paperasse.guide.lint import check

    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        synthesise(folder, n)
        wall, cpu = time.perf_counter(), time.process_time()
        report = check([str(folder)])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, report.guides, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2300, help="guides (default 2,300)")
    args = parser.parse_args()
    half = run(args.n // 2)
    full = run(args.n)
    for label, (wall, cpu, guides, findings) in (("N/2", half), ("N", full)):
        print(
            f"{label:>3}: {guides:5d} guides, {findings:6d} findings: wall {wall:6.2f} s,"
            f" CPU {cpu:6.2f} s, {guides / wall:6.0f} guides/s"
        )
    print(f"N / (N/2) wall-time ratio: {full[0] / half[0]:.2f} (linear: about 2)")
    print(f"target: under 20 s for 2,300 guides -> {'met' if full[0] < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
