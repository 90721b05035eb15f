"""Hostile guides: bounded work whatever the input (issue 16). Work is counted, not timed; the
few big inputs run in a subprocess with a generous timeout as a hang guard."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paperasse.errors import UserError
from paperasse.guide import directives as dv
from paperasse.guide import read_guide
from paperasse.guide.findings import Report
from paperasse.guide.lint import check_guide, collect

HEAD = textwrap.dedent(
    """\
    ---
    title: t
    translationKey: testland-limits
    date: 2024-01-01
    description: d
    author: a
    ---
    ## Procedure
    1. One.
    2. Two.

    ## Documents
    - Passport

    ## Details
    """
)


class CountingStr(str):
    """A text that counts the characters its ``find`` calls could look at."""

    looked = 0

    def find(self, sub, start=None, end=None):  # type: ignore[override]
        found = str.find(self, sub, start, end)
        CountingStr.looked += (found if found >= 0 else len(self)) - (start or 0)
        return found


@pytest.mark.parametrize(
    "text",
    [
        " " * 200_000 + "<!-- x -->",
        "<!--" * 50_000,
        "<!-- " * 40_000 + "-->",
        "```\n" + "<!--" * 50_000 + "\n```\n<!-- end -->",
        "-->" * 60_000 + "<!--",
    ],
    ids=["spaces", "open-comments", "open-then-one-close", "fenced-open-comments", "closes"],
)
def test_comment_scanning_looks_at_each_character_a_bounded_number_of_times(text: str) -> None:
    CountingStr.looked = 0
    dv.find_comments(CountingStr(text))
    assert CountingStr.looked <= 3 * len(text)


def test_find_comments_matches_the_old_regex() -> None:
    import re

    old = re.compile(r"[ \t]*<!--(.*?)-->[ \t]*", re.DOTALL)
    text = "a <!-- one -->b\n\t<!--two\n-->  <!---->x<!-- <!-- nested --> -->  <!-- open"
    assert [(m.start(), m.end(), m.group(1)) for m in old.finditer(text)] == [
        (m.start(), m.end(), m.group(1)) for m in dv.find_comments(text)
    ]


def test_regions_nested_too_deeply_are_refused(tmp_path: Path) -> None:
    depth = dv.MAX_REGION_DEPTH + 1
    body = "<!-- when: eu -->\n\n" * depth + "Deep.\n\n" + "<!-- end -->\n\n" * depth
    path = tmp_path / "en" / "testland" / "deep.md"
    path.parent.mkdir(parents=True)
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert f"nested too deeply (more than {dv.MAX_REGION_DEPTH} levels)" in str(caught.value)
    assert caught.value.line == HEAD.count("\n") + 1 + 2 * dv.MAX_REGION_DEPTH
    # at the limit, it reads
    ok = dv.MAX_REGION_DEPTH
    path.write_text(
        HEAD + "<!-- when: eu -->\n\n" * ok + "Deep.\n\n" + "<!-- end -->\n\n" * ok,
        encoding="utf-8",
    )
    assert read_guide(path).details[0].text == "Deep."


def test_check_takes_only_files_with_a_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "guides"
    (folder / "en" / "testland").mkdir(parents=True)
    (folder / "en" / "testland" / "a.md").write_text(HEAD, encoding="utf-8")
    (folder / "en" / "testland" / "b.md").write_text("\ufeff---\r\n" + HEAD[4:], encoding="utf-8")
    for name in ("LICENSE.md", "CODE_OF_CONDUCT.md", "CONTRIBUTING.md", "README.md"):
        (folder / name).write_text("# Not a guide\n\nText.\n", encoding="utf-8")
    (folder / "en" / "_index.md").write_text("Section index\n", encoding="utf-8")
    assert sorted(p.name for p in collect([str(folder)])) == ["a.md", "b.md"]


def test_report_add_is_a_set_lookup() -> None:
    report = Report()
    for i in range(1, 20_001):
        report.add("g.md", i, "warning", "same words")
        report.add("g.md", i, "warning", "same words")
    assert len(report.findings) == 20_000
    assert not report.has_error("g.md", 5, "x")
    report.add("g.md", 5, "error", "bad")
    assert report.has_error("g.md", 5, "x") and report.has_error("g.md", 9, "bad")


HANG_GUARD = """
import sys, pathlib
from paperasse.guide import read_guide
from paperasse.guide.findings import Report
from paperasse.guide.lint import check_guide
from paperasse.errors import UserError
path = pathlib.Path(sys.argv[1])
try:
    read_guide(path)
except UserError as err:
    print("refused:", err)
