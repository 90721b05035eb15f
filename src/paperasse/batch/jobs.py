"""What a batch is made of: its options, one :class:`Job` per profile, and the result.

Reading the inputs is here too: :func:`expand_inputs` turns files and folders into profile files,
and :func:`collect` turns those (and every spreadsheet row) into jobs. A bad file or row becomes a
failed job (with its file, row, key and value), never a stop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..build import Builder
from ..errors import EXIT_INPUT, UsageError, UserError, printable_path
from ..guide.catalog import GuideSpec
from ..guide.pack import Pack
from ..render.options import RenderOptions

WRITTEN, SKIPPED, FAILED, PENDING = "written", "skipped", "failed", "pending"


@dataclass(frozen=True)
class BatchOptions:
    """How the batch runs: the guide to choose, the render options (which shape the dossiers,
    and so their digests), and the run's own settings."""

    guide: GuideSpec = None  # --guide: None (the default), one, or several (an ad-hoc pack)
    pack: str | None = None  # --pack: a pack's key or file
    guides_dirs: tuple[Path, ...] = ()
    render: RenderOptions = field(default_factory=RenderOptions)
    jobs: int | None = None  # None: every core
    force: bool = False
    ignore_columns: frozenset[str] = frozenset()

    @property
    def fmt(self) -> str:
        return self.render.fmt

    def builder(self) -> Builder:
        return Builder(
            guide=self.guide, pack=self.pack, guides_dirs=self.guides_dirs, options=self.render
        )

    def guide_label(self) -> str | list[str] | None:
        """What the manifest records as the run's guide choice."""
        if self.pack is not None:
            return f"pack:{self.pack}"
        return self.guide if self.guide is None or isinstance(self.guide, str) else list(self.guide)


@dataclass(frozen=True)
class CoverFacts:
    """What the pack's cover says of a dossier, kept from its rendering (in the run state,
    for a dossier skipped as unchanged) so that the cover neither parses the PDF again nor
    rebuilds the dossier."""

    pages: int
    first_due: dt.date | None  # the date of its first deadline
    lang: str

    @classmethod
    def of(cls, dossier: Any, pages: int) -> CoverFacts:
        """The facts of ``dossier`` (a :class:`~paperasse.dossier.Dossier`) of ``pages``."""
        first = dossier.first_due
        return cls(pages, first.due if first is not None else None, dossier.lang)


@dataclass
class Job:
    """One profile of the batch, from reading to its line in the manifest."""

    source: str
    row: int | None = None
    profile: Any = None  # a validated Profile, None when reading it failed
    output: Path | None = None
    guide_paths: tuple[Path, ...] = ()  # its guide, or its pack's guides in order
    pack: Pack | None = None
    notices: tuple[str, ...] = ()
    inputs: str | None = None  # digest of everything the dossier depends on
    status: str = PENDING
    error: str | None = None  # every problem, on one line (for the manifest)
    errors: tuple[str, ...] = ()  # every problem, one line each (for the terminal)
    sha256: str | None = None
    previous: dict[str, Any] = field(default_factory=dict)  # the last run's manifest record
    cover: CoverFacts | None = None  # a PDF dossier's, once rendered (or found in the state)

    @property
    def guide_path(self) -> Path | None:
        """The (first) guide file: the guide of a single-guide dossier."""
        return self.guide_paths[0] if self.guide_paths else None

    @guide_path.setter
    def guide_path(self, path: Path | None) -> None:
        self.guide_paths = () if path is None else (path,)

    def where(self) -> str:
        return self.source if self.row is None else f"{self.source}, row {self.row}"

    def fail(self, err: UserError | str) -> None:
        """Failed: with every problem of ``err`` (a profile's, a header's), not only the first."""
        self.errors = tuple(str(e) for e in err.errors) if isinstance(err, UserError) else (err,)
        self.status, self.error = FAILED, " | ".join(self.errors)


