"""Profiles: reading YAML/TOML/JSON, validation, one-line errors, output file stems."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperasse.countries import EU_EEA_CH_CODES, country_name, lookup_country
from paperasse.errors import UserError
from paperasse.inputs.profile import (
    KNOWN_KEYS,
    MAX_PROFILE_BYTES,
    PROFILE_SUFFIXES,
    Profile,
    ProfileError,
    profile_from_mapping,
    read_profile,
)
from paperasse.inputs.stems import short_hash, slugify


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def make(**data: object) -> Profile:
    base: dict[str, object] = {"name": "Ana", "citizenship": "BR", "status": "worker"}
    base.update(data)
    return profile_from_mapping(base, source="test")


def error_of(path: Path) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        read_profile(path)
    text = str(info.value)
    assert "\n" not in text
    assert path.name in text
    return info.value


# ------------------------------------------------------------------ valid files


def test_suffixes() -> None:
    assert PROFILE_SUFFIXES == (".yaml", ".yml", ".toml", ".json")


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        (
            "ana.yaml",
            "name: Ana Souza\ncitizenship: br\nstatus: Worker\nlanguage: fr\n"
            "arrival_date: 2026-11-02\nid: ana-2026\n",
        ),
        (
            "ana.yml",
            'name: "Ana Souza"\ncitizenship: "Brésil"\nstatus: worker\nlanguage: FR\n'
            'arrival_date: "2026-11-02"\nid: ana-2026\n',
        ),
        (
            "ana.toml",
            'name = "Ana Souza"\ncitizenship = "Brazil"\nstatus = "worker"\nlanguage = "fr"\n'
            'arrival_date = 2026-11-02\nid = "ana-2026"\n',
        ),
        (
            "ana.json",
            '{"name": "Ana Souza", "citizenship": "BR", "status": "WORKER", "language": "fr",'
            ' "arrival_date": "2026-11-02", "id": "ana-2026"}',
        ),
    ],
)
def test_valid_profile_each_format(tmp_path: Path, filename: str, content: str) -> None:
    profile = read_profile(write(tmp_path, filename, content))
    assert profile.name == "Ana Souza"
    assert profile.citizenship == "BR"
    assert profile.status == "worker"
    assert profile.language == "fr"
    assert profile.arrival_date == dt.date(2026, 11, 2)
    assert profile.id == "ana-2026"
    assert profile.output_stem() == "ana-2026"
    assert not profile.is_eu
    assert profile.tags() == frozenset({"non-eu", "worker", "citizenship:br"})


def test_defaults_and_minimal(tmp_path: Path) -> None:
    profile = read_profile(
        write(tmp_path, "p.yaml", "name: Bo\ncitizenship: eu\nstatus: student\n")
    )
    assert profile.language == "en"
    assert profile.arrival_date is None
    assert profile.id is None
    assert profile.citizenship == "EU"
    assert profile.tags() == frozenset({"eu", "student"})
    assert profile.output_stem() == "bo"


def test_profile_is_frozen() -> None:
    profile = make()
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        profile.name = "Other"  # type: ignore[misc]


def test_yaml_norway_is_not_false(tmp_path: Path) -> None:
    # YAML 1.1 reads a bare NO as false; the profile must read it as Norway.
    profile = read_profile(
        write(tmp_path, "p.yaml", "name: Ola\ncitizenship: NO\nstatus: worker\n")
    )
    assert profile.citizenship == "NO"
    assert profile.is_eu


def test_yaml_numeric_id_kept_as_written(tmp_path: Path) -> None:
    text = "name: Ola\ncitizenship: no\nstatus: worker\nid: 007\n"
    assert read_profile(write(tmp_path, "p.yaml", text)).id == "007"


def test_utf8_bom_accepted(tmp_path: Path) -> None:
    data = "\ufeffname: Zoë\ncitizenship: FR\nstatus: student\n".encode()
    assert read_profile(write(tmp_path, "p.yaml", data)).name == "Zoë"
    json_data = '\ufeff{"name": "Zoë", "citizenship": "fr", "status": "student"}'.encode()
    assert read_profile(write(tmp_path, "p.json", json_data)).citizenship == "FR"


# ------------------------------------------------------------------ citizenship


@pytest.mark.parametrize("code", ["IS", "LI", "NO", "CH", "DE", "fr", "at", "hr", "eu", "Eu"])
def test_eu_citizenships(code: str) -> None:
    assert make(citizenship=code).is_eu


@pytest.mark.parametrize(
    "code", ["GB", "US", "BR", "DZ", "gb", "us", "br", "dz", "non-eu", "NON-EU"]
)
def test_non_eu_citizenships(code: str) -> None:
    profile = make(citizenship=code)
    assert not profile.is_eu
    assert "non-eu" in profile.tags()


def test_eu_list_is_explicit() -> None:
    assert len(EU_EEA_CH_CODES) == 31
    assert {"IS", "LI", "NO", "CH"} <= EU_EEA_CH_CODES
    assert not {"GB", "US", "TR"} & EU_EEA_CH_CODES


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Brazil", "BR"),
        ("brazil", "BR"),
        ("Brésil", "BR"),
        ("bresil", "BR"),
        ("germany", "DE"),
        ("Allemagne", "DE"),
        ("ALLEMAGNE", "DE"),
        ("Federal Republic of Germany", "DE"),
        ("États-Unis", "US"),
        ("Royaume-Uni", "GB"),
        ("South Korea", "KR"),
        ("Corée du Sud", "KR"),
        ("Suisse", "CH"),
        ("Côte d'Ivoire", "CI"),
        ("Algérie", "DZ"),
        ("  Norway ", "NO"),
        ("Norvège", "NO"),
    ],
)
def test_country_names_en_fr(text: str, code: str) -> None:
    assert make(citizenship=text).citizenship == code


def test_country_name_and_labels() -> None:
    assert country_name("BR", "en") == "Brazil"
    assert country_name("br", "fr") == "Brésil"
    assert country_name("DE", "fr") == "Allemagne"
    assert make(citizenship="BR").citizenship_label("en") == "Brazil (non-EU)"
    assert make(citizenship="BR").citizenship_label("fr") == "Brésil (hors UE)"
    assert make(citizenship="de").citizenship_label("en") == "Germany (EU/EEA/Switzerland)"
    assert make(citizenship="de").citizenship_label("fr") == "Allemagne (UE/EEE/Suisse)"
    assert make(citizenship="eu").citizenship_label("en") == "EU/EEA/Swiss citizen"
    assert make(citizenship="eu").citizenship_label("fr") == "citoyen UE/EEE/Suisse"
    assert make(citizenship="non-eu").citizenship_label("en") == "Non-EU citizen"
    assert make(citizenship="non-eu").citizenship_label("fr") == "hors UE"
    with pytest.raises(KeyError):
        country_name("XX", "en")


def test_lookup_unknown() -> None:
    assert lookup_country("Atlantis") is None


def test_country_typo_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "alice.yaml", "name: Alice\ncitizenship: Brazl\nstatus: worker\n")
    text = str(error_of(path))
    assert text.startswith(f"{path}:2: citizenship = 'Brazl': ")
    assert "did you mean 'Brazil' (BR)?" in text


def test_country_typo_french() -> None:
    with pytest.raises(ProfileError, match=r"did you mean 'Allemagne' \(DE\)\?"):
        make(citizenship="Allemagn")


def test_bad_country_code() -> None:
    with pytest.raises(ProfileError) as info:
        make(citizenship="XX")
    assert "citizenship = 'XX'" in str(info.value)
    assert "'eu' or 'non-eu'" in str(info.value)


def test_non_eu_spelling_hint() -> None:
    with pytest.raises(ProfileError, match="did you mean 'non-eu'"):
        make(citizenship="non_eu")


# ------------------------------------------------------------------ errors in values


def test_status_typo(tmp_path: Path) -> None:
    path = write(tmp_path, "alice.yaml", "name: Alice\ncitizenship: BR\nstatus: wroker\n")
    err = error_of(path)
    assert str(err) == (
        f"{path}:3: status = 'wroker': must be 'worker' or 'student' (did you mean 'worker'?)"
    )
    assert err.key == "status"
    assert err.line == 3
    assert err.value == "wroker"


def test_unknown_key_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "alice.yaml", "name: Alice\ncitizenshp: BR\nstatus: worker\n")
    err = error_of(path)
    text = str(err)
    assert f"{path}:2: citizenshp = 'BR': unknown key" in text
    assert "did you mean 'citizenship'?" in text
    # citizenship itself is then missing; the count is not read as part of the keys' list
    assert text.endswith(
        "; known keys: " + ", ".join(KNOWN_KEYS) + " [and 1 more problem in this profile]"
    )
    assert [e.key for e in err.errors] == ["citizenshp", "citizenship"]
    assert all(isinstance(e, UserError) for e in err.errors)


def test_missing_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, "p.toml", 'name = "Alice"\nstatus = "student"\n')
    err = error_of(path)
    assert err.key == "citizenship"
    assert "citizenship" in str(err)
    assert "missing" in str(err)
    assert len(err.errors) == 1


def test_several_errors_first_in_file_order(tmp_path: Path) -> None:
    text = "language: de\nstatus: boss\nname: Al\ncitizenship: Atlantis\n"
    err = error_of(write(tmp_path, "p.yaml", text))
    assert err.line == 1
    assert err.key == "language"
    assert str(err).endswith(" [and 2 more problems in this profile]")
    assert [e.line for e in err.errors] == [1, 2, 4]


def test_bad_date(tmp_path: Path) -> None:
    for text in (
        "arrival_date: 2026-02-30\n",
        "arrival_date: '2026-13-01'\n",
        "arrival_date: soon\n",
    ):
        content = "name: A\ncitizenship: BR\nstatus: worker\n" + text
        err = error_of(write(tmp_path, "p.yaml", content))
        assert err.key == "arrival_date"
        assert err.line == 4
        assert "2026-11-02" in str(err)


def test_bad_toml_date(tmp_path: Path) -> None:
    content = 'name = "A"\ncitizenship = "BR"\nstatus = "worker"\narrival_date = "02/11/2026"\n'
    err = error_of(write(tmp_path, "p.toml", content))
    assert err.key == "arrival_date"
    assert err.line == 4


def test_datetime_rejected() -> None:
    with pytest.raises(ProfileError, match="without a time"):
        make(arrival_date=dt.datetime(2026, 11, 2, 10, 0))


def test_unknown_language() -> None:
    with pytest.raises(ProfileError) as info:
        make(language="de")
    assert "language = 'de': must be 'fr' or 'en'" in str(info.value)
    with pytest.raises(ProfileError, match="did you mean 'fr'"):
        make(language="français")


def test_name_rules() -> None:
    assert make(name="  Zoë  ").name == "Zoë"
    for bad in ("", "   ", "a" * 201, "Ana\nSouza", "Ana\x00", ["Ana"], 12, None):
        with pytest.raises(ProfileError) as info:
            make(name=bad)
        assert info.value.key == "name"
        assert "\n" not in str(info.value)


def test_list_for_name_in_yaml(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "p.yaml", "name: [a, b]\ncitizenship: BR\nstatus: worker\n"))
    assert err.key == "name"
    assert "must be text" in str(err)


def test_csv_row_empty_optional_values() -> None:
    row = {"name": "Ana", "citizenship": "br", "status": "student", "language": "",
           "arrival_date": "", "id": ""}  # fmt: skip
    profile = profile_from_mapping(row, source="people.csv", row=3)
    assert profile.language == "en"
    assert profile.arrival_date is None
    assert profile.id is None


def test_csv_row_error_names_row() -> None:
    row = {"name": "Ana", "citizenship": "br", "status": ""}
    with pytest.raises(ProfileError) as info:
        profile_from_mapping(row, source="people.csv", row=3)
    assert str(info.value).startswith("people.csv, row 3: status")


def test_lines_mapping_used() -> None:
    with pytest.raises(ProfileError) as info:
        profile_from_mapping(
            {"name": "A", "citizenship": "BR", "status": "x"}, source="f", lines={"status": 9}
        )
    assert str(info.value).startswith("f:9: status = 'x'")


def test_not_a_mapping() -> None:
    with pytest.raises(ProfileError, match="mapping"):
        profile_from_mapping(["name"], source="f")  # type: ignore[arg-type]


# ------------------------------------------------------------------ malformed files


def test_empty_file(tmp_path: Path) -> None:
    for name in ("p.yaml", "p.toml", "p.json"):
        assert "empty" in str(error_of(write(tmp_path, name, "")))
    assert "empty" in str(error_of(write(tmp_path, "q.yaml", "# nothing\n\n")))


def test_malformed_yaml_has_line(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "p.yaml", "name: A\ncitizenship: BR\nstatus: [worker\n"))
    assert "malformed YAML" in str(err)
    assert err.line is not None and err.line >= 3
    err = error_of(write(tmp_path, "p.yaml", "name: A\n  bad: indent\nstatus: x\n"))
    assert err.line == 2


def test_malformed_toml_has_line(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "p.toml", 'name = "A"\ncitizenship = BR\nstatus = "worker"\n'))
    assert "malformed TOML" in str(err)
    assert err.line == 2
    assert "(at line" not in str(err)


def test_malformed_json_has_line(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "p.json", '{\n"name": "A",\n"citizenship": "BR"\n"status": 1}'))
    assert "malformed JSON" in str(err)
    assert err.line == 4


def test_json_key_lines(tmp_path: Path) -> None:
    err = error_of(
        write(tmp_path, "p.json", '{\n"name": "A",\n"citizenship": "BR",\n"status": 1\n}')
    )
    assert err.line == 4
    assert err.key == "status"


def test_duplicate_keys(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "p.yaml", "name: A\nstatus: worker\nname: B\n"))
    assert err.line == 3 and "duplicate" in str(err)
    err = error_of(write(tmp_path, "p.json", '{"name": "A", "name": "B"}'))
    assert "duplicate" in str(err)
    err = error_of(write(tmp_path, "p.toml", 'name = "A"\nname = "B"\n'))
    assert err.line == 2


def test_top_level_not_mapping(tmp_path: Path) -> None:
    for name, text in (("p.yaml", "- a\n- b\n"), ("p.json", "[1, 2]"), ("q.yaml", "just text\n")):
        assert "mapping" in str(error_of(write(tmp_path, name, text)))


def test_non_utf8(tmp_path: Path) -> None:
    data = "name: Zoë\ncitizenship: FR\nstatus: student\n".encode("latin-1")
    err = error_of(write(tmp_path, "p.yaml", data))
    assert "UTF-8" in str(err)
    assert err.line == 1


def test_unsupported_extension(tmp_path: Path) -> None:
    assert ".ini" in str(error_of(write(tmp_path, "p.ini", "name=A")))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read"):
        read_profile(tmp_path / "nope.yaml")


def test_oversize_file(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", "name: A\n" + "#" * MAX_PROFILE_BYTES + "\n")
    assert "too large" in str(error_of(path))


def test_alias_bomb_rejected_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines.append("name: *a9")
    start = time.monotonic()
    err = error_of(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    assert time.monotonic() - start < 2
    assert "aliases" in str(err)


def test_yaml_unsafe_tag_rejected(tmp_path: Path) -> None:
    text = "name: !!python/object/apply:os.system ['true']\ncitizenship: BR\nstatus: worker\n"
    assert "malformed YAML" in str(error_of(write(tmp_path, "p.yaml", text)))


@pytest.mark.slow
def test_deep_nesting(tmp_path: Path) -> None:
    error_of(write(tmp_path, "p.json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"))
    error_of(write(tmp_path, "p.yaml", "name: " + "[" * 50_000 + "]" * 50_000 + "\n"))


# ------------------------------------------------------------------ output stems


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Zoë Ünal-Smith", "zoe-unal-smith"),
        ("  Jean--Luc   Picard ", "jean-luc-picard"),
        ("Straße Øster", "strasse-oster"),
        ("王芳", "profile-" + short_hash("王芳")),
        ("CON", "con-profile"),
        ("nul", "nul-profile"),
        ("Com1", "com1-profile"),
        ("con-x", "con-x"),
    ],
)
def test_output_stem_from_name(name: str, stem: str) -> None:
    assert make(name=name).output_stem() == stem


@pytest.mark.parametrize(
    ("id_", "stem"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\windows", "windows"),
        ("/abs/path", "abs-path"),
        ("CON", "con-profile"),
        ("lpt9", "lpt9-profile"),
        ("Alice_2026", "alice-2026"),
        ("..", "ana-" + short_hash("..")),  # nothing usable left: the name, and the id's hash
        ("", "ana"),  # an empty id is "not given"
        (42, "42"),
    ],
)
def test_output_stem_from_id(id_: object, stem: str) -> None:
    result = make(id=id_).output_stem()
    assert result == stem
    assert "/" not in result and "\\" not in result and ".." not in result


def test_output_stem_long_and_never_empty() -> None:
    stem = make(name="é" * 150 + " x").output_stem()
    assert len(stem) <= 80
    assert stem and not stem.endswith("-")
    assert re.fullmatch(r"profile-[0-9a-f]{8}", slugify(""))
    assert re.fullmatch(r"profile-[0-9a-f]{8}", slugify("---"))
    assert len(slugify("ab " * 100)) <= 80
    # cut names keep a hash of the whole: two long names that differ only at the end differ
    assert slugify("ab " * 100 + "x") != slugify("ab " * 100 + "y")
    # names with no Latin letters get distinct stems
    assert slugify("王芳") != slugify("李明") and slugify("王芳") == slugify("王芳")


# ------------------------------------------------------------------ property-based

_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["BR", "no", "eu", "non-eu", "worker", "Student", "fr", "2026-11-02", ""]),
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
)
_keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=15))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=8), st.sampled_from([None, 2]))
def test_arbitrary_mappings_profile_or_one_line_error(data: dict, row: int | None) -> None:
    try:
        profile = profile_from_mapping(data, source="x.csv", row=row)
    except UserError as err:
        assert "\n" not in str(err)
        assert isinstance(err, ProfileError)
        assert err.errors and all("\n" not in str(e) for e in err.errors)
    else:
        assert isinstance(profile, Profile)
        assert profile.tags() <= {"eu", "non-eu", "worker", "student"}
        stem = profile.output_stem()
        assert (
            stem and len(stem) <= 80 and set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        )


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(PROFILE_SUFFIXES))
def test_arbitrary_bytes_files(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"p{suffix}"
    path.write_bytes(data)
    try:
        read_profile(path)
    except UserError as err:
        assert "\n" not in str(err)


# ------------------------------------------------------------------ household keys


def test_household_keys_default_to_not_given() -> None:
    profile = make()
    assert (profile.scholarship, profile.posted, profile.talent, profile.partner) == (None,) * 4
    assert profile.children is None and profile.child_count == 0
    assert profile.tags() == frozenset({"non-eu", "worker", "citizenship:br"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("oui", True),
        ("Non", False),
        (" yes ", True),
        ("", None),
        (None, None),
    ],
)
@pytest.mark.parametrize("key", ["scholarship", "posted", "talent", "partner"])
def test_yes_no_keys(key: str, value: object, expected: bool | None) -> None:
    profile = make(**{key: value})
    assert getattr(profile, key) is expected
    assert (key in profile.tags()) is bool(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("maybe", "must be yes or no (or true/false, oui/non)"),
        ("yse", "(did you mean 'yes'?)"),
        (1, "must be yes or no, not a number"),
        (["yes"], "must be yes or no, not a list"),
    ],
)
def test_yes_no_errors(value: object, message: str) -> None:
    with pytest.raises(ProfileError) as info:
        profile_from_mapping(
            {"name": "A", "citizenship": "BR", "status": "worker", "posted": value},
            source="c.csv",
            row=4,
        )
    text = str(info.value)
    assert text.startswith(f"c.csv, row 4: posted = {value!r}: ") and message in text


def test_yes_no_in_yaml_reads_the_words_alike(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        "name: A\ncitizenship: DZ\nstatus: student\n"
        "scholarship: yes\npartner: oui\ntalent: False\nposted: on\n",
    )
    error = error_of(path)
    assert str(error).startswith(f"{path}:7: posted = 'on': must be yes or no")
    path.write_text(path.read_text().replace("posted: on", "posted: no"))
    profile = read_profile(path)
    assert (profile.scholarship, profile.partner, profile.talent, profile.posted) == (
        True,
        True,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("value", "children", "tags"),
    [
        (0, 0, set()),
        (2, 2, {"children"}),
        ("3", 3, {"children"}),
        (None, None, set()),
        ("", None, set()),
        ([], (), set()),
        ([1], (1,), {"children", "child-under-3"}),
        (
            [2, 3, 16, 17],
            (2, 3, 16, 17),
            {"children", "child-under-3", "child-3-16", "child-over-16"},
        ),
        ([0, 25], (0, 25), {"children", "child-under-3", "child-over-16"}),
        ("4, 9", (4, 9), {"children", "child-3-16"}),
        ("4;9", (4, 9), {"children", "child-3-16"}),
        ("[4]", (4,), {"children", "child-3-16"}),
        ("[]", (), set()),
    ],
)
def test_children(value: object, children: object, tags: set[str]) -> None:
    profile = make(children=value)
    assert profile.children == children
    assert profile.tags() - {"non-eu", "worker", "citizenship:br"} == tags


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "must be 0 or more"),
        (31, "more than 30 children"),
        (True, "not a boolean"),
        (2.5, "not a number"),
        ("two", "such as 4, 9"),
        ([-1], "not -1"),
        (["4"], "not text"),
        ([3, 26], "from 0 to 25 (such as [4, 9]), not 26"),
        ([1.5], "not 1.5"),
        ({"a": 1}, "not a mapping"),
    ],
)
def test_children_errors(value: object, message: str) -> None:
    with pytest.raises(ProfileError) as info:
        make(children=value)
    text = str(info.value)
    assert "\n" not in text and text.startswith("test: children = ") and message in text


def test_children_ages_from_yaml_toml_json(tmp_path: Path) -> None:
    texts = {
        "yaml": "name: A\ncitizenship: BR\nstatus: worker\nchildren: [4, 9]\n",
        "toml": 'name = "A"\ncitizenship = "BR"\nstatus = "worker"\nchildren = [4, 9]\n',
        "json": '{"name": "A", "citizenship": "BR", "status": "worker", "children": [4, 9]}',
    }
    for suffix, text in texts.items():
        assert read_profile(write(tmp_path, f"p.{suffix}", text)).children == (4, 9)


@pytest.mark.parametrize(
    ("citizenship", "tag"),
    [
        ("DZ", "citizenship:dz"),
        ("Algérie", "citizenship:dz"),
        ("fr", "citizenship:fr"),
        ("eu", None),
        ("non-eu", None),
    ],
)
def test_citizenship_tag(citizenship: str, tag: str | None) -> None:
    tags = make(citizenship=citizenship).tags()
    assert {t for t in tags if t.startswith("citizenship:")} == ({tag} if tag else set())


def test_household_keys_are_known_keys() -> None:
    for key in ("scholarship", "posted", "talent", "partner", "children"):
        assert key in KNOWN_KEYS


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ana\u202eazuoS", "U+202E"),  # right-to-left override: prints "Ana Souza" reversed
        ("Zo\u200be", "U+200B"),  # zero-width space
        ("A\u2066na\u2069", "U+2066, U+2069"),  # isolates
        ("An\u00ada", "U+00AD"),  # soft hyphen
        ("\u3164", "U+3164"),  # Hangul filler: a blank name
        ("Mehr\u200cdad", "U+200C"),  # a joiner between Latin letters spells nothing
    ],
)
def test_invisible_characters_in_names_are_refused(name: str, shown: str) -> None:
    with pytest.raises(ProfileError) as info:
        make(name=name)
    assert info.value.key == "name"
    assert f"must not contain invisible or direction-changing characters ({shown})" in str(
        info.value
    )


@pytest.mark.parametrize("name", ["مهر\u200cداد", "क्\u200dष", "Zoë Ünal", "王芳"])
def test_joiners_that_spell_a_name_are_kept(name: str) -> None:
    assert make(name=name).name == name
