"""What a workbook notebook calls: ``start()`` once, then one call per activity.

Keeps notebooks to a few short cells: the notebook says *what* to show, in
order; this module knows *how*.
"""

from __future__ import annotations

from sbs_training.resources import package_file


class Workbook:
    def __init__(self, workbook_id: str) -> None:
        self.id = workbook_id

    def reflection(self, prompt_id: str, *, rows: int = 5):
        """A ReflectionBox for a prompt listed in ``exercises/prompts/<workbook>.yaml``."""
        from sbs_training.content import load
        from sbs_training.widgets.reflection import ReflectionBox

        prompt = load("prompts", self.id).get(prompt_id)
        box = ReflectionBox(self.id, prompt.id, prompt.text, hint=prompt.hint)
        box.rows = rows
        return box


def start(workbook_id: str) -> Workbook:
    """Show the page styles and the Get-help panel; return the workbook's helper."""
    from IPython.display import HTML, display

    from sbs_training.config import load_config
    from sbs_training.help_panel import help_panel_html

    css = package_file("static", "page.css").read_text(encoding="utf-8")
    display(HTML(f"<style>{css}</style>{help_panel_html(load_config())}"))
    return Workbook(workbook_id)
