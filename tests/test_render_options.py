"""RenderOptions: one frozen object from the command line to the template, whose fields are the
incremental re-run's fingerprint (a new option can never leave stale dossiers "unchanged")."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from paperasse.errors import EXIT_USAGE, UsageError
from paperasse.render.options import RenderOptions

#: A value different from the default, per field. A field added to RenderOptions without a line
#: here fails test_every_field_is_in_the_fingerprint: say how it changes the dossier.
OTHER_VALUES: dict[str, object] = {
    "fmt": "html",
    "fillable": True,
    "date": dt.date(2026, 12, 1),
    "review": True,
}


class FakeBrand:
    """Anything with a digest() can be an option's value (as paperasse.inputs.brand.Brand is)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def digest(self) -> str:
        return f"digest of {self.text}"


def test_every_field_is_in_the_fingerprint() -> None:
    base = RenderOptions()
    names = [f.name for f in dataclasses.fields(RenderOptions)]
    assert set(base.fingerprint()) == set(names)
    others = {**OTHER_VALUES, "brand": FakeBrand("agency")}
    assert set(others) == set(names), "a new render option needs a value in OTHER_VALUES"
    for name in names:
        changed = dataclasses.replace(base, **{name: others[name]})
        assert changed.fingerprint() != base.fingerprint(), name


def test_brand_is_fingerprinted_by_its_digest() -> None:
    one = RenderOptions(brand=FakeBrand("one"))  # type: ignore[arg-type]
    assert one.fingerprint()["brand"] == "digest of one"
    assert RenderOptions(brand=FakeBrand("two")).fingerprint() != one.fingerprint()  # type: ignore[arg-type]


def test_a_field_added_later_changes_the_fingerprint() -> None:
    """A subclass (as a future option would be) is fingerprinted without any list to update."""
    wider = dataclasses.make_dataclass(
        "WiderOptions",
        [("paper", str, dataclasses.field(default="a4"))],
        bases=(RenderOptions,),
        frozen=True,
    )
    a4, letter = wider(), wider(paper="letter")
    assert a4.fingerprint()["paper"] == "a4"
    assert letter.fingerprint() != a4.fingerprint()
    assert {
        k: v for k, v in a4.fingerprint().items() if k != "paper"
    } == RenderOptions().fingerprint()


def test_the_batch_digest_follows_a_field_added_later() -> None:
    """The run's fingerprint (what every dossier's digest starts from) sees the new field."""
    from paperasse.batch import BatchOptions, run_fingerprint

    wider = dataclasses.make_dataclass(
        "WiderOptions",
        [("paper", str, dataclasses.field(default="a4"))],
        bases=(RenderOptions,),
        frozen=True,
    )
    a4 = run_fingerprint(BatchOptions(render=wider()))
    assert a4 == run_fingerprint(BatchOptions(render=wider()))
    assert a4 != run_fingerprint(BatchOptions(render=wider(paper="letter")))


def test_a_field_that_cannot_be_fingerprinted_is_a_bug_not_a_silent_skip() -> None:
    odd = dataclasses.make_dataclass(
        "OddOptions",
        [("thing", object, dataclasses.field(default=None))],
        bases=(RenderOptions,),
        frozen=True,
    )
    assert odd().fingerprint()["thing"] is None
    with pytest.raises(TypeError, match="no fingerprint"):
        odd(thing=object()).fingerprint()


def test_options_are_frozen_and_check_the_format() -> None:
    options = RenderOptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.fmt = "html"  # type: ignore[misc]
    with pytest.raises(UsageError) as caught:
        RenderOptions(fmt="docx")
    assert caught.value.exit_code == EXIT_USAGE
    assert str(caught.value) == "--format = 'docx': must be one of pdf, html"
    assert RenderOptions(fmt="html").inline_css and not options.inline_css
