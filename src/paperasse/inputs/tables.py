"""Profiles from spreadsheets: CSV (UTF-8 with or without BOM, ``,`` ``;`` or tab) and .xlsx.

One profile a row; the first row is the header and names the profile keys. A spreadsheet row is
numbered as the spreadsheet shows it: the header is row 1, the first client row 2.

Columns that are not profile keys (e-mail, notes, phone…) are ignored, and the caller is told
which. A column that looks like a misspelt profile key (``statut``, ``citizenshp``, ``lang``) is
an error for the whole file, because dropping it silently would drop a condition for every client;
a column that really is something else can be declared with ``ignore_columns``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from .files import FileKind, check_size, did_you_mean, read_text

TABLE_SUFFIXES = (".csv", ".xlsx")

#: Larger spreadsheets are refused before being read.
MAX_TABLE_BYTES = 50_000_000

#: How a spreadsheet is read: its size cap, its noun in messages, what to do if not UTF-8.
TABLE_FILE = FileKind("file", MAX_TABLE_BYTES, advice='export it as "CSV UTF-8"')


@dataclass
class Row:
    """One spreadsheet row: its number as the spreadsheet shows it, and key -> value."""

    number: int
    data: dict[str, object]


@dataclass
class Table:
    """The profile rows of one spreadsheet, and the columns left out."""

    path: Path
    rows: list[Row] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # not profile keys, not declared


def normalise_column(name: object) -> str:
    """``" Arrival date "`` -> ``"arrival_date"``: case, spaces and hyphens do not matter."""
    text = "" if name is None else str(name)
    return "_".join(text.replace("-", " ").replace("\ufeff", "").casefold().split())


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
    """The rows of a .csv or .xlsx file, each keeping only the profile keys' columns.

    Raises :class:`UserError` (file, row 1, the column) for a header with a misspelt key or a
    duplicate column, and for a file that cannot be read.
    """
    source = str(path)
    check_size(path, TABLE_FILE)
    if path.suffix.lower() == ".xlsx":
        records = _xlsx_records(path, source)
    else:
        records = _csv_records(path, source)
    table = Table(path)
    header: list[str] | None = None
    for number, cells in records:
        if header is None:
            if all(_blank(cell) for cell in cells):
                continue
            header = [normalise_column(cell) for cell in cells]
            _check_header(header, keys, ignore_columns, source, number, table)
            continue
        if all(_blank(cell) for cell in cells):
            continue  # blank rows between clients
        if len(cells) > len(header) and not all(_blank(c) for c in cells[len(header) :]):
            raise UserError(
                f"the row has {len(cells)} cells but the header only {len(header)} columns",
                file=source,
                row=number,
            )
        data = {
            column: cell
            for column, cell in zip(header, cells, strict=False)
            if column in keys and column not in ignore_columns and not _blank(cell)
        }
        table.rows.append(Row(number, data))
    if header is None:
        raise UserError(
            "the spreadsheet is empty (no header row with the profile keys)", file=source
        )
    return table


def _check_header(
    header: list[str],
    keys: tuple[str, ...],
    ignore_columns: frozenset[str],
    source: str,
    number: int,
    table: Table,
) -> None:
    seen: set[str] = set()
    for column in header:
        if not column:
            continue  # an unnamed column (spreadsheets export trailing empty ones)
        if column in seen:
            raise UserError("the column is given twice", file=source, row=number, key=column)
        seen.add(column)
        if column in keys or column in ignore_columns:
            continue
        close = looks_like(column, keys)
        if close is not None:
            raise UserError(
                f"unknown column (did you mean '{close}'?); rename it, or if it is not a profile "
                f"key declare it with --ignore-columns {column}",
                file=source,
                row=number,
                key=column,
            )
        table.ignored.append(column)
    if not any(column in keys for column in header):
        raise UserError(
            f"the header row names no profile key; the first row must name the columns "
            f"({', '.join(keys)})",
            file=source,
            row=number,
        )


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_records(path: Path, source: str) -> Iterator[tuple[int, list[object]]]:
    text = read_text(path, TABLE_FILE)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield number, list(cells)
    except csv.Error as exc:
        raise UserError(f"malformed CSV: {exc}", file=source, row=number + 1) from None


def detect_delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever the header line holds most of (``,`` on a tie)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _xlsx_records(path: Path, source: str) -> Iterator[tuple[int, list[object]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(f"cannot read the .xlsx file: {exc}", file=source) from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_value(cell) for cell in cells]
    finally:
        book.close()


def _xlsx_value(cell: object) -> object:
    """Spreadsheet cells as a profile reads them: a date typed as a date stays a date, a whole
    number (an id typed as a number) becomes its digits."""
    if isinstance(cell, dt.datetime):
        return cell.date() if cell.time() == dt.time() else cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)
    return cell
