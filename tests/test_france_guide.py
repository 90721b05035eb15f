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
from pdfread import pdf_page_count, pdf_pages_text, pdf_qr_codes, split_page_furniture

runner = CliRunner()

ARRIVAL = "2026-12-14"  # + 3 months = 14 March 2027
VISA_SITE = "https://administration-etrangers-en-france.interieur.gouv.fr"
STUDENT_SITE = "https://etudiant-etranger.ameli.fr"
CAF = "https://www.caf.fr"
FIND_CPAM = "https://www.ameli.fr/assure/adresses-et-contacts"
F39 = "https://www.service-public.gouv.fr/particuliers/vosdroits/F39"
CVEC = "https://cvec.etudiant.gouv.fr"
POSTED = (
    "https://www.ameli.fr/assure/droits-demarches/europe-international/"
    "protection-sociale-france/travailleur-detachement-france"
)
TALENT = "https://www.welcometofrance.com/fiche/saffilier-au-regime-social-francais"
APL_2026 = (
    "https://www.enseignementsup-recherche.gouv.fr/fr/aides-au-logement-pour-les-"
    "etudiants-internationaux-le-gouvernement-adapte-les-criteres-d-100242"
)
#: Pages linked in each language's own version (audit: the French guide linked an English page).
IN_LANGUAGE = {
    "en": {
        "https://www.cleiss.fr/particuliers/venir/travailler/expatriation/ue883_en.html",
        "https://access.ciup.fr/en/visa-residence-permit/",
    },
    "fr": {
        "https://www.cleiss.fr/particuliers/venir/travailler/expatriation/ue883.html",
        "https://access.ciup.fr/prefecture/chercheurs/renouveler-un-titre-de-sejour-passeport-"
        "talent/",
    },
}


LANGS = ("en", "fr")
PROFILES = list(COMBINATIONS)  # eu-worker, eu-student, non-eu-worker, non-eu-student
CASES = [(stem, lang) for stem in PROFILES for lang in LANGS]


#: The heading of the steps, in each language (the order of steps is read from there).
STEPS_HEADINGS = ("Steps, in order", "Étapes, dans l'ordre")


@dataclass(frozen=True)
class Read:
    text: str  # the whole text, whitespace collapsed, hyphenation breaks restored
    qrs: tuple[str, ...]  # QR codes (decoded from a PDF's pages, or their HTML links), in order
    pages: int  # 1 for HTML
    #: a PDF's running header and footer, page by page (not in ``text``, so that a sentence a
    #: page break cuts reads whole)
    furniture: tuple[str, ...] = ()

    def has(self, phrase: str) -> bool:
        """In the dossier's text, or in a page's running header or footer."""
        return phrase in self.text or any(phrase in f for f in self.furniture)

    def pos(self, phrase: str) -> int:
        """Where ``phrase`` is first printed from the steps on: page 1's "Start here" repeats
        the first words of steps, and what is compared is the order of the steps themselves."""
        starts = [self.text.find(h) for h in STEPS_HEADINGS if h in self.text]
        at = self.text.find(phrase, min(starts) if starts else 0)
        assert at >= 0, f"not in the dossier: {phrase!r}"
        return at


def _read(data: bytes) -> Read:
    # pdfium marks a line broken after a hyphen with U+FFFE in place of the hyphen.
    pages = [page.replace("\ufffe", "-") for page in pdf_pages_text(data)]
    bodies, furniture = split_page_furniture(pages)
    text = re.sub(r"\s+", " ", " ".join(bodies))
    return Read(text, tuple(pdf_qr_codes(data)), pdf_page_count(data), tuple(furniture))


def test_page_furniture_is_told_from_a_sentence_a_page_break_cuts() -> None:
    foot = "Guide of 1 May · facts checked on 2 May Page {} of 3"
    pages = [
        f"Title Ana Intro. Ce qui peut {foot.format(1)}",
        f"encore vous concerner. Step 4. Title Ana {foot.format(2)}",
        f"Sources 12. Title Ana {foot.format(3)}",
    ]
    bodies, furniture = split_page_furniture(pages)
    assert bodies == [
        "Title Ana Intro. Ce qui peut",
        "encore vous concerner. Step 4.",
        "Sources 12.",
    ]
    assert furniture == [foot.format(1), *(f"Title Ana {foot.format(n)}" for n in (2, 3))]
    assert split_page_furniture(["One page only"]) == (["One page only"], [""])


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
    return {
        (stem, lang): _read_html(language=lang, arrival_date=ARRIVAL, **COMBINATIONS[stem])
        for stem, lang in CASES
    }


