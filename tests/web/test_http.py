"""The web app over plain HTTP (Starlette's TestClient): pages, errors per field, limits, token,
methods and paths, headers, what is kept. The browser tests are in test_browser.py."""

from __future__ import annotations

import html
import io
import re
import tempfile
import threading
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from webapp import BASE, client_for, cold_fixture, web_fixture  # noqa: F401  (fixtures)

from paperasse.web import i18n
from pdfread import pdf_text

ANA = {"name": "Ana Souza", "citizenship": "Brésil", "status": "student", "language": "en"}


def error_of(page: str, key: str) -> str | None:
    """The text of the error shown next to field ``key``, if any."""
    found = re.search(rf'<p class="error" id="{key}-error"[^>]*>(.*?)</p>', page, re.S)
    if not found:
        return None
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def field_tag(page: str, key: str) -> str:
    found = re.search(rf'<(?:input|select|fieldset)[^>]*\bid="{key}"[^>]*>', page)
    assert found, f"no field {key}"
    return found.group(0)


# --------------------------------------------------------------------------- language


def test_page_language_follows_the_browser_and_the_switch_link(cold):
    english = cold.get("/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "Your name" in english.text
    french = cold.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.8"})
    assert '<html lang="fr">' in french.text
    assert "Votre nom" in french.text
    assert 'href="/?lang=en"' in french.text  # the switch back
    switched = cold.get("/?lang=fr", headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in switched.text


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr", "fr"),
        ("en-GB,fr;q=0.5", "en"),
        ("de,fr;q=0.7,en;q=0.6", "fr"),
        ("de", "en"),
        ("", "en"),
        ("fr;q=0", "en"),
        ("x" * 5000, "en"),
    ],
)
def test_accept_language(header, lang):
    assert i18n.negotiate(header) == lang


def test_form_has_every_profile_field_labelled_and_the_country_suggestions(cold):
    page = cold.get("/?lang=fr").text
    for key in ("name", "citizenship", "arrival_date", "language"):
        assert f'<label for="{key}">' in page
        assert f'name="{key}"' in page
    assert "<legend>" in page and 'name="status"' in page
    assert 'list="countries"' in page
    assert '<option value="Brésil">BR</option>' in page  # French names on a French page
    assert 'name="guide"' in page and 'value="testland-registration"' in page
    assert 'name="format" value="pdf"' in page and 'name="format" value="html"' in page
    assert "<script" not in page and "style=" not in page


# --------------------------------------------------------------------------- errors per field


def test_errors_next_to_their_fields_in_the_page_language_values_kept(cold):
    response = cold.post(
        "/dossier",
        data={
            "ui": "fr",
            "name": "",
            "citizenship": "Atlantis",
            "status": "student",
            "arrival_date": "2026-13-01",
            "format": "pdf",
        },
    )
    assert response.status_code == 422
    page = response.text
    assert '<html lang="fr">' in page
    assert error_of(page, "name") == "Erreur : Ce champ est obligatoire."
    assert "Pays inconnu" in error_of(page, "citizenship")
    assert "n'existe pas" in error_of(page, "arrival_date")
    assert error_of(page, "status") is None
    citizenship = field_tag(page, "citizenship")
    assert 'value="Atlantis"' in citizenship  # kept
    assert 'aria-invalid="true"' in citizenship
    assert "citizenship-error" in citizenship  # aria-describedby
    assert "checked" in field_tag(page, "status-student")
    assert 'role="alert"' in page and 'href="#citizenship"' in page


def test_the_yes_no_keys_and_children_are_fields_too(cold):
    page = cold.get("/?lang=fr").text
    for key in ("scholarship", "posted", "talent", "partner"):
        assert f'type="checkbox" name="{key}" id="{key}" value="yes"' in page
    assert '<label for="children">' in page
    response = cold.post(
        "/dossier", data={**ANA, "ui": "fr", "partner": "yes", "children": "4, douze"}
    )
    assert response.status_code == 422
    assert error_of(response.text, "children") == (
        "Erreur : Indiquez combien d'enfants vous accompagnent (par exemple 2) ou leurs âges "
        "(par exemple 4, 9)."
    )
    assert "checked" in field_tag(response.text, "partner")  # kept
    assert 'value="4, douze"' in field_tag(response.text, "children")


def test_a_near_miss_gets_its_did_you_mean_in_english_too(cold):
    page = cold.post("/dossier", data={**ANA, "citizenship": "Brazl", "ui": "en"}).text
    message = error_of(page, "citizenship")
    assert message.startswith("Error: Unknown country")
    assert "Did you mean 'Brazil' (BR)?" in message


