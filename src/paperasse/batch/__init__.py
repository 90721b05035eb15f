"""Batch runs: many profiles in (files, folders, CSV and .xlsx rows), one dossier each out.

One concern a module:

- :mod:`~paperasse.batch.jobs`: the options, one :class:`Job` per profile, reading the inputs;
- :mod:`~paperasse.batch.manifest`: ``manifest.json``/``.csv`` and the skip rules (digests);
- :mod:`~paperasse.batch.pool`: rendering over worker processes;
- :mod:`~paperasse.batch.report`: what the user is told while it runs;
- :mod:`~paperasse.batch.planning`: each job's guide, digest and skip decision;
- :mod:`~paperasse.batch.output_folder`: the run state, manifest names and leftovers of ``-o``;
- :mod:`~paperasse.batch.run`: the whole run (read, plan, render, keep the manifest);
- :mod:`~paperasse.batch.pack`: ``--merge``, the finished dossiers joined into one PDF.
"""

from __future__ import annotations

from .jobs import (
    FAILED,
    PENDING,
    SKIPPED,
    WRITTEN,
    BatchOptions,
    BatchResult,
    Job,
    assign_outputs,
    collect,
    expand_inputs,
    profile_files_in,
)
from .manifest import MANIFEST_CSV, MANIFEST_JSON, read_manifest, run_fingerprint, write_manifest
from .planning import GuideChoice, plan
from .pool import default_jobs
from .report import ProgressReporter, Reporter, default_reporter
from .run import run, run_single

__all__ = [
    "FAILED",
    "MANIFEST_CSV",
    "MANIFEST_JSON",
    "PENDING",
    "SKIPPED",
    "WRITTEN",
    "BatchOptions",
    "BatchResult",
    "GuideChoice",
    "Job",
    "ProgressReporter",
    "Reporter",
    "assign_outputs",
    "collect",
    "default_jobs",
    "default_reporter",
    "expand_inputs",
    "plan",
    "profile_files_in",
    "read_manifest",
    "run",
    "run_fingerprint",
    "run_single",
    "write_manifest",
]
