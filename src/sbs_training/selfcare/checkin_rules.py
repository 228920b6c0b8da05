"""Self-care check-ins: checking what the page sent, and what the page says back.

A check-in from the browser is checked against its form before it is saved;
after a gap the trainee is welcomed back without a count of what was missed;
when recent check-ins look heavy, a gentle note is shown. The questions are
content (``content/checkins.py``); the widgets that show them are in
``widgets/checkin.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from sbs_training.content import load
from sbs_training.content.checkins import FORM, HEAVY_MEASURES, CheckinForm
from sbs_training.errors import UserError
from sbs_training.selfcare.checkin_trend import GAP_DAYS, moment, say_day, scale_value
from sbs_training.store.journal import Checkin, clean_text

RECENT_DAYS = 14
"""Check-ins this recent count towards the heavy-note rule."""
LOW = 2
"""On a scale, this value or below is low (1 and 2 of 5)."""
NOTE_MAX = 2000


def load_form(form_id: str = FORM) -> CheckinForm:
    """The check-in form, through the one content loader."""
    return load("checkins", form_id)


def clean_checkin(form: CheckinForm, data: object, note: object = "") -> tuple[dict[str, Any], str]:
    """Check a check-in from the browser; return it in canonical form or raise a one-sentence UserError.

    Voila lets a page send anything, so every value is checked against the
    form: known questions only, scale values inside the scale, options that
    exist, and a note of bounded length. Unanswered questions are left out.
    """
    if not isinstance(data, dict):
        raise UserError("The check-in didn't arrive as expected, so it wasn't saved; please try again.")
    scales = {s.id: s for s in form.scales}
    choices = {c.id: c for c in form.choices}
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or (key not in scales and key not in choices):
            raise UserError("The check-in included a question this page doesn't ask, so it wasn't saved.")
        if value is None:
            continue
        if key in scales:
            scale = scales[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(scale.labels):
                raise UserError(f"The answer for {scale.name} isn't one of its choices, so the check-in wasn't saved.")
            clean[key] = value
            continue
        choice = choices[key]
        known = {o.id for o in choice.options}
        if not choice.multiple:
            if not isinstance(value, str) or value not in known:
                raise UserError(f"The answer for {choice.name} isn't one of its choices, so the check-in wasn't saved.")
            clean[key] = value
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value):
            raise UserError(f"The answer for {choice.name} isn't one of its choices, so the check-in wasn't saved.")
        picked = [o.id for o in choice.options if o.id in value]  # content order, no repeats
        if choice.alone in picked and len(picked) > 1:
            alone = next(o.label for o in choice.options if o.id == choice.alone)
            raise UserError(
                f"“{alone}” can't go with other answers for {choice.name}; choose one or the other, then save again."
            )
        if picked:
            clean[key] = picked
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise UserError("The note didn't arrive as text, so the check-in wasn't saved; please try again.")
    note, _ = clean_text(note)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise UserError(
            f"The note is longer than {NOTE_MAX:,} characters, so the check-in wasn't saved; please shorten it."
        )
    if not clean and not note:
        raise UserError("Choose at least one answer, or write a note, before saving.")
    order = [s.id for s in form.scales] + [c.id for c in form.choices]
    return {k: clean[k] for k in order if k in clean}, note


# -- welcome back and the heavy note ------------------------------------------------------


def welcome(form: CheckinForm, checkins: Sequence[Checkin], now: datetime | None = None) -> str:
    """After a gap, a welcome back; never a count of what was missed."""
    now = now or datetime.now(UTC)
    stamps = sorted(moment(c.at) for c in checkins)
    if not stamps:
        return ""
    last = stamps[-1]
    if now - last > timedelta(days=GAP_DAYS):
        return form.welcome_back.replace("{last}", say_day(last.astimezone().date(), now.astimezone().date()))
    if len(stamps) >= 2 and last - stamps[-2] > timedelta(days=GAP_DAYS) and now - last <= timedelta(days=1):
        return form.welcome_return
    return ""


def looks_heavy(form: CheckinForm, checkins: Sequence[Checkin], now: datetime | None = None) -> bool:
    """Whether recent check-ins are low on energy or on room for others.

    Recent means the last three check-ins of the past RECENT_DAYS. It looks
    heavy if the latest answer to either question is low, or two of those
    three are. This only decides whether to show a kind note; it is never a
    label, a score or a judgement about anyone.
    """
    now = now or datetime.now(UTC)
    recent = sorted((c for c in checkins if now - moment(c.at) <= timedelta(days=RECENT_DAYS)), key=lambda c: c.at)
    recent = recent[-3:]
    for measure in HEAVY_MEASURES:
        values = [v for c in recent if (v := scale_value(form, measure, c.data)) is not None]
        if values and (values[-1] <= LOW or sum(v <= LOW for v in values) >= 2):
            return True
    return False


def heavy_note_html(form: CheckinForm) -> str:
    note = form.heavy_note
    ideas = "".join(f"<li>{escape(i)}</li>" for i in note.ideas)
    return (
        '<div class="sbs-heavy" role="note" aria-label="A note for you">'
        f"<p>{escape(note.intro)}</p><p>{escape(note.advice)}</p><ul>{ideas}</ul></div>"
    )


def past_notes(checkins: Sequence[Checkin]) -> list[Checkin]:
    """Check-ins that carry a note, newest first."""
    return sorted((c for c in checkins if c.note.strip()), key=lambda c: c.at, reverse=True)
