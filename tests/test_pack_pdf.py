"""The france-arrival pack as a person reads it: the PDFs of the four base profiles and of a
family, built once by one ``paperasse build --pack`` batch (slow, few). What the dossier holds is
checked in fast tests (test_pack.py); here, that the PDF says the same: the hosts of its decoded
QR codes, each document printed once, the first deadline on page 1, and nothing for a family in a
single person's dossier."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from conftest import profile_of, write_profile
from paperasse.cli import app
from paperasse.i18n import format_date
from pdfread import pdf_pages_text, pdf_qr_codes

PEOPLE = {
    "eu-worker": {"citizenship": "PL", "status": "worker"},
    "eu-student": {"citizenship": "DE", "status": "student", "language": "fr"},
    "non-eu-worker": {"citizenship": "BR", "status": "worker"},
    "non-eu-student": {"citizenship": "VN", "status": "student", "language": "fr"},
    "family": {"citizenship": "BR", "status": "worker", "partner": True, "children": [4, 9]},
}
ARRIVAL = "2026-09-01"


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


@pytest.fixture(scope="module")
def pack_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], list[str]]]:
    folder = tmp_path_factory.mktemp("people")
    for stem, values in PEOPLE.items():
        write_profile(folder, stem, name=f"Person {stem}", arrival_date=ARRIVAL, **values)
    out = folder / "out"
    result = CliRunner().invoke(
        app, ["build", str(folder), "--pack", "france-arrival", "-o", str(out), "--jobs", "2"]
    )
    assert result.exit_code == 0, result.output
    found = {}
    for stem in PEOPLE:
        data = (out / f"{stem}.pdf").read_bytes()
        found[stem] = (pdf_pages_text(data), pdf_qr_codes(data))
    return found


def _dossier(stem: str):
    from paperasse.build import Builder

    values = PEOPLE[stem]
    return Builder(pack="france-arrival").dossier(
        profile_of(name=f"Person {stem}", arrival_date=ARRIVAL, **values)
    )


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(PEOPLE))
def test_pack_qr_codes_one_per_distinct_link_with_the_dossiers_hosts(pack_pdfs, stem: str) -> None:
    _, codes = pack_pdfs[stem]
    dossier = _dossier(stem)
    steps = {
        link.url for item in dossier.steps for link in item.links if link.url.startswith("http")
    }
    shown = {link.url for link in dossier.links()} | {link.url for link in dossier.sources}
    web = {url for url in shown if url.startswith(("http://", "https://"))}
    assert len(codes) == len(set(codes)), "one QR code per distinct link in the whole dossier"
    assert set(codes) == web, (stem, set(codes) ^ web)
    assert steps <= set(codes)  # every step's official site has its code
    host = {urlsplit(code).hostname for code in codes}
    assert host == {urlsplit(url).hostname for url in web}
    if stem == "family":  # the town hall's school page and the family benefits
        assert {"www.service-public.gouv.fr", "www.caf.fr"} <= host


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(PEOPLE))
def test_pack_documents_printed_once_and_first_deadline_on_page_one(pack_pdfs, stem: str) -> None:
    pages, _ = pack_pdfs[stem]
    text = _squash(" ".join(pages))
    dossier = _dossier(stem)
    for item in dossier.documents:
        words = _squash(item.text)[:60]
        assert text.count(words) == 1, (stem, item.key, text.count(words))
    first = dossier.first_due
    assert (first is not None) == stem.startswith(("non-eu", "family"))  # visa validation
    if first is not None:
        date = _squash(format_date(first.due, dossier.lang))
        assert date in _squash(pages[0]), (stem, first.key, first.due)
    assert _squash(dossier.title) in _squash(pages[0])


@pytest.mark.slow
@pytest.mark.parametrize("stem", [s for s in PEOPLE if s != "family"])
def test_nothing_for_a_family_in_a_single_persons_pack(pack_pdfs, stem: str) -> None:
    single = _dossier(stem)
    family = _dossier("family")
    only_family = {i.key: i.text for i in (*family.steps, *family.documents)}
    for item in (*single.steps, *single.documents):
        only_family.pop(item.key, None)
    assert {"family-visa", "child-health-cover", "family-record"} <= set(only_family)
    pages, _ = pack_pdfs[stem]
    text = _squash(" ".join(pages))
    for key, words in only_family.items():
        if single.lang == family.lang:
            assert _squash(words)[:60] not in text, (stem, key)
    assert "family-visa" not in {i.key for i in single.steps}
    family_text = _squash(" ".join(pack_pdfs["family"][0]))
    for key, words in only_family.items():
        assert _squash(words)[:60] in family_text, key


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(PEOPLE))
def test_no_pack_page_ends_on_a_heading_or_is_nearly_empty(pack_pdfs, stem: str) -> None:
    from paperasse import i18n

    pages, _ = pack_pdfs[stem]
    dossier = _dossier(stem)
    labels = i18n.labels_for(dossier.lang)
    headings = {
        labels[k]
        for k in ("start_here", "steps", "documents", "about", "providers", "details", "sources")
    }
    headings |= {section.title for section in dossier.sections}
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # the running head (the pack's title and the name) and the foot (dates, page) go
        body = [
            line
            for line in lines
            if not line.startswith((dossier.title, "Page ", labels["last_checked"][:10]))
            and not re.match(r"^(Facts checked|Informations vérifiées|Page \d)", line)
        ]
        assert body, (stem, number)
        assert body[-1] not in headings, (stem, number, body[-1])
        if number < len(pages):
            assert len(" ".join(body)) > 1200, (stem, number, "nearly empty")