@pytest.fixture(scope="module")
def undated() -> dict[str, Read]:
    """A non-EU worker without an arrival date, in each language, as HTML."""
    return {lang: _read_html(language=lang, **COMBINATIONS["non-eu-worker"]) for lang in LANGS}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Read]:
    """The same 8 cases, and the undated ones (lang, "undated"), as real PDFs through the CLI."""
    folder = tmp_path_factory.mktemp("france")
    found = {
        (stem, lang): _read(
            _build(
                folder, f"{stem}-{lang}", language=lang, arrival_date=ARRIVAL, **COMBINATIONS[stem]
            )
        )
        for stem, lang in CASES
    }
    for lang in LANGS:
        found["undated", lang] = _read(
            _build(folder, f"undated-{lang}", language=lang, **COMBINATIONS["non-eu-worker"])
        )
    return found


#: Profiles for the keys the 2026 audit added (issue 10), each in both languages.
SPECIAL = {
    "dz-student": {"citizenship": "DZ", "status": "student"},
    "dz-worker": {"citizenship": "DZ", "status": "worker"},
    "scholar": {"citizenship": "VN", "status": "student", "scholarship": True},
    "posted-eu": {"citizenship": "PL", "status": "worker", "posted": True},
    "posted-non-eu": {"citizenship": "IN", "status": "worker", "posted": True},
    "talent": {"citizenship": "BR", "status": "worker", "talent": True},
    "family": {"citizenship": "BR", "status": "worker", "partner": True, "children": [4, 9]},
}
SPECIAL_CASES = [(stem, lang) for stem in SPECIAL for lang in LANGS]


@pytest.fixture(scope="module")
def special() -> dict[tuple[str, str], Read]:
    """The profiles of SPECIAL, with an arrival date, as HTML."""
    return {
        (stem, lang): _read_html(language=lang, arrival_date=ARRIVAL, **SPECIAL[stem])
        for stem, lang in SPECIAL_CASES
    }


@pytest.fixture(scope="module")
def special_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Read]:
    """The same, as real PDFs through the CLI."""
    folder = tmp_path_factory.mktemp("france-special")
    return {
        (stem, lang): _read(
            _build(folder, f"{stem}-{lang}", language=lang, arrival_date=ARRIVAL, **SPECIAL[stem])
        )
        for stem, lang in SPECIAL_CASES
    }


