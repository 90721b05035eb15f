"""The bundled housing, bank-account, first-tax-year and driving-licence guides (issue 12).

Fast: each guide is read from guides/ (read_guide) and selected for a profile (dossier.select),
with no PDF. Each test states a fact a reader of that profile must (or must not) see: the steps
and documents by their stable keys, the deadline, the hedges the sources require, and that the
English and French versions agree.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import COMBINATIONS, ROOT, write_profile
from paperasse.dossier import Dossier, select
from paperasse.guide import Guide, read_guide
from paperasse.inputs.profile import read_profile

FRANCE = {"en": ROOT / "guides" / "en" / "france", "fr": ROOT / "guides" / "fr" / "france"}
FILES = {
    "france-housing": ("housing.md", "logement.md"),
    "france-bank_account": ("bank_account.md", "compte_bancaire.md"),
    "france-first_tax_year": ("first_tax_year.md", "premiere_annee_impots.md"),
    "france-driving_licence": ("driving_licence.md", "permis_de_conduire.md"),
}
LANGS = ("en", "fr")
PHASES = {"before-arrival", "first-weeks", "first-3-months", "later"}
ARRIVAL = "2027-01-15"
# The sites a step may send the reader to: each is the official body that handles it (or the
# State's own information pages).
OFFICIAL_HOSTS = {
    "www.service-public.gouv.fr",
    "www.visale.fr",
    "www.dossierfacile.logement.gouv.fr",
    "www.inc-conso.fr",
    "www.caf.fr",
    "www.banque-france.fr",
    "www.impots.gouv.fr",
    "www.welcometofrance.com",
    "permisdeconduire.ants.gouv.fr",
}


def _guide(key: str, lang: str) -> Guide:
    en, fr = FILES[key]
    return read_guide(FRANCE[lang] / (en if lang == "en" else fr))


def _dossier(tmp_path: Path, key: str, lang: str, who: str, **extra: object) -> Dossier:
    values = {**COMBINATIONS[who], "language": lang, "arrival_date": ARRIVAL, **extra}
    profile = read_profile(write_profile(tmp_path, f"{who}-{lang}", **values))
    return select(_guide(key, lang), profile)


def _steps(dossier: Dossier) -> list[str]:
    return [item.block.key or "" for item in dossier.steps]


def _documents(dossier: Dossier) -> list[str]:
    return [item.block.key or "" for item in dossier.documents]


def _text(dossier: Dossier) -> str:
    parts = (dossier.intro, dossier.steps, dossier.documents, dossier.details)
    return " ".join(item.text for part in parts for item in part)


def _step(dossier: Dossier, key: str):
    found = [item for item in dossier.steps if item.block.key == key]
    assert len(found) == 1, f"step {key!r} shown {len(found)} times"
    return found[0]


# --- every guide, both languages ----------------------------------------------------------------


@pytest.mark.parametrize("key", FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_front_matter_sources_and_check_date(key: str, lang: str) -> None:
    guide = _guide(key, lang)
    assert guide.translation_key == key
    assert guide.lang == lang
    assert guide.author == "paperasse"
    assert str(guide.last_checked) == "2026-12-01"
    assert len(guide.sources) >= 3
    assert all(link.url.startswith("https://") for link in guide.sources)


@pytest.mark.parametrize("key", FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_step_has_a_key_a_phase_and_an_official_link_host(key: str, lang: str) -> None:
    guide = _guide(key, lang)
    for step in guide.steps:
        assert step.key, f"line {step.line}: step without a key"
        assert step.phase in PHASES, f"line {step.line}: phase {step.phase!r}"
        for link in step.links:
            assert urlsplit(link.url).hostname in OFFICIAL_HOSTS, link.url


@pytest.mark.parametrize("key", FILES)
def test_english_and_french_agree_on_keys_conditions_deadlines_phases(key: str) -> None:
    def shape(guide: Guide) -> list[tuple]:
        blocks = [*guide.steps, *guide.documents]
        return [
            (
                b.kind,
                b.key,
                str(b.condition),
                b.deadline,
                getattr(b, "phase", None),
                tuple(getattr(b, "after", ())),
            )
            for b in blocks
        ]

    assert shape(_guide(key, "en")) == shape(_guide(key, "fr"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_document_key_means_the_same_in_every_guide(lang: str) -> None:
    """A document key used by several of these guides has one condition, so that in a pack it is
    printed once, for the same people (the pack lint compares it with the other guides)."""
    seen: dict[str, tuple[str, str]] = {}
    for key in FILES:
        for document in _guide(key, lang).documents:
            condition = str(document.condition)
            first = seen.setdefault(document.key or "", (key, condition))
            assert first[1] == condition, f"{document.key}: {first} vs {(key, condition)}"
    assert {"passport", "id-document", "proof-of-address"} <= set(seen)


# --- driving licence ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_eu_licence_holder_gets_no_exchange(tmp_path: Path, lang: str) -> None:
    for who in ("eu-worker", "eu-student"):
        dossier = _dossier(tmp_path, "france-driving_licence", lang, who)
        steps = _steps(dossier)
        assert "licence-exchange" not in steps
        assert "check-licence-exchangeable" not in steps
        assert "eu-licence-later" in steps
        assert "eu-driving-licence" in _documents(dossier)
        assert "foreign-driving-licence" not in _documents(dossier)
        assert "F1757" in _text(dossier)


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_worker_exchanges_within_12_months(tmp_path: Path, lang: str) -> None:
    dossier = _dossier(tmp_path, "france-driving_licence", lang, "non-eu-worker")
    exchange = _step(dossier, "licence-exchange")
    assert exchange.block.deadline is not None
    assert (exchange.block.deadline.amount, exchange.block.deadline.unit) == (12, "months")
    assert exchange.due == dt.date(2028, 1, 15)  # arrival 15 January 2027 + 12 months
    assert "validate-visa-worker" in exchange.block.after
    hosts = {urlsplit(link.url).hostname for link in exchange.links}
    assert "permisdeconduire.ants.gouv.fr" in hosts
    steps = _steps(dossier)
    assert steps.index("check-licence-exchangeable") < steps.index("licence-exchange")
    assert {"foreign-driving-licence", "licence-translation-doc", "residence-permit"} <= set(
        _documents(dossier)
    )
    assert "eu-licence-later" not in steps


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_student_needs_no_exchange(tmp_path: Path, lang: str) -> None:
    dossier = _dossier(tmp_path, "france-driving_licence", lang, "non-eu-student")
    steps = _steps(dossier)
    assert "licence-exchange" not in steps
    assert "licence-translation" not in steps
    assert steps == ["check-licence-rule"]
    said = {
        "en": "you do not need to exchange your licence",
        "fr": "vous n'avez pas à échanger votre permis",
    }[lang]
    assert said in _text(dossier)


@pytest.mark.parametrize("lang", LANGS)
def test_exchange_fee_is_hedged_not_stated(tmp_path: Path, lang: str) -> None:
    text = _text(_dossier(tmp_path, "france-driving_licence", lang, "non-eu-worker"))
    assert "40" in text  # the 2026 bill's figure, named as a proposal
    assert {"en": "we could not confirm", "fr": "nous n'avons pas pu confirmer"}[lang] in text


# --- housing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(COMBINATIONS))
@pytest.mark.parametrize("lang", LANGS)
def test_everyone_renting_gets_visale_before_the_lease_and_insurance_before_the_keys(
    tmp_path: Path, who: str, lang: str
) -> None:
    dossier = _dossier(tmp_path, "france-housing", lang, who)
    steps = _steps(dossier)
    for key in ("visale", "sign-lease", "home-insurance", "move-in-inventory"):
        assert key in steps
    assert steps.index("visale") < steps.index("sign-lease") < steps.index("home-insurance")
    assert _step(dossier, "sign-lease").block.after == ("visale",)
    visale = _step(dossier, "visale")
    assert "Action Logement" in visale.text and "CROUS" in visale.text  # not the CROUS's
    assert "www.visale.fr" in {urlsplit(link.url).hostname for link in visale.links}
    insurance = _step(dossier, "home-insurance")
    assert "F1349" in " ".join(link.url for link in insurance.links)
    assert {"lease", "home-insurance-certificate", "french-rib"} <= set(_documents(dossier))


@pytest.mark.parametrize("lang", LANGS)
def test_insurance_is_compulsory_whatever_the_nationality(tmp_path: Path, lang: str) -> None:
    text = _text(_dossier(tmp_path, "france-housing", lang, "non-eu-worker"))
    assert {"en": "whatever your nationality", "fr": "quelle que soit votre nationalité"}[
        lang
    ] in text


@pytest.mark.parametrize("lang", LANGS)
def test_caf_step_only_for_those_who_can_still_get_housing_aid(tmp_path: Path, lang: str) -> None:
    """The CAF step repeats the social-security guide's (key caf-housing, same condition): from
    1 July 2026 a non-EU student without a scholarship gets no APL."""
    for who in ("eu-worker", "eu-student", "non-eu-worker"):
        assert "caf-housing" in _steps(_dossier(tmp_path, "france-housing", lang, who))
    student = _dossier(tmp_path, "france-housing", lang, "non-eu-student", scholarship=False)
    assert "caf-housing" not in _steps(student)
    holder = _dossier(tmp_path, "france-housing", lang, "non-eu-student", scholarship=True)
    caf = _step(holder, "caf-housing")
    assert caf.block.deadline is None and caf.block.phase == "first-weeks"
    assert "www.caf.fr" in {urlsplit(link.url).hostname for link in caf.links}


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_student_without_scholarship_is_told_apl_ended(tmp_path: Path, lang: str) -> None:
    date = {"en": "1 July 2026", "fr": "1er juillet 2026"}[lang]
    without = _text(_dossier(tmp_path, "france-housing", lang, "non-eu-student", scholarship=False))
    assert date in without and "APL" in without
    assert {
        "en": "apply as soon as you have the lease",
        "fr": "faites la demande dès que vous avez le bail",
    }[lang] not in without
    holder = _text(_dossier(tmp_path, "france-housing", lang, "non-eu-student", scholarship=True))
    assert {
        "en": "kept only for non-EU students who hold a scholarship",
        "fr": "maintenue que pour les étudiants non européens boursiers",
    }[lang] in holder
    for who in ("eu-student", "eu-worker", "non-eu-worker"):
        assert date not in _text(_dossier(tmp_path, "france-housing", lang, who))


# --- bank account -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(COMBINATIONS))
@pytest.mark.parametrize("lang", LANGS)
def test_right_to_an_account_through_the_banque_de_france(
    tmp_path: Path, who: str, lang: str
) -> None:
    dossier = _dossier(tmp_path, "france-bank_account", lang, who)
    steps = _steps(dossier)
    assert steps == [
        "bank-account",
        "give-rib",
        "bank-refusal-letter",
        "droit-au-compte",
        "designated-bank",
    ]
    assert _step(dossier, "droit-au-compte").block.after == ("bank-refusal-letter",)
    right = _step(dossier, "droit-au-compte")
    assert "Banque de France" in right.text
    assert "www.banque-france.fr" in {urlsplit(link.url).hostname for link in right.links}
    assert "L312-1" in _text(dossier)
    assert {"proof-of-address", "bank-refusal-letter-copy", "droit-au-compte-form"} <= set(
        _documents(dossier)
    )
    assert ("passport" in _documents(dossier)) == who.startswith("non-eu")


@pytest.mark.parametrize("lang", LANGS)
def test_algerian_citizen_shows_the_residence_certificate(tmp_path: Path, lang: str) -> None:
    for key in ("france-bank_account", "france-housing", "france-driving_licence"):
        algerian = _documents(_dossier(tmp_path, key, lang, "non-eu-worker", citizenship="DZ"))
        assert "residence-certificate-algeria" in algerian and "residence-permit" not in algerian
        brazilian = _documents(_dossier(tmp_path, key, lang, "non-eu-worker"))
        assert "residence-permit" in brazilian
        assert "residence-certificate-algeria" not in brazilian


# --- first tax year -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_worker_gets_neutral_rate_form_2043_then_the_first_return(
    tmp_path: Path, lang: str
) -> None:
    for who in ("eu-worker", "non-eu-worker"):
        steps = _steps(_dossier(tmp_path, "france-first_tax_year", lang, who))
        assert steps == [
            "check-neutral-rate",
            "form-2043",
            "impots-account",
            "first-tax-return",
            "tax-notice",
        ]


@pytest.mark.parametrize("lang", LANGS)
def test_posted_worker_asks_whether_french_tax_is_due_instead_of_form_2043(
    tmp_path: Path, lang: str
) -> None:
    dossier = _dossier(tmp_path, "france-first_tax_year", lang, "eu-worker", posted=True)
    assert _steps(dossier) == ["posted-tax", "impots-account", "first-tax-return", "tax-notice"]
    assert "first-payslip" not in _documents(dossier)
    assert "form-2043-filled" not in _documents(dossier)


@pytest.mark.parametrize("lang", LANGS)
def test_student_gets_the_return_but_not_form_2043(tmp_path: Path, lang: str) -> None:
    for who in ("eu-student", "non-eu-student"):
        dossier = _dossier(tmp_path, "france-first_tax_year", lang, who)
        assert _steps(dossier) == ["first-tax-return", "tax-notice"]
        assert "form-2043-filled" not in _documents(dossier)


@pytest.mark.parametrize("lang", LANGS)
def test_only_real_tax_forms_are_named(lang: str) -> None:
    """The audit found a public guide citing a form that does not exist: ours names only 2043,
    2042 and 2042-NR, and says to check the current 2043 on impots.gouv.fr."""
    text = (FRANCE[lang] / FILES["france-first_tax_year"][0 if lang == "en" else 1]).read_text(
        encoding="utf-8"
    )
    body = text.split("\n---\n", 1)[1]
    named = set(
        re.findall(
            r"\b(?:form|formulaire|formulaires|forms)\s+(?:no\.|n°)?\s*"
            r"(\d{4}(?:-[A-Z]+)?)",
            body,
        )
    )
    named |= set(re.findall(r"\b(20\d\d-NR)\b", body))
    assert named and named <= {"2043", "2042", "2042-NR"}, named
    assert {
        "en": "check that you have the current version",
        "fr": "vérifiez que vous avez la version en vigueur",
    }[lang] in body
