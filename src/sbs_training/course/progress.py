"""Where a trainee is in the course, worked out from the journal each time: never stored, so never out of step.

``progress(course, facts)`` takes the course file (what counts as done) and the
journal's ``ProgressFacts`` (one read; no reflection's words) and says, for
each workbook, *not started*, *started* or *done* (with the day it was done),
which workbook was visited last, and which scenario endings were reached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sbs_training.content import load
from sbs_training.content.course import Course, CourseWorkbook
from sbs_training.store.journal import SKIPPED, Answer, ProgressFacts, Visit

Status = Literal["not started", "started", "done"]

Items = Callable[[str, str], set[str]]
"""(kind, id) -> the ids that must all be answered: a sort's statements, a card set's cards."""


def content_items(kind: str, activity: str) -> set[str]:
    """The ids a sort or card set asks about, from the content (each file parsed once per process)."""
    model = load(kind, activity)
    return {item.id for item in (model.items if kind == "sorts" else model.cards)}


def day(stamp: str) -> date:
    """A journal timestamp as the trainee's own calendar day."""
    return datetime.fromisoformat(stamp).astimezone().date()


@dataclass(frozen=True)
class WorkbookProgress:
    id: str
    status: Status
    done_on: date | None = None
    """The day the last thing it asks for was first done."""
    missing: int = 0
    """How many of the things it asks for are still to do."""


@dataclass(frozen=True)
class Progress:
    workbooks: dict[str, WorkbookProgress]
    last_visited: str | None
    """The workbook whose visit started most recently (trainee or trainer), if any."""
    endings: list[tuple[str, str]]
    """(scenario id, ending id) for every ending reached at least once, sorted."""

    def done(self) -> list[WorkbookProgress]:
        return [w for w in self.workbooks.values() if w.status == "done"]


def _reached(value: Any) -> list[tuple[str, str]]:
    """(ending id, when) for every move in a scenario's move log that reached an ending."""
    if not isinstance(value, list):
        return []
    return [
        (m["ending"], str(m.get("at") or ""))
        for m in value
        if isinstance(m, dict) and isinstance(m.get("ending"), str) and m["ending"]
    ]


def _workbook(
    entry: CourseWorkbook,
    facts: ProgressFacts,
    answers: dict[tuple[str, str], dict[str, Answer]],
    visits: dict[str, Visit],
    active: set[str],
    items: Items,
) -> WorkbookProgress:
    done = entry.done
    when: list[str] = []  # the moment each required thing was first done
    missing = 0
    for prompt in done.reflections:
        written = facts.written.get((entry.id, prompt))
        skipped = answers.get((entry.id, SKIPPED), {}).get(prompt)
        if written:
            when.append(written)
        elif skipped is not None and skipped.value is True:
            when.append(skipped.updated_at)
        else:
            missing += 1
    for kind, key in (("sorts", "placed"), ("cards", "choice")):
        for activity in getattr(done, kind):
            need = items(kind, activity)
            got = {
                item: a.updated_at
                for item, a in answers.get((entry.id, activity), {}).items()
                if isinstance(a.value, dict) and a.value.get(key)
            }
            if need and need <= set(got):
                when.append(max(got[i] for i in need))
            else:
                missing += 1
    for scenario in done.scenarios:
        moves = answers.get((entry.id, scenario), {}).get("moves")
        reached = _reached(moves.value) if moves else []
        if reached:
            when.append(min((at for _, at in reached if at), default=moves.updated_at))
        else:
            missing += 1
    visit = visits.get(entry.id)
    for wanted, stamps in ((done.checkin, facts.checkins), (done.debrief, facts.debriefs)):
        if wanted:
            if stamps:
                when.append(min(stamps))
            else:
                missing += 1
    if done.opened:
        if visit:
            when.append(visit.first_at)
        else:
            missing += 1
    if missing == 0:
        return WorkbookProgress(entry.id, "done", day(max(when)) if when else None)
    touched = visit is not None or bool(when) or entry.id in active
    return WorkbookProgress(entry.id, "started" if touched else "not started", missing=missing)


def activities(course: Course) -> set[str]:
    """The answer activities progress reads (``Journal.progress_facts`` decodes only these, and move logs)."""
    return {SKIPPED} | {a for w in course.workbooks for a in (*w.done.sorts, *w.done.cards)}


def progress(course: Course, facts: ProgressFacts, items: Items = content_items) -> Progress:
    """Every workbook's status, the last one visited and the endings reached, from one read of the journal."""
    answers: dict[tuple[str, str], dict[str, Answer]] = {}
    for a in facts.answers:
        answers.setdefault((a.workbook, a.activity), {})[a.item] = a
    visits = {v.workbook: v for v in reversed(facts.visits)}
    active = {wb for wb, _ in facts.written} | facts.answered
    workbooks = {entry.id: _workbook(entry, facts, answers, visits, active, items) for entry in course.workbooks}
    endings = sorted(
        {
            (activity, ending)
            for (_, activity), by_item in answers.items()
            if "moves" in by_item
            for ending, _ in _reached(by_item["moves"].value)
        }
    )
    return Progress(workbooks, facts.visits[0].workbook if facts.visits else None, endings)
