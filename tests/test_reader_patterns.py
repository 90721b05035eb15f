"""Reading patterns of public guides, on guides written for the tests in several languages
(tests/data/patterns): each must read as its author meant, and ``check`` must say how."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperasse.guide import read_guide
from paperasse.guide.findings import Report
from paperasse.guide.lint import check_guide

DATA = Path(__file__).parent / "data" / "patterns"


def guide(rel: str):
    return read_guide(DATA / rel)


def line_of(rel: str, needle: str) -> int:
    lines = (DATA / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def findings(rel: str) -> list[str]:
    report = Report()
    check_guide(DATA / rel, report)
    return [f"{f.line}: {f.severity}: {f.message}" for f in report.sorted()]


@pytest.mark.parametrize(
    ("rel", "first", "documents", "lead_in", "char"),
    [
        (
            "en/testland/bullets.md",
            "• An identity",
            ["An identity document", "Proof of address, less than three months old", "A photo"],
            ["You will need:"],
            "•",
        ),
        (
            "fr/testland/tirets.md",
            "-Une pièce",
            ["Une pièce d'identité", "Un justificatif de domicile", "Une photo"],
            [],
            "-",
        ),
        (
            "de/testland/striche.md",
            "– Personalausweis",
            ["Personalausweis oder Reisepass", "Meldebescheinigung"],
            ["Folgende Unterlagen brauchen Sie:"],
            "–",
        ),
    ],
)
def test_documents_written_with_a_bullet_character_become_items(
    rel: str, first: str, documents: list[str], lead_in: list[str], char: str
) -> None:
    read = guide(rel)
    assert [d.text for d in read.documents] == documents
    assert all(d.kind == "document" for d in read.documents)
    assert read.documents[0].line == line_of(rel, first)
    assert [n.text for n in read.documents_notes] == lead_in
    warning = (
        f"{line_of(rel, first)}: warning: documents written with '{char}' rather than as a "
        f"Markdown list: read as {len(documents)} tick-box items; write each as a '- ' line"
    )
    assert warning in findings(rel)


def test_documents_written_as_paragraphs_become_items() -> None:
    read = guide("es/testland/parrafos.md")
    assert [d.text for d in read.documents] == [
        "Un documento de identidad en vigor.",
        "Un justificante de domicilio reciente.",
    ]
    read = guide("pt/testland/paragrafo.md")
    assert len(read.documents) == 1 and read.documents[0].text.startswith("Em geral basta")
    assert any("documents written as paragraphs" in f for f in findings("pt/testland/paragrafo.md"))


def test_a_lone_one_sentence_paragraph_stays_a_note() -> None:
    read = guide("it/testland/nessun_documento.md")
    assert read.documents == ()
    assert [n.text for n in read.documents_notes] == ["Non serve alcun documento."]
    assert not any("paragraphs" in f for f in findings("it/testland/nessun_documento.md"))


@pytest.mark.parametrize(
    ("rel", "heading"),
    [
        ("en/testland/bullets.md", "You might also like"),
        ("fr/testland/tirets.md", "Articles similaires"),
        ("de/testland/striche.md", "Ähnliche Beiträge"),
        ("es/testland/parrafos.md", "Publicaciones relacionadas"),
        ("pt/testland/paragrafo.md", "Publicações relacionadas"),
    ],
)
def test_related_posts_are_recognised_by_their_structure(rel: str, heading: str) -> None:
    read = guide(rel)
    assert heading not in read.extra
    every = [*read.intro, *read.steps, *read.documents, *read.documents_notes, *read.details]
    every += [b for blocks in read.extra.values() for b in blocks]
    assert not any("guides.example" in link.url for b in every for link in b.links)
    note = (
        f"{line_of(rel, '## ' + heading)}: note: section {heading!r} left out: a list of links"
        " to other pages of guides.example (related posts)"
    )
    assert note in findings(rel)


@pytest.mark.parametrize(
    ("rel", "heading", "text"),
    [
        # links to two sites: not "related posts"
        ("it/testland/nessun_documento.md", "Link utili", "Il catalogo della biblioteca"),
        # an item that is more than its link
        ("pl/testland/lista.md", "Powiązane wpisy", "Przedłużenie karty"),
        # not a list at all
        ("de/testland/striche.md", "Kontakt", "Schreiben Sie an die Bibliothek."),
    ],
)
def test_other_unknown_sections_are_kept_and_reported(rel: str, heading: str, text: str) -> None:
    read = guide(rel)
    assert text in " ".join(b.text for b in read.extra[heading])
    warning = (
        f"{line_of(rel, '## ' + heading)}: warning: section {heading!r} is none of the "
        "template's parts: printed after the additional details"
    )
    assert warning in findings(rel)


@pytest.mark.parametrize(
    ("rel", "value"),
    [
        ("fr/testland/tirets.md", "5 mars 2025"),
        ("de/testland/striche.md", "05.03.2025"),
        ("es/testland/parrafos.md", "5 de marzo de 2025"),
        ("pt/testland/paragrafo.md", "5 de março de 2025"),
    ],
)
def test_a_date_written_out_is_undated_with_a_warning(rel: str, value: str) -> None:
    read = guide(rel)
    assert read.date is None
    (remark,) = [r for r in read.remarks if r.kind == "date"]
    assert remark.in_build and remark.line == line_of(rel, "date:")
    assert value in remark.message
    error = (
        f"{line_of(rel, 'date:')}: error: front matter: date = {value!r}: not a date; write it "
        "as YYYY-MM-DD"
    )
    assert error in findings(rel)


def test_build_tells_the_undated_guide_once_and_builds(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conftest import write_profile
    from paperasse.cli import app

    profiles = [write_profile(tmp_path, f"p{i}", name=f"Person {i}") for i in range(2)]
    out = tmp_path / "out"
    rel = "pt/testland/paragrafo.md"
    args = ["build", *map(str, profiles), "--guide", str(DATA / rel), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--format", "html", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    told = [line for line in result.stderr.splitlines() if "not a date" in line]
    assert len(told) == 1
    assert told[0].endswith(
        f"paragrafo.md:{line_of(rel, 'date:')}: warning: date = '5 de março de 2025': not a "
        "date; read as undated (write it as YYYY-MM-DD)"
    )
    html = (out / "p0.html").read_text(encoding="utf-8")
    assert "Em geral basta um documento de identidade" in html
    assert "2025" not in html.split("</header>")[0]


def test_plain_urls_in_running_text_become_links() -> None:
    read = guide("en/testland/bullets.md")
    assert read.steps[0].links[0].url == "https://library.example/branches"
    assert 'href="https://library.example/branches"' in read.steps[0].html
    assert read.steps[2].links == ()  # a URL in a code span stays text
    assert "<code>https://not-a-link.example</code>" in read.steps[2].html
    (link,) = read.details[0].links
    assert link.url == "http://help.library.example/faq"  # the full stop is not in the URL
    fr = guide("fr/testland/tirets.md")
    assert fr.steps[0].links[0].url == "https://library.example/fr/branches"


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("Sign up on the site: (https://sign.example/up)", ["https://sign.example/up"]),
        ("Voir www.service-public.fr pour tout.", ["http://www.service-public.fr"]),
        ("HTTP://UPPER.EXAMPLE/PATH", ["HTTP://UPPER.EXAMPLE/PATH"]),
        ("Bare domain service.example stays text.", []),
        ("ftp://files.example/x is not a web link.", []),
        (
            "[Named](https://a.example) then https://b.example.",
            ["https://a.example", "https://b.example"],
        ),
        # an address written inside an HTML tag or CSS is markup, not a link for the reader
        ('<img src="https://tracker.example/p.png"> text', []),
        ("<link href='https://evil.example/a.css'>", []),
        ('<style>@import url("https://evil.example/b.css")</style>', []),
        ("<b>https://bold.example</b> is text in a tag's content", ["https://bold.example"]),
        # raw HTML prints as text and, as on the public site (which leaves it out), a URL
        # inside it is no link: in a tag, in an HTML block (to its end), in a raw <a>
        ('See <img src="http://b.example/y"> and https://a.example', ["https://a.example"]),
        ('<link rel="stylesheet" href="https://css.example/x.css">', []),
        (
            '<style>@import url("http://d.example/s.css");\n'
            "body { background: url(http://e.example) }\n</style>\n\nAfter https://f.example",
            ["https://f.example"],
        ),
        ("<div>\nhttp://g.example\n</div>", []),
        ('<a href="http://h.example">inner http://i.example</a>', []),
        # ... while the words between two inline tags are running text, and a "<" or "="
        # that opens no tag is only a character
        ("Hi <b>http://z.example</b> there", ["http://z.example"]),
        ("Income < 1000: see https://caf.example", ["https://caf.example"]),
        (
            "Form field x=https://a.example, then url(https://b.example)",
            ["https://a.example", "https://b.example"],
        ),
    ],
)
def test_what_becomes_a_link(text: str, urls: list[str]) -> None:
    from paperasse import markdown as mdr

    assert [url for url, _ in mdr.web_links(mdr.parse(text))] == urls


def test_an_upper_case_http_link_gets_its_qr_code(tmp_path: Path) -> None:
    from conftest import write_profile
    from paperasse.dossier import select
    from paperasse.inputs.profile import read_profile
    from paperasse.render.html import render_html

    text = (DATA / "en/testland/bullets.md").read_text(encoding="utf-8")
    path = tmp_path / "en" / "testland" / "upper.md"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace("https://library.example/branches", "HTTP://LIB.EXAMPLE/B"))
    profile = read_profile(write_profile(tmp_path, "p"))
    html = render_html(select(read_guide(path), profile))
    assert '<a class="qr-link" href="HTTP://LIB.EXAMPLE/B"><img class="qr"' in html


def _html(rel: str, tmp_path: Path) -> str:
    from conftest import write_profile
    from paperasse.dossier import select
    from paperasse.inputs.profile import read_profile
    from paperasse.render.html import render_html

    return render_html(select(guide(rel), read_profile(write_profile(tmp_path, "p"))))


@pytest.mark.parametrize(
    ("rel", "lead_in", "first"),
    [
        ("en/testland/bullets.md", "You will need:", "An identity document"),
        ("de/testland/striche.md", "Folgende Unterlagen brauchen Sie:", "Personalausweis"),
        ("pl/testland/lista.md", "Potrzebne dokumenty:", "Dowód osobisty"),
    ],
)
def test_a_lead_in_is_printed_before_its_list(
    rel: str, lead_in: str, first: str, tmp_path: Path
) -> None:
    read = guide(rel)
    assert [n.lead_in for n in read.documents_notes] == [True]
    html = _html(rel, tmp_path)
    assert html.index(lead_in) < html.index(first)


def test_a_note_after_the_list_stays_after_it(tmp_path: Path) -> None:
    text = (DATA / "pl/testland/lista.md").read_text(encoding="utf-8")
    path = tmp_path / "pl" / "testland" / "po.md"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace("- Zdjęcie\n", "- Zdjęcie\n\nSprawdź listę w bibliotece.\n"))
    read = read_guide(path)
    assert [(n.text, n.lead_in) for n in read.documents_notes] == [
        ("Potrzebne dokumenty:", True),
        ("Sprawdź listę w bibliotece.", False),
    ]


def test_the_description_is_shown_under_the_title(tmp_path: Path) -> None:
    html = _html("fr/testland/tirets.md", tmp_path)
    title = html.index('<h1 class="guide-title">Obtenir une carte de bibliothèque</h1>')
    description = html.index(
        '<p class="description">Comment obtenir une carte de bibliothèque.</p>'
    )
    assert title < description < html.index("</header>")


def test_an_unknown_section_is_printed_after_the_details(tmp_path: Path) -> None:
    html = _html("de/testland/striche.md", tmp_path)
    assert html.index("Der Ausweis ist kostenlos.") < html.index("<h2>Kontakt</h2>")
    assert "Schreiben Sie an die Bibliothek." in html
    assert "Ähnliche Beiträge" not in html and "guides.example" not in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            'See <img src="http://b.example/y"> now',
            "See &lt;img src=&quot;http://b.example/y&quot;&gt; now",
        ),
        (
            "<div onclick='x()'>\nhttp://g.example\n</div>",
            "&lt;div onclick='x()'&gt;\nhttp://g.example\n&lt;/div&gt;",
        ),
    ],
)
def test_raw_html_prints_as_its_own_text(text: str, shown: str) -> None:
    from paperasse import markdown as mdr

    tokens = mdr.parse(text)
    assert mdr.render(tokens) == f"<p>{shown}</p>"
    assert "html_inline" not in str(tokens) and "html_block" not in str(tokens)
    assert mdr.plain_text(tokens) == " ".join(text.split())


def test_raw_html_tokens_render_escaped_even_unconverted() -> None:
    from paperasse import markdown as mdr

    md = mdr.markdown()
    raw = md.parse("<div>\n<b>x</b>\n</div>\n\nA <i>b</i>")  # not through parse(): no conversion
    assert {t.type for t in raw} >= {"html_block"}
    html = md.renderer.render(raw, md.options, {})
    assert "<div" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;div&gt;" in html and "&lt;i&gt;b&lt;/i&gt;" in html
