"""Français : tous les mots que paperasse imprime dans un dossier ou une explication en français."""

from __future__ import annotations

from . import Language

LANGUAGE = Language(
    code="fr",
    labels={
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
        "other_language": "Ce guide n'existe pas en {wanted} ; il est imprimé en {used}.",
        "file_language": (
            "Le fichier du guide donné est en {used} : seuls les titres sont en {wanted}."
        ),
        "nothing": "Rien dans cette partie ne concerne votre profil.",
        "start_here": "Par où commencer",
        "do_first": "À faire d'abord",
        "timeline": "Calendrier",
        "period_before-arrival": "Avant ou à l'arrivée",
        "period_first-weeks": "Premières semaines",
        "period_first-3-months": "Dans les 3 mois",
        "period_later": "Plus tard (renouvellements)",
        "part_of_guide": "{part} ({guide})",
        "needed_for_one": "À présenter à l'étape",
        "needed_for_many": "À présenter aux étapes",
        "step_ref": "étape {n}",
        "steps_ref": "étapes {n}",
        "before_date": "avant le {date}",
        "overdue": "EN RETARD\u00a0: la date limite était le {date}",
        "overdue_short": "en retard",
        "first_deadline": "Première date limite\u00a0: {date}, étape {n}.",
        "no_dates": "Les délais comptent à partir de votre arrivée\u00a0: indiquez sa date dans "
        "le profil pour voir les dates.",
        "qr_at": "Code QR\u00a0: {place}",
        "qr_home": "code QR imprimé à l'{place}",
        "my_numbers": "Mes numéros",
        "my_numbers_hint": "Notez-les ici dès que vous les recevez\u00a0: les étapes suivantes les "
        "demandent.",
        "done_on": "Fait le",
        "done_field": "Étape {n}\u00a0: fait le",
        "review_copy": "Copie de relecture\u00a0: chaque élément indique les profils "
        "qu'il concerne.",
        "cover_title": "Dossiers des clients",
        "client": "Client",
        "first_due": "Première date limite",
        "page_of_pack": "Page",
        "none": "aucune",
        "sources_shown": "Avec leur code QR plus haut",
        "days": "jours",
        "day": "jour",
        "weeks": "semaines",
        "week": "semaine",
        "months": "mois",
        "month": "mois",
    },
    terminal={
        "from_guide": "guide : {guide}",
        "needed_for": "à fournir pour : {guides} (étapes {steps})",
        "for": "Pour {name} : {citizenship}, {status}.",
        "details": "Précisions : {details}.",
        "tags": "Les conditions du guide sont évaluées pour : {tags}.",
        "guide": "Guide : {source}",
        "steps": "Étapes qui s'appliquent ({n})",
        "documents": "Documents à réunir ({n})",
        "left_out": "Laissé de côté pour ce profil ({n})",
        "nothing_left_out": "Rien n'est laissé de côté : tout le guide s'applique.",
        "none": "(aucune)",
        "only_for": "seulement pour {who}",
        "deadline": "date limite : {text}",
        "line": "ligne {line}",
        "raw": " (dans le guide : when: {source})",
        "step": "étape",
        "document": "document",
        "paragraph": "paragraphe",
        "heading": "intertitre",
        "list": "liste",
        "table": "tableau",
        "provider": "organisme",
    },
    tags={
        "eu": "UE/EEE/Suisse",
        "non-eu": "hors UE",
        "worker": "salarié",
        "student": "étudiant",
        "scholarship": "boursier",
        "posted": "détaché",
        "talent": "passeport talent",
        "partner": "avec conjoint",
        "children": "avec enfants",
        "child-under-3": "un enfant de moins de 3 ans",
        "child-3-16": "un enfant de 3 à 16 ans",
        "child-over-16": "un enfant de plus de 16 ans",
    },
    not_tags={
        "scholarship": "non boursier",
        "posted": "non détaché",
        "talent": "sans passeport talent",
        "partner": "sans conjoint",
        "children": "sans enfants",
    },
    details={
        "label": "Précisions",
        "scholarship_yes": "boursier ou boursière",
        "scholarship_no": "pas de bourse",
        "posted_yes": "détaché par un employeur à l'étranger (formulaire A1)",
        "posted_no": "non détaché",
        "talent_yes": "passeport talent",
        "talent_no": "pas de passeport talent",
        "partner_yes": "avec conjoint ou partenaire",
        "partner_no": "sans conjoint",
        "children_none": "sans enfants",
        "children_one": "1 enfant",
        "children_count": "{n} enfants",
        "children_age": "1 enfant de {ages} ans",
        "children_ages": "{n} enfants de {ages} ans",
        "and": "et",
    },
    citizenship_tag="nationalité {country}",
    connectives={"and": "+", "or": "ou", "not": "sauf"},
    citizenship={
        "eu": "citoyen UE/EEE/Suisse",
        "non-eu": "hors UE",
        "eu_country": "{name} (UE/EEE/Suisse)",
        "non_eu_country": "{name} (hors UE)",
    },
    # paperasse serve: the web form's own words, and the profile model's messages said
    # for the page (web/i18n.py matches each English message to its key)
    web={
        "title": "Votre liste de démarches pour arriver en France",
        "intro": (
            "Répondez à quelques questions et obtenez une liste imprimable des démarches et des "
            "documents qui vous concernent, avec une case à cocher par étape et un QR code pour "
            "chaque lien officiel."
        ),
        "this_language": "Français",
        "language_nav": "Langue",
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
        "arrival_date_hint": (
            "Les délais sont alors imprimés comme des dates. Laissez vide si vous ne la connaissez "
            "pas."
        ),
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
        "batch_intro": (
            "Envoyez un fichier CSV ou .xlsx avec un client par ligne ; la première ligne nomme "
            "les colonnes : name, citizenship, status, language, arrival_date, id. Vous recevez un "
            "ZIP avec le PDF de chaque client, un PDF qui les réunit tous et un manifeste de ce "
            "qui a été fait ou non."
        ),
        "profiles": "Tableur (.csv ou .xlsx)",
        "profiles_hint": "Au plus {rows} lignes et {mb} Mo.",
        "batch_submit": "Préparer les listes",
        "batch_running": "Préparation des listes : {done} sur {total}.",
        "batch_waiting": "Cette page se met à jour toute seule toutes les quelques secondes.",
        "batch_done": "Terminé : {written} faites, {failed} en échec.",
        "batch_download": "Télécharger le ZIP ({size})",
        "batch_gone": (
            "Ces fichiers ont été téléchargés ou ont expiré, et ont été supprimés du serveur. "
            "Envoyez à nouveau le tableur pour les refaire."
        ),
        "batch_failed_rows": "Lignes qui n'ont pas pu être faites",
        "batch_again": "Envoyer un autre tableur",
        "batch_notices": "Remarques",
        "batch_error": "La préparation s'est arrêtée : {message}",
        "batch_keep": (
            "Les fichiers sont supprimés du serveur dès leur téléchargement, ou {minutes} minutes "
            "après leur préparation."
        ),
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
        "too_many_rows": (
            "Le tableur a {rows} lignes ; ce serveur en accepte au plus {limit} par envoi. "
            "Découpez-le en fichiers plus petits."
        ),
        "too_large": "La requête est trop grosse : au plus {limit} ici.",
        "busy": "Le serveur prépare d'autres listes. Réessayez dans {seconds} secondes.",
        "too_slow": (
            "La préparation de cette liste a pris plus de {seconds} secondes et a été arrêtée. "
            "Réessayez plus tard."
        ),
        "not_found": "Il n'y a pas de page à cette adresse.",
        "bad_request": (
            "Cette requête est illisible : ce n'est pas ce qu'envoient les formulaires de "
            "cette page."
        ),
        "group_packs": "Ensembles : plusieurs guides en une seule liste",
        "group_guides": "Guides",
        "pack_title": "{title} ({n} guides)",
        "bad_host": "Ce serveur ne répond qu'à l'adresse sur laquelle il a été lancé.",
        "bad_method": "Cette adresse n'accepte pas ce type de requête.",
        "unauthorised": (
            "Ce serveur demande un jeton d'accès. Ouvrez le lien avec le jeton qui vous a été "
            "donné (il finit par ?token=…)."
        ),
        "server_error": "Un problème est survenu sur le serveur ; la liste n'a pas été faite.",
        "home": "Retour au formulaire",
        "footer": (
            "Rien de ce que vous saisissez n'est conservé : vos réponses servent à faire votre "
            "liste, puis sont oubliées."
        ),
        "did_you_mean": " Vouliez-vous dire {hint} ?",
    },
    web_messages={
        "empty": "Ce champ est obligatoire.",
        "missing_key": "Ce champ est obligatoire.",
        "not_text": "Doit être du texte.",
        "too_long": "Trop long : {0} caractères, au plus {1}.",
        "control_characters": "Ne doit contenir ni retour à la ligne ni caractère de contrôle.",
        "hidden_characters": (
            "Ne doit contenir aucun caractère invisible ou qui change le sens de l'écriture "
            "({0}) : ils peuvent faire passer un nom pour un autre."
        ),
        "date_range": (
            "Ce n'est pas une vraie date d'arrivée (années {0} à {1}) : laissez vide si elle "
            "n'est pas connue."
        ),
        "status": "Choisissez salarié(e) ou étudiant(e).",
        "language": "Choisissez français ou anglais.",
        "date_with_time": "Doit être une date, comme 2026-11-02, sans heure.",
        "date_format": "Doit être une date écrite AAAA-MM-JJ, comme 2026-11-02.",
        "date_invalid": "Cette date n'existe pas (AAAA-MM-JJ, comme 2026-11-02).",
        "country": (
            "Pays inconnu : écrivez un nom de pays en français ou en anglais, ou son code à deux "
            "lettres comme BR."
        ),
        "unknown_key": "Champ inconnu.",
        "yes_no": "Répondez oui ou non.",
        "children": (
            "Indiquez combien d'enfants vous accompagnent (par exemple 2) ou leurs âges (par "
            "exemple 4, 9)."
        ),
        "children_negative": "Le nombre d'enfants ne peut pas être négatif.",
        "children_too_many": "Plus de {0} enfants : vérifiez ce nombre.",
        "children_ages": (
            "Les âges des enfants sont des nombres entiers de 0 à {0} (par exemple 4, 9)."
        ),
    },
    language_names={"en": "anglais", "fr": "français"},
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    date_format="{day} {month} {year}",
    day_names={1: "1er"},
)
