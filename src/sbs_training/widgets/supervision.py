"""PackPanel: choose a date range, tick debriefs and parts, download the supervision pack.

The download buttons call the one pack builder with what the controls hold when
the file is made; DownloadButton's flush-before-act barrier makes sure that is
what the page showed when the button was pressed.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import ipywidgets

from sbs_training.sessions import debrief_records, supervision_pack
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget
from sbs_training.widgets.debrief_editor import DATE_FOCUS_CSS
from sbs_training.widgets.download import DownloadButton

_STYLE = {"description_width": "initial"}
_WIDE = ipywidgets.Layout(width="auto")


class PackPanel(JournalWidget, ipywidgets.VBox):
    def __init__(self, workbook: str = debrief_records.WORKBOOK, *, journal: Journal | None = None) -> None:
        super().__init__()
        self.add_class("sbs-pack")
        self.add_class("sbs-widget")

        focus_css = ipywidgets.HTML(DATE_FOCUS_CSS)
        since, until = supervision_pack.default_range()
        self.since = ipywidgets.DatePicker(description="Sessions from", value=since, style=_STYLE)
        self.until = ipywidgets.DatePicker(description="to", value=until, style=_STYLE)
        self.refresh_button = ipywidgets.Button(description="Show the debriefs in this range")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.since.observe(lambda _c: self.refresh(), names="value")
        self.until.observe(lambda _c: self.refresh(), names="value")
        self.debrief_boxes: dict[str, ipywidgets.Checkbox] = {}
        self.debrief_list = ipywidgets.VBox()
        self.checkins = ipywidgets.Checkbox(
            description="Include my check-in trend", value=True, indent=False, layout=_WIDE
        )
        self.plan = ipywidgets.Checkbox(description="Include my self-care plan", value=True, indent=False, layout=_WIDE)
        self.status_line = ipywidgets.HTML('<p class="sbs-status" role="status" aria-live="polite"></p>')
        self.html_button = DownloadButton(
            "Download the pack to print (HTML)", "supervision-pack.html", lambda: self.make("html"), mime="text/html"
        )
        self.md_button = DownloadButton(
            "Download the pack as text (Markdown)", "supervision-pack.md", lambda: self.make("md"), mime="text/markdown"
        )
        self.children = [
            focus_css,
            ipywidgets.HBox([self.since, self.until], layout=ipywidgets.Layout(flex_flow="row wrap")),
            self.refresh_button,
            self.debrief_list,
            self.checkins,
            self.plan,
            self.html_button,
            self.md_button,
            self.status_line,
        ]
        self._setup_journal(workbook, "pack", journal)

    def restore(self) -> None:
        self.refresh()

    def say(self, text: str) -> None:
        super().say(text)
        self.status_line.value = f'<p class="sbs-status" role="status" aria-live="polite">{text and _esc(text)}</p>'

    def _range(self) -> tuple[date, date]:
        since, until = supervision_pack.default_range()
        return self.since.value or since, self.until.value or until

    def refresh(self) -> None:
        with self.saving():
            since, until = self._range()
            supervision_pack.check_range(since, until)
            ticked = {k for k, box in self.debrief_boxes.items() if box.value}
            old = set(self.debrief_boxes)
            boxes = {}
            for facts in self.journal.debriefs(since.isoformat(), until.isoformat()):
                box = ipywidgets.Checkbox(
                    description=f"Debrief of {debrief_records.say_day(facts.session_date)}",
                    value=facts.id in ticked or facts.id not in old,
                    indent=False,
                    layout=_WIDE,
                )
                boxes[facts.id] = box
            self.debrief_boxes = boxes
            self.debrief_list.children = list(boxes.values())
            self.say(
                f"{len(boxes)} debrief{'s' if len(boxes) != 1 else ''} in this range."
                if boxes
                else "No debriefs in this range: the pack would hold only the parts ticked below."
            )

    def choice(self) -> dict[str, Any]:
        since, until = self._range()
        parts = [p for p, box in (("checkins", self.checkins), ("plan", self.plan)) if box.value]
        ids = [k for k, box in self.debrief_boxes.items() if box.value]
        return {"since": since, "until": until, "debrief_ids": ids, "parts": parts}

    def make(self, fmt: str) -> str:
        choice = self.choice()
        name = supervision_pack.file_name(choice["since"], choice["until"], fmt)
        self.html_button.filename = name if fmt == "html" else self.html_button.filename
        self.md_button.filename = name if fmt == "md" else self.md_button.filename
        return supervision_pack.build_pack(
            self.journal,
            choice["since"],
            choice["until"],
            fmt,  # type: ignore[arg-type]
            debrief_ids=choice["debrief_ids"],
            parts=choice["parts"],
        )


def _esc(text: str) -> str:

    return escape(text)
