"""Self-care widgets: the check-in form, the "Looking back" view, and a calendar reminder.

- ``CheckIn`` asks the questions in ``exercises/checkins/<id>.yaml`` with
  native radio groups and checkboxes (fieldset and legend, arrow keys). Nothing
  is saved until "Save this check-in" is pressed; then one record goes to the
  journal with a timestamp (several a day are fine) and the form clears.
- ``LookingBack`` shows the four-week trend (an SVG with its summary in words
  beside it), past notes, a welcome back after a gap, and a gentle note when
  recent check-ins look heavy. It refreshes when a check-in is saved.
- ``Reminder`` makes a weekly or fortnightly ``.ics`` reminder to come back.

The rules live in domain modules (``checkin_rules``, ``checkin_trend``,
``checkin_looking_back``, ``calendar_reminder``); these classes only connect them
to the page. Every value from the page is checked there before it is used.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import anywidget
import traitlets

from sbs_training.content import checkins as checkin_content
from sbs_training.errors import UserError
from sbs_training.selfcare import calendar_reminder, checkin_looking_back, checkin_rules, checkin_trend
from sbs_training.store.journal import Checkin, Journal
from sbs_training.widgets.base import (
    FlushBeforeAct,
    JournalWidget,
    journal_changed,
    saved_at,
    widget_css,
    widget_module,
)

_CSS = widget_css("checkin")


class CheckIn(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("checkin")
    _css = _CSS

    part = traitlets.Unicode("form").tag(sync=True)
    form = traitlets.Dict().tag(sync=True)
    thanks = traitlets.Unicode("").tag(sync=True)
    heavy = traitlets.Dict().tag(sync=True)
    """The heavy note ({intro, advice, ideas}) after a save that looks heavy, else empty."""
    saves = traitlets.Int(0).tag(sync=True)
    """Counts saves in this visit: the page clears the form and moves focus when it changes."""
    note_max = traitlets.Int(checkin_rules.NOTE_MAX).tag(sync=True)
    """The longest note the rules keep, so the note box stops there."""

    def __init__(self, workbook: str, form_id: str = checkin_content.FORM, *, journal: Journal | None = None) -> None:
        self._form = checkin_rules.load_form(form_id)
        super().__init__(form=self._form.model_dump(exclude={"heavy_note", "welcome_back", "welcome_return"}))
        self._setup_journal(workbook, form_id, journal)
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        # Nothing to read back: each check-in is a new record. Past ones are in LookingBack.
        self.say("Nothing is saved until you press Save this check-in.")

    def save(self, data: object, note: object = "") -> Checkin | None:
        """Check and store one check-in; returns it, or None with the reason in the status line."""
        with self.saving():
            clean, note_text = checkin_rules.clean_checkin(self._form, data, note)
            record = self.journal.add_checkin(clean, note_text)
            heavy = checkin_rules.looks_heavy(self._form, self.journal.checkins(), datetime.now(UTC))
            with self.hold_sync():
                self.thanks = self._form.thanks
                self.heavy = self._form.heavy_note.model_dump() if heavy else {}
                self.status = f"Saved your check-in at {saved_at(record.at)}."
                self.saves += 1
            journal_changed("checkins")
            return record
        return None

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == "save":
            self.save(content.get("data"), content.get("note", ""))


class LookingBack(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("checkin")
    _css = _CSS

    part = traitlets.Unicode("history").tag(sync=True)
    redraw_on = frozenset({"checkins"})
    html = traitlets.Unicode("").tag(sync=True)
    """Built and escaped in Python (checkin_looking_back.looking_back_html)."""
    periods_back = traitlets.Int(0).tag(sync=True)
    max_back = traitlets.Int(checkin_trend.MAX_PERIODS_BACK).tag(sync=True)

    def __init__(self, workbook: str, form_id: str = checkin_content.FORM, *, journal: Journal | None = None) -> None:
        self._form = checkin_rules.load_form(form_id)
        self._uid = f"sbs-trend-{uuid.uuid4().hex[:10]}"
        super().__init__()
        self._setup_journal(workbook, form_id, journal)
        self.on_msg(self._on_msg)

    @traitlets.validate("periods_back")
    def _valid_periods(self, proposal: dict) -> int:
        # Synced, so the page could set anything: keep it between today and ten years back.
        return min(max(int(proposal["value"]), 0), checkin_trend.MAX_PERIODS_BACK)

    def restore(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        with self.saving():
            self.html = checkin_looking_back.looking_back_html(
                self._form, self.journal.checkins(), uid=self._uid, periods_back=self.periods_back
            )

    def shift(self, by: object) -> None:
        """Page the four-week view: -1 is earlier, +1 is later (never past today)."""
        if by not in (-1, 1) or isinstance(by, bool):
            return
        self.periods_back = min(max(self.periods_back - by, 0), checkin_trend.MAX_PERIODS_BACK)
        self.refresh()
        end = checkin_trend.view_end(self.periods_back)
        start = end - timedelta(days=checkin_trend.WINDOW_DAYS - 1)
        self.say(f"Showing check-ins {checkin_trend.say_span(start, end)}.")

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == "shift":
            self.shift(content.get("by"))


class Reminder(FlushBeforeAct, anywidget.AnyWidget):
    """Not a journal widget: it reads nothing and saves nothing, it only makes a file."""

    _esm = widget_module("checkin")
    _css = _CSS

    part = traitlets.Unicode("reminder").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    filename = "self-care-check-in.ics"

    def __init__(self) -> None:
        super().__init__()
        self.on_msg(self._on_msg)

    def make(self, every: object, at: object) -> str | None:
        """The .ics text for the page's choices, sent to the browser as a download."""
        try:
            chosen, when = calendar_reminder.parse_reminder(every, at)
        except UserError as exc:
            self.status = str(exc)
            return None
        text = calendar_reminder.reminder_ics(chosen, when)
        self.send({"type": "file", "filename": self.filename, "mime": "text/calendar", "text": text})
        how_often = "every week" if chosen == "weekly" else "every two weeks"
        self.status = (
            f"Downloaded {self.filename}: a reminder {how_often} at {when:%H:%M}. Open it to add it to your calendar."
        )
        return text

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == "ics":
            self.make(content.get("every"), content.get("at"))
