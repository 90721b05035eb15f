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
        ("key: a\n", "guides: must be a list of guides' translationKeys"),  # none at all
        ("key: a\nguides: [x, 3]\n", "guides = 3: each guide must be a translationKey"),
        ("key: a\ntitle: {en: 3}\nguides: [x]\n", "title: must be a text, or one text per"),
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
    # the shortest deadline first, then the pack's order of the guides, but within a phase
    # never before the step a guide puts before it; "arrive" is shown once (by the
    # registration guide, first in the pack, where it has no phase); the insurance waits for
    # the visa (after: visa)
    assert keys == [
        ("housing", "find-home"),
        ("housing", "tax"),  # 2 weeks
        ("registration", "arrive"),  # before the visa in its guide (the same phase)
        ("registration", "visa"),  # 3 months
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
    # for each guide where it applies, that guide's first step on the timeline
    assert dossier.section("testland-registration").step_numbers() == (3, 4, 5, 6)
    assert dossier.section("testland-housing").step_numbers() == (1, 2, 3, 7)
    assert docs["passport"].needed_for == (1, 3)
    assert docs["contract"].guides == ("testland-registration",)
    assert docs["contract"].needed_for == (3,)
    assert docs["lease"].needed_for == (1,)


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


# ----------------------------------------------------------------------- command line


def _cli(*args: str):
    from typer.testing import CliRunner

    from paperasse.cli import app

    return CliRunner().invoke(app, list(args))


def test_build_pack_as_html_has_every_guide_and_each_document_once(tmp_path: Path):
    from conftest import write_profile

    profile = write_profile(tmp_path, "ana", citizenship="BR", status="worker")
    out = tmp_path / "ana.html"
    result = _cli(
        "build",
        str(profile),
        "--guides",
        str(PACK_GUIDES),
        "--guides",
        str(TEST_GUIDES),
        "--pack",
        "testland-arrival",
        "-f",
        "html",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Arrive in Testland and keep your ticket." in html
    assert html.count("Arrive in Testland and keep your ticket.") == 1  # shared step, once
    assert "Insure the home before you get the keys." in html
    assert html.count("Signed lease") == 1
    assert html.count("Passport or national ID card") == 1
    assert "Passport or ID card (for the landlord)" not in html  # the first guide's text wins


def test_build_with_an_unknown_pack_is_exit_2_and_one_line(tmp_path: Path):
    from conftest import write_profile

    profile = write_profile(tmp_path, "ana")
    result = _cli("build", str(profile), "--pack", "france-arival", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "paperasse: error: --pack = 'france-arival': no pack with this key; did you mean "
        "'france-arrival'?"
    ]
    assert not (tmp_path / "o").exists()


def test_rerun_rebuilds_when_any_guide_of_the_pack_changes(tmp_path: Path):
    import shutil

    from conftest import write_profile

    guides = tmp_path / "guides"
    shutil.copytree(PACK_GUIDES, guides)
    folder = tmp_path / "in"
    folder.mkdir()
    write_profile(folder, "ana")
    args = [
        "build",
        str(folder),
        "--guides",
        str(TEST_GUIDES),
        "--guides",
        str(guides),
        "--pack",
        "testland-arrival",
        "-f",
        "html",
        "-o",
        str(tmp_path / "out"),
    ]
    assert "1 written" in _cli(*args).output
    assert "1 skipped" in _cli(*args).output
    housing = guides / "en" / "testland" / "housing.md"  # the pack's second guide
    housing.write_text(housing.read_text(encoding="utf-8") + "\nOne more detail.\n", "utf-8")
    assert "1 written" in _cli(*args).output
    pack = guides / "packs" / "testland-arrival.yaml"  # the pack's own title
    pack.write_text(pack.read_text(encoding="utf-8").replace("Arriving", "Coming"), "utf-8")
    assert "1 written" in _cli(*args).output


def test_explain_takes_a_pack_and_several_guides(tmp_path: Path):
    from conftest import write_profile

    profile = write_profile(tmp_path, "ana", citizenship="BR", status="worker")
    result = _cli(
        "explain",
        str(profile),
        "--guides",
        str(PACK_GUIDES),
        "--guide",
        "testland-housing",
        "--guide",
        str(TEST_GUIDE_EN),
    )
    assert result.exit_code == 0, result.output
    assert "Insure the home" in result.output and "Ask your employer" in result.output


# ----------------------------------------------------------------------- the France pack

FAMILY = {"citizenship": "BR", "status": "worker", "partner": True, "children": [2, 7, 17]}


def france_pack(**values: object):
    catalog = Catalog()
    profile = profile_of(arrival_date="2026-09-01", **values)
    choice = catalog.resolve(None, "france-arrival", profile.language)
    return select_pack([read_guide(p) for p in choice.paths], profile, choice.notices, choice.pack)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "values",
    [
        {"citizenship": "PL", "status": "worker"},
        {"citizenship": "DE", "status": "student"},
        {"citizenship": "BR", "status": "worker"},
        {"citizenship": "VN", "status": "student"},
        {"citizenship": "DZ", "status": "student"},
        FAMILY,
    ],
    ids=["eu-worker", "eu-student", "non-eu-worker", "non-eu-student", "algerian", "family"],
)
def test_france_pack_timeline_respects_after_and_shows_each_key_once(values, language):
    dossier = france_pack(language=language, **values)
    assert len(dossier.sections) == 8
    keys = [item.key for item in dossier.steps]
    assert len(keys) == len(set(keys))  # a step shared by guides is shown once
    position = {key: n for n, key in enumerate(keys)}
    for item in dossier.steps:
        for before in item.block.after:
            if before in position:
                assert position[before] < position[item.key], (before, item.key)
    phases = [item.phase for item in dossier.steps]
    ranks = [("before-arrival", "first-weeks", "first-3-months", "later").index(p) for p in phases]
    # the timeline goes forward in time, except where an after: holds a step back
    for n in range(1, len(ranks)):
        if ranks[n] < ranks[n - 1]:
            assert dossier.steps[n].block.after, dossier.steps[n].key
    documents = [item.key for item in dossier.documents if item.key]
    assert len(documents) == len(set(documents))  # each document once for the whole pack
    assert (
        dossier.title
        == {
            "en": "Arriving in France: your first months",
            "fr": "Arriver en France : vos premiers mois",
        }[language]
    )


def test_france_pack_student_order_visa_cvec_enrolment_registration():
    keys = [item.key for item in france_pack(citizenship="VN", status="student").steps]
    assert keys.index("cvec") < keys.index("enrolment") < keys.index("register-student")
    assert keys.index("validate-visa-student") < keys.index("register-student")
    assert keys[0] == "cvec"  # before arrival


def test_france_pack_family_steps_only_for_a_family():
    single = france_pack(citizenship="BR", status="worker")
    family = france_pack(**FAMILY)
    family_keys = {item.key for item in family.steps} - {item.key for item in single.steps}
    assert {"family-visa", "child-health-cover", "partner-health-cover"} <= family_keys
    assert not single.section("france-family").steps
    assert not single.section("france-family").documents
    assert "family-record" in {item.key for item in family.documents}
    assert "family-record" not in {item.key for item in single.documents}


def test_explain_json_lists_each_document_once_with_dates_and_reasons(tmp_path: Path):
    import json

    from conftest import write_profile

    profile = write_profile(
        tmp_path, "mai", citizenship="VN", status="student", arrival_date="2026-09-01"
    )
    result = _cli("explain", str(profile), "--pack", "france-arrival", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pack"]["key"] == "france-arrival"
    assert data["profile"]["tags"] == ["citizenship:vn", "non-eu", "student"]
    assert data["guides"][0]["key"] == "france-residence_permit"
    steps = {s["key"]: s for s in data["steps"]}
    visa = steps["validate-visa-student"]
    assert visa["guide"] == "france-residence_permit"
    assert visa["deadline"] == {"amount": 3, "unit": "months", "date": "2026-12-01"}
    assert visa["condition"] == "non-eu and student and not citizenship:DZ"
    assert visa["applies"] is True and visa["who"]
    assert [s["number"] for s in data["steps"]] == list(range(1, len(data["steps"]) + 1))
    keys = [d["key"] for d in data["documents"]]
    assert len(keys) == len(set(keys)) and "passport" in keys
    passport = data["documents"][keys.index("passport")]
    assert len(passport["guides"]) > 1 and passport["needed_for"]
    left = {(x["guide"], x["key"]) for x in data["left_out"] if x["key"]}
    assert ("france-family", "family-visa") in left
    assert all(x["applies"] is False for x in data["left_out"])
    assert "passport" not in {x["key"] for x in data["left_out"] if x["part"] == "documents"}


# ----------------------------------------------------------------------- paperasse check


def _write_guide(folder: Path, lang: str, key: str, steps: str, documents: str) -> Path:
    path = folder / lang / "xx" / f"{key}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntranslationKey: {key}\ntitle: {key}\ndate: 2026-01-01\nlast_checked: 2026-01-01\n"
        f"description: d\nauthor: a\n---\n## Procedure\n{steps}\n## Required Documents\n"
        f"{documents}\n",
        encoding="utf-8",
    )
    return path


def test_check_pack_finds_what_the_pack_would_print_wrongly(tmp_path: Path):
    from paperasse.guide.lint import check

    a = (
        "1. <!-- key: visa; deadline: 3 months; phase: first-weeks --> Validate.\n"
        "2. <!-- key: a2; after: b2 --> A two.\n"
    )
    b = (
        "1. <!-- key: visa; deadline: 2 months; phase: first-weeks --> Validate.\n"
        "2. <!-- key: b2; after: a2, nowhere --> B two.\n"
    )
    docs_a = (
        "- <!-- key: address --> Proof of address less than 6 months old.\n"
        "- <!-- key: photo --> A photo.\n- <!-- key: rib --> Bank details.\n"
    )
    docs_b = (
        "- <!-- key: address --> Proof of address less than 3 months old.\n"
        "- <!-- key: photo --> A recent photo, for the card.\n"
        "- <!-- when: worker; key: rib --> Bank details.\n"
    )
    _write_guide(tmp_path, "en", "xx-a", a, docs_a)
    b_path = _write_guide(tmp_path, "en", "xx-b", b, docs_b)
    pack = tmp_path / "p.yaml"
    pack.write_text("key: p\ntitle: {en: P, fr: P}\nguides: [xx-a, xx-b]\n", encoding="utf-8")
    report = check([], (tmp_path,), [str(pack)])
    found = {(f.severity, f.message.split(":")[0]) for f in report.findings}
    lines = [str(f) for f in report.sorted()]
    shown = b_path.as_posix()
    assert any(
        line.startswith(f"{shown}:10: error: step 'visa' is shown once for the pack")
        and "deadline '2 months' (there '3 months')" in line
        for line in lines
    ), lines
    assert ("warning", "after") in found  # 'nowhere' is no step of the pack
    assert any(
        "after: steps that wait for each other: " in line and ": error: " in line for line in lines
    ), lines
    assert any(
        "document 'address'" in line
        and ": warning: " in line
        and "its numbers differ here (3; there 6)" in line
        for line in lines
    ), lines
    assert any("document 'photo'" in line and ": note: " in line for line in lines), lines
    assert any("document 'rib' has condition" in line and ": note: " in line for line in lines)
    assert any(
        f"{pack.as_posix()}:3: warning: guides: 'xx-a' has no fr version" in line for line in lines
    ), lines
    assert report.packs == 1 and report.summary().startswith("checked 2 guides, 1 pack: ")


def test_check_pack_with_a_bad_pack_file_or_guide_is_an_error(tmp_path: Path):
    from paperasse.guide.lint import check

    bad = tmp_path / "bad.yaml"
    bad.write_text("key: p\nguides: nothing\n", encoding="utf-8")
    report = check([str(bad)], (TEST_GUIDES,))
    assert [str(f) for f in report.findings] == [
        f"{bad.as_posix()}:2: error: guides: must be a list of guides' translationKeys, "
        "at least one"
    ]
    missing = tmp_path / "missing.yaml"
    missing.write_text("key: m\nguides: [testland-registration, nope]\n", encoding="utf-8")
    report = check([], (TEST_GUIDES,), [str(missing)])
    assert any(
        "error: guides: no guide with the translationKey 'nope'" in str(f) for f in report.findings
    )


def test_check_the_bundled_pack_has_no_errors():
    result = _cli("check", "--pack", "france-arrival", "-q")
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.output
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith("checked 16 guides, 8 sets of translations, 1 pack: 0 errors")
    )