# Phrases, per language. Each is a piece of the guide's own wording (or of the dossier's labels).
P = {
    "en": {
        "validate_visa": "Within 3 months of arrival, validate your",
        "visa_fee_worker": "pay the tax shown there",
        "visa_fee_student": "The tax was €50 until 2025",
        "visa_fee_anef": "pay the amount ANEF asks for",
        "old_fee_student": "pay the €50 tax",
        "old_fee_table": "Tax: €50",
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
        "doctor": "reimbursed 70% of the base rate with one",
        "doctor_without": "but only 30% without",
        "mutuelle": "top-up plan (mutuelle)",
        "c2s": "Complémentaire santé solidaire (C2S)",
        "private_mutuelle": "compare private mutuelles",
        "caf": "apply for housing aid on caf.fr",
        "caf_needs": "For housing aid, the CAF needs your bank details, your income, your lease",
        "phone": "36 46",
        "deadline_date": "Deadline: before 14 March 2027 (3 months after arrival)",
        "deadline_label": "Deadline:",
        "deadline_duration": "Deadline: within 3 months of arrival",
        "checked": "facts checked on 1 December 2026",
        "sources": "Official sources",
        # The 2026 audit (../shared/facts/france-audit-2026-11.md, E1-E16).
        "renewal": "Renew your residence document online on ANEF between 4 and 2 months before",
        "late_tax": "a €180 late tax",
        "renewal_date": "Deadline: before 14 September 2027 (9 months after arrival)",
        "algeria": "Within 2 months of arrival, apply to the prefecture for your Algerian "
        "residence certificate",
        "algeria_date": "Deadline: before 14 February 2027 (2 months after arrival)",
        "algeria_doc": "Algerian residence certificate (certificat de résidence), or the receipt",
        "cvec": "pay the student life and campus contribution (CVEC)",
        "cvec_doc": "CVEC certificate (paid or exempt)",
        "enrolment": "Complete your administrative enrolment",
        "no_apl": "non-EU students who hold no scholarship (bourse) can no longer receive "
        "housing aid (APL)",
        "apl_law": "article 67 of the finance law for 2026",
        "apl_still": "What may still apply",
        "apl_scholar": "non-EU students keep housing aid from the CAF only if they hold a "
        "scholarship",
        "scholar_doc": "Your scholarship certificate (attestation de bourse), for the CAF.",
        "debated": "debated in Parliament",
        "posted_home": "As a posted worker (form A1",
        "posted_s1": "hand it to the CPAM of the place where you live as soon as you arrive",
        "posted_doc": "Form S1 from your home country's health insurer, and your form A1",
        "old_posted": "do not register in France",
        "work_auth": "check that your employer has obtained your work authorisation",
        "talent_cpam": "send it with your documents to the CPAM de Paris, not to your local CPAM",
        "apostille": "legalised or carry an apostille",
        "not_backdated": "it is not backdated",
        "gap": "take private (travel) health insurance for the first weeks",
        "bilingual": "09 74 75 36 46",
        "abroad": "+33 811 70 36 46",
        "ofii": "watch for a letter or e-mail from the OFII",
        "family": "Each adult is insured in their own name",
    },
    "fr": {
        "validate_visa": "Dans les 3 mois suivant votre arrivée, validez en ligne votre visa",
        "visa_fee_worker": "payez la taxe indiquée",
        "visa_fee_student": "La taxe était de 50 € jusqu'en 2025",
        "visa_fee_anef": "payez le montant demandé par l'ANEF",
        "old_fee_student": "payez la taxe de 50 €",
        "old_fee_table": "Taxe : 50 €",
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
        "doctor": "remboursé à 70 % du tarif de base avec un médecin traitant",
        "doctor_without": "mais à 30 % seulement sans",
        "mutuelle": "complémentaire santé collective (mutuelle)",
        "c2s": "Complémentaire santé solidaire (C2S)",
        "private_mutuelle": "comparez les mutuelles privées",
        "caf": "demandez l'aide au logement sur caf.fr",
        "caf_needs": "Pour l'aide au logement, la CAF demande vos coordonnées bancaires, vos "
        "revenus, votre bail",
        "phone": "36 46",
        "deadline_date": "Date limite : avant le 14 mars 2027 (3 mois après l'arrivée)",
        "deadline_label": "Date limite",
        "deadline_duration": "Date limite : dans les 3 mois suivant l'arrivée",
        "checked": "informations vérifiées le 1er décembre 2026",
        "sources": "Sources officielles",
        "renewal": "Demandez le renouvellement de votre titre de séjour en ligne sur l'ANEF "
        "entre 4 et 2 mois avant",
        "late_tax": "une taxe de retard de 180 €",
        "renewal_date": "Date limite : avant le 14 septembre 2027 (9 mois après l'arrivée)",
        "algeria": "Dans les 2 mois suivant votre arrivée, demandez à la préfecture votre "
        "certificat de résidence algérien",
        "algeria_date": "Date limite : avant le 14 février 2027 (2 mois après l'arrivée)",
        "algeria_doc": "Certificat de résidence algérien, ou le récépissé",
        "cvec": "payez la contribution de vie étudiante et de campus (CVEC)",
        "cvec_doc": "Attestation CVEC (payée ou exonérée)",
        "enrolment": "Faites votre inscription administrative",
        "no_apl": "les étudiants hors UE qui n'ont pas de bourse ne peuvent plus recevoir "
        "l'aide au logement (APL)",
        "apl_law": "article 67 de la loi de finances pour 2026",
        "apl_still": "Ce qui peut encore vous concerner",
        "apl_scholar": "les étudiants hors UE ne gardent l'aide au logement de la CAF que s'ils "
        "sont boursiers",
        "scholar_doc": "Votre attestation de bourse, pour la CAF.",
        "debated": "débattues au Parlement",
        "posted_home": "Travailleur détaché (formulaire A1",
        "posted_s1": "remettez-le à la CPAM du lieu où vous habitez dès votre arrivée",
        "posted_doc": "Formulaire S1 de la caisse d'assurance maladie de votre pays, et votre "
        "formulaire A1",
        "old_posted": "ne vous inscrivez pas en France",
        "work_auth": "vérifiez que votre employeur a obtenu votre autorisation de travail",
        "talent_cpam": "envoyez-le avec vos justificatifs à la CPAM de Paris, et non à votre "
        "CPAM locale",
        "apostille": "légalisé ou revêtu d'une apostille",
        "not_backdated": "elle n'est pas rétroactive",
        "gap": "prenez une assurance santé privée (assurance voyage) pour les premières semaines",
        "bilingual": "09 74 75 36 46",
        "abroad": "+33 811 70 36 46",
        "ofii": "surveillez les courriers et courriels de l'OFII",
        "family": "Chaque adulte est assuré à son nom",
    },
}


