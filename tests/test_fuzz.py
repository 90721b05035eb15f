"""Property-based: random and hostile profiles and guides through the whole pipeline (read ->
select -> HTML, and a few to PDF). Each gives a valid result or a UserError of one line; never
another exception, never a hang. The HTML is checked for what must never be in it, whatever
the input: active or fetching elements, and links of other schemes than http(s)/mailto/tel."""

from __future__ import annotations

import contextlib
import re
import signal
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import COMBINATIONS, TEST_GUIDE_EN
from hostile import without_qr_images
from paperasse.dossier import select
from paperasse.errors import UserError
from paperasse.guide import Guide, read_guide
from paperasse.inputs.profile import KNOWN_KEYS, Profile, profile_from_mapping, read_profile
from paperasse.render.html import render_html
from paperasse.render.qr import qr_image

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGALRM for time limits")

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}


class Hang(Exception):
    """An input took longer than the time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise Hang(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_fires() -> None:
    with pytest.raises(Hang), time_limit(0.2):
        while True:
            pass


# ------------------------------------------------------------------------- HTML invariants

FORBIDDEN_TAGS = {
    "script",
    "img",
    "image",
    "link",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "base",
    "form",
    "meta-refresh",
    "video",
    "audio",
    "source",
    "track",
    "use",
    "foreignobject",
    "feimage",
    "applet",
    "portal",
    "math",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "data",
    "xlink:href",
    "action",
    "formaction",
    "poster",
    "background",
    "codebase",
    "cite",
    "longdesc",
    "usemap",
    "ping",
}
SAFE_HREF = ("http://", "https://", "mailto:", "tel:")
#: The one in-document link paperasse makes: to a numbered step of the same page (timeline,
#: "needed for"); checked in :func:`check_html` to point at a step that is there.
STEP_REF = re.compile(r"#step-[0-9]+")


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.styles = 0
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self.styles += 1
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and STEP_REF.fullmatch(value or ""):
                self.refs.append(value or "")
                continue
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in URL_ATTRIBUTES and (
                name != "href" or not (value or "").lower().startswith(SAFE_HREF)
            ):
                self.problems.append(f"{tag} {name}={value!r}")


def check_html(html: str, *, inline_css: bool = False) -> None:
    """No forbidden element or attribute; the only images are paperasse's QR codes of links."""
    inspector = Inspector()
    inspector.feed(without_qr_images(html))
    inspector.close()
    assert not inspector.problems, inspector.problems
    assert inspector.styles == (1 if inline_css else 0)
    missing = {ref for ref in inspector.refs if ref[1:] not in inspector.ids}
    assert not missing, sorted(missing)


def test_check_html_can_fail() -> None:
    for bad in (
        '<img src="x">',
        '<a href="javascript:x">',
        '<p onclick="x">',
        "<script>",
        '<a href="file:///etc/passwd">',
        '<svg><image href="http://x"/></svg>',
        '<p style="background:url(http://x)">',
        "<style>p{}</style>",
        '<a href="#step-1">1</a>',  # a step that is not there
        '<a href="#top">top</a><p id="top">',  # not a step
        # QR code images: only the very code of the link they sit in, made by paperasse
        f'<a class="qr-link" href="https://b.example">{qr_image("https://a.example")}</a>',
        f'<a class="qr-link" href="javascript:x">{qr_image("javascript:x")}</a>',
        f"<p>{qr_image('https://a.example')}</p>",
        f'<a class="qr-link" href="https://a.example">{qr_image("https://a.example")}'
        '<img src="x"></a>',
    ):
        with pytest.raises(AssertionError):
            check_html(bad)
    check_html('<a href="https://ok.example">ok</a><p>&lt;img src=x&gt;</p>')
    check_html('<a class="ref" href="#step-2">2</a><ol><li id="step-2">Step</li></ol>')
    check_html(
        f'<a class="qr-link" href="https://a.example/?a=1&amp;b=2">'
        f"{qr_image('https://a.example/?a=1&b=2', 'QR <code>')}</a>"
    )


# ------------------------------------------------------------------------- profiles

