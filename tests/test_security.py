"""Untrusted profiles and guides: their content reaches the page as text, nothing is fetched,
no link or QR code of another scheme than http(s) (mailto/tel: links only) is made.

Every "nothing was fetched" check uses a real local server that counts connections, and a
positive control shows that the same server does see a fetch when WeasyPrint is left to its
default URL fetcher: the checks can fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TEST_GUIDE_EN, write_profile
from hostile import hostile_guide, pdf_link_uris, trap_server, without_qr_images
from paperasse.cli import app
from pdfread import pdf_metadata, pdf_qr_codes, pdf_text

runner = CliRunner()


def hostile_names(url: str) -> dict[str, str]:
    """Two names (PDFs are slow to make) holding every kind of markup a name could try."""
    return {
        "markup": '<b>Bold</b> <img src="file:///etc/passwd"> {{ 7*7 }} {% if 1 %}yes{% endif %}',
        "fetch": f"<link rel=stylesheet href={url}/name.css> x{{}} * {{ background: url({url}/bg)"
        f" }} </style><script src={url}/s.js></script>&amp;",
    }


@pytest.mark.slow
def test_profile_values_print_literally_and_fetch_nothing(tmp_path: Path) -> None:
    with trap_server() as trap:
        names = hostile_names(trap.url)
        for stem, name in names.items():
            write_profile(tmp_path, stem, name=name, citizenship="BR")
        out = tmp_path / "out"
        result = runner.invoke(
            app, ["build", str(tmp_path), "-o", str(out), "--guide", str(TEST_GUIDE_EN)]
        )
        assert result.exit_code == 0, result.output
        assert trap.connections == 0, trap.paths
    for stem, name in names.items():
        data = (out / f"{stem}.pdf").read_bytes()
        text = pdf_text(data)
        header = text[text.index("Prepared for") : text.index("Citizenship")]
        # compared without spaces: a long name may wrap, and extraction turns a wrap to a space
        assert "".join(name.split()) in "".join(header.split()), (stem, header)
        if stem == "markup":
            assert "{{ 7*7 }}" in header and "49" not in header
            assert "{%if1%}yes{%endif%}" in "".join(header.split())
        assert name in pdf_metadata(data)["Title"]


def test_profile_values_are_escaped_in_html_output(tmp_path: Path) -> None:
    names = hostile_names("http://127.0.0.1:9")
    for stem, name in names.items():
        profile = write_profile(tmp_path, stem, name=name)
        out = tmp_path / f"{stem}.html"
        result = runner.invoke(
            app,
            [
                "build",
                str(profile),
                "-o",
                str(out),
                "--format",
                "html",
                "--guide",
                str(TEST_GUIDE_EN),
            ],
        )
        assert result.exit_code == 0, result.output
        # QR codes are <img> elements (PNG data URIs): each must be exactly the QR code of its
        # http(s) link, and once they are taken out no other <img> may be left
        html = without_qr_images(out.read_text(encoding="utf-8"))
        for tag in ("<b>", "<i>", "<img", "<link", "<script", "</style><style>"):
            assert tag not in html, (stem, tag)
        assert "49" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "&lt;b&gt;Bold&lt;/b&gt;" in (tmp_path / "markup.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int, list[str]]:
    """The hostile guide built for a non-EU worker: (pdf, connections seen, paths asked)."""
    folder = tmp_path_factory.mktemp("hostile")
    guide = folder / "guides" / "en" / "evil" / "guide.md"
    guide.parent.mkdir(parents=True)
    (guide.parent / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with trap_server() as trap:
        guide.write_text(hostile_guide(trap.url), encoding="utf-8")
        profile = write_profile(folder, "w", citizenship="BR", status="worker")
        result = runner.invoke(
            app, ["build", str(profile), "-o", str(folder / "out"), "--guide", str(guide)]
        )
        assert result.exit_code == 0, result.output
        return (folder / "out" / "w.pdf").read_bytes(), trap.connections, trap.paths


@pytest.mark.slow
def test_hostile_guide_fetches_nothing(hostile_build) -> None:
    _, connections, paths = hostile_build
    assert connections == 0, paths


@pytest.mark.slow
def test_hostile_guide_raw_html_prints_as_text(hostile_build) -> None:
    text = pdf_text(hostile_build[0])
    assert "Hostile <b>guide</b> {{ 7*7 }}" in text
    assert '<iframe src="file:///etc/passwd"></iframe>' in text
    assert "Passport <img src=x onerror=alert(1)>" in text
    assert "root:" not in text  # /etc/passwd was not inlined
    # images: their alt text only
    for alt in ("alt-http-image", "alt-file-image", "alt-relative-image", "alt-local-image"):
        assert alt in text


@pytest.mark.slow
def test_hostile_guide_only_web_links_become_links_and_qr_codes(hostile_build) -> None:
    data = hostile_build[0]
    codes = pdf_qr_codes(data)
    assert sorted(set(codes)) == ["https://good.example/ok", "https://provider.example"]
    uris = set(pdf_link_uris(data))
    assert uris == {
        "https://good.example/ok",
        "mailto:help@good.example",
        "https://provider.example",
    }
    text = pdf_text(data)
    # the links' words stay, as plain text
    for label in (
        "js-link",
        "data-link",
        "file-link",
        "vb-link",
        "rel-link",
        "entity-link",
        "JS-upper",
        "ftp-link",
        "smb-link",
        "intent-link",
    ):
        assert label in text
    assert "Evil Ltd" in text


@pytest.mark.slow
def test_positive_control_weasyprint_default_fetcher_is_seen(tmp_path: Path) -> None:
    """The trap server does notice a fetch: WeasyPrint's own fetcher, given the same kind of
    HTML, connects to it. (So the zero counts above mean something.)"""
    from paperasse.render.pdf import import_weasyprint

    weasyprint = import_weasyprint()
    with trap_server() as trap:
        html = f'<link rel="stylesheet" href="{trap.url}/control.css"><p>x</p>'
        weasyprint.HTML(string=html, base_url=str(tmp_path) + "/").write_pdf()
        assert trap.connections >= 1 and "/control.css" in trap.paths


def raw_html(url: str) -> str:
    """HTML that reaches WeasyPrint directly (as if a template let it through)."""
    return f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{url}/link.css">
<link rel="stylesheet" href="file:///etc/passwd">
<style>
@import url("{url}/import.css");
@font-face {{ font-family: Evil; src: url("{url}/font.ttf"); }}
body {{ background: url("{url}/bg.png"); font-family: Evil; }}
p {{ background-image: url("file:///etc/hostname"); }}
</style></head><body>
<p>text</p>
<img src="{url}/img.png"><img src="file:///etc/passwd"><img src="../../../../etc/passwd">
<object data="{url}/object"></object><embed src="{url}/embed">
<iframe src="{url}/iframe"></iframe>
<svg width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/></svg>
<a href="{url}/anchor">a</a>
</body></html>"""


