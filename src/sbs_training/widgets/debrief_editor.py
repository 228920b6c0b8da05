"""DebriefEditor: start or open a debrief after a real session, write it under either cycle, tag it.

Built from standard ipywidgets plus the project's ReflectionBox, so typing is
saved exactly like every other reflection (each part is its own prompt, with
revisions). The debrief's facts (date, cycle, tags) are saved to the journal
the moment they change. The pack panel and the reminder share its date field's
focus style (``DATE_FOCUS_CSS``).
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import ipywidgets

from sbs_training.sessions import debrief_records
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget
from sbs_training.widgets.reflection import ReflectionBox

_WIDE = ipywidgets.Layout(width="auto")
_STYLE = {"description_width": "initial"}
DATE_FOCUS_CSS = (
    "<style>.sbs-widget input:focus, .sbs-widget select:focus, .sbs-widget button:focus-visible "
    "{ outline: 3px solid #1a5fb4 !important; outline-offset: 2px; }</style>"
)
"""Chromium doesn't match :focus-visible on a date field's inner parts, so the page's focus ring needs this."""


def _heading(text: str, level: int = 3) -> ipywidgets.HTML:
    return ipywidgets.HTML(f"<h{level}>{escape(text)}</h{level}>")


class DebriefEditor(JournalWidget, ipywidgets.VBox):
    """Pick or start a debrief, then write it under either cycle, tag it, and follow the links."""

    def __init__(self, workbook: str = debrief_records.WORKBOOK, *, journal: Journal | None = None) -> None:
        super().__init__()
        self.add_class("sbs-debrief")
        self.add_class("sbs-widget")
        self.info = debrief_records.content()
        self.current: str | None = None
        self._loading = False
        self.privacy = ipywidgets.HTML(
            f'{DATE_FOCUS_CSS}<div class="sbs-note" role="note"><strong>No names, please.</strong> '
            f"{escape(self.info.privacy)}</div>"
        )
        self.new_date = ipywidgets.DatePicker(description="Date of the session", value=date.today(), style=_STYLE)
        self.new_button = ipywidgets.Button(description="Start a new debrief", button_style="primary")
        self.new_button.on_click(lambda _b: self.start_new())
        self.chooser = ipywidgets.Dropdown(description="Open a debrief", options=[], style=_STYLE, layout=_WIDE)
        self.chooser.observe(self._on_choose, names="value")
        self.session_date = ipywidgets.DatePicker(description="Session date", style=_STYLE)
        self.session_date.observe(self._on_facts, names="value")
        self.cycle = ipywidgets.RadioButtons(
            description="Reflective cycle",
            options=[(f"{c.name} ({c.credit})", c.id) for c in self.info.cycles],
            style=_STYLE,
            layout=_WIDE,
        )
        self.cycle.observe(self._on_cycle, names="value")
        self.cycle_note = ipywidgets.HTML()
        self.parts = ipywidgets.VBox()
        self.elsewhere = ipywidgets.HTML()
        self.tag_boxes: dict[str, dict[str, ipywidgets.Checkbox]] = {}
        tag_rows: list[Any] = [_heading("Quick tags (optional)")]
        for group in self.info.tags:
            boxes = {}
            for option in group.options:
                box = ipywidgets.Checkbox(description=option.label, indent=False, layout=_WIDE)
                box.observe(self._on_tag(group.id, option.id), names="value")
                boxes[option.id] = box
            self.tag_boxes[group.id] = boxes
            tag_rows.append(ipywidgets.HTML(f"<p><strong>{escape(group.label)}</strong></p>"))
            tag_rows.append(ipywidgets.HBox(list(boxes.values()), layout=ipywidgets.Layout(flex_flow="row wrap")))
        self.links = ipywidgets.HTML()
        self.status_line = ipywidgets.HTML('<p class="sbs-status" role="status" aria-live="polite"></p>')
        self.editor_box = ipywidgets.VBox(
            [self.session_date, self.cycle, self.cycle_note, self.parts, self.elsewhere, *tag_rows, self.links]
        )
        self.children = [
            self.privacy,
            ipywidgets.HBox([self.new_date, self.new_button], layout=ipywidgets.Layout(flex_flow="row wrap")),
            self.chooser,
            self.editor_box,
            self.status_line,
        ]
        self._setup_journal(workbook, "debriefs", journal)

    # -- journal ---------------------------------------------------------------------------

    def restore(self) -> None:
        self._fill_chooser()
        if self.chooser.options:
            self.open_debrief(self.chooser.options[-1][1])
        else:
            self.editor_box.layout.display = "none"
            self.say("Start a debrief for the session you want to think about.")

    def say(self, text: str) -> None:
        super().say(text)
        self.status_line.value = f'<p class="sbs-status" role="status" aria-live="polite">{escape(text)}</p>'

    def _fill_chooser(self) -> None:
        self._loading = True
        try:
            records = self.journal.debriefs()
            self.chooser.options = [(debrief_records.say_day(d.session_date), d.id) for d in records]
            self.chooser.value = self.current if self.current in {d.id for d in records} else None
        finally:
            self._loading = False

    def start_new(self) -> None:
        with self.saving():
            day = debrief_records.parse_day(self.new_date.value or date.today())
            record = self.journal.save_debrief(debrief_records.new_id(), day.isoformat(), self.info.cycles[0].id, {})
            self.current = record.id
            self._fill_chooser()
            self.open_debrief(record.id)
            self.say(f"Started a debrief for {debrief_records.say_day(day)}. It saves as you type.")

    def open_debrief(self, debrief_id: str) -> None:
        facts = self.journal.get_debrief(debrief_id)
        if facts is None:
            return
        self._loading = True
        try:
            self.current = facts.id
            self.chooser.value = facts.id
            self.session_date.value = debrief_records.parse_day(facts.session_date)
            self.cycle.value = self.info.cycle(facts.cycle).id
            for group_id, boxes in self.tag_boxes.items():
                chosen = facts.tags.get(group_id) or []
                chosen = [chosen] if isinstance(chosen, str) else chosen
                for option_id, box in boxes.items():
                    box.value = option_id in chosen
        finally:
            self._loading = False
        self.editor_box.layout.display = None
        self._show_parts()

    # -- facts -----------------------------------------------------------------------------

    def _tags(self) -> dict[str, Any]:
        raw = {g: [o for o, box in boxes.items() if box.value] for g, boxes in self.tag_boxes.items()}
        return debrief_records.clean_tags(raw, self.info)

    def _save_facts(self) -> None:
        if self._loading or self.current is None or self.session_date.value is None:
            return
        with self.saving():
            self.journal.save_debrief(self.current, self.session_date.value.isoformat(), self.cycle.value, self._tags())
            self._fill_chooser()
            self._links()
            self.say("Saved.")

    def _on_choose(self, change: dict) -> None:
        if not self._loading and change["new"]:
            with self.saving():
                self.open_debrief(change["new"])

    def _on_facts(self, _change: dict) -> None:
        self._save_facts()
        if not self._loading:
            self._show_parts()  # later saves carry the new date in their label

    def _on_cycle(self, _change: dict) -> None:
        if self._loading:
            return
        self._save_facts()
        self._show_parts()

    def _on_tag(self, group_id: str, option_id: str):
        def handler(change: dict) -> None:
            group = self.info.group(group_id)
            if group is not None and group.single and change["new"]:
                self._loading = True
                for other, box in self.tag_boxes[group_id].items():
                    if other != option_id:
                        box.value = False
                self._loading = False
            self._save_facts()

        return handler

    # -- the words -----------------------------------------------------------------------------

    def _show_parts(self) -> None:
        if self.current is None:
            return
        cycle = self.info.cycle(self.cycle.value)
        day = self.session_date.value.isoformat() if self.session_date.value else date.today().isoformat()
        self.cycle_note.value = f"<p>{escape(cycle.summary)} <em>After {escape(cycle.credit)}.</em></p>"
        boxes = []
        for part in cycle.parts:
            box = ReflectionBox(
                self.workbook,
                debrief_records.prompt_id(self.current, part.id),
                debrief_records.part_label(part.label, day),
                hint=part.hint,
                journal=self._journal,
            )
            box.rows = 4
            boxes.append(box)
        self.parts.children = boxes
        view = debrief_records.read(self.journal, self.journal.get_debrief(self.current), self.info)
        others = [
            (c, p, view.texts[p.id])
            for c in self.info.cycles
            if c.id != cycle.id
            for p in c.parts
            if p.id in view.texts
        ]
        if others:
            items = "".join(
                f"<li><strong>{escape(p.label)}</strong> <span class='sbs-debrief-fits'>(fits {escape(self._fits(p))})"
                f"</span><div style='white-space:pre-wrap'>{escape(t)}</div></li>"
                for _c, p, t in others
            )
            self.elsewhere.value = (
                '<section class="sbs-debrief-elsewhere" aria-label="Written under the other cycle">'
                "<p><strong>Also written under the other cycle</strong> (kept; switch back to edit it):</p>"
                f"<ul>{items}</ul></section>"
            )
        else:
            self.elsewhere.value = ""
        self._links()

    def _fits(self, part: Any) -> str:
        labels = {p.id: p.label.split(".")[0].split("?")[0] for c in self.info.cycles for p in c.parts}
        return ", ".join(labels[a] for a in part.also if a in labels) or "this debrief"

    def _links(self) -> None:
        links = debrief_records.theme_links(self._tags(), self.info)
        if not links:
            self.links.value = (
                "<p><strong>Now what?</strong> Tag what you noticed above to see where the course practises it.</p>"
            )
            return
        items = "".join(f'<li><a href="{escape(link)}" target="_blank">{escape(text)}</a></li>' for text, link in links)
        self.links.value = f"<p><strong>Now what? Practise it again:</strong></p><ul>{items}</ul>"
