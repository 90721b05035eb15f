"""Countries: ISO 3166-1 codes, names in the dossier languages, and the EU/EEA/Swiss list.

``pycountry`` takes ~70 ms to import, so it is imported lazily, on the first lookup.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from .inputs.files import did_you_mean

#: Citizens of these countries count as "eu" for the guides: the 27 EU member states, the
#: three other EEA states (Iceland, Liechtenstein, Norway) and Switzerland.
EU_EEA_CH_CODES: frozenset[str] = frozenset(
    {
        # EU 27
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        # EEA outside the EU, and Switzerland
        "IS", "LI", "NO", "CH",
    }
)  # fmt: skip

#: Stored citizenship values for the bare words.
EU = "EU"
NON_EU = "NON-EU"

#: Common names that ISO 3166-1 (and so pycountry) does not give. Folded form → code.
_ALIASES: dict[str, str] = {
    "russia": "RU",
    "turkey": "TR",
    "turquie": "TR",
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "grande bretagne": "GB",
    "angleterre": "GB",
    "ecosse": "GB",
    "pays de galles": "GB",
    "ivory coast": "CI",
    "burma": "MM",
    "cape verde": "CV",
    "east timor": "TL",
    "swaziland": "SZ",
    "macedonia": "MK",
    "vatican": "VA",
    "vatican city": "VA",
    "holland": "NL",
    "hollande": "NL",
    "czech republic": "CZ",
    "republique tcheque": "CZ",
    "dr congo": "CD",
    "drc": "CD",
    "rdc": "CD",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
}

#: French display names where pycountry's translation is in the inverted list form.
_FR_DISPLAY: dict[str, str] = {"RU": "Russie"}

#: Two-letter inputs that look like codes but are not ISO 3166-1 alpha-2 (suggested only).
_NOT_CODES: dict[str, str] = {"EL": "GR"}


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to compare country names."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = re.sub(r"[^0-9a-z]+", " ", bare).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def _pycountry() -> Any:
    import pycountry

    return pycountry


@functools.cache
def _translation(lang: str) -> Any:
    import gettext

    pycountry = _pycountry()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:  # pragma: no cover - pycountry ships a catalogue for each dossier language
        return gettext.NullTranslations()


def _in(lang: str, text: str) -> str:
    """A pycountry (English) country name in ``lang``."""
    return _translation(lang).gettext(text) if text else text


def _fr(text: str) -> str:
    return _in("fr", text)


def _country(code: str) -> Any:
    return _pycountry().countries.get(alpha_2=code.upper())


def is_country_code(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and _country(code) is not None


def country_name(code: str, lang: str) -> str:
    """The usual name of a country in a dossier language: ``country_name("BR", "fr")`` is
    ``"Brésil"``. Raises ``KeyError`` for an unknown code, ``ValueError`` for a language."""
    from .i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    country = _country(code) if len(code) == 2 else None
    if country is None:
        raise KeyError(code)
    common = getattr(country, "common_name", None)
    if lang == "en":
        return common or country.name
    if lang == "fr" and country.alpha_2 in _FR_DISPLAY:
        return _FR_DISPLAY[country.alpha_2]
    return _in(lang, common) if common else _in(lang, country.name)


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[str, str]]:
    """Folded name → (alpha-2 code, name as written), English and French names."""
    index: dict[str, tuple[str, str]] = {}
    heads: dict[str, set[tuple[str, str]]] = {}

    def add(name: str | None, code: str) -> None:
        if not name:
            return
        key = fold(name)
        if key:
            index.setdefault(key, (code, name))
        if ", " in name:  # "Korea, Republic of" → "Republic of Korea", and "Korea" if unique
            head, tail = name.split(", ", 1)
            reordered = f"{tail} {head}"
            index.setdefault(fold(reordered), (code, reordered))
            heads.setdefault(fold(head), set()).add((code, head))

    countries = list(_pycountry().countries)
    for country in countries:  # English first: it wins a clash
        code = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            add(getattr(country, attr, None), code)
    for country in countries:
        code = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            english = getattr(country, attr, None)
            if english:
                add(_fr(english), code)
        if code in _FR_DISPLAY:
            add(_FR_DISPLAY[code], code)
    for key, entries in heads.items():
        codes = {code for code, _ in entries}
        if key and len(codes) == 1 and key not in index:
            index[key] = next(iter(entries))
    for key, code in _ALIASES.items():
        index.setdefault(key, (code, country_name(code, "en")))
    return index


def lookup_country(text: str) -> str | None:
    """The alpha-2 code for a code (any case) or an English/French name, else ``None``."""
    stripped = text.strip()
    if is_country_code(stripped):
        return stripped.upper()
    found = _name_index().get(fold(stripped))
    return found[0] if found else None


def suggest_country(text: str) -> tuple[str, str] | None:
    """A likely meant ``(name, code)`` for a mistyped country, or ``None``."""
    stripped = text.strip()
    if len(stripped) > 100:
        return None
    upper = stripped.upper()
    if upper in _NOT_CODES:
        code = _NOT_CODES[upper]
        return code, code
    if len(upper) == 3 and upper.isascii() and upper.isalpha():
        country = _pycountry().countries.get(alpha_3=upper)
        if country is not None:  # "BRA": the alpha-3 code; suggest the alpha-2 one
            return country.alpha_2, country.alpha_2
    key = fold(stripped)
    if len(key) < 3:
        return None
    index = _name_index()
    close = did_you_mean(key, index, cutoff=0.75)
    if close is None:
        return None
    code, name = index[close]
    return name, code


def resolve_citizenship(text: str) -> str:
    """``"br"``/``"Brésil"`` → ``"BR"``; ``"eu"`` → ``"EU"``; ``"Non-EU"`` → ``"NON-EU"``.

    Raises ``ValueError`` with a user-facing sentence (and a did-you-mean) otherwise.
    """
    stripped = text.strip()
    word = stripped.casefold()
    if word == "eu":
        return EU
    if word == "non-eu":
        return NON_EU
    code = lookup_country(stripped)
    if code is not None:
        return code
    allowed = (
        "must be an ISO 3166-1 country code such as 'BR', a country name in English or "
        "French, 'eu' or 'non-eu'"
    )
    if word.replace(" ", "").replace("_", "-") in {"noneu", "non-eu", "non-ue", "hors-ue"}:
        raise ValueError(f"{allowed} (did you mean 'non-eu'?)")
    if word in {"ue", "e.u.", "eee", "eea"}:
        raise ValueError(f"{allowed} (did you mean 'eu'?)")
    suggestion = suggest_country(stripped)
    if suggestion is None:
        raise ValueError(allowed)
    name, code = suggestion
    if name == code:
        raise ValueError(f"{allowed} (did you mean '{code}' ({country_name(code, 'en')})?)")
    raise ValueError(f"{allowed} (did you mean '{name}' ({code})?)")


def is_eu(citizenship: str) -> bool:
    """Whether a stored citizenship value (code, "EU" or "NON-EU") counts as EU/EEA/Swiss."""
    return citizenship == EU or citizenship in EU_EEA_CH_CODES
