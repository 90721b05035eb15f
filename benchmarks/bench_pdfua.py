"""What tagging costs: one dossier rendered as a plain PDF and as PDF/UA-1 (what paperasse ships).

Run from the repository root: .venv/bin/python benchmarks/bench_pdfua.py
Renders alternate (plain, tagged, plain, …) so that a change in machine load hits both alike;
prints the median of 7 renders of each, and the file sizes. Run it on a quiet machine.
"""

from __future__ import annotations

import io
import statistics
import time
from pathlib import Path

from paperasse.build import Builder
from paperasse.inputs.profile import read_profile
from paperasse.render.html import render_html
from paperasse.render.pdf import PdfRenderer

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7


def main() -> None:
    dossier = Builder().dossier(read_profile(ROOT / "examples" / "non-eu-student.yaml"))
    html = render_html(dossier)
    renderer = PdfRenderer()
    weasyprint = renderer._weasyprint

    def render(**options: object) -> bytes:
        document = weasyprint.HTML(
            string=html, base_url=str(renderer.base) + "/", url_fetcher=renderer.fetcher
        )
        out = io.BytesIO()
        document.write_pdf(
            out, stylesheets=renderer.stylesheets, font_config=renderer.font_config, **options
        )
        return out.getvalue()

    render()  # warm-up: fonts, stylesheets
    variants = (("plain PDF", {}), ("PDF/UA-1", {"pdf_variant": "pdf/ua-1"}))
    times: dict[str, list[float]] = {label: [] for label, _ in variants}
    sizes: dict[str, int] = {}
    for _ in range(RUNS):
        for label, options in variants:
            start = time.perf_counter()
            sizes[label] = len(render(**options))
            times[label].append(time.perf_counter() - start)
    results = []
    for label, _ in variants:
        results.append((statistics.median(times[label]), sizes[label]))
        print(f"{label:10} median {results[-1][0] * 1000:6.0f} ms   {sizes[label]:7d} bytes")
    (plain_t, plain_b), (ua_t, ua_b) = results
    print(
        f"PDF/UA-1 costs {100 * (ua_t / plain_t - 1):+.0f}% time, "
        f"{100 * (ua_b / plain_b - 1):+.0f}% bytes"
    )


if __name__ == "__main__":
    main()