class BatchResult:
    """What a run did. A streamed run keeps its jobs in the run state, not in memory: then
    ``counts`` says how many of each status, and ``load`` reads the jobs back only when they
    are asked for (``jobs``, ``made()``: the merge, tests)."""

    def __init__(
        self,
        jobs: list[Job] | None,
        manifest: Path | None,
        *,
        counts: dict[str, int] | None = None,
        load: Callable[[], Iterable[Job]] | None = None,
    ) -> None:
        self._jobs, self.manifest, self._counts, self._load = jobs, manifest, counts, load

    @property
    def jobs(self) -> list[Job]:
        if self._jobs is None:
            self._jobs = list(self._load()) if self._load is not None else []
        return self._jobs

    def count(self, status: str) -> int:
        if self._counts is not None:
            return self._counts.get(status, 0)
        return sum(1 for job in self.jobs if job.status == status)

    def made(self) -> list[Job]:
        """The jobs whose dossier is on disk (written now or unchanged), in input order."""
        return [
            job for job in self.jobs if job.status in (WRITTEN, SKIPPED) and job.output is not None
        ]

    @property
    def exit_code(self) -> int:
        return EXIT_INPUT if self.count(FAILED) else 0

    def summary(self) -> str:
        text = (
            f"{self.count(WRITTEN)} written, {self.count(SKIPPED)} skipped (unchanged), "
            f"{self.count(FAILED)} failed"
        )
        if self.manifest is not None:
            text += f"; manifest: {self.manifest}"
        return text


#: Files in a folder given to ``build`` that are not profiles: the manifests of earlier runs
#: and brand files (``brand.yaml``, ``agency-brand.yml``...: given with ``--brand``).
NOT_PROFILES = ("manifest.json",)
BRAND_STEMS = ("brand",)


def is_not_a_profile(path: Path) -> bool:
    """A manifest or a brand file, which a folder of profiles often holds too."""
    name = path.name.casefold()
    stem = path.stem.casefold()
    return name in NOT_PROFILES or any(
        stem == word or stem.endswith((f"-{word}", f"_{word}", f".{word}")) for word in BRAND_STEMS
    )


def profile_files_in(folder: Path, exclude: Path | None = None) -> list[Path]:
    """Profile files inside ``folder`` (recursive, sorted), skipping hidden ones, the output
    folder, manifests of earlier runs and brand files (:func:`is_not_a_profile`)."""
    from ..inputs.profile import PROFILE_SUFFIXES

    excluded = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in PROFILE_SUFFIXES:
            continue
        if is_not_a_profile(path):
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if excluded is not None and path.resolve().is_relative_to(excluded):
            continue
        found.append(path)
    return found


