"""Packs: the pack file reader, the catalogue resolving packs, and the dossier of several guides
(one timeline, one documents list, sections) — fast, in-process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, TEST_GUIDE_EN, TEST_GUIDES, guide_of, profile_of
from paperasse.dossier import select, select_pack
from paperasse.errors import UsageError, UserError
from paperasse.guide import read_guide
from paperasse.guide.catalog import Catalog
from paperasse.guide.pack import read_pack

PACK_GUIDES = DATA / "pack_guides"
PACK_FILE = PACK_GUIDES / "packs" / "testland-arrival.yaml"
HOUSING_EN = PACK_GUIDES / "en" / "testland" / "housing.md"


def pack_dossier(**values: object):
    catalog = Catalog([TEST_GUIDES, PACK_GUIDES])
    profile = profile_of(**values)
    choice = catalog.resolve(None, "testland-arrival", profile.language)
    guides = [read_guide(path) for path in choice.paths]
    return select_pack(guides, profile, choice.notices, choice.pack)


# ----------------------------------------------------------------------- pack files


def test_pack_file_is_read():
    pack = read_pack(PACK_FILE)
    assert pack.key == "testland-arrival"
    assert pack.guides == ("testland-registration", "testland-housing")
    assert pack.title("fr") == "Arriver en Testland"
    assert pack.title("de") == "Arriving in Testland"  # English when the language has none


def test_bundled_pack_names_bundled_guides():
    catalog = Catalog()
    pack = catalog.pack("france-arrival")
    assert pack.guides[0] == "france-residence_permit"
    for lang in ("en", "fr"):
        choice = catalog.resolve(None, "france-arrival", lang)
        assert len(choice.paths) == len(pack.guides)
        assert choice.notices == ()  # every guide exists in both languages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("key: a\nguides: []\n", "guides: must be a list of guides' translationKeys"),
        ("key: a\nguides: [x, x]\n", "guides = 'x': names the same guide twice"),
        ("key: a\nguide: [x]\n", "guide: unknown key in a pack file; did you mean 'guides'?"),
        ("key: a b\nguides: [x]\n", "key = 'a b': must be a word"),
        ("key: a\ntitle: [x]\nguides: [x]\n", "title: must be a text, or one text per language"),
        ("- a\n", "must be a mapping"),
    ],
)
def test_bad_pack_file_is_one_line(tmp_path: Path, text: str, message: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_pack(path)
    assert str(err.value).startswith(f"{path}:")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_pack_naming_an_unknown_guide_names_the_pack_file_and_line(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text("key: p\n\nguides: [testland-registraton]\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        Catalog([TEST_GUIDES]).resolve(None, str(path), "en")
    assert str(err.value) == (
        f"{path}:3: guides = 'testland-registraton': the pack names no guide with this "
        "translationKey; did you mean 'testland-registration'?"
    )


def test_unknown_pack_key_is_a_usage_error_with_a_suggestion():
    with pytest.raises(UsageError) as err:
        Catalog().resolve(None, "france-arival", "en")
    assert "did you mean 'france-arrival'?" in str(err.value)
    with pytest.raises(UsageError, match="not both"):
        Catalog().resolve("france-housing", "france-arrival", "en")


def test_guide_given_several_times_is_an_adhoc_pack():
    catalog = Catalog([TEST_GUIDES, PACK_GUIDES])
    choice = catalog.resolve(("testland-housing", str(TEST_GUIDE_EN)), None, "en")
    assert choice.paths == (HOUSING_EN, TEST_GUIDE_EN)
    assert choice.pack is not None and choice.pack.title("en") is None
    one = catalog.resolve(("testland-housing",), None, "en")
    assert one.pack is None and one.paths == (HOUSING_EN,)
    assert catalog.resolve(None, None, "en").paths == (catalog.choose(None, "en")[0],)


def test_pack_guide_missing_in_the_language_says_which(tmp_path: Path):
    (tmp_path / "en" / "x").mkdir(parents=True)
    (tmp_path / "en" / "x" / "only.md").write_text(
        "---\ntranslationKey: x-only\ntitle: Only\n---\n## Procedure\n1. Do.\n", encoding="utf-8"
    )
    choice = Catalog([TEST_GUIDES, tmp_path]).resolve(
        ("testland-registration", "x-only"), None, "fr"
    )
    assert len(choice.notices) == 1 and choice.notices[0].startswith("x-only: ")


# ----------------------------------------------------------------------- one dossier


def test_single_guide_dossier_is_a_pack_of_one_in_the_guides_order():
    dossier = select(read_guide(TEST_GUIDE_EN), profile_of(citizenship="BR", status="student"))
    assert len(dossier.sections) == 1 and dossier.pack is None
    assert [item.key for item in dossier.steps] == [
        "arrive",
        "visa",
        "campus",
        "campus-visa",
        "number",
    ]
    assert [item.number for item in dossier.steps] == [1, 2, 3, 4, 5]
    assert dossier.title == dossier.guide.title == "Registering in Testland"
    assert dossier.section("testland-registration").steps == dossier.steps


def test_pack_timeline_orders_by_phase_deadline_and_after():
    dossier = pack_dossier(citizenship="BR", status="worker", arrival_date="2026-09-01")
    keys = [(item.guide.split("-")[1], item.key) for item in dossier.steps]
    # before-arrival first (a step without phase counts as first-weeks), then within a phase
    # the shortest deadline; each guide keeps its own order; "arrive" is shown once (by the
    # registration guide, first in the pack); the insurance waits for the visa (after: visa)
    assert keys == [
        ("housing", "find-home"),
        ("housing", "tax"),
        ("registration", "arrive"),
        ("registration", "visa"),
        ("registration", "employer"),
        ("registration", "number"),
        ("housing", "insure"),
    ]
    assert [item.number for item in dossier.steps] == list(range(1, 8))
    assert dossier.steps[1].due == dt.date(2026, 9, 15)
    assert dossier.first_due is dossier.steps[1]
    housing = dossier.section("testland-housing")
    assert [item.key for item in housing.steps] == ["find-home", "tax", "insure"]
    assert [(item.key, item.number, item.guide) for item in housing.repeated] == [
        ("arrive", 3, "testland-registration")
    ]
    assert dossier.title == "Arriving in Testland"


def test_pack_documents_once_each_with_the_steps_they_are_needed_for():
    dossier = pack_dossier(citizenship="BR", status="worker")
    docs = {item.key: item for item in dossier.documents}
    assert [item.key for item in dossier.documents] == ["passport", "permit", "contract", "lease"]
    assert docs["passport"].text == "Passport or national ID card"  # the first guide's text
    assert docs["passport"].guides == ("testland-registration", "testland-housing")
    assert docs["passport"].needed_for == tuple(range(1, 8))
    assert docs["contract"].guides == ("testland-registration",)
    housing_steps = dossier.section("testland-housing").step_numbers()
    assert docs["lease"].needed_for == housing_steps == (1, 2, 3, 7)


def test_shared_document_applies_if_any_guide_condition_applies():
    # permit: non-eu in registration, non-eu and worker in housing: a student still needs it,
    # for the registration guide only
    dossier = pack_dossier(citizenship="BR", status="student")
    docs = {item.key: item for item in dossier.documents}
    assert docs["permit"].guides == ("testland-registration",)
    # left out of the housing guide, but shown: not listed as left out
    assert not [e for e in dossier.excluded if e.block.key == "permit"]
    assert [e for e in dossier.sections[1].excluded if e.block.key == "permit"]


def test_family_steps_and_documents_only_for_families():
    single = pack_dossier(citizenship="BR", status="worker")
    family = pack_dossier(citizenship="BR", status="worker", children=[4, 9])
    assert "school" not in {item.key for item in single.steps}
    assert "birth-certificates" not in {item.key for item in single.documents}
    assert "school" in {item.key for item in family.steps}
    assert "birth-certificates" in {item.key for item in family.documents}
    left_out = [(e.guide, e.block.key) for e in single.excluded if e.part != "intro"]
    assert ("testland-housing", "school") in left_out


def test_after_cycle_is_broken_not_a_hang(tmp_path: Path):
    head = "---\ntranslationKey: {k}\ntitle: {k}\n---\n## Procedure\n"
    a = guide_of(tmp_path, head.format(k="a") + "1. <!-- key: a1; after: b1 --> A.\n", "a.md")
    b = guide_of(tmp_path, head.format(k="b") + "1. <!-- key: b1; after: a1 --> B.\n", "b.md")
    dossier = select_pack((a, b), profile_of())
    assert [item.key for item in dossier.steps] == ["a1", "b1"]


def test_links_and_sources_are_distinct_across_the_pack():
    dossier = pack_dossier(citizenship="BR", status="worker")
    urls = [link.url for link in dossier.links()]
    assert len(urls) == len(set(urls))
    assert "https://housing.testland.example/" in urls
    sources = [link.url for link in dossier.sources]
    assert sources == ["https://portal.testland.example/start", "https://housing.testland.example/"]