def test_an_unknown_field_is_named_in_the_summary(cold):
    page = cold.post("/dossier", data={**ANA, "statut": "student"}).text
    assert "statut: Unknown field. Did you mean &#39;status&#39;?" in page


@pytest.mark.parametrize(
    "guide",
    ["../../../etc/passwd", "/etc/passwd", "tests/data/guides/en/testland/registration.md", "nope"],
)
def test_the_guide_is_a_key_from_the_list_never_a_path(cold, guide):
    page = cold.post("/dossier", data={**ANA, "guide": guide}).text
    assert error_of(page, "guide") == "Error: Choose one of the guides in the list."


def test_a_bad_format_is_refused(cold):
    response = cold.post("/dossier", data={**ANA, "format": "docx"})
    assert response.status_code == 422
    assert "The format must be pdf or html." in response.text


# --------------------------------------------------------------------------- methods, paths


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/dossier", 405),
        ("PUT", "/", 405),
        ("DELETE", "/batch", 405),
        ("GET", "/explain", 405),
        ("GET", "/nothing-here", 404),
        ("GET", "/static/../pyproject.toml", 404),
        ("GET", "/static/%2e%2e/README.md", 404),
        ("GET", "/static/dossier.css", 404),
        ("GET", "/batch/not-a-job", 404),
        ("GET", "/batch/not-a-job/download", 404),
    ],
)
def test_bad_methods_and_paths(cold, method, path, status):
    response = cold.request(method, path, headers={"Accept-Language": "fr"})
    assert response.status_code == status
    assert "Traceback" not in response.text
    assert '<html lang="fr">' in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_security_headers_on_every_response(cold):
    for response in (
        cold.get("/"),
        cold.get("/nowhere"),
        cold.get("/static/app.css"),
        cold.get("/healthz"),
    ):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


# --------------------------------------------------------------------------- limits


def test_a_too_large_form_is_413_with_a_message(cold):
    response = cold.post("/dossier", data={**ANA, "name": "x" * 10_000})
    assert response.status_code == 413
    assert "The request is too large: at most 4 KB here." in response.text


def test_a_body_larger_than_it_says_is_cut_off(cold):
    def chunks():
        for _ in range(20):
            yield b"name=" + b"x" * 1000

    response = cold.post(
        "/dossier", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


def test_too_many_rows_is_413_with_a_message(cold):
    csv = "name,citizenship,status\n" + "".join(f"P{i},BR,worker\n" for i in range(5))
    response = cold.post("/batch", files={"profiles": ("clients.csv", csv, "text/csv")})
    assert response.status_code == 413
    assert "The spreadsheet has 5 rows; this server takes at most 3" in response.text


def test_an_upload_over_the_size_limit_is_413(cold):
    response = cold.post("/batch", files={"profiles": ("big.csv", "x" * 100_000, "text/csv")})
    assert response.status_code == 413


@pytest.mark.parametrize("filename", ["clients.txt", "clients", "../../x.py"])
def test_an_upload_must_be_a_spreadsheet(cold, filename):
    response = cold.post("/batch", files={"profiles": (filename, "a,b\n", "text/plain")})
    assert response.status_code == 422
    assert "The file must be a .csv or .xlsx spreadsheet." in response.text


def test_no_file_chosen(cold):
    response = cold.post("/batch", data={"guide": "testland-registration"})
    assert response.status_code == 422
    assert "Choose a .csv or .xlsx file." in response.text
    assert 'href="/batch?lang=fr"' in response.text  # the other language, of the same page


# --------------------------------------------------------------------------- token


def test_a_token_is_needed_by_every_request():
    token = "s3cret-token-for-tests"
    with client_for(replace(BASE, warm_up=False, token=token)) as client:
        refused = client.get("/", headers={"Accept-Language": "fr"})
        assert refused.status_code == 401
        assert "jeton d'accès" in html.unescape(refused.text)
        assert client.post("/dossier", data=ANA).status_code == 401
        assert client.get("/batch").status_code == 401
        assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        assert client.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/healthz").text == "ok"  # tells nothing, needs nothing
        assert client.get("/static/app.css").status_code == 200  # styles the refusal

        login = client.get(f"/batch?token={token}&lang=fr")
        assert login.status_code == 303
        assert login.headers["location"] == "/batch?lang=fr"  # the token leaves the address
        cookie = login.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and token not in cookie
        assert client.get("/batch?lang=fr").status_code == 200  # the cookie now
        client.cookies.clear()
        assert client.get("/batch").status_code == 401


def test_serve_refuses_a_public_address_without_a_token(monkeypatch):
    from typer.testing import CliRunner

    from paperasse.cli import app

    monkeypatch.delenv("PAPERASSE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "paperasse: error: --host = '0.0.0.0': listening beyond this machine needs an access "
        "token: give --token or set PAPERASSE_TOKEN"
    ]
    short = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--token", "abc"])
    assert short.exit_code == 2 and "at least 16 characters" in short.output


def test_serve_says_in_one_line_when_the_port_is_taken():
    import socket

    from typer.testing import CliRunner

    from paperasse.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"paperasse: error: --host/--port = '127.0.0.1:{port}': cannot listen there: Address "
        "already in use"
    ]