def _is(stem: str) -> tuple[bool, bool]:
    """(EU?, worker?)"""
    return stem.startswith("eu-"), stem.endswith("worker")


def _housing_aid(stem: str) -> bool:
    """Since 1 July 2026 a non-EU student gets CAF housing aid only with a scholarship (E1)."""
    return stem != "non-eu-student"


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_everyone(reads, stem: str, lang: str) -> None:
    """NIA then NIR, cover from day one, birth certificate, RIB, ameli/Vitale after the NIR,
    doctor 70%/30%, top-up cover, CAF (QR code), 36 46 with the number from abroad and the
    bilingual line, dates and sources; nothing of the pre-2026 wording."""
    read, p = reads[stem, lang], P[lang]
    for key in (
        "cover_work",
        "cover_study",
        "birth",
        "rib",
        "doctor",
        "doctor_without",
        "c2s",
        "private_mutuelle",
        "phone",
        "abroad",
        "bilingual",
        "sources",
    ):
        assert read.has(p[key]), (stem, lang, key)
    order = ["nia", "nir", "ameli", "vitale"]
    if _housing_aid(stem):
        order.append("caf")
    positions = [read.pos(p[key]) for key in order]
    assert positions == sorted(positions), "steps out of order"
    assert read.pos(p["nia"]) < read.pos(p["doctor"]) < read.pos(p["c2s"])
    assert CAF in read.qrs
    for key in ("debated", "old_posted", "old_fee_student", "old_fee_table"):
        assert not read.has(p[key]), (stem, lang, key)
    # No profile of the four says it has a partner or children.
    assert not read.has(p["family"])
    assert read.has(p["checked"])  # on every page of the PDF: test_the_pdf_reads_as_the_html


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_housing_aid(reads, stem: str, lang: str) -> None:
    """E1/E11: the CAF step (aid not backdated) for everyone but non-EU students without a
    scholarship, who read why not (finance law 2026, art. 67) and what may still apply."""
    read, p = reads[stem, lang], P[lang]
    aid = _housing_aid(stem)
    for key in ("caf", "caf_needs", "not_backdated"):
        assert read.has(p[key]) == aid, (stem, lang, key)
    for key in ("no_apl", "apl_law", "apl_still"):
        assert read.has(p[key]) == (not aid), (stem, lang, key)
    assert (APL_2026 in read.qrs) == (not aid)
    assert not read.has(p["apl_scholar"]) and not read.has(p["scholar_doc"])


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_residence(reads, stem: str, lang: str) -> None:
    """Non-EU: visa validation (QR code, fee hedged: the amount ANEF asks for), residence permit
    among the documents, sworn translator with apostille, renewal on ANEF. EU: none of it."""
    read, p = reads[stem, lang], P[lang]
    eu, worker = _is(stem)
    fee = p["visa_fee_worker"] if worker else p["visa_fee_student"]
    residence = (
        "validate_visa",
        "residence_doc",
        "sworn",
        "apostille",
        "visa_fee_anef",
        "renewal",
        "late_tax",
    )
    if eu:
        assert read.has(p["no_residence_permit"])
        for key in (*residence, "visa_fee_worker", "visa_fee_student"):
            assert not read.has(p[key]), (stem, lang, key)
        assert "VLS-TS" not in read.text
        assert VISA_SITE not in read.qrs
        # The only mention of a residence permit is the sentence saying none is needed.
        word = "residence permit" if lang == "en" else "titre de séjour"
        assert read.text.count(word) == 1
    else:
        for key in residence:
            assert read.has(p[key]), (stem, lang, key)
        assert read.has(fee)
        assert VISA_SITE in read.qrs
        assert not read.has(p["no_residence_permit"])
        # Validating the visa comes before registering, renewing after.
        first = p["s1106"] if worker else p["register_student"]
        assert read.pos(p["validate_visa"]) < read.pos(first) < read.pos(p["renewal"])
    for key in ("algeria", "algeria_doc"):
        assert not read.has(p[key]), (stem, lang, key)


