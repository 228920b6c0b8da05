"""The welcome workbook's page: the cohort's message from its trainer, or nothing."""

from __future__ import annotations

from IPython.display import HTML

from sbs_training.cohort.welcome_message import welcome_html
from sbs_training.pages.workbook import Workbook


def welcome(wb: Workbook) -> HTML | None:
    """The cohort's welcome as a display object; ``None`` (shows nothing) when there is none."""
    text = welcome_html()
    return HTML(text) if text else None
