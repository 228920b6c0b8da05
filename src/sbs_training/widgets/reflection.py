"""ReflectionBox: one labelled text area for one prompt, saved as the trainee types.

Every keystroke reaches the kernel and is committed to the journal before
the next one is handled, so text is durable well within a second even if
the tab is closed straight after. The prompt is the text area's label (and
so its accessible name); the status line is an ``aria-live`` region.
"""

from __future__ import annotations

import anywidget
import traitlets

from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget, saved_at, widget_css, widget_module


class ReflectionBox(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("reflection")
    _css = widget_css("reflection")

    prompt = traitlets.Unicode().tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    rows = traitlets.Int(5).tag(sync=True)
    example = traitlets.Unicode("").tag(sync=True)
    """If set, an example answer the trainee can reveal once they have written something."""

    def __init__(
        self,
        workbook: str,
        prompt_id: str,
        prompt: str,
        *,
        hint: str = "",
        example: str = "",
        journal: Journal | None = None,
    ) -> None:
        super().__init__(prompt=prompt, hint=hint, example=example)
        self._version = 0  # "I have seen no saved text": a save that finds some is a conflict
        self._setup_journal(workbook, prompt_id, journal)
        self.observe(self._on_value, names="value")

    def restore(self) -> None:
        saved = self.journal.get_reflection(self.workbook, self.key)
        if saved is None:
            self.say("Saved on this computer as you type.")
            return
        self._version = saved.version
        self.value = saved.text
        self.say(f"Last saved {saved_at(saved.updated_at)}.")

    def _on_value(self, change: dict) -> None:
        with self.saving():
            result = self.journal.save_reflection(
                self.workbook,
                self.key,
                change["new"],
                editor=self.editor,
                base_version=self._version,
                label=self.prompt,
            )
            self._version = result.reflection.version
            message = f"Saved {saved_at(result.reflection.updated_at)}."
            if result.conflict:
                message += (
                    " This reflection was also changed in another tab or window; that text is kept "
                    "in your journal's earlier versions."
                )
            if result.cleaned:
                message += " Some invisible control characters were left out."
                self.value = result.reflection.text
            self.say(message)
