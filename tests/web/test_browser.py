"""The web form in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser), against `paperasse serve` started as a user would start it.

Fill the form with the keyboard and read the PDF that comes back (its text and QR codes), submit
a bad value and find the message next to its field, upload a spreadsheet and open the ZIP.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdfread import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.slow

for _module in ("starlette", "uvicorn", "multipart", "pebble"):
    pytest.importorskip(_module, reason="the web extra is not installed")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_GUIDES = Path(__file__).resolve().parent.parent / "data" / "guides"
TEST_GUIDE_KEY = "testland-registration"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`paperasse serve` on a free loopback port, as its own process."""
    port = _free_port()
    command = [
        sys.executable,
        "-c",
        "from paperasse.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--jobs",
        "1",
        "--guides",
        str(TEST_GUIDES),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PAPERASSE_TOKEN": ""},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            assert process.poll() is None, (
                process.stdout.read().decode() if process.stdout else "serve exited"
            )
            assert time.monotonic() < deadline, "paperasse serve did not start"
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")  # an empty user-data-dir
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            accept_downloads=True,
            locale="fr-FR",
            viewport={"width": 900, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    yield tab
    tab.close()


def test_fill_the_form_with_the_keyboard_and_read_the_pdf(server, page):
    page.goto(f"{server}/")
    assert page.get_attribute("html", "lang") == "fr"  # the browser asked for French
    page.click("#name")
    page.keyboard.type("Ana Souza")
    page.keyboard.press("Tab")  # to the citizenship field
    page.keyboard.type("Brésil")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # through the radio group: the second choice, student
    assert page.is_checked("#status-student")
    page.select_option("#guide", TEST_GUIDE_KEY)
    page.fill("#arrival_date", "2026-09-01")
    page.focus("#name")
    with page.expect_download() as info:
        page.keyboard.press("Enter")  # the form's first button: the PDF
    download = info.value
    assert download.suggested_filename == "ana-souza.pdf"
    data = Path(download.path()).read_bytes()
    text = pdf_text(data)
    assert "Ana Souza" in text
    assert "Brésil (hors UE)" in text  # a French dossier: the page's language by default
    assert "https://portal.testland.example/start" in pdf_qr_codes(data)


def test_a_bad_value_shows_its_message_next_to_the_field(server, page):
    page.goto(f"{server}/?lang=en")
    page.fill("#name", "Ana Souza")
    page.fill("#citizenship", "Atlantis")
    page.check("#status-worker")
    page.click("button[value=pdf]")
    error = page.locator("#citizenship-error")
    assert error.is_visible()
    assert "Unknown country" in error.inner_text()
    field = page.locator("#citizenship")
    assert field.input_value() == "Atlantis"  # kept
    assert field.get_attribute("aria-invalid") == "true"
    assert "citizenship-error" in (field.get_attribute("aria-describedby") or "")
    # The message sits right above its field, inside the same field group.
    box_error, box_field = error.bounding_box(), field.bounding_box()
    assert box_error and box_field and 0 < box_field["y"] - box_error["y"] < 120
    assert page.locator("[role=alert] a[href='#citizenship']").is_visible()
    # The summary has the focus when the page opens: a screen reader reads it first, and Tab
    # goes from it to the link of the first field in error.
    assert page.evaluate("document.activeElement.classList.contains('summary')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#citizenship"
    assert page.is_checked("#status-worker")  # the other answers kept too
    page.click("nav a[hreflang=fr]")
    assert page.get_attribute("html", "lang") == "fr"


def test_upload_a_spreadsheet_and_open_the_zip(server, page, tmp_path):
    sheet = tmp_path / "clients.csv"
    sheet.write_bytes(
        b"name;citizenship;status;language\n"
        b"Ana Souza;BR;student;fr\n"
        b"Jan Kowalski;PL;worker;en\n"
        b"Bad Row;Atlantis;worker;en\n"
    )
    page.goto(f"{server}/batch?lang=en")
    page.set_input_files("#profiles", str(sheet))
    page.select_option("#guide", TEST_GUIDE_KEY)
    page.click("button[type=submit]")
    link = page.locator("a.button.primary")
    link.wait_for(timeout=180_000)  # the status page refreshes itself until it is there
    assert "Done: 2 written, 1 failed." in page.inner_text("main")
    assert "clients.csv, row 4: citizenship = 'Atlantis'" in page.inner_text(".failures")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "clients.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert sorted(archive.namelist()) == [
        "ana-souza.pdf",
        "clients-pack.pdf",
        "jan-kowalski.pdf",
        "manifest.csv",
        "manifest.json",
    ]
    assert "Jan Kowalski" in pdf_text(archive.read("jan-kowalski.pdf"))
    pack = pdf_text(archive.read("clients-pack.pdf"))
    assert "Ana Souza" in pack and "Jan Kowalski" in pack
