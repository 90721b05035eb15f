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

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from . import aliases
from .files import FileKind, check_size, did_you_mean, read_bytes
from .profile_values import YES_NO_KEYS

TABLE_SUFFIXES = (".csv", ".xlsx")

#: Larger spreadsheets are refused before being read.
MAX_TABLE_BYTES = 50_000_000

#: An .xlsx file is a zip: what its parts may unpack to, at most (a "zip bomb" is refused
#: from the sizes its directory declares, which the zip reader also enforces while reading).
MAX_XLSX_UNPACKED_BYTES = 200_000_000

#: A CSV cell longer than this fails its row (the csv module's own default field limit).
MAX_CELL_CHARS = 131_072

#: How a spreadsheet is read: its size cap, its noun in messages, what to do if not readable.
TABLE_FILE = FileKind(
    "file", MAX_TABLE_BYTES, advice='export it as "CSV UTF-8" (or Windows-1252 "CSV")'
)

#: Encodings a CSV is read in, in this order (README): the name said in the notice.
UTF8, UTF8_BOM, UTF16, CP1252 = "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"

#: Excel's first line naming the delimiter (``sep=;``), which Excel itself does not show.
_SEP_LINE = re.compile(r"sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)

#: A UTF-8 sequence of two to four bytes (an accented letter), which Windows-1252 text
#: practically never holds ("Ã©" is é in UTF-8 read as Windows-1252).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

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


class TableError(UserError):
    """Problems with a whole spreadsheet (its header): ``str()`` the first, ``errors`` all."""

    errors: list[UserError]

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
        records = _xlsx_records(path, source)
    else:
        records = _csv_records(path, source, table)
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
        if column in aliases.AMBIGUOUS_COLUMNS:
            key = aliases.AMBIGUOUS_COLUMNS[column]
            meant.add(key)
            problem(
                f"ambiguous column: if it is the {key.replace('_', ' ')}, name it {key}; "
                f"if not, declare it with --ignore-columns {column}",
                written,
            )
            continue
        close = looks_like(column, keys) or aliases.close_alias(column)
        if close is not None:
            meant.add(close)
            problem(
                f"unknown column (did you mean '{close}'?); rename it, or if it is not a "
                f"profile key declare it with --ignore-columns {column}",
                written,
            )
            continue
        if aliases.is_date_like_column(column):
            problem(
                "a date column that is not the arrival date; if it is, name it arrival_date "
                f"(or Date d'arrivée), or if not declare it with --ignore-columns {column}",
                written,
            )
            continue
        table.ignored.append(column)
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


def _french(key: str) -> str:
    return {"name": "Nom", "citizenship": "Nationalité", "status": "Statut"}.get(key, key)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


Records = Iterator[tuple[int, "list[object] | UserError"]]


def _csv_records(path: Path, source: str, table: Table) -> Records:
    """Each record (row) of a CSV file, or the problem that kept one from being read; the
    reader goes on after a bad record, so one bad row does not lose the good ones."""
    text, table.encoding = decode_table(read_bytes(path, TABLE_FILE), source)
    hint = _SEP_LINE.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter; Excel hides it, so do we
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        delimiter = detect_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    del text  # only the lines' generator holds it now
    number = 0
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, _csv_problem(str(exc), source, number, first_line, reader.line_num)
            continue
        number += 1
        yield number, list(cells)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, one at a time, as ``io.StringIO(text,
    newline="")`` gives them (``\n``, ``\r\n`` or a lone ``\r``) but without its copy of the
    whole text (four bytes a character: 24 MB for a 6 MB sheet)."""
    start, size = 0, len(text)
    while start < size:
        end = _LINE_END.search(text, start)
        if end is None:
            yield text[start:]
            return
        yield text[start : end.end()]
        start = end.end()


_LINE_END = re.compile(r"\r\n|\n|\r")


def _csv_problem(detail: str, source: str, number: int, first: int, last: int) -> UserError:
    if "field larger than field limit" in detail:
        message = f"a cell is longer than {MAX_CELL_CHARS} characters; the row is not read"
    elif "unexpected end of data" in detail:
        message = (
            f'malformed CSV: a quote (") opened on line {first} is never closed, so lines '
            f"{first} to {last} are not read"
        )
    else:
        message = f"malformed CSV on line {last}: {detail}; the row is not read"
    return UserError(message, file=source, row=number)


def decode_table(raw: bytes, source: str) -> tuple[str, str]:
    """A CSV's text and the name of its encoding: UTF-8 (with or without a BOM), UTF-16 with
    a BOM (Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV" on Windows) when
    ``charset-normalizer`` finds the bytes to be text in it; anything else is refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, name = "utf-8-sig", UTF8_BOM
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, name = "utf-16", UTF16
    else:
        encoding, name = "utf-8", UTF8
    try:
        return raw.decode(encoding), name
    except UnicodeDecodeError as exc:
        if name != UTF8:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise UserError(
                f"the file is not valid {name} (byte 0x{raw[exc.start]:02x} on line {line}); "
                f"{TABLE_FILE.advice}",
                file=source,
                line=line,
            ) from None
        utf8_error = exc
    line = raw.count(b"\n", 0, utf8_error.start) + 1
    if _UTF8_SEQUENCE.search(raw):  # "Zoë" in UTF-8 and a stray byte: reading it as
        raise UserError(  # Windows-1252 would print "ZoÃ«" on the client's paperwork
            f"the file mixes UTF-8 text with bytes that are not UTF-8 (byte "
            f"0x{raw[utf8_error.start]:02x} on line {line}); {TABLE_FILE.advice}",
            file=source,
            line=line,
        )
    from charset_normalizer import from_bytes

    # Only Windows-1252 is tried: without the isolation, short French text is taken for
    # Central European (cp1250); what charset-normalizer adds is telling text from junk.
    best = from_bytes(raw, cp_isolation=["cp1252"]).best()
    if best is not None and best.encoding == "cp1252":
        return str(best), CP1252
    raise UserError(
        f"the file is not valid UTF-8 (byte 0x{raw[utf8_error.start]:02x} on line {line}) "
        f"and does not read as Windows-1252 text either; {TABLE_FILE.advice}",
        file=source,
        line=line,
    )


def detect_delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever the header line holds most of (``,`` on a tie)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _xlsx_records(path: Path, source: str) -> Records:
    """The rows of the first sheet, read in streaming mode with the sheet's declared range
    dropped (a stale one would drop rows); a row that cannot be read ends the sheet there."""
    import warnings

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise UserError(f"cannot read the .xlsx file: {_xlsx_problem(exc)}", file=source) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise UserError(
            f"the .xlsx file unpacks to {unpacked} bytes, more than the limit of "
            f"{MAX_XLSX_UNPACKED_BYTES}",
            file=source,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any parser error of a hostile or broken file is the file's
        raise UserError(f"cannot read the .xlsx file: {_xlsx_problem(exc)}", file=source) from None
    number = 0
    try:
        if not book.worksheets:
            raise UserError("the .xlsx file has no sheet", file=source)
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cells = next(rows)
                    values = [_xlsx_value(cell) for cell in cells]
            except StopIteration:
                return
            except Exception as exc:  # as above: a broken sheet is the file's problem
                yield (
                    number + 1,
                    UserError(
                        f"cannot read the row ({_xlsx_problem(exc)}); the rows after it are not "
                        "read either",
                        file=source,
                        row=number + 1,
                    ),
                )
                return
            number += 1
            yield number, values
    finally:
        book.close()


def _xlsx_problem(exc: BaseException) -> str:
    """What went wrong reading an .xlsx file, in words (no Python class names): the first
    cause that says something, following openpyxl's wrapping of the parser's error."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for cause in chain:
        name = type(cause).__name__
        if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            return "it declares XML entities, which are refused"
        if name in ("ParseError", "XMLSyntaxError", "ExpatError"):
            return f"malformed XML ({cause})"
    if "invalid XML" in str(exc):
        return "malformed XML"
    if isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile)):
        return f"not a valid .xlsx (zip) file: {exc}"
    if isinstance(exc, (OverflowError, ValueError, TypeError)):
        return f"a cell holds a value that cannot be read: {exc}"
    if isinstance(exc, KeyError):
        return f"a part of the workbook is missing: {exc}"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or "the workbook is malformed"


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
