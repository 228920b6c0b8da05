"""ActivityBrowser: the group activity library, filtered by what suits the trainer's group.

Filters: people in the group, minutes available, touch-free only, works
online. Filtering happens here in Python (``planner.matches``), so the rule is
one rule, tested without a browser; the page only shows the ids in
``shown``. The filters are saved as the trainer's answer, so they are back
on return.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.content.activities import Activity
from sbs_training.sessions import planner
from sbs_training.store.journal import Journal
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import widget_css, widget_module

FILTERS = "filters"
NO_FILTERS: dict[str, Any] = {"group": None, "minutes": None, "touch_free": False, "online": False}


def activity_card(activity: Activity) -> dict[str, Any]:
    """What the page needs to show one activity (plain JSON, text only: the page escapes nothing itself)."""
    a = activity
    return {
        "id": a.id,
        "title": a.title,
        "summary": a.summary,
        "source": a.source,
        "phases": list(a.phases),
        "purpose": a.purpose,
        "preparation": a.preparation,
        "space": a.space,
        "minimum": a.group.minimum,
        "ideal": f"{a.group.ideal[0]} to {a.group.ideal[1]}",
        "minutes": f"{a.timing.low} to {a.timing.high}" if a.timing.low != a.timing.high else str(a.timing.low),
        "timing": f"brief {a.timing.brief}, do {a.timing.do}, debrief {a.timing.debrief} (minutes)",
        "touch": a.touch,
        "online": a.works_online,
        "steps": list(a.steps),
        "debrief_questions": list(a.debrief_questions),
        "safety": list(a.safety),
        "adaptations": [
            ["Touch-free", a.adaptations.touch_free],
            ["Seated", a.adaptations.seated],
            ["Online", a.adaptations.online],
            ["Low energy", a.adaptations.low_energy],
        ],
    }


def _whole(value: Any, high: int) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= high)


class ActivityBrowser(AnswerWidget, anywidget.AnyWidget):
    _esm = widget_module("activity_browser")
    _css = widget_css("trainer")  # shared with the session planner

    activities = traitlets.List(traitlets.Dict()).tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)
    shown = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(
        self,
        workbook: str,
        activity: str,
        *,
        library: list[Activity] | None = None,
        journal: Journal | None = None,
    ) -> None:
        library = planner.library(library)
        self._library = {a.id: a for a in library}
        super().__init__(activities=[activity_card(a) for a in library])
        self._setup_answers(workbook, activity, journal)
        self.observe(lambda _change: self._refilter(), names="answers")
        self._refilter()

    def valid(self, item: str, value: Any) -> bool:
        return (
            item == FILTERS
            and isinstance(value, dict)
            and set(value) == set(NO_FILTERS)
            and _whole(value["group"], 200)
            and _whole(value["minutes"], 480)
            and isinstance(value["touch_free"], bool)
            and isinstance(value["online"], bool)
        )

    @property
    def filters(self) -> dict[str, Any]:
        return dict(self.answers.get(FILTERS) or NO_FILTERS)

    def set_filters(self, **changes: Any) -> None:
        """What the page does when a filter changes; also handy in tests and papermill."""
        self.answers = {**self.answers, FILTERS: {**self.filters, **changes}}

    def _refilter(self) -> None:

        f = self.filters
        self.shown = [
            a.id
            for a in self._library.values()
            if planner.matches(
                a, group=f["group"], minutes=f["minutes"], touch_free=f["touch_free"], online=f["online"]
            )
        ]
