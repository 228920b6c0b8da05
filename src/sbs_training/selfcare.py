"""Self-care check-ins: what they ask, how answers are checked, and what they show over time.

Plain functions on plain data, so every rule here is testable without a
browser: checking a check-in that arrived from the page, the four-week trend
(with stretches without check-ins shown as gaps, never as failures), the
gentle note when recent check-ins look heavy, the text summary that sits
beside the plot for screen readers, the plot itself (an inline SVG, no
plotting library), the one-page self-care plan and the calendar reminder.

The questions are content (``exercises/checkins/*.yaml``, model
``CheckinForm``); the widgets that show them live in ``widgets/checkin.py``.
The functions at the end are what the workbook notebook calls.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from html import escape
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from sbs_training.content.base import ContentModel, Id, unique
from sbs_training.documents import css, printable_page
from sbs_training.errors import UserError
from sbs_training.journal import Checkin, Journal, clean_text

WORKBOOK = "06-self-care-check-in"
FORM = "self-care"
WINDOW_DAYS = 28
"""The trend shows four weeks at a time."""
GAP_DAYS = 14
"""More days than this between check-ins is a gap: longer than the fortnightly reminder."""
RECENT_DAYS = 14
"""Check-ins this recent count towards the heavy-note rule."""
LOW = 2
"""On a scale, this value or below is low (1 and 2 of 5)."""
HEAVY_MEASURES = ("energy", "capacity")
NOTE_MAX = 2000
MAX_PERIODS_BACK = 130
"""How far back the trend can page: about ten years of four-week views."""
PLAN_PROMPTS = ("keeps-me-well", "early-signs", "who-i-can-talk-to", "what-i-say-no-to", "one-small-thing")
"""The self-care plan: reflection prompts of the self-care workbook, in plan order."""
REMINDER_EVERY = {"weekly": 1, "fortnightly": 2}
"""Reminder choices and their interval in weeks."""


# -- content model ---------------------------------------------------------------------

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class ScaleQuestion(ContentModel):
    """A question answered on a short scale, hardest first (saved as 1) to easiest (saved as len)."""

    id: Id
    name: str = Field(min_length=2, max_length=40)
    question: str = Field(min_length=5, max_length=300)
    labels: list[Label] = Field(min_length=3, max_length=7)


class ChoiceOption(ContentModel):
    id: Id
    label: Label


class ChoiceQuestion(ContentModel):
    id: Id
    name: str = Field(min_length=2, max_length=40)
    question: str = Field(min_length=5, max_length=300)
    multiple: bool = False
    alone: Id | None = None
    """For a multiple choice: the option that can't be combined with others ("none")."""
    options: list[ChoiceOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> ChoiceQuestion:
        unique("option", [o.id for o in self.options])
        if self.alone is not None:
            if not self.multiple:
                raise ValueError("alone only makes sense with multiple: true")
            if self.alone not in {o.id for o in self.options}:
                raise ValueError(f"alone {self.alone!r} is not one of the options")
        return self


class NoteField(ContentModel):
    label: str = Field(min_length=3, max_length=200)
    hint: str = ""


class HeavyNote(ContentModel):
    intro: str = Field(min_length=10)
    advice: str = Field(min_length=10)
    ideas: list[str] = Field(min_length=1)


class CheckinForm(ContentModel):
    """exercises/checkins/<id>.yaml: a check-in of our own wording, and what the page says around it."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=120)
    intro: str = ""
    scales: list[ScaleQuestion] = Field(min_length=1)
    choices: list[ChoiceQuestion] = []
    note: NoteField
    welcome_back: str = Field(min_length=10)
    """Shown after a gap; ``{last}`` becomes the date of the last check-in."""
    welcome_return: str = Field(min_length=10)
    thanks: str = Field(min_length=5)
    heavy_note: HeavyNote

    @model_validator(mode="after")
    def _consistent(self) -> CheckinForm:
        unique("question", [s.id for s in self.scales] + [c.id for c in self.choices])
        missing = [m for m in HEAVY_MEASURES if m not in {s.id for s in self.scales}]
        if missing:
            raise ValueError(f"scales must include {', '.join(missing)} (the heavy-note rule reads them)")
        if "{last}" not in self.welcome_back:
            raise ValueError("welcome_back must contain {last} (the date of the last check-in)")
        return self

    def scale(self, scale_id: str) -> ScaleQuestion | None:
        return next((s for s in self.scales if s.id == scale_id), None)


def load_form(form_id: str = FORM) -> CheckinForm:
    from sbs_training.content import load

    return load("checkins", form_id)


# -- checking what the page sent ---------------------------------------------------------


def clean_checkin(form: CheckinForm, data: object, note: object = "") -> tuple[dict[str, Any], str]:
    """Check a check-in from the browser; return it in canonical form or raise a one-sentence UserError.

    Voila lets a page send anything, so every value is checked against the
    form: known questions only, scale values inside the scale, options that
    exist, and a note of bounded length. Unanswered questions are left out.
    """
    if not isinstance(data, dict):
        raise UserError("The check-in didn't arrive as expected, so it wasn't saved; please try again.")
    scales = {s.id: s for s in form.scales}
    choices = {c.id: c for c in form.choices}
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or (key not in scales and key not in choices):
            raise UserError("The check-in included a question this page doesn't ask, so it wasn't saved.")
        if value is None:
            continue
        if key in scales:
            scale = scales[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(scale.labels):
                raise UserError(f"The answer for {scale.name} isn't one of its choices, so the check-in wasn't saved.")
            clean[key] = value
            continue
        choice = choices[key]
        known = {o.id for o in choice.options}
        if not choice.multiple:
            if not isinstance(value, str) or value not in known:
                raise UserError(f"The answer for {choice.name} isn't one of its choices, so the check-in wasn't saved.")
            clean[key] = value
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value):
            raise UserError(f"The answer for {choice.name} isn't one of its choices, so the check-in wasn't saved.")
        picked = [o.id for o in choice.options if o.id in value]  # content order, no repeats
        if choice.alone in picked and len(picked) > 1:
            alone = next(o.label for o in choice.options if o.id == choice.alone)
            raise UserError(
                f"“{alone}” can't go with other answers for {choice.name}; choose one or the other, then save again."
            )
        if picked:
            clean[key] = picked
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise UserError("The note didn't arrive as text, so the check-in wasn't saved; please try again.")
    note, _ = clean_text(note)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise UserError(
            f"The note is longer than {NOTE_MAX:,} characters, so the check-in wasn't saved; please shorten it."
        )
    if not clean and not note:
        raise UserError("Choose at least one answer, or write a note, before saving.")
    order = [s.id for s in form.scales] + [c.id for c in form.choices]
    return {k: clean[k] for k in order if k in clean}, note


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
    today = today or date.today()
    span = f"{say_day(view.start, today)} to {say_day(view.end, today)}"
    if not view.checkins:
        return [f"No check-ins from {span}."] + [
            f"A break from check-ins from {say_day(a, today)} to {say_day(b, today)}." for a, b in view.gaps
        ]
    n, d = view.checkins, view.days
    lines = [f"From {span}: {n} check-in{'s' if n != 1 else ''} on {d} day{'s' if d != 1 else ''}."]
    for series in view.series:
        pts = series.points
        if not pts:
            continue
        if len(pts) <= 7:
            said = ", then ".join(f"{describe(p.value, series.labels)} on {say_day(p.day, today)}" for p in pts)
            lines.append(f"{series.name}: {said}.")
        else:
            low = min(pts, key=lambda p: p.value)
            high = max(pts, key=lambda p: p.value)
            lines.append(
                f"{series.name}, on {len(pts)} days: first {describe(pts[0].value, series.labels)} on "
                f"{say_day(pts[0].day, today)}, latest {describe(pts[-1].value, series.labels)} on "
                f"{say_day(pts[-1].day, today)}; lowest {describe(low.value, series.labels)}, "
                f"highest {describe(high.value, series.labels)}."
            )
    for choice in form.choices:
        counts = view.choices.get(choice.id)
        if counts:
            said = ", ".join(f"{o.label} {_times(counts[o.id])}" for o in choice.options if counts[o.id])
            lines.append(f"{choice.name}: {said}.")
    for a, b in view.gaps:
        lines.append(f"A break from check-ins from {say_day(a, today)} to {say_day(b, today)}.")
    return lines


# -- welcome back and the heavy note ------------------------------------------------------


def welcome(form: CheckinForm, checkins: Sequence[Checkin], now: datetime | None = None) -> str:
    """After a gap, a welcome back; never a count of what was missed."""
    now = now or datetime.now(UTC)
    stamps = sorted(moment(c.at) for c in checkins)
    if not stamps:
        return ""
    last = stamps[-1]
    if now - last > timedelta(days=GAP_DAYS):
        return form.welcome_back.replace("{last}", say_day(last.astimezone().date(), now.astimezone().date()))
    if len(stamps) >= 2 and last - stamps[-2] > timedelta(days=GAP_DAYS) and now - last <= timedelta(days=1):
        return form.welcome_return
    return ""


def looks_heavy(form: CheckinForm, checkins: Sequence[Checkin], now: datetime | None = None) -> bool:
    """Whether recent check-ins are low on energy or on room for others.

    Recent means the last three check-ins of the past RECENT_DAYS. It looks
    heavy if the latest answer to either question is low, or two of those
    three are. This only decides whether to show a kind note; it is never a
    label, a score or a judgement about anyone.
    """
    now = now or datetime.now(UTC)
    recent = sorted((c for c in checkins if now - moment(c.at) <= timedelta(days=RECENT_DAYS)), key=lambda c: c.at)
    recent = recent[-3:]
    for measure in HEAVY_MEASURES:
        values = [v for c in recent if (v := scale_value(form, measure, c.data)) is not None]
        if values and (values[-1] <= LOW or sum(v <= LOW for v in values) >= 2):
            return True
    return False


def heavy_note_html(form: CheckinForm) -> str:
    note = form.heavy_note
    ideas = "".join(f"<li>{escape(i)}</li>" for i in note.ideas)
    return (
        '<div class="sbs-heavy" role="note" aria-label="A note for you">'
        f"<p>{escape(note.intro)}</p><p>{escape(note.advice)}</p><ul>{ideas}</ul></div>"
    )


def past_notes(checkins: Sequence[Checkin]) -> list[Checkin]:
    """Check-ins that carry a note, newest first."""
    return sorted((c for c in checkins if c.note.strip()), key=lambda c: c.at, reverse=True)


# -- the plot ---------------------------------------------------------------------------

COLOURS = ("#0b5cad", "#a34400", "#17703f", "#8a3b8f", "#5c5c00", "#b0004f", "#005f73")
DASHES = ("", "8 4", "2 4", "10 4 2 4", "4 4", "1 3", "12 3")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 56, 44


def _marker(shape: int, x: float, y: float, colour: str) -> str:
    s = 4.5
    if shape % 4 == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s}" fill="{colour}"/>'
    if shape % 4 == 1:
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" fill="{colour}"/>'
    if shape % 4 == 2:
        return (
            f'<polygon points="{x:.1f},{y - s - 1:.1f} {x + s + 0.5:.1f},{y + s:.1f} {x - s - 0.5:.1f},{y + s:.1f}"'
            f' fill="{colour}"/>'
        )
    return f'<polygon points="{x:.1f},{y - s - 1:.1f} {x + s + 1:.1f},{y:.1f} {x:.1f},{y + s + 1:.1f} {x - s - 1:.1f},{y:.1f}" fill="{colour}"/>'  # noqa: E501


def trend_svg(view: Trend, labelledby: str) -> str:
    """The trend as an inline SVG: one line per scale, gaps shaded and unjoined.

    Lines differ in colour, dash and marker, so no reader needs colour alone.
    The SVG is a labelled image (``role="img"``); its words come from the
    summary beside it, which ``labelledby`` names.
    """
    top = max((len(s.labels) for s in view.series), default=5)
    span = max((view.end - view.start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    day_w = plot_w / span

    def x(day: date) -> float:
        return LEFT + plot_w * (day - view.start).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - 1)

    out = [
        f'<svg class="sbs-trend-plot" role="img" aria-labelledby="{escape(labelledby)}" focusable="false" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="14">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#8c8c8c"/>',
    ]
    for a, b in view.gaps:
        gx, gw = x(a) - day_w / 2, (b - a).days * day_w + day_w
        gx, gw = max(gx, LEFT), min(gw, LEFT + plot_w - max(gx, LEFT))
        out.append(f'<rect class="sbs-gap" x="{gx:.1f}" y="{TOP}" width="{gw:.1f}" height="{plot_h}" fill="#ececec"/>')
        if gw >= 70:
            out.append(f'<text x="{gx + gw / 2:.1f}" y="{TOP + 16}" text-anchor="middle" fill="#3d3d3d">a break</text>')
    for value in range(1, top + 1):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#d9d9d9"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#3d3d3d">{value}</text>'
        )
    out.append(f'<text x="{LEFT - 8}" y="{TOP - 8}" text-anchor="start" fill="#3d3d3d">higher is easier</text>')
    tick = view.start
    while tick <= view.end:
        out.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}"'
            ' stroke="#595959"/>'
            f'<text x="{x(tick):.1f}" y="{TOP + plot_h + 20}" text-anchor="middle" fill="#1a1a1a">'
            f"{tick.day} {tick:%b}</text>"
        )
        tick += timedelta(days=7)
    legend_x = LEFT
    for n, series in enumerate(view.series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="16" y2="16" stroke="{colour}"'
            f' stroke-width="2.5"{dash_attr}/>'
            + _marker(n, legend_x + 14, 16, colour)
            + f'<text x="{legend_x + 34}" y="20" fill="#1a1a1a">{escape(series.name)}</text>'
        )
        legend_x += 34 + 7.5 * len(series.name) + 22
        nudge = (n - (len(view.series) - 1) / 2) * 2.0  # keep equal values on different lines visible
        for run in series.segments():
            if len(run) > 1:
                points = " ".join(f"{x(p.day):.1f},{y(p.value) + nudge:.1f}" for p in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
                    f' stroke-linejoin="round"{dash_attr}/>'
                )
            out.extend(_marker(n, x(p.day), y(p.value) + nudge, colour) for p in run)
    if not view.checkins:
        out.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" fill="#3d3d3d">'
            "No check-ins in these four weeks</text>"
        )
    out.append("</svg>")
    return "".join(out)


def view_end(periods_back: int, now: datetime | None = None) -> date:
    """The last day of the four-week view ``periods_back`` views before the current one."""
    today = (now or datetime.now(UTC)).astimezone().date()
    return today - timedelta(days=WINDOW_DAYS * periods_back)


# -- the whole "Looking back" section ----------------------------------------------------------


def looking_back_html(
    form: CheckinForm,
    checkins: Sequence[Checkin],
    *,
    uid: str,
    periods_back: int = 0,
    now: datetime | None = None,
) -> str:
    """Welcome back, the heavy note, the plot with its summary, and past notes: all escaped."""
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    view = trend(form, checkins, view_end(periods_back, now), today=today)
    parts = []
    greeting = welcome(form, checkins, now)
    if greeting:
        parts.append(f'<p class="sbs-welcome">{escape(greeting)}</p>')
    if periods_back == 0 and looks_heavy(form, checkins, now):
        parts.append(heavy_note_html(form))
    if not checkins:
        parts.append(
            '<p class="sbs-trend-empty">Once you have saved a check-in, it shows here, '
            "with a picture of how things have moved over four weeks.</p>"
        )
    caption = f"Your check-ins from {say_day(view.start, today)} to {say_day(view.end, today)}"
    summary = "".join(f"<li>{escape(line)}</li>" for line in trend_summary(form, view, today))
    parts.append(
        f'<figure class="sbs-trend"><figcaption id="{uid}-caption">{escape(caption)}</figcaption>'
        f'<div class="sbs-trend-body">{trend_svg(view, f"{uid}-caption {uid}-summary")}'
        f'<div class="sbs-trend-summary"><p class="sbs-trend-summary-title">In words</p>'
        f'<ul id="{uid}-summary">{summary}</ul></div></div></figure>'
    )
    notes = past_notes(checkins)
    if notes:
        items = "".join(
            f'<li><span class="sbs-when">{escape(say_moment(c.at))}</span>'
            f'<span class="sbs-note-text">{escape(c.note)}</span></li>'
            for c in notes[:50]
        )
        more = f"<p>Your {len(notes) - 50} older notes are in your journal download.</p>" if len(notes) > 50 else ""
        parts.append(
            f'<h3 class="sbs-notes-title">Your notes, newest first</h3><ul class="sbs-notes">{items}</ul>{more}'
        )
    return "".join(parts)


# -- the self-care plan ----------------------------------------------------------------------


def plan_items(journal: Journal, workbook: str = WORKBOOK) -> list[tuple[str, str]]:
    """(question, what the trainee wrote) for each part of the plan, in plan order."""
    from sbs_training.content import load

    prompts = load("prompts", workbook)
    items = []
    for prompt_id in PLAN_PROMPTS:
        saved = journal.get_reflection(workbook, prompt_id)
        items.append((prompts.get(prompt_id).text, saved.text if saved else ""))
    return items


def _full_day(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def plan_markdown(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    made = made or date.today()
    lines = ["# My self-care plan", "", f"Written in Side by Side Training. Downloaded {_full_day(made)}.", ""]
    for question, text in items:
        lines += [f"## {question}", "", text.strip() or "*Not written yet.*", ""]
    return "\n".join(lines)


PLAN_CSS = css("selfcare_plan")


def plan_html(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    """The plan as one printable page, built like every other document (``sbs_training.documents``)."""
    made = made or date.today()
    body = [f'<p class="made">Written in Side by Side Training. Downloaded {_full_day(made)}.</p>']
    for question, text in items:
        answer = escape(text.strip()) if text.strip() else '<span class="empty">Not written yet.</span>'
        body.append(f'<section><h2>{escape(question)}</h2><p class="answer">{answer}</p></section>')
    return printable_page("My self-care plan", "".join(body), PLAN_CSS)


# -- the calendar reminder ----------------------------------------------------------------------

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
