"""ReflectionBox: one labelled text area for one prompt, saved as the trainee types.

Every keystroke reaches the kernel and is committed to the journal before
the next one is handled, so text is durable well within a second even if
the tab is closed straight after. The prompt is the text area's label (and
so its accessible name); the status line is an ``aria-live`` region.
"""

from __future__ import annotations

import anywidget
import traitlets

from sbs_training.store.journal import SKIPPED, Journal
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
    skipped = traitlets.Bool(False).tag(sync=True)
    """Skipped on purpose: the trainee chose not to answer this one, and the course counts it as done."""

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
        self.observe(self._on_skipped, names="skipped")

    def restore(self) -> None:
        self._restoring = True
        try:
            skip = [a.value for a in self.journal.answers(self.workbook, SKIPPED) if a.item == self.key]
            self.skipped = bool(skip and skip[0] is True)
        finally:
            self._restoring = False
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

    def _on_skipped(self, change: dict) -> None:
        if getattr(self, "_restoring", False):
            return
        with self.saving():
            self.journal.set_answer(self.workbook, SKIPPED, self.key, bool(change["new"]))
            if change["new"]:
                self.say(f"Skipped on purpose, saved {saved_at()}. You can still write here at any time.")
            else:
                self.say(f"No longer skipped, saved {saved_at()}.")
