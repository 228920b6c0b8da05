"""Classify: sort short statements into categories, with feedback on each placement.

Used for "person-centred or illness-centred?" and for spotting drama-triangle
and TED* roles. Each statement is its own radio group (one Tab stop, arrow
keys to choose), and its feedback appears right under it.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.store.journal import Journal
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import widget_css, widget_module


class Classify(AnswerWidget, anywidget.AnyWidget):
    """``categories``: dicts with ``id`` and ``label``.
    ``items``: dicts with ``id``, ``text``, ``answer`` (a category id) and ``why``."""

    _esm = widget_module("classify")
    _css = widget_css()

    question = traitlets.Unicode("").tag(sync=True)
    categories = traitlets.List(traitlets.Dict()).tag(sync=True)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        workbook: str,
        activity: str,
        *,
        question: str,
        categories: list[dict[str, Any]],
        items: list[dict[str, Any]],
        journal: Journal | None = None,
    ) -> None:
        super().__init__(question=question, categories=categories, items=items)
        self._category_ids = {c["id"] for c in categories}
        self._item_ids = {i["id"] for i in items}
        self._setup_answers(workbook, activity, journal)

    def valid(self, item: str, value: Any) -> bool:
        """Exactly ``{"placed": <a category id>}`` for a known statement; anything else is refused."""
        return (
            item in self._item_ids
            and isinstance(value, dict)
            and set(value) == {"placed"}
            and isinstance(value["placed"], str)
            and value["placed"] in self._category_ids
        )

    def place(self, item_id: str, category_id: str) -> None:
        """What the page does when a category is chosen; an unknown id is refused, not saved."""
        self.answers = {**self.answers, item_id: {"placed": category_id}}

    def placed(self, item_id: str) -> str | None:
        """The category the trainee chose for a statement, if any."""
        return (self.answers.get(item_id) or {}).get("placed")

    def summary(self) -> str:
        placed = self.answers
        agree = sum(1 for i in self.items if placed.get(i["id"], {}).get("placed") == i["answer"])
        return f"You have placed {len(placed)} of {len(self.items)}; {agree} match the toolkit's reading."
