"""Render page 1 of the non-EU worker example to docs/dossier-page1.png (the README's picture).

Run from the repository root: .venv/bin/python docs/make_picture.py
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from paperasse.build import Builder
from paperasse.inputs.profile import read_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "non-eu-worker.json"
TARGET = ROOT / "docs" / "dossier-page1.png"


def main() -> None:
    builder = Builder()
    data = builder.render(builder.dossier(read_profile(PROFILE)))
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[0].render(scale=1.35).to_pil()
    finally:
        pdf.close()
    # A 64-colour palette keeps text and QR codes sharp at a fraction of the size.
    image.convert("RGB").quantize(colors=64).save(TARGET, optimize=True)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
