"""The layout rules of issue 9, kept true: no module of ``src/paperasse`` over 400 lines, no
function over 80, and no ``from X import _name`` of another module's private name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "paperasse"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _private_imports(tree: ast.Module) -> list[str]:
    """``module.name`` for each ``from module import _name`` (dunder names are public)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{'.' * node.level}{node.module or ''}.{alias.name}")
    return found


def _long_functions(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno is not None
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                found.append(f"{node.name} ({lines} lines, line {node.lineno})")
    return found


def test_the_walk_finds_the_package() -> None:
    names = {p.relative_to(SRC).as_posix() for p in _modules()}
    assert {"__init__.py", "guide/reader.py", "inputs/tables.py", "web/app.py"} <= names


def test_no_module_over_400_lines() -> None:
    too_long = {
        p.relative_to(SRC).as_posix(): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_over_80_lines() -> None:
    too_long = {
        p.relative_to(SRC).as_posix(): found
        for p in _modules()
        if (found := _long_functions(_tree(p)))
    }
    assert too_long == {}


def test_no_import_of_another_modules_private_name() -> None:
    borrowed = {
        p.relative_to(SRC).as_posix(): found
        for p in _modules()
        if (found := _private_imports(_tree(p)))
    }
    assert borrowed == {}


@pytest.mark.parametrize(
    ("source", "private", "long"),
    [
        ("from .x import _hidden\n", [".x._hidden"], []),
        ("from x import __version__, name\n", [], []),
        ("def f():\n" + "    pass\n" * 80, [], ["f (81 lines, line 1)"]),
        ("async def g():\n" + "    pass\n" * 79, [], []),
    ],
)
def test_the_checks_see_what_they_look_for(
    source: str, private: list[str], long: list[str]
) -> None:
    tree = ast.parse(source)
    assert _private_imports(tree) == private
    assert _long_functions(tree) == long
