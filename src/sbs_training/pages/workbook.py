"""What a workbook notebook calls: ``start()`` once, then one call per activity.

Keeps notebooks to a few short cells: the notebook says *what* to show, in
order, by content id; this module knows *how*. Every method returns a widget,
so a cell that ends with ``wb.something(...)`` displays it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sbs_training.resources import package_file


class Workbook:
    def __init__(self, workbook_id: str) -> None:
        self.id = workbook_id

    def reflection(self, prompt_id: str, *, rows: int = 5):
        """A ReflectionBox for a prompt in ``exercises/prompts/<workbook>.yaml``."""
        from sbs_training.content import load
        from sbs_training.widgets.reflection import ReflectionBox

        prompt = load("prompts", self.id).get(prompt_id)
        box = ReflectionBox(self.id, prompt.id, prompt.text, hint=prompt.hint, example=prompt.example)
        box.rows = rows
        return box

    def sort(self, activity_id: str):
        """A Classify widget for ``exercises/sorts/<id>.yaml``."""
        from sbs_training.content import load
        from sbs_training.widgets.classify import Classify

        sort = load("sorts", activity_id)
        return Classify(
            self.id,
            sort.id,
            question=sort.question,
            categories=[c.model_dump() for c in sort.categories],
            items=[i.model_dump() for i in sort.items],
        )

    def cards(self, set_id: str, card_ids: list[str] | None = None):
        """ChoiceCards for ``exercises/cards/<id>.yaml`` (all of them, or those named)."""
        import ipywidgets

        from sbs_training.content import load
        from sbs_training.widgets.choice import ChoiceCard

        card_set = load("cards", set_id)
        chosen = [c for c in card_set.cards if card_ids is None or c.id in card_ids]
        widgets = [
            ChoiceCard(
                self.id,
                card_set.id,
                card.id,
                title=card.title,
                situation=card.situation,
                question=card.question,
                options=[o.model_dump() for o in card.options],
            )
            for card in chosen
        ]
        return widgets[0] if len(widgets) == 1 else ipywidgets.VBox(widgets)

    def checklist(self, checklist_id: str):
        """A Checklist for ``exercises/checklists/<id>.yaml``, with downloads of the trainee's plan."""
        import ipywidgets

        from sbs_training.content import load
        from sbs_training.widgets.download import DownloadButton

        content = load("checklists", checklist_id)
        checklist = self.checklist_only(checklist_id)
        return ipywidgets.VBox(
            [
                checklist,
                DownloadButton(
                    "Download my plan to print (HTML)",
                    f"{content.export_name}.html",
                    checklist.as_html,
                    mime="text/html",
                ),
                DownloadButton(
                    "Download my plan as text (Markdown)",
                    f"{content.export_name}.md",
                    checklist.as_markdown,
                    mime="text/markdown",
                ),
            ]
        )

    def checklist_only(self, checklist_id: str, *, journal: Any = None):
        """The Checklist for ``exercises/checklists/<id>.yaml`` alone, without download buttons."""
        from sbs_training.content import load
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

    def content_note(self, text: str) -> Any:
        """A content note before hard material, always with the reminder that you can stop."""
        from IPython.display import HTML

        return HTML(
            f'<div class="sbs-note" role="note"><strong>Content note.</strong> {escape(text)} '
            "You can pause, skip this section or stop at any time, and the Get help now panel "
            "at the top of the page is always there.</div>"
        )


def start(workbook_id: str) -> Workbook:
    """Show the page styles and the Get-help panel; return the workbook's helper."""
    from IPython.display import HTML, display

    from sbs_training.config import load_config
    from sbs_training.help_panel import help_panel_html

    css = package_file("static", "page.css").read_text(encoding="utf-8")
    display(HTML(f"<style>{css}</style>{help_panel_html(load_config())}"))
    from sbs_training.binder import show_notice

    show_notice()  # only on Binder: the session is temporary, take your journal home
    return Workbook(workbook_id)
