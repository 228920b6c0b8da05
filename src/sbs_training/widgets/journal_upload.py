"""JournalUpload: bring back a journal exported earlier, from the browser.

The same merge rules as ``sbs-training import`` and its one-sentence summary; a bad
file changes nothing. The page refuses a file too big to send before sending it: one
message to the kernel may carry at most ``MAX_MESSAGE_BYTES``, and a bigger one would
close the page's connection, so nothing typed after it would be saved.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import anywidget
import traitlets

from sbs_training.exchange import MAX_IMPORT_BYTES, ImportSummary, import_bytes
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import (
    EVERYTHING,
    MAX_MESSAGE_BYTES,
    JournalWidget,
    journal_changed,
    widget_css,
    widget_module,
)


def clean_filename(name: object) -> str:
    """A browser-supplied file name, safe to show in a sentence."""
    if not isinstance(name, str) or not name.strip():
        return "the uploaded file"
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")[:120]
    return base or "the uploaded file"


class JournalUpload(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("journal_upload")
    _css = widget_css("journal_view")

    done = traitlets.Int(0).tag(sync=True)
    max_export_bytes = traitlets.Int(MAX_IMPORT_BYTES).tag(sync=True)
    """Larger than any journal export: refused as not an export at all."""
    max_send_bytes = traitlets.Int(MAX_MESSAGE_BYTES - 64 * 1024).tag(sync=True)
    """The most one upload can carry to the kernel (the file plus its message, within one websocket message)."""

    def __init__(self, workbook: str, *, journal: Journal | None = None) -> None:
        super().__init__()
        self._setup_journal(workbook, "journal-upload", journal)
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        pass  # reads nothing until a file arrives

    def bring_back(self, raw: bytes, name: object = "") -> ImportSummary | None:
        """Merge an uploaded export into the journal: all of it, or (if anything is wrong) none of it."""
        with self.saving():
            summary = import_bytes(self.journal, raw, clean_filename(name))
            with self.hold_sync():
                self.status = summary.sentence()
                self.done += 1
            journal_changed(EVERYTHING)
            return summary
        return None

    def _on_msg(self, _widget: object, content: Any, buffers: list) -> None:
        if not isinstance(content, dict) or content.get("type") != "upload":
            return
        if len(buffers) != 1:
            self.say("No file arrived; choose your journal file and try again. Nothing was changed.")
            return
        self.bring_back(bytes(buffers[0]), content.get("name"))
