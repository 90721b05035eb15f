"""The catalogue: guides by translationKey and language, --guides folders, the language fallback
with its notice, and the errors for a guide that does not exist. In-process, no PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, TEST_GUIDES
from paperasse.errors import EXIT_USAGE, UsageError
from paperasse.guide.catalog import DEFAULT_GUIDE, Catalog, scan
from paperasse.resources import guides_dir

TEST_GUIDE_FR = TEST_GUIDES / "fr" / "testland" / "registration.md"


def _guide(
    folder: Path, lang: str, country: str, slug: str, key: str | None, title: str = "A guide"
) -> Path:
    path = folder / lang / country / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = f"translationKey: {key}\n" if key else ""
    path.write_text(f"---\n{front}title: {title}\n---\n## Procedure\n1. Do it\n", encoding="utf-8")
    return path


def test_the_default_guide_is_bundled_in_english_and_french() -> None:
    catalog = Catalog()
    assert DEFAULT_GUIDE in catalog.entries
    en, notices = catalog.choose(None, "en")
    fr, _ = catalog.choose(None, "fr")
    assert notices == ()
    assert en.is_relative_to(guides_dir()) and en.parent.parent.name == "en"
    assert fr.is_relative_to(guides_dir()) and fr.parent.parent.name == "fr"
    assert catalog.keys() == sorted(catalog.keys())


def test_choose_by_key_in_the_profiles_language_from_a_guides_folder() -> None:
    catalog = Catalog([TEST_GUIDES])
    assert catalog.choose("testland-registration", "en") == (TEST_GUIDE_EN, ())
    assert catalog.choose("testland-registration", "fr") == (TEST_GUIDE_FR, ())
    assert set(catalog.entries["testland-registration"]) == {"en", "fr"}
    assert catalog.entries["testland-registration"]["fr"].country == "testland"


def test_a_missing_language_falls_back_to_english_with_a_notice_in_the_readers_language(
    tmp_path: Path,
) -> None:
    only_en = _guide(tmp_path, "en", "testland", "registration", "tl-only-en")
    path, notices = Catalog([tmp_path]).choose("tl-only-en", "fr")
    assert path == only_en
    assert notices == ("Ce guide n'existe pas en français ; il est imprimé en anglais.",)


def test_without_english_the_fallback_is_the_first_language_by_code(tmp_path: Path) -> None:
    _guide(tmp_path, "es", "x", "g", "only-es-it")
    it = _guide(tmp_path, "it", "x", "g", "only-es-it")
    es = tmp_path / "es" / "x" / "g.md"
    path, notices = Catalog([tmp_path]).choose("only-es-it", "en")
    assert path == es != it
    assert notices == ("This guide has no English version; it is printed in es.",)


def test_a_later_folder_wins_on_the_same_key_and_language(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _guide(first, "en", "x", "g", "same-key", title="first")
    winner = _guide(second, "en", "x", "other-slug", "same-key", title="second")
    assert Catalog([first, second]).choose("same-key", "en") == (winner, ())


def test_the_key_comes_from_the_front_matter_else_country_and_slug(tmp_path: Path) -> None:
    _guide(tmp_path, "en", "france", "housing", None)
    _guide(tmp_path, "en", "france", "bank", "'france-bank_account'")
    (tmp_path / "en" / "france" / "README.md").write_text("# not a guide\n", encoding="utf-8")
    _guide(tmp_path, "_drafts", "france", "draft", "draft-key")
    _guide(tmp_path, ".hidden", "france", "hidden", "hidden-key")
    assert sorted(e.key for e in scan(tmp_path)) == ["france-bank_account", "france-housing"]


def test_a_guide_given_as_a_path_is_used_as_it_is() -> None:
    assert Catalog().choose(str(TEST_GUIDE_EN), "en") == (TEST_GUIDE_EN, ())
    # in another language than the profile's: used as it is, and said (issue 13)
    assert Catalog().choose(str(TEST_GUIDE_EN), "fr") == (
        TEST_GUIDE_EN,
        ("Le fichier du guide donné est en anglais : seuls les titres sont en français.",),
    )


def test_unknown_key_missing_file_and_missing_folder_are_usage_errors(tmp_path: Path) -> None:
    catalog = Catalog()
    with pytest.raises(UsageError) as info:
        catalog.choose("france-social_security_registraton", "en")
    assert "did you mean 'france-social_security_registration'?" in str(info.value)
    assert "--guide" in str(info.value)
    assert info.value.exit_code == EXIT_USAGE
    with pytest.raises(UsageError, match="guide file not found"):
        catalog.choose(str(tmp_path / "nothing.md"), "en")
    with pytest.raises(UsageError, match="guides folder not found"):
        Catalog([tmp_path / "no-such-folder"])
