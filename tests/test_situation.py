"""The profile keys of the 2026 audit (issue 10) as a reader meets them: in the dossier header,
in `paperasse explain`, in the "Only for" line of each step (the same words in both), from a
spreadsheet (CSV and .xlsx), and in `paperasse check` (a citizenship condition that is not an ISO
code). The guide's content for each key is tested in test_france_guide.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import bundled_dossier, write_profile
from htmlread import html_read
from paperasse.cli import app
from paperasse.i18n import describe_condition
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions
from pdfread import pdf_text

runner = CliRunner()

ARRIVAL = "2026-12-14"

#: profile values -> the header's "Details" in each language (None: no "Details" at all).
LABEL = {"en": ("Details", ": "), "fr": ("Précisions", " : ")}
HEADERS = [
    (
        {"citizenship": "VN", "status": "student", "scholarship": True},
        {"en": "scholarship holder", "fr": "boursier ou boursière"},
    ),
    (
        {"citizenship": "VN", "status": "student", "scholarship": False},
        {"en": "no scholarship", "fr": "pas de bourse"},
    ),
    (
        {"citizenship": "PL", "status": "worker", "posted": True},
        {
            "en": "posted by an employer abroad (form A1)",
            "fr": "détaché par un employeur à l'étranger (formulaire A1)",
        },
    ),
    (
        {"citizenship": "BR", "status": "worker", "talent": True},
        {"en": "passeport talent", "fr": "passeport talent"},
    ),
    (
        {"citizenship": "BR", "status": "worker", "partner": True, "children": 2},
        {"en": "with a partner · 2 children", "fr": "avec conjoint ou partenaire · 2 enfants"},
    ),
    (
        {"citizenship": "DE", "status": "worker", "children": [4, 9]},
        {"en": "2 children, aged 4 and 9", "fr": "2 enfants de 4 et 9 ans"},
    ),
    (
        {"citizenship": "DE", "status": "worker", "children": [2]},
        {"en": "1 child, aged 2", "fr": "1 enfant de 2 ans"},
    ),
    ({"citizenship": "DZ", "status": "student"}, None),
]


def _text(review: bool = False, **values: object) -> str:
    """The dossier's text; ``review``: the agent's review copy, where each step says whom it is
    for (the person's own copy leaves the "Only for" lines out)."""
    html = render_html(bundled_dossier(**values), RenderOptions(review=review))
    return html_read(html).text.replace("\u00a0", " ")


def _explain(tmp_path: Path, **values: object) -> str:
    profile = write_profile(tmp_path, "p", **values)
    result = runner.invoke(app, ["explain", str(profile)])
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("values", "details"), HEADERS)
def test_the_header_and_explain_say_what_the_profile_sets(
    tmp_path: Path, values: dict[str, object], details: dict[str, str] | None, lang: str
) -> None:
    text = _text(language=lang, **values)
    explained = _explain(tmp_path, language=lang, **values)
    label, colon = LABEL[lang]
    if details is None:
        assert f" {label} " not in text.split("About this procedure")[0]
        assert f"{label}{colon}" not in explained
        return
    # the header (its colon comes from the stylesheet), then explain: the same words
    assert f"{label} {details[lang]} " in text
    assert f"{label}{colon}{details[lang]}." in explained.splitlines()


