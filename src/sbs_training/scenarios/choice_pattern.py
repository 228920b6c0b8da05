"""What a trainee's scenario choices add up to: counts of first choices, in plain sentences.

No widgets and no journal access here: plain arithmetic over the move logs
the ScenarioPlayer saves, so the pattern can be tested on its own and reused
(the pattern summary, an export).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sbs_training.content.roles import DRAMA, ROLES, TED


@dataclass
class Pattern:
    """What a trainee's recorded scenario choices add up to.

    ``first`` counts the first choice made at each decision point of each
    scenario: the move reached for before any going back. ``later`` counts
    choices made at a point already visited (after going back or starting
    again): that is practice, and it is shown separately.
    """

    first: Counter[str] = field(default_factory=Counter)
    later: Counter[str] = field(default_factory=Counter)
    scenarios: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.first.values())

    def in_model(self, model: str) -> int:
        return sum(n for role, n in self.first.items() if ROLES[role].model == model)

    def top(self) -> list[str]:
        """The role(s) chosen first most often, in the order of ``ROLES``."""
        if not self.first:
            return []
        most = max(self.first.values())
        return [role for role in ROLES if self.first.get(role) == most]


def pattern_from_moves(moves_by_scenario: Mapping[str, Iterable[Any]]) -> Pattern:
    """Count roles from each scenario's move log (a list of {node, choice, role} in order).

    Anything malformed in a log is skipped rather than trusted: the log comes
    from the journal, which an import or an older version may have written.
    """
    pattern = Pattern()
    for scenario, moves in moves_by_scenario.items():
        if not isinstance(moves, list | tuple):
            continue
        seen: set[str] = set()
        for move in moves:
            if not isinstance(move, dict):
                continue
            node, role = move.get("node"), move.get("role")
            if not isinstance(node, str) or role not in ROLES:
                continue
            pattern.scenarios.add(scenario)
            if node in seen:
                pattern.later[role] += 1
            else:
                seen.add(node)
                pattern.first[role] += 1
    return pattern


def times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def join(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def counts_phrase(counts: Counter[str]) -> str:
    """'Rescuer moves 4 times, Coach moves twice and Creator moves once', most frequent first."""
    ordered = sorted((role for role in ROLES if counts.get(role)), key=lambda r: (-counts[r], list(ROLES).index(r)))
    return join([f"{ROLES[r].name} moves {times(counts[r])}" for r in ordered])


def summary_lines(pattern: Pattern) -> list[str]:
    """The pattern in plain sentences, for the page and for screen readers alike."""
    if not pattern.total:
        return [
            "You haven't made any choices in the scenarios yet. Play one or two above, "
            "and your pattern will appear here."
        ]
    n = len(pattern.scenarios)
    lines = [
        f"Across {n} scenario{'s' if n != 1 else ''}, your first choice at each decision point "
        f"was: {counts_phrase(pattern.first)}.",
        f"That is {pattern.in_model(DRAMA)} of {pattern.total} from the drama triangle and "
        f"{pattern.in_model(TED)} of {pattern.total} from the Empowerment Dynamic.",
    ]
    if pattern.later:
        lines.append(f"When you went back or started again, you chose {counts_phrase(pattern.later)}.")
    return lines


def reflection_lead(pattern: Pattern) -> str:
    """The sentence that seeds the pattern reflection with the trainee's own result."""
    top = pattern.top()
    if not top:
        return ""
    names = join([ROLES[r].name for r in top])
    lead = f"Your first choices went most often to {names} moves ({pattern.first[top[0]]} of {pattern.total}"
    lead += " each)." if len(top) > 1 else ")."
    drama = [r for r in top if ROLES[r].model == DRAMA]
    if len(drama) == 1:
        lead += f" The flip of {ROLES[drama[0]].name} is {ROLES[ROLES[drama[0]].flip].name}."
    elif drama:
        lead += " Their flips: " + join([f"{ROLES[r].name} to {ROLES[ROLES[r].flip].name}" for r in drama]) + "."
    return lead
