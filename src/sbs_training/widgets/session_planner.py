"""SessionPlanner: build a session from the activity library and see the timeline add up.

The trainer picks a session length and group size, adds activities and
breaks, reorders them, and chooses touch-free versions. Every change is saved
to the journal (one answer per plan), so plans are there next time and a
trainer can keep several. The arithmetic and the warnings live in
``sbs_training.sessions.planner``; this widget only applies actions and shows results.

The page asks for actions by message (``{"type": "add", "activity": ...}``);
each is checked here, and every plan is checked again by ``valid()`` before it
is saved, because Voila lets a page set any synced value.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

from sbs_training.content.activities import Activity
from sbs_training.sessions import planner
from sbs_training.sessions.planner import DEFAULT_PLAN, clean_plan, clock, timeline, totals, warnings
from sbs_training.store.journal import Journal
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import widget_css, widget_module

PLAN_ID = re.compile(r"^plan-[a-z0-9]{1,32}$")
PHASE_ORDER = {"opening": 0, "middle": 1, "closing": 2}


def _new_id() -> str:
    return f"plan-{uuid.uuid4().hex[:10]}"


class SessionPlanner(AnswerWidget, anywidget.AnyWidget):
    _esm = widget_module("session_planner")
    _css = widget_css("trainer")  # shared with the activity browser

    catalogue = traitlets.List(traitlets.Dict()).tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)
    view = traitlets.Dict().tag(sync=True)
    max_title = traitlets.Int(planner.MAX_TITLE).tag(sync=True)
    """The longest plan name the planner keeps, so the name box stops there."""

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
        ordered = sorted(library, key=lambda a: (PHASE_ORDER[a.phases[0]], a.title))
        catalogue = [
            {
                "id": a.id,
                "title": a.title,
                "minutes": f"{a.timing.low}" if a.timing.low == a.timing.high else f"{a.timing.low} to {a.timing.high}",
                "minimum": a.group.minimum,
                "touch": a.touch,
            }
            for a in ordered
        ]
        self.current = _new_id()
        super().__init__(catalogue=catalogue)
        self._setup_answers(workbook, activity, journal)
        self.observe(lambda _change: self._refresh(), names="answers")
        self.on_msg(self._on_msg)
        self._refresh()

    # -- journal ----------------------------------------------------------------

    def restore(self) -> None:
        super().restore()
        saved = [a for a in self.journal.answers(self.workbook, self.key) if a.item in self.answers]
        if saved:
            self.current = max(saved, key=lambda a: a.updated_at).item

    def valid(self, item: str, value: Any) -> bool:
        if not isinstance(item, str) or not PLAN_ID.match(item):
            return False
        try:
            return clean_plan(value, self._library) == value
        except ValueError:
            return False

    # -- the plan being edited ------------------------------------------------------------

    @property
    def plan(self) -> dict[str, Any]:
        return copy.deepcopy(self.answers.get(self.current) or DEFAULT_PLAN)

    def _change(self, edit: Callable[[dict[str, Any]], None]) -> bool:
        plan = self.plan
        try:
            edit(plan)
            cleaned = clean_plan(plan, self._library)
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            self.say(f"That change wasn't made: {exc}.")
            return False
        self.answers = {**self.answers, self.current: cleaned}
        return True

    def new_plan(self) -> str:
        """Start a fresh plan; it is saved as soon as it is changed."""
        self.current = _new_id()
        self._refresh()
        self.say("A new plan: give it a name, a length and a group size. It saves as you go.")
        return self.current

    def open_plan(self, plan_id: str) -> None:
        if plan_id not in self.answers:
            self.say("That plan isn't in your journal.")
            return
        self.current = plan_id
        self._refresh()
        self.say(f"Opened {self.plan['title'].strip() or 'your plan'}.")

    def set_title(self, title: str) -> bool:
        return self._change(lambda p: p.update(title=title))

    def set_length(self, minutes: int) -> bool:
        return self._change(lambda p: p.update(minutes=minutes))

    def set_group(self, people: int) -> bool:
        return self._change(lambda p: p.update(group=people))

    def add(self, activity_id: str, *, touch_free: bool = False) -> bool:
        if activity_id not in self._library:
            self.say("Choose an activity from the list first.")
            return False
        return self._change(lambda p: p["items"].append({"activity": activity_id, "touch_free": touch_free}))

    def add_break(self, minutes: int = 10) -> bool:
        return self._change(lambda p: p["items"].append({"break": minutes}))

    def _index(self, plan: dict[str, Any], index: Any) -> int:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(plan["items"]):
            raise IndexError("there is no such item in the plan")
        return index

    def remove(self, index: int) -> bool:
        return self._change(lambda p: p["items"].pop(self._index(p, index)))

    def move(self, index: int, by: int) -> bool:
        def edit(plan: dict[str, Any]) -> None:
            i = self._index(plan, index)
            j = self._index(plan, i + (1 if by > 0 else -1))
            plan["items"][i], plan["items"][j] = plan["items"][j], plan["items"][i]

        return self._change(edit)

    def set_touch_free(self, index: int, touch_free: bool) -> bool:
        def edit(plan: dict[str, Any]) -> None:
            item = plan["items"][self._index(plan, index)]
            if "activity" not in item:
                raise ValueError("a break has no touch-free version")
            item["touch_free"] = touch_free

        return self._change(edit)

    # -- page messages ------------------------------------------------------------------

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        with self.saving():
            if kind == "new":
                self.new_plan()
            elif kind == "open" and isinstance(content.get("plan"), str):
                self.open_plan(content["plan"])
            elif kind == "title" and isinstance(content.get("value"), str):
                self.set_title(content["value"])
            elif kind in ("minutes", "group"):
                self._set_number(kind, content.get("value"))
            elif kind == "add" and isinstance(content.get("activity"), str):
                self.add(content["activity"])
            elif kind == "break":
                self.add_break(content.get("minutes", 10))
            elif kind == "remove":
                self.remove(content.get("index"))
            elif kind == "move" and content.get("by") in (-1, 1):
                self.move(content.get("index"), content["by"])
            elif kind == "touch_free" and isinstance(content.get("value"), bool):
                self.set_touch_free(content.get("index"), content["value"])

    def _set_number(self, kind: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            what = "session length in minutes" if kind == "minutes" else "number of people"
            self.say(f"Type the {what} as a whole number; nothing was changed yet.")
            return
        (self.set_length if kind == "minutes" else self.set_group)(value)

    # -- what the page shows ------------------------------------------------------------------

    def _refresh(self) -> None:
        plan = self.plan
        slots = timeline(plan, self._library)
        low, high = totals(slots)
        length = plan["minutes"]
        if not slots:
            total = f"Nothing planned yet: you have {length} minutes."
        else:
            quick = f" ({low} at the quickest)" if low != high else ""
            spare = f"{length - high} minutes spare." if high <= length else f"{high - length} minutes over."
            total = f"Planned: {high} of {length} minutes{quick}. {spare}"
        saved = sorted(
            ((pid, p) for pid, p in self.answers.items()),
            key=lambda pair: pair[1]["title"].strip().lower(),
        )
        plans = [{"id": pid, "title": p["title"].strip() or "Untitled plan"} for pid, p in saved]
        if self.current not in self.answers:
            plans.append({"id": self.current, "title": "New plan (not saved yet)"})
        self.view = {
            "current": self.current,
            "plans": plans,
            "title": plan["title"],
            "minutes": length,
            "group": plan["group"],
            "slots": [
                {
                    "index": s.index,
                    "title": s.title,
                    "time": f"{clock(s.start)} to {clock(s.end)}",
                    "minutes": f"{s.low}" if s.low == s.high else f"{s.low} to {s.high}",
                    "break": s.is_break,
                    "touch": bool(s.activity and s.activity.touch),
                    "touch_free": s.touch_free,
                }
                for s in slots
            ],
            "total": total,
            "over": high > length,
            "warnings": [{"code": w.code, "level": w.level, "text": w.text} for w in warnings(plan, self._library)],
        }

    # -- downloads ------------------------------------------------------------------------------

    def as_html(self) -> str:
        return planner.plan_html(self.plan, self._library)

    def as_markdown(self) -> str:
        return planner.plan_markdown(self.plan, self._library)
