"""The README's promises about itself: its picture is there, small, and shows a dossier page."""

from __future__ import annotations

import re

from PIL import Image

from conftest import ROOT


def test_readme_opens_with_a_picture_and_the_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = re.search(r'<img src="([^"]+\.png)" alt="([^"]+)"', text)
    assert picture, "no picture"
    setup = text.index("## Set-up: two commands")
    assert picture.start() < setup < text.index("## Use")  # picture, then set-up, near the top
    assert "make demo" in text[setup:] and "make test" in text[setup:]
    path = ROOT / picture.group(1)
    assert path.stat().st_size < 300 * 1024
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert 1.3 < height / width < 1.5  # an A4 page
        assert width >= 600  # readable


def test_readme_documents_every_command() -> None:
    import typer

    from paperasse.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert f"paperasse {name}" in text, name
