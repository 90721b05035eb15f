"""A Jinja bytecode cache that can never fail a build nor change its output.

Compiling ``dossier.html.j2`` to Python costs ~0.1 s in every process (Jinja's lexer, parser and
code generator, then ``compile()``); loading the same code back with ``marshal`` costs about
nothing. The compiled code is kept in the user's cache folder (``platformdirs``: the place each
platform keeps data a program can make again, ``~/.cache/paperasse`` on Linux), one file per
template, keyed by the template's name and file, Jinja's and Python's versions and the
environment's options and filter names; Jinja itself stores the source's checksum in the file
and compiles again when the template changed. Every failure (a folder that cannot be made or
written, a read-only or missing home, a truncated or foreign file, two processes writing at
once) falls back to compiling, exactly as without a cache. Nothing is written when Python is
told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, ``python -B``).
"""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import jinja2


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own file cache (atomic writes: a temporary file, then ``os.replace``) in
    ``folder``, under keys salted with ``salt``, made so that no failure reaches a build."""

    def __init__(self, folder: Path, salt: str, *, write: bool = True) -> None:
        super().__init__(str(folder), "%s.jinja")
        self.folder = folder
        self.salt = salt
        self.write = write

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        text = f"{self.salt}\0{name}\0{filename or ''}"
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            # Jinja checks its magic (its bytecode format, Python's version) and the source's
            # checksum, and leaves the bucket empty when either differs
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or foreign: compile as if there were none
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.write:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except (OSError, ValueError):
            pass  # unwritable: this process compiled, the next one will too


def cache_salt(env: jinja2.Environment) -> str:
    """What, besides the template's source, decides the code Jinja generates."""
    version = getattr(jinja2, "__version__", "")
    options = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        repr(env.autoescape) if not callable(env.autoescape) else env.autoescape.__qualname__,
        sorted(env.extensions),
        sorted(env.filters),
        sorted(env.tests),
    )
    return f"paperasse-1\0{version}\0{sys.version}\0{options!r}"


def default_cache(env: jinja2.Environment) -> TemplateCache | None:
    """The user's cache folder for ``env``'s templates, or None when there is none to use."""
    try:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("paperasse", appauthor=False)) / "templates"
    except Exception:  # no home, no cache folder: compile every time
        return None
    return TemplateCache(folder, cache_salt(env), write=not sys.dont_write_bytecode)
