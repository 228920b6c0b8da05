"""Session planning without widgets: the arithmetic, the warnings and the printable plan.

A plan is plain JSON (it is saved in the journal as an answer):

    {"title": "Week 1", "minutes": 90, "group": 6,
     "items": [{"activity": "opening-round-safety", "touch_free": false},
               {"break": 10}, ...]}

Timings come from the activity library as ranges. The timeline plans with the
*longer* end of each range, because groups nearly always take longer than
hoped; the quicker total is shown beside it. Everything a browser sends is
checked by ``clean_plan`` before it is used or saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sbs_training.content import load_all
from sbs_training.content.activities import Activity
from sbs_training.documents import (
    Block,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Section,
    Table,
    items,
    to_html,
    to_markdown,
)
from sbs_training.store.journal import clean_text

MIN_SESSION, MAX_SESSION = 10, 480
MAX_GROUP = 200
MAX_ITEMS = 40
MAX_BREAK = 120
MAX_TITLE = 120
DEFAULT_PLAN: dict[str, Any] = {"title": "My session", "minutes": 90, "group": 8, "items": []}


@dataclass(frozen=True)
class Slot:
    """One line of the timeline."""

    index: int
    title: str
    start: int
    end: int
    low: int
    high: int
    activity: Activity | None = None
    touch_free: bool = False

    @property
    def is_break(self) -> bool:
        return self.activity is None


@dataclass(frozen=True)
class PlanWarning:
    code: str
    """Stable, for tests and styling: over-time, group-too-small, no-opening, no-closing, touch, ..."""
    level: str
    """"warning" (fix before the session) or "note" (worth knowing)."""
    text: str
    index: int | None = None


def library(chosen: list[Activity] | None = None) -> list[Activity]:
    """The activities to offer: those given (tests, galleries), else every file in exercises/activities/."""
    if chosen is not None:
        return chosen

    return load_all("activities")


def _int(value: Any, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}")
    return value


def clean_plan(value: Any, known: Iterable[str]) -> dict[str, Any]:
    """A well-formed copy of a plan, or ValueError saying what is wrong with it."""

    if not isinstance(value, dict) or set(value) - {"title", "minutes", "group", "items"}:
        raise ValueError("a plan has a title, minutes, group and items")
    title = value.get("title", "")
    if not isinstance(title, str):
        raise ValueError("the title must be text")
    title = clean_text(title)[0]  # not stripped: the trainer may be typing a space
    if len(title) > MAX_TITLE:
        raise ValueError(f"the title is longer than {MAX_TITLE} characters")
    minutes = _int(value.get("minutes"), MIN_SESSION, MAX_SESSION, "the session length")
    group = _int(value.get("group"), 1, MAX_GROUP, "the group size")
    items = value.get("items", [])
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise ValueError(f"a plan holds at most {MAX_ITEMS} items")
    known = set(known)
    cleaned: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict) and set(item) == {"break"}:
            cleaned.append({"break": _int(item["break"], 1, MAX_BREAK, "a break")})
        elif isinstance(item, dict) and set(item) <= {"activity", "touch_free"} and "activity" in item:
            if item["activity"] not in known:
                raise ValueError(f"there is no activity called {item['activity']!r}")
            touch_free = item.get("touch_free", False)
            if not isinstance(touch_free, bool):
                raise ValueError("touch_free must be true or false")
            cleaned.append({"activity": item["activity"], "touch_free": touch_free})
        else:
            raise ValueError("each item is an activity or a break")
    return {"title": title, "minutes": minutes, "group": group, "items": cleaned}


def timeline(plan: Mapping[str, Any], activities: Mapping[str, Activity]) -> list[Slot]:
    """Each item with its start and end minute, planning with the longer end of each range."""
    slots: list[Slot] = []
    clock = 0
    for index, item in enumerate(plan["items"]):
        if "break" in item:
            length = item["break"]
            slots.append(Slot(index, "Break", clock, clock + length, length, length))
        else:
            activity = activities[item["activity"]]
            low, high = activity.timing.low, activity.timing.high
            slots.append(
                Slot(index, activity.title, clock, clock + high, low, high, activity, bool(item.get("touch_free")))
            )
            length = high
        clock += length
    return slots


def totals(slots: list[Slot]) -> tuple[int, int]:
    """The quickest and the longest the plan could take, in minutes."""
    return sum(s.low for s in slots), sum(s.high for s in slots)


def clock(minute: int) -> str:
    """Minutes from the start as h:mm, e.g. 75 -> '1:15'."""
    return f"{minute // 60}:{minute % 60:02d}"


def _names(activities: Iterable[Activity], phase: str) -> str:
    titles = [a.title for a in activities if phase in a.phases]
    return ", ".join(titles[:2])


def warnings(plan: Mapping[str, Any], activities: Mapping[str, Activity]) -> list[PlanWarning]:
    """What to fix (or know) before running this plan with a real group."""
    slots = timeline(plan, activities)
    found: list[PlanWarning] = []
    length, group = plan["minutes"], plan["group"]
    low, high = totals(slots)
    if high > length:
        if low > length:
            text = (
                f"This plan is over time: even at its quickest it takes {low} minutes, "
                f"{low - length} more than your {length}-minute session. Take an activity out."
            )
        else:
            text = (
                f"This plan may run over: it takes {low} to {high} minutes, and your session is {length}. "
                f"Take something out, or be ready to cut a debrief short."
            )
        found.append(PlanWarning("over-time", "warning", text))
    done = [s for s in slots if not s.is_break]
    if done:
        first, last = done[0].activity, done[-1].activity
        assert first is not None and last is not None
        if "opening" not in first.phases:
            found.append(
                PlanWarning(
                    "no-opening",
                    "warning",
                    "This plan has no opening. Start with an opening activity so people can arrive and settle "
                    f"(for example: {_names(activities.values(), 'opening')}).",
                )
            )
        if "closing" not in last.phases:
            found.append(
                PlanWarning(
                    "no-closing",
                    "warning",
                    "This plan has no closing. End with a closing round so people leave settled and know "
                    f"what comes next (for example: {_names(activities.values(), 'closing')}).",
                )
            )
    for slot in done:
        activity = slot.activity
        assert activity is not None
        if group < activity.group.minimum:
            found.append(
                PlanWarning(
                    "group-too-small",
                    "warning",
                    f"{activity.title} needs at least {activity.group.minimum} people and your group has {group}. "
                    "Choose another activity, or join with another group for it.",
                    slot.index,
                )
            )
        elif not activity.group.ideal[0] <= group <= activity.group.ideal[1]:
            ideal_low, ideal_high = activity.group.ideal
            found.append(
                PlanWarning(
                    "group-size",
                    "note",
                    f"{activity.title} works best with {ideal_low} to {ideal_high} people; your group has {group}.",
                    slot.index,
                )
            )
        if activity.touch and not slot.touch_free:
            found.append(
                PlanWarning(
                    "touch",
                    "warning",
                    f"{activity.title} involves touch. Plan to offer its touch-free version, "
                    "so everyone can take part without touching anyone: "
                    f"{activity.adaptations.touch_free}",
                    slot.index,
                )
            )
    if done and high <= length - 15:
        found.append(
            PlanWarning(
                "spare-time",
                "note",
                f"You have about {length - high} minutes spare: room for a break, a longer debrief, or a slower start.",
            )
        )
    return found


def matches(
    activity: Activity,
    *,
    group: int | None = None,
    minutes: int | None = None,
    touch_free: bool = False,
    online: bool = False,
) -> bool:
    """Whether an activity suits the browser's filters (None or False means 'any')."""
    if group is not None and group < activity.group.minimum:
        return False
    if minutes is not None and activity.timing.low > minutes:
        return False
    if touch_free and activity.touch:
        return False
    return not (online and not activity.works_online)