def expand_inputs(inputs: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """Files given directly, and the profile files inside given folders; each file once.

    Raises :class:`UsageError` for a missing path or a folder without profiles."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            files = profile_files_in(item, exclude)
            if not files:
                raise UsageError(
                    "folder holds no profile files (.yaml, .yml, .toml, .json)", file=item
                )
        elif item.exists():
            files = [item]
        else:
            raise UsageError("no such file or folder", file=item)
        for path in files:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def collect(
    files: Iterable[Path], ignore_columns: frozenset[str] = frozenset()
) -> tuple[list[Job], list[str]]:
    """One :class:`Job` per profile: per file, or per spreadsheet row; bad ones are failed jobs.
    Also the notices for the user (spreadsheet columns that are ignored), in reading order."""
    notices: list[str] = []
    return list(iter_jobs(files, ignore_columns, notices)), notices


def iter_jobs(
    files: Iterable[Path], ignore_columns: frozenset[str], notices: list[str]
) -> Iterator[Job]:
    """:func:`collect`, one job at a time (a spreadsheet's rows are never all in memory); the
    notices are appended to ``notices`` as they are found, before the jobs they concern."""
    for path in files:
        yield from _jobs_of(path, ignore_columns, notices)


def _jobs_of(path: Path, ignore_columns: frozenset[str], notices: list[str]) -> Iterator[Job]:
    from ..inputs.profile import KNOWN_KEYS, profile_from_mapping, read_profile
    from ..inputs.tables import TABLE_SUFFIXES, iter_table

    source = printable_path(path)  # a name that is not UTF-8 is shown with \xNN
    if path.suffix.lower() not in TABLE_SUFFIXES:
        job = Job(source)
        try:
            job.profile = read_profile(path)
        except UserError as err:
            job.fail(err)
        yield job
        return
    try:
        table, rows = iter_table(path, KNOWN_KEYS, ignore_columns)
    except UserError as err:
        job = Job(source, err.row)
        job.fail(err)
        yield job
        return
    if table.encoding not in (None, "UTF-8", "UTF-8 with BOM"):
        notices.append(f"{source}: read as {table.encoding} (not UTF-8)")
    if table.ignored:
        notices.append(
            f"{source}: columns that are not profile keys are ignored: {', '.join(table.ignored)}"
        )
    count = 0
    for row in rows:
        count += 1
        job = Job(source, row.number)
        if row.error is not None:
            job.fail(row.error)
            yield job
            continue
        try:
            job.profile = profile_from_mapping(
                row.data, source=source, row=row.number, day_first=True
            )
        except UserError as err:
            job.fail(err)
        yield job
    if not count:
        job = Job(source)
        job.fail(UserError("the spreadsheet has a header but no rows", file=source))
        yield job


def glyph_notices(jobs: list[Job], fmt: str) -> list[str]:
    """One line per profile whose name the PDF's bundled fonts cannot fully draw (an HTML
    dossier is drawn with the reader's fonts)."""
    if fmt != "pdf":
        return []
    from ..render.glyphs import glyph_notice

    found = []
    for job in jobs:
        if job.profile is not None:
            notice = glyph_notice(job.profile.name, "name")
            if notice is not None:
                found.append(f"{job.where()}: {notice}")
    return found


class Taken(Protocol):
    """The output names already given in a run (case-folded), and where to: a dict, or the
    run state's table for a batch of any size."""

    def get(self, name: str) -> str | None: ...

    def __setitem__(self, name: str, where: str) -> None: ...


def assign_outputs(
    jobs: list[Job], out: Path, fmt: str, foreign: Callable[[Path], bool] | None = None
) -> list[str]:
    """One distinct output file per good job: the profile's stem, then ``-2``, ``-3``… for the
    next ones with the same stem (case-insensitively, for case-insensitive file systems), or
    when ``foreign`` says the path holds a file paperasse did not write (never overwritten).
    Returns the notices for the user, one per renamed output."""
    taken: dict[str, str] = {}
    notices = []
    for job in jobs:
        notice = assign_output(job, out, fmt, taken, foreign)
        if notice is not None:
            notices.append(notice)
    return notices


def assign_output(
    job: Job, out: Path, fmt: str, taken: Taken, foreign: Callable[[Path], bool] | None = None
) -> str | None:
    """:func:`assign_outputs` for one job; the notice if its output was renamed."""
    if job.profile is None:
        return None
    stem = job.profile.output_stem()
    name, number = stem, 1
    spared: Path | None = None
    while taken.get(name.casefold()) is not None or (
        foreign is not None and foreign(out / f"{name}.{fmt}")
    ):
        if taken.get(name.casefold()) is None and spared is None:
            spared = out / f"{name}.{fmt}"
        number += 1
        name = f"{stem}-{number}"
    first = taken.get(stem.casefold())
    taken[name.casefold()] = job.where()
    job.output = out / f"{name}.{fmt}"
    if spared is not None:
        return (
            f"{job.where()}: {spared} was not written by paperasse (or changed since): "
            f"left as it is, the dossier is written as {job.output.name} "
            "(--force overwrites it)"
        )
    if first is not None:
        return (
            f"{job.where()}: same file name as {first} ({stem}.{fmt}); written as {job.output.name}"
        )
    return None
