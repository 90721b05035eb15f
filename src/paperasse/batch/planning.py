"""Planning a batch: the guide chosen once per run and language (:class:`GuideChoice`), and for
each job its guide files and digest, skipped when the manifest shows it unchanged; a file in
the output folder that paperasse did not write is never taken for its own."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..build import Builder
from ..errors import UsageError, UserError
from ..guide.catalog import Choice, GuideSpec
from .jobs import SKIPPED, BatchOptions, Job, assign_outputs
from .manifest import hash_file, job_digest, run_fingerprint, unchanged

#: The last run's record of a file in the output folder, by file name ({} when none).
Lookup = Callable[[str], dict[str, Any]]


class GuideChoice:
    """The run's ``--guide`` or ``--pack``, resolved once per language. Made at the start of a
    run, so that an unknown guide or pack stops it (exit code 2) before any input is read."""

    def __init__(self, builder: Builder, guide: GuideSpec, pack: str | None = None) -> None:
        self.builder = builder
        self.catalog = builder.catalog
        self.guide, self.pack = guide, pack
        self._chosen: dict[str, Choice] = {}
        self._read: set[Path] = set()
        self.warnings: list[str] = []  # what the reader says of the guides used (told once)
        self.for_language("en")

    def for_language(self, lang: str) -> Choice:
        """The guide files for a profile in ``lang``, and notices (another language used)."""
        if lang not in self._chosen:
            self._chosen[lang] = self.catalog.resolve(self.guide, self.pack, lang)
        return self._chosen[lang]

    def assign(self, job: Job) -> None:
        """Give ``job`` its guide files (one, or its pack's), its pack and its notices."""
        choice = self.for_language(job.profile.language)
        job.guide_paths, job.notices, job.pack = choice.paths, choice.notices, choice.pack

    def told(self, path: Path) -> None:
        """Collect, once per guide file, the warnings building from it deserves (e.g. a date
        it cannot read, so the dossiers are undated). A guide that cannot be read is reported
        by each of its jobs, not here."""
        if path in self._read:
            return
        self._read.add(path)
        from ..guide.findings import show

        with contextlib.suppress(UserError, OSError):
            for remark in self.builder.read_guide(path).remarks:
                if remark.in_build:
                    self.warnings.append(f"{show(path)}:{remark.line}: warning: {remark.message}")


def plan(
    jobs: list[Job],
    out: Path,
    options: BatchOptions,
    previous: dict[str, dict[str, Any]] | Lookup,
    choice: GuideChoice,
) -> list[str]:
    """Outputs, guide choice and digest for each good job; marks unchanged ones skipped.
    ``previous`` gives the last run's record of a file name (a manifest's records, or the run
    state's lookup). An output path holding a file paperasse did not write (no record, or not
    the recorded sha256) is left alone: the dossier goes beside it (unless ``--force``).
    Returns the notices for the user (outputs renamed to stay distinct, or to spare a file)."""
    lookup: Lookup = previous if callable(previous) else (lambda name: previous.get(name, {}))
    planner = Planner(out, options, lookup, choice)
    notices = assign_outputs(jobs, out, options.fmt, planner.foreign)
    for job in jobs:
        planner.plan_one(job)
    return notices


class Planner:
    """:func:`plan` one job at a time: the run's fingerprint and the guides' digests made once,
    nothing kept per job (a batch of any size plans in flat memory)."""

    def __init__(
        self, out: Path, options: BatchOptions, lookup: Lookup, choice: GuideChoice
    ) -> None:
        self.out, self.options, self.lookup, self.choice = out, options, lookup, choice
        self.fingerprint = run_fingerprint(options)
        self.guide_digests: dict[Path, str] = {}
        self._sha: dict[Path, str | None] = {}  # the files of the job being planned only
        test = foreign_test(lookup, self._sha)
        self.foreign: Callable[[Path], bool] | None = None if options.force else test

    def plan_one(self, job: Job) -> None:
        """Guide choice and digest for a job with its output; skipped when unchanged."""
        from ..guide import check_guide_size

        if job.profile is None or job.output is None:
            return
        job.previous = self.lookup(job.output.name)
        path = None
        try:
            self.choice.assign(job)
            for path in job.guide_paths:
                if path not in self.guide_digests:
                    check_guide_size(path)  # a huge guide is never read, not even hashed
                    self.guide_digests[path] = hash_file(path)
                    self.choice.told(path)
        except UsageError:
            raise
        except UserError as err:
            job.fail(err)
            return
        except OSError as err:
            from ..guide.source import GUIDE_FILE
            from ..inputs.files import cannot_read

            job.fail(cannot_read(path, GUIDE_FILE, err))
            return
        job.inputs = job_digest(job, self.fingerprint, self.guide_digests)
        if not self.options.force and unchanged(job, self._sha):
            job.status, job.sha256 = SKIPPED, job.previous["sha256"]
        self._sha.clear()


def foreign_test(lookup: Lookup, sha_cache: dict[Path, str | None]) -> Callable[[Path], bool]:
    """Whether a path holds something paperasse did not write: not a plain file (a folder, a
    symbolic link), no record of it, or a sha256 other than the recorded one. A file a killed
    run was writing (recorded as being written) is paperasse's own."""

    def foreign(path: Path) -> bool:
        if not os.path.lexists(path):
            return False
        if path.is_symlink() or not path.is_file():
            return True
        record = lookup(path.name)
        if record.get("writing"):
            return False
        if not record.get("sha256"):
            return True
        if path not in sha_cache:
            try:
                sha_cache[path] = hash_file(path)
            except OSError:
                sha_cache[path] = None
        return sha_cache[path] != record["sha256"]

    return foreign
