"""Profiles from spreadsheets: CSV (UTF-8 with or without BOM, Windows-1252, UTF-16; ``,``
``;`` or tab) and .xlsx.

One profile a row; the first row is the header and names the profile keys, in English or French
and their usual variants (:mod:`.aliases`: ``Nom``, ``Nationalité``, ``Date d'arrivée``). A
spreadsheet row is numbered as the spreadsheet shows it: the header is row 1, the first client
row 2.

Columns that are not profile keys (e-mail, notes, phone…) are ignored, and the caller is told
which. A column that looks like a misspelt profile key (``statut``, ``citizenshp``, ``lang``) or
that speaks of a date (``Date``, ``Date de naissance``) or holds dates is an error for the whole
file, because dropping it silently would drop a condition or a deadline for every client; a
column that really is something else can be declared with ``ignore_columns``. Every header
problem is reported at once.

A row that cannot be read (a cell over :data:`MAX_CELL_CHARS` characters, a quoting slip) fails
alone: the good rows are still read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from . import aliases
from .csv_sheet import TABLE_FILE, csv_records
from .files import check_size, did_you_mean
from .profile_values import YES_NO_KEYS
from .xlsx_sheet import xlsx_records

TABLE_SUFFIXES = (".csv", ".xlsx")

#: Keys whose spreadsheet words are translated by :func:`aliases.canonical_value`.
_WORD_KEYS = ("status", "language", *YES_NO_KEYS)


@dataclass
class Row:
    """One spreadsheet row: its number as the spreadsheet shows it, and key -> value; or the
    problem that kept it from being read."""

    number: int
    data: dict[str, object]
    error: UserError | None = None


@dataclass
class Table:
    """The profile rows of one spreadsheet, and the columns left out."""

    path: Path
    rows: list[Row] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # not profile keys, not declared
    #: How a CSV's bytes were decoded (UTF8, UTF8_BOM, UTF16, CP1252); None for .xlsx.
    encoding: str | None = None

    def found_encoding(self, name: str) -> None:
        self.encoding = name


class TableError(UserError):
    """Problems with a whole spreadsheet (its header): ``str()`` the first, ``errors`` all."""

    @classmethod
    def from_errors(cls, errors: list[UserError]) -> TableError:
        first = errors[0]
        err = cls(first.message, file=first.file, row=first.row, key=first.key)
        err.errors = list(errors)
        return err


def normalise_column(name: object) -> str:
    """``" Date d'arrivée "`` -> ``"date_d_arrivee"``: case, accents, spaces and punctuation
    do not matter (see :func:`aliases.fold_word`)."""
    return aliases.fold_word(name)


def looks_like(column: str, keys: tuple[str, ...]) -> str | None:
    """The profile key ``column`` is probably a misspelling of, if any.

    Close in spelling (``difflib``'s similarity ratio at least 0.75: ``statut``, ``citizenshp``,
    ``langauge``, ``nmae``), or a start of a key of at least 4 letters (``lang``, ``arrival``,
    ``citizen``). ``email``, ``notes``, ``phone``, ``agent`` are not.
    """
    close = did_you_mean(column, keys, cutoff=0.75)
    if close is not None:
        return close
    for key in keys:
        if len(column) >= 4 and key.startswith(column):
            return key
    return None


def read_table(
    path: Path, keys: tuple[str, ...], ignore_columns: frozenset[str] = frozenset()
) -> Table:
    """The rows of a .csv or .xlsx file, each keeping only the profile keys' columns (named by
    their key, spreadsheet words for values translated: ``salariée`` -> ``worker``).

    Raises :class:`TableError` (file, row 1, every bad column) for a header with a misspelt,
    ambiguous or duplicate column, and :class:`UserError` for a file that cannot be read. A
    row that cannot be read is a :class:`Row` with its ``error``.
    """
    table = Table(path)
    table.rows = list(_rows(path, keys, ignore_columns, table))
    return table


def iter_table(
    path: Path, keys: tuple[str, ...], ignore_columns: frozenset[str] = frozenset()
) -> tuple[Table, Iterator[Row]]:
    """:func:`read_table` for a batch of any size: the table (its encoding and ignored
    columns, no rows) and its rows one at a time, never all in memory. A first pass reads the
    file through without keeping a row, so that what concerns the whole sheet (the header, a
    column of dates) is raised before the first row is given."""
    table = Table(path)
    for _ in _rows(path, keys, ignore_columns, table):
        pass
    return table, _rows(path, keys, ignore_columns, Table(path))


def _rows(
    path: Path, keys: tuple[str, ...], ignore_columns: frozenset[str], table: Table
) -> Iterator[Row]:
    source = str(path)
    check_size(path, TABLE_FILE)
    if path.suffix.lower() == ".xlsx":
        records = xlsx_records(path, source)
    else:
        records = csv_records(path, source, table.found_encoding)
    header: list[str | None] | None = None
    # an ignored column -> [its values that are dates, its other values]
    dates: dict[int, list[int]] = {}
    for number, cells in records:
        if isinstance(cells, UserError):
            if header is None:
                raise cells
            yield Row(number, {}, cells)
            continue
        if all(_blank(cell) for cell in cells):
            continue  # blank rows (before the header, between clients)
        if header is None:
            header = _check_header(cells, keys, ignore_columns, source, number, table)
            ignored = set(table.ignored)
            dates = {i: [0, 0] for i, c in enumerate(cells) if normalise_column(c) in ignored}
            continue
        if len(cells) > len(header) and not all(_blank(c) for c in cells[len(header) :]):
            error = UserError(
                f"the row has {len(cells)} cells but the header only {len(header)} columns",
                file=source,
                row=number,
            )
            yield Row(number, {}, error)
            continue
        data: dict[str, object] = {}
        for index, (key, cell) in enumerate(zip(header, cells, strict=False)):
            if _blank(cell):
                continue
            if index in dates and not dates[index][1]:  # till a value that is not a date
                dates[index][0 if _looks_like_date(cell) else 1] += 1
            if key is not None:
                data[key] = _word(key, cell)
        given = data.pop(aliases.GIVEN_NAME, None)
        if given is not None:  # Prénom + Nom: "Ana" + "Souza" is "Ana Souza"
            data["name"] = " ".join(str(part).strip() for part in (given, data.get("name", "")))
            data["name"] = str(data["name"]).strip()
        yield Row(number, data)
    if header is None:
        raise UserError(
            "the spreadsheet is empty (no header row with the profile keys)", file=source
        )
    if "arrival_date" not in header:
        _check_date_columns(header, dates, table, source)


def _word(key: str, cell: object) -> object:
    if key in _WORD_KEYS and isinstance(cell, str):
        return aliases.canonical_value(key, cell) or cell
    return cell


def _looks_like_date(cell: object) -> bool:
    from .profile_values import arrival_date

    if isinstance(cell, dt.date):
        return True
    try:
        return arrival_date(cell, day_first=True) is not None
    except ValueError:
        return False


def _check_date_columns(
    header: list[str | None], dates: dict[int, list[int]], table: Table, source: str
) -> None:
    """An ignored column whose every value is a date, in a sheet without an arrival date: it
    is probably the arrival date under a name of its own, and must not be dropped silently."""
    names = dict(zip(sorted(dates), table.ignored, strict=False))
    found = [names[i] for i, (yes, no) in dates.items() if yes and not no and i in names]
    if found:
        raise TableError.from_errors(
            [
                UserError(
                    "the column holds dates but is not the arrival date; if it is, name it "
                    "arrival_date (or Date d'arrivée), or if not declare it with "
                    f"--ignore-columns {name}",
                    file=source,
                    row=1,
                    key=name,
                )
                for name in found
            ]
        )


def _check_header(
    cells: list[object],
    keys: tuple[str, ...],
    ignore_columns: frozenset[str],
    source: str,
    number: int,
    table: Table,
) -> list[str | None]:
    """The profile key of each column (``None``: not a key); every problem at once."""
    problems: list[UserError] = []

    def problem(message: str, column: str) -> None:
        problems.append(UserError(message, file=source, row=number, key=column or None))

    header: list[str | None] = []
    given: dict[str, str] = {}  # key -> the column that gives it
    meant: set[str] = set()  # keys a bad column was probably meant to give
    seen: set[str] = set()
    for cell in cells:
        column = normalise_column(cell)
        written = " ".join(str(cell).split()) if cell is not None else ""
        header.append(None)
        if not column:
            continue  # an unnamed column (spreadsheets export trailing empty ones)
        if column in seen:
            problem("the column is given twice", written)
            continue
        seen.add(column)
        if column in ignore_columns:
            continue
        key = column if column in keys else aliases.column_key(column)
        if key is not None and (key in keys or key == aliases.GIVEN_NAME):
            if key in given:
                problem(f"gives {key} again (already given by column {given[key]})", written)
                continue
            given[key] = written
            header[-1] = key
            continue
        refused = _refused_column(column, keys)
        if refused is None:
            table.ignored.append(column)
            continue
        message, probably = refused
        if probably is not None:
            meant.add(probably)
        problem(message, written)
    if aliases.GIVEN_NAME in given and "name" not in given:
        given["name"] = given[aliases.GIVEN_NAME]  # a first name alone is the name given
    if not given:
        problem(
            "the header row names no profile key; the first row must name the columns "
            f"({', '.join(keys)})",
            "",
        )
    else:
        from .profile import REQUIRED_KEYS

        for key in REQUIRED_KEYS:
            if key in keys and key not in given and key not in meant:
                problem(
                    f"no column gives the required key {key} "
                    f"(name a column {key} or {_french(key)})",
                    "",
                )
    if problems:
        raise TableError.from_errors(problems)
    return header


def _refused_column(column: str, keys: tuple[str, ...]) -> tuple[str, str | None] | None:
    """Why a column that gives no profile key is refused, with the key it was probably meant
    to give; ``None`` when it is simply left out (listed as ignored)."""
    if column in aliases.AMBIGUOUS_COLUMNS:
        key = aliases.AMBIGUOUS_COLUMNS[column]
        return (
            f"ambiguous column: if it is the {key.replace('_', ' ')}, name it {key}; "
            f"if not, declare it with --ignore-columns {column}",
            key,
        )
    close = looks_like(column, keys) or aliases.close_alias(column)
    if close is not None:
        return (
            f"unknown column (did you mean '{close}'?); rename it, or if it is not a "
            f"profile key declare it with --ignore-columns {column}",
            close,
        )
    if aliases.is_date_like_column(column):
        return (
            "a date column that is not the arrival date; if it is, name it arrival_date "
            f"(or Date d'arrivée), or if not declare it with --ignore-columns {column}",
            None,
        )
    return None


def _french(key: str) -> str:
    return {"name": "Nom", "citizenship": "Nationalité", "status": "Statut"}.get(key, key)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
