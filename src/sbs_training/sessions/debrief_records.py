"""Debriefs after a real group session: what they are made of, and how they are read back.

A debrief is one row of facts in the journal (the session's date, the
reflective cycle chosen, the quick tags) plus its words, saved as ordinary
reflections of the workbook ``13-after-a-session`` under the prompt ids
``debrief-<id>-<part>``. Keeping the words as reflections means *My journal*
lists, searches, edits and restores them, and every earlier version is kept,
with no second store for text. Switching cycle deletes nothing: each part of
each cycle has its own prompt id, so words typed under one cycle are still
there when the trainee switches back.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sbs_training.errors import UserError
from sbs_training.store.journal import Debrief, Journal

WORKBOOK = "13-after-a-session"
CONTENT = "after-a-session"
PREFIX = "debrief-"


def content() -> Any:
    """The cycles, tags and themes (``exercises/debrief/after-a-session.yaml``)."""
    from sbs_training.content import load  # on first use: pydantic would slow `sbs-training export`

    return load("debrief", CONTENT)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def prompt_id(debrief_id: str, part: str) -> str:
    return f"{PREFIX}{debrief_id}-{part}"


def parse_day(value: object) -> date:
    """A session date from the page or the command line; one clear sentence if it can't be read."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(
            f"{str(value)!r} is not a date this can read; write it as YYYY-MM-DD, e.g. 2026-11-03."
        ) from None


def say_day(day: date | str) -> str:
    day = parse_day(day)
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def part_label(part_label: str, session_date: str) -> str:
    """The label saved with a part's words, so exports and My journal say which session it was."""
    return f"Session of {say_day(session_date)}. {part_label}"


def tag_labels(tags: dict[str, Any], info: Any = None) -> list[tuple[str, list[str]]]:
    """(group label, chosen option labels) for each group with something chosen, in content order."""
    info = info or content()
    out = []
    for group in info.tags:
        chosen = tags.get(group.id) or []
        chosen = [chosen] if isinstance(chosen, str) else chosen
        names = [o.label for o in group.options if o.id in chosen]
        if names:
            out.append((group.label, names))
    return out


def describe_facts(session_date: str, cycle: str, tags: dict[str, Any]) -> str:
    """One line: the session's date, the cycle used and the tags, for exports and the pack."""
    info = content()
    line = f"Session of {say_day(session_date)}, {info.cycle(cycle).name}, after {info.cycle(cycle).credit}"
    said = "; ".join(f"{label}: {', '.join(names)}" for label, names in tag_labels(tags, info))
    return line + (f". {said}." if said else ".")


def clean_tags(tags: object, info: Any = None) -> dict[str, Any]:
    """Keep only tags the content knows (the page can send anything); a single-choice group keeps one."""
    info = info or content()
    if not isinstance(tags, dict):
        return {}
    out: dict[str, Any] = {}
    for group in info.tags:
        value = tags.get(group.id)
        known = {o.id for o in group.options}
        picked = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        picked = [p for p in picked if isinstance(p, str) and p in known]
        if picked:
            out[group.id] = picked[0] if group.single else sorted(set(picked), key=[o.id for o in group.options].index)
    return out


@dataclass(frozen=True)
class DebriefView:
    """A debrief with its words: for every part of every cycle, whatever was written."""

    facts: Debrief
    texts: dict[str, str]

    def parts(self, info: Any = None) -> list[tuple[str, str]]:
        """(label, text) of the chosen cycle's parts, then any words written under another cycle."""
        info = info or content()
        chosen = info.cycle(self.facts.cycle)
        out = [(p.label, self.texts.get(p.id, "")) for p in chosen.parts]
        for other in info.cycles:
            if other.id != chosen.id:
                out += [
                    (f"{p.label} (written under the {other.name.split(':')[0].lower()})", t)
                    for p in other.parts
                    if (t := self.texts.get(p.id, ""))
                ]
        return out


def read(journal: Journal, facts: Debrief, info: Any = None) -> DebriefView:
    info = info or content()
    texts = {}
    for cycle in info.cycles:
        for part in cycle.parts:
            saved = journal.get_reflection(WORKBOOK, prompt_id(facts.id, part.id))
            if saved is not None and saved.text.strip():
                texts[part.id] = saved.text
    return DebriefView(facts, texts)


def theme_links(tags: dict[str, Any], info: Any = None) -> list[tuple[str, str]]:
    """(text, link) to the workbook sections on the themes this debrief was tagged with."""
    info = info or content()
    wanted: list[str] = []
    for group in info.tags:
        value = tags.get(group.id)
        picked = [value] if isinstance(value, str) else value or []
        if not picked:
            continue
        themes = [o.theme or group.theme for o in group.options if o.id in picked]
        wanted += [t for t in themes if t not in wanted]
    return [(t.text, t.link) for t in info.themes if t.id in wanted]


def positions_over_time(journal: Journal) -> list[tuple[str, list[str]]]:
    """(session date, positions noticed) for every debrief that tagged any, oldest first."""
    out = []
    for facts in journal.debriefs():
        picked = facts.tags.get("positions") or []
        if isinstance(picked, list) and picked:
            out.append((facts.session_date, [p for p in picked if isinstance(p, str)]))
    return out


def position_counts(journal: Journal) -> Counter[str]:
    return Counter(p for _, picked in positions_over_time(journal) for p in picked)


def reminder(meeting_day: date, at: time = time(10, 0), *, today: date | None = None) -> str:
    """A weekly calendar reminder for the day after the group meets (the self-care reminder's code)."""
    from sbs_training.selfcare.calendar_reminder import reminder_ics

    today = today or date.today()
    first = meeting_day + timedelta(days=1)
    while first <= today:
        first += timedelta(weeks=1)
    return reminder_ics(
        "weekly",
        at,
        first=first,
        summary="Debrief after your group",
        description=(
            "A few minutes to make sense of yesterday's session. Open Side by Side Training and go to "
            "After a session. No names or identifying details, please."
        ),
    )
