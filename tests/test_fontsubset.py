"""The faster fontTools subsetting (render/fontsubset.py) must not change a single byte."""

from __future__ import annotations

import pytest

from conftest import TEST_GUIDE_EN
from paperasse.build import Builder
from paperasse.inputs.profile import profile_from_mapping
from paperasse.render import fontsubset
from pdfread import pdf_text


@pytest.mark.slow
def test_fast_subset_gives_the_same_pdf_bytes() -> None:
    from weasyprint.pdf import fonts

    if fonts.harfbuzz_subset:  # WeasyPrint then never uses fontTools: nothing to compare
        pytest.skip("HarfBuzz-Subset is installed")
    builder = Builder(guide=str(TEST_GUIDE_EN))
    profile = profile_from_mapping({"name": "Zoë Nguyễn Łukasz", "citizenship": "BR",
                                    "status": "student"}, source="test")
    dossier = builder.dossier(profile)
    builder.warm_up()  # installs the fast path
    fast = builder.render(dossier)
    fontsubset.uninstall()
    try:
        slow = builder.render(dossier)
    finally:
        assert fontsubset.install()
    assert "Zoë Nguyễn Łukasz" in pdf_text(fast)
    assert fast == slow
