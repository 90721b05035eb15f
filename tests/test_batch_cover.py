"""The pack's cover from what each dossier's rendering said of it (pages, first deadline,
language), kept in the run state for dossiers skipped as unchanged: the cover neither parses
the dossiers' PDFs again nor rebuilds their dossiers; a state from before that was kept has
them measured again."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, dossier_of, profile_of, write_profile
from paperasse import batch
from paperasse.batch.jobs import CoverFacts, Job
from paperasse.batch.pack import _cover
from paperasse.batch.state import STATE_FILE
from paperasse.dossier import Dossier
from test_batch_plan import FakeBuilder, Recorder

ARRIVAL = dt.date(2026, 9, 1)


class PagedBuilder(FakeBuilder):
    """The fake renderer, with a page count as a PDF renderer gives one: a page a step."""

    def render_counted(self, dossier: Dossier) -> tuple[bytes, int | None]:
        return super().render_counted(dossier)[0], len(dossier.steps)


def run(folder: Path, out: Path) -> batch.BatchResult:
    options = batch.BatchOptions(guide=str(TEST_GUIDE_EN))
    builder = PagedBuilder(guide=options.guide, options=options.render)
    return batch.run([folder], out, options, Recorder(), builder=builder)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    write_profile(profiles, "ana", name="Ana", citizenship="BR", arrival_date=ARRIVAL.isoformat())
    write_profile(profiles, "ben", name="Ben", citizenship="BR", status="student", language="fr")
    return profiles


def expected(**values: object) -> CoverFacts:
    dossier = dossier_of(TEST_GUIDE_EN, **values)
    first = dossier.first_due
    return CoverFacts(len(dossier.steps), first.due if first else None, dossier.lang)


def covers(result: batch.BatchResult) -> dict[str, CoverFacts | None]:
    return {job.profile.name: job.cover for job in result.made()}


def rows_of_cover(monkeypatch: pytest.MonkeyPatch, jobs: list[Job]) -> list[object]:
    """The rows ``_cover`` gives the cover (rendering it is not what is tested here)."""
    import paperasse.render.cover as cover

    seen: list[object] = []
    monkeypatch.setattr(cover, "render_cover", lambda rows, options: seen.extend(rows) or b"")
    _cover(jobs, batch.BatchOptions(guide=str(TEST_GUIDE_EN)), Path("pack.pdf"))
    return seen


def test_the_cover_facts_of_written_and_skipped_dossiers_come_from_the_run_state(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ana = expected(name="Ana", citizenship="BR", arrival_date=ARRIVAL)
    ben = expected(name="Ben", citizenship="BR", status="student", language="fr")
    assert ana.first_due is not None and ben.first_due is None and ben.lang == "fr"
    first = run(folder, out)
    assert covers(first) == {"Ana": ana, "Ben": ben}
    again = run(folder, out)
    assert {job.status for job in again.made()} == {"skipped"}
    assert covers(again) == {"Ana": ana, "Ben": ben}
    # the dossiers are the fake's JSON, not PDFs: reading one for its pages would fail
    rows = rows_of_cover(monkeypatch, list(again.made()))
    assert [(r.name, r.pages, r.first_due, r.lang) for r in rows] == [  # type: ignore[attr-defined]
        ("Ana", ana.pages, ana.first_due, "en"),
        ("Ben", ben.pages, None, "fr"),
    ]


def test_a_state_without_cover_facts_has_them_measured_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run(folder, out)
    with sqlite3.connect(out / STATE_FILE) as db:  # as a state written before they were kept
        db.execute("DELETE FROM covers")
    again = run(folder, out)
    assert set(covers(again).values()) == {None}
    from pypdf import PdfWriter

    pdf = tmp_path / "ana.pdf"
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with pdf.open("wb") as handle:
        writer.write(handle)
    profile = profile_of(name="Ana", citizenship="BR", arrival_date=ARRIVAL)
    job = Job("ana.yaml", profile=profile, output=pdf, guide_paths=(TEST_GUIDE_EN,))
    (row,) = rows_of_cover(monkeypatch, [job])
    ana = expected(name="Ana", citizenship="BR", arrival_date=ARRIVAL)
    assert (row.pages, row.first_due, row.lang) == (3, ana.first_due, "en")  # type: ignore[attr-defined]
