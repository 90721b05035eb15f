"""Reading an .xlsx spreadsheet: its first sheet, streamed, after a check of what its zip
unpacks to; openpyxl's errors told in words."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ..errors import UserError
from .csv_sheet import Records

#: An .xlsx file is a zip: what its parts may unpack to, at most (a "zip bomb" is refused
#: from the sizes its directory declares, which the zip reader also enforces while reading).
MAX_XLSX_UNPACKED_BYTES = 200_000_000


def xlsx_records(path: Path, source: str) -> Records:
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
        return str(exc)
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
