"""paperasse.inputs.tables: spreadsheet rows as profile mappings (fast, no PDF)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from paperasse.errors import UserError
from paperasse.inputs.profile import KNOWN_KEYS, profile_from_mapping
from paperasse.inputs.tables import TableError, looks_like, read_table


def test_household_columns_are_profile_keys(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text(
        "Name;Citizenship;Status;Scholarship;Posted;Talent;Partner;Children;E-mail\n"
        'Amel;DZ;student;OUI;non;No;yes;"4, 17";amel@example.org\n'
        "Bo;SE;worker;;;;;2;\n",
        encoding="utf-8",
    )
    table = read_table(sheet, KNOWN_KEYS)
    assert table.ignored == ["e_mail"]
    amel, bo = (profile_from_mapping(r.data, source=str(sheet), row=r.number) for r in table.rows)
    assert (amel.scholarship, amel.posted, amel.talent, amel.partner) == (True, False, False, True)
    assert amel.children == (4, 17)
    assert amel.tags() == frozenset(
        {
            "non-eu",
            "student",
            "citizenship:dz",
            "scholarship",
            "partner",
            "children",
            "child-3-16",
            "child-over-16",
        }
    )
    assert bo.children == 2 and bo.scholarship is None
    assert bo.tags() == frozenset({"eu", "worker", "citizenship:se", "children"})


def test_a_bad_household_cell_names_row_key_and_value(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("name,citizenship,status,partner\nAmel,DZ,student,maybe\n")
    row = read_table(sheet, KNOWN_KEYS).rows[0]
    with pytest.raises(UserError) as info:
        profile_from_mapping(row.data, source=str(sheet), row=row.number)
    assert str(info.value) == (
        f"{sheet}, row 2: partner = 'maybe': must be yes or no (or true/false, oui/non)"
    )


@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("scholarhsip", "scholarship"),
        ("partener", "partner"),
        ("child", "children"),
        ("postd", "posted"),
        ("statut", "status"),
    ],
)
def test_misspelt_household_columns_are_caught(column: str, key: str) -> None:
    assert looks_like(column, KNOWN_KEYS) == key


@pytest.mark.parametrize("column", ["agent", "kids", "notes", "phone", "passport", "enfants"])
def test_ordinary_columns_are_not_taken_for_keys(column: str) -> None:
    assert looks_like(column, KNOWN_KEYS) is None


# ------------------------------------------------------------------ as agencies save them

FRENCH_EXCEL = (
    "Nom;Nationalité;Statut;Langue;Date d’arrivée;E-mail\r\n"
    "Zoë Ünal;Brésil;étudiante;Français;14/12/2026;zoe@example.org\r\n"
    "Jérôme Brûlé;Algérie;Salarié;anglais;02.01.2027;\r\n"
    "Bo;SE;SALARIÉE;EN;2027-01-05 00:00;\r\n"
)


def rows_of(path: Path, **kwargs: object) -> list[tuple[object, ...]]:
    table = read_table(path, KNOWN_KEYS, **kwargs)  # type: ignore[arg-type]
    found = []
    for row in table.rows:
        assert row.error is None, row.error
        p = profile_from_mapping(row.data, source=str(path), row=row.number, day_first=True)
        found.append((p.name, p.citizenship, p.status, p.language, p.arrival_date))
    return found


def test_a_csv_saved_by_french_excel(tmp_path: Path) -> None:
    """Windows-1252, ';', CRLF, French headers and values, day-first dates."""
    sheet = tmp_path / "clients.csv"
    sheet.write_bytes(FRENCH_EXCEL.encode("cp1252"))
    assert b"\r\n" in sheet.read_bytes() and b"\xe9" in sheet.read_bytes()  # é in cp1252
    table = read_table(sheet, KNOWN_KEYS)
    assert table.encoding == "Windows-1252"
    assert table.ignored == ["e_mail"]
    assert rows_of(sheet) == [
        ("Zoë Ünal", "BR", "student", "fr", dt.date(2026, 12, 14)),
        ("Jérôme Brûlé", "DZ", "worker", "en", dt.date(2027, 1, 2)),
        ("Bo", "SE", "worker", "en", dt.date(2027, 1, 5)),
    ]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16")],
)
def test_utf8_bom_and_utf16_are_read_and_named(tmp_path: Path, encoding: str, name: str) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_bytes(FRENCH_EXCEL.encode(encoding))
    assert read_table(sheet, KNOWN_KEYS).encoding == name
    assert [r[0] for r in rows_of(sheet)] == ["Zoë Ünal", "Jérôme Brûlé", "Bo"]


def test_every_alias_is_documented_in_the_readme() -> None:
    from paperasse.inputs.aliases import COLUMN_ALIASES, VALUE_ALIASES, fold_word

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- aliases -->")
    table = readme[start : readme.index("<!-- /aliases -->")]
    written = {fold_word(w) for w in re.findall(r"`([^`]+)`", table)}
    for key, names in COLUMN_ALIASES.items():
        assert {key, *names} <= written, key
    for words in VALUE_ALIASES.values():
        for canonical, names in words.items():
            assert {canonical, *names} <= written, canonical


def test_every_header_problem_is_reported_at_once(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("Nom,Nationalite,Date,Langauge,Date de naissance,Nom\nA,BR,1/2/2026,fr,,A\n")
    with pytest.raises(TableError) as info:
        read_table(sheet, KNOWN_KEYS)
    lines = [str(e) for e in info.value.errors]
    assert lines == [
        f"{sheet}, row 1: Date: ambiguous column: if it is the arrival date, name it "
        "arrival_date; if not, declare it with --ignore-columns date",
        f"{sheet}, row 1: Langauge: unknown column (did you mean 'language'?); rename it, or if "
        "it is not a profile key declare it with --ignore-columns langauge",
        f"{sheet}, row 1: Date de naissance: a date column that is not the arrival date; if it "
        "is, name it arrival_date (or Date d'arrivée), or if not declare it with "
        "--ignore-columns date_de_naissance",
        f"{sheet}, row 1: Nom: the column is given twice",
        f"{sheet}, row 1: no column gives the required key status (name a column status or Statut)",
    ]


def test_a_declared_column_is_ignored_silently(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("name,citizenship,status,Date,Date de naissance\nA,BR,worker,x,1/2/1990\n")
    table = read_table(sheet, KNOWN_KEYS, frozenset({"date", "date_de_naissance"}))
    assert table.ignored == [] and table.rows[0].data == {
        "name": "A",
        "citizenship": "BR",
        "status": "worker",
    }


def test_a_column_of_dates_under_another_name_is_an_error(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("name,citizenship,status,Jour J,notes\nA,BR,worker,14/12/2026,x\n")
    with pytest.raises(TableError) as info:
        read_table(sheet, KNOWN_KEYS)
    assert str(info.value).startswith(
        f"{sheet}, row 1: jour_j: the column holds dates but is not the arrival date"
    )
    sheet.write_text("name,citizenship,status,arrivée,Jour J\nA,BR,worker,14/12/2026,14/12/2026\n")
    assert read_table(sheet, KNOWN_KEYS).ignored == ["jour_j"]  # the arrival date is there


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2026", "is not a valid date (day/month/year or YYYY-MM-DD"),
        ("14/12/26", "must give the year in four digits"),
        ("12/14/2026", "is not a valid date"),
        ("soon", "must be a date such as 02/11/2026 or 2026-11-02"),
        ("9999-12-31", "is not a real arrival date (years 1900 to 2199); leave it empty"),
        ("14/12/2026 10:30", "must be a date without a time"),
        ("31/12/9999", "is not a real arrival date"),
    ],
)
def test_bad_dates_name_row_key_and_value(tmp_path: Path, cell: str, message: str) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text(f"name;citizenship;status;Date d'arrivée\nA;BR;worker;{cell}\n")
    row = read_table(sheet, KNOWN_KEYS).rows[0]
    with pytest.raises(UserError) as info:
        profile_from_mapping(row.data, source=str(sheet), row=row.number, day_first=True)
    assert str(info.value).startswith(f"{sheet}, row 2: arrival_date = '{cell}': {message}")


def test_a_profile_file_keeps_iso_dates_only() -> None:
    data = {"name": "A", "citizenship": "BR", "status": "worker", "arrival_date": "14/12/2026"}
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        profile_from_mapping(data, source="p.yaml")
    data["arrival_date"] = "9999-12-31"
    with pytest.raises(UserError, match="not a real arrival date"):
        profile_from_mapping(data, source="p.yaml")


def test_a_huge_cell_or_a_quoting_slip_fails_only_its_row(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    big = "x" * 200_000
    sheet.write_text(
        "name,citizenship,status\n"
        "Ana,BR,worker\n"
        f"{big},BR,worker\n"
        '"Bo"x,SE,worker\n'
        "Cy,SE,student\n"
        '"Di,SE,student\n'
        "Ed,SE,student\n"
    )
    rows = read_table(sheet, KNOWN_KEYS).rows
    assert [(r.number, r.data.get("name")) for r in rows if r.error is None] == [
        (2, "Ana"),
        (5, "Cy"),
    ]
    errors = [str(r.error) for r in rows if r.error is not None]
    assert errors == [
        f"{sheet}, row 3: a cell is longer than 131072 characters; the row is not read",
        f"{sheet}, row 4: malformed CSV on line 4: ',' expected after '\"'; the row is not read",
        f'{sheet}, row 6: malformed CSV: a quote (") opened on line 6 is never closed, so lines '
        "6 to 7 are not read",
    ]


# ------------------------------------------------------------------ .xlsx, hostile or broken


def xlsx(path: Path, rows: list[list[object]], edit: dict[str, object] | None = None) -> Path:
    """An .xlsx of ``rows``; ``edit`` maps a part's name to a function of its text (or None to
    drop the part)."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename).decode("utf-8")
            change = (edit or {}).get(info.filename, lambda text: text)
            if change is None:
                continue
            dst.writestr(info.filename, change(data))  # type: ignore[operator]
    return path


CLIENTS = [["name", "citizenship", "status"]] + [[f"P{i}", "BR", "worker"] for i in range(7)]
SHEET = "xl/worksheets/sheet1.xml"


def test_xlsx_with_a_stale_declared_range_loses_no_row(tmp_path: Path) -> None:
    def stale(text: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:C3"', text)

    path = xlsx(tmp_path / "c.xlsx", CLIENTS, {SHEET: stale})
    assert 'ref="A1:C3"' in __import__("zipfile").ZipFile(path).read(SHEET).decode()
    rows = read_table(path, KNOWN_KEYS).rows
    assert [r.data["name"] for r in rows] == [f"P{i}" for i in range(7)]  # 7 rows in, 7 out


def test_xlsx_over_the_unpacked_size_cap_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paperasse.inputs.xlsx_sheet as xlsx_sheet

    path = xlsx(tmp_path / "c.xlsx", CLIENTS)
    monkeypatch.setattr(xlsx_sheet, "MAX_XLSX_UNPACKED_BYTES", 2_000)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(UserError) as info:
        read_table(path, KNOWN_KEYS)
    assert str(info.value).startswith(f"{path}: the .xlsx file unpacks to ")
    assert "more than the limit of 2000" in str(info.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {SHEET: lambda t: '<!DOCTYPE w [<!ENTITY a "b">]>' + t.replace("P1", "&a;")},
            "it declares XML entities, which are refused",
        ),
        (
            {"xl/workbook.xml": lambda t: '<!DOCTYPE w [<!ENTITY a "b">]>' + t},
            "it declares XML entities, which are refused",
        ),
        ({"xl/workbook.xml": lambda t: re.sub(r"<sheet [^>]*/>", "", t)}, "has no sheet"),
        ({"xl/workbook.xml": None}, "cannot read the .xlsx file"),
    ],
)
def test_broken_or_hostile_xlsx_is_one_line(
    tmp_path: Path, edit: dict[str, object], message: str
) -> None:
    path = xlsx(tmp_path / "c.xlsx", CLIENTS, edit)
    with pytest.raises(UserError) as info:
        read_table(path, KNOWN_KEYS)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text, text
    assert "\n" not in text and "Error" not in text


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('<c r="A5" t="n"><v>not a number</v></c>', "a cell holds a value that cannot be read"),
        ('<c r="A5" t="d"><v>2026-99-99</v></c>', "a cell holds a value that cannot be read"),
        ("<c r=", "malformed XML"),
    ],
)
def test_an_unreadable_xlsx_row_fails_there_and_keeps_the_rows_before(
    tmp_path: Path, cell: str, message: str
) -> None:
    def odd(text: str) -> str:
        return re.sub(r'<c r="A5"[^>]*>.*?</c>', cell, text, count=1)

    path = xlsx(tmp_path / "c.xlsx", CLIENTS, {SHEET: odd})
    rows = read_table(path, KNOWN_KEYS).rows
    assert [r.data["name"] for r in rows if r.error is None] == ["P0", "P1", "P2"]
    assert rows[-1].number == 5
    assert str(rows[-1].error).startswith(f"{path}, row 5: cannot read the row ({message}")


def test_first_and_last_name_columns_make_the_name(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text(
        "Nom;Prénom;Nationalité;Statut\nSouza;Ana;BR;étudiante\nKowalski;;PL;salarié\n"
    )
    assert [r[0] for r in rows_of(sheet)] == ["Ana Souza", "Kowalski"]
    sheet.write_text("First name;Nationality;Status\nAna;BR;student\n")
    assert [r[0] for r in rows_of(sheet)] == ["Ana"]


@pytest.mark.parametrize(
    ("column", "key"), [("Nationalit", "citizenship"), ("Date d'arivée", "arrival_date")]
)
def test_a_misspelt_french_column_gets_a_did_you_mean(
    tmp_path: Path, column: str, key: str
) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text(f"name;citizenship;status;{column}\nA;BR;worker;x\n")
    with pytest.raises(TableError) as info:
        read_table(sheet, KNOWN_KEYS)
    assert f"{column}: unknown column (did you mean '{key}'?)" in str(info.value)


def test_utf8_with_a_stray_byte_is_refused_not_read_as_windows_1252(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_bytes("name;citizenship;status\nZoë;FR;worker\n".encode() + b"Bo\xe9;SE;worker\n")
    with pytest.raises(UserError) as info:
        read_table(sheet, KNOWN_KEYS)
    assert str(info.value) == (
        f"{sheet}:3: the file mixes UTF-8 text with bytes that are not UTF-8 (byte 0xe9 on line "
        '3); export it as "CSV UTF-8" (or Windows-1252 "CSV")'
    )


def test_excels_sep_line_names_the_delimiter_and_is_not_a_row(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("sep=;\r\nName;Citizenship;Status\r\nAna, Maria;BR;student\r\n")
    rows = read_table(sheet, KNOWN_KEYS).rows
    assert [(r.number, r.data["name"]) for r in rows] == [(2, "Ana, Maria")]
