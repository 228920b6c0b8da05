"""A repeating calendar reminder as an ``.ics`` file (RFC 5545), for self-care check-ins and debriefs."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sbs_training.errors import UserError

REMINDER_EVERY = {"weekly": 1, "fortnightly": 2}
"""Reminder choices and their interval in weeks."""


_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_reminder(every: object, at: object) -> tuple[str, time]:
    """Check the reminder choices from the page; raise a one-sentence UserError if they are not usable."""
    if not isinstance(every, str) or every not in REMINDER_EVERY:
        raise UserError("Choose weekly or every two weeks, then download the reminder again.")
    match = _TIME.match(at) if isinstance(at, str) else None
    if not match:
        raise UserError("Choose a time of day such as 10:00, then download the reminder again.")
    return every, time(int(match[1]), int(match[2]))


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 section 3.1), never inside a UTF-8 character."""
    out, current, size, limit = [], "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


REMINDER_SUMMARY = "Self-care check-in"
REMINDER_DESCRIPTION = (
    "A few minutes for you. Open Side by Side Training (run sbs-training serve, or use the link "
    "your trainer gave you) and go to Self-care check-ins. No need to catch up: start from today."
)


def reminder_ics(
    every: str,
    at: time,
    *,
    today: date | None = None,
    now: datetime | None = None,
    uid: str | None = None,
    first: date | None = None,
    summary: str = REMINDER_SUMMARY,
    description: str = REMINDER_DESCRIPTION,
) -> str:
    """A repeating calendar reminder (RFC 5545): CRLF lines, a UID, a DTSTAMP and an RRULE.

    The time is "floating" (no time zone), so 10:00 means 10:00 wherever the
    trainee's calendar is. The first reminder is one interval from today unless
    ``first`` names the day (the debrief reminder: the day after the group meets).
    """
    if every not in REMINDER_EVERY:
        raise UserError("Choose weekly or every two weeks.")
    weeks = REMINDER_EVERY[every]
    today = today or date.today()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    start = datetime.combine(first or today + timedelta(weeks=weeks), at)
    rule = "FREQ=WEEKLY" if weeks == 1 else f"FREQ=WEEKLY;INTERVAL={weeks}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Side by Side Training//Self-care check-in//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid or uuid.uuid4()}@sbs-training",
        f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        "DURATION:PT15M",
        f"RRULE:{rule}",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:PT0S",
        f"DESCRIPTION:{_ics_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
