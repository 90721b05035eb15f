"""The comment grammar (paperasse.guide.directives), on its own and through the reader/linter."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperasse.errors import UserError
from paperasse.guide import PHASES, read_guide
from paperasse.guide.directives import scan
from paperasse.guide.findings import Report, show
from paperasse.guide.lint import check_guide

GUIDE = """\
---
translationKey: testland-guide
title: "A guide"
date: 2026-11-28
last_checked: 2026-11-28
description: "What it does."
author: "paperasse"
---
## Procedure
1. <!-- key: arrive; phase: before-arrival --> Arrive.
2. <!-- key: visa; phase: first-3-months; after: arrive, cvec --> Validate the visa.
3. Send the form.

## Required Documents
- <!-- key: passport --> Passport.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "en" / "testland" / "guide.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read_error(tmp_path: Path, text: str) -> UserError:
    with pytest.raises(UserError) as info:
        read_guide(write(tmp_path, text))
    return info.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


# ---- scan -----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [*PHASES, "First-Weeks", " later "])
def test_every_phase_is_read(phase: str) -> None:
    comments = scan(f"1. <!-- phase: {phase} --> Step.")
    assert comments.problems == []
    assert comments.values["phase"] == {0: [phase.strip().lower()]}
    assert comments.text == "1. Step."


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("first-week", "first-weeks"),
        ("before arrival", "before-arrival"),
        ("first-3-month", "first-3-months"),
        ("latr", "later"),
    ],
)
def test_a_misspelt_phase_gets_a_did_you_mean(value: str, hint: str) -> None:
    (problem,) = scan(f"text\n1. <!-- phase: {value} --> Step.").problems
    assert problem.line == 1
    assert (problem.key, problem.value) == ("phase", value)
    assert f"did you mean {hint!r}?" in problem.message
    err = problem.error(Path("g.md"), offset=5)
    assert str(err) == (
        f"g.md:7: phase = {value!r}: bad phase: write before-arrival, "
        f"first-weeks, first-3-months or later; did you mean {hint!r}?"
    )


@pytest.mark.parametrize("value", ["soon", "", "3 months"])
def test_an_unknown_phase_lists_the_phases(value: str) -> None:
    (problem,) = scan(f"1. <!-- phase: {value} --> Step.").problems
    assert problem.message == (
        "bad phase: write before-arrival, first-weeks, first-3-months or later"
    )
    assert problem.bad is not None and problem.bad.name == "phase"


@pytest.mark.parametrize(
    ("value", "keys"),
    [
        ("cvec", ("cvec",)),
        ("cvec, enrolment", ("cvec", "enrolment")),
        ("a.b,c_d ,  e-f", ("a.b", "c_d", "e-f")),
    ],
)
def test_after_reads_a_list_of_keys(value: str, keys: tuple[str, ...]) -> None:
    comments = scan(f"1. <!-- after: {value} --> Step.")
    assert comments.problems == []
    assert comments.values["after"] == {0: [keys]}


@pytest.mark.parametrize("value", ["", "cvec,", "cvec,, enrolment", "two words", "-cvec", "é"])
def test_a_bad_after_is_an_error_naming_the_value(value: str) -> None:
    (problem,) = scan(f"1. <!-- after: {value} --> Step.").problems
    assert (problem.key, problem.value) == ("after", value)
    assert problem.message == (
        "bad after: list step keys separated by commas; in each, use "
        "letters, digits, '-', '_' or '.'"
    )


def test_scan_returns_every_problem_in_order() -> None:
    text = (
        "1. <!-- phase: soon --> A.\n"
        "2. <!-- deadline: 0 days; after: x y --> B.\n"
        "```\n<!-- phase: ignored in code -->\n```\n"
        "<!-- when: student -->\n"
    )
    problems = scan(text).problems
    assert [(p.line, p.key) for p in problems] == [
        (0, "phase"),
        (1, "deadline"),
        (1, "after"),
        (5, None),
    ]
    assert "never closed" in problems[-1].message


def test_a_misspelt_new_directive_name_is_an_error() -> None:
    (problem,) = scan("1. <!-- phsae: later --> A.").problems
    assert problem.message == "unknown directive 'phsae'; did you mean 'phase'?"
    (problem,) = scan("1. <!-- key: a; nope: b --> A.").problems
    assert problem.message == (
        "unknown directive 'nope: b' (known: when, deadline, key, phase, after)"
    )


# ---- through the reader ---------------------------------------------------------------------


def test_phase_and_after_are_stored_on_steps(tmp_path: Path) -> None:
    guide = read_guide(write(tmp_path, GUIDE))
    assert [s.phase for s in guide.steps] == ["before-arrival", "first-3-months", None]
    assert [s.after for s in guide.steps] == [(), ("arrive", "cvec"), ()]
    assert [s.text for s in guide.steps] == ["Arrive.", "Validate the visa.", "Send the form."]
    assert guide.documents[0].phase is None and guide.documents[0].after == ()


