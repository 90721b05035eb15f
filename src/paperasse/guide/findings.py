"""What ``paperasse check`` reports: ``file:line: severity: message`` findings."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import one_line

ERROR, WARNING, NOTE = "error", "warning", "note"
_RANK = {ERROR: 0, WARNING: 1, NOTE: 2}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rank: int
    message: str

    @property
    def severity(self) -> str:
        return {v: k for k, v in _RANK.items()}[self.rank]

    def __str__(self) -> str:
        """One line, safe for a terminal: a guide's words or file name cannot carry escapes."""
        return one_line(f"{self.file}:{self.line}: {self.severity}: {self.message}")


@dataclass
class Report:
    """The findings in the order found, each once. Adding one and asking whether an error was
    reported cost the same whatever the number of findings (a set and an index by file)."""

    findings: list[Finding] = field(default_factory=list)
    guides: int = 0
    groups: int = 0  # translationKeys with two or more versions compared
    _seen: set[Finding] = field(default_factory=set, repr=False)
    _errors: dict[str, list[Finding]] = field(default_factory=dict, repr=False)
    packs: int = 0  # packs checked as one dossier

    def add(self, file: Path | str, line: int | None, severity: str, message: str) -> None:
        finding = Finding(show(file), line or 1, _RANK[severity], " ".join(message.split()))
        if finding not in self._seen:
            self._seen.add(finding)
            self.findings.append(finding)
            if finding.rank == _RANK[ERROR]:
                self._errors.setdefault(finding.file, []).append(finding)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.rank == _RANK[severity])

    def has_error(self, file: Path | str, line: int | None, message: str) -> bool:
        """Whether an error was already reported on this line of ``file``, or saying this."""
        return any(
            f.line == (line or 1) or message in f.message for f in self._errors.get(show(file), ())
        )

    @property
    def ok(self) -> bool:
        return self.count(ERROR) == 0

    def sorted(self) -> list[Finding]:
        return sorted(self.findings)

    def summary(self) -> str:
        guides = f"{self.guides} guide{'s' if self.guides != 1 else ''}"
        groups = f", {self.groups} set{'s' if self.groups != 1 else ''} of translations"
        packs = f", {self.packs} pack{'s' if self.packs != 1 else ''}" if self.packs else ""
        errors, warnings = self.count(ERROR), self.count(WARNING)
        return (
            f"checked {guides}{groups if self.groups else ''}{packs}: "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )


def show(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    return _show(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _show(path: str, cwd: str) -> str:  # a guide's findings name it many times
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return path
    return rel if not rel.startswith("..") else path
