"""DownloadButton: a real browser download of something made in the kernel.

The file is made when the button is pressed (so it holds the newest words),
sent to the page, and saved by the browser like any download. It never
leaves this computer: the "download" travels from the local kernel to the
local browser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
import ipywidgets
import traitlets

from sbs_training.errors import UserError
from sbs_training.widgets.base import FlushBeforeAct, widget_css, widget_module


class DownloadButton(FlushBeforeAct, anywidget.AnyWidget):
    _esm = widget_module("download")
    _css = widget_css("download")

    label = traitlets.Unicode("Download").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self, label: str, filename: str, make: Callable[[], str], *, mime: str = "text/plain", description: str = ""
    ) -> None:
        super().__init__(label=label, description=description)
        self.filename = filename
        self.mime = mime
        self.make = make
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget: object, content: dict, _buffers: list) -> None:
        if not isinstance(content, dict) or content.get("type") != "download":
            return
        try:
            text = self.make()
        except UserError as exc:
            self.status = str(exc)
            return
        self.send({"type": "file", "filename": self.filename, "mime": self.mime, "text": text})
        self.status = f"Downloaded {self.filename}: look in your browser's downloads."


def downloads(
    what: str,
    stem: str,
    html: Callable[[], str],
    markdown: Callable[[], str],
    *,
    above: Sequence[Any] = (),
    to_print: str = "to print",
    description: str = "",
) -> ipywidgets.VBox:
    """The usual pair under a widget: ``what`` as a printable page (HTML) and as text (Markdown).

    Both files are named ``stem`` (``.html``, ``.md``) and made when pressed; ``description``
    goes under the HTML button, where printing is explained.
    """
    return ipywidgets.VBox(
        [
            *above,
            DownloadButton(
                f"Download {what} {to_print} (HTML)", f"{stem}.html", html, mime="text/html", description=description
            ),
            DownloadButton(f"Download {what} as text (Markdown)", f"{stem}.md", markdown, mime="text/markdown"),
        ]
    )
