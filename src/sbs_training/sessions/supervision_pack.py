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
from typing import Any, Literal

from sbs_training.documents import Block, Document, Heading, ItemList, Paragraph, Section, items, to_html, to_markdown
from sbs_training.errors import UserError
from sbs_training.selfcare import checkin_rules, checkin_trend
from sbs_training.selfcare import plan as selfcare_plan
from sbs_training.sessions import debrief_records
from sbs_training.store.journal import Journal

DEFAULT_DAYS = 28
"""Without dates, the pack covers the last four weeks."""

PARTS = ("checkins", "plan")
"""Optional parts beside the debriefs: the check-in trend and the self-care plan."""


@dataclass(frozen=True)
class Pack:
    since: date
    until: date
    debriefs: list[debrief_records.DebriefView]
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
    info = debrief_records.content()
    wanted = set(debrief_ids) if debrief_ids is not None else None
    views = [
        debrief_records.read(journal, facts, info)
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
    """'from Thursday 5 December 2019 to Wednesday 1 January 2020', or 'on Thursday 5 December 2019'."""
    since, until = debrief_records.say_day(pack.since), debrief_records.say_day(pack.until)
    return f"on {since}" if pack.since == pack.until else f"from {since} to {until}"


INTRO = (
    "Debriefs written after real group sessions, for supervision. Members are not named here; "
    "please keep this pack as private as the sessions it describes."
)


def _empty(pack: Pack) -> str:
    return f"No debriefs {_span(pack)}."


def _session(view: debrief_records.DebriefView, info: Any) -> Section:
    facts = view.facts
    cycle = info.cycle(facts.cycle)
    tags = "; ".join(f"{label}: {', '.join(names)}" for label, names in debrief_records.tag_labels(facts.tags, info))
    blocks: list[Block] = [
        Heading(f"Session of {debrief_records.say_day(facts.session_date)}"),
        Paragraph(f"{cycle.name}, after {cycle.credit}." + (f" {tags}." if tags else ""), cls="facts", emphasis=True),
    ]
    for label, text in view.parts(info):
        written = Paragraph(text, cls="text") if text.strip() else Paragraph("Not written.", cls="empty", emphasis=True)
        blocks += [Heading(label, 3), written]
    return Section(blocks)


def pack_document(pack: Pack) -> Document:
    info = debrief_records.content()
    blocks: list[Block] = [Paragraph(f"{_span(pack)[0].upper()}{_span(pack)[1:]}. {INTRO}", cls="intro")]
    if pack.empty:
        blocks.append(Paragraph(_empty(pack), cls="empty"))
    blocks += [_session(view, info) for view in pack.debriefs]
    if pack.checkin_lines:
        blocks.append(Section([Heading("Check-in trend"), ItemList(items(pack.checkin_lines))]))
    if pack.plan:
        answers: list[Block] = []
        for question, text in pack.plan:
            answers += [Heading(question, 3), Paragraph(text, cls="text")]
        blocks.append(Section([Heading("My self-care plan"), *answers]))
    return Document("Supervision pack", blocks, style="supervision_pack")


def pack_markdown(pack: Pack) -> str:
    return to_markdown(pack_document(pack))


def pack_html(pack: Pack) -> str:
    return to_html(pack_document(pack))


def file_name(since: date, until: date, fmt: str) -> str:
    return f"supervision-pack-{since.isoformat()}-to-{until.isoformat()}.{fmt}"
