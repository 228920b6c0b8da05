"""Workbook 07's pages: read, download, bring back and erase my journal."""

from __future__ import annotations

import ipywidgets

from sbs_training.pages.workbook import Workbook
from sbs_training.widgets.journal_download import journal_download
from sbs_training.widgets.journal_erase import JournalErase
from sbs_training.widgets.journal_upload import JournalUpload
from sbs_training.widgets.journal_view import JournalView


def my_journal(wb: Workbook) -> JournalView:
    return JournalView(wb.id)


def download_journal(wb: Workbook) -> ipywidgets.VBox:
    return ipywidgets.VBox(
        [
            journal_download(
                "json",
                "Download my journal to bring back later (JSON)",
                "Keep this file somewhere private. It is the one you can upload below, here or on another computer.",
            ),
            journal_download(
                "html", "Download my journal to read or print (HTML)", "Opens in any web browser; print it from there."
            ),
            journal_download("md", "Download my journal as plain text (Markdown)"),
        ]
    )


def bring_back_journal(wb: Workbook) -> JournalUpload:
    return JournalUpload(wb.id)


def erase_journal(wb: Workbook) -> JournalErase:
    return JournalErase(wb.id)
