"""What a workbook notebook calls: ``start()`` once, then one call per activity.

Keeps notebooks to a few short cells: the notebook says *what* to show, in
order, by content id; this module knows *how*. Every method returns a widget,
so a cell that ends with ``wb.something(...)`` displays it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets
from IPython import display as ipython_display
from IPython.display import HTML

from sbs_training.cohort.binder import notice_html, on_binder
from sbs_training.cohort.help_panel import help_panel_html
from sbs_training.config import load_config
from sbs_training.content import load, load_course
from sbs_training.resources import package_file
from sbs_training.store import visit

# Each widget is imported by the call that shows it, not here: every kernel imports this module
# as its page starts, and most pages use one or two kinds of widget (benchmarks/kernel_start.py).
if TYPE_CHECKING:
    from sbs_training.store.journal import Journal
    from sbs_training.widgets.checklist import Checklist
    from sbs_training.widgets.choice import ChoiceCard
    from sbs_training.widgets.classify import Classify
    from sbs_training.widgets.reflection import ReflectionBox


class Workbook:
    """One workbook page: its id, and the calls that show its activities."""

    def __init__(self, workbook_id: str) -> None:
        self.id = workbook_id

    def reflection(self, prompt_id: str, *, rows: int = 5) -> ReflectionBox:
        """A ReflectionBox for a prompt in ``exercises/prompts/<workbook>.yaml``."""
        from sbs_training.widgets.reflection import ReflectionBox

        prompt = load("prompts", self.id).get(prompt_id)
        box = ReflectionBox(self.id, prompt.id, prompt.text, hint=prompt.hint, example=prompt.example)
        box.rows = rows
        return box

    def sort(self, activity_id: str) -> Classify:
        """A Classify widget for ``exercises/sorts/<id>.yaml``."""
        from sbs_training.widgets.classify import Classify

        sort = load("sorts", activity_id)
        return Classify(
            self.id,
            sort.id,
            question=sort.question,
            categories=[c.model_dump() for c in sort.categories],
            items=[i.model_dump() for i in sort.items],
        )

    def cards(self, set_id: str, card_ids: list[str] | None = None) -> ChoiceCard | ipywidgets.VBox:
        """ChoiceCards for ``exercises/cards/<id>.yaml`` (all of them, or those named)."""
        from sbs_training.widgets.choice import ChoiceCard

        card_set = load("cards", set_id)
        chosen = [c for c in card_set.cards if card_ids is None or c.id in card_ids]
        widgets: list[ipywidgets.Widget] = [
            ChoiceCard(
                self.id,
                card_set.id,
                card.id,
                title=card.title,
                situation=card.situation,
                question=card.question,
                options=[o.model_dump(exclude={"favoured"}) for o in card.options],  # authors only, never sent
            )
            for card in chosen
        ]
        if card_set.content_note:  # the set's own note comes first, right before the hard material
            widgets.insert(0, ipywidgets.HTML(content_note_html(card_set.content_note)))
        return widgets[0] if len(widgets) == 1 else ipywidgets.VBox(widgets)

    def checklist(self, checklist_id: str) -> ipywidgets.VBox:
        """A Checklist for ``exercises/checklists/<id>.yaml``, with downloads of the trainee's plan."""
        from sbs_training.widgets.download import downloads

        content = load("checklists", checklist_id)
        checklist = self.checklist_only(checklist_id)
        return downloads("my plan", content.export_name, checklist.as_html, checklist.as_markdown, above=[checklist])

    def checklist_only(self, checklist_id: str, *, journal: Journal | None = None) -> Checklist:
        """The Checklist for ``exercises/checklists/<id>.yaml`` alone, without download buttons."""
        from sbs_training.widgets.checklist import Checklist

        content = load("checklists", checklist_id)
        return Checklist(
            self.id,
            content.id,
            title=content.title,
            items=[i.model_dump() for i in content.items],
            note_label=content.note_label,
            journal=journal,
        )

    def outcomes(self) -> HTML:
        """This workbook's time and outcomes, from ``exercises/course.yaml`` (the one place they are written)."""
        entry = load_course().get(self.id)
        return HTML(outcomes_html(entry.minutes, list(entry.outcomes)) if entry else "")

    def content_note(self, text: str) -> HTML:
        """A content note before hard material, always with the reminder that you can stop."""
        return HTML(content_note_html(text))


def content_note_html(text: str) -> str:
    """The one content note markup, always with the reminder that you can stop."""
    return (
        f'<div class="sbs-note" role="note"><strong>Content note.</strong> {escape(text)} '
        "You can pause, skip this section or stop at any time, and the Get help now panel "
        "at the top of the page is always there.</div>"
    )


def outcomes_html(minutes: int, outcomes: list[str]) -> str:
    """Time and outcomes near the top of a workbook, in plain words."""
    items = "".join(f"<li>{escape(o)}</li>" for o in outcomes)
    listed = f"<p><strong>When you have finished, you will be able to:</strong></p><ul>{items}</ul>" if items else ""
    return (
        f'<div class="sbs-outcomes">{listed}<p><strong>How long it takes:</strong> about {minutes} minutes. '
        "You can do it in parts: everything saves as you go, and is here when you come back.</p></div>"
    )


def show_binder_notice() -> bool:
    """On Binder, say the session is temporary and offer the journal as one download; returns whether it did."""
    if not on_binder():
        return False
    from sbs_training.widgets.journal_download import journal_download

    ipython_display.display(HTML(notice_html()))
    ipython_display.display(
        journal_download(
            "json",
            "Download my journal now",
            "A JSON file with everything you have written, to keep or to bring back later.",
        )
    )
    return True


def start(workbook_id: str) -> Workbook:
    """Show the page styles and the Get-help panel; return the workbook's helper.

    ``display`` is looked up when called (not bound at import) so a test can watch what is shown.
    """
    css = package_file("static", "page.css").read_text(encoding="utf-8")
    ipython_display.display(HTML(f"<style>{css}</style>{help_panel_html(load_config())}"))
    show_binder_notice()  # only on Binder: the session is temporary, take your journal home
    visit.page(workbook_id)  # recorded once the visit starts, for "Continue where you left off"
    return Workbook(workbook_id)
