"""The condition parser: precedence, errors, and no eval."""

from __future__ import annotations

import pytest

from paperasse.conditions import (
    BoolOp,
    Condition,
    ConditionError,
    Not,
    Tag,
    all_of,
    parse,
)


def applies(text: str, *tags: str) -> bool:
    return parse(text).applies(set(tags))


def test_single_tag() -> None:
    cond = parse("eu")
    assert cond.expr == Tag("eu")
    assert applies("eu", "eu")
    assert not applies("eu", "non-eu")


def test_and_binds_tighter_than_or() -> None:
    cond = parse("eu or worker and student")
    assert cond.expr == BoolOp("or", (Tag("eu"), BoolOp("and", (Tag("worker"), Tag("student")))))
    assert applies("eu or worker and student", "eu")
    assert not applies("eu or worker and student", "worker")
    assert applies("eu or worker and student", "worker", "student")


def test_not_binds_tightest() -> None:
    assert parse("not eu and student").expr == BoolOp("and", (Not(Tag("eu")), Tag("student")))
    assert applies("not eu and student", "student")
    assert not applies("not eu and student", "eu", "student")
    assert applies("not not eu", "eu")


def test_parentheses_override_precedence() -> None:
    assert parse("(eu or worker) and student").expr == BoolOp(
        "and", (BoolOp("or", (Tag("eu"), Tag("worker"))), Tag("student"))
    )
    assert not applies("(eu or worker) and student", "eu")
    assert applies("(eu or worker) and student", "eu", "student")
    assert applies("not (eu or worker)", "student")
    assert not applies("not (eu or worker)", "worker")


def test_keywords_and_tags_are_case_insensitive() -> None:
    assert applies("NON-EU And Student", "non-eu", "student")


def test_source_is_kept_normalised() -> None:
    cond = parse("  non-eu   and\n student ")
    assert cond.source == "non-eu and student"
    assert str(cond) == "non-eu and student"
    assert cond.tags() == {"non-eu", "student"}


def test_str_round_trips() -> None:
    texts = ["eu or (worker and not student)", "not (eu or worker)", "eu and (worker or student)"]
    for text in texts:
        assert parse(str(parse(text))).expr == parse(text).expr


def test_unknown_tag_suggests_a_close_one() -> None:
    with pytest.raises(ConditionError, match=r"unknown tag 'studnet'; did you mean 'student'\?"):
        parse("studnet")


def test_unknown_tag_without_close_match_lists_known_tags() -> None:
    listed = (
        "known tags: child-3-16, child-over-16, child-under-3, children, eu, non-eu, partner, "
        "posted, scholarship, student, talent, worker)"
    )
    with pytest.raises(ConditionError) as info:
        parse("astronaut")
    assert str(info.value).endswith(listed)
    assert "did you mean" not in str(info.value)


def test_custom_known_tags() -> None:
    assert parse("pilot", frozenset({"pilot"})).applies({"pilot"})
    with pytest.raises(ConditionError):
        parse("eu", frozenset({"pilot"}))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "eu and",
        "and eu",
        "eu or or worker",
        "(eu",
        "eu)",
        "()",
        "eu worker",
        "not",
        "eu & worker",
        "eu || worker",
        "!eu",
        "eu = 1",
    ],
)
def test_bad_syntax_is_a_condition_error(text: str) -> None:
    with pytest.raises(ConditionError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hacked')",
        "eu or __import__('os')",
        "eval('1')",
        "eu; import os",
        "[x for x in ()]",
        "lambda: eu",
    ],
)
def test_python_is_never_evaluated(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec must never be called")

    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    with pytest.raises(ConditionError):
        parse(text)


def test_too_long_is_rejected() -> None:
    with pytest.raises(ConditionError, match="longer than 500"):
        parse(" or ".join(["eu"] * 200))


def test_deeply_nested_is_rejected_without_recursion_error() -> None:
    with pytest.raises(ConditionError, match="nested too deeply"):
        parse("(" * 30 + "eu" + ")" * 30)
    # within the length limit, many "not": parsed without a RecursionError
    assert applies("not " * 120 + "eu", "eu")


def test_moderate_nesting_is_fine() -> None:
    assert applies("(" * 10 + "eu" + ")" * 10, "eu")


def test_all_of() -> None:
    assert all_of([]) is None
    one = parse("eu")
    assert all_of([one]) is one
    both = all_of([parse("eu or worker"), parse("not student")])
    assert isinstance(both, Condition)
    assert both.applies({"worker"})
    assert not both.applies({"worker", "student"})
    assert both.source == "(eu or worker) and (not student)"


@pytest.mark.parametrize(
    "tag",
    [
        "scholarship",
        "posted",
        "talent",
        "partner",
        "children",
        "child-under-3",
        "child-3-16",
        "child-over-16",
    ],
)
def test_household_tags_are_known(tag: str) -> None:
    assert applies(f"non-eu and {tag}", "non-eu", tag)
    assert not applies(f"non-eu and {tag}", "non-eu")


def test_citizenship_condition_is_case_insensitive() -> None:
    cond = parse("non-eu and not citizenship:DZ")
    assert str(cond) == "non-eu and not citizenship:dz"
    assert cond.tags() == frozenset({"non-eu", "citizenship:dz"})
    assert not cond.applies({"non-eu", "student", "citizenship:dz"})
    assert cond.applies({"non-eu", "student", "citizenship:ma"})
    assert parse("citizenship:dz").applies({"citizenship:dz"})


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("citizenship:XX", None),
        ("citizenship:EL", "citizenship:gr"),  # the EU's code for Greece, not ISO 3166-1
        ("citizenship:DZA", "citizenship:dz"),  # alpha-3
        ("citizenship:Algeria", "citizenship:dz"),
        ("citizenship:", None),
        ("citizen:DZ", "citizenship:dz"),
    ],
)
def test_citizenship_needs_an_iso_code(text: str, hint: str | None) -> None:
    with pytest.raises(ConditionError) as info:
        parse(f"non-eu and {text}")
    message = str(info.value)
    assert "\n" not in message
    if hint is None:
        assert "did you mean" not in message
    else:
        assert f"did you mean '{hint}'?" in message


def test_other_prefixes_are_unknown_tags() -> None:
    with pytest.raises(ConditionError, match="unknown tag 'nationality:dz'"):
        parse("nationality:DZ")


def test_equivalent_conditions_hold_for_the_same_profiles() -> None:
    a = parse("non-eu and not citizenship:dz")
    assert a.equivalent(parse("not citizenship:DZ and non-eu"))
    assert not a.equivalent(parse("non-eu"))  # differs for an Algerian citizen
    assert not a.equivalent(None)
    assert parse("eu or not eu").equivalent(None)
    assert parse("children and child-3-16").equivalent(parse("child-3-16 and children"))
