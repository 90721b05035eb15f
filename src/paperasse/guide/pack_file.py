"""What a pack file must hold, as a pydantic model: ``key`` a word, ``guides`` a non-empty list
of distinct translationKeys, ``title`` a text or one text per language. Its problems become
one-line errors through :func:`paperasse.inputs.files.validation_errors` (imported by
:func:`paperasse.guide.pack.read_pack` only when a pack file is read: pydantic is not needed
to start)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from ..inputs.files import Problem

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class PackFile(BaseModel):
    """A pack file's keys, checked in this order (the first problem is the one told)."""

    model_config = ConfigDict(frozen=True)

    key: str
    guides: tuple[str, ...]
    title: dict[str, str] = {}

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, value: object) -> str:
        if not isinstance(value, str) or not _KEY.match(value):
            raise ValueError("must be a word of letters, digits, '-', '_' or '.'")
        return value

    @field_validator("guides", mode="before")
    @classmethod
    def _guides(cls, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise Problem("must be a list of guides' translationKeys, at least one")
        seen: set[str] = set()
        for guide in value:
            if not isinstance(guide, str) or not guide.strip():
                raise Problem("each guide must be a translationKey (text)", guide)
            if guide in seen:
                raise Problem("names the same guide twice", guide)
            seen.add(guide)
        return tuple(guide.strip() for guide in value)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str) and value.strip():
            return {"en": value.strip()}
        if (
            isinstance(value, dict)
            and value
            and all(
                isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
            )
        ):
            return {k: v.strip() for k, v in value.items()}
        raise Problem("must be a text, or one text per language ({en: ..., fr: ...})")
