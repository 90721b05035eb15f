"""Helpers of the web tests: the app under test, as a TestClient."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

for _module in ("starlette", "uvicorn", "multipart", "pebble", "httpx"):
    pytest.importorskip(_module, reason="the web extra is not installed: pip install '.[web]'")

with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx is what we use
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from paperasse.web.app import create_app  # noqa: E402
from paperasse.web.config import WebConfig  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent
TEST_GUIDES = TESTS / "data" / "guides"
PACK_GUIDES = TESTS / "data" / "pack_guides"  # testland-housing, and the testland-arrival pack

#: One worker, the small test guides (and a pack of two) offered besides the bundled ones.
BASE = WebConfig(jobs=1, guides_dirs=(TEST_GUIDES, PACK_GUIDES), quick_wait=0.0)


def client_for(config: WebConfig) -> TestClient:
    return TestClient(create_app(config), base_url="http://127.0.0.1:8000", follow_redirects=False)


@pytest.fixture(scope="session", name="web")
def web_fixture() -> Iterator[TestClient]:
    """The app as ``paperasse serve`` makes it (one worker), shared by the tests that render."""
    with client_for(BASE) as client:
        yield client


@pytest.fixture(scope="session", name="cold")
def cold_fixture() -> Iterator[TestClient]:
    """An app whose worker never renders a PDF in these tests (no WeasyPrint import)."""
    with client_for(
        replace(BASE, warm_up=False, max_rows=3, max_form_bytes=4000, max_upload_bytes=20_000)
    ) as client:
        yield client
