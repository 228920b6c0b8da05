"""The "Looking back" section of the self-care workbook, as one escaped piece of HTML.

It puts together what the other check-in modules work out: the welcome back,
the heavy note, the trend plot with its summary in words, and past notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from sbs_training.content.checkins import CheckinForm
from sbs_training.selfcare.checkin_chart import trend_svg
from sbs_training.selfcare.checkin_rules import heavy_note_html, looks_heavy, past_notes, welcome
from sbs_training.selfcare.checkin_trend import say_moment, say_span, trend, trend_summary, view_end
from sbs_training.store.journal import Checkin


def looking_back_html(
    form: CheckinForm,
    checkins: Sequence[Checkin],
    *,
    uid: str,
    periods_back: int = 0,
    now: datetime | None = None,
) -> str:
    """Welcome back, the heavy note, the plot with its summary, and past notes: all escaped."""
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    view = trend(form, checkins, view_end(periods_back, now), today=today)
    parts = []
    greeting = welcome(form, checkins, now)
    if greeting:
        parts.append(f'<p class="sbs-welcome">{escape(greeting)}</p>')
    if periods_back == 0 and looks_heavy(form, checkins, now):
        parts.append(heavy_note_html(form))
    if not checkins:
        parts.append(
            '<p class="sbs-trend-empty">Once you have saved a check-in, it shows here, '
            "with a picture of how things have moved over four weeks.</p>"
        )
    caption = f"Your check-ins {say_span(view.start, view.end, today)}"
    summary = "".join(f"<li>{escape(line)}</li>" for line in trend_summary(form, view, today))
    parts.append(
        f'<figure class="sbs-trend"><figcaption id="{uid}-caption">{escape(caption)}</figcaption>'
        f'<div class="sbs-trend-body">{trend_svg(view, f"{uid}-caption {uid}-summary")}'
        f'<div class="sbs-trend-summary"><p class="sbs-trend-summary-title">In words</p>'
        f'<ul id="{uid}-summary">{summary}</ul></div></div></figure>'
    )
    notes = past_notes(checkins)
    if notes:
        items = "".join(
            f'<li><span class="sbs-when">{escape(say_moment(c.at))}</span>'
            f'<span class="sbs-note-text">{escape(c.note)}</span></li>'
            for c in notes[:50]
        )
        more = f"<p>Your {len(notes) - 50} older notes are in your journal download.</p>" if len(notes) > 50 else ""
        parts.append(
            f'<h3 class="sbs-notes-title">Your notes, newest first</h3><ul class="sbs-notes">{items}</ul>{more}'
        )
    return "".join(parts)
