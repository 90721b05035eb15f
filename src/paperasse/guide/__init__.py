"""Guides: Markdown with YAML front matter in the tramitit.com template, read into a model.

One concern per module: :mod:`.model` (what a guide is), :mod:`.source` (the file's text),
:mod:`.front_matter`, :mod:`.directives` (the comment grammar, once), :mod:`.structure` (parts
and their roles), :mod:`.reader` (:func:`read_guide`), :mod:`.catalog` (the guides to choose
from), :mod:`.lint` and :mod:`.translations` (``paperasse check``, over the reader's public
parts only).
"""

from __future__ import annotations

from .directives import PHASES
from .front_matter import date_field, key_line, sources_field, split_front_matter, text_field
from .model import Block, Deadline, Guide, Link, Provider
from .reader import read_guide
from .source import MAX_GUIDE_BYTES, check_guide_size, guide_text

__all__ = [
    "MAX_GUIDE_BYTES",
    "PHASES",
    "Block",
    "Deadline",
    "Guide",
    "Link",
    "Provider",
    "check_guide_size",
    "date_field",
    "guide_text",
    "key_line",
    "read_guide",
    "sources_field",
    "split_front_matter",
    "text_field",
]
