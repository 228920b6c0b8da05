"""The trainer workbooks' pages: the activity library, the group-session planner, and the summary of cards."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets

from sbs_training.course.card import MAX_CARD_BYTES, ProgressCard, parse_card
from sbs_training.course.summary import summarise, summary_html
from sbs_training.errors import UserError
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


def _cards(uploaded: Any) -> tuple[list[ProgressCard], list[str]]:
    """The cards among the uploaded files, and one sentence for each file that isn't one."""
    cards: list[ProgressCard] = []
    refused: list[str] = []
    for upload in uploaded or ():
        name = str(upload.get("name", "a file"))
        content = bytes(upload.get("content", b""))
        try:
            if len(content) > MAX_CARD_BYTES:
                raise UserError(f"{name} is too large to be a progress card.")
            cards.append(parse_card(content.decode("utf-8", "replace"), name))
        except UserError as exc:
            refused.append(str(exc))
    return cards, refused


def card_summary(wb: Workbook) -> ipywidgets.VBox:
    """Upload the progress cards trainees shared; see counts per workbook and ending, small counts hidden.

    Nothing uploaded is saved anywhere: the cards live in this page until it closes.
    """
    upload = ipywidgets.FileUpload(accept=".json", multiple=True, description="Choose card files")
    upload.add_class("sbs-card-upload")
    shown = ipywidgets.HTML('<p class="sbs-card-summary-empty">No cards chosen yet.</p>')
    shown.add_class("sbs-card-summary-out")

    def show(_change: Any = None) -> None:
        cards, refused = _cards(upload.value)
        notes = "".join(f"<li>{escape(r)}</li>" for r in refused)
        left_out = (
            f'<div class="sbs-note" role="note"><strong>Left out:</strong><ul>{notes}</ul></div>' if refused else ""
        )
        body = summary_html(summarise(cards)) if cards else "<p>No progress cards among these files.</p>"
        shown.value = f'<div role="status">{left_out}{body}</div>'

    upload.observe(show, names="value")
    box = ipywidgets.VBox([upload, shown])
    box.add_class("sbs-card-summary-box")
    box.show = show  # type: ignore[attr-defined]  # tests call it after setting the upload's value
    return box
