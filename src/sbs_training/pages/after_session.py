"""What workbook 13 (After a session) calls: the debrief editor, the pattern over real sessions, the pack."""

from __future__ import annotations

from typing import Any

from sbs_training.pages.workbook import Workbook
from sbs_training.widgets.debrief_editor import DebriefEditor
from sbs_training.widgets.debrief_reminder import DebriefReminder
from sbs_training.widgets.positions import PositionsOverTime
from sbs_training.widgets.supervision import PackPanel


def debriefs(wb: Workbook) -> Any:
    """Start or open a debrief; write it under either reflective cycle; tag it."""

    return DebriefEditor(wb.id)


def positions_over_time(wb: Workbook) -> Any:
    """Your pattern, second view: positions noticed in real sessions beside scenario choices."""

    return PositionsOverTime(wb.id)


def supervision_pack(wb: Workbook) -> Any:
    """Choose a range, tick debriefs and parts, download the pack."""

    return PackPanel(wb.id)


def debrief_reminder(wb: Workbook) -> Any:
    """A weekly calendar reminder for the day after the group meets."""

    return DebriefReminder(wb.id)
