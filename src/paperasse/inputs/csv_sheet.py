"""Reading a CSV spreadsheet: its encoding (UTF-8, UTF-16 or Windows-1252), its delimiter,
and its records one at a time, a bad record failing its row only."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import UserError
from .files import FileKind, read_bytes

#: What each reader gives: (row number, its cells or the problem that kept it from being read).
Records = Iterator[tuple[int, "list[object] | UserError"]]

#: Larger spreadsheets are refused before being read.
MAX_TABLE_BYTES = 50_000_000

#: How a spreadsheet is read: its size cap, its noun in messages, what to do if not readable.
TABLE_FILE = FileKind(
    "file", MAX_TABLE_BYTES, advice='export it as "CSV UTF-8" (or Windows-1252 "CSV")'
)

#: A CSV cell longer than this fails its row (the csv module's own default field limit).
MAX_CELL_CHARS = 131_072

#: Encodings a CSV is read in, in this order (README): the name said in the notice.
UTF8, UTF8_BOM, UTF16, CP1252 = "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"

#: Excel's first line naming the delimiter (``sep=;``), which Excel itself does not show.
_SEP_LINE = re.compile(r"sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)

#: A UTF-8 sequence of two to four bytes (an accented letter), which Windows-1252 text
#: practically never holds ("Ã©" is é in UTF-8 read as Windows-1252).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def csv_records(path: Path, source: str, encoding: Callable[[str], None]) -> Records:
    """Each record (row) of a CSV file, or the problem that kept one from being read; the
    reader goes on after a bad record, so one bad row does not lose the good ones. ``encoding``
    is told the name of the encoding the file is read in."""
    text, name = decode_table(read_bytes(path, TABLE_FILE), source)
    encoding(name)
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
