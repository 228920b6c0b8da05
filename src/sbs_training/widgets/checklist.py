"""Checklist: things to tick off, each with room for the trainee's own note.

Used for planning a venue and first session, and for what a new member should
know before joining. The ticks and notes together are the trainee's own plan,
which ``as_markdown``/``as_html`` turn into a page to download or print.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.documents import Document, Item, ItemList, to_html, to_markdown
from sbs_training.store.journal import MAX_TEXT_CHARS, Journal, clean_text
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import widget_css, widget_module


class Checklist(AnswerWidget, anywidget.AnyWidget):
    """``items``: dicts with ``id``, ``text`` and optional ``detail``."""

    _esm = widget_module("checklist")
    _css = widget_css()

    title = traitlets.Unicode("").tag(sync=True)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)
    note_label = traitlets.Unicode("My note").tag(sync=True)

    def __init__(
        self,
        workbook: str,
        activity: str,
        *,
        title: str,
        items: list[dict[str, Any]],
        note_label: str = "My note",
        journal: Journal | None = None,
    ) -> None:
        super().__init__(title=title, items=items, note_label=note_label)
        self._item_ids = {i["id"] for i in items}
        self._setup_answers(workbook, activity, journal)

    def valid(self, item: str, value: Any) -> bool:
        if item not in self._item_ids or not isinstance(value, dict) or set(value) - {"done", "note"}:
            return False
        note = value.get("note", "")
        return isinstance(value.get("done", False), bool) and isinstance(note, str) and len(note) <= MAX_TEXT_CHARS

    def _on_answers(self, change: dict) -> None:
        """Drop invisible control characters from notes first, then save (or refuse) as any answer."""
        if getattr(self, "_cleaning", False):
            return
        new = change["new"]
        if isinstance(new, dict):
            cleaned = {k: self._clean(v) for k, v in new.items()}
            if cleaned != new:
                self._cleaning = True
                try:
                    self.answers = cleaned  # the page shows the text as it is kept
                finally:
                    self._cleaning = False
                change = {**change, "new": cleaned}
        super()._on_answers(change)

    @staticmethod
    def _clean(value: Any) -> Any:
        """A note without control characters; anything malformed is left for ``valid`` to refuse."""
        if not isinstance(value, dict) or not isinstance(value.get("note"), str) or len(value["note"]) > MAX_TEXT_CHARS:
            return value
        return {**value, "note": clean_text(value["note"])[0]}

    def tick(self, item_id: str, done: bool = True, note: str | None = None) -> None:
        current = dict(self.answers.get(item_id, {"done": False, "note": ""}))
        current["done"] = done
        if note is not None:
            current["note"] = note
        self.answers = {**self.answers, item_id: current}

    def rows(self) -> list[tuple[dict[str, Any], bool, str]]:
        out = []
        for item in self.items:
            answer = self.answers.get(item["id"], {})
            out.append((item, bool(answer.get("done")), answer.get("note", "")))
        return out

    def document(self) -> Document:
        """The trainee's plan: every item, ticked or not, with their note."""
        listed = [Item(item["text"], note=note, done=done) for item, done, note in self.rows()]
        return Document(self.title, [ItemList(listed, cls="checklist")])

    def as_markdown(self) -> str:
        return to_markdown(self.document())

    def as_html(self) -> str:
        return to_html(self.document())
