"""English: every word paperasse prints in an English dossier or explanation."""

from __future__ import annotations

from . import Language

LANGUAGE = Language(
    code="en",
    labels={
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
        "other_language": "This guide has no {wanted} version; it is printed in {used}.",
        "nothing": "Nothing in this part applies to your profile.",
        "days": "days",
        "day": "day",
        "weeks": "weeks",
        "week": "week",
        "months": "months",
        "month": "month",
    },
    terminal={
        "for": "For {name}: {citizenship}, {status}.",
        "tags": "Conditions in the guide are tested against: {tags}.",
        "guide": "Guide: {source}",
        "steps": "Steps that apply ({n})",
        "documents": "Documents to gather ({n})",
        "left_out": "Left out for this profile ({n})",
        "nothing_left_out": "Nothing is left out: every part of the guide applies.",
        "none": "(none)",
        "only_for": "only for {who}",
        "deadline": "deadline: {text}",
        "line": "line {line}",
        "raw": " (in the guide: when: {source})",
        "step": "step",
        "document": "document",
        "paragraph": "paragraph",
        "heading": "heading",
        "list": "list",
        "table": "table",
        "provider": "provider",
    },
    tags={
        "eu": "EU/EEA/Swiss",
        "non-eu": "non-EU",
        "worker": "worker",
        "student": "student",
        "scholarship": "scholarship holder",
        "posted": "posted worker",
        "talent": "passeport talent",
        "partner": "with a partner",
        "children": "with children",
        "child-under-3": "a child under 3",
        "child-3-16": "a child aged 3 to 16",
        "child-over-16": "a child over 16",
    },
    citizenship_tag="citizens of {country}",
    connectives={"and": "+", "or": "or", "not": "not"},
    citizenship={
        "eu": "EU/EEA/Swiss citizen",
        "non-eu": "Non-EU citizen",
        "eu_country": "{name} (EU/EEA/Switzerland)",
        "non_eu_country": "{name} (non-EU)",
    },
    # paperasse serve: the web form's own words, and the profile model's messages said
    # for the page (web/i18n.py matches each English message to its key)
    web={
        "title": "Your checklist for arriving in France",
        "intro": (
            "Answer a few questions and get a printable checklist of the steps and documents that "
            "apply to you, with a tick box per step and a QR code for every official link."
        ),
        "this_language": "English",
        "language_nav": "Language",
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
        "batch_intro": (
            "Upload a CSV or .xlsx file with one client a row; the first row names the columns: "
            "name, citizenship, status, language, arrival_date, id. You get a ZIP with every "
            "client's PDF, one PDF with all of them, and a manifest listing what was made and what "
            "failed."
        ),
        "profiles": "Spreadsheet (.csv or .xlsx)",
        "profiles_hint": "At most {rows} rows and {mb} MB.",
        "batch_submit": "Make the checklists",
        "batch_running": "Making the checklists: {done} of {total} done.",
        "batch_waiting": "This page refreshes by itself every few seconds.",
        "batch_done": "Done: {written} written, {failed} failed.",
        "batch_download": "Download the ZIP ({size})",
        "batch_gone": (
            "These files were downloaded or have expired, and were deleted from the server. Upload "
            "the spreadsheet again to make them again."
        ),
        "batch_failed_rows": "Rows that could not be made",
        "batch_again": "Upload another spreadsheet",
        "batch_notices": "Notes",
        "batch_error": "The batch stopped: {message}",
        "batch_keep": (
            "The files are deleted from the server once downloaded, or {minutes} minutes after "
            "they were made."
        ),
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
        "too_many_rows": (
            "The spreadsheet has {rows} rows; this server takes at most {limit} per upload. Split "
            "it into smaller files."
        ),
        "too_large": "The request is too large: at most {limit} here.",
        "busy": (
            "The server is busy making other checklists. Please try again in {seconds} seconds."
        ),
        "too_slow": (
            "Making this checklist took longer than {seconds} seconds, so it was stopped. Please "
            "try again later."
        ),
        "not_found": "There is no page at this address.",
        "bad_request": "This request could not be read: it is not what this page's forms send.",
        "bad_host": "This server answers only to the address it was started on.",
        "bad_method": "This address does not accept this kind of request.",
        "unauthorised": (
            "This server needs an access token. Open the link with the token you were given (it "
            "ends with ?token=…)."
        ),
        "server_error": "Something went wrong on the server; the checklist was not made.",
        "home": "Back to the form",
        "footer": (
            "Nothing you type is kept: your answers are used to make your checklist, then "
            "forgotten."
        ),
        "did_you_mean": " Did you mean {hint}?",
    },
    web_messages={
        "empty": "This field is required.",
        "missing_key": "This field is required.",
        "not_text": "Must be text.",
        "too_long": "Too long: {0} characters, at most {1}.",
        "control_characters": "Must not contain line breaks or control characters.",
        "status": "Choose worker or student.",
        "language": "Choose French or English.",
        "date_with_time": "Must be a date, such as 2026-11-02, without a time.",
        "date_format": "Must be a date written YYYY-MM-DD, such as 2026-11-02.",
        "date_invalid": "This date does not exist (YYYY-MM-DD, such as 2026-11-02).",
        "country": (
            "Unknown country: write a country name in English or French, or its two-letter code "
            "such as BR."
        ),
        "unknown_key": "Unknown field.",
        "yes_no": "Answer yes or no.",
        "children": (
            "Write how many children come with you (such as 2) or their ages (such as 4, 9)."
        ),
        "children_negative": "The number of children cannot be negative.",
        "children_too_many": "More than {0} children: check the number.",
        "children_ages": "The children's ages are whole numbers from 0 to {0} (such as 4, 9).",
    },
    language_names={"en": "English", "fr": "French"},
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_format="{day} {month} {year}",
)
