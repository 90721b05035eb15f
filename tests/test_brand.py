"""Agency branding (--brand): the brand file's checks, and the brand as a PDF reader sees it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from conftest import TEST_GUIDE_EN, write_profile
from paperasse.errors import EXIT_USAGE
from paperasse.inputs.brand import Brand, BrandError, load_brand
from pdfread import is_form_furniture, pdf_images, pdf_qr_codes, pdf_text, qr_code_text

LOGO_RED = (204, 0, 0)
ACCENT = "#0B6E4F"
ACCENT_RGB = (0x0B, 0x6E, 0x4F)
DEFAULT_ACCENT_RGB = (0x1F, 0x4E, 0x79)


def logo_image(size: tuple[int, int] = (240, 96)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((8, 8, size[0] - 8, size[1] - 8), fill=LOGO_RED)
    return image


def png_logo(path: Path, size: tuple[int, int] = (240, 96)) -> Path:
    logo_image(size).save(path, format="PNG")
    return path


def brand_folder(tmp_path: Path, body: str, logo: str | None = "logo.png") -> Path:
    folder = tmp_path / "agency"
    folder.mkdir(exist_ok=True)
    if logo:
        png_logo(folder / logo)
    path = folder / "brand.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = (
    "name: Relocation Partners Lyon\n"
    "logo: logo.png\n"
    "contact: +33 4 00 00 00 00 · hello@rp-lyon.example\n"
    f'accent: "{ACCENT}"\n'
)


def render(brand: Brand | None, tmp_path: Path, *, fmt: str = "pdf") -> bytes:
    from paperasse.build import Builder
    from paperasse.inputs.profile import read_profile
    from paperasse.render.html import render_html
    from paperasse.render.options import RenderOptions
    from paperasse.render.pdf import PdfRenderer

    profile = read_profile(write_profile(tmp_path, "client", name="Zoë Client"))
    dossier = Builder(guide=str(TEST_GUIDE_EN)).dossier(profile)
    options = RenderOptions(fmt=fmt, brand=brand)
    if fmt == "html":
        return render_html(dossier, options).encode("utf-8")
    return PdfRenderer().render(render_html(dossier, options))


def first_page_rgb(data: bytes, scale: float = 1.0) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def count_near(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 40) -> int:
    raw = image.convert("RGB").tobytes()
    r, g, b = rgb
    return sum(
        1
        for i in range(0, len(raw), 3)
        if abs(raw[i] - r) <= tolerance
        and abs(raw[i + 1] - g) <= tolerance
        and abs(raw[i + 2] - b) <= tolerance
    )


def images_besides_qr_codes(data: bytes) -> tuple[list[Image.Image], list[str]]:
    """The images embedded in the PDF (each once) that are not QR codes nor the printed form's
    tick box and writing line (every dossier has them: test_dossier_pdf), and the QR codes'
    texts."""
    others: list[Image.Image] = []
    codes: list[str] = []
    for _, image in pdf_images(data):
        assert isinstance(image, Image.Image)
        if is_form_furniture(image):
            continue
        text = qr_code_text(image)
        if text is None:
            others.append(image)
        else:
            codes.append(text)
    return others, codes


def is_the_logo(image: Image.Image) -> bool:
    """The very pixels png_logo wrote (PNG is lossless): not merely some image."""
    return image.size == (240, 96) and image.convert("RGB").tobytes() == logo_image().tobytes()


# ---------------------------------------------------------------------------- reading the file


def test_load_brand_reads_every_key(tmp_path: Path) -> None:
    brand = load_brand(brand_folder(tmp_path, GOOD))
    assert brand.name == "Relocation Partners Lyon"
    assert brand.contact == "+33 4 00 00 00 00 · hello@rp-lyon.example"
    assert brand.accent == "#0b6e4f"
    assert brand.logo_media_type == "image/png"
    assert brand.logo_data == (tmp_path / "agency" / "logo.png").read_bytes()
    assert brand.logo_uri is not None and brand.logo_uri.startswith("data:image/png;base64,")


def test_only_name_is_required(tmp_path: Path) -> None:
    brand = load_brand(brand_folder(tmp_path, "name: Solo Agent\n", logo=None))
    assert (brand.name, brand.logo_uri, brand.contact, brand.accent) == (
        "Solo Agent",
        None,
        None,
        None,
    )


def test_logo_in_a_subfolder_and_a_link_inside_the_folder_are_fine(tmp_path: Path) -> None:
    folder = tmp_path / "agency"
    (folder / "img").mkdir(parents=True)
    png_logo(folder / "img" / "logo.png")
    (folder / "current.png").symlink_to(folder / "img" / "logo.png")
    for value in ("img/logo.png", "current.png", "./img/logo.png"):
        path = folder / "brand.yaml"
        path.write_text(f"name: A\nlogo: {value}\n", encoding="utf-8")
        assert load_brand(path).logo_data == (folder / "img" / "logo.png").read_bytes()


def bad_brand(tmp_path: Path, body: str) -> BrandError:
    path = brand_folder(tmp_path, body)
    with pytest.raises(BrandError) as caught:
        load_brand(path)
    err = caught.value
    message = str(err)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    assert err.exit_code == EXIT_USAGE
    return err


@pytest.mark.parametrize(
    ("line", "key", "value", "reason"),
    [
        ("logo: ../outside.png", "logo", "../outside.png", "must not leave"),
        ("logo: img/../../outside.png", "logo", "img/../../outside.png", "must not leave"),
        ("logo: /etc/passwd.png", "logo", "/etc/passwd.png", "not an absolute path"),
        ("logo: '..\\outside.png'", "logo", "..\\outside.png", "relative to the brand file"),
        ("logo: C:/logo.png", "logo", "C:/logo.png", "relative to the brand file"),
        ("logo: escape.png", "logo", "escape.png", "leads outside the brand file's folder"),
        (
            "logo: escape-dir/outside.png",
            "logo",
            "escape-dir/outside.png",
            "leads outside the brand file's folder",
        ),
        ("logo: missing.png", "logo", "missing.png", "no such file"),
        ("logo: notes.txt", "logo", "notes.txt", ".png, .jpg, .jpeg or .svg"),
        ("logo: fake.png", "logo", "fake.png", "is not a PNG image"),
        ("logo: fake.svg", "logo", "fake.svg", "is not an SVG image"),
        ("accent: red", "accent", "red", "#rgb or #rrggbb"),
        ("accent: '#12345'", "accent", "#12345", "#rgb or #rrggbb"),
        ("accent: '#1234567'", "accent", "#1234567", "#rgb or #rrggbb"),
        ("accent: '#ggg'", "accent", "#ggg", "#rgb or #rrggbb"),
        (
            "accent: '#fff; } body { display: none'",
            "accent",
            "#fff; } body { display: none",
            "#rgb or #rrggbb",
        ),
        ('accent: "#fff\\n"', "accent", "#fff\n", "#rgb or #rrggbb"),
        ("accent: url(x.png)", "accent", "url(x.png)", "#rgb or #rrggbb"),
        ("accent: 123", "accent", 123, "#rgb or #rrggbb"),
        ("accent: #0b6e4f", "accent", None, "quotes"),
        ("acent: '#0b6e4f'", "acent", "#0b6e4f", "did you mean 'accent'"),
        ("Logo: logo.png", "Logo", "logo.png", "did you mean 'logo'"),
        ("contact: [a, b]", "contact", ["a", "b"], "must be text"),
    ],
)
def test_bad_brand_is_one_line_naming_file_line_key_value(
    tmp_path: Path, line: str, key: str, value: object, reason: str
) -> None:
    outside = png_logo(tmp_path / "outside.png")
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "escape.png").symlink_to(outside)
    (folder / "escape-dir").symlink_to(tmp_path)
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    (folder / "fake.png").write_text("not an image", encoding="utf-8")
    (folder / "fake.svg").write_text("<html></html>", encoding="utf-8")
    err = bad_brand(tmp_path, f"name: Agency\n{line}\n")
    assert (err.line, err.key, err.value) == (2, key, value)
    message = str(err)
    assert f":2: {key}" in message
    assert reason in message, message


def test_missing_name_and_bad_files(tmp_path: Path) -> None:
    err = bad_brand(tmp_path, "contact: x\n")
    assert err.key == "name" and "required" in str(err)
    assert "empty" in str(bad_brand(tmp_path, ""))
    assert "mapping" in str(bad_brand(tmp_path, "- a\n- b\n"))
    assert "duplicate" in str(bad_brand(tmp_path, "name: a\nname: b\n"))
    assert "name = 'x\\ny'" in str(bad_brand(tmp_path, 'name: "x\\ny"\n'))
    with pytest.raises(BrandError) as caught:
        load_brand(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(caught.value) and "cannot read" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_brand_file_reached_through_a_link_reads_its_own_folder(tmp_path: Path) -> None:
    """The folder is the brand file's as named: a link to it elsewhere does not widen access."""
    path = brand_folder(tmp_path, GOOD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "brand.yaml").symlink_to(path)
    with pytest.raises(BrandError, match="no such file"):
        load_brand(elsewhere / "brand.yaml")


