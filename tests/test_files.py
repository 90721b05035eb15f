"""paperasse.inputs.files: the bounded reader, the YAML loader, did-you-mean, pydantic errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from paperasse.errors import UsageError, UserError
from paperasse.inputs.files import (
    FileKind,
    did_you_mean,
    has_control,
    load_yaml_mapping,
    read_bytes,
    read_text,
    validation_errors,
)

KIND = FileKind("test file", 100)


def test_read_text_drops_the_bom_and_keeps_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffZoë\n".encode())
    assert read_text(path, KIND) == "Zoë\n"


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(UserError) as caught:
        read_bytes(path, KIND)
    assert str(caught.value) == f"{path}: the test file is too large (101 bytes, at most 100)"
    path.write_bytes(b"x" * 100)
    assert len(read_bytes(path, KIND)) == 100


def test_missing_file_and_error_class(tmp_path: Path) -> None:
    kind = FileKind("brand file", 100, UsageError)
    with pytest.raises(UsageError, match="cannot read the brand file: No such file"):
        read_text(tmp_path / "nope.yaml", kind)


def test_bad_utf8_names_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name\nZo\xeb\n".encode("latin-1"))
    kind = FileKind("file", 100, advice='export it as "CSV UTF-8"')
    with pytest.raises(UserError) as caught:
        read_text(path, kind)
    assert caught.value.line == 2
    assert str(caught.value) == (
        f'{path}:2: the file is not valid UTF-8 (byte 0xeb on line 2); export it as "CSV UTF-8"'
    )


def test_yaml_mapping_lines_and_kept_text() -> None:
    data, lines = load_yaml_mapping(
        "# c\nname: Ana\ncitizenship: NO\nid: 007\n", "p.yaml", KIND, keep_text=("citizenship",)
    )
    assert data == {"name": "Ana", "citizenship": "NO", "id": 7}
    assert lines == {"name": 2, "citizenship": 3, "id": 4}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key (first given on line 1)"),
        ("a: &x 1\nb: *x\n", 1, "anchors and aliases"),
        ("- a\n- b\n", 1, "must be a mapping of keys to values (name: ...), not a list"),
        ("a: [1\n", None, "malformed YAML"),
        ("# nothing\n", None, "the test file is empty"),
    ],
)
def test_yaml_mapping_errors(text: str, line: int | None, message: str) -> None:
    with pytest.raises(UserError) as caught:
        load_yaml_mapping(text, "p.yaml", KIND)
    assert message in str(caught.value)
    if line is not None:
        assert caught.value.line == line
    assert "\n" not in str(caught.value)


def test_did_you_mean() -> None:
    assert did_you_mean("Statut", ("worker", "status")) == "status"
    assert did_you_mean("email", ("name", "status")) is None
    assert did_you_mean("agent", ("talent",), cutoff=0.75) is None
    assert did_you_mean("nmae", ("name",), cutoff=0.75) == "name"
    assert did_you_mean("x" * 101, ("x" * 101,)) is None


def test_has_control() -> None:
    assert has_control("a\nb") and has_control("a\u2028b") and has_control("\x1b[31m")
    assert not has_control("Zoë Ünal-Smith · +33")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    age: int = 0

    @field_validator("age", mode="before")
    @classmethod
    def _check(cls, value: object) -> int:
        raise ValueError("must be a whole number")


def test_validation_errors_are_one_line_each() -> None:
    data = {"age": "x"}
    with pytest.raises(ValidationError) as caught:
        _Model.model_validate(data)
    errors = validation_errors(
        caught.value, source="p.yaml", data=data, lines={"age": 4}, allowed=lambda k: "a name"
    )
    assert [str(e) for e in errors] == [
        "p.yaml: name: required key is missing (a name)",
        "p.yaml:4: age = 'x': must be a whole number",
    ]
