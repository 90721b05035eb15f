"""``paperasse check``: the bundled guides pass; small broken guides prove each finding."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from paperasse.cli import app
from paperasse.guide import read_guide

runner = CliRunner()

FRONT = """\
---
translationKey: {key}
title: "A guide"
date: 2026-11-28
last_checked: 2026-11-28
description: "What it does."
author: "paperasse"
---
"""

BODY = """\
## Description
Some words. [Office](https://office.example.org)

## Procedure
1. <!-- key: arrive --> Arrive.
2. <!-- when: non-eu; key: visa; deadline: 3 months --> Validate the visa.
3. <!-- when: worker; key: form --> Send the form.

## Required Documents
- <!-- key: passport --> Passport.
- <!-- when: student; key: enrolment --> Certificate of enrolment.

## Providers that can do it for you
| Provider | Website | Timelines | Cost |
| --- | --- | --- | --- |
| Office | [office.example.org](https://office.example.org) | 1 week | Free |

## Additional details
Nothing more.
"""


def write_guide(root: Path, lang: str, text: str, name: str = "guide.md") -> Path:
    path = root / lang / "testland" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def guide_text(key: str = "testland-guide", body: str = BODY, front: str = FRONT) -> str:
    return front.format(key=key) + body


def run(*args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["check", *args])
    lines = result.stdout.splitlines()
    return result.exit_code, lines, result.stderr


def findings(lines: list[str], severity: str) -> list[str]:
    return [line for line in lines if re.match(rf"^.+:\d+: {severity}: ", line)]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


# ---- the bundled guides -------------------------------------------------------------------


def test_bundled_guides_pass() -> None:
    code, lines, _ = run()
    assert code == 0, "\n".join(lines)
    assert findings(lines, "error") == [] and findings(lines, "warning") == []
    # every bundled guide is checked, and every translationKey with several versions compared
    bundled = sorted((ROOT / "guides").glob("*/*/*.md"))
    versions = Counter(read_guide(path).translation_key for path in bundled)
    sets = sum(1 for count in versions.values() if count > 1)
    assert len(bundled) >= 2 and sets >= 1
    plural = "set" if sets == 1 else "sets"
    packs = len(list((ROOT / "guides" / "packs").glob("*.yaml")))  # each checked as one dossier
    assert packs >= 1
    pack_plural = "pack" if packs == 1 else "packs"
    assert lines[-1] == (
        f"checked {len(bundled)} guides, {sets} {plural} of translations, {packs} {pack_plural}: "
        "0 errors, 0 warnings"
    )


def test_bundled_guide_by_key_lists_its_parts() -> None:
    code, lines, _ = run("france-social_security_registration")
    assert code == 0
    notes = findings(lines, "note")
    assert len(notes) == 2
    en = next(n for n in notes if "social_security_registration.md" in n)
    assert (
        'parts: description "Description", procedure "Procedure" (24 steps), documents '
        '"Required Documents" (19 documents), providers "Providers that can do it for you" '
        '(0 providers), details "Additional details"'
    ) in en


def test_the_parts_note_counts_steps_documents_and_providers(tmp_path: Path) -> None:
    path = write_guide(tmp_path, "en", guide_text())
    code, lines, _ = run(str(path))
    assert code == 0
    assert (
        'parts: description "Description", procedure "Procedure" (3 steps), documents '
        '"Required Documents" (2 documents), providers "Providers that can do it for you" '
        '(1 provider), details "Additional details"'
    ) in findings(lines, "note")[0]


def test_a_clean_guide_is_clean(tmp_path: Path) -> None:
    path = write_guide(tmp_path, "en", guide_text())
    code, lines, _ = run(str(path))
    assert code == 0
    assert findings(lines, "error") == [] and findings(lines, "warning") == []
    assert lines[-1] == "checked 1 guide: 0 errors, 0 warnings"


# ---- translations ---------------------------------------------------------------------------


def test_step_missing_from_the_english_version(tmp_path: Path) -> None:
    fr = write_guide(tmp_path, "fr", guide_text())
    en = write_guide(
        tmp_path,
        "en",
        guide_text(
            body=BODY.replace(
                "2. <!-- when: non-eu; key: visa; deadline: 3 months --> Validate the visa.\n"
                "3. <!-- when: worker; key: form -->",
                "2. <!-- when: worker; key: form -->",
            )
        ),
    )
    code, lines, _ = run(str(tmp_path))
    assert code == 1
    errors = findings(lines, "error")
    fr_line = line_of(fr, "key: visa")
    assert errors == [
        f"{_shown(en)}:{line_of(en, 'key: arrive')}: error: step 'visa' of the fr version "
        f"({_shown(fr)}:{fr_line}) is missing from this en version"
    ]
    assert lines[-1] == "checked 2 guides, 1 set of translations: 1 error, 0 warnings"


def test_document_missing_and_only_among_the_files_given(tmp_path: Path) -> None:
    fr = write_guide(tmp_path, "fr", guide_text())
    en = write_guide(
        tmp_path,
        "en",
        guide_text(
            body=BODY.replace(
                "- <!-- when: student; key: enrolment --> Certificate of enrolment.\n", ""
            )
        ),
    )
    code, lines, _ = run(str(en), str(fr))
    assert code == 1
    assert [e.split(": ", 1)[1] for e in findings(lines, "error")] == [
        f"error: document 'enrolment' of the fr version ({_shown(fr)}:"
        f"{line_of(fr, 'key: enrolment')}) is missing from this en version"
    ]
    # Alone, the English file has nothing to be compared with.
    code, lines, _ = run(str(en))
    assert code == 0


def test_conditions_and_deadlines_must_match(tmp_path: Path) -> None:
    """Compared with the first version met (files in the order given; a folder's sorted)."""
    en = write_guide(
        tmp_path,
        "en",
        guide_text(body=BODY.replace("when: worker; key: form", "when: worker and eu; key: form")),
    )
    fr = write_guide(
        tmp_path,
        "fr",
        guide_text(
            body=BODY.replace("deadline: 3 months", "deadline: 2 months").replace(
                "when: worker; key: form", "when: eu and worker; key: form"
            )
        ),
    )
    code, lines, _ = run(str(tmp_path))
    assert code == 1
    assert findings(lines, "error") == [  # 'worker and eu' = 'eu and worker': not reported
        f"{_shown(fr)}:{line_of(fr, 'key: visa')}: error: step 'visa': deadline '2 months' "
        f"here, '3 months' in the en version ({_shown(en)}:{line_of(en, 'key: visa')})"
    ]

    write_guide(
        tmp_path,
        "fr",
        guide_text(
            body=BODY.replace(
                "when: student; key: enrolment", "when: non-eu and student; key: enrolment"
            ).replace("when: worker; key: form", "when: eu and worker; key: form")
        ),
    )
    code, lines, _ = run(str(en), str(fr))
    assert code == 1
    assert findings(lines, "error") == [
        f"{_shown(fr)}:{line_of(fr, 'key: enrolment')}: error: document 'enrolment': condition "
        f"'non-eu and student' here, 'student' in the en version "
        f"({_shown(en)}:{line_of(en, 'key: enrolment')})"
    ]


def test_order_differs_is_a_warning(tmp_path: Path) -> None:
    en = write_guide(tmp_path, "en", guide_text())
    fr = write_guide(
        tmp_path,
        "fr",
        guide_text(
            body=BODY.replace(
                "2. <!-- when: non-eu; key: visa; deadline: 3 months --> Validate the visa.\n"
                "3. <!-- when: worker; key: form --> Send the form.",
                "2. <!-- when: worker; key: form --> Send the form.\n"
                "3. <!-- when: non-eu; key: visa; deadline: 3 months --> Validate the visa.",
            )
        ),
    )
    code, lines, _ = run(str(tmp_path))
    assert code == 0  # warnings alone
    assert findings(lines, "warning") == [
        f"{_shown(fr)}:{line_of(fr, 'key: form')}: warning: steps are not in the same order as "
        f"in the en version ({_shown(en)})"
    ]


# ---- conditions, links, front matter, parts -----------------------------------------------


def test_every_unknown_tag_with_its_line(tmp_path: Path) -> None:
    body = BODY.replace("when: non-eu; key: visa", "when: non-ue; key: visa").replace(
        "when: student; key: enrolment", "when: studnet or (eu and retired); key: enrolment"
    )
    path = write_guide(tmp_path, "en", guide_text(body=body))
    code, lines, _ = run(str(path))
    assert code == 1
    errors = findings(lines, "error")
    assert len(errors) == 2, errors  # all of them, not only the first
    assert errors[0].startswith(
        f"{_shown(path)}:{line_of(path, 'non-ue')}: error: when = 'non-ue': "
    )
    assert "unknown tag 'non-ue'" in errors[0] and "'non-eu'" in errors[0]
    assert errors[1].startswith(f"{_shown(path)}:{line_of(path, 'studnet')}: error: ")
    assert "'studnet'" in errors[1]


def test_unknown_tag_in_a_region_on_a_later_line_of_a_comment(tmp_path: Path) -> None:
    body = BODY.replace("Nothing more.\n", "<!--\n  when: wroker\n-->\n\nMore.\n\n<!-- end -->\n")
    path = write_guide(tmp_path, "en", guide_text(body=body))
    code, lines, _ = run(str(path))
    assert code == 1
    (error,) = findings(lines, "error")
    assert error.startswith(
        f"{_shown(path)}:{line_of(path, 'when: wroker')}: error: when = 'wroker': "
    )


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://exa mple.org/x", "contains a space"),
        ("https//example.org", "misspelt scheme"),
        ("htps://example.org", "misspelt scheme"),
        ("https://", "no valid host"),
        ("http:/example.org", "malformed"),
        ("https://localhost_/", "no valid host"),
        ("www.example.org", "no scheme: write https://www.example.org"),
    ],
)
def test_malformed_link(tmp_path: Path, link: str, problem: str) -> None:
    body = BODY.replace(
        "3. <!-- when: worker; key: form --> Send the form.",
        f"3. <!-- when: worker; key: form --> Send the [form]({link}).",
    )
    path = write_guide(tmp_path, "en", guide_text(body=body))
    code, lines, _ = run(str(path))
    assert code == 1
    (error,) = findings(lines, "error")
    assert error.startswith(
        f"{_shown(path)}:{line_of(path, 'key: form')}: error: link {link!r}: {problem}"
    )


def test_relative_link_is_a_warning(tmp_path: Path) -> None:
    path = write_guide(
        tmp_path,
        "en",
        guide_text(body=BODY.replace("Nothing more.", "See [the other guide](/guides/other/).")),
    )
    code, lines, _ = run(str(path))
    assert code == 0
    (warning,) = findings(lines, "warning")
    assert warning.startswith(
        f"{_shown(path)}:{line_of(path, 'the other guide')}: warning: "
        "link '/guides/other/': not an http(s) link"
    )


def test_missing_and_malformed_front_matter_fields(tmp_path: Path) -> None:
    front = (
        FRONT.replace('author: "paperasse"\n', "")
        .replace("date: 2026-11-28\n", "date: 28/11/2026\n")
        .replace("last_checked: 2026-11-28\n", "")
    )
    path = write_guide(tmp_path, "en", guide_text(front=front))
    code, lines, _ = run(str(path))
    assert code == 1
    shown = _shown(path)
    assert findings(lines, "error") == [
        f"{shown}:1: error: front matter: missing 'author'",
        f"{shown}:{line_of(path, 'date: 28/11/2026')}: error: front matter: date = '28/11/2026': "
        "not a date; write it as YYYY-MM-DD",
    ]
    assert findings(lines, "warning") == [
        f"{shown}:1: warning: front matter: no 'last_checked' (the date the facts were last "
        "checked)"
    ]


def test_no_front_matter(tmp_path: Path) -> None:
    path = write_guide(tmp_path, "en", BODY)
    code, lines, _ = run(str(path))
    assert code == 1
    assert findings(lines, "error") == [
        f"{_shown(path)}:1: error: no front matter (a '---' block with translationKey, title, "
        "date, description, author)"
    ]


def test_missing_documents_part(tmp_path: Path) -> None:
    body = BODY.replace(
        "## Required Documents\n- <!-- key: passport --> Passport.\n"
        "- <!-- when: student; key: enrolment --> Certificate of enrolment.\n\n",
        "",
    )
    path = write_guide(tmp_path, "en", guide_text(body=body))
    code, lines, _ = run(str(path))
    assert code == 1
    (error,) = findings(lines, "error")
    assert error.endswith("error: no documents part (a bulleted list after the steps)")


def test_missing_procedure_part(tmp_path: Path) -> None:
    path = write_guide(tmp_path, "en", guide_text(body="## Description\nWords.\n"))
    code, lines, _ = run(str(path))
    assert code == 1
    (error,) = findings(lines, "error")
    assert error == f"{_shown(path)}:1: error: no procedure (numbered list of steps) found"


def test_steps_without_keys_and_duplicate_keys(tmp_path: Path) -> None:
    body = BODY.replace("1. <!-- key: arrive --> Arrive.", "1. Arrive.").replace(
        "key: form", "key: visa"
    )
    path = write_guide(tmp_path, "en", guide_text(body=body))
    code, lines, _ = run(str(path))
    assert code == 1
    assert findings(lines, "error") == [
        f"{_shown(path)}:{line_of(path, 'Send the form')}: error: step key 'visa' already used "
        f"on line {line_of(path, 'Validate the visa')}"
    ]
    assert findings(lines, "warning") == [
        f"{_shown(path)}:{line_of(path, '1. Arrive.')}: warning: step without a key: add "
        "<!-- key: ... --> so that translations can be compared"
    ]


# ---- command line ---------------------------------------------------------------------------


def test_usage_errors(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.md"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run("france-social_security_registraton")
    assert code == 2
    assert "did you mean 'france-social_security_registration'?" in err
    code, _, err = run(str(tmp_path))
    assert code == 2 and "holds no guides" in err


def test_quiet_hides_notes(tmp_path: Path) -> None:
    path = write_guide(tmp_path, "en", guide_text())
    _, lines, _ = run(str(path))
    assert findings(lines, "note")
    _, lines, _ = run("--quiet", str(path))
    assert not findings(lines, "note")


def _shown(path: Path) -> str:
    import os

    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path)