def test_fillable_pack_html_has_one_field_name_per_box():
    import re

    from paperasse.render.html import render_html
    from paperasse.render.options import RenderOptions

    html = render_html(france_pack(**FAMILY), RenderOptions(fillable=True))
    names = re.findall(r'<input [^>]*name="([^"]+)"', html)
    assert len(names) > 40
    assert len(names) == len(set(names))  # a PDF form needs distinct field names


def test_guides_lists_packs_after_the_guides_and_reports_a_bad_pack(tmp_path: Path):
    result = _cli("guides", "--guides", str(TEST_GUIDES), "--guides", str(PACK_GUIDES))
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [
        "testland-arrival",
        "fr",
        "Arriver en Testland (pack of 2 guides)",
        "2026-01-20",  # its newest guide's date
        "2026-02-01",  # its oldest guide's last check
        str(PACK_GUIDES),
    ] in rows
    pack_row = next(i for i, row in enumerate(rows) if row[:2] == ["france-arrival", "en"])
    assert rows[pack_row][2] == "Arriving in France: your first months (pack of 8 guides)"
    assert all("pack of" not in row[2] for row in rows[1:pack_row])  # the guides come first
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "broken.yaml").write_text("key: b\nguides: 3\n", encoding="utf-8")
    result = _cli("guides", "--guides", str(tmp_path))
    assert result.exit_code == 1
    assert "broken.yaml:2: guides: must be a list" in result.stderr


