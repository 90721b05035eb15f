"""The bundled France social-security guide, as each of the four profiles reads it.

For EU/non-EU × worker/student, in French and in English, the dossier is rendered once to HTML
in-process (module fixture ``reads``: its printed text and the address behind each QR code);
each test then says what must be there and what must not (issue 3, "what done looks like").
The slow tests at the end render the same eight dossiers to real PDFs through the CLI and check
that the PDF says the same: every phrase below present in one is present in the other, and the
QR codes decoded from the rendered pages are the HTML's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import COMBINATIONS, bundled_dossier, write_profile
from htmlread import html_read
from paperasse.cli import app
from paperasse.render.html import render_html
from pdfread import pdf_page_count, pdf_qr_codes, pdf_text

runner = CliRunner()

ARRIVAL = "2026-12-14"  # + 3 months = 14 March 2027
VISA_SITE = "https://administration-etrangers-en-france.interieur.gouv.fr"
STUDENT_SITE = "https://etudiant-etranger.ameli.fr"
CAF = "https://www.caf.fr"
FIND_CPAM = "https://www.ameli.fr/assure/adresses-et-contacts"
F39 = "https://www.service-public.gouv.fr/particuliers/vosdroits/F39"

LANGS = ("en", "fr")
PROFILES = list(COMBINATIONS)  # eu-worker, eu-student, non-eu-worker, non-eu-student
CASES = [(stem, lang) for stem in PROFILES for lang in LANGS]


@dataclass(frozen=True)
class Read:
    text: str  # the whole text, whitespace collapsed, hyphenation breaks restored
    qrs: tuple[str, ...]  # QR codes (decoded from a PDF's pages, or their HTML links), in order
    pages: int  # 1 for HTML

    def has(self, phrase: str) -> bool:
        return phrase in self.text

    def pos(self, phrase: str) -> int:
        at = self.text.find(phrase)
        assert at >= 0, f"not in the dossier: {phrase!r}"
        return at


def _read(data: bytes) -> Read:
    # pdfium marks a line broken after a hyphen with U+FFFE in place of the hyphen.
    text = pdf_text(data).replace("\ufffe", "-")
    text = re.sub(r"\s+", " ", text)
    return Read(text, tuple(pdf_qr_codes(data)), pdf_page_count(data))


def _read_html(**values: object) -> Read:
    read = html_read(render_html(bundled_dossier(**values)))
    return Read(re.sub(r"\s+", " ", read.text), tuple(read.qr_links), 1)


def _build(folder: Path, stem: str, **values: object) -> bytes:
    profile = write_profile(folder, stem, **values)
    out = folder / "out"
    result = runner.invoke(app, ["build", str(profile), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return (out / f"{stem}.pdf").read_bytes()


@pytest.fixture(scope="module")
def reads() -> dict[tuple[str, str], Read]:
    """The bundled guide (the default) for the 8 cases, with an arrival date, as HTML."""
    return {(stem, lang): _read_html(language=lang, arrival_date=ARRIVAL, **COMBINATIONS[stem])
            for stem, lang in CASES}


@pytest.fixture(scope="module")
def undated() -> dict[str, Read]:
    """A non-EU worker without an arrival date, in each language, as HTML."""
    return {lang: _read_html(language=lang, **COMBINATIONS["non-eu-worker"]) for lang in LANGS}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Read]:
    """The same 8 cases, and the undated ones (lang, "undated"), as real PDFs through the CLI."""
    folder = tmp_path_factory.mktemp("france")
    found = {
        (stem, lang): _read(_build(folder, f"{stem}-{lang}", language=lang,
                                   arrival_date=ARRIVAL, **COMBINATIONS[stem]))
        for stem, lang in CASES
    }
    for lang in LANGS:
        found["undated", lang] = _read(_build(folder, f"undated-{lang}", language=lang,
                                              **COMBINATIONS["non-eu-worker"]))
    return found


# Phrases, per language. Each is a piece of the guide's own wording (or of the dossier's labels).
P = {
    "en": {
        "validate_visa": "Within 3 months of arrival, validate your",
        "visa_fee_worker": "pay the tax (check the current amount on service-public F39)",
        "visa_fee_student": "pay the €50 tax",
        "residence_doc": "Validated long-stay visa (VLS-TS, with the PDF validation certificate) "
                         "or residence permit",
        "sworn": "by a sworn translator",
        "no_residence_permit": "you need no visa and no residence permit",
        "dpae": "pre-hiring declaration (DPAE)",
        "s1106": "Fill in form S1106 (cerfa n°15763) and send it",
        "cpam": "to the CPAM of the place where you live",
        "s1106_doc": "Form S1106 (cerfa n°15763), filled in and signed.",
        "contract": "Employment contract.",
        "payslip": "First payslip",
        "ehic_work": "Once you work in France, your European Health Insurance Card (EHIC) no "
                     "longer covers you",
        "posted": "you hold form A1",
        "register_student": "register on etudiant-etranger.ameli.fr",
        "enrolment_doc": "Certificate of enrolment for the current academic year (not the "
                         "admission letter).",
        "admission_refused": "an admission letter is refused",
        "eu_ehic_no_need": "If your European Health Insurance Card (EHIC) is valid until the "
                           "end of your academic year, you do not need to register",
        "eu_neither": "If you have neither a valid EHIC nor an S1, register on the same site",
        "eu_s1": "you hold form S1 from your home country, register on etudiant-etranger",
        "nia": "keep the provisional number (NIA)",
        "nir": "Wait for your definitive number (NIR), which can take up to 9 months",
        "cover_work": "you are covered from your first day of work",
        "cover_study": "from the date of your enrolment",
        "birth": "an extract that shows your parents' names",
        "rib": "French bank details (RIB) in your name",
        "ameli": "Once you have the definitive number, create your ameli account",
        "vitale": "Order your Carte Vitale from your ameli account",
        "doctor": "reimbursed 70% with one, but only 30% without",
        "mutuelle": "top-up plan (mutuelle)",
        "c2s": "Complémentaire santé solidaire (C2S)",
        "private_mutuelle": "compare private mutuelles",
        "caf": "apply for housing aid on caf.fr",
        "caf_needs": "For housing aid, the CAF needs your French bank details, your income, "
                     "your lease",
        "phone": "36 46",
        "deadline_date": "Deadline: before 14 March 2027 (3 months after arrival)",
        "deadline_label": "Deadline:",
        "deadline_duration": "Deadline: within 3 months of arrival",
        "checked": "facts checked on 28 November 2026",
        "sources": "Official sources",
    },
    "fr": {
        "validate_visa": "Dans les 3 mois suivant votre arrivée, validez en ligne votre visa",
        "visa_fee_worker": "payez la taxe (vérifiez le montant en vigueur sur service-public F39)",
        "visa_fee_student": "payez la taxe de 50 €",
        "residence_doc": "Visa long séjour validé (VLS-TS, avec l'attestation de validation en "
                         "PDF) ou titre de séjour",
        "sworn": "par un traducteur assermenté",
        "no_residence_permit": "vous n'avez besoin ni de visa ni de titre de séjour",
        "dpae": "déclaration préalable à l'embauche (DPAE)",
        "s1106": "Remplissez le formulaire S1106 (cerfa n°15763) et envoyez-le",
        "cpam": "à la CPAM du lieu où vous habitez",
        "s1106_doc": "Formulaire S1106 (cerfa n°15763), rempli et signé.",
        "contract": "Contrat de travail.",
        "payslip": "Premier bulletin de salaire",
        "ehic_work": "Dès que vous travaillez en France, votre carte européenne d'assurance "
                     "maladie (CEAM) ne vous couvre plus",
        "posted": "vous avez le formulaire A1",
        "register_student": "inscrivez-vous sur etudiant-etranger.ameli.fr",
        "enrolment_doc": "Certificat de scolarité de l'année universitaire en cours (pas la "
                         "lettre d'admission).",
        "admission_refused": "une lettre d'admission est refusée",
        "eu_ehic_no_need": "Si votre carte européenne d'assurance maladie (CEAM) est valable "
                           "jusqu'à la fin de votre année universitaire, vous n'avez pas besoin "
                           "de vous inscrire",
        "eu_neither": "Si vous n'avez ni CEAM valable ni S1, inscrivez-vous sur le même site",
        "eu_s1": "vous avez un formulaire S1 de votre pays, inscrivez-vous sur etudiant-etranger",
        "nia": "conservez le numéro provisoire (NIA)",
        "nir": "Attendez votre numéro définitif (NIR), qui peut prendre jusqu'à 9 mois",
        "cover_work": "vous êtes couvert dès le premier jour de travail",
        "cover_study": "à partir de la date de votre inscription dans l'établissement",
        "birth": "extrait avec le nom de vos parents",
        "rib": "Relevé d'identité bancaire (RIB) français à votre nom",
        "ameli": "Une fois le numéro définitif reçu, créez votre compte ameli",
        "vitale": "Commandez votre carte Vitale depuis votre compte ameli",
        "doctor": "remboursé à 70 % avec un médecin traitant, mais à 30 % seulement sans",
        "mutuelle": "complémentaire santé collective (mutuelle)",
        "c2s": "Complémentaire santé solidaire (C2S)",
        "private_mutuelle": "comparez les mutuelles privées",
        "caf": "demandez l'aide au logement sur caf.fr",
        "caf_needs": "Pour l'aide au logement, la CAF demande votre RIB français, vos revenus, "
                     "votre bail",
        "phone": "36 46",
        "deadline_date": "Date limite : avant le 14 mars 2027 (3 mois après l'arrivée)",
        "deadline_label": "Date limite",
        "deadline_duration": "Date limite : dans les 3 mois suivant l'arrivée",
        "checked": "informations vérifiées le 28 novembre 2026",
        "sources": "Sources officielles",
    },
}


def _is(stem: str) -> tuple[bool, bool]:
    """(EU?, worker?)"""
    return stem.startswith("eu-"), stem.endswith("worker")


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_everyone(reads, stem: str, lang: str) -> None:
    """NIA then NIR, cover from day one, birth certificate, RIB, ameli/Vitale after the NIR,
    doctor 70%/30%, top-up cover, CAF (QR code) and what it needs, 36 46, dates and sources."""
    read, p = reads[stem, lang], P[lang]
    for key in ("cover_work", "cover_study", "birth", "rib", "doctor", "c2s",
                "private_mutuelle", "caf_needs", "phone", "sources"):
        assert read.has(p[key]), (stem, lang, key)
    order = ["nia", "nir", "ameli", "vitale", "doctor", "c2s", "caf"]
    positions = [read.pos(p[key]) for key in order]
    assert positions == sorted(positions), "steps out of order"
    assert CAF in read.qrs
    assert read.has(p["checked"])  # on every page of the PDF: test_the_pdf_reads_as_the_html


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_residence(reads, stem: str, lang: str) -> None:
    """Non-EU: visa validation (QR code, fee), residence permit among the documents, sworn
    translator. EU: none of it."""
    read, p = reads[stem, lang], P[lang]
    eu, worker = _is(stem)
    fee = p["visa_fee_worker"] if worker else p["visa_fee_student"]
    if eu:
        assert read.has(p["no_residence_permit"])
        for key in ("validate_visa", "visa_fee_worker", "visa_fee_student", "residence_doc",
                    "sworn"):
            assert not read.has(p[key]), (stem, lang, key)
        assert "VLS-TS" not in read.text
        assert VISA_SITE not in read.qrs
        # The only mention of a residence permit is the sentence saying none is needed.
        word = "residence permit" if lang == "en" else "titre de séjour"
        assert read.text.count(word) == 1
    else:
        for key in ("validate_visa", "residence_doc", "sworn"):
            assert read.has(p[key]), (stem, lang, key)
        assert read.has(fee)
        assert VISA_SITE in read.qrs
        assert not read.has(p["no_residence_permit"])
        # Validating the visa comes before registering.
        first = p["s1106"] if worker else p["register_student"]
        assert read.pos(p["validate_visa"]) < read.pos(first)


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_work_or_study(reads, stem: str, lang: str) -> None:
    """Workers: DPAE, S1106 to the CPAM, contract, payslip, A1; students: the student portal with
    the certificate of enrolment, and no S1106."""
    read, p = reads[stem, lang], P[lang]
    _, worker = _is(stem)
    work = ("dpae", "s1106", "cpam", "s1106_doc", "contract", "payslip", "posted", "mutuelle")
    study = ("enrolment_doc",)
    for key in work:
        assert read.has(p[key]) == worker, (stem, lang, key)
    for key in study:
        assert read.has(p[key]) == (not worker), (stem, lang, key)
    assert ("S1106" in read.text) == worker
    assert ("DPAE" in read.text) == worker
    assert (FIND_CPAM in read.qrs) == worker
    assert (STUDENT_SITE in read.qrs) == (not worker)
    if worker:
        positions = [read.pos(p[k]) for k in ("dpae", "s1106", "nia", "nir")]
        assert positions == sorted(positions)


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_eu_workers_and_ehic(reads, stem: str, lang: str) -> None:
    read, p = reads[stem, lang], P[lang]
    assert read.has(p["ehic_work"]) == (stem == "eu-worker")


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_students_by_citizenship(reads, stem: str, lang: str) -> None:
    """Non-EU students register with the enrolment certificate (admission letter refused); EU
    students with a valid EHIC need not register, with an S1 or with neither they do."""
    read, p = reads[stem, lang], P[lang]
    assert read.has(p["admission_refused"]) == (stem == "non-eu-student")
    for key in ("eu_ehic_no_need", "eu_neither", "eu_s1"):
        assert read.has(p[key]) == (stem == "eu-student"), (stem, lang, key)
    if stem == "non-eu-student":
        assert read.pos(p["register_student"]) < read.pos(p["nia"])


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_deadline_as_a_date(reads, stem: str, lang: str) -> None:
    """With an arrival date (14 December 2026), the visa deadline is 14 March 2027."""
    read, p = reads[stem, lang], P[lang]
    eu, _ = _is(stem)
    if eu:
        assert p["deadline_label"] not in read.text
    else:
        assert read.has(p["deadline_date"])
        assert read.text.count(p["deadline_label"]) == 1
        assert not read.has(p["deadline_duration"])


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_as_a_duration(undated, lang: str) -> None:
    read, p = undated[lang], P[lang]
    assert read.has(p["deadline_duration"])
    assert "2027" not in read.text
    assert VISA_SITE in read.qrs and F39 in read.qrs


@pytest.mark.parametrize("stem", PROFILES)
def test_languages_in_step(reads, stem: str) -> None:
    """The French and the English dossier carry the same links, so the same steps."""
    assert sorted(set(reads[stem, "en"].qrs)) == sorted(set(reads[stem, "fr"].qrs))


def _same_in_pdf(pdf: Read, html: Read, lang: str, case: object) -> None:
    for key, phrase in P[lang].items():
        assert pdf.has(phrase) == html.has(phrase), (case, lang, key)
    # every QR code on the pages decodes to an address the dossier links to, and none is missing
    assert set(pdf.qrs) == set(html.qrs), case
    # the date the facts were checked: in the footer of every page
    assert pdf.text.count(P[lang]["checked"]) >= pdf.pages > 1


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_the_pdf_reads_as_the_html(pdfs, reads, stem: str, lang: str) -> None:
    _same_in_pdf(pdfs[stem, lang], reads[stem, lang], lang, stem)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_undated_pdf_reads_as_the_html(pdfs, undated, lang: str) -> None:
    _same_in_pdf(pdfs["undated", lang], undated[lang], lang, "undated")
