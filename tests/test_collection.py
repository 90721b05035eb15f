"""The garbage collector while a PDF is made (render/collection.py): fewer young collections
inside a render, the caller's thresholds after it, a warm worker's objects frozen."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import pytest

from conftest import TEST_GUIDE_EN
from paperasse.build import Builder
from paperasse.inputs.profile import profile_from_mapping
from paperasse.render.collection import RENDER_THRESHOLD, fewer_collections, freeze_long_lived


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def test_the_young_threshold_is_raised_inside_and_restored_after(
    thresholds: tuple[int, int, int],
) -> None:
    gc.set_threshold(700, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == (RENDER_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a render that fails")
    assert gc.get_threshold() == (700, 10, 10)
    # a caller who already collects less often keeps its setting
    gc.set_threshold(50_000, 20, 5)
    with fewer_collections():
        assert gc.get_threshold() == (50_000, 20, 5)
    assert gc.get_threshold() == (50_000, 20, 5)


def test_freezing_moves_what_the_process_holds_out_of_collections() -> None:
    kept = [[n] for n in range(1000)]  # tracked objects, alive
    try:
        freeze_long_lived()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_a_render_runs_few_young_collections(
    monkeypatch: pytest.MonkeyPatch, thresholds: tuple[int, int, int]
) -> None:
    from paperasse.render import pdf

    builder = Builder(guide=str(TEST_GUIDE_EN))
    profile = profile_from_mapping(
        {"name": "Zoë Nguyễn", "citizenship": "BR", "status": "student"}, source="test"
    )
    dossier = builder.dossier(profile)
    builder.warm_up()
    builder.render(dossier)
    young: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 0:
            young.append(1)

    gc.set_threshold(700, 10, 10)
    gc.callbacks.append(count)
    try:
        first = builder.render(dossier)
        during_render = len(young)
        young.clear()
        with monkeypatch.context() as patch:
            patch.setattr(pdf, "fewer_collections", contextlib.nullcontext)
            second = builder.render(dossier)
        at_default = len(young)
    finally:
        gc.callbacks.remove(count)
    assert gc.get_threshold() == (700, 10, 10)  # restored after the render
    assert first == second  # the collector's timing changes nothing in the PDF
    assert at_default >= 10  # 19 for this short guide
    assert during_render * 4 <= at_default  # 2 with fewer_collections