@pytest.mark.slow
def test_renderer_fetcher_is_deny_by_default() -> None:
    """Even raw HTML handed straight to the renderer fetches nothing from the network and no
    file outside the allowed folders; the package's own files (fonts) are still served."""
    from paperasse.render.pdf import PdfRenderer

    renderer = PdfRenderer()
    asked: list[tuple[str, bool]] = []
    fetch = renderer.fetcher.fetch

    def recording(url: str, headers: object = None) -> object:
        try:
            response = fetch(url, headers)
        except Exception:
            asked.append((url, False))
            raise
        asked.append((url, True))
        return response

    renderer.fetcher.fetch = recording  # type: ignore[method-assign]
    with trap_server() as trap:
        data = renderer.render(raw_html(trap.url), extra_css=f"@import url({trap.url}/x.css);")
        assert trap.connections == 0, trap.paths
    assert pdf_text(data).startswith("text")
    served = [url for url, ok in asked if ok]
    refused = [url for url, ok in asked if not ok]
    assert all(url.startswith("data:") or "/templates/" in url for url in served)
    assert any("/etc/passwd" in url for url in refused)  # it was asked, and refused
    assert any(url.startswith("http://127.0.0.1") for url in refused)


def test_fetcher_refuses_network_and_files_outside_roots(tmp_path: Path) -> None:
    from paperasse.render.pdf import make_fetcher

    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "ok.css").write_text("p {}", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(secret)
    fetcher = make_fetcher((root,))
    assert fetcher.fetch((root / "sub" / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hi%20there").read() == b"hi there"
    with trap_server() as trap:
        refused = [
            f"{trap.url}/x",
            trap.url.replace("http", "https") + "/x",
            "ftp://127.0.0.1/x",
            secret.as_uri(),
            (root / "link.txt").as_uri(),  # a symlink out of the root
            f"file://{root}/sub/../../secret.txt",
            f"file://{root}/sub/%2e%2e/%2e%2e/secret.txt",
            "file:///etc/passwd",
            f"file://localhost{secret}",
            "gopher://127.0.0.1/",
            f"FILE://{secret}",
            str(secret),
        ]
        for url in refused:
            with pytest.raises(ValueError):
                fetcher.fetch(url)
        assert trap.connections == 0


def build_with_brand(tmp_path: Path, svg: str) -> object:
    brand_dir = tmp_path / "brand"
    brand_dir.mkdir(exist_ok=True)
    (brand_dir / "logo.svg").write_text(svg, encoding="utf-8")
    (brand_dir / "brand.yaml").write_text(
        "name: Agency <b>X</b> {{ 7*7 }}\nlogo: logo.svg\n", encoding="utf-8"
    )
    profile = write_profile(tmp_path, "b", citizenship="BR")
    return runner.invoke(
        app,
        [
            "build",
            str(profile),
            "-o",
            str(tmp_path / "out"),
            "--guide",
            str(TEST_GUIDE_EN),
            "--brand",
            str(brand_dir / "brand.yaml"),
        ],
    )


@pytest.mark.slow
def test_brand_svg_logo_fetches_nothing(tmp_path: Path) -> None:
    """A brand's SVG logo is embedded as a data: URI and drawn by WeasyPrint: what it points
    to (the network, a file outside the allowed folders) is not fetched."""
    secret = tmp_path / "secret.svg"
    secret.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>hunter2</text></svg>', encoding="utf-8"
    )
    with trap_server() as trap:
        result = build_with_brand(
            tmp_path,
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
                ' width="80" height="20">'
                f'<style>@import url("{trap.url}/svg-import.css");</style>'
                f'<image href="{trap.url}/svg-image.png" width="10" height="10"/>'
                f'<image xlink:href="{secret.as_uri()}" width="10" height="10"/>'
                f'<use href="{trap.url}/sprite.svg#a"/>'
                '<text x="0" y="15">LOGO</text></svg>'
            ),
        )
        assert result.exit_code == 0, result.output
        assert trap.connections == 0, trap.paths
    text = pdf_text((tmp_path / "out" / "b.pdf").read_bytes())
    assert "Agency <b>X</b> {{ 7*7 }}" in text
    assert "hunter2" not in text


def test_brand_svg_with_entities_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2", encoding="utf-8")
    result = build_with_brand(
        tmp_path,
        (
            f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY ext SYSTEM "{secret.as_uri()}">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&ext;</text></svg>'
        ),
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "logo.svg" in lines[0] and "entity" in lines[0], result.stderr
