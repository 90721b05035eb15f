"""select(guides, profile) -> Dossier: exactly what the person will see, with no I/O.

Everything after this (terminal explanation, JSON, HTML, PDF) is presentation of the same Dossier.
The Dossier holds no printed words of its own: deadlines are dates (and durations), put into
words by :mod:`paperasse.i18n` when the dossier is presented.

A dossier is made of one guide or of a pack of guides (:mod:`paperasse.guide.pack`); a single
guide is a pack of one. For a pack:

- each guide keeps its own :class:`Section` (its description, notes, providers, details);
- :attr:`Dossier.steps` is one timeline of every shown step, numbered continuously in the
  person's order (:func:`timeline`); a step whose ``key`` an earlier guide showed is shown once;
- :attr:`Dossier.documents` is one list: each document once, matched across guides by ``key``
  (it applies if any guide's condition applies; its text comes from the first such guide).
"""

from __future__ import annotations

from .model import Dossier, Excluded, Item, Section
from .select import select, select_pack
from .timeline import add_deadline, deadline_days, timeline

__all__ = [
    "Dossier",
    "Excluded",
    "Item",
    "Section",
    "add_deadline",
    "deadline_days",
    "select",
    "select_pack",
    "timeline",
]