def test_pack_html_names_guides_needed_steps_and_keeps_a_part_per_guide():
    import re

    from htmlread import html_text
    from paperasse.render.html import render_html

    dossier = france_pack(citizenship="BR", status="worker")
    html = render_html(dossier)
    text = html_text(html)
    # each timeline step says whose it is
    tags = re.findall(r'<span class="from-guide">([^<]+)</span>', html)
    assert len(tags) == len(dossier.steps)
    assert tags[0].startswith("Registering with French Social Security")
    assert "Renting a home in France" in tags
    # each document the steps it is needed for, pointing at them
    passport = next(item for item in dossier.documents if item.key == "passport")
    numbers = ", ".join(str(n) for n in passport.needed_for)
    assert f"Needed for steps {numbers}" in text
    assert html.count('class="needed-for"') == len(dossier.documents)
    # each guide with something to say keeps its part, in the pack's order, under its title
    parts = re.findall(r'<h2 class="guide-part-title">([^<]+)</h2>', html)
    assert parts[0].startswith("Your right to stay in France")
    assert "Arriving in France with your family" not in " ".join(parts)  # nothing for one
    assert html.count("<h2>About this procedure</h2>") == 0
    # one QR code per distinct link; a mention of a code drawn in a guide's part names the guide
    codes = re.findall(r'<a class="qr-link" href="([^"]+)"', html)
    assert len(codes) == len(set(codes))
    titles = "|".join(re.escape(t.split(":")[0]) for t in parts)
    assert re.search(rf"(Who can help|About this procedure|Good to know) \(({titles})", text)
