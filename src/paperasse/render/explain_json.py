"""``paperasse explain --json``: what ``explain`` shows, as data for agencies' own tools.

The profile's tags; each step (timeline number, key, guide, phase, deadline as a duration and as
a date) and each document (once for a whole pack, with the guides and steps it is needed for),
with why it applies; and every part left out, with the condition that left it out. Conditions
are given as written in the guide (``source``) and in the profile's words (``who``).
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..dossier import Dossier, Excluded, Item
from ..guide import Block, Provider
from ..i18n import describe_condition

#: Changes when a field changes meaning or goes away (new fields may be added without it).
SCHEMA_VERSION = 1


def _why(block: Block | Provider, lang: str, applies: bool) -> dict[str, Any]:
    """Why a part applies (or not): its condition, as written and in words; none: everyone."""
    condition = block.condition
    if condition is None:
        return {"applies": applies, "condition": None, "who": None}
    return {
        "applies": applies,
        "condition": condition.source,
        "who": describe_condition(condition, lang),
    }


def _deadline(item: Item) -> dict[str, Any] | None:
    if item.deadline is None:
        return None
    return {
        "amount": item.deadline.amount,
        "unit": item.deadline.unit,
        "date": item.due.isoformat() if item.due else None,
    }


def _step(item: Item, lang: str) -> dict[str, Any]:
    return {
        "number": item.number,
        "key": item.key,
        "guide": item.guide,
        "phase": item.phase,
        "after": list(item.block.after),
        "text": item.text,
        "deadline": _deadline(item),
        "due": item.due.isoformat() if item.due else None,
        "links": [link.url for link in item.links],
        "line": item.block.line,
        **_why(item.block, lang, True),
    }


def _document(item: Item, lang: str) -> dict[str, Any]:
    return {
        "key": item.key,
        "guide": item.guide,
        "guides": list(item.guides),
        "needed_for": list(item.needed_for),
        "text": item.text,
        "links": [link.url for link in item.links],
        "line": item.block.line,
        **_why(item.block, lang, True),
    }


def _left_out(excluded: Excluded, lang: str) -> dict[str, Any]:
    block = excluded.block
    if isinstance(block, Provider):
        kind, text, key = "provider", block.name, None
    else:
        kind, text, key = block.kind, block.text, block.key
    return {
        "part": excluded.part,
        "kind": kind,
        "key": key,
        "guide": excluded.guide,
        "text": text,
        "line": block.line,
        **_why(block, lang, False),
    }


def explanation_data(dossier: Dossier) -> dict[str, Any]:
    """The dossier's explanation as JSON-ready data (see the module's description)."""
    lang = dossier.lang
    profile = dossier.profile
    pack = dossier.pack
    return {
        "paperasse": __version__,
        "schema": SCHEMA_VERSION,
        "lang": lang,
        "title": dossier.title,
        "pack": None if pack is None else {"key": pack.key, "title": pack.title(lang)},
        "profile": {
            "id": profile.id,
            "name": profile.name,
            "citizenship": profile.citizenship,
            "status": profile.status,
            "language": profile.language,
            "arrival_date": profile.arrival_date.isoformat() if profile.arrival_date else None,
            "tags": sorted(profile.tags()),
        },
        "guides": [
            {
                "key": section.key,
                "title": section.title,
                "lang": section.guide.lang,
                "path": str(section.guide.path),
                "date": section.guide.date.isoformat() if section.guide.date else None,
                "last_checked": (
                    section.guide.last_checked.isoformat() if section.guide.last_checked else None
                ),
                "steps": list(section.step_numbers()),
            }
            for section in dossier.sections
        ],
        "notices": list(dossier.notices),
        "steps": [_step(item, lang) for item in dossier.steps],
        "documents": [_document(item, lang) for item in dossier.documents],
        "left_out": [_left_out(excluded, lang) for excluded in dossier.excluded],
    }


def explanation_json(dossier: Dossier) -> str:
    """:func:`explanation_data` as indented JSON text (UTF-8 as is, not escaped)."""
    return json.dumps(explanation_data(dossier), indent=2, ensure_ascii=False) + "\n"
