"""Page functions for the scenarios: players, the pattern summary and the triangles drawing.

The only place scenario widgets are put together for notebooks
(``from sbs_training.pages.scenarios import scenario_players``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets
from IPython.display import HTML

from sbs_training.content import load
from sbs_training.content.scenarios import Scenario, load_scenario, load_scenarios
from sbs_training.pages.workbook import Workbook
from sbs_training.scenarios.triangles import triangles_html
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import journal_changed
from sbs_training.widgets.pattern import PatternSummary
from sbs_training.widgets.reflection import ReflectionBox
from sbs_training.widgets.scenario import ScenarioPlayer


class ScenarioBlock(ipywidgets.VBox):
    """A scenario's player above its reflection; both kept by name for the page, the gallery and tests."""

    def __init__(self, player: ScenarioPlayer, reflection: ReflectionBox) -> None:
        super().__init__([player, reflection])
        self.player = player
        self.reflection = reflection
        self.add_class("sbs-scenario-block")


class PatternBlock(ipywidgets.VBox):
    """The pattern summary above the reflection it seeds; both kept by name."""

    def __init__(self, summary: PatternSummary, reflection: ReflectionBox) -> None:
        super().__init__([summary, reflection])
        self.summary = summary
        self.reflection = reflection


def scenario_block(wb: Workbook, scenario: Scenario, *, journal: Journal | None = None) -> ScenarioBlock:
    """A player and its reflection; the reflection appears once an ending has been reached."""
    player = ScenarioPlayer(wb.id, scenario, journal=journal)
    reflection = ReflectionBox(
        wb.id,
        scenario.reflection_id,
        scenario.reflection.text,
        hint=scenario.reflection.hint,
        journal=journal,
    )

    def reveal(p: ScenarioPlayer) -> None:
        reflection.layout.display = None if p.finished else "none"

    player.on_change(reveal)
    player.on_change(lambda _p: journal_changed("answers"))
    reveal(player)
    return ScenarioBlock(player, reflection)


def scenario(wb: Workbook, scenario_id: str, *, journal: Journal | None = None) -> ScenarioBlock:
    """One scenario by id, whichever workbook it belongs to (the gallery shows one this way)."""
    return scenario_block(wb, load_scenario(scenario_id), journal=journal)


def scenario_players(wb: Workbook, folder: Path | None = None, *, journal: Journal | None = None) -> ipywidgets.VBox:
    """Every scenario file for this workbook, in file-name order: adding a file adds a scenario."""
    scenarios, refused = load_scenarios(wb.id, folder)
    children: list[Any] = [scenario_block(wb, s, journal=journal) for s in scenarios]
    if refused:
        children.append(ipywidgets.HTML(_refused_html(refused)))
    box = ipywidgets.VBox(children)
    box.add_class("sbs-scenarios")
    return box


def _refused_html(refused: list[str]) -> str:
    items = "".join(f"<li>{escape(r)}</li>" for r in refused)
    return (
        '<div class="sbs-note" role="note"><strong>For your trainer:</strong> some scenario files '
        f"could not be shown. <code>sbs-training check-content</code> lists every problem.<ul>{items}</ul></div>"
    )


def pattern_summary(
    wb: Workbook,
    folder: Path | None = None,
    *,
    scenario_ids: list[str] | None = None,
    prompts: str | None = None,
    journal: Journal | None = None,
) -> PatternBlock:
    """The pattern summary and its seeded reflection (prompt ``my-pattern`` in the prompts file).

    ``scenario_ids`` defaults to every scenario of this workbook; ``prompts``
    names the prompts file to take ``my-pattern`` from (default: this workbook's).
    """
    if scenario_ids is None:
        scenario_ids = [s.id for s in load_scenarios(wb.id, folder)[0]]
    prompt = load("prompts", prompts or wb.id).get("my-pattern")
    reflection = ReflectionBox(wb.id, prompt.id, prompt.text, hint=prompt.hint, journal=journal)
    summary = PatternSummary(wb.id, scenario_ids, reflection=reflection, prompt=prompt.text, journal=journal)
    return PatternBlock(summary, reflection)


def triangles(wb: Workbook) -> Any:
    """The teaching drawing of both triangles, for a workbook cell."""

    return HTML(triangles_html(uid=f"sbs-triangles-{wb.id}"))
