"""A trainee's view of one library activity: what it is for, sizes, timings, safety, adaptations.

The trainer pages browse and plan with the whole library; a trainee workbook
shows one activity at a time, read-only, so it is plain HTML (no widget, no
kernel round-trip) built from the same ``exercises/activities/<id>.yaml`` the
trainer pages read. Every value is escaped: a trainer may edit these files.
"""

from __future__ import annotations

from html import escape
from typing import Any

from IPython.display import HTML

from sbs_training.content import load
from sbs_training.pages.workbook import Workbook


def _items(lines: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + f"</{tag}>"


def activity_sheet_html(activity_id: str) -> str:
    """The sheet as HTML; separate from display so it can be tested without a kernel."""

    a = load("activities", activity_id)
    t = a.timing
    total = f"{t.low} to {t.high}" if t.low != t.high else str(t.low)
    touch = "Yes, in the usual version (a touch-free way is below)." if a.touch else "No. Nobody touches anyone."
    facts = [
        ("Group size", f"at least {a.group.minimum}; best with {a.group.ideal[0]} to {a.group.ideal[1]}"),
        ("Time", f"about {total} minutes: {t.brief} to explain, {t.do} to do, {t.debrief} to talk it through"),
        ("Space", a.space),
        ("To prepare", a.preparation),
        ("Touch", touch),
    ]
    fact_rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    adapt = a.adaptations
    adaptations = [
        ("Touch-free", adapt.touch_free),
        ("Seated", adapt.seated),
        ("Online", adapt.online),
        ("On a low-energy day", adapt.low_energy),
    ]
    adapt_items = "".join(f"<li><strong>{escape(k)}:</strong> {escape(v)}</li>" for k, v in adaptations)
    return (
        f'<section class="sbs-activity-sheet" aria-label="{escape(a.title)}">'
        f"<h3>{escape(a.title)}</h3>"
        f"<p>{escape(a.purpose)}</p>"
        f"<dl>{fact_rows}</dl>"
        f"<h4>How it goes</h4>{_items(list(a.steps), 'ol')}"
        f"<h4>Keeping it safe</h4>{_items(list(a.safety))}"
        f"<h4>Other ways to run it</h4><ul>{adapt_items}</ul>"
        f"<h4>Questions for afterwards</h4>{_items(list(a.debrief_questions))}"
        f'<p class="sbs-source">Source: {escape(a.source)}.</p>'
        "</section>"
    )


def activity_sheet(wb: Workbook, activity_id: str) -> Any:
    """Show one library activity to a trainee (``wb`` keeps the page signature every page function has)."""

    return HTML(activity_sheet_html(activity_id))
