"""Workbook 04's pages: what I can and cannot offer, and my welcome script, each with downloads."""

from __future__ import annotations

import ipywidgets

from sbs_training.pages.workbook import Workbook
from sbs_training.statements import CANNOT_OFFER, offer_html, offer_markdown, welcome_html, welcome_markdown
from sbs_training.store.journal import Journal
from sbs_training.widgets.checklist import Checklist
from sbs_training.widgets.download import downloads


def cannot_offer_checklist(wb: Workbook, *, journal: Journal | None = None) -> Checklist:
    """The "what I can't offer" checklist, without the plan downloads: its ticks go into the statement."""
    return wb.checklist_only(CANNOT_OFFER, journal=journal)


def offer_downloads(wb: Workbook, *, journal: Journal | None = None) -> ipywidgets.VBox:
    """Buttons that download the statement as a printable page and as Markdown."""
    return downloads(
        "my statement",
        "what-i-can-and-cannot-offer",
        lambda: offer_html(journal, wb.id),
        lambda: offer_markdown(journal, wb.id),
        to_print="to print or share",
        description="Made from what you wrote above, as it is when you press the button.",
    )


def welcome_downloads(wb: Workbook, *, journal: Journal | None = None) -> ipywidgets.VBox:
    """Buttons that download the welcome script as a printable page and as Markdown."""
    return downloads(
        "my welcome script",
        "my-welcome-script",
        lambda: welcome_html(journal, wb.id),
        lambda: welcome_markdown(journal, wb.id),
    )
