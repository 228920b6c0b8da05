"""JournalErase: erase everything in the journal, only after typing a confirmation word."""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.search import fold
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import EVERYTHING, JournalWidget, journal_changed, widget_css, widget_module

CONFIRM_WORD = "erase"


class JournalErase(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("journal_erase")
    _css = widget_css("journal_view")

    erased = traitlets.Int(0).tag(sync=True)
    confirm_word = traitlets.Unicode(CONFIRM_WORD).tag(sync=True)

    def __init__(self, workbook: str, *, journal: Journal | None = None) -> None:
        super().__init__()
        self._setup_journal(workbook, "journal-erase", journal)
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        pass

    def erase(self, confirm: object) -> dict[str, int] | None:
        """Erase every record, only if the confirmation word was typed."""
        if not isinstance(confirm, str) or fold(confirm.strip()) != CONFIRM_WORD:
            self.say(f"Nothing was erased. To erase everything, type the word {CONFIRM_WORD} in the box first.")
            return None
        with self.saving():
            deleted = self.journal.erase()
            with self.hold_sync():
                self.status = (
                    "Your journal is now empty: "
                    f"{deleted['reflections']} reflections, {deleted['revisions']} earlier versions, "
                    f"{deleted['checkins']} check-ins and {deleted['answers']} answers were erased."
                )
                self.erased += 1
            journal_changed(EVERYTHING)
            return deleted
        return None

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == "erase":
            self.erase(content.get("confirm"))
