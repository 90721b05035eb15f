"""Read a PDF as a person would: its text, its QR codes (decoded from rendered pages), metadata."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp


def pdf_pages_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
        return pages
    finally:
        pdf.close()


def pdf_lowest_lines(data: bytes, top_mm: float = 11, bottom_mm: float = 14) -> list[str]:
    """Each page's lowest line of text between its top and bottom margins (the running header
    and footer left out), as a reader sees it. Not the last text extracted: pdfium gives text
    in drawing order, and WeasyPrint draws positioned boxes (the checklist's items) after the
    rest of the flow."""
    mm = 72 / 25.4
    pdf = pdfium.PdfDocument(data)
    try:
        lines = []
        for page in pdf:
            textpage = page.get_textpage()
            height = page.get_height()
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            body = [r for r in rects if r[1] > bottom_mm * mm and r[3] < height - top_mm * mm]
            if not body:
                lines.append("")
                continue
            bottom = min(r[1] for r in body)
            line = sorted((r for r in body if r[1] < bottom + 3), key=lambda r: r[0])
            text = " ".join(textpage.get_text_bounded(*r) for r in line)
            lines.append(" ".join(text.split()))
        return lines
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    """All text, with line breaks and hyphenation joined back into single spaces."""
    return " ".join(" ".join(pdf_pages_text(data)).split())


def pdf_qr_codes(data: bytes, scale: float = 4.0) -> list[str]:
    """The texts of every QR code seen on the rendered pages, in page order."""
    pdf = pdfium.PdfDocument(data)
    found: list[str] = []
    try:
        for page in pdf:
            image = page.render(scale=scale, grayscale=True).to_pil()
            results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            found.extend(
                r.text
                for r in sorted(
                    results, key=lambda r: (r.position.top_left.y, r.position.top_left.x)
                )
            )
    finally:
        pdf.close()
    return found


def pdf_metadata(data: bytes) -> dict[str, str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf.get_metadata_dict()
    finally:
        pdf.close()


def pdf_page_count(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_png(data: bytes, prefix: str, scale: float = 1.5) -> list[str]:
    """Write each page as ``<prefix>-<n>.png`` (for looking at layouts); returns the paths."""
    pdf = pdfium.PdfDocument(data)
    paths = []
    try:
        for number, page in enumerate(pdf, 1):
            path = f"{prefix}-{number}.png"
            page.render(scale=scale).to_pil().save(path)
            paths.append(path)
    finally:
        pdf.close()
    return paths


def pdf_language(data: bytes) -> str | None:
    """The document language (/Lang of the catalog); pdfium has no accessor for it."""
    import io

    import pypdf

    lang = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang")
    return str(lang) if lang is not None else None


def pdf_images(data: bytes) -> list[tuple[object, object]]:
    """Every image the PDF embeds, once each however many pages draw it: (reference, PIL image)."""
    import io

    import pypdf

    seen: dict[object, object] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            ref = image.indirect_reference
            key = (ref.idnum, ref.generation) if ref is not None else (id(image), image.name)
            seen.setdefault(key, image.image)
    return list(seen.items())


def qr_code_text(image: object) -> str | None:
    """What an embedded image says when read as a QR code (one pixel a module), else None."""
    from PIL import Image, ImageOps

    assert isinstance(image, Image.Image)
    big = image.convert("L").resize((image.width * 8, image.height * 8), Image.Resampling.NEAREST)
    results = zxingcpp.read_barcodes(
        ImageOps.expand(big, border=32, fill=255), formats=zxingcpp.BarcodeFormat.QRCode
    )
    return results[0].text if len(results) == 1 else None


#: The pixel sizes of the printed form's own images (templates/dossier.css): the tick box (a
#: 128-pixel square; QR codes have a pixel a module, logos are the agency's) and the line to
#: write on (one ink pixel, stretched).
TICK_BOX_PX = (128, 128)
WRITE_LINE_PX = (1, 1)


def is_form_furniture(image: object) -> bool:
    """Whether an embedded image is one of the printed form's own: the tick box (a dark frame
    around a white inside) or the line to write on (one dark pixel)."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    grey = image.convert("RGBA").convert("L")
    if image.size == WRITE_LINE_PX:
        return grey.getpixel((0, 0)) < 90
    if image.size != TICK_BOX_PX:
        return False
    return grey.getpixel((64, 64)) > 240 and grey.getpixel((64, 2)) < 90


def page_bounds(obj: pdfium.PdfObject) -> tuple[float, float, float, float]:
    """An object's (left, bottom, right, top) on its page, in points: pdfium gives the bounds
    of an object drawn inside a form XObject (WeasyPrint's backgrounds) in the form's own
    space."""
    left, bottom, right, top = obj.get_bounds()
    corners = [(left, bottom), (right, top)]
    container = obj.container
    while container is not None:
        a, b, c, d, e, f = container.get_matrix().get()
        corners = [(a * x + c * y + e, b * x + d * y + f) for x, y in corners]
        container = container.container
    (x0, y0), (x1, y1) = corners
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def image_placements(
    data: bytes, px_size: tuple[int, int]
) -> list[tuple[int, float, float, float]]:
    """(page, left, top from the page's top, width) in points of each placement of the images
    of ``px_size`` pixels."""
    import pypdfium2.raw as pdfium_c

    found = []
    pdf = pdfium.PdfDocument(data)
    try:
        for number, page in enumerate(pdf, 1):
            height = page.get_height()
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                if tuple(image.get_px_size()) == px_size:
                    left, _bottom, right, top = page_bounds(image)
                    found.append((number, left, height - top, right - left))
    finally:
        pdf.close()
    return found


def split_page_furniture(pages: list[str]) -> tuple[list[str], list[str]]:
    """Each page's words split into (body, furniture): the running header and footer the page
    margins repeat on every page, which pdfium extracts after the page's content. Furniture is
    what the pages end with in common (besides "Page N of M"): the words shared at the end of
    pages 2 to N, and of those the words page 1 ends with (it has no running header). So that a
    sentence a page break cuts reads whole when the bodies are joined. One page: no furniture."""
    words = [page.split() for page in pages]
    if len(words) < 2:
        return [" ".join(w) for w in words], ["" for _ in words]

    def common_suffix(lists: list[list[str]]) -> int:
        n = 0
        while all(len(w) > n for w in lists) and len({w[-1 - n] for w in lists}) == 1:
            n += 1
        return n

    # the page numbers differ: compare with "Page N of M" (or "sur") blanked out
    blank = [
        [("#" if w.isdigit() and i >= len(ws) - 4 else w) for i, w in enumerate(ws)] for ws in words
    ]
    rest = blank[1:] if len(blank) > 2 else [*blank[1:], blank[0]]
    tail = common_suffix(rest)
    first = common_suffix([blank[0], blank[1][len(blank[1]) - tail :]]) if tail else 0
    cuts = [first] + [tail] * (len(words) - 1)
    return (
        [" ".join(w[: len(w) - c]) for w, c in zip(words, cuts, strict=True)],
        [" ".join(w[len(w) - c :]) for w, c in zip(words, cuts, strict=True)],
    )
