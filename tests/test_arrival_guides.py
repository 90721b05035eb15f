"""The bundled arrival guides (residence permit, student life, family), as each profile gets them.

Fast: each guide's Markdown is read with the real reader and selected for a profile (no PDF).
Every test runs on the English and the French version, which must say the same thing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from paperasse.dossier import Dossier, select
from paperasse.guide import Deadline, Guide, read_guide
from paperasse.inputs.profile import profile_from_mapping

GUIDES = ROOT / "guides"
FILES = {
    "france-residence_permit": {
        "en": "en/france/residence_permit.md",
        "fr": "fr/france/titre_de_sejour.md",
    },
    "france-student_life": {"en": "en/france/student_life.md", "fr": "fr/france/vie_etudiante.md"},
    "france-family": {"en": "en/france/family.md", "fr": "fr/france/famille.md"},
}
SOCIAL_SECURITY = {
    "en": "en/france/social_security_registration.md",
    "fr": "fr/france/inscription_securite_sociale.md",
}
LANGS = ("en", "fr")
ARRIVAL = dt.date(2026, 12, 1)
THREE_MONTHS = Deadline(3, "months")
TWO_MONTHS = Deadline(2, "months")
PHASES = {"before-arrival", "first-weeks", "first-3-months", "later"}
# Each step's links (its QR codes) go to the official body that handles it, or to the State's
# own information pages; universities and third parties appear only among the sources.
OFFICIAL_HOSTS = {
    "www.service-public.gouv.fr",
    "administration-etrangers-en-france.interieur.gouv.fr",
    "www.ofii.fr",
    "cvec.etudiant.gouv.fr",
    "www.nievre.gouv.fr",
    "eduscol.education.fr",
    "concourspostprepas.onisep.fr",
}

_CACHE: dict[Path, Guide] = {}


def guide(key: str, lang: str) -> Guide:
    path = GUIDES / FILES[key][lang]
    if path not in _CACHE:
        _CACHE[path] = read_guide(path)
    return _CACHE[path]


def dossier(key: str, lang: str, **values: object) -> Dossier:
    data: dict[str, object] = {
        "name": "Test Person",
        "citizenship": "BR",
        "status": "worker",
        "language": lang,
        "arrival_date": ARRIVAL.isoformat(),
        **values,
    }
    return select(guide(key, lang), profile_from_mapping(data, source="test.yaml"))


def steps(d: Dossier) -> dict[str, Deadline | None]:
    return {item.block.key: item.block.deadline for item in d.steps if item.block.key}


def documents(d: Dossier) -> set[str]:
    return {item.block.key for item in d.documents if item.block.key}


def step_text(d: Dossier, key: str) -> str:
    return next(item.text for item in d.steps if item.block.key == key)


# ------------------------------------------------------------------------- residence permit


@pytest.mark.parametrize("lang", LANGS)
def test_algerian_student_gets_the_two_month_prefecture_route_not_online_validation(lang):
    got = steps(dossier("france-residence_permit", lang, citizenship="DZ", status="student"))
    assert got["visa-algeria"] == TWO_MONTHS
    assert "validate-visa-student" not in got and "validate-visa-worker" not in got
    assert "visa-renewal" not in got and "certificate-renewal-algeria" in got
    docs = documents(dossier("france-residence_permit", lang, citizenship="DZ", status="student"))
    assert "residence-certificate-algeria" in docs and "residence-permit" not in docs


@pytest.mark.parametrize("lang", LANGS)
def test_algerian_worker_gets_the_prefecture_route_too(lang):
    got = steps(dossier("france-residence_permit", lang, citizenship="DZ", status="worker"))
    assert got["visa-algeria"] == TWO_MONTHS
    assert "validate-visa-worker" not in got


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_student_validates_online_within_3_months(lang):
    d = dossier("france-residence_permit", lang, citizenship="VN", status="student")
    got = steps(d)
    assert got["validate-visa-student"] == THREE_MONTHS
    assert "visa-algeria" not in got and "validate-visa-worker" not in got
    assert "ofii-letter" not in got  # students sign no integration contract
    assert got["visa-renewal"] == Deadline(9, "months")  # a one-year visa, with a margin
    # the 2026 tax is not settled: the step gives no 2026 figure and sends the reader to the site
    text = step_text(d, "validate-visa-student")
    assert "2025" in text and "2026" in text
    assert {"passport", "residence-permit", "proof-of-address"} <= documents(d)
    assert "id-document" not in documents(d)


@pytest.mark.parametrize("lang", LANGS)
def test_renewal_step_gives_the_window_and_the_late_tax(lang):
    d = dossier("france-residence_permit", lang, citizenship="VN", status="student")
    text = step_text(d, "visa-renewal")
    assert "4" in text and "2" in text and "180" in text
    assert any(
        "administration-etrangers-en-france" in link.url
        for item in d.steps
        if item.block.key == "visa-renewal"
        for link in item.links
    )


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_worker_validates_online_and_watches_for_the_ofii(lang):
    got = steps(dossier("france-residence_permit", lang, citizenship="BR", status="worker"))
    assert got["validate-visa-worker"] == THREE_MONTHS
    assert "ofii-letter" in got and "visa-renewal" in got
    assert "validate-visa-student" not in got and "visa-algeria" not in got


@pytest.mark.parametrize("lang", LANGS)
def test_passeport_talent_gets_no_ofii_integration_step(lang):
    got = steps(
        dossier("france-residence_permit", lang, citizenship="IN", status="worker", talent=True)
    )
    assert "validate-visa-worker" in got
    assert "ofii-letter" not in got


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("status", ["worker", "student"])
def test_eu_citizen_needs_no_card_only_the_optional_one(lang, status):
    d = dossier("france-residence_permit", lang, citizenship="DE", status=status)
    assert set(steps(d)) == {"eu-residence-card"}
    assert documents(d) == {"id-document"}


# ----------------------------------------------------------------------------- student life


@pytest.mark.parametrize("lang", LANGS)
def test_student_pays_the_cvec_before_enrolment(lang):
    d = dossier("france-student_life", lang, citizenship="VN", status="student")
    keys = [item.block.key for item in d.steps]
    assert keys.index("cvec") < keys.index("enrolment")
    enrolment = next(item.block for item in d.steps if item.block.key == "enrolment")
    assert enrolment.after == ("cvec",)
    cvec = step_text(d, "cvec")
    # the amount is given with its academic year, and the reader is told to check it
    assert ("€105 for 2025-26" if lang == "en" else "105 € pour 2025-2026") in cvec
    assert any(
        link.url == "https://cvec.etudiant.gouv.fr"
        for item in d.steps
        if item.block.key == "cvec"
        for link in item.links
    )


@pytest.mark.parametrize("lang", LANGS)
def test_non_eu_student_gets_the_964_hour_limit(lang):
    d = dossier("france-student_life", lang, citizenship="VN", status="student")
    assert "964" in step_text(d, "student-job")
    assert "student-job-algeria" not in steps(d)


@pytest.mark.parametrize("lang", LANGS)
def test_algerian_student_needs_a_work_authorisation_instead(lang):
    d = dossier("france-student_life", lang, citizenship="DZ", status="student")
    assert "student-job-algeria" in steps(d) and "student-job" not in steps(d)
    assert "residence-certificate-algeria" in documents(d)
    assert "residence-permit" not in documents(d)


@pytest.mark.parametrize("lang", LANGS)
def test_eu_student_has_no_work_limit_step(lang):
    got = steps(dossier("france-student_life", lang, citizenship="IT", status="student"))
    assert set(got) == {"cvec", "enrolment"}


@pytest.mark.parametrize("lang", LANGS)
def test_scholarship_holder_is_told_about_the_exemption(lang):
    holder = dossier(
        "france-student_life", lang, citizenship="VN", status="student", scholarship=True
    )
    other = dossier("france-student_life", lang, citizenship="VN", status="student")
    assert "scholarship-notice" in documents(holder)
    assert "scholarship-notice" not in documents(other)
    assert len(holder.details) > len(other.details)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("citizenship", ["BR", "PL"])
def test_worker_gets_nothing_from_student_life(lang, citizenship):
    d = dossier("france-student_life", lang, citizenship=citizenship, status="worker")
    assert not d.steps and not d.documents and not d.providers
    assert not d.intro and not d.details and not d.links()
    assert not d.sources  # each source is linked from the parts it supports


# ----------------------------------------------------------------------------------- family


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("citizenship", ["BR", "FR"])
@pytest.mark.parametrize("status", ["worker", "student"])
def test_single_person_gets_nothing_from_the_family_guide(lang, citizenship, status):
    d = dossier("france-family", lang, citizenship=citizenship, status=status)
    assert not d.steps and not d.documents and not d.providers
    assert not d.intro and not d.details and not d.links()
    assert not d.sources  # each source is linked from the parts it supports


@pytest.mark.parametrize("lang", LANGS)
def test_school_age_child_gets_school_health_cover_and_caf(lang):
    got = steps(dossier("france-family", lang, citizenship="BR", children=[7]))
    assert {
        "school-primary",
        "school-secondary",
        "school-french-support",
        "child-health-cover",
        "caf-family",
        "family-visa",
    } <= set(got)
    assert "partner-health-cover" not in got and "school-over-16" not in got


@pytest.mark.parametrize("lang", LANGS)
def test_children_count_without_ages_still_gets_the_school_steps(lang):
    got = steps(dossier("france-family", lang, citizenship="DE", children=2))
    assert {"school-primary", "child-health-cover", "caf-family"} <= set(got)
    assert "family-visa" not in got  # an EU family needs no visa


@pytest.mark.parametrize("lang", LANGS)
def test_toddler_only_gets_no_school_steps(lang):
    got = steps(dossier("france-family", lang, citizenship="DE", children=[1]))
    assert "child-health-cover" in got
    assert not {k for k in got if k.startswith("school-")}


@pytest.mark.parametrize("lang", LANGS)
def test_teenager_over_16_goes_to_the_cio(lang):
    got = steps(dossier("france-family", lang, citizenship="DE", children=[17]))
    assert "school-over-16" in got and "school-primary" not in got


@pytest.mark.parametrize("lang", LANGS)
def test_partner_registers_on_their_own(lang):
    d = dossier("france-family", lang, citizenship="BR", partner=True)
    got = steps(d)
    assert {"partner-health-cover", "family-visa"} <= set(got)
    assert "child-health-cover" not in got and "eu-family-card" not in got
    assert "partner-id" in documents(d)


@pytest.mark.parametrize("lang", LANGS)
def test_eu_citizen_with_partner_gets_the_3_month_family_card(lang):
    got = steps(dossier("france-family", lang, citizenship="ES", partner=True))
    assert got["eu-family-card"] == THREE_MONTHS
    assert "family-visa" not in got


# ------------------------------------------------------------------------- all three guides


@pytest.mark.parametrize("key", FILES)
def test_every_step_has_a_phase_and_a_key_and_both_languages_agree(key):
    seen = {}
    for lang in LANGS:
        g = guide(key, lang)
        assert g.translation_key == key
        assert g.last_checked == dt.date(2026, 12, 1)
        assert g.sources and all(s.url.startswith(("http://", "https://")) for s in g.sources)
        for block in (*g.steps, *g.documents):
            assert block.key, f"{g.path}:{block.line}: no key"
        for block in g.steps:
            assert block.phase in PHASES, f"{g.path}:{block.line}: phase {block.phase!r}"
        blocks = (*g.steps, *g.documents)
        seen[lang] = {b.key: (str(b.condition), b.deadline, b.phase, b.after) for b in blocks}
    assert seen["en"] == seen["fr"]


GRID = [
    {"citizenship": c, "status": s, **extra}
    for c in ("BR", "DZ", "DE")
    for s in ("worker", "student")
    for extra in ({}, {"talent": True}, {"scholarship": True})
]


@pytest.mark.parametrize("lang", LANGS)
def test_steps_shared_with_the_social_security_guide_mean_the_same(lang):
    """A step key means the same in every guide of the pack: same profiles, same deadline."""
    theirs = {b.key: b for b in read_guide(GUIDES / SOCIAL_SECURITY[lang]).steps}
    shared_keys: set[str] = set()
    for key in FILES:
        ours = {b.key: b for b in guide(key, lang).steps}
        shared = set(ours) & set(theirs)
        shared_keys |= shared
        for values in GRID:
            data = {"name": "Grid", "language": lang, **values}
            tags = profile_from_mapping(data, source="grid.yaml").tags()
            for step in shared:
                applies = [
                    b.condition is None or b.condition.applies(tags)
                    for b in (ours[step], theirs[step])
                ]
                assert applies[0] == applies[1], (key, step, values)
        for step in shared:
            assert ours[step].deadline == theirs[step].deadline, (key, step)
            assert ours[step].phase == theirs[step].phase, (key, step)
    assert {"validate-visa-worker", "validate-visa-student"} <= shared_keys


@pytest.mark.parametrize("key", FILES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_step_links_to_an_official_site(key, lang):
    for block in guide(key, lang).steps:
        assert block.links, f"{block.key}: no link"
        for link in block.links:
            assert urlsplit(link.url).hostname in OFFICIAL_HOSTS, (block.key, link.url)