# -- the printable plan ---------------------------------------------------------------


def _minutes(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


def _activity_notes(slot: Slot) -> Section:
    a = slot.activity
    assert a is not None
    touch_free: list[Block] = (
        [Heading("Touch-free version (planned)", 3), Paragraph(a.adaptations.touch_free)] if slot.touch_free else []
    )
    return Section(
        [
            Heading(f"{clock(slot.start)} {a.title}"),
            Paragraph(a.purpose),
            Paragraph(
                f"Brief {a.timing.brief} min, do {a.timing.do} min, debrief {a.timing.debrief} min. "
                f"At least {a.group.minimum} people, ideally {a.group.ideal[0]} to {a.group.ideal[1]}.",
                cls="facts",
            ),
            Heading("Preparation", 3),
            Paragraph(a.preparation),
            Heading("Space", 3),
            Paragraph(a.space),
            Heading("Steps", 3),
            ItemList(items(a.steps), numbered=True),
            *touch_free,
            Heading("Debrief questions", 3),
            ItemList(items(a.debrief_questions)),
            Heading("Safety", 3),
            ItemList(items(a.safety)),
            Paragraph(f"Source: {a.source}.", cls="facts"),
        ],
        cls="activity",
    )


def plan_document(plan: Mapping[str, Any], activities: Mapping[str, Activity]) -> Document:
    """The whole plan: timeline, things to check, then each activity's notes."""
    slots = timeline(plan, activities)
    low, high = totals(slots)
    blocks: list[Block] = [
        Paragraph(
            f"Session length: {plan['minutes']} minutes. Group size: {plan['group']} people. "
            f"This plan takes {_minutes(low, high)} minutes.",
            cls="facts",
        ),
        Table(
            ["Time", "What", "Minutes"],
            [
                [
                    f"{clock(s.start)} to {clock(s.end)}",
                    s.title + (" (touch-free version)" if s.touch_free else ""),
                    _minutes(s.low, s.high),
                ]
                for s in slots
            ],
            cls="timeline",
        ),
    ]
    found = warnings(plan, activities)
    if found:
        checks = [f"{'Warning' if w.level == 'warning' else 'Note'}: {w.text}" for w in found]
        blocks += [Heading("Things to check"), ItemList(items(checks), cls="warnings")]
    blocks += [_activity_notes(slot) for slot in slots if slot.activity is not None]
    return Document(plan["title"].strip() or "Session plan", blocks, style="session_plan")


def plan_html(plan: Mapping[str, Any], activities: Mapping[str, Activity]) -> str:
    """The plan as one print-ready page."""
    return to_html(plan_document(plan, activities))


def plan_markdown(plan: Mapping[str, Any], activities: Mapping[str, Activity]) -> str:
    return to_markdown(plan_document(plan, activities))
