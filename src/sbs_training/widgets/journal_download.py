"""journal_download: a real browser download of the whole journal (JSON, Markdown or HTML)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sbs_training.errors import UserError
from sbs_training.exchange import export_text
from sbs_training.store import visit
from sbs_training.store.journal import Journal
from sbs_training.widgets.download import DownloadButton

_KINDS = {
    "json": ("application/json", "json"),
    "html": ("text/html", "html"),
    "md": ("text/markdown", "md"),
}


def journal_filename(fmt: str, today: date | None = None) -> str:
    return f"my-sbs-journal-{(today or date.today()).isoformat()}.{_KINDS[fmt][1]}"


def journal_download(fmt: str, label: str, description: str = "", *, journal: Journal | None = None) -> Any:
    """A DownloadButton for the whole journal; it reads the journal only when pressed."""

    if fmt not in _KINDS:
        raise UserError(f"Unknown export format {fmt!r}; choose json, md or html.")
    button = DownloadButton(label, journal_filename(fmt), lambda: "", mime=_KINDS[fmt][0], description=description)

    def make() -> str:
        button.filename = journal_filename(fmt)  # today's date, even in a kernel started yesterday
        return export_text(journal or visit.journal(), fmt)  # type: ignore[arg-type]

    button.make = make
    return button