@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_work_or_study(reads, stem: str, lang: str) -> None:
    """Workers: DPAE, S1106 to the CPAM, contract, payslip, A1; students: the CVEC before
    enrolment before the student portal with the certificate of enrolment, and no S1106."""
    read, p = reads[stem, lang], P[lang]
    eu, worker = _is(stem)
    work = ("dpae", "s1106", "cpam", "s1106_doc", "contract", "payslip", "posted", "mutuelle")
    study = ("enrolment_doc", "cvec", "cvec_doc", "enrolment", "gap")
    for key in work:
        assert read.has(p[key]) == worker, (stem, lang, key)
    for key in study:
        assert read.has(p[key]) == (not worker), (stem, lang, key)
    assert ("S1106" in read.text) == worker
    assert ("DPAE" in read.text) == worker
    assert (FIND_CPAM in read.qrs) == worker
    assert (STUDENT_SITE in read.qrs) == (not worker)
    assert (CVEC in read.qrs) == (not worker)
    # Only posted workers see the posted route, and a passeport talent only talent holders.
    for key in ("posted_home", "posted_s1", "posted_doc", "talent_cpam"):
        assert not read.has(p[key]), (stem, lang, key)
    assert TALENT not in read.qrs
    assert read.has(p["work_auth"]) == (worker and not eu)
    assert read.has(p["ofii"]) == (worker and not eu)
    if worker:
        positions = [read.pos(p[k]) for k in ("dpae", "s1106", "nia", "nir")]
        assert positions == sorted(positions)
    else:
        first = p["eu_s1"] if eu else p["register_student"]
        positions = [read.pos(p[k]) for k in ("cvec", "enrolment")] + [read.pos(first)]
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
    """With an arrival date (14 December 2026), the visa deadline is 14 March 2027 and the
    renewal one 14 September 2027 (a visa of one year, renewed 4 to 2 months before it ends)."""
    read, p = reads[stem, lang], P[lang]
    eu, _ = _is(stem)
    if eu:
        assert p["deadline_label"] not in read.text
    else:
        assert read.has(p["deadline_date"]) and read.has(p["renewal_date"])
        assert read.text.count(p["deadline_label"]) == 2
        assert not read.has(p["deadline_duration"])
        assert read.pos(p["deadline_date"]) < read.pos(p["renewal_date"])


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_as_a_duration(undated, lang: str) -> None:
    read, p = undated[lang], P[lang]
    assert read.has(p["deadline_duration"])
    assert "2027" not in read.text
    assert VISA_SITE in read.qrs and F39 in read.qrs


@pytest.mark.parametrize("stem", PROFILES)
def test_languages_in_step(reads, stem: str) -> None:
    """The French and the English dossier carry the same links, so the same steps, except the
    pages each language links in its own version."""
    en, fr = set(reads[stem, "en"].qrs), set(reads[stem, "fr"].qrs)
    assert not en & IN_LANGUAGE["fr"] and not fr & IN_LANGUAGE["en"]
    assert sorted(en - IN_LANGUAGE["en"]) == sorted(fr - IN_LANGUAGE["fr"])
    assert len(en & IN_LANGUAGE["en"]) == len(fr & IN_LANGUAGE["fr"])


# ---- the keys of the 2026 audit (issue 10): Algerian nationals, scholarship, posted, talent --


