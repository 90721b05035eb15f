"""The web page's own words in English and French, the choice of language from the request, and
the profile model's error messages said in the page's language.

The profile model (:mod:`paperasse.profile`) is the one truth for what a valid profile is, and it
speaks English. :func:`field_message` turns each of its messages into the page's language by
pattern; a message no pattern knows is shown as it is, marked ``lang="en"`` by the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("en", "fr")
DEFAULT = "en"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your checklist for arriving in France",
        "intro": "Answer a few questions and get a printable checklist of the steps and "
        "documents that apply to you, with a tick box per step and a QR code for "
        "every official link.",
        "other_language": "Français",
        "required": "required",
        "colon": ": ",
        "optional": "optional",
        "name": "Your name",
        "name_hint": "As it is on your passport or ID card.",
        "citizenship": "Citizenship",
        "citizenship_hint": "A country in English or French, or its code: Brazil, Brésil, BR.",
        "status": "You come to France as",
        "status_worker": "a worker (employee)",
        "status_student": "a student",
        "language": "Language of the checklist",
        "arrival_date": "Date of arrival in France",
        "arrival_date_hint": "Deadlines are then printed as dates. Leave empty if not known.",
        "id": "Reference",
        "scholarship": "I hold a French government or CROUS scholarship",
        "posted": "I am posted to France by an employer abroad (form A1)",
        "talent": "I hold a “passeport talent” visa or permit",
        "partner": "A spouse or partner comes with me",
        "children": "Children coming with you",
        "children_hint": "How many, or their ages separated by commas: 2, or 4, 9.",
        "guide": "Guide",
        "more": "More about you",
        "pdf": "Download the PDF",
        "html": "Preview as a web page",
        "explain": "Why is each step there?",
        "errors_title": "Please correct the following:",
        "error_prefix": "Error:",
        "lang_en": "English",
        "lang_fr": "French",
        "batch_link": "Agencies: a checklist for every row of a spreadsheet",
        "form_link": "One person: fill in the form",
        "batch_title": "A checklist per client, from a spreadsheet",
        "batch_intro": "Upload a CSV or .xlsx file with one client a row; the first row names "
        "the columns: name, citizenship, status, language, arrival_date, id. "
        "You get a ZIP with every client's PDF, one PDF with all of them, and a "
        "manifest listing what was made and what failed.",
        "profiles": "Spreadsheet (.csv or .xlsx)",
        "profiles_hint": "At most {rows} rows and {mb} MB.",
        "batch_submit": "Make the checklists",
        "batch_running": "Making the checklists: {done} of {total} done.",
        "batch_waiting": "This page refreshes by itself every few seconds.",
        "batch_done": "Done: {written} written, {failed} failed.",
        "batch_download": "Download the ZIP ({size})",
        "batch_gone": "These files were downloaded or have expired, and were deleted from the "
        "server. Upload the spreadsheet again to make them again.",
        "batch_failed_rows": "Rows that could not be made",
        "batch_again": "Upload another spreadsheet",
        "batch_notices": "Notes",
        "batch_error": "The batch stopped: {message}",
        "batch_keep": "The files are deleted from the server once downloaded, or {minutes} "
        "minutes after they were made.",
        "explain_title": "Why each part of the checklist is there",
        "explain_for": "For {name}: {citizenship}, {status}.",
        "explain_steps": "Steps that apply ({n})",
        "explain_documents": "Documents to gather ({n})",
        "explain_left_out": "Left out for you ({n})",
        "explain_nothing_left_out": "Nothing is left out: every part of the guide applies.",
        "explain_everyone": "for everyone",
        "explain_only_for": "only for {who}",
        "explain_deadline": "deadline: {text}",
        "explain_in_guide": "in the guide, line {line}: when: {source}",
        "back": "Change your answers",
        "kind_step": "step",
        "kind_document": "document",
        "kind_paragraph": "paragraph",
        "kind_heading": "heading",
        "kind_list": "list",
        "kind_table": "table",
        "kind_provider": "provider",
        "missing": "This field is required.",
        "unknown_guide": "Choose one of the guides in the list.",
        "bad_format": "The format must be pdf or html.",
        "no_file": "Choose a .csv or .xlsx file.",
        "bad_file_type": "The file must be a .csv or .xlsx spreadsheet.",
        "too_many_rows": "The spreadsheet has {rows} rows; this server takes at most {limit} "
        "per upload. Split it into smaller files.",
        "too_large": "The request is too large: at most {limit} here.",
        "busy": "The server is busy making other checklists. Please try again in {seconds} "
        "seconds.",
        "too_slow": "Making this checklist took longer than {seconds} seconds, so it was "
        "stopped. Please try again later.",
        "not_found": "There is no page at this address.",
        "bad_host": "This server answers only to the address it was started on.",
        "bad_method": "This address does not accept this kind of request.",
        "unauthorised": "This server needs an access token. Open the link with the token you "
        "were given (it ends with ?token=…).",
        "server_error": "Something went wrong on the server; the checklist was not made.",
        "home": "Back to the form",
        "footer": "Nothing you type is kept: your answers are used to make your checklist, "
        "then forgotten.",
    },
    "fr": {
        "title": "Votre liste de démarches pour arriver en France",
        "intro": "Répondez à quelques questions et obtenez une liste imprimable des démarches "
        "et des documents qui vous concernent, avec une case à cocher par étape et un "
        "QR code pour chaque lien officiel.",
        "other_language": "English",
        "required": "obligatoire",
        "colon": "\u00a0: ",
        "optional": "facultatif",
        "name": "Votre nom",
        "name_hint": "Tel qu'il figure sur votre passeport ou votre carte d'identité.",
        "citizenship": "Nationalité",
        "citizenship_hint": "Un pays en français ou en anglais, ou son code : Brésil, Brazil, BR.",
        "status": "Vous venez en France comme",
        "status_worker": "salarié(e)",
        "status_student": "étudiant(e)",
        "language": "Langue de la liste",
        "arrival_date": "Date d'arrivée en France",
        "arrival_date_hint": "Les délais sont alors imprimés comme des dates. Laissez vide si "
        "vous ne la connaissez pas.",
        "id": "Référence",
        "scholarship": "Je suis boursier ou boursière du gouvernement français ou du CROUS",
        "posted": "Je suis détaché(e) en France par un employeur étranger (formulaire A1)",
        "talent": "J'ai un visa ou un titre « passeport talent »",
        "partner": "Mon conjoint ou ma conjointe vient avec moi",
        "children": "Enfants qui vous accompagnent",
        "children_hint": "Combien, ou leurs âges séparés par des virgules : 2, ou 4, 9.",
        "guide": "Guide",
        "more": "Votre situation",
        "pdf": "Télécharger le PDF",
        "html": "Voir comme page web",
        "explain": "Pourquoi chaque étape ?",
        "errors_title": "Veuillez corriger ce qui suit :",
        "error_prefix": "Erreur :",
        "lang_en": "anglais",
        "lang_fr": "français",
        "batch_link": "Agences : une liste par ligne d'un tableur",
        "form_link": "Une personne : remplir le formulaire",
        "batch_title": "Une liste par client, depuis un tableur",
        "batch_intro": "Envoyez un fichier CSV ou .xlsx avec un client par ligne ; la première "
        "ligne nomme les colonnes : name, citizenship, status, language, "
        "arrival_date, id. Vous recevez un ZIP avec le PDF de chaque client, un "
        "PDF qui les réunit tous et un manifeste de ce qui a été fait ou non.",
        "profiles": "Tableur (.csv ou .xlsx)",
        "profiles_hint": "Au plus {rows} lignes et {mb} Mo.",
        "batch_submit": "Préparer les listes",
        "batch_running": "Préparation des listes : {done} sur {total}.",
        "batch_waiting": "Cette page se met à jour toute seule toutes les quelques secondes.",
        "batch_done": "Terminé : {written} faites, {failed} en échec.",
        "batch_download": "Télécharger le ZIP ({size})",
        "batch_gone": "Ces fichiers ont été téléchargés ou ont expiré, et ont été supprimés du "
        "serveur. Envoyez à nouveau le tableur pour les refaire.",
        "batch_failed_rows": "Lignes qui n'ont pas pu être faites",
        "batch_again": "Envoyer un autre tableur",
        "batch_notices": "Remarques",
        "batch_error": "La préparation s'est arrêtée : {message}",
        "batch_keep": "Les fichiers sont supprimés du serveur dès leur téléchargement, ou "
        "{minutes} minutes après leur préparation.",
        "explain_title": "Pourquoi chaque partie de la liste est là",
        "explain_for": "Pour {name} : {citizenship}, {status}.",
        "explain_steps": "Étapes qui s'appliquent ({n})",
        "explain_documents": "Documents à réunir ({n})",
        "explain_left_out": "Laissé de côté pour vous ({n})",
        "explain_nothing_left_out": "Rien n'est laissé de côté : tout le guide s'applique.",
        "explain_everyone": "pour tout le monde",
        "explain_only_for": "seulement pour {who}",
        "explain_deadline": "date limite : {text}",
        "explain_in_guide": "dans le guide, ligne {line} : when: {source}",
        "back": "Modifier vos réponses",
        "kind_step": "étape",
        "kind_document": "document",
        "kind_paragraph": "paragraphe",
        "kind_heading": "intertitre",
        "kind_list": "liste",
        "kind_table": "tableau",
        "kind_provider": "organisme",
        "missing": "Ce champ est obligatoire.",
        "unknown_guide": "Choisissez l'un des guides de la liste.",
        "bad_format": "Le format doit être pdf ou html.",
        "no_file": "Choisissez un fichier .csv ou .xlsx.",
        "bad_file_type": "Le fichier doit être un tableur .csv ou .xlsx.",
        "too_many_rows": "Le tableur a {rows} lignes ; ce serveur en accepte au plus {limit} "
        "par envoi. Découpez-le en fichiers plus petits.",
        "too_large": "La requête est trop grosse : au plus {limit} ici.",
        "busy": "Le serveur prépare d'autres listes. Réessayez dans {seconds} secondes.",
        "too_slow": "La préparation de cette liste a pris plus de {seconds} secondes et a été "
        "arrêtée. Réessayez plus tard.",
        "not_found": "Il n'y a pas de page à cette adresse.",
        "bad_host": "Ce serveur ne répond qu'à l'adresse sur laquelle il a été lancé.",
        "bad_method": "Cette adresse n'accepte pas ce type de requête.",
        "unauthorised": "Ce serveur demande un jeton d'accès. Ouvrez le lien avec le jeton qui "
        "vous a été donné (il finit par ?token=…).",
        "server_error": "Un problème est survenu sur le serveur ; la liste n'a pas été faite.",
        "home": "Retour au formulaire",
        "footer": "Rien de ce que vous saisissez n'est conservé : vos réponses servent à faire "
        "votre liste, puis sont oubliées.",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS[DEFAULT])


_RANGE = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate(accept_language: str | None) -> str:
    """The page language for an ``Accept-Language`` header: the supported language with the
    highest weight (earlier wins a tie), else English. ``fr-CA,fr;q=0.9,en;q=0.8`` → ``fr``."""
    best: tuple[float, int, str] | None = None
    for index, part in enumerate((accept_language or "")[:500].split(",")[:30]):
        found = _RANGE.match(part)
        if not found:
            continue
        primary = found.group(1).lower()
        try:
            weight = float(found.group(2)) if found.group(2) is not None else 1.0
        except ValueError:
            continue
        if (
            primary in LANGUAGES
            and weight > 0
            and (best is None or (weight, -index) > (best[0], best[1]))
        ):
            best = (weight, -index, primary)
    return best[2] if best else DEFAULT


def pick(requested: str | None, accept_language: str | None) -> str:
    """``?lang=`` (or the form's ``ui`` field) when it names a language, else the header's."""
    if requested and requested.lower() in LANGUAGES:
        return requested.lower()
    return negotiate(accept_language)


# ----------------------------------------------------------------- the model's messages


@dataclass(frozen=True)
class Message:
    """A message for the page, and the language it is written in (the page's, or English when
    no translation is known)."""

    text: str
    lang: str


_DID_YOU_MEAN = re.compile(r" ?\(did you mean (.+?)\?\)")
_COUNTRY = (
    "must be an ISO 3166-1 country code such as 'BR', a country name in English or "
    "French, 'eu' or 'non-eu'"
)

#: (pattern of the English message without its did-you-mean, French, English for the page).
_PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^must not be empty$"), "Ce champ est obligatoire.", "This field is required."),
    (
        re.compile(r"^required key is missing\b.*$"),
        "Ce champ est obligatoire.",
        "This field is required.",
    ),
    (re.compile(r"^must be text, not .*$"), "Doit être du texte.", "Must be text."),
    (
        re.compile(r"^is too long: (\d+) characters, at most (\d+)$"),
        "Trop long : {0} caractères, au plus {1}.",
        "Too long: {0} characters, at most {1}.",
    ),
    (
        re.compile(r"^must not contain control characters or line breaks$"),
        "Ne doit contenir ni retour à la ligne ni caractère de contrôle.",
        "Must not contain line breaks or control characters.",
    ),
    (
        re.compile(r"^must be 'worker' or 'student'$"),
        "Choisissez salarié(e) ou étudiant(e).",
        "Choose worker or student.",
    ),
    (
        re.compile(r"^must be 'fr' or 'en'$"),
        "Choisissez français ou anglais.",
        "Choose French or English.",
    ),
    (
        re.compile(r"^must be a date such as 2026-11-02, without a time$"),
        "Doit être une date, comme 2026-11-02, sans heure.",
        "Must be a date, such as 2026-11-02, without a time.",
    ),
    (
        re.compile(r"^must be a date written YYYY-MM-DD, such as 2026-11-02$"),
        "Doit être une date écrite AAAA-MM-JJ, comme 2026-11-02.",
        "Must be a date written YYYY-MM-DD, such as 2026-11-02.",
    ),
    (
        re.compile(r"^is not a valid date \(YYYY-MM-DD, such as 2026-11-02\)$"),
        "Cette date n'existe pas (AAAA-MM-JJ, comme 2026-11-02).",
        "This date does not exist (YYYY-MM-DD, such as 2026-11-02).",
    ),
    (
        re.compile("^" + re.escape(_COUNTRY) + "$"),
        "Pays inconnu : écrivez un nom de pays en français ou en anglais, ou son code à deux "
        "lettres comme BR.",
        "Unknown country: write a country name in English or French, or its two-letter code "
        "such as BR.",
    ),
    (re.compile(r"^unknown key; known keys: .*$"), "Champ inconnu.", "Unknown field."),
    (re.compile(r"^must be yes or no\b.*$"), "Répondez oui ou non.", "Answer yes or no."),
    (
        re.compile(r"^must be how many children come along\b.*$"),
        "Indiquez combien d'enfants vous accompagnent (par exemple 2) ou leurs âges (par "
        "exemple 4, 9).",
        "Write how many children come with you (such as 2) or their ages (such as 4, 9).",
    ),
    (
        re.compile(r"^must be 0 or more \(how many children come along\)$"),
        "Le nombre d'enfants ne peut pas être négatif.",
        "The number of children cannot be negative.",
    ),
    (
        re.compile(r"^(?:is|lists) more than (\d+) children; check the (?:number|list)$"),
        "Plus de {0} enfants : vérifiez ce nombre.",
        "More than {0} children: check the number.",
    ),
    (
        re.compile(r"^must list the children's ages as whole numbers from 0 to (\d+)\b.*$"),
        "Les âges des enfants sont des nombres entiers de 0 à {0} (par exemple 4, 9).",
        "The children's ages are whole numbers from 0 to {0} (such as 4, 9).",
    ),
]


def field_message(message: str, lang: str) -> Message:
    """The profile model's ``message`` for a field, said for the page in ``lang``."""
    hints = _DID_YOU_MEAN.findall(message)
    bare = _DID_YOU_MEAN.sub("", message).strip()
    for pattern, french, english in _PATTERNS:
        found = pattern.match(bare)
        if found:
            text = (french if lang == "fr" else english).format(*found.groups())
            if hints:
                hint = hints[0]
                text += f" Vouliez-vous dire {hint} ?" if lang == "fr" else f" Did you mean {hint}?"
            return Message(text, lang)
    return Message(message, "en")
