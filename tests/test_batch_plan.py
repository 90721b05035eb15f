"""The batch's plan and skip rules, in process, with a fake renderer (no WeasyPrint, no PDF):
unchanged inputs are skipped; a changed profile, guide or render option, or an output file that
no longer has its recorded sha256, is rebuilt."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, TEST_GUIDES, write_profile
from paperasse import batch
from paperasse.build import Builder
from paperasse.dossier import Dossier
from paperasse.errors import UsageError
from paperasse.render.options import RenderOptions
from test_render_options import OTHER_VALUES, FakeBrand


@dataclass
class FakeBuilder(Builder):
    """Renders a dossier as a little JSON document: what it says, and the options it had."""

    rendered: list[str] = field(default_factory=list)

    def warm_up(self) -> None:
        raise AssertionError("the fake renderer never makes a PDF renderer")

    def render_counted(self, dossier: Dossier) -> tuple[bytes, int | None]:
        self.rendered.append(dossier.profile.name)
        document = {
            "name": dossier.profile.name,
            "options": self.options.fingerprint(),
            "steps": [item.text for item in dossier.steps],
        }
        return json.dumps(document, sort_keys=True).encode(), None  # no pages, as HTML


class Recorder(batch.Reporter):
    def __init__(self) -> None:
        self.lines: list[str] = []

    def written(self, job: batch.Job) -> None:
        self.lines.append(f"written {job.output}")

    def failed(self, job: batch.Job) -> None:
        self.lines.append(f"error: {job.error}")

    def notice(self, message: str) -> None:
        self.lines.append(message)


def run(
    inputs: Path | list[Path],
    out: Path,
    *,
    guide: Path | str = TEST_GUIDE_EN,
    force: bool = False,
    **render: object,
) -> tuple[batch.BatchResult, list[str]]:
    """One batch through batch.run with the fake renderer; the result and who was rendered."""
    options = batch.BatchOptions(
        guide=str(guide), guides_dirs=(TEST_GUIDES,), render=RenderOptions(**render), force=force
    )  # type: ignore[arg-type]
    builder = FakeBuilder(
        guide=options.guide, guides_dirs=options.guides_dirs, options=options.render
    )
    paths = inputs if isinstance(inputs, list) else [inputs]
    result = batch.run(paths, out, options, Recorder(), builder=builder)
    return result, sorted(builder.rendered)


def statuses(result: batch.BatchResult) -> dict[str, str]:
    return {job.output.name: job.status for job in result.jobs if job.output is not None}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    write_profile(profiles, "ana", name="Ana")
    write_profile(profiles, "ben", name="Ben", citizenship="BR", status="student")
    return profiles


def test_first_run_writes_all_and_an_unchanged_rerun_renders_nothing(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first, rendered = run(folder, out)
    assert rendered == ["Ana", "Ben"]
    assert statuses(first) == {"ana.pdf": "written", "ben.pdf": "written"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["dossiers"]:
        data = (out / record["output"]).read_bytes()
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
    second, rendered = run(folder, out)
    assert rendered == []
    assert statuses(second) == {"ana.pdf": "skipped", "ben.pdf": "skipped"}
    assert second.summary().startswith("0 written, 2 skipped (unchanged), 0 failed")


def test_a_changed_profile_is_rebuilt_alone(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(folder, out)
    write_profile(folder, "ben", name="Ben", citizenship="BR", status="worker")
    result, rendered = run(folder, out)
    assert rendered == ["Ben"]
    assert statuses(result) == {"ana.pdf": "skipped", "ben.pdf": "written"}


@pytest.mark.parametrize("name", [*OTHER_VALUES, "brand"])
def test_a_changed_render_option_rebuilds_everything(
    name: str, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    value = FakeBrand("agency") if name == "brand" else OTHER_VALUES[name]
    run(folder, out)
    assert run(folder, out, **{name: value})[1] == ["Ana", "Ben"], name
    again, rendered = run(folder, out, **{name: value})
    assert rendered == [] and set(statuses(again).values()) == {"skipped"}


def test_a_render_option_added_later_rebuilds_too(folder: Path, tmp_path: Path) -> None:
    """A field added to RenderOptions is in the digest with no list to update."""
    wider = dataclasses.make_dataclass(
        "WiderOptions",
        [("paper", str, dataclasses.field(default="a4"))],
        bases=(RenderOptions,),
        frozen=True,
    )
    out = tmp_path / "out"

    def run_wider(paper: str) -> list[str]:
        options = batch.BatchOptions(guide=str(TEST_GUIDE_EN), render=wider(paper=paper))
        builder = FakeBuilder(guide=options.guide, options=options.render)
        batch.run([folder], out, options, Recorder(), builder=builder)
        return sorted(builder.rendered)

    assert run_wider("a4") == ["Ana", "Ben"]
    assert run_wider("a4") == []
    assert run_wider("letter") == ["Ana", "Ben"]


def test_a_changed_guide_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    shutil.copyfile(TEST_GUIDE_EN, guide)
    out = tmp_path / "out"
    run(folder, out, guide=guide)
    assert run(folder, out, guide=guide)[1] == []
    guide.write_text(guide.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert run(folder, out, guide=guide)[1] == ["Ana", "Ben"]
    assert run(folder, out, guide=TEST_GUIDE_EN)[1] == ["Ana", "Ben"]  # another guide file


def test_an_output_that_changed_on_disk_is_spared_and_a_deleted_one_rebuilt(
    folder: Path, tmp_path: Path
) -> None:
    """sha256 mismatch (edited or replaced): the file is no longer paperasse's, so it is left
    as it is and the dossier is written beside it (told); a missing file is rebuilt; --force
    overwrites."""
    out = tmp_path / "out"
    run(folder, out)
    (out / "ana.pdf").write_bytes(b"edited by hand")
    (out / "ben.pdf").unlink()
    result, rendered = run(folder, out)
    assert rendered == ["Ana", "Ben"]
    assert (out / "ana.pdf").read_bytes() == b"edited by hand"
    data = (out / "ana-2.pdf").read_bytes()
    assert json.loads(data)["name"] == "Ana"
    record = batch.read_manifest(out)["ana-2.pdf"]
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert statuses(result) == {"ana-2.pdf": "written", "ben.pdf": "written"}
    assert run(folder, out)[1] == []
    assert statuses(run(folder, out, force=True)[0]) == {"ana.pdf": "written", "ben.pdf": "written"}
    assert json.loads((out / "ana.pdf").read_bytes())["name"] == "Ana"


def test_force_or_a_lost_state_rebuilds_everything(folder: Path, tmp_path: Path) -> None:
    """--force rebuilds; the run state deleted or damaged: the manifest it exported tells
    which files are paperasse's, and with neither, nothing is skipped or overwritten."""
    from paperasse.batch.state import STATE_FILE

    out = tmp_path / "out"
    run(folder, out)
    assert run(folder, out, force=True)[1] == ["Ana", "Ben"]
    (out / STATE_FILE).write_bytes(b"not a database" * 100)
    for extra in out.glob(f"{STATE_FILE}-*"):
        extra.unlink()
    assert run(folder, out)[1] == []  # from manifest.json
    (out / STATE_FILE).unlink()
    (out / "manifest.json").write_text("{not json", encoding="utf-8")
    assert batch.read_manifest(out) == {}
    result, rendered = run(folder, out)
    assert rendered == ["Ana", "Ben"]
    assert statuses(result) == {"ana-2.pdf": "written", "ben-2.pdf": "written"}
    assert (out / "manifest.json").read_text(encoding="utf-8") == "{not json"
    assert batch.read_manifest(out) == {}
    assert json.loads((out / "manifest-2.json").read_text(encoding="utf-8"))["summary"] == {
        "written": 2,
        "skipped": 0,
        "failed": 0,
        "pending": 0,
    }


