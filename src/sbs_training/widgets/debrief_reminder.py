"""DebriefReminder: a weekly calendar file for the day after the group meets."""

from __future__ import annotations

from datetime import date

import ipywidgets

from sbs_training.errors import UserError
from sbs_training.selfcare.calendar_reminder import parse_reminder
from sbs_training.sessions import debrief_records
from sbs_training.widgets.debrief_editor import DATE_FOCUS_CSS
from sbs_training.widgets.download import DownloadButton

_STYLE = {"description_width": "initial"}


class DebriefReminder(ipywidgets.VBox):
    def __init__(self, workbook: str = debrief_records.WORKBOOK) -> None:
        super().__init__()
        self.workbook = workbook
        self.add_class("sbs-widget")

        focus_css = ipywidgets.HTML(DATE_FOCUS_CSS)
        self.meets = ipywidgets.DatePicker(description="A day your group meets", value=date.today(), style=_STYLE)
        self.at = ipywidgets.Text(description="Reminder time (HH:MM)", value="10:00", style=_STYLE)
        self.button = DownloadButton(
            "Download a weekly reminder (calendar file)",
            "debrief-reminder.ics",
            self.make,
            mime="text/calendar",
            description="Every week, the day after your group, at the time you choose.",
        )
        self.children = [focus_css, self.meets, self.at, self.button]

    def make(self) -> str:
        if self.meets.value is None:
            raise UserError("Choose a day your group meets, then download the reminder again.")
        _every, at = parse_reminder("weekly", self.at.value.strip())
        return debrief_records.reminder(self.meets.value, at)
