"""--merge: one PDF of all the batch's dossiers, read as a reader (and a PDF viewer) sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import TEST_GUIDE_EN, write_profile
from paperasse.batch.pack import MergeError, merge_pdfs
from pdfread import pdf_page_count, pdf_pages_text

CLIENTS = {  # stem: (name, values); the non-EU student gets the longest dossier
    "ana": ("Ana Souza", {"citizenship": "BR", "status": "student"}),
    "lukas": ("Lukas Müller", {"citizenship": "DE", "status": "worker", "language": "fr"}),
    "mai": ("Nguyễn Thị Mai", {"citizenship": "VN", "status": "worker"}),
}


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    from paperasse.build import Builder, write_atomic
    from paperasse.inputs.profile import read_profile

    folder = tmp_path_factory.mktemp("dossiers")
    builder = Builder(guide=str(TEST_GUIDE_EN))
    items = []
    for stem, (name, values) in CLIENTS.items():
        profile = read_profile(write_profile(folder, stem, name=name, **values))
        target = folder / f"{stem}.pdf"
        write_atomic(target, builder.render(builder.dossier(profile)))
        items.append((name, target))
    return items


def flat(text: str) -> str:
    return " ".join(text.split())


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The top-level bookmarks: (title, first page index)."""
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


@pytest.mark.slow
def test_pack_joins_the_dossiers_in_order(dossiers, tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    counts = [pdf_page_count(path.read_bytes()) for _, path in dossiers]
    assert sum(counts) > len(counts), "test needs a dossier of more than one page"

    assert merge_pdfs(dossiers, pack) == sum(counts)
    data = pack.read_bytes()
    pages = [flat(text) for text in pdf_pages_text(data)]
    assert len(pages) == sum(counts)

    starts = [sum(counts[:i]) for i in range(len(counts))]
    reader = PdfReader(pack)
    assert outline(reader) == [
        (name, start) for (name, _), start in zip(dossiers, starts, strict=True)
    ]

    for (name, path), start, count in zip(dossiers, starts, counts, strict=True):
        # each dossier starts on a page of its own, and its pages are its own, in order
        own = [flat(text) for text in pdf_pages_text(path.read_bytes())]
        assert pages[start : start + count] == own
        assert name in pages[start]
        if start:
            assert name not in pages[start - 1]
        # its own footer, restarting at 1 ("Page 1 of 3" / "Page 1 sur 3")
        word = "sur" if "Lukas" in name else "of"
        assert f"Page 1 {word} {count}" in pages[start]
        assert f"Page {count} {word} {count}" in pages[start + count - 1]
        # and the viewer's page labels restart too
        assert [reader.page_labels[i] for i in range(start, start + count)] == [
            str(n) for n in range(1, count + 1)
        ]


@pytest.mark.slow
def test_second_client_first_page_says_page_1(dossiers, tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    merge_pdfs(dossiers, pack)
    first_count = pdf_page_count(dossiers[0][1].read_bytes())
    second_count = pdf_page_count(dossiers[1][1].read_bytes())
    page = flat(pdf_pages_text(pack.read_bytes())[first_count])
    assert f"Page 1 sur {second_count}" in page  # Lukas's dossier is in French
    assert "Lukas Müller" in page


@pytest.mark.slow
def test_order_is_the_order_given(dossiers, tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    backwards = list(reversed(dossiers))
    merge_pdfs(backwards, pack)
    titles = [title for title, _ in outline(PdfReader(pack))]
    assert titles == [name for name, _ in backwards]


@pytest.mark.slow
def test_sections_nest_under_each_client(dossiers, tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    merge_pdfs(dossiers, pack)
    top = PdfReader(pack).outline
    titles = [item.title for item in top if not isinstance(item, list)]
    assert len(titles) == len(dossiers)
    children = [item for item in top if isinstance(item, list)]
    assert len(children) == len(dossiers)
    for kids in children:
        assert any(child.title.startswith(("Steps", "Étapes")) for child in flatten(kids))


def flatten(items: list) -> list:
    found = []
    for item in items:
        found.extend(flatten(item) if isinstance(item, list) else [item])
    return found


@pytest.mark.slow
def test_bad_dossier_leaves_the_old_pack_and_no_partial_file(dossiers, tmp_path: Path) -> None:
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(b"old pack")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF")
    with pytest.raises(MergeError) as caught:
        merge_pdfs([*dossiers, ("Broken", broken)], pack)
    assert "broken.pdf" in str(caught.value) and "\n" not in str(caught.value)
    assert pack.read_bytes() == b"old pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf", "pack.pdf"]


def test_nothing_to_merge_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match="no dossier"):
        merge_pdfs([], tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()


@pytest.mark.slow
def test_fillable_boxes_stay_separate_per_client(tmp_path: Path) -> None:
    """Every dossier names its tick boxes alike; in the pack each client's are its own."""
    from paperasse.build import Builder, write_atomic
    from paperasse.inputs.profile import read_profile
    from paperasse.render.options import RenderOptions

    builder = Builder(guide=str(TEST_GUIDE_EN), options=RenderOptions(fillable=True))
    items, names = [], []
    for stem in ("one", "two"):
        profile = read_profile(write_profile(tmp_path, stem, name=f"Client {stem}"))
        target = tmp_path / f"{stem}.pdf"
        write_atomic(target, builder.render(builder.dossier(profile)))
        fields = PdfReader(target).get_fields() or {}
        assert fields, "the dossier has no form fields"
        names.append(set(fields))
        items.append((profile.name, target))
    assert names[0] == names[1]  # the same boxes, the same names
    pack = tmp_path / "pack.pdf"
    merge_pdfs(items, pack)
    merged = PdfReader(pack).get_fields() or {}
    assert len(merged) == len(names[0]) + len(names[1])
    assert {n for n in merged if n.startswith("client1-")} == {f"client1-{n}" for n in names[0]}
    assert {n for n in merged if n.startswith("client2-")} == {f"client2-{n}" for n in names[1]}
