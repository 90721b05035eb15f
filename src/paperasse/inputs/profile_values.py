"""Checks of single profile values, as the profile's validators use them: text, yes/no, children.

Each takes the value as read (from YAML, TOML, JSON, a spreadsheet cell or a form) and returns
it normalised, or raises ``ValueError`` with the sentence the user sees after ``key = value:``.
"""

from __future__ import annotations

import datetime as dt
import re

from .files import did_you_mean, kind_of

#: The yes/no profile keys; each is a tag of the same name when yes.
YES_NO_KEYS = ("scholarship", "posted", "talent", "partner")

#: Words for yes and no (any case): English, French, and the booleans' names.
YES_WORDS = ("yes", "true", "oui")
NO_WORDS = ("no", "false", "non")

#: Ages a child coming along can have (a child of 25 can still be a dependant for the CAF).
MAX_CHILD_AGE = 25
#: More children than this is taken for a typing mistake.
MAX_CHILDREN = 30

_NUMBERS = re.compile(r"\d+(?:\s*[,;\s]\s*\d+)*")


def text(value: object, *, required: bool) -> str | None:
    """Common checks for a text value; ``None`` for an optional value not given."""
    if value is None:
        if required:
            raise ValueError("must not be empty")
        return None
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"must be text, not {kind_of(value)}")
    stripped = value.strip()
    if not stripped:
        if required:
            raise ValueError("must not be empty")
        return None
    return stripped


def yes_no(value: object) -> bool | None:
    """``True`` / ``False`` from a boolean or yes/no, true/false, oui/non (any case); ``None``
    when not given (empty)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be yes or no, not {kind_of(value)}")
    word = value.strip().casefold()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    close = did_you_mean(word, YES_WORDS + NO_WORDS)
    hint = f" (did you mean '{close}'?)" if close else ""
    raise ValueError(f"must be yes or no (or true/false, oui/non){hint}")


def children(value: object) -> int | tuple[int, ...] | None:
    """How many children come along (a whole number), or their ages (a list of whole numbers
    from 0 to 25); ``None`` when not given.

    In a spreadsheet cell, one number is a count and several numbers (``4, 9``) are ages; write
    ``[4]`` for one child's age.
    """
    if isinstance(value, str):
        value = _children_text(value)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return _ages(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"must be how many children come along (0 or more) or a list of their ages, "
            f"not {kind_of(value)}"
        )
    if value < 0:
        raise ValueError("must be 0 or more (how many children come along)")
    if value > MAX_CHILDREN:
        raise ValueError(f"is more than {MAX_CHILDREN} children; check the number")
    return value


def _children_text(value: str) -> int | list[int] | None:
    stripped = value.strip()
    bracketed = stripped.startswith("[") and stripped.endswith("]")
    if bracketed:
        stripped = stripped[1:-1].strip()
    if not stripped:
        return [] if bracketed else None
    if not _NUMBERS.fullmatch(stripped):
        raise ValueError(
            "must be how many children come along (such as 2) or their ages (such as 4, 9)"
        )
    numbers = [int(part) for part in re.split(r"[,;\s]+", stripped)]
    if len(numbers) == 1 and not bracketed:
        return numbers[0]
    return numbers


def _ages(values: list[object] | tuple[object, ...]) -> tuple[int, ...]:
    if len(values) > MAX_CHILDREN:
        raise ValueError(f"lists more than {MAX_CHILDREN} children; check the list")
    ages = []
    for age in values:
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_CHILD_AGE:
            number = isinstance(age, (int, float)) and not isinstance(age, bool)
            raise ValueError(
                f"must list the children's ages as whole numbers from 0 to {MAX_CHILD_AGE} "
                f"(such as [4, 9]), not {age if number else kind_of(age)}"
            )
        ages.append(age)
    return tuple(ages)


#: Arrival dates outside these years are refused: ``9999-12-31`` is how many exports write
#: "not known", and the deadlines counted from it would overflow the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2199

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})")
_MIDNIGHT = re.compile(r"0?0:00(?::00)?")
_SHORT_YEAR = re.compile(r"\d{1,2}([/.\-])\d{1,2}\1\d{2}")


def arrival_date(value: object, *, day_first: bool = False) -> dt.date | None:
    """A date, from a date or from text: ``YYYY-MM-DD`` always and, with ``day_first`` (a
    spreadsheet cell), ``14/12/2026``, ``14.12.2026`` or ``14-12-2026`` too. ``None`` when not
    given. Years outside 1900 to 2199 are refused (``9999-12-31`` is a placeholder)."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ValueError("must be a date such as 2026-11-02, without a time")
        value = value.date()
    if isinstance(value, dt.date):
        return _in_range(value)
    examples = "02/11/2026 or 2026-11-02" if day_first else "2026-11-02"
    stripped = text(value, required=False)
    if stripped is None:
        return None
    if day_first:  # a date cell exported with its time: "14/12/2026 00:00"
        date_part, _, time_part = stripped.partition(" ")
        if time_part.strip():
            if not _MIDNIGHT.fullmatch(time_part.strip()):
                raise ValueError(f"must be a date without a time, such as {examples}")
            stripped = date_part
    iso = _ISO_DATE.fullmatch(stripped)
    day = _DAY_FIRST.fullmatch(stripped) if day_first else None
    if iso is not None:
        year, month, mday = (int(part) for part in iso.groups())
    elif day is not None:
        mday, month, year = int(day.group(1)), int(day.group(3)), int(day.group(4))
    elif day_first and _SHORT_YEAR.fullmatch(stripped):
        raise ValueError(f"must give the year in four digits, such as {examples}")
    elif day_first:
        raise ValueError(f"must be a date such as {examples}")
    else:
        raise ValueError("must be a date written YYYY-MM-DD, such as 2026-11-02")
    try:
        date = dt.date(year, month, mday)
    except ValueError:
        written = "day/month/year or YYYY-MM-DD" if day_first else "YYYY-MM-DD"
        raise ValueError(f"is not a valid date ({written}, such as {examples})") from None
    return _in_range(date)


def _in_range(date: dt.date) -> dt.date:
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValueError(
            f"is not a real arrival date (years {FIRST_YEAR} to {LAST_YEAR}); "
            "leave it empty if the date is not known"
        )
    return date
