"""Every word paperasse prints that does not come from a guide, in each dossier language.

One module per language (``en.py``, ``fr.py``, ...), each defining ``LANGUAGE = Language(...)``.
The languages are the modules found in this package: adding a language is adding its file (and
guides in that language); nothing else names the list. English is the fallback for any word or
language not found.

Dates stay dates in the :class:`~paperasse.dossier.Dossier`; they become words here, when a
dossier is presented (HTML, PDF, terminal).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import pkgutil
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    """The printed words of one language. ``labels`` are the dossier's words (HTML and PDF),
    ``terminal`` those of ``paperasse explain``, ``web`` those of ``paperasse serve``'s pages;
    every language has the keys English has."""

    code: str
    labels: Mapping[str, str]
    terminal: Mapping[str, str]
    #: condition tags in the reader's words: ``non-eu`` -> ``non-EU``
    tags: Mapping[str, str]
    #: the tag ``citizenship:dz`` in words (``{country}``: the country's name in this language)
    citizenship_tag: str
    #: ``and``/``or``/``not`` between tags
    connectives: Mapping[str, str]
    #: ``eu``, ``non-eu`` (bare citizenship words), ``eu_country``/``non_eu_country``
    #: (``{name}`` is the country's name in this language)
    citizenship: Mapping[str, str]
    #: ``paperasse serve``'s own words (the web form and its pages)
    web: Mapping[str, str]
    #: the profile model's messages said for the web page, by the keys of ``web.i18n``
    web_messages: Mapping[str, str]
    #: language codes -> their names in this language
    language_names: Mapping[str, str]
    months: tuple[str, ...]
    #: ``{day}``, ``{month}``, ``{year}``
    date_format: str
    #: days written otherwise than as a number (French ``1er``)
    day_names: Mapping[int, str] = field(default_factory=dict)
    #: ``not TAG`` in the reader's words where plain ``not`` reads badly (``not scholarship``
    #: -> ``no scholarship``); other negations are ``not`` + the tag's words
    not_tags: Mapping[str, str] = field(default_factory=dict)
    #: the profile's optional keys as the dossier header and ``paperasse explain`` print them:
    #: ``KEY_yes``/``KEY_no`` for the yes/no keys, ``children_none``, ``children_count``
    #: (``{n}``; ``children_one`` for 1), ``children_ages``/``children_age`` (``{n}``, ``{ages}``)
    #: and ``and`` (between the last two ages); ``label``: the header's word for them
    details: Mapping[str, str] = field(default_factory=dict)


def _discover() -> tuple[str, ...]:
    found = (m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(sorted(found))


#: Every dossier language, by code (sorted).
LANGUAGES: tuple[str, ...] = _discover()


@functools.cache
def _load(code: str) -> Language:
    language = importlib.import_module(f"{__name__}.{code}").LANGUAGE
    assert isinstance(language, Language) and language.code == code, code
    return language


def language(lang: str) -> Language:
    """The words of ``lang`` (English for a language there is no file for)."""
    return _load(lang if lang in LANGUAGES else DEFAULT)


def labels_for(lang: str) -> Mapping[str, str]:
    """The dossier's words in ``lang``."""
    return language(lang).labels


def terminal_words(lang: str) -> Mapping[str, str]:
    """The words of ``paperasse explain`` in ``lang``."""
    return language(lang).terminal


def one_of(codes: tuple[str, ...] = LANGUAGES) -> str:
    """``'fr' or 'en'``: the choice of languages as an error message names it (the default
    language last)."""
    ordered = [f"'{c}'" for c in codes if c != DEFAULT] + [f"'{c}'" for c in codes if c == DEFAULT]
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} or {ordered[-1]}"


def format_date(value: dt.date, lang: str) -> str:
    """``14 March 2027`` / ``14 mars 2027`` (``1er`` in French)."""
    words = language(lang)
    day = words.day_names.get(value.day, str(value.day))
    return words.date_format.format(day=day, month=words.months[value.month - 1], year=value.year)


def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in ``in_lang`` (``fr`` in English: ``French``); a language
    the words of ``in_lang`` do not name is called by its own name, else by its code."""
    names = language(in_lang).language_names
    if code in names:
        return names[code]
    if code in LANGUAGES:
        return _load(code).language_names.get(code, code)
    return code


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@functools.cache
def _language_words() -> dict[str, str]:
    """Folded language names (in every language) and ISO 639-2 codes -> dossier language."""
    import pycountry

    words: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in _load(lang).language_names.items():
            if code in LANGUAGES:
                words.setdefault(_fold(name), code)
    for code in LANGUAGES:
        iso = pycountry.languages.get(alpha_2=code)
        for attr in ("alpha_3", "bibliographic"):
            if iso is not None and getattr(iso, attr, None):
                words.setdefault(getattr(iso, attr).casefold(), code)
    return words


def language_named(word: str) -> str | None:
    """The dossier language a word names (``French``, ``français``, ``fra``, ``fre`` -> ``fr``),
    for a did-you-mean; None if it names none."""
    return _language_words().get(_fold(word))


def other_language_notice(wanted: str, used: str) -> str:
    """The notice printed when a guide has no version in the reader's language ``wanted``."""
    return labels_for(wanted)["other_language"].format(
        wanted=language_name(wanted, wanted), used=language_name(used, wanted)
    )


