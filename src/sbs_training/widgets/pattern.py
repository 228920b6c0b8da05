"""PatternSummary: what the trainee's own scenario choices add up to, drawn on the triangles.

It reads the move logs the ScenarioPlayers saved (so it works the same on a
first visit, after a reload, and on another day) and, on the page, refreshes
whenever a player records a choice. It also seeds a reflection prompt with
the result. It saves nothing itself; the reflection box does.
"""

from __future__ import annotations

from html import escape
from itertools import count
from typing import Any

import ipywidgets

from sbs_training.scenarios.choice_pattern import Pattern, pattern_from_moves, reflection_lead, summary_lines
from sbs_training.scenarios.triangles import triangles_html
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget

_ids = count()


class PatternSummary(JournalWidget, ipywidgets.HTML):
    """The pattern in sentences and on the triangles; updates ``reflection``'s prompt if given."""

    redraw_on = frozenset({"answers"})

    def __init__(
        self,
        workbook: str,
        scenario_ids: list[str],
        *,
        reflection: Any = None,
        prompt: str = "",
        journal: Journal | None = None,
    ) -> None:
        super().__init__()
        self.add_class("sbs-pattern")
        self.scenario_ids = list(scenario_ids)
        self.reflection = reflection
        self.prompt = prompt
        self.pattern = Pattern()
        self._uid = f"sbs-pattern-{next(_ids)}"
        self._status = ""
        self._html = ""
        self._setup_journal(workbook, "pattern", journal)
        self.observe(self._guard, names="value")

    def restore(self) -> None:
        wanted = set(self.scenario_ids)
        moves = {
            a.activity: a.value
            for a in self.journal.answers(self.workbook)
            if a.item == "moves" and a.activity in wanted
        }
        self.pattern = pattern_from_moves(moves)
        self._status = ""
        self._render()
        if self.reflection is not None:
            lead = reflection_lead(self.pattern)
            self.reflection.prompt = f"{lead} {self.prompt}".strip() if lead else self.prompt

    def say(self, text: str) -> None:
        self._status = text
        self._render()

    def _render(self) -> None:
        lines = "".join(f"<p>{escape(line)}</p>" for line in summary_lines(self.pattern))
        drawing = triangles_html(dict(self.pattern.first), uid=self._uid)
        status = f'<p class="sbs-status" role="status">{escape(self._status)}</p>'
        style = "font-size:1rem;line-height:1.5;color:#1a1a1a;max-width:44rem"
        self._html = f'<div class="sbs-pattern-summary" style="{style}">{lines}{drawing}{status}</div>'
        self.value = self._html

    def _guard(self, change: dict) -> None:
        """The page may set any synced value: only the kernel's own summary is shown."""
        if change["new"] != self._html:
            self.value = self._html
