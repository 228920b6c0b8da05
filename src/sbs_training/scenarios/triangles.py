"""The drama triangle and The Empowerment Dynamic, drawn as accessible inline SVG.

Markup only: the teaching drawing, and the same drawing with a trainee's
first choices counted on its corners (see ``choice_pattern``).

The drama triangle is Stephen Karpman's (1968). The Empowerment Dynamic
(TED*) and its role names are David Emerald's, from *The Power of TED** (2005).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html import escape

from sbs_training.content.roles import ROLES
from sbs_training.scenarios.choice_pattern import counts_phrase

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