#: Profiles whose steps carry the new conditions: each step's "Only for" line in the dossier must
#: be the words `paperasse explain` gives for it.
WHY = [
    {"citizenship": "DZ", "status": "student"},
    {"citizenship": "VN", "status": "student", "scholarship": True},
    {"citizenship": "IN", "status": "worker", "posted": True},
    {"citizenship": "BR", "status": "worker", "talent": True},
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("values", WHY)
def test_explain_and_the_dossier_give_the_same_reasons(
    tmp_path: Path, values: dict[str, object], lang: str
) -> None:
    dossier = bundled_dossier(language=lang, arrival_date=ARRIVAL, **values)
    text = html_read(render_html(dossier, RenderOptions(review=True))).text.replace("\u00a0", " ")
    explained = _explain(tmp_path, language=lang, arrival_date=ARRIVAL, **values)
    only = "Only for: " if lang == "en" else "Seulement pour : "
    only_terminal = "only for " if lang == "en" else "seulement pour "
    conditioned = [item for item in dossier.steps if item.condition is not None]
    assert conditioned
    for item in conditioned:
        words = describe_condition(item.condition, lang)
        assert f"{only}{words}" in text, words
        assert f"{only_terminal}{words} (" in explained, words


@pytest.mark.parametrize(
    ("values", "lang", "phrases", "absent"),
    [
        (
            {"citizenship": "DZ", "status": "student"},
            "en",
            ["Only for: citizens of Algeria"],
            ["citizenship:dz"],
        ),
        (
            {"citizenship": "DZ", "status": "worker"},
            "fr",
            ["Seulement pour : nationalité Algérie"],
            ["citizenship:dz"],
        ),
        (
            {"citizenship": "VN", "status": "student", "scholarship": True},
            "en",
            ["Only for: not (non-EU + student) or scholarship holder"],
            [],
        ),
        (
            {"citizenship": "BR", "status": "worker"},
            "en",
            ["Only for: non-EU + worker + no passeport talent"],
            ["not passeport talent"],
        ),
        (
            {"citizenship": "PL", "status": "worker"},
            "fr",
            ["Seulement pour : salarié + non détaché"],
            ["sauf détaché"],
        ),
    ],
)
def test_the_reasons_read_as_words(
    values: dict[str, object], lang: str, phrases: list[str], absent: list[str]
) -> None:
    text = _text(review=True, language=lang, arrival_date=ARRIVAL, **values)
    for phrase in phrases:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


def test_an_xlsx_sheet_carries_the_new_columns(tmp_path: Path) -> None:
    """Excel's own booleans and numbers as well as words: each row reads as the profile says."""
    import openpyxl

    from paperasse.inputs.profile import KNOWN_KEYS, profile_from_mapping
    from paperasse.inputs.tables import read_table

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Name", "Citizenship", "Status", "Scholarship", "Posted", "Talent", "Partner", "Children"]
    )
    sheet.append(["Amel", "Algérie", "student", True, None, None, "non", "4, 9"])
    sheet.append(["Ravi", "IN", "worker", None, "yes", False, True, 1])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    table = read_table(path, KNOWN_KEYS)
    amel, ravi = (profile_from_mapping(r.data, source=str(path), row=r.number) for r in table.rows)
    assert (amel.citizenship, amel.scholarship, amel.partner, amel.children) == (
        "DZ",
        True,
        False,
        (4, 9),
    )
    assert (ravi.posted, ravi.talent, ravi.partner, ravi.children) == (True, False, True, 1)
    assert {"citizenship:dz", "scholarship", "children"} <= amel.tags()
    assert {"posted", "partner", "children"} <= ravi.tags() and "talent" not in ravi.tags()


@pytest.mark.slow
def test_a_spreadsheet_builds_each_row_with_its_keys(tmp_path: Path) -> None:
    """An agency's CSV (";", a BOM, French words) with the new columns: each PDF says its row's
    situation in the header, and the steps follow it (QR codes and text read from the PDF)."""
    from pdfread import pdf_qr_codes

    sheet = tmp_path / "clients.csv"
    sheet.write_bytes(
        "\ufeffname;citizenship;status;language;scholarship;posted;id\r\n"
        "Amel Haddad;Algérie;student;fr;non;;amel\r\n"
        "Linh Tran;VN;student;en;oui;;linh\r\n"
        "Jan Nowak;PL;worker;en;;oui;jan\r\n".encode()
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(sheet), "-o", str(out)])
    assert result.exit_code == 0, result.output
    amel = (out / "amel.pdf").read_bytes()
    text = " ".join(pdf_text(amel).replace("\ufffe", "-").split())
    assert "pas de bourse" in text.replace("\u00a0", " ")
    assert "certificat de résidence algérien" in text
    assert "validez en ligne votre visa long séjour étudiant" not in text
    linh = " ".join(pdf_text((out / "linh.pdf").read_bytes()).replace("\ufffe", "-").split())
    assert "scholarship holder" in linh and "apply for housing aid on caf.fr" in linh
    jan = (out / "jan.pdf").read_bytes()
    jan_text = " ".join(pdf_text(jan).replace("\ufffe", "-").split())
    assert "posted by an employer abroad (form A1)" in jan_text
    assert "Fill in form S1106" not in jan_text
    posted_page = (
        "https://www.ameli.fr/assure/droits-demarches/europe-international/"
        "protection-sociale-france/travailleur-detachement-france"
    )
    assert posted_page in pdf_qr_codes(jan)


# ---- paperasse check: a condition on a citizenship that is not an ISO code --------------------

FRONT = """\
---
translationKey: testland-citizens
title: "A guide"
date: 2026-12-01
last_checked: 2026-12-01
description: "What it does."
author: "paperasse"
---
## Procedure
"""


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("citizenship:DZA", "did you mean 'citizenship:dz'?"),
        ("non-eu and citizenship:Algeria", "did you mean 'citizenship:dz'?"),
        ("citizenship:XX", "does not name an ISO 3166-1 alpha-2 country code"),
        ("not citizenship:EL", "did you mean 'citizenship:gr'?"),
    ],
)
def test_check_catches_a_citizenship_that_is_not_an_iso_code(
    tmp_path: Path, condition: str, message: str
) -> None:
    path = tmp_path / "en" / "testland" / "guide.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        FRONT + "1. <!-- key: arrive --> Arrive.\n"
        f"2. <!-- when: {condition}; key: prefecture --> Go to the prefecture.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stdout.splitlines() if re.match(r".+:\d+: error: ", line)]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith(f"{path}:11: error: when = {condition!r}: ")
    assert message in errors[0]


def test_check_accepts_iso_codes_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "en" / "testland" / "guide.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        FRONT + "1. <!-- when: citizenship:dz or citizenship:MA; key: a --> Arrive.\n"
        "\n## Required Documents\n- <!-- key: passport --> Passport.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout
