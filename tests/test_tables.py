"""paperasse.inputs.tables: spreadsheet rows as profile mappings (fast, no PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperasse.errors import UserError
from paperasse.inputs.profile import KNOWN_KEYS, profile_from_mapping
from paperasse.inputs.tables import looks_like, read_table


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
