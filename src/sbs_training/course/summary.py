"""The trainer's summary of the progress cards trainees chose to share: counts only, small ones hidden.

How many trainees finished each workbook, and how many reached each scenario
ending. Any count under ``THRESHOLD`` shows as "fewer than 5", so no one can be
picked out of a small group; there are no per-person rows and no dates. A
trainee who shared more than one card is counted once, from their latest card.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from sbs_training.content import load_all, load_course
from sbs_training.course.card import ProgressCard
from sbs_training.resources import workbook_title

THRESHOLD = 5
HIDDEN = "fewer than 5"


def shown(count: int) -> str:
    """A count as the summary shows it: under the threshold, never the number itself."""
    return HIDDEN if count < THRESHOLD else str(count)


@dataclass(frozen=True)
class Summary:
    trainees: int
    cohorts: list[str]
    workbooks: list[tuple[str, str, int]]
    """(workbook id, title, trainees who finished it), in course order."""
    endings: list[tuple[str, str, int]]
    """(scenario title, ending title, trainees who reached it), in scenario and ending order."""


def latest_per_trainee(cards: list[ProgressCard]) -> list[ProgressCard]:
    """One card per trainee (cohort and pseudonym or name): the one made last."""
    latest: dict[tuple[str, str], ProgressCard] = {}
    for card in cards:
        key = (card.cohort, card.trainee)
        if key not in latest or card.made_on >= latest[key].made_on:
            latest[key] = card
    return list(latest.values())


def summarise(cards: list[ProgressCard]) -> Summary:
    people = latest_per_trainee(cards)
    finished = Counter(done.id for card in people for done in card.workbooks_done)
    reached = Counter((e.scenario, e.ending) for card in people for e in card.scenario_endings)
    workbooks = [(w.id, workbook_title(w.id), finished[w.id]) for w in load_course().workbooks]
    endings = [
        (scenario.title, ending.title, reached[(scenario.id, ending.id)])
        for scenario in load_all("scenarios")
        for ending in scenario.endings
        if any(s == scenario.id for s, _ in reached)
    ]
    return Summary(len(people), sorted({c.cohort for c in people}), workbooks, endings)


def summary_text(summary: Summary) -> str:
    lines = [
        f"Progress cards from {shown(summary.trainees)} trainees"
        + (f" (cohort {', '.join(c or 'not set' for c in summary.cohorts)})" if summary.cohorts else "")
        + f'. Counts under {THRESHOLD} show as "{HIDDEN}".',
        "",
        "Finished each workbook:",
    ]
    width = max((len(title) for _, title, _ in summary.workbooks), default=0)
    lines += [f"  {title.ljust(width)}  {shown(n)}" for _, title, n in summary.workbooks]
    lines += ["", "Scenario endings reached:"]
    if not summary.endings:
        lines.append("  none on these cards")
    for scenario, ending, n in summary.endings:
        lines.append(f"  {scenario}: {ending}  {shown(n)}")
    return "\n".join(lines) + "\n"


def summary_html(summary: Summary) -> str:
    """The same summary as two accessible tables (the trainer workbook shows it)."""
    cohorts = ", ".join(escape(c or "not set") for c in summary.cohorts)
    rows = "".join(
        f"<tr><th scope='row'>{escape(title)}</th><td>{shown(n)}</td></tr>" for _, title, n in summary.workbooks
    )
    endings = "".join(
        f"<tr><th scope='row'>{escape(s)}: {escape(e)}</th><td>{shown(n)}</td></tr>" for s, e, n in summary.endings
    )
    return (
        '<div class="sbs-card-summary">'
        f"<p>Progress cards from <strong>{shown(summary.trainees)}</strong> trainees"
        + (f" (cohort {cohorts})" if cohorts else "")
        + f". Any count under {THRESHOLD} shows as “{HIDDEN}”, so no one can be picked out.</p>"
        "<table><caption>Trainees who finished each workbook</caption>"
        "<thead><tr><th scope='col'>Workbook</th><th scope='col'>Finished</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<table><caption>Scenario endings reached</caption>"
        "<thead><tr><th scope='col'>Scenario: ending</th><th scope='col'>Trainees</th></tr></thead>"
        f"<tbody>{endings or '<tr><td colspan=2>None on these cards.</td></tr>'}</tbody></table></div>"
    )
