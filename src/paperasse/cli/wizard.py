"""``paperasse init``: a few questions (or options) -> a validated profile file.

Every answer is checked by the same rules as a profile file (:mod:`paperasse.inputs.profile`),
one at a time, so that a typo is caught at once and asked again, with the did-you-mean the file
reader would give. Without a terminal, nothing is asked: every required answer must come as an
option.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from ..countries import is_eu
from ..errors import UsageError, UserError
from ..i18n import LANGUAGES
from ..inputs.profile import Profile, ProfileError, profile_from_mapping

#: The questions, in order: profile key -> (command-line option, prompt, required).
QUESTIONS: dict[str, tuple[str, str, bool]] = {
    "name": ("--name", "Your name, as on your passport", True),
    "citizenship": (
        "--citizenship",
        "Your citizenship (a country name or code, e.g. Brazil, Brésil, BR)",
        True,
    ),
    "status": ("--status", "Are you here as a worker or a student? (worker/student)", True),
    "language": ("--language", f"Language of your dossier ({'/'.join(LANGUAGES)})", False),
    "arrival_date": (
        "--arrival-date",
        "Date of arrival in France (YYYY-MM-DD; leave empty if not known yet)",
        False,
    ),
    "scholarship": (
        "--scholarship",
        "Do you hold a French government or CROUS scholarship (bourse)? (yes/no; empty: no)",
        False,
    ),
    "posted": (
        "--posted",
        "Has an employer abroad posted you to France, with form A1 or a certificate under a "
        "social security agreement? (yes/no; empty: no)",
        False,
    ),
    "talent": (
        "--talent",
        "Do you hold a passeport talent visa or residence permit? (yes/no; empty: no)",
        False,
    ),
    "partner": (
        "--partner",
        "Is a spouse or partner coming with you? (yes/no; empty: no)",
        False,
    ),
    "children": (
        "--children",
        "How many children are coming with you? (a number, or their ages such as 4, 9; "
        "empty: none)",
        False,
    ),
}
DEFAULTS: dict[str, str] = {
    "language": "en",
    "arrival_date": "",
    **dict.fromkeys(("scholarship", "posted", "talent", "partner", "children"), ""),
}


def _non_eu_student(answers: Mapping[str, object]) -> bool:
    return answers.get("status") == "student" and not is_eu(str(answers.get("citizenship")))


#: Questions asked only when they can change the dossier (the answers so far, normalised, ->
#: whether to ask): a scholarship decides housing aid for non-EU students only, posting and the
#: passeport talent concern workers (the passeport talent non-EU ones). Given as an option, an
#: answer is kept whatever the others.
ASKED_WHEN: dict[str, Callable[[Mapping[str, object]], bool]] = {
    "scholarship": _non_eu_student,
    "posted": lambda answers: answers.get("status") == "worker",
    "talent": lambda answers: (
        answers.get("status") == "worker" and not is_eu(str(answers.get("citizenship")))
    ),
}

#: Short answers a terminal user types for yes and no (the profile's own words are longer).
_SHORT_ANSWERS = {"y": "yes", "n": "no", "o": "oui"}

#: Values that make every other key valid, so that one answer can be checked on its own.
_VALID = {"name": "x", "citizenship": "FR", "status": "worker"}

HEADER = (
    "# A paperasse profile, written by `paperasse init`. Edit it freely; keys and values are\n"
    "# described in the README. Build your checklist with: paperasse build {file}\n"
)


def stdin_is_terminal() -> bool:
    """Whether questions can be asked (tests replace this to drive the questions)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def check_answer(key: str, value: str) -> object:
    """The normalised value of one answer (``"Brésil"`` -> ``"BR"``), or a :class:`UserError`
    whose message says what is allowed, with a did-you-mean."""
    data: dict[str, object] = {**_VALID, key: value}
    try:
        profile = profile_from_mapping(data, source="")
    except ProfileError as err:
        raise UserError(err.errors[0].message, key=key, value=value) from None
    return getattr(profile, key)


def profile_from_options(options: Mapping[str, str | None]) -> Profile:
    """A profile from command-line options only; a missing required option or a bad value is a
    :class:`UsageError` (exit code 2) naming the option."""
    for key, (option, _, required) in QUESTIONS.items():
        if required and not (options.get(key) or "").strip():
            raise UsageError(f"missing option {option} (without a terminal, nothing is asked)")
    data = {key: value for key, value in options.items() if value is not None and value != ""}
    try:
        return profile_from_mapping(data, source="")
    except ProfileError as err:
        first = err.errors[0]
        where = QUESTIONS[first.key][0] if first.key in QUESTIONS else first.key
        raise UsageError(first.message, key=where, value=first.value) from None


