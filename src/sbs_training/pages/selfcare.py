"""Workbook 06's pages: the check-in, looking back, the self-care plan and a calendar reminder."""

from __future__ import annotations

import ipywidgets

from sbs_training.pages.workbook import Workbook
from sbs_training.selfcare.plan import plan_html, plan_items, plan_markdown
from sbs_training.store import visit
from sbs_training.widgets.checkin import CheckIn, LookingBack, Reminder
from sbs_training.widgets.download import downloads


def check_in(wb: Workbook) -> CheckIn:
    """The check-in form."""
    return CheckIn(wb.id)


def looking_back(wb: Workbook) -> LookingBack:
    """The trend, its summary, past notes; welcome back and the heavy note when they apply."""
    return LookingBack(wb.id)


def plan_downloads(wb: Workbook) -> ipywidgets.VBox:
    """Download the self-care plan as a printable page and as Markdown."""

    def items() -> list[tuple[str, str]]:
        return plan_items(visit.journal(), wb.id)

    return downloads(
        "my self-care plan",
        "my-self-care-plan",
        lambda: plan_html(items()),
        lambda: plan_markdown(items()),
        description="One page with your five answers above, ready to print or keep.",
    )


def reminder(wb: Workbook) -> Reminder:
    """Download a weekly or fortnightly calendar reminder to come back."""
    return Reminder()