def test_plan_alone_decides_without_rendering(folder: Path, tmp_path: Path) -> None:
    """plan() marks jobs pending or skipped from the manifest's records and the files."""
    out = tmp_path / "out"
    run(folder, out)
    options = batch.BatchOptions(guide=str(TEST_GUIDE_EN))
    jobs, notices = batch.collect(batch.expand_inputs([folder]))
    assert notices == []
    previous = batch.read_manifest(out)
    previous["ben.pdf"]["inputs"] = "something else"
    choice = batch.GuideChoice(FakeBuilder(), options.guide)
    assert batch.plan(jobs, out, options, previous, choice) == []
    assert {job.output.name: job.status for job in jobs if job.output} == {
        "ana.pdf": "skipped",
        "ben.pdf": "pending",
    }


def test_collect_returns_its_notices_and_the_run_reports_them(tmp_path: Path) -> None:
    sheet = tmp_path / "clients.csv"
    sheet.write_text(
        "name,citizenship,status,notes\nAna,FR,worker,first\nAna,BR,student,second\n",
        encoding="utf-8",
    )
    jobs, notices = batch.collect([sheet])
    assert [job.row for job in jobs] == [2, 3]
    assert notices == [f"{sheet}: columns that are not profile keys are ignored: notes"]
    options = batch.BatchOptions(guide=str(TEST_GUIDE_EN))
    reporter = Recorder()
    batch.run(
        [sheet], tmp_path / "out", options, reporter, builder=FakeBuilder(guide=options.guide)
    )
    assert reporter.lines[:2] == [
        notices[0],
        f"{sheet}, row 3: same file name as {sheet}, row 2 (ana.pdf); written as ana-2.pdf",
    ]


def test_the_guide_is_chosen_once_per_run_and_language(folder: Path, tmp_path: Path) -> None:
    write_profile(folder, "chloe", name="Chloé", language="fr")
    write_profile(folder, "dan", name="Dan", language="fr")
    options = batch.BatchOptions(guide="testland-registration", guides_dirs=(TEST_GUIDES,))
    builder = FakeBuilder(guide=options.guide, guides_dirs=options.guides_dirs)
    asked: list[str] = []
    choose = builder.catalog.choose

    def counting(guide: str | None, lang: str) -> tuple[Path, tuple[str, ...]]:
        asked.append(lang)
        return choose(guide, lang)

    builder.catalog.choose = counting  # type: ignore[method-assign]
    result = batch.run([folder], tmp_path / "out", options, Recorder(), builder=builder)
    assert sorted(asked) == ["en", "fr"]
    guides = {job.profile.language: job.guide_path.parent.parent.name for job in result.jobs}
    assert guides == {"en": "en", "fr": "fr"}


def test_an_unknown_guide_stops_before_any_input_is_read(tmp_path: Path) -> None:
    options = batch.BatchOptions(guide="no-such-guide")
    with pytest.raises(UsageError, match="no-such-guide"):
        batch.run(
            [write_profile(tmp_path, "ana")],
            tmp_path / "out",
            options,
            builder=FakeBuilder(guide=options.guide),
        )
    assert not (tmp_path / "out").exists()
