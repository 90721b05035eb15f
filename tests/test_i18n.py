"""paperasse.i18n: every printed word per language, dates in words, the language list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from paperasse import i18n
from paperasse.conditions import parse as parse_condition
from paperasse.guide import Deadline

I18N_DIR = Path(i18n.__file__).parent


def test_the_languages_are_the_files_of_the_package() -> None:
    files = sorted(p.stem for p in I18N_DIR.glob("*.py") if not p.stem.startswith("_"))
    assert tuple(files) == i18n.LANGUAGES
    assert set(i18n.LANGUAGES) >= {"en", "fr"}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_every_word_english_has(lang: str) -> None:
    english, other = i18n.language("en"), i18n.language(lang)
    assert other.code == lang
    # every table of words (any field added later too), but the names of languages and the
    # days written otherwise than as a number, which are the language's own business
    parts = [
        f.name
        for f in dataclasses.fields(i18n.Language)
        if isinstance(getattr(english, f.name), Mapping)
        and f.name not in ("language_names", "day_names")
    ]
    assert {"labels", "terminal", "tags", "web"} <= set(parts)
    for part in parts:
        words, theirs = getattr(other, part), getattr(english, part)
        assert set(words) == set(theirs), part
        for key, text in words.items():  # the same {placeholders} as English
            assert _fields(text) == _fields(theirs[key]), (part, key)
    for f in dataclasses.fields(i18n.Language):  # single sentences: the same placeholders
        if isinstance(getattr(english, f.name), str) and f.name != "code":
            assert _fields(getattr(other, f.name)) == _fields(getattr(english, f.name)), f.name
    assert len(other.months) == 12
    assert set(other.language_names) >= {lang}


def _fields(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_an_unknown_language_falls_back_to_english() -> None:
    assert i18n.labels_for("xx") is i18n.labels_for("en")
    assert i18n.format_date(dt.date(2027, 3, 1), "xx") == "1 March 2027"


@pytest.mark.parametrize(
    ("date", "lang", "text"),
    [
        (dt.date(2027, 3, 14), "en", "14 March 2027"),
        (dt.date(2027, 3, 1), "en", "1 March 2027"),
        (dt.date(2027, 3, 14), "fr", "14 mars 2027"),
        (dt.date(2027, 3, 1), "fr", "1er mars 2027"),
        (dt.date(2026, 8, 2), "fr", "2 août 2026"),
    ],
)
def test_format_date(date: dt.date, lang: str, text: str) -> None:
    assert i18n.format_date(date, lang) == text


def test_deadline_words_with_and_without_a_due_date() -> None:
    three_months, one_week = Deadline(3, "months"), Deadline(1, "weeks")
    due = dt.date(2027, 2, 1)
    assert i18n.deadline_text(three_months, due, "en") == (
        "before 1 February 2027 (3 months after arrival)"
    )
    assert i18n.deadline_text(three_months, due, "fr") == (
        "avant le 1er février 2027 (3 mois après l'arrivée)"
    )
    assert i18n.deadline_text(one_week, None, "en") == "within 1 week of arrival"
    assert i18n.deadline_text(one_week, None, "fr") == "dans les 1 semaine suivant l'arrivée"
    assert i18n.duration_text(Deadline(1, "days"), "fr") == "1 jour"
    assert i18n.duration_text(Deadline(1, "months"), "fr") == "1 mois"


def test_language_names_and_the_other_language_notice() -> None:
    assert i18n.language_name("fr", "en") == "French"
    assert i18n.language_name("en", "fr") == "anglais"
    assert i18n.language_name("xx", "en") == "xx"
    assert i18n.other_language_notice("fr", "en") == (
        "Ce guide n'existe pas en français ; il est imprimé en anglais."
    )


def test_conditions_and_tags_in_words() -> None:
    condition = parse_condition("non-eu and (student or not worker)")
    assert i18n.describe_condition(condition, "en") == "non-EU + (student or not worker)"
    assert i18n.describe_condition(condition, "fr") == "hors UE + (étudiant ou sauf salarié)"
    assert i18n.tag_word("eu", "fr") == "UE/EEE/Suisse"
    assert i18n.tag_word("some-new-tag", "fr") == "some-new-tag"


def test_citizenship_in_words() -> None:
    assert i18n.citizenship_label("BR", "en") == "Brazil (non-EU)"
    assert i18n.citizenship_label("DE", "fr") == "Allemagne (UE/EEE/Suisse)"
    assert i18n.citizenship_label("EU", "fr") == "citoyen UE/EEE/Suisse"
    assert i18n.citizenship_label("NON-EU", "en") == "Non-EU citizen"
    with pytest.raises(ValueError, match="language must be one of"):
        i18n.citizenship_label("BR", "xx")


def test_the_language_choice_as_error_messages_name_it() -> None:
    assert i18n.one_of(("en", "fr")) == "'fr' or 'en'"
    assert i18n.one_of(("de", "en", "fr")) == "'de', 'fr' or 'en'"
    assert i18n.one_of(("en",)) == "'en'"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_tag_a_guide_may_use_has_words(lang: str) -> None:
    from paperasse.conditions import KNOWN_TAGS

    assert set(i18n.language(lang).tags) == set(KNOWN_TAGS)


def test_citizenship_conditions_in_words() -> None:
    condition = parse_condition("non-eu and not citizenship:DZ")
    assert i18n.describe_condition(condition, "en") == "non-EU + not citizens of Algeria"
    assert i18n.describe_condition(condition, "fr") == "hors UE + sauf nationalité Algérie"
    assert i18n.tag_word("scholarship", "fr") == "boursier"
    assert i18n.tag_word("child-3-16", "en") == "a child aged 3 to 16"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("English", "en"),
        ("anglais", "en"),
        ("eng", "en"),
        ("French", "fr"),
        ("Français", "fr"),
        ("francais", "fr"),
        ("fra", "fr"),
        ("fre", "fr"),
        ("deutsch", None),
        ("", None),
    ],
)
def test_a_language_named_in_words_or_by_its_iso_639_2_code(word: str, code: str | None) -> None:
    assert i18n.language_named(word) == code
