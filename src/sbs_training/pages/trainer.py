"""The trainer workbooks' pages: the activity library and the group-session planner."""

from __future__ import annotations

import ipywidgets

from sbs_training.pages.workbook import Workbook
from sbs_training.widgets.activity_browser import ActivityBrowser
from sbs_training.widgets.download import downloads
from sbs_training.widgets.session_planner import SessionPlanner


def activity_browser(wb: Workbook) -> ActivityBrowser:
    """The activity library with filters (group size, time, touch-free, online)."""
    return ActivityBrowser(wb.id, "activity-browser")


def session_planner(wb: Workbook) -> ipywidgets.VBox:
    """The group-session planner, with downloads of the plan to print (HTML) or keep (Markdown)."""
    planner = SessionPlanner(wb.id, "session-plans")
    return downloads(
        "this plan",
        "session-plan",
        planner.as_html,
        planner.as_markdown,
        above=[planner],
        description="Opens in your browser; use its Print command for paper or PDF.",
    )
