"""The dossier's layout as a reader meets it (issue 11), read from render_html without WeasyPrint:
page 1 says what to do first and by when, one QR code per link, room to write, the review copy,
the agency's brand. The slow twins in test_dossier_pdf.py read the real PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

import pytest

from conftest import bundled_dossier, profile_of
from htmlread import html_read, html_text
from paperasse.dossier import Item
from paperasse.guide.model import Block, Deadline
from paperasse.inputs.brand import Brand
from paperasse.render import plan
from paperasse.render.html import render_html
from paperasse.render.options import RenderOptions

PROFILES = [
    {"citizenship": "PL", "status": "worker"},
    {"citizenship": "BR", "status": "worker"},
    {"citizenship": "IT", "status": "student"},
    {"citizenship": "VN", "status": "student"},
]


def start_text(html: str) -> str:
    """The text of the "Start here" part (page 1)."""
    match = re.search(r'<section class="start">(.*?)</section>', html, re.S)
    assert match, "no start-here part"
    return html_text(match.group(1))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("values", PROFILES)
def test_start_here_holds_the_first_dated_deadline(values: dict, lang: str) -> None:
    dossier = bundled_dossier(language=lang, arrival_date="2027-01-15", **values)
    html = render_html(dossier)
    start = start_text(html)
    dated = [item for item in dossier.steps if item.due is not None]
    if dated:
        first = min(dated, key=lambda item: item.due)
        words = "15 avril 2027" if lang == "fr" else "15 April 2027"
        assert first.due == dt.date(2027, 4, 15)
        assert words in start
    # the first steps, in order, each pointing to its step number
    for number in (1, 2):
        assert f'href="#step-{number}"' in html
        assert f'id="step-{number}"' in html


def test_the_timeline_names_each_period_and_every_step_once() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker", arrival_date="2027-01-15")
    html = render_html(dossier)
    timeline = re.search(r'<div class="timeline">(.*?)</dl>', html, re.S)
    assert timeline
    text = html_text(timeline.group(1))
    for period in ("Before or on arrival", "First weeks", "Within 3 months", "Later (renewals)"):
        assert period in text
    refs = re.findall(r'href="#step-(\d+)"', timeline.group(1))
    assert sorted(map(int, refs)) == list(range(1, len(dossier.steps) + 1))


def test_a_deadline_already_passed_is_overdue_in_words() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker", arrival_date="2027-01-15")
    late = html_text(render_html(dossier, RenderOptions(date=dt.date(2027, 5, 1))))
    assert "OVERDUE: the deadline was 15 April 2027" in late
    assert "overdue" in late
    on_time = html_text(render_html(dossier, RenderOptions(date=dt.date(2027, 1, 20))))
    assert "OVERDUE" not in on_time and "overdue" not in on_time


def test_without_an_arrival_date_page_one_says_where_dates_come_from() -> None:
    text = start_text(render_html(bundled_dossier(citizenship="BR", status="worker")))
    assert "Deadlines count from your arrival date" in text


@pytest.mark.parametrize("values", PROFILES)
def test_one_qr_code_per_distinct_link_and_later_mentions_refer_to_it(values: dict) -> None:
    dossier = bundled_dossier(arrival_date="2027-01-15", **values)
    html = render_html(dossier)
    links = html_read(html).qr_links
    assert links, "no QR code at all"
    assert [url for url, n in Counter(links).items() if n > 1] == []
    shown = {link.url for link in dossier.links()} | {s.url for s in dossier.sources}
    assert set(links) == shown  # every link has its code, once
    assert "QR code: step" in html_text(html)


def test_a_link_printed_again_says_which_step_holds_its_code() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker", arrival_date="2027-01-15")
    html = render_html(dossier)
    number = next(
        i
        for i, item in enumerate(dossier.steps, 1)
        if any("ne-etranger-demander-numero" in link.url for link in item.links)
    )
    later = next(
        i
        for i, item in enumerate(dossier.steps, 1)
        if i > number and any("ne-etranger-demander-numero" in link.url for link in item.links)
    )
    step = re.search(rf'id="step-{later}">(.*?)</li>', html, re.S)
    assert step and f"QR code: step {number}" in html_text(step.group(1))


def test_no_only_for_lines_in_the_persons_copy_but_in_the_review_copy() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker")
    assert "Only for" not in html_text(render_html(dossier))
    review = html_text(render_html(dossier, RenderOptions(review=True)))
    assert review.count("Only for: ") >= 5
    assert "Review copy" in review


def test_no_file_path_on_the_page() -> None:
    text = html_text(render_html(bundled_dossier(citizenship="BR", status="worker")))
    assert ".md" not in text and "en/france" not in text


@pytest.mark.parametrize(
    ("lang", "nia", "foreigner"),
    [
        ("en", "Provisional social security number (NIA)", "Foreigner number"),
        ("fr", "Numéro de sécurité sociale provisoire (NIA)", "Numéro étranger"),
    ],
)
def test_my_numbers_box_and_a_done_on_line_per_step(lang: str, nia: str, foreigner: str) -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker", language=lang)
    html = render_html(dossier)
    text = start_text(html)
    assert nia in text and foreigner in text
    assert ("CPAM" in text) and ("CAF" in text)
    done = "Fait le" if lang == "fr" else "Done on"
    assert html_text(html).count(done) == len(dossier.steps)
    eu = render_html(bundled_dossier(citizenship="PL", status="worker", language=lang))
    assert foreigner not in start_text(eu)  # only for non-EU citizens (its when: condition)


def test_fillable_numbers_and_done_on_lines_are_text_fields() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker")
    html = render_html(dossier, RenderOptions(fillable=True))
    fields = re.findall(r'<input type="text"[^>]*name="([^"]+)"', html)
    assert [f for f in fields if f.startswith("done-")] == [
        f"done-{n}" for n in range(1, len(dossier.steps) + 1)
    ]
    assert len([f for f in fields if f.startswith("number-")]) == 5
    assert len(fields) == len(set(fields))
    assert 'title="Step 3: done on"' in html
    assert '<input type="checkbox"' in html
    assert "<input" not in render_html(dossier)


def test_the_brand_is_the_author_and_can_drop_the_credit() -> None:
    dossier = bundled_dossier(citizenship="BR", status="worker")
    brand = Brand(name="Example Relocation")
    html = render_html(dossier, RenderOptions(brand=brand))
    assert '<meta name="author" content="Example Relocation">' in html
    assert 'class="brand-running"' in html  # the name at the foot of every page
    assert "Made with paperasse" in html_text(html)
    quiet = render_html(dossier, RenderOptions(brand=dataclasses.replace(brand, credit=False)))
    assert "Made with paperasse" not in html_text(quiet)
    assert brand.digest() != dataclasses.replace(brand, credit=False).digest()


# --- the pieces, one by one


def _step(
    text: str, *, phase: str | None = None, due: dt.date | None = None, months: int | None = None
) -> Item:
    deadline = Deadline(months, "months") if months else None
    return Item(Block("step", text, text, 1, deadline=deadline, phase=phase), due)


def test_timeline_periods_from_phase_then_deadline_then_the_step_before() -> None:
    arrival = dt.date(2027, 1, 1)
    steps = [
        _step("a", phase="before-arrival"),
        _step("b"),  # no phase, no deadline: the period of the step before
        _step("c", months=2, due=dt.date(2027, 3, 1)),  # 59 days: within 3 months
        _step("d", months=9, due=dt.date(2027, 10, 1)),
        _step("e", phase="first-weeks"),
    ]
    periods = {p.key: [e.number for e in p.entries] for p in plan.timeline(steps, arrival)}
    assert periods == {
        "before-arrival": [1, 2],
        "first-weeks": [5],
        "first-3-months": [3],
        "later": [4],
    }


def test_next_actions_add_the_first_dated_step_and_mark_overdue() -> None:
    steps = [_step(str(n)) for n in range(6)] + [_step("late", months=3, due=dt.date(2027, 4, 1))]
    chosen = plan.next_actions(steps, today=dt.date(2027, 5, 1))
    assert [e.number for e in chosen] == [1, 2, 3, 4, 7]
    assert [e.overdue for e in chosen] == [False] * 4 + [True]


def test_short_title_and_url_words() -> None:
    assert plan.short_title("Within 3 months of arrival, validate your visa (VLS-TS) online") == (
        "Within 3 months of arrival, validate your visa"
    )
    assert plan.short_title("Ask HR to confirm it: it declares your job.") == "Ask HR to confirm it"
    long = plan.short_title("word " * 40)
    assert long.endswith("…") and len(long) <= plan.SHORT_TITLE_CHARS + 1
    # never cut inside a word or an address: a long last word is kept whole or left out
    french = "Inscrivez-vous sur etudiant-etranger.ameli.fr (gratuit et obligatoire) avec"
    assert plan.action_title(french, 40) == "Inscrivez-vous sur etudiant-etranger.ameli.fr"
    cut = plan.short_title("Register on etudiant-etranger.ameli.fr with the certificate", 40)
    assert cut == "Register on etudiant-etranger.ameli.fr…"
    address = "See " + "a" * 60 + ".example.fr then more words"
    assert plan.short_title(address, 40) == "See…"
    assert plan.short_title("x" * 90, 40) == "x" * 90  # one word: whole, never cut
    assert plan.action_title("Within 3 months of arrival, validate your visa (VLS-TS) online") == (
        "Validate your visa"
    )
    assert plan.action_title("Une fois inscrit, conservez le numéro provisoire (NIA) reçu") == (
        "Conservez le numéro provisoire"
    )
    # no opening clause: as short_title; a long first clause is the step itself
    assert (
        plan.action_title("Ask HR to confirm it: it declares your job.") == "Ask HR to confirm it"
    )
    sentence = "Complete your administrative enrolment at your university, then wait"
    assert plan.action_title(sentence) == plan.short_title(sentence)
    words = str(plan.url_words("https://www.service-public.gouv.fr/particuliers/vosdroits/F2728"))
    assert words == "service-\u200bpublic.\u200bgouv.\u200bfr/\u200b…/\u200bF2728"  # a long host
    assert str(plan.url_words("https://cvec.etudiant.gouv.fr/")).replace(plan.BREAK, "") == (
        "cvec.etudiant.gouv.fr"
    )
    ameli = plan.url_words(
        "https://www.ameli.fr/assure/droits-demarches/europe-international/"
        "protection-sociale-france/ne-etranger-demander-numero"
    )
    assert str(ameli).replace(plan.BREAK, "") == "ameli.fr/…/ne-etranger-demander-n…"
    assert str(plan.url_words("https://ameli.fr/")) == "ameli.fr"


def test_the_cover_of_a_pack_indexes_clients_with_their_first_page() -> None:
    from paperasse.render.cover import CoverRow, cover_html, cover_language

    rows = [
        CoverRow("Ana", "worker", "fr", dt.date(2027, 4, 15), pages=4),
        CoverRow("Bo", "student", "fr", None, pages=5),
        CoverRow("Cy", "student", "en", dt.date(2026, 12, 1), pages=3),
    ]
    assert cover_language(rows) == "fr"
    options = RenderOptions(brand=Brand(name="Agence"), date=dt.date(2027, 1, 1))
    text = html_text(cover_html(rows, options))
    assert "Dossiers des clients" in text and "Agence" in text
    assert "Ana Salarié(e) 15 avril 2027 2" in text  # after one page of cover
    assert "Bo Étudiant(e) aucune 6" in text
    assert "Cy Étudiant(e) 1er décembre 2026 – en retard 11" in text  # overdue at --date
    longer = html_text(cover_html(rows, options, cover_pages=2))
    assert "Ana Salarié(e) 15 avril 2027 3" in longer


def test_a_guide_parts_checked_date_keeps_its_month_capital() -> None:
    """Each guide part of a pack: "Facts checked on 1 December 2026" (Jinja's capitalize had
    lowercased the month)."""
    from paperasse.build import Builder

    dossier = Builder(pack="france-arrival").dossier(profile_of(citizenship="BR", status="worker"))
    html = render_html(dossier, RenderOptions())
    metas = re.findall(
        r'<section class="guide-part">\s*<h2[^>]*>.*?</h2>\s*<p class="meta">(.*?)</p>', html, re.S
    )
    assert metas and all(m.startswith("Facts checked on ") for m in metas), metas
    assert all(re.search(r"\d+ [A-Z][a-z]+ \d{4}", m) for m in metas), metas