HOSTILE_TEXT = st.sampled_from(
    [
        "<b>x</b>",
        '<img src="file:///etc/passwd">',
        "<link rel=stylesheet href=http://127.0.0.1:1>",
        "{{ 7*7 }}",
        "{% for x in range(10**9) %}x{% endfor %}",
        "</style><script>alert(1)</script>",
        "x{} * { background: url(http://127.0.0.1:1/) }",
        "\x00",
        "\x1b[2J",
        "\u202e",
        "\ufeff",
        "../../etc/passwd",
        "CON",
        "nul",
        "a" * 300,
        "   ",
        "",
        "BR",
        "eu",
        "non-eu",
        "NO",
        "worker",
        "student",
        "fr",
        "en",
        "2026-02-30",
        "2026-11-02",
        "王芳",
        "Zoë",
        "🙂" * 60,
        "\ud800",
    ]
)
VALUES = st.one_of(
    HOSTILE_TEXT,
    st.text(max_size=60),
    st.none(),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(HOSTILE_TEXT, max_size=3),
    st.dictionaries(st.text(max_size=5), HOSTILE_TEXT, max_size=2),
    st.dates(),
)
KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12), HOSTILE_TEXT)


def base_profile() -> st.SearchStrategy[dict]:
    """Mostly-valid profiles with hostile text in the free fields, plus random extra keys."""
    return st.fixed_dictionaries(
        {
            "name": st.one_of(HOSTILE_TEXT, st.text(min_size=1, max_size=80)),
            "citizenship": st.sampled_from(["BR", "FR", "eu", "non-eu", "Brésil", "NO"]),
            "status": st.sampled_from(["worker", "student", "Student"]),
        },
        optional={
            "id": st.one_of(HOSTILE_TEXT, st.text(max_size=40)),
            "language": st.sampled_from(["en", "fr", ""]),
            "arrival_date": st.dates(),
        },
    )


@pytest.fixture(scope="module")
def test_guide() -> Guide:
    return read_guide(TEST_GUIDE_EN)


def through_pipeline(profile: Profile, guide: Guide) -> str:
    stem = profile.output_stem()
    assert stem and len(stem) <= 80 and set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    html = render_html(select(guide, profile))
    check_html(html)
    return html


@pytest.mark.slow
@settings(max_examples=150, **SETTINGS)
@given(st.one_of(base_profile(), st.dictionaries(KEYS, VALUES, max_size=8)))
def test_random_profiles_through_the_pipeline(test_guide: Guide, data: dict) -> None:
    with time_limit(10):
        try:
            profile = profile_from_mapping(data, source="fuzz.yaml", row=3)
        except UserError as err:
            assert "\n" not in str(err) and str(err).startswith("fuzz.yaml")
            event("profile: UserError")
            return
        event("profile: valid")
        html = through_pipeline(profile, test_guide)
        assert "49" not in html.split('class="name">')[1].split("<")[0] or "49" in profile.name


FILE_FRAGMENTS = st.sampled_from(
    [
        "name: Ana\n",
        "citizenship: BR\n",
        "status: worker\n",
        "id: ../x\n",
        "a: &a [1]\n",
        "b: *a\n",
        "name = 'Ana'\n",
        'citizenship = "BR"\n',
        '{"name": "Ana"',
        ', "status": "x"}',
        "[table]\n",
        "- item\n",
        "? [a]\n: b\n",
        "!!python/object:os.system ls\n",
        "name: !!binary aGVsbG8=\n",
        "date: 2026-13-45\n",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        '"\\ud800"',
        "\t",
        "\x00",
        "\ufeff",
        "name: {{ 7*7 }}\n",
        "<b>\n",
        "[" * 50,
        "{" * 50,
    ]
)


def serialise(data: dict, suffix: str) -> bytes:
    """A profile mapping written as a file of that kind (hostile text stays in the values)."""
    import json

    import yaml

    if suffix in (".yaml", ".yml"):
        text = yaml.safe_dump(data, allow_unicode=True)
    elif suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, default=str)
    else:
        text = "".join(f"{k} = {json.dumps(str(v), ensure_ascii=False)}\n" for k, v in data.items())
    return text.encode("utf-8", errors="surrogatepass")


SUFFIXES = st.sampled_from([".yaml", ".yml", ".toml", ".json"])
RAW_FILES = st.tuples(
    st.one_of(
        st.binary(max_size=300),
        st.lists(FILE_FRAGMENTS, max_size=12).map(lambda xs: "".join(xs).encode()),
        st.lists(FILE_FRAGMENTS, max_size=12).map(lambda xs: "".join(xs).encode("utf-16")),
    ),
    SUFFIXES,
)
WRITTEN_FILES = st.tuples(base_profile(), SUFFIXES).map(lambda t: (serialise(*t), t[1]))


@pytest.mark.slow
@settings(max_examples=150, **SETTINGS)
@given(st.one_of(RAW_FILES, WRITTEN_FILES))
def test_random_profile_files(
    tmp_path_factory: pytest.TempPathFactory, test_guide: Guide, file: tuple[bytes, str]
) -> None:
    data, suffix = file
    path = tmp_path_factory.mktemp("fuzz") / f"p{suffix}"
    path.write_bytes(data)
    with time_limit(10):
        try:
            profile = read_profile(path)
        except UserError as err:
            assert "\n" not in str(err) and str(path) in str(err)
            event("file: UserError")
            return
        event("file: valid")
        through_pipeline(profile, test_guide)


