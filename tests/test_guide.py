"""The guide reader, on small guides written here."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from paperasse.errors import UserError
from paperasse.guide import Deadline, Guide, Link, read_guide

FRONT = """\
---
translationKey: france-test_guide
title: "Test guide"
author: "Someone"
date: "2024-06-07"
description: "A guide for tests"
---
"""

BODY_EN = """\
## Description
### What is it?
A registration.

### Who needs it?
Everybody.

## Procedure
1. Go to [the office](https://example.org/office).
2. Fill in the form.
3. Wait.

## Required Documents
You need:
- Passport
- Proof of address

Check the [official list](https://example.org/list).

## Providers that can do it for you

| Provider | Website | Timelines | Cost |
| --- | --- | --- | --- |
| ACME | [Site](https://acme.example) | 1-3 months | Free |
| Bare | https://bare.example/path | 2 weeks | 10 EUR |

## Additional details
It takes time.
"""


def write(tmp_path: Path, text: str, rel: str = "en/france/test_guide.md") -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def read(tmp_path: Path, text: str, rel: str = "en/france/test_guide.md") -> Guide:
    return read_guide(write(tmp_path, text, rel))


def error(tmp_path: Path, text: str, rel: str = "en/france/test_guide.md") -> UserError:
    with pytest.raises(UserError) as info:
        read(tmp_path, text, rel)
    return info.value


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# ---- parts ------------------------------------------------------------------------------------


def test_every_part_is_found(tmp_path: Path) -> None:
    guide = read(tmp_path, FRONT + "\n" + BODY_EN)
    assert guide.title == "Test guide"
    assert guide.lang == "en"
    assert guide.country == "france"
    assert guide.slug == "test_guide"
    assert guide.translation_key == "france-test_guide"
    assert guide.author == "Someone"
    assert guide.description == "A guide for tests"
    assert guide.date == dt.date(2024, 6, 7)
    assert guide.headings == {
        "description": "Description",
        "procedure": "Procedure",
        "documents": "Required Documents",
        "providers": "Providers that can do it for you",
        "details": "Additional details",
    }
    assert [b.kind for b in guide.intro] == ["heading", "paragraph", "heading", "paragraph"]
    assert [b.text for b in guide.intro] == [
        "What is it?",
        "A registration.",
        "Who needs it?",
        "Everybody.",
    ]
    assert [s.text for s in guide.steps] == ["Go to the office.", "Fill in the form.", "Wait."]
    assert all(s.kind == "step" for s in guide.steps)
    assert guide.steps[0].html == 'Go to <a href="https://example.org/office">the office</a>.'
    assert guide.steps[0].links == (Link("https://example.org/office", "the office"),)
    assert [d.text for d in guide.documents] == ["Passport", "Proof of address"]
    assert [n.text for n in guide.documents_notes] == ["You need:", "Check the official list."]
    assert guide.documents_notes[1].links == (Link("https://example.org/list", "official list"),)
    assert [(p.name, p.website, p.timelines, p.cost) for p in guide.providers] == [
        ("ACME", Link("https://acme.example", "Site"), "1-3 months", "Free"),
        (
            "Bare",
            Link("https://bare.example/path", "https://bare.example/path"),
            "2 weeks",
            "10 EUR",
        ),
    ]
    assert [d.text for d in guide.details] == ["It takes time."]
    assert guide.extra == {}
    assert guide.procedure_notes == ()


def test_line_numbers_count_the_front_matter(tmp_path: Path) -> None:
    text = FRONT + "\n" + BODY_EN
    guide = read(tmp_path, text)
    assert guide.steps[1].line == line_of(text, "2. Fill in the form.")
    assert guide.documents[0].line == line_of(text, "- Passport")
    assert guide.providers[0].line == line_of(text, "| ACME")
    assert guide.details[0].line == line_of(text, "It takes time.")


FRENCH = """\
## Description
### Qu'est-ce que c'est ?
Une inscription.

## Procédure
1. Allez au bureau.
2. Remplissez le formulaire.

## Documents requis
 - Passeport
 - Justificatif de domicile

## Prestataires pouvant le faire pour vous

_(Nous sélectionnons actuellement les meilleurs fournisseurs.)_

| Fournisseur | Site web | Délais | Coût |
| :-: | :-: | :-: | :-: |

## Détails supplémentaires
Cela prend du temps.
"""

GERMAN = """\
## Beschreibung
### Was ist es?
Eine Anmeldung.

## Verfahren
1. Zum Amt gehen.
2. Formular ausfüllen.

## Erforderliche Unterlagen
- Reisepass

## Anbieter, die es für Sie erledigen können

| Anbieter | Webseite | Fristen | Kosten |
| --- | --- | --- | --- |
| Hilfe GmbH | [Web](https://hilfe.example) | 1 Woche | 50 EUR |

## Weitere Details
Es dauert.
"""

MADE_UP = """\
## Overview of the thing
It is a thing.

## How to go about it
1. First do this.
2. Then that.

## Bring these
* Paper one
* Paper two

## People who help
| Who | Where | When | How much |
|---|---|---|---|
| Helper | https://help.example | soon | cheap |

## Good to know
Nothing more.
"""


@pytest.mark.parametrize(
    ("body", "lang", "headings"),
    [
        (
            FRENCH,
            "fr",
            (
                "Description",
                "Procédure",
                "Documents requis",
                "Prestataires pouvant le faire pour vous",
                "Détails supplémentaires",
            ),
        ),
        (
            GERMAN,
            "de",
            (
                "Beschreibung",
                "Verfahren",
                "Erforderliche Unterlagen",
                "Anbieter, die es für Sie erledigen können",
                "Weitere Details",
            ),
        ),
        (
            MADE_UP,
            "en",
            (
                "Overview of the thing",
                "How to go about it",
                "Bring these",
                "People who help",
                "Good to know",
            ),
        ),
    ],
)
def test_parts_are_found_by_structure_whatever_the_words(
    tmp_path: Path, body: str, lang: str, headings: tuple[str, ...]
) -> None:
    guide = read(tmp_path, FRONT + body, f"{lang}/somewhere/guide.md")
    assert guide.lang == lang
    roles = ("description", "procedure", "documents", "providers", "details")
    assert guide.headings == dict(zip(roles, headings, strict=True))
    assert len(guide.steps) == 2
    assert guide.documents
    assert guide.intro
    assert len(guide.details) == 1
    assert guide.extra == {}


def test_french_empty_provider_table_and_curating_note(tmp_path: Path) -> None:
    guide = read(tmp_path, FRONT + FRENCH, "fr/france/guide.md")
    assert guide.providers == ()
    assert len(guide.providers_notes) == 1
    assert guide.providers_notes[0].html.startswith("<em>(Nous sélectionnons")
    assert [d.text for d in guide.documents] == ["Passeport", "Justificatif de domicile"]


def test_no_front_matter(tmp_path: Path) -> None:
    guide = read(tmp_path, BODY_EN, "en/czech republic/no_front.md")
    assert guide.meta == {}
    assert guide.title == "no_front"
    assert guide.country == "czech republic"
    assert guide.translation_key == "czech republic-no_front"
    assert guide.date is None
    assert len(guide.steps) == 3
    assert guide.steps[0].line == line_of(BODY_EN, "1. Go to")


def test_title_falls_back_to_a_level_one_heading(tmp_path: Path) -> None:
    guide = read(tmp_path, "# My Title\n\nSome intro.\n\n" + BODY_EN)
    assert guide.title == "My Title"
    assert [b.text for b in guide.intro][:1] == ["Some intro."]


def test_content_before_the_first_heading_goes_to_intro(tmp_path: Path) -> None:
    guide = read(tmp_path, FRONT + "Welcome.\n\n" + BODY_EN)
    assert guide.intro[0].text == "Welcome."
    assert guide.intro[1].text == "What is it?"


def test_trailing_related_posts_is_dropped(tmp_path: Path) -> None:
    text = (
        FRONT
        + BODY_EN.rstrip("\n")
        + (
            "\n## Related Posts\n\n- [Other guide](https://example.org/other)\n"
            "- [More](https://example.org/more)\n"
        )
    )
    guide = read(tmp_path, text)
    assert [d.text for d in guide.details] == ["It takes time."]
    assert guide.extra == {}
    assert "Related" not in " ".join(b.text for b in guide.details)


def test_unknown_part_goes_to_extra(tmp_path: Path) -> None:
    text = FRONT + BODY_EN + "\n## Contact\nCall us.\n"
    guide = read(tmp_path, text)
    assert list(guide.extra) == ["Contact"]
    assert guide.extra["Contact"][0].text == "Call us."


def test_documents_as_a_numbered_list_and_providers_without_table(tmp_path: Path) -> None:
    body = BODY_EN.replace("- Passport\n- Proof of address", "1. Passport\n2. Proof of address")
    start = body.index("| Provider")
    end = body.index("## Additional")
    body = body[:start] + "Nobody can do it for you.\n\n" + body[end:]
    guide = read(tmp_path, FRONT + body)
    assert [d.text for d in guide.documents] == ["Passport", "Proof of address"]
    assert guide.providers == ()
    assert [n.text for n in guide.providers_notes] == ["Nobody can do it for you."]
    assert [d.text for d in guide.details] == ["It takes time."]


def test_nested_list_stays_in_its_step(tmp_path: Path) -> None:
    body = BODY_EN.replace("2. Fill in the form.\n", "2. Fill in the form:\n   - name\n   - date\n")
    guide = read(tmp_path, FRONT + body)
    assert len(guide.steps) == 3
    assert "<li>name</li>" in guide.steps[1].html
    assert guide.steps[1].text == "Fill in the form: name date"


def test_steps_interrupted_by_a_paragraph_continue(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "2. Fill in the form.\n3. Wait.", "2. Fill in the form.\n\nNote.\n\n3. Wait."
    )
    guide = read(tmp_path, FRONT + body)
    assert [s.text for s in guide.steps] == ["Go to the office.", "Fill in the form.", "Wait."]
    assert [n.text for n in guide.procedure_notes] == ["Note."]


def test_no_procedure_is_an_error(tmp_path: Path) -> None:
    err = error(tmp_path, FRONT + "## Description\nText.\n\n## Documents\n- Passport\n")
    assert "no procedure (numbered list of steps) found" in str(err)
    assert "test_guide.md" in str(err)


def test_bom_and_crlf(tmp_path: Path) -> None:
    text = "\ufeff" + (FRONT + BODY_EN).replace("\n", "\r\n")
    path = tmp_path / "en" / "france" / "crlf.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-8"))
    guide = read_guide(path)
    assert guide.title == "Test guide"
    assert len(guide.steps) == 3
    assert guide.steps[0].line == line_of(FRONT + BODY_EN, "1. Go to")


def test_text_argument_is_used_instead_of_the_file(tmp_path: Path) -> None:
    guide = read_guide(tmp_path / "fr" / "france" / "virtual.md", FRONT + BODY_EN)
    assert guide.lang == "fr"
    assert guide.slug == "virtual"


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "en" / "x" / "bad.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"## Description\nok\n\xff\xfe bad\n")
    with pytest.raises(UserError, match="UTF-8") as info:
        read_guide(path)
    assert info.value.line == 3


# ---- front matter -------------------------------------------------------------------------------


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    text = "---\ntitle: ok\nauthor: [unclosed\ndate: 2024-01-01\n---\n" + BODY_EN
    err = error(tmp_path, text)
    assert err.file is not None and err.file.endswith("test_guide.md")
    assert err.line is not None and 3 <= err.line <= 5
    assert "\n" not in str(err)
    assert "test_guide.md:" in str(err)


def test_front_matter_never_closed(tmp_path: Path) -> None:
    err = error(tmp_path, "---\ntitle: x\n" + BODY_EN)
    assert err.line == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"2024-06-07"', dt.date(2024, 6, 7)),
        ("2024-06-07", dt.date(2024, 6, 7)),
        ("2024-06-07T10:30:00+02:00", dt.date(2024, 6, 7)),
        ('"2024-06-07T10:30:00Z"', dt.date(2024, 6, 7)),
        ("2024-06-07 10:30:00", dt.date(2024, 6, 7)),
    ],
)
def test_dates_are_read_leniently(tmp_path: Path, value: str, expected: dt.date) -> None:
    guide = read(tmp_path, f"---\ndate: {value}\nlast_checked: 2025-01-02\n---\n" + BODY_EN)
    assert guide.date == expected
    assert guide.last_checked == dt.date(2025, 1, 2)


def test_bad_date_names_key_and_value(tmp_path: Path) -> None:
    err = error(tmp_path, "---\ntitle: x\ndate: next tuesday\n---\n" + BODY_EN)
    assert err.key == "date"
    assert err.value == "next tuesday"
    assert err.line == 3


def test_duplicated_keys_and_lang_from_front_matter(tmp_path: Path) -> None:
    text = "---\ntranslationKey: a\ntranslationKey: b\nlang: pt\n---\n" + BODY_EN
    guide = read(tmp_path, text, "guides/spain/x.md")
    assert guide.translation_key == "b"
    assert guide.lang == "pt"


def test_sources(tmp_path: Path) -> None:
    text = (
        "---\nsources:\n  - title: Official\n    url: https://gov.example/a\n"
        "  - https://gov.example/b\n---\n" + BODY_EN
    )
    guide = read(tmp_path, text)
    assert guide.sources == (
        Link("https://gov.example/a", "Official"),
        Link("https://gov.example/b", "https://gov.example/b"),
    )


def test_unsafe_source_is_an_error(tmp_path: Path) -> None:
    err = error(tmp_path, "---\nsources:\n  - javascript:alert(1)\n---\n" + BODY_EN)
    assert err.key == "sources"


# ---- safety -------------------------------------------------------------------------------------


def test_raw_html_is_escaped(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "2. Fill in the form.",
        "2. Fill in <b>x</b> <img src=file:///etc/passwd> <script>alert(1)</script>",
    ).replace("It takes time.", "<div onclick='x()'>block</div>\n\nIt takes time.")
    guide = read(tmp_path, FRONT + body)
    html = guide.steps[1].html
    assert "<b>" not in html and "<img" not in html and "<script" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "<div" not in "".join(b.html for b in guide.details)
    assert "&lt;div" in guide.details[0].html


def test_unsafe_link_schemes_are_plain_text(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "2. Fill in the form.",
        "2. Click [here](javascript:alert(1)) or [there](data:text/html,x) or"
        " [file](file:///etc/passwd) or [rel](/local/page) or <javascript:alert(2)>"
        ' or [mail](mailto:a@b.example) or [ok](https://ok.example/?a=1&b="2")',
    )
    guide = read(tmp_path, FRONT + body)
    step = guide.steps[1]
    for bad in ("javascript:", "data:", "file:", "/local/page"):
        assert f'href="{bad}' not in step.html
    assert step.html.count("<a ") == 2
    assert '<a href="mailto:a@b.example">mail</a>' in step.html
    assert 'href="https://ok.example/?a=1&amp;b=%222%22"' in step.html
    assert [link.url for link in step.links] == ["https://ok.example/?a=1&b=%222%22"]
    assert "Click here or there or file or rel" in step.text


def test_images_become_their_alt_text(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "3. Wait.", "3. Wait ![a <clock>](https://tracker.example/pixel.png) here."
    )
    guide = read(tmp_path, FRONT + body)
    assert guide.steps[2].html == "Wait a &lt;clock&gt; here."
    assert "tracker" not in guide.steps[2].html
    assert guide.steps[2].links == ()
    assert guide.steps[2].text == "Wait a <clock> here."


def test_autolinks_count_as_links(tmp_path: Path) -> None:
    body = BODY_EN.replace("3. Wait.", "3. See <https://auto.example/x>.")
    guide = read(tmp_path, FRONT + body)
    assert guide.steps[2].links == (Link("https://auto.example/x", "https://auto.example/x"),)
    assert '<a href="https://auto.example/x">' in guide.steps[2].html


# ---- directives ---------------------------------------------------------------------------------


def test_inline_conditions_deadline_and_key(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "2. Fill in the form.",
        "2. <!-- when: non-eu; deadline: 3 months; key: validate-visa --> Fill in the form.",
    ).replace("- Proof of address", "- Proof of address <!-- when: eu or student; key: proof -->")
    guide = read(tmp_path, FRONT + body)
    step = guide.steps[1]
    assert step.text == "Fill in the form."
    assert step.html == "Fill in the form."
    assert str(step.condition) == "non-eu"
    assert step.deadline == Deadline(3, "months")
    assert step.key == "validate-visa"
    assert guide.steps[0].condition is None and guide.steps[0].deadline is None
    doc = guide.documents[1]
    assert doc.text == "Proof of address"
    assert str(doc.condition) == "eu or student"
    assert doc.key == "proof"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 day", Deadline(1, "days")),
        ("2 weeks", Deadline(2, "weeks")),
        ("1 month", Deadline(1, "months")),
        ("10 Days", Deadline(10, "days")),
    ],
)
def test_deadline_units(tmp_path: Path, value: str, expected: Deadline) -> None:
    body = BODY_EN.replace("3. Wait.", f"3. Wait. <!-- deadline: {value} -->")
    assert read(tmp_path, FRONT + body).steps[2].deadline == expected


@pytest.mark.parametrize("value", ["3 years", "soon", "0 days", "-1 days", "3"])
def test_bad_deadline_names_file_and_line(tmp_path: Path, value: str) -> None:
    text = FRONT + BODY_EN.replace("3. Wait.", f"3. Wait. <!-- deadline: {value} -->")
    err = error(tmp_path, text)
    assert err.line == line_of(text, "3. Wait.")
    assert err.key == "deadline"
    assert "test_guide.md" in str(err)


def test_deadline_outside_a_step_is_an_error(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("It takes time.", "It takes time. <!-- deadline: 2 days -->")
    err = error(tmp_path, text)
    assert err.line == line_of(text, "It takes time.")


def test_regions_around_some_items_nested(tmp_path: Path) -> None:
    procedure = """\
## Procedure
1. Everyone.
<!-- when: non-eu -->
2. Non-EU only.
<!-- when: student -->
3. Non-EU students.
<!-- end -->
4. Non-EU again.
<!-- end -->
5. Everyone again.

A note for all.
"""
    body = BODY_EN.replace(
        "## Procedure\n1. Go to [the office](https://example.org/office).\n"
        "2. Fill in the form.\n3. Wait.\n",
        procedure,
    )
    text = FRONT + body
    guide = read(tmp_path, text)
    assert [s.text for s in guide.steps] == [
        "Everyone.",
        "Non-EU only.",
        "Non-EU students.",
        "Non-EU again.",
        "Everyone again.",
    ]
    conds = [None if s.condition is None else s.condition for s in guide.steps]
    assert conds[0] is None and conds[4] is None
    assert str(conds[1]) == "non-eu"
    assert conds[2] is not None and conds[2].applies({"non-eu", "student"})
    assert not conds[2].applies({"non-eu"}) and not conds[2].applies({"student"})
    assert str(conds[3]) == "non-eu"
    assert [s.html for s in guide.steps][1] == "Non-EU only."  # no <p> from the looser list
    assert [s.line for s in guide.steps] == [
        line_of(text, "1. Everyone."),
        line_of(text, "2. Non-EU"),
        line_of(text, "3. Non-EU"),
        line_of(text, "4. Non-EU"),
        line_of(text, "5. Everyone"),
    ]
    assert [n.text for n in guide.procedure_notes] == ["A note for all."]
    assert guide.procedure_notes[0].condition is None


def test_region_around_blocks_and_inline_condition_combine(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "## Required Documents\nYou need:\n- Passport\n- Proof of address\n",
        "## Required Documents\n<!-- when: worker -->\nYou need:\n\n- Passport\n"
        "- Contract <!-- when: non-eu -->\n<!-- end -->\n",
    )
    guide = read(tmp_path, FRONT + body)
    assert str(guide.documents_notes[0].condition) == "worker"
    assert str(guide.documents[0].condition) == "worker"
    both = guide.documents[1].condition
    assert both is not None and both.tags() == {"worker", "non-eu"}
    assert both.applies({"worker", "non-eu"}) and not both.applies({"worker"})
    assert guide.documents_notes[1].condition is None  # after the region


def test_other_comments_are_dropped(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "3. Wait.", "3. Wait <!-- TODO: check this --> now.\n<!--\nmulti\nline\n-->"
    )
    guide = read(tmp_path, FRONT + body)
    assert guide.steps[2].text == "Wait now."
    assert "TODO" not in guide.steps[2].html and "&lt;!--" not in guide.steps[2].html


def test_unknown_tag_names_file_and_line(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("2. Fill in the form.", "2. <!-- when: studnet --> Fill in.")
    err = error(tmp_path, text)
    assert err.line == line_of(text, "studnet")
    message = str(err)
    assert message.startswith(f"{err.file}:{err.line}:")
    assert "did you mean 'student'" in message
    assert "\n" not in message


def test_bad_condition_in_a_region_names_its_line(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace(
        "It takes time.", "<!-- when: eu and -->\nIt takes time.\n<!-- end -->"
    )
    err = error(tmp_path, text)
    assert err.line == line_of(text, "eu and -->")


def test_misspelt_directive_suggests_the_right_one(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("3. Wait.", "3. Wait. <!-- whne: eu -->")
    err = error(tmp_path, text)
    assert "did you mean 'when'" in str(err)
    assert err.line == line_of(text, "whne")


def test_unclosed_region(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("It takes time.", "<!-- when: eu -->\nIt takes time.")
    err = error(tmp_path, text)
    assert "never closed" in str(err)
    assert err.line == line_of(text, "when: eu")


def test_stray_end(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("It takes time.", "It takes time.\n\n<!-- end -->")
    err = error(tmp_path, text)
    assert "<!-- end -->" in str(err)
    assert err.line == line_of(text, "<!-- end -->")


def test_region_inside_a_table_is_an_error(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("| Bare |", "<!-- when: eu -->\n| Bare |").replace(
        "10 EUR |", "10 EUR |\n<!-- end -->"
    )
    err = error(tmp_path, text)
    assert err.line == line_of(text, "when: eu")


def test_comments_in_code_are_kept_as_code(tmp_path: Path) -> None:
    text = FRONT + BODY_EN.replace("It takes time.", "```\n<!-- when: bogus -->\n```")
    guide = read(tmp_path, text)
    assert "&lt;!-- when: bogus --&gt;" in guide.details[0].html


def test_reading_is_fast(tmp_path: Path) -> None:
    import time

    path = write(tmp_path, FRONT + BODY_EN)
    read_guide(path)
    start = time.perf_counter()
    for _ in range(20):
        read_guide(path)
    assert (time.perf_counter() - start) / 20 < 0.05


def test_condition_on_a_part_heading_is_an_error(tmp_path: Path) -> None:
    heading = "## Additional details"
    text = FRONT + BODY_EN.replace(heading, heading + " <!-- when: eu -->")
    err = error(tmp_path, text)
    assert err.line == line_of(text, "## Additional details")


def test_documents_part_without_a_list(tmp_path: Path) -> None:
    body = BODY_EN.replace(
        "You need:\n- Passport\n- Proof of address\n\nCheck the [official list](https://example.org/list).\n",
        "No documents are needed.\n",
    )
    guide = read(tmp_path, FRONT + body)
    assert guide.documents == ()
    assert guide.headings["documents"] == "Required Documents"
    assert [n.text for n in guide.documents_notes] == ["No documents are needed."]
    assert len(guide.providers) == 2
    assert [d.text for d in guide.details] == ["It takes time."]


def test_a_related_documents_heading_is_not_dropped(tmp_path: Path) -> None:
    body = BODY_EN.replace("## Required Documents", "## Related documents")
    guide = read(tmp_path, FRONT + body)
    assert guide.headings["documents"] == "Related documents"
    assert [d.text for d in guide.documents] == ["Passport", "Proof of address"]
