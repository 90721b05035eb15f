"""Profile conditions: tiny boolean expressions over profile tags, parsed safely (no ``eval``).

Grammar (case-insensitive keywords, tags are lower-case words with hyphens)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | atom
    atom    := TAG | "citizenship:" CODE | "(" expr ")"

``non-eu and student``, ``eu or (worker and not student)``, ``non-eu and not citizenship:DZ``.
A tag that is not in :data:`KNOWN_TAGS` is an error, and so is a ``citizenship:`` code that is
not an ISO 3166-1 alpha-2 country code, so that a typo never silently drops a step.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from . import countries
from .inputs.files import did_you_mean

#: Tags a profile can carry. A guide may only use these, and ``citizenship:xx`` (below).
KNOWN_TAGS: frozenset[str] = frozenset(
    {"eu", "non-eu", "worker", "student"}
    | {"scholarship", "posted", "talent", "partner"}
    | {"children", "child-under-3", "child-3-16", "child-over-16"}
)

#: ``citizenship:DZ`` is true when the profile's citizenship is that ISO 3166-1 alpha-2 code;
#: the profile carries the tag ``citizenship:dz`` (lower-case).
CITIZENSHIP_PREFIX = "citizenship:"

_TOKEN = re.compile(r"\s*(?:(\()|(\))|([A-Za-z][A-Za-z0-9_-]*(?::[A-Za-z0-9_-]*)?)|(\S))")


class ConditionError(ValueError):
    """A condition that cannot be parsed or names an unknown tag."""


@dataclass(frozen=True)
class Tag:
    name: str

    def evaluate(self, tags: frozenset[str]) -> bool:
        return self.name in tags

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Not:
    operand: Expr

    def evaluate(self, tags: frozenset[str]) -> bool:
        return not self.operand.evaluate(tags)

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"not {inner}" if isinstance(self.operand, (Tag, Not)) else f"not ({inner})"


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]

    def evaluate(self, tags: frozenset[str]) -> bool:
        results = (o.evaluate(tags) for o in self.operands)
        return all(results) if self.op == "and" else any(results)

    def __str__(self) -> str:
        parts = []
        for o in self.operands:
            text = str(o)
            if isinstance(o, BoolOp) and o.op != self.op:
                text = f"({text})"
            parts.append(text)
        return f" {self.op} ".join(parts)


Expr = Tag | Not | BoolOp


@dataclass(frozen=True)
class Condition:
    """A parsed condition, with its source text as the author wrote it."""

    source: str
    expr: Expr

    def applies(self, tags: frozenset[str] | set[str]) -> bool:
        return self.expr.evaluate(frozenset(tags))

    def tags(self) -> frozenset[str]:
        found: set[str] = set()
        stack: list[Expr] = [self.expr]
        while stack:
            node = stack.pop()
            if isinstance(node, Tag):
                found.add(node.name)
            elif isinstance(node, Not):
                stack.append(node.operand)
            else:
                stack.extend(node.operands)
        return frozenset(found)

    def equivalent(self, other: Condition | None) -> bool:
        """Whether both conditions hold for exactly the same profiles (``worker and eu`` is
        ``eu and worker``); ``None`` stands for no condition (always true)."""
        if other is not None and str(self) == str(other):
            return True
        names = sorted(self.tags() | (other.tags() if other is not None else frozenset()))
        if len(names) > 12:  # over 4096 cases: compare as written instead
            return other is not None and str(self) == str(other)
        for n in range(len(names) + 1):
            for chosen in itertools.combinations(names, n):
                tags = frozenset(chosen)
                if self.applies(tags) != (True if other is None else other.applies(tags)):
                    return False
        return True

    def __str__(self) -> str:
        return str(self.expr)


def all_of(conditions: list[Condition]) -> Condition | None:
    """The conjunction of several conditions (nested regions), or None for none."""
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    source = " and ".join(f"({c.source})" for c in conditions)
    return Condition(source, BoolOp("and", tuple(c.expr for c in conditions)))


def parse(text: str, known_tags: frozenset[str] = KNOWN_TAGS) -> Condition:
    """Parse ``text`` into a :class:`Condition`; raise :class:`ConditionError` if it is bad."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, text, known_tags)
    expr = parser.parse_or()
    if parser.pos != len(tokens):
        raise ConditionError(f"unexpected {tokens[parser.pos]!r} in condition {text.strip()!r}")
    return Condition(" ".join(text.split()), expr)


def _tokenize(text: str) -> list[str]:
    if len(text) > 500:
        raise ConditionError("condition is longer than 500 characters")
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        lpar, rpar, word, other = match.groups()
        if other:
            raise ConditionError(f"unexpected character {other!r} in condition {text.strip()!r}")
        tokens.append(lpar or rpar or word)
    if not tokens:
        raise ConditionError("empty condition")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], text: str, known: frozenset[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.text = text.strip()
        self.known = known
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos].lower() if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Expr:
        operands = [self.parse_and()]
        while self.peek() == "or":
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Expr:
        operands = [self.parse_not()]
        while self.peek() == "and":
            self.take()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_not(self) -> Expr:
        if self.peek() == "not":
            self.take()
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Expr:
        token = self.peek()
        if token is None:
            raise ConditionError(f"condition {self.text!r} ends too early")
        if token == "(":
            self.depth += 1
            if self.depth > 20:
                raise ConditionError(f"condition {self.text!r} is nested too deeply")
            self.take()
            expr = self.parse_or()
            if self.peek() != ")":
                raise ConditionError(f"missing ')' in condition {self.text!r}")
            self.take()
            self.depth -= 1
            return expr
        if token in {")", "and", "or"}:
            raise ConditionError(f"unexpected {token!r} in condition {self.text!r}")
        name = self.take().lower()
        if ":" in name:
            return Tag(_citizenship_tag(name, self.text))
        if name not in self.known:
            hint = did_you_mean(name, sorted(self.known))
            suggestion = f"; did you mean {hint!r}?" if hint else ""
            allowed = ", ".join(sorted(self.known))
            raise ConditionError(f"unknown tag {name!r}{suggestion} (known tags: {allowed})")
        return Tag(name)


def _citizenship_tag(name: str, text: str) -> str:
    """``citizenship:dz`` checked: the prefix, and an ISO 3166-1 alpha-2 code after it."""
    prefix, _, code = name.partition(":")
    if f"{prefix}:" != CITIZENSHIP_PREFIX:
        hint = did_you_mean(prefix, ["citizenship"])
        suggestion = f"; did you mean 'citizenship:{code}'?" if hint else ""
        raise ConditionError(
            f"unknown tag {name!r}{suggestion} (only citizenship:XX takes a value, "
            f"with an ISO 3166-1 country code such as citizenship:DZ)"
        )
    if countries.is_country_code(code):
        return name
    found = countries.suggest_country(code) if code else None
    suggestion = f"; did you mean 'citizenship:{found[1].lower()}'?" if found else ""
    raise ConditionError(
        f"{name!r} in condition {text!r} does not name an ISO 3166-1 alpha-2 country code"
        f"{suggestion} (such as citizenship:DZ)"
    )