# ---------------------------------------------------------------------------- in the dossier


@pytest.mark.slow
def test_brand_shows_in_the_pdf_header(tmp_path: Path) -> None:
    data = render(load_brand(brand_folder(tmp_path, GOOD)), tmp_path)
    text = pdf_text(data)
    assert text.startswith("Relocation Partners Lyon +33 4 00 00 00 00 · hello@rp-lyon.example")
    assert "Zoë Client" in text
    # The logo is embedded once (however many pages show it); every other image is a QR code,
    # the very codes read off the rendered pages.
    others, codes = images_besides_qr_codes(data)
    assert len(others) == 1 and is_the_logo(others[0]), [im.size for im in others]
    assert codes and sorted(set(codes)) == sorted(set(pdf_qr_codes(data)))
    page = first_page_rgb(data)
    top = page.crop((0, 0, page.width, page.height // 8))
    assert count_near(top, LOGO_RED) > 500, "logo not drawn at the top of page 1"
    assert count_near(page, ACCENT_RGB, tolerance=12) > 200, "accent colour not used"
    assert count_near(page, DEFAULT_ACCENT_RGB, tolerance=12) == 0


@pytest.mark.slow
def test_no_brand_no_logo_default_accent(tmp_path: Path) -> None:
    data = render(None, tmp_path)
    assert "Relocation Partners" not in pdf_text(data)
    others, codes = images_besides_qr_codes(data)
    assert others == [], [im.size for im in others]  # no logo, nor any other picture
    assert codes  # the QR codes are images: the check above did look at them
    page = first_page_rgb(data)
    assert count_near(page, LOGO_RED) == 0
    assert count_near(page, DEFAULT_ACCENT_RGB, tolerance=12) > 200


@pytest.mark.slow
def test_svg_and_jpeg_logos(tmp_path: Path) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        '<rect width="120" height="40" fill="#cc0000"/></svg>',
        encoding="utf-8",
    )
    Image.new("RGB", (120, 40), LOGO_RED).save(folder / "logo.jpg", format="JPEG")
    for name in ("logo.svg", "logo.jpg"):
        path = folder / "brand.yaml"
        path.write_text(f"name: Vector Agency\nlogo: {name}\n", encoding="utf-8")
        data = render(load_brand(path), tmp_path)
        top = first_page_rgb(data).crop((0, 0, 600, 110))
        assert count_near(top, LOGO_RED) > 300, name
        assert "Vector Agency" in pdf_text(data)


@pytest.mark.slow
def test_svg_logo_cannot_fetch_anything(tmp_path: Path) -> None:
    """An SVG logo naming another file is drawn without it: the fetcher refuses it."""
    secret = png_logo(tmp_path / "secret.png")
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="120" height="40"><image width="120" height="40" '
        f'xlink:href="file://{secret}"/></svg>',
        encoding="utf-8",
    )
    path = folder / "brand.yaml"
    path.write_text("name: Sneaky\nlogo: logo.svg\n", encoding="utf-8")
    data = render(load_brand(path), tmp_path)
    assert count_near(first_page_rgb(data), LOGO_RED) == 0


def test_html_format_embeds_the_logo(tmp_path: Path) -> None:
    html = render(load_brand(brand_folder(tmp_path, GOOD)), tmp_path, fmt="html").decode()
    assert 'src="data:image/png;base64,' in html
    assert "logo.png" not in html and str(tmp_path) not in html
    assert "Relocation Partners Lyon" in html and "hello@rp-lyon.example" in html
    assert ":root { --accent: #0b6e4f; }" in html


@pytest.mark.slow
def test_logo_is_a_tagged_figure_with_the_agency_name_as_alt_text(tmp_path: Path) -> None:
    from test_pdf_keep import struct_elements

    data = render(load_brand(brand_folder(tmp_path, GOOD)), tmp_path)
    alts = [str(e.get("/Alt", "")) for e in struct_elements(data) if e["/S"] == "/Figure"]
    assert sorted(alt for alt in alts if not alt.startswith("QR code: ")) == [
        "Relocation Partners Lyon"
    ]