# ------------------------------------------------------------------------- guides

TAGS = st.sampled_from(
    [
        "eu",
        "non-eu",
        "worker",
        "student",
        "studnet",
        "EU",
        "not",
        "and",
        "or",
        "(",
        ")",
        "__import__('os')",
        "1==1",
        "",
        "x" * 40,
    ]
)
CONDITION = st.lists(TAGS, min_size=0, max_size=6).map(" ".join)
DIRECTIVE = st.one_of(
    CONDITION.map(lambda c: f"when: {c}"),
    st.sampled_from(
        [
            "deadline: 3 months",
            "deadline: 0 days",
            "deadline: soon",
            "deadline: 9999 weeks",
            "key: a-key",
            "key: ../bad key",
            "whne: eu",
            "end",
            "just a comment",
            "when:",
            "key:",
        ]
    ),
)
COMMENT = st.lists(DIRECTIVE, min_size=1, max_size=3).map(lambda ds: f"<!-- {'; '.join(ds)} -->")
LINK_TARGET = st.sampled_from(
    [
        "https://ok.example/a",
        "http://127.0.0.1:1/x",
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "../../etc/passwd",
        "mailto:a@b.example",
        "tel:+33123",
        "vbscript:x",
        "ftp://x.example",
        "//evil.example/x",
        "&#106;avascript:x",
        "java\tscript:x",
        " https://spaced.example",
        "#anchor",
        "",
    ]
)
INLINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.sampled_from(
        [
            "plain words",
            "**bold**",
            "`code`",
            "<b>raw</b>",
            "<img src=x onerror=y>",
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "{% raw %}",
            "&amp; &lt;",
            "<style>*{background:url(http://127.0.0.1:1/)}</style>",
            "\\",
            "|",
            "<a href='javascript:x'>a</a>",
            "<svg><image href='http://x'/></svg>",
        ]
    ),
    st.tuples(st.text(max_size=10), LINK_TARGET).map(lambda t: f"[{t[0]}]({t[1]})"),
    st.tuples(st.text(max_size=10), LINK_TARGET).map(lambda t: f"![{t[0]}]({t[1]})"),
    LINK_TARGET.map(lambda t: f"<{t}>"),
    COMMENT,
)
LINE = st.lists(INLINE, min_size=1, max_size=4).map(" ".join)
BLOCK = st.one_of(
    st.sampled_from(
        [
            "## Description",
            "## Procedure",
            "## Required Documents",
            "## Providers that can do it for you",
            "## Additional details",
            "## Related Posts",
            "### What is it?",
            "# Title",
            "<!-- end -->",
            "```\n<!-- when: eu -->\n```",
            "---",
            "> quote",
            "| a | b |\n|---|---|",
            "| Provider | Website | Timelines | Cost |\n| --- | --- | --- | --- |\n"
            "| P | [W](javascript:x) | 1 | 2 |\n| Q | https://q.example | 1 | 2 |",
        ]
    ),
    LINE.map(lambda s: f"1. {s}"),
    LINE.map(lambda s: f"2. {s}"),
    LINE.map(lambda s: f"- {s}"),
    LINE.map(lambda s: f"   - {s}"),
    LINE.map(lambda s: f"## {s}"),
    LINE,
    COMMENT,
    LINE.map(lambda s: f"| {s} | x |"),
)
FRONT = st.one_of(
    st.just(""),
    st.sampled_from(
        [
            '---\ntitle: "<b>T</b> {{ 7*7 }}"\ndate: 2026-01-01\n---\n',
            "---\ntitle: x\n",
            "---\n- a list\n---\n",
            "---\ndate: soon\n---\n",
            "---\nsources: [javascript:alert(1)]\n---\n",
            "---\nsources:\n  - title: ok\n    url: https://ok.example\n---\n",
            "---\na: &x 1\nb: *x\n---\n",
            "---\nsource: <script>x</script>\n---\n",
        ]
    ),
)
GUIDE_TEXT = st.tuples(FRONT, st.lists(BLOCK, max_size=14), st.sampled_from(["\n", "\n\n"])).map(
    lambda t: t[0] + t[2].join(t[1]) + "\n"
)
# Well-formed guides with hostile content: most of these read, so the rendering is exercised.
VALID_CONDITION = st.recursive(
    st.sampled_from(["eu", "non-eu", "worker", "student"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or", "AND"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda c: f"not {c}"),
    ),
    max_leaves=4,
)
ITEM_MARK = st.one_of(
    st.just(""),
    VALID_CONDITION.map(lambda c: f"<!-- when: {c} --> "),
    st.tuples(VALID_CONDITION, st.integers(1, 24)).map(
        lambda t: f"<!-- when: {t[0]}; deadline: {t[1]} weeks --> "
    ),
)
SAFE_INLINE = st.one_of(*(s for s in INLINE.original_strategies if s is not COMMENT))  # type: ignore[attr-defined]
SAFE_LINE = (
    st.lists(SAFE_INLINE, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda s: s.strip() and "<!--" not in s and "\n" not in s)
)
STEPS = st.lists(st.tuples(ITEM_MARK, SAFE_LINE).map("".join), min_size=1, max_size=5)
DOC_MARK = st.one_of(st.just(""), VALID_CONDITION.map(lambda c: f"<!-- when: {c} --> "))
DOCUMENTS = st.lists(st.tuples(DOC_MARK, SAFE_LINE).map("".join), min_size=1, max_size=4)
GOOD_FRONT = st.sampled_from(
    [
        "",
        '---\ntitle: "<b>T</b> {{ 7*7 }}"\ndate: 2026-01-01\n---\n',
        "---\nsources:\n  - title: ok\n    url: https://ok.example\n---\n",
        "---\nsource: <script>x</script>\nauthor: <img src=x>\n---\n",
    ]
)
REGION = st.tuples(VALID_CONDITION, SAFE_LINE).map(
    lambda t: f"<!-- when: {t[0]} -->\n\n{t[1]}\n\n<!-- end -->"
)
PARAGRAPHS = st.lists(st.one_of(SAFE_LINE, REGION), max_size=3).map("\n\n".join)
WELL_FORMED = st.tuples(GOOD_FRONT, PARAGRAPHS, STEPS, DOCUMENTS, PARAGRAPHS).map(
    lambda t: (
        t[0]
        + "## Description\n\n"
        + t[1]
        + "\n\n## Procedure\n\n"
        + "\n".join(f"{i}. {x}" for i, x in enumerate(t[2], 1))
        + "\n\n## Required Documents\n\n"
        + "\n".join(f"- {x}" for x in t[3])
        + "\n\n## Providers that can do it for you\n\n| Provider | Website | Timelines | Cost |\n"
        "| --- | --- | --- | --- |\n| P | [W](javascript:x) | 1 | 2 |\n"
        "| Q | https://q.example | 1 | 2 |\n\n## Additional details\n\n" + t[4] + "\n"
    )
)
PROFILES = [
    profile_from_mapping({"name": "Fuzz", **values}, source="x") for values in COMBINATIONS.values()
]


def guide_outcome(text: str) -> list[str] | None:
    """None for a clean UserError; else the HTML of the dossier of each profile."""
    path = Path("fuzz/en/testland/guide.md")
    try:
        guide = read_guide(path, text=text)
    except UserError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path)), str(err)
        event("guide: UserError")
        return None
    event("guide: read")
    pages = []
    for profile in PROFILES:
        html = render_html(select(guide, profile))
        check_html(html)
        pages.append(html)
    return pages


