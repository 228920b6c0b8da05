"""Check-ins over time: the four-week trend, its gaps, and the trend said in words.

Plain arithmetic on plain data, testable without a browser. Stretches without
check-ins are gaps, never failures; the summary in sentences sits beside the
plot (``checkin_chart``) for screen readers and anyone who prefers words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sbs_training.content.checkins import CheckinForm
from sbs_training.store.journal import Checkin

WINDOW_DAYS = 28
"""The trend shows four weeks at a time."""
GAP_DAYS = 14
"""More days than this between check-ins is a gap: longer than the fortnightly reminder."""
MAX_PERIODS_BACK = 130
"""How far back the trend can page: about ten years of four-week views."""


def scale_value(form: CheckinForm, scale_id: str, data: dict[str, Any]) -> int | None:
    """A stored scale answer if it is valid for the form (imports may hold anything), else None."""
    scale = form.scale(scale_id)
    value = data.get(scale_id) if isinstance(data, dict) else None
    if scale is None or isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= len(scale.labels) else None


# -- time ------------------------------------------------------------------------------


def moment(stamp: str) -> datetime:
    parsed = datetime.fromisoformat(stamp)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def local_day(stamp: str, tz: tzinfo | None = None) -> date:
    """The calendar day a check-in belongs to, in the trainee's time zone."""
    return moment(stamp).astimezone(tz).date()


def say_day(day: date, today: date | None = None) -> str:
    """'3 March', or '3 March 2025' when not this year."""
    today = today or date.today()
    text = f"{day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def day_teller(start: date, end: date, today: date | None = None) -> Callable[[date], str]:
    """How to say every day of a view: without years when all of it is this year, else each with its year.

    One rule for the whole view, so a view across New Year never reads "5 December 2019 to 1 January".
    """
    today = today or date.today()
    if start.year == end.year == today.year:
        return lambda day: f"{day.day} {day:%B}"
    return lambda day: f"{day.day} {day:%B} {day.year}"


def say_span(start: date, end: date, today: date | None = None) -> str:
    """'from 3 March to 28 March', 'from 5 December 2019 to 1 January 2020', or 'on 3 March' for one day."""
    say = day_teller(start, end, today)
    return f"on {say(start)}" if start == end else f"from {say(start)} to {say(end)}"


def say_moment(stamp: str, tz: tzinfo | None = None) -> str:
    when = moment(stamp).astimezone(tz)
    return f"{say_day(when.date())}, {when:%H:%M}"


# -- trend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    """The day's answer; the average if there were several check-ins that day."""
    count: int


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    labels: tuple[str, ...]
    points: tuple[Point, ...]

    def segments(self) -> list[list[Point]]:
        """Runs of points close enough to join with a line; a gap breaks the line."""
        runs: list[list[Point]] = []
        for point in self.points:
            if runs and (point.day - runs[-1][-1].day).days <= GAP_DAYS:
                runs[-1].append(point)
            else:
                runs.append([point])
        return runs


@dataclass(frozen=True)
class Trend:
    start: date
    end: date
    series: tuple[Series, ...]
    gaps: tuple[tuple[date, date], ...]
    """Stretches of more than GAP_DAYS without a check-in (first and last empty day), inside the view."""
    checkins: int
    days: int
    choices: dict[str, Counter[str]]
    """For each choice question, how often each option was chosen in the view."""


def find_gaps(days: Sequence[date], start: date, end: date, today: date | None = None) -> list[tuple[date, date]]:
    """Stretches longer than GAP_DAYS between check-in days (or since the last one), clipped to the view.

    Days before the very first check-in are not a gap: nothing had started yet.
    The stretch since the last check-in runs to ``today`` (default: ``end``),
    so an earlier view also shows the start of a break that is still going on.
    """
    found: list[tuple[date, date]] = []
    ordered = sorted(set(days))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if (b - a).days > GAP_DAYS:
            found.append((a + timedelta(days=1), b - timedelta(days=1)))
    until = today or end
    if ordered and (until - ordered[-1]).days > GAP_DAYS:
        found.append((ordered[-1] + timedelta(days=1), until))
    clipped = [(max(a, start), min(b, end)) for a, b in found]
    return [(a, b) for a, b in clipped if a <= b]


