"""Base for widgets whose state is a set of choices saved as journal *answers*.

A choice arrives from the browser as a synced value, and Voila lets a page set
any synced value, so every incoming choice is checked against the content
before it is saved; anything unknown is put back as it was.
"""

from __future__ import annotations

from typing import Any

from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget, saved_at


class AnswerWidget(JournalWidget):
    """Keeps ``self.answers`` (item id -> value) in step with the journal."""

    answers: dict[str, Any]

    def _setup_answers(self, workbook: str, activity: str, journal: Journal | None = None) -> None:
        self._setup_journal(workbook, activity, journal)
        self.observe(self._on_answers, names="answers")

    def restore(self) -> None:
        saved = {a.item: a.value for a in self.journal.answers(self.workbook, self.key)}
        self.answers = {item: value for item, value in saved.items() if self.valid(item, value)}
        if self.answers:
            latest = max(a.updated_at for a in self.journal.answers(self.workbook, self.key))
            self.say(f"Your answers are back, last saved {saved_at(latest)}.")

    def valid(self, item: str, value: Any) -> bool:
        """Subclasses say what a well-formed answer for an item is."""
        raise NotImplementedError

    def _on_answers(self, change: dict) -> None:
        old, new = change["old"] or {}, change["new"]
        if getattr(self, "_reverting", False):
            return
        if not isinstance(new, dict) or not all(isinstance(k, str) and self.valid(k, v) for k, v in new.items()):
            self._reverting = True
            try:
                self.answers = old  # refuse a malformed value from the page
            finally:
                self._reverting = False
            self.say("That choice isn't one this activity offers, so it wasn't saved.")
            return
        with self.saving():
            for item, value in new.items():
                if old.get(item) != value:
                    self.journal.set_answer(self.workbook, self.key, item, value)
            self.say(f"Saved {saved_at()}.")
