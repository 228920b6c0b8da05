"""ScenarioPlayer: play a branching scenario (schema v2) from data, one decision at a time.

The page only ever *asks* (choose this choice, go back, start again) with a
message; the kernel checks the request against the current play
(``sbs_training.scenarios.play.Play``), records it, and sends back ``view``:
just what the page should show now. Choices the state doesn't offer never
reach the page, and a stale or forged request changes nothing.

Saved as journal answers for (workbook, scenario id):
- ``route``: the choices on the way to where the trainee is now (for resume);
- ``seed``: this play's shuffle seed, so a reload shows the same order;
- ``moves``: every choice ever made here, in order, with its role and time.
  Going back or starting again shortens the route but never the moves, so the
  trainee's pattern (``sbs_training.scenarios.choice_pattern``) counts what they really chose.

The state (what the scenario remembers) is never saved: it is recomputed from
the route, so Back and a reload restore it exactly. There are no timers.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.content.roles import ROLES
from sbs_training.content.scenarios import Scenario
from sbs_training.errors import UserError
from sbs_training.scenarios.play import OUTCOME_NAMES, Play, new_seed
from sbs_training.store.journal import Journal, now
from sbs_training.widgets.answers import AnswerWidget
from sbs_training.widgets.base import saved_at, widget_css, widget_module

MAX_MOVES = 1000
"""The move log keeps the latest this many choices per scenario (far more than anyone plays)."""


def _intro(scenario: Scenario) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title,
        "content_note": scenario.content_note,
        "setting": scenario.setting,
        "source": scenario.source,
    }


def view_of(play: Play) -> dict[str, Any]:
    """What the page shows for a play: plain dicts, role names spelled out, nothing it may not show yet."""
    taken = play.taken()
    steps = [{"text": c.text, "role_name": ROLES[c.role].name} for _, c in taken]
    last = None
    if taken:
        choice = taken[-1][1]
        last = {
            "text": choice.text,
            "role": choice.role,
            "role_label": ROLES[choice.role].label,
            "happens": choice.feedback.happens,
            "coaching": choice.feedback.coaching,
        }
    node = play.node
    ending = play.ending
    return {
        "at": f"{len(play.steps)}:{play.position}",
        "steps": steps,
        "last": last,
        "node": None
        if node is None
        else {"text": play.text, "options": [{"id": c.id, "text": c.text} for c in play.options()]},
        "ending": None
        if ending is None
        else {
            "title": ending.title,
            "outcome": ending.outcome,
            "outcome_name": OUTCOME_NAMES[ending.outcome],
            "text": ending.text,
            "recalls": play.recalls,
            "debrief": play.scenario.debrief,
        },
    }


class ScenarioPlayer(AnswerWidget, anywidget.AnyWidget):
    """One scenario, resumable; ``choose``/``back``/``restart`` are what the page's buttons ask for."""

    _esm = widget_module("scenario")
    _css = widget_css("scenario")

    scenario = traitlets.Dict().tag(sync=True)
    view = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    """Goes up after every request the kernel has handled, so the page knows to move focus."""
    answers = traitlets.Dict()  # not synced: only the kernel changes it, after checking

    def __init__(self, workbook: str, scenario: Scenario, *, journal: Journal | None = None) -> None:
        self.content = scenario
        self._showing = False
        self._fresh_seed = new_seed()
        self.play = Play(scenario, (), self._fresh_seed)
        super().__init__(scenario=_intro(scenario))
        self.on_msg(self._on_message)
        self.observe(self._guard, names=["scenario", "view"])
        self._listeners: list[Any] = []
        self._setup_answers(workbook, scenario.id, journal)
        self._show()

    # -- state ------------------------------------------------------------------------

    def _fits(self, route: Any, seed: Any = 0) -> bool:
        return isinstance(route, list) and len(Play.resume(self.content, route, seed).steps) == len(route)

    def valid(self, item: str, value: Any) -> bool:
        if item == "route":
            return self._fits(value)
        if item == "seed":
            return isinstance(value, int) and not isinstance(value, bool)
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
        seed = saved["seed"].value if "seed" in saved and self.valid("seed", saved["seed"].value) else None
        # A scenario file may have changed since: keep the part of the route that still fits.
        route = saved["route"].value if "route" in saved else []
        self.play = Play.resume(self.content, route, seed if seed is not None else self._fresh_seed)
        answers["route"] = self._route(self.play)
        if seed is not None:
            answers["seed"] = seed
        self.answers = answers
        if saved:
            latest = max(a.updated_at for a in saved.values())
            where = "at the ending you reached" if self.ending_id else "where you left off"
            self.say(f"Welcome back: you're {where} (last saved {saved_at(latest)}).")

    @staticmethod
    def _route(play: Play) -> list[dict[str, str]]:
        return [{"node": n.id, "choice": c.id, "role": c.role} for n, c in play.taken()]

    @property
    def steps(self) -> list[dict[str, str]]:
        return self._route(self.play)

    @property
    def moves(self) -> list[dict[str, str]]:
        return list(self.answers.get("moves", []))

    @property
    def state(self) -> dict[str, Any]:
        """What the scenario remembers on the current route."""
        return self.play.state

    @property
    def position(self) -> str:
        """The id of the node or ending the trainee is at now."""
        return self.play.position

    @property
    def ending_id(self) -> str | None:
        return self.play.ending.id if self.play.ending else None

    @property
    def finished(self) -> bool:
        """Whether the trainee has ever reached an ending here (starting again doesn't undo that)."""
        return bool(self.play.ending) or any(move.get("ending") or self._ends(move) for move in self.moves)

    def _ends(self, move: dict[str, Any]) -> bool:
        """Whether a logged move (one saved before moves named their ending) can only lead to an ending."""
        node = self.content.node(str(move.get("node", "")))
        choice = node.choice(str(move.get("choice", ""))) if node else None
        return choice is not None and all(self.content.ending(b.to) for b in choice.branches)

    def _set_play(self, play: Play) -> None:
        self.play = play
        self.answers = {**self.answers, "route": self._route(play), "seed": play.seed}

    def _show(self) -> None:
        self._showing = True
        try:
            with self.hold_sync():
                self.view = view_of(self.play)
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
                self.scenario = _intro(self.content)
            else:
                self.view = view_of(self.play)
        finally:
            self._showing = False

    def on_change(self, listener: Any) -> None:
        """Call ``listener(player)`` after every recorded choice, back or restart."""
        self._listeners.append(listener)

    # -- what the page asks for ---------------------------------------------------------

    def choose(self, choice_id: str) -> bool:
        """Take a choice at the current decision point; returns False (and says why) if it isn't offered."""
        following = self.play.choose(choice_id)
        if following is None:
            self.say("That choice isn't available at this point, so nothing changed.")
            self._show()
            return False
        node_id, _ = following.steps[-1]
        choice = following.taken()[-1][1]
        move = {"node": node_id, "choice": choice.id, "role": choice.role, "at": now()}
        if following.ending:
            move["ending"] = following.ending.id
        moves = [*self._saved_moves(), move][-MAX_MOVES:]
        self.play = following
        self.answers = {**self.answers, "route": self._route(following), "seed": following.seed, "moves": moves}
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
        """Undo the last step: the state and the order are exactly as they were (the move log keeps the choice)."""
        earlier = self.play.back()
        if earlier is None:
            self.say("You're at the start already.")
            self._show()
            return False
        self._set_play(earlier)
        self._show()
        return True

    def restart(self, seed: int | None = None) -> None:
        """Back to the beginning with the starting state and a fresh order; earlier choices still count."""
        self._set_play(self.play.restart(seed))
        self._show()

    def _on_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        if not isinstance(content, dict):
            return
        action = content.get("action")
        if action in ("choose", "back") and content.get("at") != self.view.get("at"):
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
