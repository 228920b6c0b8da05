"""The six roles, what a trainee's scenario choices add up to, and the two triangles drawn.

No widgets and no journal access here: this is plain arithmetic and markup,
so the pattern can be tested on its own and reused (the workbook's drawing,
the pattern summary, an export).

The drama triangle is Stephen Karpman's (1968). The Empowerment Dynamic
(TED*) and its role names are David Emerald's, from *The Power of TED** (2005).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

DRAMA = "drama"
TED = "ted"
MODEL_NAMES = {
    DRAMA: "drama triangle",
    TED: "Empowerment Dynamic",
}


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    model: str
    flip: str
    colour: str
    """A dark colour shared by a role and its flip (white text on it passes WCAG AAA)."""

    @property
    def label(self) -> str:
        return f"{self.name} ({MODEL_NAMES[self.model]})"


ROLES: dict[str, RoleInfo] = {
    "victim": RoleInfo("victim", "Victim", DRAMA, "creator", "#5c3d8f"),
    "persecutor": RoleInfo("persecutor", "Persecutor", DRAMA, "challenger", "#8a1c1c"),
    "rescuer": RoleInfo("rescuer", "Rescuer", DRAMA, "coach", "#0b5563"),
    "creator": RoleInfo("creator", "Creator", TED, "victim", "#5c3d8f"),
    "challenger": RoleInfo("challenger", "Challenger", TED, "persecutor", "#8a1c1c"),
    "coach": RoleInfo("coach", "Coach", TED, "rescuer", "#0b5563"),
}


# -- the pattern -------------------------------------------------------------------------


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


# -- the drawing ---------------------------------------------------------------------------

# Corner positions: the drama triangle stands on its point (Victim "one-down"
# below Persecutor and Rescuer "one-up"); TED* stands the other way up, so
# Victim's flip, Creator, is at the top.
_CORNERS: dict[str, tuple[int, int]] = {
    "persecutor": (70, 112),
    "rescuer": (270, 112),
    "victim": (170, 282),
    "creator": (490, 112),
    "challenger": (390, 282),
    "coach": (590, 282),
}
_LABEL_BELOW = {"victim", "challenger", "coach"}


def text_alternative(counts: Mapping[str, int] | None = None) -> str:
    """What the drawing shows, in words: its text alternative."""
    text = (
        "Two triangles side by side. Left, the drama triangle (Stephen Karpman, 1968): Persecutor "
        "and Rescuer at the top corners, acting one-up; Victim at the bottom point, acting one-down. "
        "Right, The Empowerment Dynamic (David Emerald, The Power of TED*): Creator at the top, "
        "Challenger and Coach at the base. Each drama role shares its colour with its flip: "
        "Victim to Creator, Persecutor to Challenger, Rescuer to Coach."
    )
    if counts is not None:
        chosen = Counter({r: n for r, n in counts.items() if r in ROLES and n})
        text += (
            f" Highlighted corners show your first choices: {counts_phrase(chosen)}."
            if chosen
            else " No corner is highlighted yet: you haven't made any scenario choices."
        )
    return text


def triangles_svg(counts: Mapping[str, int] | None = None, *, uid: str = "sbs-triangles") -> str:
    """Both triangles as inline SVG with ``role="img"`` and a real text alternative.

    Without ``counts`` every corner is shown in its colour (the teaching
    drawing). With counts, corners the trainee went to are filled and carry
    the number; the others are left pale.
    """
    e = escape
    parts = [
        f'<svg class="sbs-triangles" viewBox="0 0 660 345" role="img" '
        f'aria-labelledby="{e(uid)}-title {e(uid)}-desc" xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;max-width:40rem;height:auto;font-family:inherit">',
        f'<title id="{e(uid)}-title">The drama triangle and The Empowerment Dynamic</title>',
        f'<desc id="{e(uid)}-desc">{e(text_alternative(counts))}</desc>',
        '<g font-size="15" fill="#1a1a1a" text-anchor="middle">',
        '<text x="170" y="24" font-weight="700">Drama triangle</text>',
        '<text x="170" y="42" font-size="13">Karpman, 1968: problem-focused</text>',
        '<text x="490" y="24" font-weight="700">The Empowerment Dynamic (TED*)</text>',
        '<text x="490" y="42" font-size="13">Emerald, 2005: outcome-focused</text>',
        "</g>",
    ]
    for a, b, c in (("persecutor", "rescuer", "victim"), ("creator", "challenger", "coach")):
        points = " ".join(f"{x},{y}" for x, y in (_CORNERS[a], _CORNERS[b], _CORNERS[c]))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#595959" stroke-width="2"/>')
    parts.append(
        '<g font-size="12" fill="#3d3d3d" text-anchor="middle">'
        '<text x="170" y="104">one-up</text><text x="170" y="212">one-down</text></g>'
    )
    for role, (x, y) in _CORNERS.items():
        info = ROLES[role]
        n = None if counts is None else int(counts.get(role, 0) or 0)
        filled = n is None or n > 0
        fill, stroke, ink = (info.colour, info.colour, "#ffffff") if filled else ("#ffffff", "#8c8c8c", "#3d3d3d")
        parts.append(f'<circle cx="{x}" cy="{y}" r="22" fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
        if n is not None:
            parts.append(
                f'<text x="{x}" y="{y + 6}" font-size="17" font-weight="700" fill="{ink}" '
                f'text-anchor="middle">{n}</text>'
            )
        label_y = y + 44 if role in _LABEL_BELOW else y - 32
        weight = "700" if filled else "400"
        parts.append(
            f'<text x="{x}" y="{label_y}" font-size="16" font-weight="{weight}" fill="#1a1a1a" '
            f'text-anchor="middle">{e(info.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def triangles_html(counts: Mapping[str, int] | None = None, *, uid: str = "sbs-triangles") -> str:
    """The drawing in a figure, with a visible caption that says how to read it."""
    caption = (
        "Each drama role and its flip share a colour: Victim becomes Creator, Persecutor becomes "
        "Challenger, Rescuer becomes Coach."
        if counts is None
        else "A filled corner is a role you went to; the number is how many times it was your first choice."
    )
    return (
        f'<figure class="sbs-triangles-figure" style="margin:1rem 0;max-width:40rem">'
        f"{triangles_svg(counts, uid=uid)}"
        f'<figcaption style="font-size:0.95rem;color:#3d3d3d">{escape(caption)}</figcaption></figure>'
    )


def triangles() -> Any:
    """The teaching drawing, for a workbook cell."""
    from IPython.display import HTML

    return HTML(triangles_html())
