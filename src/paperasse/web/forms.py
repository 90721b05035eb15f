"""The one-person form: its fields (named as the profile keys), its guide choices, and the
check of a posted form through the same profile model the command line uses.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import i18n

#: Form fields that are not profile keys.
GUIDE, PACK, FORMAT, UI = "guide", "pack", "format", "ui"
FORMATS = ("pdf", "html")
RESERVED = (GUIDE, PACK, FORMAT, UI)
#: In the guide list, a pack's value is its key after this prefix (``pack:france-arrival``);
#: a ``pack`` field (for scripts) says the same.
PACK_PREFIX = "pack:"

#: How the fields this page knows are drawn; any other profile key is a text field.
_KINDS = {
    "name": "text",
    "citizenship": "country",
    "status": "radio",
    "language": "select",
    "arrival_date": "date",
    "children": "text",
}
#: Profile keys the page leaves out (``id`` names files: for agencies' spreadsheets).
_HIDDEN = ("id",)

_MAX_FIELD_CHARS = 1000


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # text, country, radio, select, date, checkbox
    required: bool
    choices: tuple[str, ...] = ()


@functools.cache
def fields() -> tuple[Field, ...]:
    """The profile's keys as form fields, in the model's order."""
    from ..inputs.profile import KNOWN_KEYS, REQUIRED_KEYS, Profile

    found = []
    for key in KNOWN_KEYS:
        if key in _HIDDEN:
            continue
        kind = _KINDS.get(key)
        if kind is None:
            info = Profile.model_fields.get(key)
            annotation = getattr(info, "annotation", None)
            kind = "checkbox" if annotation in (bool, bool | None) else "text"
        choices: tuple[str, ...] = ()
        if key == "status":
            choices = ("worker", "student")
        elif key == "language":
            choices = i18n.LANGUAGES
        found.append(Field(key, kind, key in REQUIRED_KEYS, choices))
    return tuple(found)


@dataclass
class Checked:
    """A posted form, checked: the profile, or the errors by field (and those of no field)."""

    values: dict[str, str]
    profile: Any = None
    guide: str | None = None
    fmt: str = "pdf"
    errors: dict[str, i18n.Message] = field(default_factory=dict)
    general: list[i18n.Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.errors and not self.general


def check(
    form: Mapping[str, str], lang: str, choices: tuple[str, ...], default_guide: str
) -> Checked:
    """Validate ``form`` with :func:`paperasse.profile.profile_from_mapping`; every message is
    said in ``lang`` and attached to its field."""
    from ..errors import UserError
    from ..inputs.profile import KNOWN_KEYS, ProfileError, profile_from_mapping

    words = i18n.words(lang)
    values = {key: str(value)[:_MAX_FIELD_CHARS] for key, value in form.items()}
    checked = Checked(values=values)
    pack = values.get(PACK, "").strip()
    checked.guide = PACK_PREFIX + pack if pack else (values.get(GUIDE) or default_guide)
    if checked.guide not in choices:  # a key from the list, never a path
        checked.errors[GUIDE] = i18n.Message(words["unknown_guide"], lang)
    checked.fmt = (values.get(FORMAT) or "pdf").lower()
    if checked.fmt not in FORMATS:
        checked.general.append(i18n.Message(words["bad_format"], lang))

    data: dict[str, object] = {}
    for key, value in values.items():
        if key in RESERVED:
            continue
        if key in KNOWN_KEYS and not value.strip():
            continue  # an empty field: not given (a required one is then reported missing)
        data[key] = value
    try:
        profile = profile_from_mapping(data, source="form")
    except ProfileError as err:
        for single in err.errors:
            _place(single, checked, lang, words)
        return checked
    except UserError as err:
        _place(err, checked, lang, words)
        return checked
    checked.profile = profile
    return checked


def _place(err: Any, checked: Checked, lang: str, words: Mapping[str, str]) -> None:
    """A field's error next to it; an unknown field's in the summary, with its name."""
    from ..inputs.profile import KNOWN_KEYS

    message = i18n.field_message(err.message, lang)
    key = err.key
    if key in KNOWN_KEYS and key not in _HIDDEN:
        checked.errors.setdefault(key, message)
    elif key is not None:
        checked.general.append(i18n.Message(f"{key}: {message.text}", message.lang))
    else:
        checked.general.append(message)


@functools.cache
def country_options(lang: str) -> tuple[tuple[str, str], ...]:
    """``(name, code)`` of every ISO 3166-1 country, named in ``lang``, sorted by name: the
    suggestions of the citizenship field."""
    import pycountry

    from ..countries import country_name, fold

    names = []
    for country in pycountry.countries:
        try:
            names.append((country_name(country.alpha_2, lang), country.alpha_2))
        except (KeyError, ValueError):
            continue
    return tuple(sorted(names, key=lambda pair: fold(pair[0])))
