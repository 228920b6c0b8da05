"""Scenario conditions: the tiny language of ``when:`` in scenario YAML.

A condition is one or more clauses joined by `` and ``. A clause is
``NAME OP INTEGER`` (OP one of ``>= <= > < == !=``), ``NAME`` (a flag is
true) or ``not NAME``. There is no ``or`` and nothing is ever evaluated as
Python: parsing is a regular expression, evaluation a table of comparisons.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

NAME = r"[a-z][a-z0-9_]*"
"""A state name: lower case, digits and underscores (``trust``, ``priya_left``)."""

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_COMPARE = re.compile(rf"^({NAME})\s*(>=|<=|==|!=|>|<)\s*(-?\d+)$")
_FLAG = re.compile(rf"^(not\s+)?({NAME})$")

State = Mapping[str, int | bool]


@dataclass(frozen=True)
class Clause:
    name: str
    op: str
    """One of the comparison operators, or ``is`` / ``not`` for a flag."""
    value: int = 0

    @property
    def is_flag(self) -> bool:
        return self.op in ("is", "not")

    def holds(self, state: State) -> bool:
        current = state.get(self.name, 0)
        if self.op == "is":
            return bool(current)
        if self.op == "not":
            return not current
        return _OPS[self.op](int(current), self.value)


@dataclass(frozen=True)
class Condition:
    text: str
    clauses: tuple[Clause, ...]

    @property
    def names(self) -> set[str]:
        return {c.name for c in self.clauses}

    def holds(self, state: State) -> bool:
        return all(c.holds(state) for c in self.clauses)


@cache
def parse(text: str) -> Condition:
    """The condition in ``text``; raises ValueError with a sentence an author can act on."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a condition can't be empty")
    clauses: list[Clause] = []
    for part in re.split(r"\s+and\s+", text.strip()):
        part = part.strip()
        if re.search(r"\bor\b", part):
            raise ValueError(
                f"{text!r} uses 'or', which conditions don't have: use several `next` branches or variants instead"
            )
        if match := _COMPARE.match(part):
            clauses.append(Clause(match.group(1), match.group(2), int(match.group(3))))
        elif match := _FLAG.match(part):
            clauses.append(Clause(match.group(2), "not" if match.group(1) else "is"))
        else:
            raise ValueError(
                f"{part!r} in {text!r} is not a condition I can read: write `NAME >= 1` (with >= <= > < == !=), "
                "`NAME` or `not NAME`, joined by ` and `"
            )
    return Condition(text.strip(), tuple(clauses))


def holds(text: str | None, state: State) -> bool:
    """Whether an optional ``when`` holds in ``state`` (no condition always holds)."""
    return True if text is None else parse(text).holds(state)
