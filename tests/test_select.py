"""dossier.select: which parts of a guide a profile gets, deadlines as dates, what is left out.

In-process and fast: no PDF, no CLI (tests/test_e2e.py reads the same through real PDFs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import COMBINATIONS, dossier_of, guide_of, profile_of
from paperasse.dossier import add_deadline, select
from paperasse.guide import Deadline

#: The test guide's step and document keys each combination gets, in order.
STEPS = {
    "eu-worker": ["arrive", "employer", "number"],
    "eu-student": ["arrive", "campus", "number"],
    "non-eu-worker": ["arrive", "visa", "employer", "number"],
    "non-eu-student": ["arrive", "visa", "campus", "campus-visa", "number"],
}
DOCUMENTS = {
    "eu-worker": ["passport", "contract"],
    "eu-student": ["passport", "enrolment"],
    "non-eu-worker": ["passport", "permit", "contract"],
    "non-eu-student": ["passport", "permit", "enrolment"],
}


@pytest.mark.parametrize("stem", list(COMBINATIONS))
def test_steps_and_documents_follow_the_conditions_in_the_guides_order(stem: str) -> None:
    dossier = dossier_of(**COMBINATIONS[stem])
    assert [item.block.key for item in dossier.steps] == STEPS[stem]
    assert [item.block.key for item in dossier.documents] == DOCUMENTS[stem]
    assert all(item.kind == "step" for item in dossier.steps)


@pytest.mark.parametrize("stem", list(COMBINATIONS))
def test_conditional_paragraphs_and_what_is_left_out(stem: str) -> None:
    dossier = dossier_of(**COMBINATIONS[stem])
    eu, worker = stem.startswith("eu"), stem.endswith("worker")
    intro = " ".join(item.text for item in dossier.intro)
    details = " ".join(item.text for item in dossier.details)
    assert ("Students register through their university office" in intro) == (not worker)
    assert ("EU citizens need no residence permit" in details) == eu
    assert "Keep copies of everything." in details
    # every block left out is listed once, with the part it came from and its condition
    guide_keys = {b.key for b in (*dossier.guide.steps, *dossier.guide.documents)}
    kept = {i.block.key for i in (*dossier.steps, *dossier.documents)}
    left_out = {e.block.key for e in dossier.excluded if e.part in ("steps", "documents")}
    assert left_out == guide_keys - kept
    for excluded in dossier.excluded:
        assert excluded.block.condition is not None
        assert not excluded.block.condition.applies(dossier.profile.tags())
    parts = {e.part for e in dossier.excluded}
    assert ("intro" in parts) == worker and ("details" in parts) == (not eu)


def test_a_guide_without_conditions_is_kept_whole(tmp_path: Path) -> None:
    guide = guide_of(
        tmp_path,
        "---\ntitle: Plain\n---\n## Description\nAll about it.\n\n"
        "## Procedure\n1. First thing\n2. Second thing\n\n## Required Documents\n"
        "- A paper\n\n## Additional details\nNothing more.\n",
    )
    for values in COMBINATIONS.values():
        dossier = select(guide, profile_of(**values))
        assert [i.text for i in dossier.steps] == ["First thing", "Second thing"]
        assert [i.text for i in dossier.documents] == ["A paper"]
        assert [i.text for i in dossier.details] == ["Nothing more."]
        assert dossier.excluded == ()


def test_deadline_is_a_date_with_an_arrival_date_and_none_without() -> None:
    with_arrival = dossier_of(citizenship="BR", arrival_date="2026-12-14")
    visa = next(i for i in with_arrival.steps if i.block.key == "visa")
    assert visa.deadline == Deadline(3, "months")
    assert visa.due == dt.date(2027, 3, 14)
    assert all(i.due is None for i in with_arrival.steps if i.block.key != "visa")
    without = dossier_of(citizenship="BR")
    visa = next(i for i in without.steps if i.block.key == "visa")
    assert visa.deadline == Deadline(3, "months") and visa.due is None


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        (dt.date(2027, 1, 31), 1, "months", dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, "months", dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 3, "months", dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 14), 12, "months", dt.date(2027, 12, 14)),
        (dt.date(2026, 12, 28), 1, "weeks", dt.date(2027, 1, 4)),
        (dt.date(2026, 12, 31), 1, "days", dt.date(2027, 1, 1)),
    ],
)
def test_add_deadline_is_calendar_aware(
    start: dt.date, amount: int, unit: str, due: dt.date
) -> None:
    assert add_deadline(start, Deadline(amount, unit)) == due


def test_the_dossier_holds_no_words_only_data() -> None:
    dossier = dossier_of(citizenship="BR", arrival_date="2026-12-14", language="fr")
    assert dossier.lang == "fr"
    assert not hasattr(dossier, "labels")
    assert not any(hasattr(item, "deadline_text") for item in dossier.steps)


def test_notices_are_passed_through_unchanged() -> None:
    assert dossier_of(notices=("a notice",)).notices == ("a notice",)
    assert dossier_of().notices == ()


def test_providers_and_sources_left_out_with_the_parts_that_need_them(tmp_path: Path) -> None:
    guide = guide_of(
        tmp_path,
        """---
title: Sources
sources:
  - {title: Visa portal, url: "https://visa.example/"}
  - {title: Students, url: "https://students.example/"}
  - {title: General, url: "https://general.example/"}
---
## Procedure
1. <!-- when: non-eu --> Validate on the [visa portal](https://visa.example/).
2. Do the general thing.

## Required Documents
- Passport

## Providers that can do it for you
| Provider | Website | Timelines | Cost |
| --- | --- | --- | --- |
| <!-- when: student --> Student help | [Site](https://students.example/) | 1 week | Free |
| Anyone | [Site](https://anyone.example/) | 2 weeks | 10 EUR |
""",
    )
    eu_worker = select(guide, profile_of(citizenship="DE", status="worker"))
    assert [p.name for p in eu_worker.providers] == ["Anyone"]
    assert sorted((e.part, e.block.line) for e in eu_worker.excluded) == [
        ("providers", 18),
        ("steps", 9),
    ]
    # a source linked only from parts left out concerns other profiles; others stay
    assert [s.url for s in eu_worker.sources] == ["https://general.example/"]
    non_eu_student = select(guide, profile_of(citizenship="BR", status="student"))
    assert [s.url for s in non_eu_student.sources] == [
        "https://visa.example/",
        "https://students.example/",
        "https://general.example/",
    ]
    assert [link.url for link in non_eu_student.links()] == [
        "https://visa.example/",
        "https://students.example/",
        "https://anyone.example/",
    ]


def test_select_is_pure_same_inputs_same_dossier() -> None:
    first = dossier_of(citizenship="VN", status="student", arrival_date="2026-11-02")
    second = dossier_of(citizenship="VN", status="student", arrival_date="2026-11-02")
    assert first == second
