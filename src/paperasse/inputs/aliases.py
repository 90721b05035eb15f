"""The one table of the words spreadsheets use for profile keys and values, in French and
English, with their usual variants (README, "Spreadsheets: column names and values").

A word is compared in its folded form (:func:`fold_word`): accents, case, spaces, hyphens,
apostrophes and other punctuation do not matter, so ``Date d'arrivée``, ``date-d-arrivee`` and
``DATE D ARRIVÉE`` are one word (``date_d_arrivee``).

- :data:`COLUMN_ALIASES`: profile key -> the column names that mean it.
- :data:`VALUE_ALIASES`: profile key -> canonical value -> the words that mean it
  (``salarié`` -> ``worker``, ``anglais`` -> ``en``, ``oui`` -> ``yes``).
- :data:`AMBIGUOUS_COLUMNS`: column names that could be a profile key but could as well be
  something else (``Date``): an error naming the key to use, never a guess.

Profile files keep the keys and values as the README gives them (a French word there gets a
did-you-mean from :func:`value_hint`); spreadsheets, typed by people in their own words, are
translated with :func:`column_key` and :func:`canonical_value`.
"""

from __future__ import annotations

import re

from .stems import fold_ascii

#: The pseudo-key of a first-name column: joined before the name column's value.
GIVEN_NAME = "given_name"

#: profile key -> the column names that mean it (folded; the key itself is one of them).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "full_name", "client", "client_name", "nom", "nom_complet", "nom_prenom",
        "nom_et_prenom", "prenom_nom", "prenom_et_nom", "nom_du_client", "last_name",
        "surname", "family_name", "nom_de_famille",
    ),
    # Not a profile key: a first name, put before the name (``Prénom`` + ``Nom``).
    GIVEN_NAME: ("first_name", "given_name", "firstname", "prenom", "prenoms"),
    "citizenship": (
        "citizenship", "nationality", "nationalite", "pays_de_nationalite", "citoyennete",
    ),
    "status": ("status", "statut", "statut_professionnel", "situation_professionnelle"),
    "language": (
        "language", "dossier_language", "langue", "langue_du_dossier", "langue_du_client",
    ),
    "arrival_date": (
        "arrival_date", "arrival", "date_of_arrival", "arrival_in_france", "arrivee",
        "date_arrivee", "date_d_arrivee", "date_de_arrivee", "date_d_arrivee_en_france",
        "arrivee_en_france",
    ),
    "id": (
        "id", "client_id", "reference", "ref", "identifiant", "numero_client", "n_client",
        "no_client", "numero_de_dossier", "reference_client",
    ),
    "scholarship": ("scholarship", "bourse", "boursier", "boursiere", "bourse_crous"),
    "posted": (
        "posted", "posted_worker", "detache", "detachee", "salarie_detache",
        "travailleur_detache",
    ),
    "talent": ("talent", "talent_passport", "passeport_talent"),
    "partner": ("partner", "spouse", "conjoint", "conjointe", "partenaire"),
    "children": (
        "children", "number_of_children", "children_ages", "enfants", "nombre_d_enfants",
        "nb_enfants", "ages_des_enfants",
    ),
}  # fmt: skip

#: profile key -> canonical value -> the words that mean it (folded).
VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        "worker": (
            "worker", "workers", "employee", "employed", "salarie", "salariee", "salarie_e",
            "employe", "travailleur", "travailleuse", "travailleur_euse",
        ),
        "student": ("student", "students", "etudiant", "etudiante", "etudiant_e", "etudiants"),
    },
    "language": {
        "en": ("en", "english", "anglais", "eng", "ang"),
        "fr": ("fr", "french", "francais", "francaise", "fra", "fre"),
    },
    "yes_no": {
        "yes": ("yes", "y", "true", "oui", "o", "vrai"),
        "no": ("no", "n", "false", "non", "faux"),
    },
}  # fmt: skip

#: Column names that may mean a profile key but may as well not: folded name -> the key.
AMBIGUOUS_COLUMNS: dict[str, str] = {"date": "arrival_date", "langue_maternelle": "language"}

_SEPARATORS = re.compile(r"[^0-9a-z]+")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_word(text: object) -> str:
    """``"Date d'arrivée "`` -> ``"date_d_arrivee"``: accents, case and punctuation dropped."""
    raw = "" if text is None else str(text)
    spaced = _NOT_WORD.sub(" ", raw)  # first: fold_ascii would drop a typographic ’
    return _SEPARATORS.sub("_", fold_ascii(spaced).casefold()).strip("_")


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: key for key, aliases in table.items() for alias in aliases}


_COLUMNS = _index(COLUMN_ALIASES)
_VALUES = {key: _index(words) for key, words in VALUE_ALIASES.items()}


def column_key(name: object) -> str | None:
    """The profile key a column name means (``Nationalité`` -> ``citizenship``), or ``None``."""
    return _COLUMNS.get(fold_word(name))


def close_alias(folded: str) -> str | None:
    """The profile key a column name is probably a misspelling of one of its French or
    English names for (``nationalit`` -> ``citizenship``, ``date_d_arivee`` ->
    ``arrival_date``): ``difflib``'s ratio of at least 0.85, names of 6 letters or more."""
    from .files import did_you_mean

    names = [alias for alias in _COLUMNS if len(alias) >= 6]
    close = did_you_mean(folded, names, cutoff=0.85)
    return _COLUMNS[close] if close is not None else None


def canonical_value(key: str, value: str) -> str | None:
    """The canonical value a spreadsheet word means for ``key`` (``"Salariée"`` -> ``"worker"``,
    ``"Anglais"`` -> ``"en"``, ``"oui"`` -> ``"yes"`` for a yes/no key), or ``None``."""
    from .profile_values import YES_NO_KEYS

    table = _VALUES.get("yes_no" if key in YES_NO_KEYS else key)
    return None if table is None else table.get(fold_word(value))


def value_hint(key: str, value: str) -> str | None:
    """The value a word in a profile file probably means (a did-you-mean), or ``None``."""
    return canonical_value(key, value)


def is_date_like_column(folded: str) -> bool:
    """A column whose name speaks of a date or an arrival (``date_de_naissance``, ``arrived``):
    never ignored silently, since it may be the arrival date under another name."""
    words = folded.split("_")
    return any(word.startswith(("date", "arriv")) for word in words)
