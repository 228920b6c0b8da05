"""ScenarioPlayer: play a branching scenario from data, one decision at a time.

The page only ever *asks* (choose this choice, go back, start again) with a
message; the kernel checks the request against the scenario and the current
position, records it, and sends back the route. So nothing the page sends is
trusted, and a stale or forged request changes nothing.

Saved as journal answers for (workbook, scenario id):
- ``route``: the choices on the way to where the trainee is now (for resume);
- ``moves``: every choice ever made here, in order, with its role and time.
  Going back or starting again shortens the route but never the moves, so the
  trainee's pattern (sbs_training.scenarios) counts what they really chose.

There are no timers: the trainee reads at their own pace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from sbs_training.content.scenarios import Scenario, load_scenarios
from sbs_training.errors import UserError
from sbs_training.journal import Journal, now
from sbs_training.scenarios import ROLES
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import saved_at, widget_module

_HERE = Path(__file__).parent
MAX_MOVES = 1000
"""The move log keeps the latest this many choices per scenario (far more than anyone plays)."""


def _display(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the page needs it: plain dicts, role names spelled out."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "content_note": scenario.content_note,
        "setting": scenario.setting,
        "start": scenario.start,
        "debrief": scenario.debrief,
        "nodes": {
            node.id: {
                "text": node.text,
                "choices": [
                    {
                        "id": c.id,
                        "text": c.text,
                        "role": c.role,
                        "role_label": ROLES[c.role].label,
                        "role_name": ROLES[c.role].name,
                        "happens": c.feedback.happens,
                        "coaching": c.feedback.coaching,
                        "next": c.next,
                    }
                    for c in node.choices
                ],
            }
            for node in scenario.nodes
        },
        "endings": {e.id: {"title": e.title, "text": e.text} for e in scenario.endings},
    }


class ScenarioPlayer(AnswerWidget, anywidget.AnyWidget):
    """One scenario, resumable; ``choose``/``back``/``restart`` are what the page's buttons ask for."""

    _esm = widget_module("scenario")
    _css = (_HERE / "kit.css").read_text(encoding="utf-8") + (_HERE / "scenario.css").read_text(encoding="utf-8")

    scenario = traitlets.Dict().tag(sync=True)
    route = traitlets.List(traitlets.Dict()).tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    """Goes up after every request the kernel has handled, so the page knows to move focus."""
    answers = traitlets.Dict()  # not synced: only the kernel changes it, after checking

    def __init__(self, workbook: str, scenario: Scenario, *, journal: Journal | None = None) -> None:
        self.content = scenario
        self._showing = False
        super().__init__(scenario=_display(scenario))
        self.on_msg(self._on_message)
        self.observe(self._guard, names=["scenario", "route"])
        self._listeners: list[Any] = []
        self._setup_answers(workbook, scenario.id, journal)
        self._show()

    # -- state ------------------------------------------------------------------------

    def _replay(self, steps: Any) -> int:
        """How many leading steps of a saved route still make sense for this scenario."""
        if not isinstance(steps, list):
            return 0
        node = self.content.node(self.content.start)
        for n, step in enumerate(steps):
            if node is None or not isinstance(step, dict) or step.get("node") != node.id:
                return n
            choice = node.choice(step.get("choice")) if isinstance(step.get("choice"), str) else None
            if choice is None:
                return n
            node = self.content.node(choice.next)
        return len(steps)

    def valid(self, item: str, value: Any) -> bool:
        if item == "route":
            return isinstance(value, list) and self._replay(value) == len(value)
        if item == "moves":
            return isinstance(value, list) and all(
                isinstance(m, dict)
                and isinstance(m.get("node"), str)
                and isinstance(m.get("choice"), str)
                and m.get("role") in ROLES
                for m in value
            )
        return False

    def restore(self) -> None:
        saved = {a.item: a for a in self.journal.answers(self.workbook, self.key)}
        answers: dict[str, Any] = {}
        moves = saved.get("moves")
        if moves is not None and self.valid("moves", moves.value):
            answers["moves"] = moves.value
        route = saved.get("route")
        if route is not None:
            # A scenario file may have changed since: keep the part of the route that still fits.
            answers["route"] = route.value[: self._replay(route.value)] if isinstance(route.value, list) else []
        self.answers = answers
        if saved:
            latest = max(a.updated_at for a in saved.values())
            where = "at the ending you reached" if self.ending_id else "where you left off"
            self.say(f"Welcome back: you're {where} (last saved {saved_at(latest)}).")

    @property
    def steps(self) -> list[dict[str, str]]:
        return list(self.answers.get("route", []))

    @property
    def moves(self) -> list[dict[str, str]]:
        return list(self.answers.get("moves", []))

    @property
    def position(self) -> str:
        """The id of the node or ending the trainee is at now."""
        steps = self.steps
        if not steps:
            return self.content.start
        node = self.content.node(steps[-1]["node"])
        choice = node.choice(steps[-1]["choice"]) if node else None
        return choice.next if choice else self.content.start

    @property
    def ending_id(self) -> str | None:
        position = self.position
        return position if self.content.ending(position) else None

    @property
    def finished(self) -> bool:
        """Whether the trainee has ever reached an ending here (starting again doesn't undo that)."""
        endings = {e.id for e in self.content.endings}
        for move in self.moves:
            node = self.content.node(move.get("node", ""))
            choice = node.choice(move.get("choice", "")) if node else None
            if choice and choice.next in endings:
                return True
        return False

    def _show(self) -> None:
        self._showing = True
        try:
            with self.hold_sync():
                self.route = self.steps
                self.revision += 1
        finally:
            self._showing = False
        for listener in list(self._listeners):
            listener(self)

    def _guard(self, change: dict) -> None:
        """The page may set any synced value: put back anything the kernel didn't set."""
        if self._showing:
            return
        self._showing = True
        try:
            if change["name"] == "scenario":
                self.scenario = _display(self.content)
            else:
                self.route = self.steps
        finally:
            self._showing = False

    def on_change(self, listener: Any) -> None:
        """Call ``listener(player)`` after every recorded choice, back or restart."""
        self._listeners.append(listener)

    # -- what the page asks for ---------------------------------------------------------

    def choose(self, choice_id: str) -> bool:
        """Take a choice at the current decision point; returns False (and says why) if it isn't one."""
        node = self.content.node(self.position)
        choice = node.choice(choice_id) if node and isinstance(choice_id, str) else None
        if choice is None:
            self.say("That choice isn't available at this point, so nothing changed.")
            self._show()
            return False
        step = {"node": node.id, "choice": choice.id, "role": choice.role}
        moves = [*self._saved_moves(), {**step, "at": now()}][-MAX_MOVES:]
        self.answers = {**self.answers, "route": [*self.steps, step], "moves": moves}
        self._show()
        return True

    def _saved_moves(self) -> list[dict[str, str]]:
        """The move log as the journal holds it now: another tab may have added to it meanwhile."""
        try:
            saved = [a.value for a in self.journal.answers(self.workbook, self.key) if a.item == "moves"]
        except UserError:
            return self.moves  # the save that follows will explain the problem
        return list(saved[0]) if saved and self.valid("moves", saved[0]) else []

    def back(self) -> bool:
        """Undo the last step of the route (the choice stays in the move log)."""
        if not self.steps:
            self.say("You're at the start already.")
            self._show()
            return False
        self.answers = {**self.answers, "route": self.steps[:-1]}
        self._show()
        return True

    def restart(self) -> None:
        """Back to the beginning; what was chosen before still counts in the pattern."""
        self.answers = {**self.answers, "route": []}
        self._show()

    def _on_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        if not isinstance(content, dict):
            return
        action = content.get("action")
        at = content.get("at")
        if action in ("choose", "back") and at != self.position:
            # A request made on an out-of-date page (another tab, a double press): ignore it.
            self.say("The scenario had moved on, so that request was ignored; here is where you are now.")
            self._show()
            return
        if action == "choose":
            self.choose(content.get("choice"))  # type: ignore[arg-type]
        elif action == "back":
            self.back()
        elif action == "restart":
            self.restart()


