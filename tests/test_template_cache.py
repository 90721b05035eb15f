"""render/template_cache.py: the compiled dossier template is loaded back instead of compiled,
gives the same HTML, and a cache that cannot be read or written never fails a render."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from paperasse.render.template_cache import TemplateCache, cache_salt, default_cache

TEMPLATES = {"page.j2": "{% macro hi(n) %}<b>{{ n | twice }}</b>{% endmacro %}{{ hi(name) }}"}


def _environment(cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    env.filters["twice"] = lambda text: text * 2
    env.bytecode_cache = cache
    return env


def _no_compile(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache held the template")

    monkeypatch.setattr(env, "compile", refuse)


def test_a_second_process_loads_the_compiled_template(tmp_path, monkeypatch):
    first = _environment(TemplateCache(tmp_path, "salt"))
    html = first.get_template("page.j2").render(name="<Ana>")
    assert html == "<b>&lt;Ana&gt;&lt;Ana&gt;</b>"
    assert len(list(tmp_path.glob("*.jinja"))) == 1

    second = _environment(TemplateCache(tmp_path, "salt"))
    _no_compile(second, monkeypatch)
    assert second.get_template("page.j2").render(name="<Ana>") == html


def test_a_changed_template_or_salt_is_compiled_again(tmp_path, monkeypatch):
    _environment(TemplateCache(tmp_path, "salt")).get_template("page.j2")
    other_salt = _environment(TemplateCache(tmp_path, "other"))
    assert other_salt.get_template("page.j2").render(name="x") == "<b>xx</b>"
    monkeypatch.setitem(TEMPLATES, "page.j2", "new {{ name }}")
    changed = _environment(TemplateCache(tmp_path, "salt"))
    assert changed.get_template("page.j2").render(name="x") == "new x"


@pytest.mark.parametrize("content", [b"", b"j2 garbage", b"\x00" * 300])
def test_a_truncated_or_foreign_file_is_ignored(tmp_path, content):
    cache = TemplateCache(tmp_path, "salt")
    _environment(cache).get_template("page.j2")
    (cached,) = tmp_path.glob("*.jinja")
    good = cached.read_bytes()
    cached.write_bytes(content or good[: len(good) // 2])
    env = _environment(TemplateCache(tmp_path, "salt"))
    assert env.get_template("page.j2").render(name="x") == "<b>xx</b>"
    assert cached.read_bytes() == good  # written again, whole


def test_a_file_that_cannot_be_replaced_only_costs_the_compile(tmp_path):
    cache = TemplateCache(tmp_path, "salt")
    (tmp_path / f"{cache.get_cache_key('page.j2')}.jinja").mkdir()  # os.replace fails
    env = _environment(cache)
    assert env.get_template("page.j2").render(name="x") == "<b>xx</b>"
    assert [p.name for p in tmp_path.iterdir()] == [f"{cache.get_cache_key('page.j2')}.jinja"]


def test_a_folder_that_cannot_be_made_only_costs_the_compile(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = _environment(TemplateCache(blocker / "cache", "salt"))
    assert env.get_template("page.j2").render(name="x") == "<b>xx</b>"
    assert blocker.read_text() == "not a folder"
    assert list(tmp_path.iterdir()) == [blocker]  # no temporary file left behind


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    env = _environment(None)
    env.bytecode_cache = default_cache(env)
    assert env.get_template("page.j2").render(name="x") == "<b>xx</b>"
    assert list(tmp_path.rglob("*")) == []
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    env = _environment(None)
    env.bytecode_cache = default_cache(env)
    env.get_template("page.j2")
    assert [p.suffix for p in Path(tmp_path).rglob("*.jinja")] == [".jinja"]


def test_the_salt_names_what_changes_the_generated_code():
    plain = _environment(None)
    assert cache_salt(plain) == cache_salt(_environment(None))
    trimmed = _environment(None)
    trimmed.trim_blocks = True
    assert cache_salt(trimmed) != cache_salt(plain)
    more = _environment(None)
    more.filters["other"] = str
    assert cache_salt(more) != cache_salt(plain)
    assert jinja2.__version__ in cache_salt(plain)
