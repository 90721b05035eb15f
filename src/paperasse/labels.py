"""Every word the dossier prints that does not come from the guide, in each dossier language."""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("en", "fr")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "checklist": "Personal checklist",
        "colon": ": ",
        "prepared_for": "Prepared for",
        "citizenship": "Citizenship",
        "status": "Status",
        "status_worker": "Worker (employee)",
        "status_student": "Student",
        "arrival": "Arrival in France",
        "arrival_unknown": "not given",
        "about": "About this procedure",
        "steps": "Steps, in order",
        "documents": "Documents to gather",
        "providers": "Who can help",
        "provider": "Provider",
        "website": "Website",
        "timelines": "Timelines",
        "cost": "Cost",
        "details": "Good to know",
        "sources": "Official sources",
        "deadline": "Deadline",
        "deadline_date": "before {date} ({duration} after arrival)",
        "deadline_duration": "within {duration} of arrival",
        "guide_date": "Guide dated {date}",
        "last_checked": "facts checked on {date}",
        "prepared_on": "Prepared on {date}",
        "qr_alt": "QR code: {text}",
        "step_field": "Step {n}",
        "document_field": "Document {n}",
        "source": "Source",
        "page": "Page {page} of {pages}",
        "scan": "Scan to open",
        "applies_to": "Only for",
        "generated_by": "Made with paperasse",
        "other_language": (
            "This guide has no {wanted} version; it is printed in {used}."
        ),
        "nothing": "Nothing in this part applies to your profile.",
        "days": "days", "day": "day", "weeks": "weeks", "week": "week",
        "months": "months", "month": "month",
    },
    "fr": {
        "checklist": "Liste de démarches personnalisée",
        "colon": "\u00a0: ",  # French typography: a (no-break) space before the colon
        "prepared_for": "Préparée pour",
        "citizenship": "Nationalité",
        "status": "Situation",
        "status_worker": "Salarié(e)",
        "status_student": "Étudiant(e)",
        "arrival": "Arrivée en France",
        "arrival_unknown": "non indiquée",
        "about": "De quoi s'agit-il ?",
        "steps": "Étapes, dans l'ordre",
        "documents": "Documents à réunir",
        "providers": "Qui peut vous aider",
        "provider": "Organisme",
        "website": "Site web",
        "timelines": "Délais",
        "cost": "Coût",
        "details": "Bon à savoir",
        "sources": "Sources officielles",
        "deadline": "Date limite",
        "deadline_date": "avant le {date} ({duration} après l'arrivée)",
        "deadline_duration": "dans les {duration} suivant l'arrivée",
        "guide_date": "Guide du {date}",
        "last_checked": "informations vérifiées le {date}",
        "prepared_on": "Préparée le {date}",
        "qr_alt": "Code QR : {text}",
        "step_field": "Étape {n}",
        "document_field": "Document {n}",
        "source": "Source",
        "page": "Page {page} sur {pages}",
        "scan": "Scannez pour ouvrir",
        "applies_to": "Seulement pour",
        "generated_by": "Réalisé avec paperasse",
        "other_language": (
            "Ce guide n'existe pas en {wanted} ; il est imprimé en {used}."
        ),
        "nothing": "Rien dans cette partie ne concerne votre profil.",
        "days": "jours", "day": "jour", "weeks": "semaines", "week": "semaine",
        "months": "mois", "month": "mois",
    },
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "French"},
    "fr": {"en": "anglais", "fr": "français"},
}

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}


def labels_for(lang: str) -> dict[str, str]:
    """The label set of a dossier language (English for any other language)."""
    return LABELS.get(lang, LABELS["en"])


def format_date(value: dt.date, lang: str) -> str:
    """``14 March 2027`` / ``14 mars 2027`` (``1er`` in French)."""
    months = _MONTHS.get(lang, _MONTHS["en"])
    day = "1er" if (lang == "fr" and value.day == 1) else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"


def language_name(code: str, in_lang: str) -> str:
    return LANGUAGE_NAMES.get(in_lang, LANGUAGE_NAMES["en"]).get(code, code)


TAG_WORDS: dict[str, dict[str, str]] = {
    "en": {"eu": "EU/EEA/Swiss", "non-eu": "non-EU", "worker": "worker", "student": "student"},
    "fr": {"eu": "UE/EEE/Suisse", "non-eu": "hors UE", "worker": "salarié", "student": "étudiant"},
}
_CONNECTIVES = {"en": {"and": "+", "or": "or", "not": "not"},
                "fr": {"and": "+", "or": "ou", "not": "sauf"}}


def describe_condition(condition: object, lang: str) -> str:
    """A condition in the reader's words: ``non-eu and student`` -> ``non-EU + student``."""
    from .conditions import BoolOp, Condition, Not, Tag

    words = TAG_WORDS.get(lang, TAG_WORDS["en"])
    glue = _CONNECTIVES.get(lang, _CONNECTIVES["en"])

    def walk(node: object, parent: str | None = None) -> str:
        if isinstance(node, Tag):
            return words.get(node.name, node.name)
        if isinstance(node, Not):
            return f"{glue['not']} {walk(node.operand, 'not')}"
        assert isinstance(node, BoolOp)
        text = f" {glue[node.op]} ".join(walk(o, node.op) for o in node.operands)
        return f"({text})" if parent is not None else text

    assert isinstance(condition, Condition)
    return walk(condition.expr)
