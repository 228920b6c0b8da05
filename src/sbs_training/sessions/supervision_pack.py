"""The supervision pack: debriefs from a date range, ready to print or share with a supervisor.

One builder (``build_pack``) serves both the workbook's download buttons and
``sbs-training supervision``, so the page and the command line always make the
same pack. Every word a trainee wrote is escaped for the format it lands in.

An empty range is not an error: the pack is still a valid page that says there
were no debriefs between those dates (a supervisor may ask for the check-in
trend alone), and the command line says so on stderr.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from sbs_training.documents import css, escape, markdown_lines, markdown_text, printable_page
from sbs_training.errors import UserError
from sbs_training.selfcare import checkin_rules, checkin_trend
from sbs_training.selfcare import plan as selfcare_plan
from sbs_training.sessions import debrief
from sbs_training.store.journal import Journal

DEFAULT_DAYS = 28
"""Without dates, the pack covers the last four weeks."""

PARTS = ("checkins", "plan")
"""Optional parts beside the debriefs: the check-in trend and the self-care plan."""


@dataclass(frozen=True)
class Pack:
    since: date
    until: date
    debriefs: list[debrief.DebriefView]
    checkin_lines: list[str] = field(default_factory=list)
    plan: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.debriefs


def default_range(today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def check_range(since: date, until: date) -> None:
    if since > until:
        raise UserError(
            f"The start date {since.isoformat()} is after the end date {until.isoformat()}; swap them and try again."
        )


def gather(
    journal: Journal,
    since: date,
    until: date,
    *,
    debrief_ids: Iterable[str] | None = None,
    parts: Iterable[str] = PARTS,
) -> Pack:
    """What goes in: the chosen debriefs of the range (all of them if none named) and the chosen parts."""
    check_range(since, until)
    info = debrief.content()
    wanted = set(debrief_ids) if debrief_ids is not None else None
    views = [
        debrief.read(journal, facts, info)
        for facts in journal.debriefs(since.isoformat(), until.isoformat())
        if wanted is None or facts.id in wanted
    ]
    parts = set(parts)
    lines: list[str] = []
    plan: list[tuple[str, str]] = []
    if "checkins" in parts:
        form = checkin_rules.load_form()
        view = checkin_trend.trend(form, journal.checkins(), until, days=(until - since).days + 1, today=until)
        lines = checkin_trend.trend_summary(form, view, today=until)
    if "plan" in parts:
        plan = [(q, t) for q, t in selfcare_plan.plan_items(journal) if t.strip()]
    return Pack(since, until, views, lines, plan)


def build_pack(
    journal: Journal,
    since: date,
    until: date,
    fmt: Literal["html", "md"] = "html",
    *,
    debrief_ids: Iterable[str] | None = None,
    parts: Iterable[str] = PARTS,
) -> str:
    """The pack as a printable HTML page or as Markdown: the one builder for the page and the CLI."""
    pack = gather(journal, since, until, debrief_ids=debrief_ids, parts=parts)
    if fmt == "html":
        return pack_html(pack)
    if fmt == "md":
        return pack_markdown(pack)
    raise UserError(f"Unknown pack format {fmt!r}; choose html or md.")


def _span(pack: Pack) -> str:
    return f"{debrief.say_day(pack.since)} to {debrief.say_day(pack.until)}"


INTRO = (
    "Debriefs written after real group sessions, for supervision. Members are not named here; "
    "please keep this pack as private as the sessions it describes."
)


def _empty(pack: Pack) -> str:
    return f"No debriefs from {_span(pack)}."


def pack_markdown(pack: Pack) -> str:

    info = debrief.content()
    lines = ["# Supervision pack", "", f"From {_span(pack)}. {INTRO}", ""]
    if pack.empty:
        lines += [_empty(pack), ""]
    for view in pack.debriefs:
        facts = view.facts
        lines += [f"## Session of {debrief.say_day(facts.session_date)}", ""]
        lines += [
            f"*{markdown_text(info.cycle(facts.cycle).name)}, after {markdown_text(info.cycle(facts.cycle).credit)}*",
            "",
        ]
        for label, names in debrief.tag_labels(facts.tags, info):
            lines.append(f"- {markdown_text(label)}: {markdown_text(', '.join(names))}")
        if facts.tags:
            lines.append("")
        for label, text in view.parts(info):
            lines += [f"**{markdown_text(label)}**", "", markdown_lines(text) if text.strip() else "*Not written.*", ""]
    if pack.checkin_lines:
        lines += ["## Check-in trend", ""] + [f"- {markdown_text(line)}" for line in pack.checkin_lines] + [""]
    if pack.plan:
        lines += ["## My self-care plan", ""]
        for question, text in pack.plan:
            lines += [f"**{markdown_text(question)}**", "", markdown_lines(text), ""]
    return "\n".join(lines)


PACK_CSS = css("supervision_pack")


def pack_html(pack: Pack) -> str:

    info = debrief.content()
    body = [f'<p class="intro">From {escape(_span(pack))}. {escape(INTRO)}</p>']
    if pack.empty:
        body.append(f'<p class="empty">{escape(_empty(pack))}</p>')
    for view in pack.debriefs:
        facts = view.facts
        cycle = info.cycle(facts.cycle)
        tags = "; ".join(f"{label}: {', '.join(names)}" for label, names in debrief.tag_labels(facts.tags, info))
        body.append(
            f"<section><h2>Session of {escape(debrief.say_day(facts.session_date))}</h2>"
            f'<p class="facts">{escape(cycle.name)}, after {escape(cycle.credit)}.'
            f"{' ' + escape(tags) + '.' if tags else ''}</p>"
        )
        for label, text in view.parts(info):
            shown = (
                f'<p class="text">{escape(text.strip())}</p>' if text.strip() else '<p class="empty">Not written.</p>'
            )
            body.append(f"<h3>{escape(label)}</h3>{shown}")
        body.append("</section>")
    if pack.checkin_lines:
        items = "".join(f"<li>{escape(line)}</li>" for line in pack.checkin_lines)
        body.append(f"<section><h2>Check-in trend</h2><ul>{items}</ul></section>")
    if pack.plan:
        body.append("<section><h2>My self-care plan</h2>")
        body += [f'<h3>{escape(q)}</h3><p class="text">{escape(t.strip())}</p>' for q, t in pack.plan]
        body.append("</section>")
    return printable_page("Supervision pack", "".join(body), PACK_CSS)


def file_name(since: date, until: date, fmt: str) -> str:
    return f"supervision-pack-{since.isoformat()}-to-{until.isoformat()}.{fmt}"