def test_a_bad_phase_names_file_line_and_value(tmp_path: Path) -> None:
    text = GUIDE.replace("phase: first-3-months", "phase: first-3-month")
    err = read_error(tmp_path, text)
    assert err.line == line_of(text, "Validate the visa.")
    assert str(err).endswith(
        "guide.md:11: phase = 'first-3-month': bad phase: write "
        "before-arrival, first-weeks, first-3-months or later; did you "
        "mean 'first-3-months'?"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "- <!-- key: passport -->",
            "- <!-- key: passport; phase: later -->",
            "a phase directive cannot go in a document",
        ),
        (
            "- <!-- key: passport -->",
            "- <!-- after: arrive -->",
            "an after directive cannot go in a document",
        ),
        (
            "3. Send the form.",
            "3. Send the form.\n\nA note. <!-- phase: later -->",
            "a phase directive cannot go in a paragraph",
        ),
        (
            "## Required Documents",
            "## Required Documents <!-- after: arrive -->",
            "an after directive must sit inside a step or document",
        ),
        (
            "2. <!-- key: visa;",
            "2. <!-- after: a; after: b; key: visa;",
            "two after directives in one step",
        ),
    ],
)
def test_phase_and_after_only_go_in_steps(tmp_path: Path, old: str, new: str, message: str) -> None:
    err = read_error(tmp_path, GUIDE.replace(old, new))
    assert err.message == message


# ---- through the linter ---------------------------------------------------------------------


def test_check_lists_every_bad_phase_and_after(tmp_path: Path) -> None:
    text = GUIDE.replace("phase: before-arrival", "phase: whenever").replace(
        "after: arrive, cvec", "after: arrive cvec"
    )
    path = write(tmp_path, text)
    report = Report()
    assert check_guide(path, report) is None
    errors = [f.message for f in report.sorted() if f.severity == "error"]
    assert errors == [
        "phase = 'whenever': write before-arrival, first-weeks, first-3-months or later",
        "after = 'arrive cvec': list step keys separated by commas; in each, use letters, "
        "digits, '-', '_' or '.'",
    ]


def test_check_does_not_ask_for_after_keys_in_the_same_guide(tmp_path: Path) -> None:
    report = Report()
    assert check_guide(write(tmp_path, GUIDE), report) is not None  # 'cvec' is not a step here
    assert report.ok
    assert not any("cvec" in f.message for f in report.findings)


def test_translations_must_agree_on_phase_and_after(tmp_path: Path) -> None:
    from paperasse.guide.translations import compare_translations

    en = write(tmp_path, GUIDE)
    fr = tmp_path / "fr" / "testland" / "guide.md"
    fr.parent.mkdir(parents=True)
    fr.write_text(
        GUIDE.replace(
            "phase: first-3-months; after: arrive, cvec", "phase: later; after: cvec"
        ).replace("phase: before-arrival", "phase: before-arrival; after: x"),
        encoding="utf-8",
    )
    report = Report()
    guides = [check_guide(en, report), check_guide(fr, report)]
    compare_translations([g for g in guides if g is not None], report)
    errors = [str(f).split(": error: ", 1)[1] for f in report.sorted() if f.severity == "error"]
    where = f"in the en version ({show(en)}"
    assert errors == [
        f"step 'arrive': after 'x' here, none {where}:10)",
        f"step 'visa': after 'cvec' here, 'arrive, cvec' {where}:11)",
        f"step 'visa': phase 'later' here, 'first-3-months' {where}:11)",
    ]
    # The same set of keys in another order is the same order constraint.
    fr.write_text(GUIDE.replace("after: arrive, cvec", "after: cvec, arrive"), encoding="utf-8")
    report = Report()
    guides = [check_guide(en, report), check_guide(fr, report)]
    compare_translations([g for g in guides if g is not None], report)
    assert report.ok


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- TODO; when: student -->",
        "<!-- check this; key: visa -->",
        "<!-- x ;  Phase: later -->",
    ],
)
def test_a_directive_after_an_ordinary_comment_is_a_check_warning(
    tmp_path: Path, comment: str
) -> None:
    text = GUIDE.replace("3. Send the form.", f"3. Send the form. {comment}")
    path = write(tmp_path, text)
    assert read_guide(path).steps[2].condition is None  # an ordinary comment, as before
    report = Report()
    check_guide(path, report)
    line = text.split("\n").index(f"3. Send the form. {comment}") + 1
    warnings = [f for f in report.findings if "not read for directives" in f.message]
    assert [(f.line, f.severity) for f in warnings] == [(line, "warning")]
    assert scan("<!-- TODO: later; note -->").warnings == []
