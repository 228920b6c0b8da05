"""PositionsOverTime: the corners noticed in real sessions, beside the corners chosen in scenarios.

A second view of *Your pattern*: the scenario choices come from the scenario
players' move logs, the real sessions from the debriefs' position tags. Both
are positions a facilitator stepped into, never labels for anyone.
"""

from __future__ import annotations

from html import escape

import ipywidgets

from sbs_training.content.roles import ROLES
from sbs_training.scenarios.choice_pattern import counts_phrase, pattern_from_moves
from sbs_training.sessions import debrief_records
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget


class PositionsOverTime(JournalWidget, ipywidgets.VBox):
    def __init__(self, workbook: str = debrief_records.WORKBOOK, *, journal: Journal | None = None) -> None:
        super().__init__()
        self.add_class("sbs-positions")
        self.add_class("sbs-widget")
        self.view = ipywidgets.HTML()
        self.status_line = ipywidgets.HTML('<p class="sbs-status" role="status" aria-live="polite"></p>')
        self.button = ipywidgets.Button(description="Bring this view up to date")
        self.button.on_click(lambda _b: self.refresh())
        self.children = [self.view, self.button, self.status_line]
        self._setup_journal(workbook, "positions", journal)

    def say(self, text: str) -> None:
        super().say(text)
        self.status_line.value = f'<p class="sbs-status" role="status" aria-live="polite">{escape(text)}</p>'

    @property
    def value(self) -> str:
        return self.view.value

    @value.setter
    def value(self, html: str) -> None:
        self.view.value = html

    def restore(self) -> None:
        moves = {f"{a.workbook}/{a.activity}": a.value for a in self.journal.answers() if a.item == "moves"}
        scenario = pattern_from_moves(moves).first
        real = debrief_records.positions_over_time(self.journal)
        totals = debrief_records.position_counts(self.journal)
        rows = "".join(
            f"<tr><th scope='row'>{escape(ROLES[r].label)}</th>"
            f"<td>{scenario.get(r, 0)}</td><td>{totals.get(r, 0)}</td></tr>"
            for r in ROLES
        )
        table = (
            "<table class='sbs-positions-table'><caption>Positions: scenario choices and real sessions</caption>"
            "<thead><tr><th scope='col'>Position</th><th scope='col'>First choices in scenarios</th>"
            f"<th scope='col'>Noticed in real sessions</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        said = []
        if sum(scenario.values()):
            said.append(f"In the scenarios: {counts_phrase(scenario)}.")
        if real:
            said.append(f"In your real sessions: {counts_phrase(totals)}.".replace(" moves", ""))
            timeline = "".join(
                f"<li>{escape(debrief_records.say_day(day))}: "
                f"{escape(', '.join(ROLES[p].name for p in picked if p in ROLES))}</li>"
                for day, picked in real
            )
            said_html = "".join(f"<p>{escape(s)}</p>" for s in said)
            self.value = f"{said_html}{table}<p><strong>Session by session</strong></p><ul>{timeline}</ul>"
        else:
            said.append("No debrief is tagged with a position yet. Tag one above and it appears here.")
            self.value = "".join(f"<p>{escape(s)}</p>" for s in said) + table

    def refresh(self) -> None:
        with self.saving():
            self.restore()
            self.say("Up to date.")
