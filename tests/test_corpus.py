"""The reader on real guides from tramitit.com (../shared/corpus, read-only; skipped if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperasse.guide import read_guide

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
HEAD = "_HEAD_e7e9aa4"


def _files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.md") if p.name != "README.md")


FILES = _files()


def _id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.fixture(autouse=True)
def _need_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")


@pytest.mark.parametrize("path", FILES or [None], ids=[_id(p) for p in FILES] or ["absent"])
def test_corpus_guide(path: Path | None) -> None:
    if path is None:
        pytest.skip("the corpus has no guides")
    guide = read_guide(path)
    parts = path.relative_to(CORPUS).parts
    expected_lang = parts[1] if parts[0] == HEAD else parts[0]

    assert guide.lang == expected_lang
    assert guide.title.strip()
    assert guide.translation_key.strip()
    assert len(guide.steps) >= 2
    assert all(step.text for step in guide.steps)
    assert guide.documents
    assert guide.intro or guide.description
    assert guide.details
    details_text = " ".join(block.text for block in guide.details)
    assert "Related" not in details_text
    assert "tramitit.com" not in details_text
    assert set(guide.headings) >= {"description", "procedure", "documents", "details"}
    for block in (*guide.steps, *guide.documents, *guide.details, *guide.intro):
        assert "<script" not in block.html
        for link in block.links:
            assert link.url.startswith(("http://", "https://"))


def test_same_number_of_steps_across_translations() -> None:
    for folder in (CORPUS, CORPUS / HEAD):
        en = folder / "en" / "france" / "social_security_registration.md"
        fr = folder / "fr" / "france" / "inscription_a_la_securite_sociale.md"
        if not (en.exists() and fr.exists()):
            pytest.skip(f"missing {en} or {fr}")
        en_guide, fr_guide = read_guide(en), read_guide(fr)
        assert en_guide.translation_key == fr_guide.translation_key
        assert en_guide.translation_key == "france-social_security_registration"
        assert len(en_guide.steps) == len(fr_guide.steps)
        assert len(en_guide.documents) == len(fr_guide.documents)


def test_head_guides_drop_related_posts_and_keep_the_curating_note() -> None:
    path = CORPUS / HEAD / "fr" / "france" / "inscription_a_la_securite_sociale.md"
    if not path.exists():
        pytest.skip(f"missing {path}")
    guide = read_guide(path)
    assert guide.providers == ()
    assert any("Nous sélectionnons" in note.text for note in guide.providers_notes)
    assert guide.extra == {}
    assert guide.headings["providers"] == "Prestataires pouvant le faire pour vous"


def test_providers_with_rows_and_a_bare_url() -> None:
    path = CORPUS / "cs" / "czech republic" / "registrace_zamestnavatele_k_socialnimu_pojisteni.md"
    if not path.exists():
        pytest.skip(f"missing {path}")
    guide = read_guide(path)
    assert guide.country == "czech republic"
    assert guide.translation_key == "czech republic-employer_registration_for_social_insurance"
    assert [p.name for p in guide.providers] == ["Právní poradenství"]
    website = guide.providers[0].website
    assert website is not None and website.url == "https://abc.cz"