# --------------------------------------------------------------------------- rendering


@pytest.mark.slow
def test_the_pdf_download_is_named_after_the_person(web):
    response = web.post(
        "/dossier",
        data={
            **ANA,
            "arrival_date": "2026-09-01",
            "guide": "testland-registration",
            "format": "pdf",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="ana-souza.pdf"'
    text = pdf_text(response.content)
    assert "Ana Souza" in text and "Brazil (non-EU)" in text


@pytest.mark.slow
def test_the_html_preview_is_sandboxed_and_its_styles_allowed_by_hash(web):
    response = web.post(
        "/dossier", data={**ANA, "guide": "testland-registration", "format": "html", "ui": "fr"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    csp = response.headers["content-security-policy"]
    assert "sandbox" in csp and "'sha256-" in csp and "unsafe-inline" not in csp
    assert "script-src" not in csp  # default-src 'none' covers it
    assert "Ana Souza" in response.text and "<script" not in response.text


@pytest.mark.slow
def test_the_explanation(web):
    response = web.post("/explain", data={**ANA, "guide": "testland-registration"})
    assert response.status_code == 200
    page = response.text
    assert "Why each part of the checklist is there" in page
    assert "Left out for you" in page and "only for" in page
    assert 'value="Ana Souza"' in page  # the PDF is one click away, with the same answers


@pytest.mark.slow
def test_nothing_personal_in_the_logs_and_no_temporary_files_left(web, caplog):
    before = set(Path(tempfile.gettempdir()).glob("paperasse-web-*"))
    with caplog.at_level("INFO", logger="paperasse.web"):
        web.post(
            "/dossier",
            data={**ANA, "name": "Zoë Privée", "guide": "testland-registration", "format": "html"},
        )
        web.post("/dossier", data={**ANA, "name": "Zoë Privée", "citizenship": "Nowhere"})
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("POST /dossier 200") for line in lines)
    assert any(line.startswith("POST /dossier 422") for line in lines)
    assert not any("Zo" in line or "Nowhere" in line for line in lines)
    assert set(Path(tempfile.gettempdir()).glob("paperasse-web-*")) == before


# --------------------------------------------------------------------------- batch


def _wait_done(client, location: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(location).text
        if 'http-equiv="refresh"' not in page:
            return page
        assert time.monotonic() < deadline, "batch still running"
        time.sleep(0.5)


@pytest.mark.slow
def test_a_spreadsheet_gives_a_zip_with_the_row_errors_on_the_page(web):
    csv = (
        "Name;Citizenship;Status;Arrival date;e-mail\n"
        "Ana Souza;BR;student;2026-09-01;ana@example.com\n"
        "Jan Kowalski;Pologne;worker;;\n"
        "Bad Row;Atlantis;worker;;\n"
    )
    response = web.post(
        "/batch",
        data={"guide": "testland-registration", "ui": "en"},
        files={"profiles": ("Clients 2026.csv", csv.encode("utf-8"), "text/csv")},
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/batch/[\w-]{20,}\?lang=en", location)
    page = _wait_done(web, location)
    assert "Done: 2 written, 1 failed." in page
    assert (
        "clients-2026.csv, row 4: citizenship = &#39;Atlantis&#39;: must be an ISO 3166-1 "
        "country code"
    ) in page
    assert "columns that are not profile keys are ignored: e_mail" in page
    assert "/tmp" not in page
    job_id = location.split("/")[2].split("?")[0]
    folder = web.app.state.service.batches.jobs[job_id].folder
    download = web.get(f"/batch/{job_id}/download")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    assert 'filename="clients-2026.zip"' in download.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = sorted(archive.namelist())
    assert names == [
        "ana-souza.pdf",
        "clients-2026-pack.pdf",
        "jan-kowalski.pdf",
        "manifest.csv",
        "manifest.json",
    ]
    assert "Jan Kowalski" in pdf_text(archive.read("jan-kowalski.pdf"))
    pack = pdf_text(archive.read("clients-2026-pack.pdf"))
    assert "Ana Souza" in pack and "Jan Kowalski" in pack
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    assert "clients-2026.csv,4,,failed" in manifest
    assert not folder.exists()  # deleted once sent
    assert "were deleted from the server" in web.get(location).text
    assert web.get(f"/batch/{job_id}/download").status_code == 404


@pytest.mark.slow
def test_a_quick_clean_batch_comes_back_as_the_zip_itself():
    csv = "name,citizenship,status\nAna Souza,BR,student\n"
    with client_for(replace(BASE, quick_wait=120)) as client:
        response = client.post(
            "/batch",
            data={"guide": "testland-registration"},
            files={"profiles": ("c.csv", csv, "text/csv")},
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert "ana-souza.pdf" in names and "manifest.json" in names


# --------------------------------------------------------------------------- the pool


@pytest.mark.slow
def test_the_queue_limit_gives_503_with_retry_after():
    with client_for(replace(BASE, queue_limit=1)) as client:
        results: list[int] = []
        headers: list[str | None] = []

        def post() -> None:
            response = client.post("/dossier", data={**ANA, "guide": "testland-registration"})
            results.append(response.status_code)
            headers.append(response.headers.get("retry-after"))

        threads = [threading.Thread(target=post) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results.count(200) >= 1
        assert 503 in results
        busy = [h for status, h in zip(results, headers, strict=True) if status == 503]
        assert all(h is not None and int(h) >= 1 for h in busy)


@pytest.mark.slow
def test_a_dossier_over_the_time_limit_is_stopped_and_the_server_goes_on():
    with client_for(replace(BASE, time_limit=0.2)) as client:
        response = client.post("/dossier", data={**ANA, "format": "pdf"})
        assert response.status_code == 504
        assert "took longer than 0.2 seconds" in response.text
        assert client.get("/healthz").text == "ok"
        assert client.get("/").status_code == 200


def test_a_bug_is_a_500_page_and_only_its_kind_is_logged(cold, monkeypatch, caplog):
    from paperasse.web import forms

    def broken(*args, **kwargs):
        raise RuntimeError("Ana Souza lives at 3 rue Secrète")

    monkeypatch.setattr(forms, "check", broken)
    with caplog.at_level("INFO", logger="paperasse.web"):
        response = cold.post("/dossier", data=ANA, headers={"Accept-Language": "fr"})
    assert response.status_code == 500
    assert "Un problème est survenu sur le serveur" in response.text
    assert "Traceback" not in response.text and "Secr" not in response.text
    lines = [record.getMessage() for record in caplog.records]
    assert "internal error: RuntimeError" in lines
    assert not any("Ana" in line or "Secr" in line for line in lines)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io"])
def test_on_loopback_only_this_machines_names_are_answered(cold, host):
    response = cold.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "only to the address it was started on" in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"])
def test_this_machines_names_are_answered(cold, host):
    assert cold.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.slow
def test_the_brand_is_on_every_page_and_dossier():
    from paperasse.inputs.brand import load_brand

    brand = load_brand(Path(__file__).resolve().parents[2] / "examples" / "agency" / "brand.yaml")
    with client_for(replace(BASE, brand=brand, quick_wait=120)) as client:
        assert "Example Relocation" in client.get("/").text
        pdf = client.post("/dossier", data={**ANA, "guide": "testland-registration"})
        assert "Example Relocation" in pdf_text(pdf.content)
        csv = "name,citizenship,status\nJan Kowalski,PL,worker\n"
        response = client.post(
            "/batch",
            data={"guide": "testland-registration"},
            files={"profiles": ("c.csv", csv, "text/csv")},
        )
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert "Example Relocation" in pdf_text(archive.read("jan-kowalski.pdf"))
        assert "Example Relocation" in pdf_text(archive.read("c-pack.pdf"))


@pytest.mark.slow
def test_an_xlsx_upload(web, tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Citizenship", "Status", "Arrival date", "id"])
    sheet.append(["Mai Nguyen", "Viêt Nam", "student", dt.date(2026, 9, 1), 1042])
    sheet.append(["Oops", "VN", "astronaut", None, 1043])
    path = tmp_path / "agency.xlsx"
    book.save(path)
    response = web.post(
        "/batch",
        data={"guide": "testland-registration"},
        files={"profiles": ("Agency.XLSX", path.read_bytes(), "application/octet-stream")},
    )
    assert response.status_code == 303
    page = _wait_done(web, response.headers["location"])
    assert "Done: 1 written, 1 failed." in page
    assert "agency.xlsx, row 3: status = &#39;astronaut&#39;" in page
    job_id = response.headers["location"].split("/")[2].split("?")[0]
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"/batch/{job_id}/download").content))
    assert "1042.pdf" in archive.namelist()  # named by the id column, as the CLI does


def test_a_batch_nobody_downloads_is_deleted_after_its_time(tmp_path):
    from paperasse.web.batches import DONE, GONE, Batches

    jobs = Batches(keep_seconds=0.0, max_running=1)
    folder = tmp_path / "job"
    folder.mkdir()
    job = jobs.new(folder, "c.csv", [], [])
    job.state, job.finished_at = DONE, time.monotonic() - 1
    jobs.expire()
    assert job.state == GONE and not folder.exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": {"name": "A"}, "files": {"x": ("a.txt", b"hi")}},  # a file where none is taken
        {"data": {f"f{i}": "x" for i in range(100)}},  # too many fields
        {
            "content": b"\xff\xfe garbage",
            "headers": {"content-type": "multipart/form-data; boundary=zz"},
        },
    ],
)
def test_a_malformed_form_is_400_with_a_message(cold, kwargs):
    response = cold.post("/dossier", **kwargs)
    assert response.status_code == 400
    assert "This request could not be read" in response.text


@pytest.mark.slow
def test_one_person_is_served_while_a_batch_runs(web):
    """A batch submits a window of one task per worker at a time: a one-person request waits
    for at most that window, not for the whole batch."""
    csv = "name,citizenship,status\n" + "".join(f"Client {i},BR,worker\n" for i in range(12))
    response = web.post(
        "/batch",
        data={"guide": "testland-registration"},
        files={"profiles": ("many.csv", csv, "text/csv")},
    )
    job_id = response.headers["location"].split("/")[2].split("?")[0]
    job = web.app.state.service.batches.jobs[job_id]
    single = web.post("/dossier", data={**ANA, "guide": "testland-registration", "format": "pdf"})
    assert single.status_code == 200
    assert job.state == "running" and job.done < job.total
    _wait_done(web, response.headers["location"])


@pytest.mark.slow
def test_packs_are_offered_and_make_one_dossier_of_their_guides(web):
    page = web.get("/").text
    assert '<optgroup label="Packs: several guides in one checklist">' in page
    assert '<option value="pack:testland-arrival">Arriving in Testland (2 guides)</option>' in page
    assert 'value="pack:france-arrival"' in page  # the bundled pack
    response = web.post("/dossier", data={**ANA, "pack": "testland-arrival", "format": "pdf"})
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "Registering in Testland" in text  # the first guide's steps, and the second's:
    assert "Pay the housing tax within 2 weeks." in text and "Signed lease" in text
    explained = web.post("/explain", data={**ANA, "guide": "pack:testland-arrival"}).text
    assert "Arriving in Testland" in explained and "Signed lease" in explained
    assert '<span class="from">Housing in Testland</span>' in explained  # each step's guide
    unknown = web.post("/dossier", data={**ANA, "pack": "atlantis-arrival"})
    assert unknown.status_code == 422
    assert error_of(unknown.text, "guide") == "Error: Choose one of the guides in the list."


@pytest.mark.slow
def test_a_batch_with_a_pack(web):
    csv = "name,citizenship,status\nJan Kowalski,PL,worker\n"
    response = web.post(
        "/batch", data={"pack": "testland-arrival"}, files={"profiles": ("p.csv", csv, "text/csv")}
    )
    assert response.status_code == 303
    assert "Done: 1 written, 0 failed." in _wait_done(web, response.headers["location"])
    job_id = response.headers["location"].split("/")[2].split("?")[0]
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"/batch/{job_id}/download").content))
    assert "Pay the housing tax within 2 weeks." in pdf_text(archive.read("jan-kowalski.pdf"))


def test_uploads_wait_when_too_many_zips_wait_for_their_download(cold, tmp_path):
    from paperasse.web.batches import DONE

    jobs = cold.app.state.service.batches
    made = []
    for i in range(jobs.max_waiting):
        folder = tmp_path / f"job{i}"
        folder.mkdir()
        job = jobs.new(folder, "c.csv", [], [])
        job.state, job.finished_at = DONE, time.monotonic()
        made.append(job)
    try:
        csv = "name,citizenship,status\nAna,BR,student\n"
        response = cold.post("/batch", files={"profiles": ("c.csv", csv, "text/csv")})
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) >= 1
        assert "The server is busy" in response.text
    finally:
        for job in made:
            jobs.jobs.pop(job.id).remove()
