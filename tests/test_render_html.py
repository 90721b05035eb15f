"""render_html: a Dossier as HTML, without WeasyPrint. Escaping, QR codes' alternative texts,
the dossier's words in English and French (and in a third language given as one more file)."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pytest

from conftest import TEST_GUIDES, dossier_of, guide_of, profile_of
from htmlread import html_read, html_text
from paperasse import i18n
from paperasse.dossier import select
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions

TEST_GUIDE_FR = TEST_GUIDES / "fr" / "testland" / "registration.md"
VISA = "https://visa.testland.example/validate"


def titles_of(html: str) -> list[str]:
    return html_read(html).qr_titles


def test_the_persons_name_and_guide_text_are_escaped(tmp_path: Path) -> None:
    guide = guide_of(
        tmp_path,
        "---\ntitle: T <i>x</i>\n---\n## Procedure\n"
        "1. Type <script>alert(1)</script> & <b>bold</b>\n\n"
        "## Required Documents\n- A paper\n",
    )
    name = '<img src=x onerror=alert(1)> Ana & "Bo"'
    html = render_html(select(guide, profile_of(name=name)))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; Ana &amp; &#34;Bo&#34;" in html
    text = html_text(html)
    assert name in text
    assert "Type <script>alert(1)</script> & <b>bold</b>" in text
    assert "T <i>x</i>" in text


@pytest.mark.parametrize(("lang", "prefix"), [("en", "QR code: "), ("fr", "Code QR : ")])
def test_each_qr_code_has_an_alternative_text_in_the_dossiers_language(
    lang: str, prefix: str
) -> None:
    guide = TEST_GUIDES / lang / "testland" / "registration.md"
    html = render_html(dossier_of(guide, citizenship="BR", status="worker", language=lang))
    titles = titles_of(html)
    assert titles.count(f"{prefix}visa portal") == 1
    assert f"{prefix}labour office" in titles
    assert f"{prefix}Testland Office" in titles  # a provider's website: the provider's name
    assert f"{prefix}Testland portal" in titles  # a source: its title
    assert all(title.startswith(prefix) for title in titles)
    assert html.count('<img class="qr"') == len(titles)


def test_english_words_dates_and_deadline() -> None:
    html = render_html(
        dossier_of(citizenship="BR", arrival_date="2026-12-14"),
        RenderOptions(date=dt.date(2027, 1, 1)),
    )
    text = html_text(html)
    for words in (
        "Personal checklist",
        "Prepared for",
        "Brazil (non-EU)",
        "Worker (employee)",
        "Arrival in France",
        "14 December 2026",
        "Steps, in order",
        "Documents to gather",
        "Who can help",
        "Good to know",
        "Official sources",
        "Deadline: before 14 March 2027 (3 months after arrival)",
        "Guide dated 15 January 2026 · facts checked on 1 February 2026",
        "Prepared on 1 January 2027 · Made with paperasse",
    ):
        assert words in text, words
    assert '<html lang="en" class="lang-en">' in html
    # The guide's file is for the agent's review copy, not the person's.
    assert "registration.md" not in text
    review = html_text(
        render_html(
            dossier_of(citizenship="BR", arrival_date="2026-12-14"),
            RenderOptions(date=dt.date(2027, 1, 1), review=True),
        )
    )
    assert "Source: en/testland/registration.md" in review


def test_french_words_dates_and_deadline() -> None:
    html = render_html(
        dossier_of(TEST_GUIDE_FR, citizenship="BR", language="fr", arrival_date="2026-12-01"),
        RenderOptions(date=dt.date(2027, 3, 1)),
    )
    text = html_text(html)
    for words in (
        "Liste de démarches personnalisée",
        "Préparée pour",
        "Brésil (hors UE)",
        "Salarié(e)",
        "1er décembre 2026",
        "Étapes, dans l'ordre",
        "Documents à réunir",
        "Date limite\u00a0: avant le 1er mars 2027 (3 mois après l'arrivée)",
        "Guide du 15 janvier 2026",
        "Préparée le 1er mars 2027",
        "Réalisé avec paperasse",
    ):
        assert words in text, words
    review = render_html(
        dossier_of(TEST_GUIDE_FR, citizenship="BR", language="fr", arrival_date="2026-12-01"),
        RenderOptions(review=True),
    )
    assert "Seulement pour\u00a0: hors UE" in html_text(review)
    assert "Seulement pour" not in text
    assert "Deadline" not in text and "Steps" not in text
    assert '<html lang="fr" class="lang-fr">' in html


def test_without_an_arrival_date_the_deadline_is_a_duration() -> None:
    text = html_text(render_html(dossier_of(citizenship="BR")))
    assert "Deadline: within 3 months of arrival" in text
    assert "Arrival in France not given" in text  # the colon after a term is drawn by the CSS


def test_the_reason_a_part_applies_is_in_the_review_copy_and_notices_in_both() -> None:
    dossier = dossier_of(citizenship="VN", status="student", notices=("Printed in English.",))
    text = html_text(render_html(dossier, RenderOptions(review=True)))
    assert "Only for: non-EU + student" in text
    assert "Printed in English." in text
    own = html_text(render_html(dossier))
    assert "Only for" not in own
    assert "Printed in English." in own


def test_fillable_boxes_are_named_checkboxes_with_a_title() -> None:
    html = render_html(dossier_of(citizenship="BR"), RenderOptions(fillable=True))
    assert 'name="step-1-arrive"' in html and 'name="document-1-passport"' in html
    assert 'title="Step 2: Validate your visa online' in html
    plain = render_html(dossier_of(citizenship="BR"))
    # printed, the boxes are images (test_dossier_pdf counts and reads them); no form fields
    assert "<input" not in plain and "fillable" not in plain
    assert '<body class="fillable">' in html


def test_the_stylesheet_is_inlined_only_for_the_html_format() -> None:
    dossier = dossier_of()
    assert "<style>" not in render_html(dossier)
    inline = render_html(dossier, RenderOptions(fmt="html"))
    assert "<style>" in inline and "@page" in inline


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> str:
    """A third language, as a new file in paperasse/i18n would give it (module ``de``)."""
    english = i18n.language("en")
    words = {
        **english.labels,
        "steps": "Schritte, der Reihe nach",
        "deadline": "Frist",
        "deadline_date": "bis {date} ({duration} nach der Ankunft)",
        "months": "Monate",
        "page": "Seite {page} von {pages}",
        "qr_alt": "QR-Code: {text}",
    }
    module = types.ModuleType("paperasse.i18n.de")
    module.LANGUAGE = i18n.Language(  # type: ignore[attr-defined]
        code="de",
        labels=words,
        terminal=english.terminal,
        tags=english.tags,
        connectives=english.connectives,
        citizenship=english.citizenship,
        citizenship_tag=english.citizenship_tag,
        web=english.web,
        web_messages=english.web_messages,
        language_names={"de": "Deutsch", "en": "Englisch", "fr": "Französisch"},
        months=(
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        date_format="{day}. {month} {year}",
    )
    monkeypatch.setitem(sys.modules, "paperasse.i18n.de", module)
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "de"))
    yield "de"
    i18n._load.cache_clear()


def test_a_third_language_is_one_more_file(german: str) -> None:
    profile = profile_of(citizenship="BR", language=german, arrival_date="2026-12-14")
    assert profile.language == "de"
    from paperasse.guide import read_guide

    html = render_html(
        select(read_guide(TEST_GUIDES / "en" / "testland" / "registration.md"), profile)
    )
    text = html_text(html)
    assert "Schritte, der Reihe nach" in text
    assert "Frist: bis 14. März 2027 (3 Monate nach der Ankunft)" in text
    assert "Brasilien (non-EU)" in text  # the country's name from pycountry's German catalogue
    assert "QR-Code: visa portal" in titles_of(html)
    # the page footer of a language the stylesheet does not style, from its words
    assert (
        '@page de { @bottom-right { content: "Seite " counter(page) " von " counter(pages)' in html
    )
    assert i18n.other_language_notice("de", "en") == (
        "This guide has no Deutsch version; it is printed in Englisch."
    )