report = Report()
check_guide(path, report)
print(len(report.findings))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [" " * 1_500_000, "<!--" * 400_000, "<!-- " * 300_000, "<!-- when: eu -->\n\n" * 80_000],
    ids=["spaces", "open-comments", "open-comments-spaced", "many-regions"],
)
def test_big_hostile_guides_finish(tmp_path: Path, body: str) -> None:
    path = tmp_path / "en" / "testland" / "big.md"
    path.parent.mkdir(parents=True)
    path.write_text(HEAD + body, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", HANG_GUARD, str(path)],
        capture_output=True,
        text=True,
        timeout=180,  # a hang guard, not a timing (3 to 20 s on a loaded 2-core machine)
        check=False,
    )
    assert done.returncode == 0, done.stderr


LINKS_GUARD = """
import sys
from pathlib import Path
from paperasse.guide.findings import Report
from paperasse.guide.lint import _links
line = sys.argv[1] * (1_000_000 // len(sys.argv[1])) + sys.argv[2]
report = Report()
_links(Path("g.md"), line + "\\n" + line, report)
print(len(report.findings))
"""


@pytest.mark.parametrize(
    ("unit", "tail"),
    [
        ("[", ")"),
        ("[a](", ""),
        ("[a](", ")"),
        ("[a", "](x)"),
        ("<http:", ""),
        ("](", ")"),
        ("[[a]", ""),
    ],
)
def test_check_scans_links_of_a_1_mb_line_in_linear_time(unit: str, tail: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LINKS_GUARD, unit, tail],
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard: well under a second each; the old regex took hours
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _guide(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "en" / "testland" / "heavy.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_a_guide_too_heavy_to_lay_out_is_refused_at_the_line_it_goes_over(
    tmp_path: Path,
) -> None:
    from paperasse.guide.source import MAX_GUIDE_ELEMENTS

    # nine-deep lists: every item counts, nested or not
    items = "".join("  " * (i % 9) + f"- item {i}\n" for i in range(MAX_GUIDE_ELEMENTS))
    with pytest.raises(UserError) as caught:
        read_guide(_guide(tmp_path, items))
    assert f"more than {MAX_GUIDE_ELEMENTS:,} paragraphs, list items" in str(caught.value)
    head_lines = HEAD.count("\n")
    over = caught.value.line
    assert over is not None and head_lines < over <= head_lines + MAX_GUIDE_ELEMENTS
    # a long guide within the budget reads
    assert read_guide(_guide(tmp_path, "Words.\n\n" * (MAX_GUIDE_ELEMENTS // 2))).details


def test_a_guide_with_too_many_links_is_refused(tmp_path: Path) -> None:
    from paperasse.guide.source import MAX_GUIDE_LINKS

    links = " ".join(f"https://site.example/{i}" for i in range(MAX_GUIDE_LINKS + 1))
    with pytest.raises(UserError) as caught:
        read_guide(_guide(tmp_path, links + "\n"))
    assert f"more than {MAX_GUIDE_LINKS} links" in str(caught.value)
    assert caught.value.line == HEAD.count("\n") + 1
    report = Report()
    check_guide(_guide(tmp_path, links + "\n"), report)
    assert any(f"more than {MAX_GUIDE_LINKS} links" in str(f) for f in report.findings)
    few = " ".join(f"[{i}](https://site.example/{i})" for i in range(MAX_GUIDE_LINKS - 1))
    assert len(read_guide(_guide(tmp_path, few + "\n")).details[0].links) == MAX_GUIDE_LINKS - 1


def test_a_link_too_long_for_a_qr_code_is_printed_without_one(tmp_path: Path) -> None:
    from conftest import write_profile
    from paperasse.dossier import select
    from paperasse.inputs.profile import read_profile
    from paperasse.render.html import render_html
    from paperasse.render.qr import MAX_QR_BYTES

    long_url = "https://site.example/" + "a" * (MAX_QR_BYTES + 100)
    fits = "https://site.example/" + "b" * (MAX_QR_BYTES - 21)
    path = _guide(tmp_path, f"See [the form]({long_url}) and [that one]({fits}).\n")
    html = render_html(select(read_guide(path), read_profile(write_profile(tmp_path, "p"))))
    assert f'<a class="qr-link" href="{long_url}"><span class="url">' in html
    assert f'<a class="qr-link" href="{fits}"><img class="qr"' in html
    report = Report()
    check_guide(path, report)
    (warning,) = [f for f in report.findings if "QR" in f.message]
    assert warning.line == HEAD.count("\n") + 1
    assert warning.message == (
        f"link of {len(long_url):,} bytes: too long for a QR code (at most {MAX_QR_BYTES:,}),"
        " printed without one"
    )


def test_the_fast_front_matter_loader_reads_what_the_safe_one_reads() -> None:
    from paperasse.guide import front_matter as fm
    from paperasse.inputs.files import yaml_loader
    from paperasse.resources import guides_dir

    files = sorted(guides_dir().rglob("*.md"))
    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    files += sorted(corpus.rglob("*.md")) if corpus.is_dir() else []
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        source = text.split("\n---", 1)[0].removeprefix("---\n")
        loader = yaml_loader(source)
        try:
            assert fm._fast_load(source) == loader.get_single_data(), path
        finally:
            loader.dispose()
        compared += 1
    assert compared >= 16
    # anchors, deep nesting and bad YAML go to the safe loader (its errors, its lines)
    for source in ("a: &x 1\nb: *x\n", "a: " + "[" * 60 + "]" * 60, "a: [1\n"):
        assert fm._fast_load(source) is fm._SLOW
    assert fm._fast_load("date: 2026-13-45\n") == {"date": "2026-13-45"}


def test_nine_deep_lists_of_two_megabytes_are_refused_before_parsing(tmp_path: Path) -> None:
    from paperasse.guide import MAX_GUIDE_BYTES
    from paperasse.guide.source import MAX_GUIDE_ELEMENTS

    lines = []
    size, i = len(HEAD), 0
    while size < MAX_GUIDE_BYTES - 100:
        lines.append("  " * (i % 9) + f"- item {i}\n")
        size += len(lines[-1])
        i += 1
    path = _guide(tmp_path, "".join(lines))
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert f"more than {MAX_GUIDE_ELEMENTS:,}" in str(caught.value)
    # the line of the first item over the budget (the guide's own three headings, two steps
    # and one document come first)
    assert caught.value.line == HEAD.count("\n") + 1 + MAX_GUIDE_ELEMENTS - 6


@pytest.mark.parametrize("line", ["| a | b |\n", "### A heading\n"])
def test_table_rows_and_headings_over_the_budget_are_refused_before_parsing(
    tmp_path: Path, line: str
) -> None:
    from paperasse.guide.source import MAX_GUIDE_ELEMENTS

    path = _guide(tmp_path, line * 100_000)
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert f"more than {MAX_GUIDE_ELEMENTS:,}" in str(caught.value)
    assert caught.value.line == HEAD.count("\n") + 1 + MAX_GUIDE_ELEMENTS - 6


@pytest.mark.parametrize("unit", ["[", "![", "[a", "x [y"])
def test_open_brackets_that_would_make_link_parsing_quadratic_are_refused(
    tmp_path: Path, unit: str
) -> None:
    path = _guide(tmp_path, "Words.\n\n" + unit * (400_000 // len(unit)) + "\n")
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert "too many '[' without their ']'" in str(caught.value)
    assert caught.value.line == HEAD.count("\n") + 3


def test_the_bracket_budget_leaves_real_links_and_a_few_open_brackets_alone(
    tmp_path: Path,
) -> None:
    links = " ".join(f"[label {i}](https://site.example/{i})" for i in range(250))
    text = links + "\n\n" + "[UNC] " * 200 + "\n\n" + ("A [note] here. " * 2000) + "\n"
    assert read_guide(_guide(tmp_path, text)).details


@pytest.mark.parametrize("unit", ["*a", "_a", "*_", "&amp;"])
def test_floods_of_emphasis_marks_and_entities_are_refused_before_parsing(
    tmp_path: Path, unit: str
) -> None:
    from paperasse.guide.budget import MAX_INLINE_MARKS

    path = _guide(tmp_path, "Words.\n\n" + (unit * 50 + "\n") * 2_000)
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert f"more than {MAX_INLINE_MARKS:,} '*', '_' and '&'" in str(caught.value)
    assert caught.value.line is not None and caught.value.line > HEAD.count("\n") + 2


@pytest.mark.parametrize("unit", ["a\n===\n", "***\n", "- - -\n", "```\nx\n```\n"])
def test_rules_setext_headings_and_code_blocks_count_in_the_element_budget(
    tmp_path: Path, unit: str
) -> None:
    from paperasse.guide.source import MAX_GUIDE_ELEMENTS

    path = _guide(tmp_path, "Words.\n\n" + unit * (MAX_GUIDE_ELEMENTS + 10))
    with pytest.raises(UserError) as caught:
        read_guide(path)
    assert f"more than {MAX_GUIDE_ELEMENTS:,}" in str(caught.value)