def trend(
    form: CheckinForm,
    checkins: Iterable[Checkin],
    end: date,
    *,
    days: int = WINDOW_DAYS,
    tz: tzinfo | None = None,
    today: date | None = None,
) -> Trend:
    """Each scale's daily values over the ``days`` ending on ``end``, with the gaps between check-ins."""
    start = end - timedelta(days=days - 1)
    every_day: list[date] = []
    in_view: dict[date, list[Checkin]] = {}
    for checkin in checkins:
        day = local_day(checkin.at, tz)
        every_day.append(day)
        if start <= day <= end:
            in_view.setdefault(day, []).append(checkin)
    series = []
    for scale in form.scales:
        points = []
        for day in sorted(in_view):
            values = [v for c in in_view[day] if (v := scale_value(form, scale.id, c.data)) is not None]
            if values:
                points.append(Point(day, round(sum(values) / len(values), 2), len(values)))
        series.append(Series(scale.id, scale.name, tuple(scale.labels), tuple(points)))
    choices: dict[str, Counter[str]] = {}
    for choice in form.choices:
        counts: Counter[str] = Counter()
        known = {o.id for o in choice.options}
        for day_checkins in in_view.values():
            for checkin in day_checkins:
                value = checkin.data.get(choice.id)
                picked = value if isinstance(value, list) else [value]
                counts.update(v for v in picked if isinstance(v, str) and v in known)
        choices[choice.id] = counts
    return Trend(
        start=start,
        end=end,
        series=tuple(series),
        gaps=tuple(find_gaps(every_day, start, end, today)),
        checkins=sum(len(v) for v in in_view.values()),
        days=len(in_view),
        choices=choices,
    )


def describe(value: float, labels: Sequence[str]) -> str:
    """A value in words first, number second: 'Low (2 of 5)'; a day's average falls between two words."""
    n = len(labels)
    if value == int(value):
        return f"{labels[int(value) - 1]} ({int(value)} of {n})"
    low, high = int(value), int(value) + 1
    return f"between {labels[low - 1]} and {labels[high - 1]} ({value:.1f} of {n})"


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def trend_summary(form: CheckinForm, view: Trend, today: date | None = None) -> list[str]:
    """The plot in sentences, for screen readers and for anyone who prefers words."""
    say = day_teller(view.start, view.end, today)
    span = say_span(view.start, view.end, today)
    breaks = [f"A break from check-ins from {say(a)} to {say(b)}." for a, b in view.gaps]
    if not view.checkins:
        return [f"No check-ins {span}.", *breaks]
    n, d = view.checkins, view.days
    lines = [f"{span[0].upper()}{span[1:]}: {n} check-in{'s' if n != 1 else ''} on {d} day{'s' if d != 1 else ''}."]
    for series in view.series:
        pts = series.points
        if not pts:
            continue
        if len(pts) <= 7:
            said = ", then ".join(f"{describe(p.value, series.labels)} on {say(p.day)}" for p in pts)
            lines.append(f"{series.name}: {said}.")
        else:
            low = min(pts, key=lambda p: p.value)
            high = max(pts, key=lambda p: p.value)
            lines.append(
                f"{series.name}, on {len(pts)} days: first {describe(pts[0].value, series.labels)} on "
                f"{say(pts[0].day)}, latest {describe(pts[-1].value, series.labels)} on "
                f"{say(pts[-1].day)}; lowest {describe(low.value, series.labels)}, "
                f"highest {describe(high.value, series.labels)}."
            )
    for choice in form.choices:
        counts = view.choices.get(choice.id)
        if counts:
            said = ", ".join(f"{o.label} {_times(counts[o.id])}" for o in choice.options if counts[o.id])
            lines.append(f"{choice.name}: {said}.")
    return lines + breaks


def view_end(periods_back: int, now: datetime | None = None) -> date:
    """The last day of the four-week view ``periods_back`` views before the current one."""
    today = (now or datetime.now(UTC)).astimezone().date()
    return today - timedelta(days=WINDOW_DAYS * periods_back)