@pytest.mark.parametrize("stem", ["dz-student", "dz-worker"])
@pytest.mark.parametrize("lang", LANGS)
def test_algerian_route(special, stem: str, lang: str) -> None:
    """E2: Algerian nationals apply to the prefecture within 2 months (its own dated step); the
    online validation, its 3-month deadline and the dated VLS-TS renewal are not shown."""
    read, p = special[stem, lang], P[lang]
    for key in ("algeria", "algeria_date", "algeria_doc", "late_tax"):
        assert read.has(p[key]), (stem, lang, key)
    for key in (
        "validate_visa",
        "deadline_date",
        "residence_doc",
        "renewal",
        "renewal_date",
        "visa_fee_worker",
        "visa_fee_student",
    ):
        assert not read.has(p[key]), (stem, lang, key)
    assert read.text.count(p["deadline_label"]) == 1
    assert VISA_SITE in read.qrs
    first = p["s1106"] if stem == "dz-worker" else p["register_student"]
    assert read.pos(p["algeria"]) < read.pos(first)
    # Everything else a non-EU national reads is still there.
    assert read.has(p["sworn"]) and read.has(p["apostille"])
    assert read.has(p["no_apl"]) == (stem == "dz-student")


@pytest.mark.parametrize("lang", LANGS)
def test_scholarship_holder(special, reads, lang: str) -> None:
    """E1: a non-EU student with a scholarship keeps the CAF step (with the scholarship
    certificate); without one, the line saying why not."""
    read, p = special["scholar", lang], P[lang]
    for key in ("caf", "caf_needs", "not_backdated", "apl_scholar", "scholar_doc"):
        assert read.has(p[key]), (lang, key)
    for key in ("no_apl", "apl_still"):
        assert not read.has(p[key]), (lang, key)
    assert CAF in read.qrs
    without = reads["non-eu-student", lang]
    assert not without.has(p["caf"]) and without.has(p["no_apl"])
    # Everything else is the same as for a non-EU student without one.
    for key in ("cvec", "validate_visa", "register_student", "renewal"):
        assert read.has(p[key]) and without.has(p[key]), (lang, key)


@pytest.mark.parametrize("stem", ["posted-eu", "posted-non-eu"])
@pytest.mark.parametrize("lang", LANGS)
def test_posted_worker(special, stem: str, lang: str) -> None:
    """E4: a posted worker hands form S1 to the CPAM (QR code of ameli's page); no S1106, no
    DPAE, no payroll step, no "the EHIC no longer covers you"."""
    read, p = special[stem, lang], P[lang]
    for key in ("posted_home", "posted_s1", "posted_doc", "contract"):
        assert read.has(p[key]), (stem, lang, key)
    for key in (
        "s1106",
        "s1106_doc",
        "dpae",
        "payslip",
        "ehic_work",
        "mutuelle",
        "posted",
        "old_posted",
    ):
        assert not read.has(p[key]), (stem, lang, key)
    assert "DPAE" not in read.text
    assert POSTED in read.qrs and FIND_CPAM in read.qrs
    assert read.pos(p["posted_s1"]) < read.pos(p["nia"])
    eu = stem == "posted-eu"
    assert read.has(p["validate_visa"]) == (not eu)
    assert read.has(p["work_auth"]) == (not eu)


@pytest.mark.parametrize("lang", LANGS)
def test_passeport_talent(special, reads, lang: str) -> None:
    """E7: a passeport talent holder sends S1106 to the CPAM de Paris and is not asked about a
    work authorisation nor told to wait for the OFII; other non-EU workers are."""
    read, p = special["talent", lang], P[lang]
    assert read.has(p["talent_cpam"]) and TALENT in read.qrs
    for key in ("work_auth", "s1106", "ofii"):
        assert not read.has(p[key]), (lang, key)
    for key in ("validate_visa", "dpae", "s1106_doc", "renewal"):
        assert read.has(p[key]), (lang, key)
    assert read.pos(p["validate_visa"]) < read.pos(p["talent_cpam"]) < read.pos(p["nia"])
    other = reads["non-eu-worker", lang]
    assert other.has(p["work_auth"]) and not other.has(p["talent_cpam"])


@pytest.mark.parametrize("lang", LANGS)
def test_partner_and_children(special, reads, lang: str) -> None:
    """Each adult registers in their own name; children are added to a parent's cover. A
    profile without them does not read it (test_everyone)."""
    read, p = special["family", lang], P[lang]
    assert read.has(p["family"])
    details = {
        "en": "Details with a partner · 2 children, aged 4 and 9",
        "fr": "Précisions avec conjoint ou partenaire · 2 enfants de 4 et 9 ans",
    }
    assert details[lang] in read.text  # the header (its colon comes from the stylesheet)
    # the rest is a non-EU worker's dossier
    other = reads["non-eu-worker", lang]
    for key in ("validate_visa", "s1106", "renewal", "work_auth"):
        assert read.has(p[key]) and other.has(p[key]), (lang, key)