@pytest.mark.slow
@settings(max_examples=150, **SETTINGS)
@given(st.one_of(GUIDE_TEXT, WELL_FORMED))
def test_random_guides_through_the_pipeline(text: str) -> None:
    with time_limit(10):
        guide_outcome(text)


@settings(max_examples=100, **SETTINGS)
@given(st.text(max_size=400))
def test_arbitrary_text_as_a_guide(text: str) -> None:
    with time_limit(10):
        guide_outcome(text)


@pytest.fixture(scope="module")
def renderer() -> object:
    from paperasse.render.pdf import PdfRenderer

    return PdfRenderer()


@pytest.mark.slow
@settings(max_examples=3, **SETTINGS)
@given(WELL_FORMED, st.sampled_from(PROFILES))
def test_random_guides_to_pdf(renderer: object, text: str, profile: Profile) -> None:
    try:
        guide = read_guide(Path("fuzz/en/testland/guide.md"), text=text)
    except UserError as err:
        assert "\n" not in str(err)
        event("pdf: guide UserError")
        return
    event("pdf: rendered")
    with time_limit(60):
        data = renderer.render(render_html(select(guide, profile)))  # type: ignore[attr-defined]
    assert data.startswith(b"%PDF-")
    from pdfread import pdf_page_count, pdf_qr_codes

    assert pdf_page_count(data) >= 1
    assert all(code.lower().startswith(("http://", "https://")) for code in pdf_qr_codes(data))
