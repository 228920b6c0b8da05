"""The check-in trend as an inline SVG: no plotting library, readable without colour."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from sbs_training.selfcare.checkin_trend import Trend

COLOURS = ("#0b5cad", "#a34400", "#17703f", "#8a3b8f", "#5c5c00", "#b0004f", "#005f73")
DASHES = ("", "8 4", "2 4", "10 4 2 4", "4 4", "1 3", "12 3")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 56, 44


def _marker(shape: int, x: float, y: float, colour: str) -> str:
    s = 4.5
    if shape % 4 == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s}" fill="{colour}"/>'
    if shape % 4 == 1:
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" fill="{colour}"/>'
    if shape % 4 == 2:
        return (
            f'<polygon points="{x:.1f},{y - s - 1:.1f} {x + s + 0.5:.1f},{y + s:.1f} {x - s - 0.5:.1f},{y + s:.1f}"'
            f' fill="{colour}"/>'
        )
    return f'<polygon points="{x:.1f},{y - s - 1:.1f} {x + s + 1:.1f},{y:.1f} {x:.1f},{y + s + 1:.1f} {x - s - 1:.1f},{y:.1f}" fill="{colour}"/>'  # noqa: E501


def trend_svg(view: Trend, labelledby: str) -> str:
    """The trend as an inline SVG: one line per scale, gaps shaded and unjoined.

    Lines differ in colour, dash and marker, so no reader needs colour alone.
    The SVG is a labelled image (``role="img"``); its words come from the
    summary beside it, which ``labelledby`` names.
    """
    top = max((len(s.labels) for s in view.series), default=5)
    span = max((view.end - view.start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    day_w = plot_w / span

    def x(day: date) -> float:
        return LEFT + plot_w * (day - view.start).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - 1)

    out = [
        f'<svg class="sbs-trend-plot" role="img" aria-labelledby="{escape(labelledby)}" focusable="false" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="14">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#8c8c8c"/>',
    ]
    for a, b in view.gaps:
        gx, gw = x(a) - day_w / 2, (b - a).days * day_w + day_w
        gx, gw = max(gx, LEFT), min(gw, LEFT + plot_w - max(gx, LEFT))
        out.append(f'<rect class="sbs-gap" x="{gx:.1f}" y="{TOP}" width="{gw:.1f}" height="{plot_h}" fill="#ececec"/>')
        if gw >= 70:
            out.append(f'<text x="{gx + gw / 2:.1f}" y="{TOP + 16}" text-anchor="middle" fill="#3d3d3d">a break</text>')
    for value in range(1, top + 1):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#d9d9d9"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#3d3d3d">{value}</text>'
        )
    out.append(f'<text x="{LEFT - 8}" y="{TOP - 8}" text-anchor="start" fill="#3d3d3d">higher is easier</text>')
    tick = view.start
    while tick <= view.end:
        out.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}"'
            ' stroke="#595959"/>'
            f'<text x="{x(tick):.1f}" y="{TOP + plot_h + 20}" text-anchor="middle" fill="#1a1a1a">'
            f"{tick.day} {tick:%b}</text>"
        )
        tick += timedelta(days=7)
    legend_x = LEFT
    for n, series in enumerate(view.series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="16" y2="16" stroke="{colour}"'
            f' stroke-width="2.5"{dash_attr}/>'
            + _marker(n, legend_x + 14, 16, colour)
            + f'<text x="{legend_x + 34}" y="20" fill="#1a1a1a">{escape(series.name)}</text>'
        )
        legend_x += 34 + 7.5 * len(series.name) + 22
        nudge = (n - (len(view.series) - 1) / 2) * 2.0  # keep equal values on different lines visible
        for run in series.segments():
            if len(run) > 1:
                points = " ".join(f"{x(p.day):.1f},{y(p.value) + nudge:.1f}" for p in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
                    f' stroke-linejoin="round"{dash_attr}/>'
                )
            out.extend(_marker(n, x(p.day), y(p.value) + nudge, colour) for p in run)
    if not view.checkins:
        out.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" fill="#3d3d3d">'
            "No check-ins in these four weeks</text>"
        )
    out.append("</svg>")
    return "".join(out)
