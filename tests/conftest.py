from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # pdfread

DATA = TESTS / "data"
TEST_GUIDES = DATA / "guides"
TEST_GUIDE_EN = TEST_GUIDES / "en" / "testland" / "registration.md"

COMBINATIONS = {
    "eu-worker": {"citizenship": "PL", "status": "worker"},
    "eu-student": {"citizenship": "de", "status": "student"},
    "non-eu-worker": {"citizenship": "BR", "status": "worker"},
    "non-eu-student": {"citizenship": "VN", "status": "student"},
}


def write_profile(folder: Path, stem: str, **values: object) -> Path:
    """A YAML profile file in ``folder``; values default to a plain EU worker."""
    import yaml

    data = {"id": stem, "name": f"Person {stem}", "citizenship": "FR", "status": "worker", **values}
    path = folder / f"{stem}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def make_profile(tmp_path: Path):
    def make(stem: str = "person", **values: object) -> Path:
        return write_profile(tmp_path, stem, **values)

    return make


def profile_of(**values: object):
    """A validated Profile in-process (no file); values default to a plain EU worker."""
    from paperasse.inputs.profile import profile_from_mapping

    data = {"name": "Person", "citizenship": "FR", "status": "worker", **values}
    return profile_from_mapping(data, source="test")


def guide_of(tmp_path: Path, text: str, name: str = "guide.md"):
    """A Guide read from ``text`` (written to ``tmp_path / name`` so that lines are real)."""
    from paperasse.guide import read_guide

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_guide(path)


def dossier_of(guide_path: Path = TEST_GUIDE_EN, notices: tuple[str, ...] = (), **values: object):
    """select(guide, profile) in-process, for the test guide by default."""
    from paperasse.dossier import select
    from paperasse.guide import read_guide

    return select(read_guide(guide_path), profile_of(**values), notices)


def bundled_dossier(guide: str | None = None, **values: object):
    """The dossier ``paperasse build`` makes for a profile from the bundled guides (the default
    guide unless ``guide`` names a translationKey), in-process."""
    from paperasse.dossier import select
    from paperasse.guide import read_guide
    from paperasse.guide.catalog import Catalog

    profile = profile_of(**values)
    path, notices = Catalog().choose(guide, profile.language)
    return select(read_guide(path), profile, notices)