def file_language_notice(wanted: str, used: str) -> str:
    """The notice printed when the guide file given (a path) is in another language than the
    reader's ``wanted``."""
    return labels_for(wanted)["file_language"].format(
        wanted=language_name(wanted, wanted), used=language_name(used, wanted)
    )


class _Deadline(Protocol):
    @property
    def amount(self) -> int: ...

    @property
    def unit(self) -> str: ...  # "days", "weeks" or "months"


def duration_text(deadline: _Deadline, lang: str) -> str:
    """``3 months``, ``1 week``, ``3 mois``."""
    unit = deadline.unit if deadline.amount != 1 else deadline.unit.rstrip("s")
    return f"{deadline.amount} {labels_for(lang)[unit]}"


def deadline_text(deadline: _Deadline, due: dt.date | None, lang: str) -> str:
    """``before 2 February 2027 (3 months after arrival)``, or, with no arrival date (``due``
    None), ``within 3 months of arrival``."""
    labels = labels_for(lang)
    duration = duration_text(deadline, lang)
    if due is None:
        return labels["deadline_duration"].format(duration=duration)
    return labels["deadline_date"].format(date=format_date(due, lang), duration=duration)


def tag_word(tag: str, lang: str) -> str:
    """A condition tag in the reader's words: ``non-eu`` -> ``non-EU`` / ``hors UE``;
    ``citizenship:dz`` -> ``citizens of Algeria`` / ``nationalité Algérie``."""
    from .. import countries
    from ..conditions import CITIZENSHIP_PREFIX

    words = language(lang)
    if tag.startswith(CITIZENSHIP_PREFIX):
        code = tag[len(CITIZENSHIP_PREFIX) :].upper()
        try:
            name = countries.country_name(code, words.code)
        except KeyError:
            return tag
        return words.citizenship_tag.format(country=name)
    return words.tags.get(tag, tag)


def describe_condition(condition: object, lang: str) -> str:
    """A condition in the reader's words: ``non-eu and student`` -> ``non-EU + student``."""
    from ..conditions import BoolOp, Condition, Not, Tag

    words = language(lang)
    glue = words.connectives

    def walk(node: object, parent: str | None = None) -> str:
        if isinstance(node, Tag):
            return tag_word(node.name, lang)
        if isinstance(node, Not):
            if isinstance(node.operand, Tag) and node.operand.name in words.not_tags:
                return words.not_tags[node.operand.name]
            return f"{glue['not']} {walk(node.operand, 'not')}"
        assert isinstance(node, BoolOp)
        text = f" {glue[node.op]} ".join(walk(o, node.op) for o in node.operands)
        return f"({text})" if parent is not None else text

    assert isinstance(condition, Condition)
    return walk(condition.expr)


def citizenship_label(citizenship: str, lang: str) -> str:
    """A stored citizenship (code, ``EU`` or ``NON-EU``) in words: ``Brazil (non-EU)``,
    ``Allemagne (UE/EEE/Suisse)``, ``EU/EEA/Swiss citizen``, ``hors UE``."""
    from .. import countries

    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    words = language(lang).citizenship
    if citizenship == countries.EU:
        return words["eu"]
    if citizenship == countries.NON_EU:
        return words["non-eu"]
    name = countries.country_name(citizenship, lang)
    key = "eu_country" if countries.is_eu(citizenship) else "non_eu_country"
    return words[key].format(name=name)


class _Situation(Protocol):
    """What :func:`profile_details` reads of a profile (the optional keys of PLAN.md)."""

    @property
    def scholarship(self) -> bool | None: ...

    @property
    def posted(self) -> bool | None: ...

    @property
    def talent(self) -> bool | None: ...

    @property
    def partner(self) -> bool | None: ...

    @property
    def children(self) -> int | tuple[int, ...] | None: ...


#: The yes/no keys :func:`profile_details` prints, in its order.
DETAIL_KEYS = ("scholarship", "posted", "talent", "partner")


def _and_list(items: list[str], last: str) -> str:
    """``4, 9 and 12``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def details_words(lang: str) -> Mapping[str, str]:
    """The words of :func:`profile_details` in ``lang``, English for any it lacks."""
    return {**language(DEFAULT).details, **language(lang).details}


def profile_details(profile: _Situation, lang: str) -> tuple[str, ...]:
    """The optional keys a profile sets, in words: ``("scholarship holder", "2 children, aged 4
    and 9")``; keys not given are left out (a key answered "no" is printed: it explains a step
    that is not there). The dossier header and ``paperasse explain`` print the same words."""
    words = details_words(lang)
    found: list[str] = []
    for key in DETAIL_KEYS:
        value = getattr(profile, key)
        if value is not None:
            found.append(words[f"{key}_{'yes' if value else 'no'}"])
    children = profile.children
    if isinstance(children, tuple) and children:
        ages = _and_list([str(age) for age in children], words["and"])
        key = "children_ages" if len(children) > 1 else "children_age"
        found.append(words[key].format(n=len(children), ages=ages))
    elif children == 0 or children == ():
        found.append(words["children_none"])
    elif children == 1:
        found.append(words["children_one"])
    elif children is not None:
        found.append(words["children_count"].format(n=children))
    return tuple(found)
