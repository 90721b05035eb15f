"""What shapes a dossier's bytes, besides its guide and profile: one frozen object, made once by
the command line and handed unchanged to the batch, the builder and the template.

Its fields are also the incremental re-run's fingerprint (:meth:`RenderOptions.fingerprint`):
every field is digested, so a field added here can never leave stale dossiers marked
"unchanged". A field whose value cannot be digested is a bug that stops the run (``TypeError``),
not a silent omission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..inputs.brand import Brand

#: The output formats: a PDF, or one self-contained HTML file.
FORMATS = ("pdf", "html")


def check_format(fmt: str) -> str:
    """``fmt`` if it is a known format; else a usage error naming ``--format`` (exit code 2)."""
    if fmt not in FORMATS:
        raise UsageError(f"must be one of {', '.join(FORMATS)}", key="--format", value=fmt)
    return fmt


@dataclass(frozen=True)
class RenderOptions:
    """The options that change a dossier's bytes (the guide's choice is digested per job)."""

    #: ``pdf``, or ``html`` (one file with its stylesheet inlined).
    fmt: str = "pdf"
    #: Tick boxes as PDF form checkboxes (--fillable).
    fillable: bool = False
    #: The generation date printed on the page (--date); None: none printed, and the guide's
    #: date is the document's creation date (never the clock: same inputs, same bytes).
    date: dt.date | None = None
    #: The agency's brand on every dossier (--brand); see :mod:`paperasse.inputs.brand`.
    brand: Brand | None = None
    #: An agent's review copy (--review): each step and document says which profiles it is
    #: for ("Only for: non-EU + worker"); the person's own copy leaves these lines out.
    review: bool = False

    def __post_init__(self) -> None:
        check_format(self.fmt)

    @property
    def inline_css(self) -> bool:
        """Whether the stylesheet goes inside the HTML (a self-contained ``--format html``)."""
        return self.fmt == "html"

    def fingerprint(self) -> dict[str, object]:
        """Every field, as JSON-ready data (see :func:`fingerprint_value`)."""
        return {f.name: fingerprint_value(getattr(self, f.name)) for f in fields(self)}


def fingerprint_value(value: object) -> object:
    """A JSON-ready stand-in for ``value`` that changes whenever ``value`` does.

    Plain values are kept, dates become ISO text, paths text, collections lists, and any other
    object must have a ``digest()`` method (as :class:`~paperasse.inputs.brand.Brand` has)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, tuple | list):
        return [fingerprint_value(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((fingerprint_value(item) for item in value), key=repr)
    digest = getattr(value, "digest", None)
    if callable(digest):
        return digest()
    raise TypeError(
        f"a render option of type {type(value).__name__} has no fingerprint: "
        "give it a digest() method"
    )