def ask(
    options: Mapping[str, str | None],
    prompt: Callable[..., str],
    say: Callable[[str], None],
    on_name: Callable[[str], None] = lambda name: None,
) -> Profile:
    """Ask for each answer not given as an option, again until it is valid. ``on_name`` is
    called with the name as soon as it is known (to refuse an existing file before the other
    questions)."""
    answers: dict[str, object] = {}
    values: dict[str, object] = {}  # the answers so far, normalised ("Brésil" -> "BR")
    for key, (_option, question, required) in QUESTIONS.items():
        given = options.get(key)
        if given is None and key in ASKED_WHEN and not ASKED_WHEN[key](values):
            continue
        while True:
            if given is None:
                given = prompt(
                    question,
                    default=DEFAULTS.get(key),
                    show_default=not required and bool(DEFAULTS.get(key)),
                )
            text = (given or "").strip()
            if key in ASKED_WHEN or key == "partner":
                text = _SHORT_ANSWERS.get(text.casefold(), text)
            if not text and not required:
                break
            try:
                value = check_answer(key, text) if text else None
            except UserError as err:
                say(f"  {err.message}")
                given = None
                continue
            if value is None:
                say("  an answer is needed")
                given = None
                continue
            answers[key] = text
            values[key] = value
            if key == "name":
                on_name(str(value))
            if key == "citizenship":
                from ..i18n import citizenship_label

                say(f"  -> {citizenship_label(str(value), 'en')}")
            break
    return profile_from_mapping(answers, source="")


def profile_yaml(profile: Profile, file_name: str) -> str:
    """The profile as a YAML file that :func:`paperasse.inputs.profile.read_profile` reads back
    equal."""
    import yaml

    data: dict[str, object] = {
        "name": profile.name,
        "citizenship": profile.citizenship,
        "status": profile.status,
        "language": profile.language,
    }
    if profile.arrival_date is not None:
        data["arrival_date"] = profile.arrival_date
    if profile.id is not None:
        data["id"] = profile.id
    for key in ("scholarship", "posted", "talent", "partner"):
        if getattr(profile, key) is not None:
            data[key] = getattr(profile, key)
    if isinstance(profile.children, tuple):
        data["children"] = list(profile.children)
    elif profile.children is not None:
        data["children"] = profile.children
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return HEADER.format(file=file_name) + body


def default_path(profile: Profile) -> Path:
    return Path(f"{profile.output_stem()}.yaml")


def check_target(path: Path, *, force: bool) -> None:
    """Refuse (a :class:`UsageError`) a profile file name that is not .yaml, a folder, or an
    existing file without ``force``: checked before any question is asked."""
    check_name(path)
    if path.exists() and not force:
        raise UsageError("file exists; use --force to overwrite it", file=path)


def check_name(path: Path) -> None:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            "the profile is written as YAML: name it .yaml", key="--output", value=str(path)
        )
    if path.is_dir():
        raise UsageError(
            "is a folder; give a file name such as me.yaml", key="--output", value=str(path)
        )


def write_profile_file(path: Path, text: str, *, force: bool) -> None:
    """Write the profile; an existing file is kept (a :class:`UsageError`) unless ``force``."""
    from ..build import write_atomic

    check_name(path)
    data = text.encode("utf-8")
    if force:
        write_atomic(path, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("xb") as handle:  # never overwrite, even in a race
            handle.write(data)
    except FileExistsError:
        raise UsageError("file exists; use --force to overwrite it", file=path) from None


def build_now(profile_file: Path, pack: str | None = None) -> tuple[Path, tuple[str, ...]]:
    """Build the dossier of a just-written profile, as `paperasse build FILE [--pack P]`
    would."""
    from ..build import Builder, write_atomic
    from ..inputs.profile import read_profile

    profile = read_profile(profile_file)
    builder = Builder(pack=pack)
    dossier = builder.dossier(profile)
    target = Path("dossiers") / f"{profile.output_stem()}.pdf"
    write_atomic(target, builder.render(dossier))
    return target, dossier.notices