def scenario_block(workbook: Any, scenario: Scenario, *, journal: Journal | None = None) -> Any:
    """A player and its reflection; the reflection appears once an ending has been reached."""
    import ipywidgets

    from sbs_training.widgets.pattern import refresh_patterns
    from sbs_training.widgets.reflection import ReflectionBox

    workbook_id = getattr(workbook, "id", workbook)
    player = ScenarioPlayer(workbook_id, scenario, journal=journal)
    reflection = ReflectionBox(
        workbook_id,
        scenario.reflection_id,
        scenario.reflection.text,
        hint=scenario.reflection.hint,
        journal=journal,
    )

    def reveal(p: ScenarioPlayer) -> None:
        reflection.layout.display = None if p.finished else "none"

    player.on_change(reveal)
    player.on_change(lambda _p: refresh_patterns(workbook_id))
    reveal(player)
    block = ipywidgets.VBox([player, reflection])
    block.add_class("sbs-scenario-block")
    block.player = player  # type: ignore[attr-defined]
    block.reflection = reflection  # type: ignore[attr-defined]
    return block


def scenario_players(workbook: Any, folder: Path | None = None, *, journal: Journal | None = None) -> Any:
    """Every scenario file for this workbook, in file-name order: adding a file adds a scenario."""
    import ipywidgets

    workbook_id = getattr(workbook, "id", workbook)
    scenarios, refused = load_scenarios(workbook_id, folder)
    children: list[Any] = [scenario_block(workbook_id, s, journal=journal) for s in scenarios]
    if refused:
        children.append(ipywidgets.HTML(_refused_html(refused)))
    box = ipywidgets.VBox(children)
    box.add_class("sbs-scenarios")
    return box


def _refused_html(refused: list[str]) -> str:
    from html import escape

    items = "".join(f"<li>{escape(r)}</li>" for r in refused)
    return (
        '<div class="sbs-note" role="note"><strong>For your trainer:</strong> some scenario files '
        f"could not be shown. <code>sbs-training check-content</code> lists every problem.<ul>{items}</ul></div>"
    )
