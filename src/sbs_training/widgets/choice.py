"""ChoiceCard: a situation, a question, and options that each carry feedback.

Feedback first says what would likely happen next, then why. The trainee can
change their mind and look again: nothing is final and nothing is scored.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.store.journal import Journal
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import widget_css, widget_module


class ChoiceCard(AnswerWidget, anywidget.AnyWidget):
    """``options``: dicts with ``id``, ``text``, ``happens`` (what likely follows) and ``why``."""

    _esm = widget_module("choice")
    _css = widget_css()

    card = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    situation = traitlets.Unicode("").tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Dict()).tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        workbook: str,
        activity: str,
        card_id: str,
        *,
        title: str,
        situation: str,
        question: str,
        options: list[dict[str, Any]],
        journal: Journal | None = None,
    ) -> None:
        super().__init__(card=card_id, title=title, situation=situation, question=question, options=options)
        self._option_ids = {o["id"] for o in options}
        self._setup_answers(workbook, activity, journal)

    def valid(self, item: str, value: Any) -> bool:
        """Exactly ``{"choice": <an option id>}`` for this card; anything else is refused."""
        return (
            item == self.card
            and isinstance(value, dict)
            and set(value) == {"choice"}
            and isinstance(value["choice"], str)
            and value["choice"] in self._option_ids
        )

    @property
    def choice(self) -> str | None:
        return (self.answers.get(self.card) or {}).get("choice")

    def choose(self, option_id: str) -> None:
        """What the page does when an option is checked; also handy in tests and papermill."""
        self.answers = {**self.answers, self.card: {"choice": option_id}}