@pytest.mark.parametrize("stem", list(SPECIAL))
def test_special_languages_in_step(special, stem: str) -> None:
    en, fr = set(special[stem, "en"].qrs), set(special[stem, "fr"].qrs)
    assert sorted(en - IN_LANGUAGE["en"]) == sorted(fr - IN_LANGUAGE["fr"])


def _same_in_pdf(pdf: Read, html: Read, lang: str, case: object) -> None:
    for key, phrase in P[lang].items():
        assert pdf.has(phrase) == html.has(phrase), (case, lang, key)
    # every QR code on the pages decodes to an address the dossier links to, and none is missing
    assert set(pdf.qrs) == set(html.qrs), case
    # the date the facts were checked: in the footer of every page
    assert len(pdf.furniture) == pdf.pages > 1
    assert all(P[lang]["checked"] in footer for footer in pdf.furniture), (case, pdf.furniture)


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang"), CASES)
def test_the_pdf_reads_as_the_html(pdfs, reads, stem: str, lang: str) -> None:
    _same_in_pdf(pdfs[stem, lang], reads[stem, lang], lang, stem)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_undated_pdf_reads_as_the_html(pdfs, undated, lang: str) -> None:
    _same_in_pdf(pdfs["undated", lang], undated[lang], lang, "undated")


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang"), SPECIAL_CASES)
def test_the_special_pdfs_read_as_the_html(special_pdfs, special, stem: str, lang: str) -> None:
    """The PDFs of the Algerian, scholarship, posted and talent profiles say what their HTML
    says (every phrase above, QR codes decoded from the pages, the checked date on each page)."""
    _same_in_pdf(special_pdfs[stem, lang], special[stem, lang], lang, stem)


# ---- concise enough for a 3-page dossier (issue 11): what the guide's own text must keep -----

GUIDE_FILES = {
    "en": "en/france/social_security_registration.md",
    "fr": "fr/france/inscription_securite_sociale.md",
}
#: A checklist step says what to do, with what, by when: a few printed lines. The Algerian step
#: carries that whole route (prefecture, who applies where, receipt, tax, renewal).
STEP_CHARACTERS = 560
LONG_STEPS = {"visa-algeria": 860}
#: The day the facts were checked, as the guide's own text writes it.
CHECKED_IN_TEXT = {"en": "1 December 2026", "fr": "1er décembre 2026"}


def _guide(lang: str):
    from conftest import ROOT
    from paperasse.guide import read_guide

    return read_guide(ROOT / "guides" / GUIDE_FILES[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_every_step_stays_short(lang: str) -> None:
    for step in _guide(lang).steps:
        limit = LONG_STEPS.get(step.key or "", STEP_CHARACTERS)
        assert len(step.text) <= limit, (lang, step.key, len(step.text))


@pytest.mark.parametrize("lang", LANGS)
def test_the_check_date_is_said_once_and_is_the_front_matters(lang: str) -> None:
    """Amounts and deadlines name their source; the day they were checked is said once (and in
    every page's footer, from last_checked), not after each figure."""
    guide = _guide(lang)
    blocks = [*guide.intro, *guide.steps, *guide.documents, *guide.providers_notes]
    blocks += list(guide.details)
    text = " ".join(block.text for block in blocks)
    assert text.count(CHECKED_IN_TEXT[lang]) == 1, lang
    assert str(guide.last_checked) == "2026-12-01"


def test_both_languages_link_the_same_pages_from_the_same_steps() -> None:
    """Same steps, same sources: each step links as many pages in French as in English, and the
    same ones (but for the pages each language links in its own version)."""
    en, fr = _guide("en"), _guide("fr")
    assert [s.key for s in en.steps] == [s.key for s in fr.steps]
    for a, b in zip(en.steps, fr.steps, strict=True):
        ours = {link.url for link in a.links} - IN_LANGUAGE["en"]
        theirs = {link.url for link in b.links} - IN_LANGUAGE["fr"]
        assert ours == theirs and len(a.links) == len(b.links), a.key
