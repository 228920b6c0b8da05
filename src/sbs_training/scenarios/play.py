"""One play-through of a scenario: where you are, what the scenario remembers, what you may do next.

Plain data and arithmetic, no widgets and no journal: the ScenarioPlayer
keeps a ``Play`` and saves its ``steps`` and ``seed``; tests walk every way
through with it. A play is immutable: ``choose``, ``back`` and ``restart``
return a new one, so going back is exact by construction (the state is
always recomputed from the steps, never undone by hand).

Options are shown in an order shuffled from the play's ``seed`` and the
step number, so every play has a fresh order, while Back and a reload show
the very same order as before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from sbs_training.content.scenarios import Choice, Ending, Node, Scenario

OUTCOME_NAMES = {
    "settled": "Settled",
    "partial": "Partly settled",
    "unsettled": "Unsettled",
}


def new_seed() -> int:
    """A fresh seed for a new play (Start again, or a first visit)."""
    return random.SystemRandom().randrange(1, 2**31)


@dataclass(frozen=True)
class Play:
    scenario: Scenario
    steps: tuple[tuple[str, str], ...] = ()
    """(node id, choice id) for each choice on the way to here."""
    seed: int = 0
    _walk: list[tuple[dict[str, Any], str]] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        state, position = self.scenario.start_state, self.scenario.start
        walk = [(state, position)]
        for node_id, choice_id in self.steps:
            choice = self._offered_choice(node_id, choice_id, state, position)
            if choice is None:
                raise ValueError(f"{choice_id!r} at {node_id!r} is not a step this scenario offers from here")
            state = choice.apply(state)
            position = choice.target(state)
            walk.append((state, position))
        self._walk.extend(walk)

    def _offered_choice(self, node_id: str, choice_id: str, state: dict[str, Any], position: str) -> Choice | None:
        node = self.scenario.node(position)
        if node is None or node.id != node_id:
            return None
        return next((c for c in node.offered(state) if c.id == choice_id), None)

    @classmethod
    def resume(cls, scenario: Scenario, steps: Any, seed: Any = 0) -> Play:
        """The longest leading part of a saved route that still fits the scenario (files change)."""
        seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else 0
        play = cls(scenario, (), seed)
        for step in steps if isinstance(steps, list) else []:
            if not isinstance(step, dict) or not isinstance(step.get("node"), str):
                break
            following = play.choose(step.get("choice"))
            if following is None or step["node"] != play.position:
                break
            play = following
        return play

    # -- where we are ------------------------------------------------------------------

    @property
    def state(self) -> dict[str, Any]:
        return dict(self._walk[-1][0])

    @property
    def position(self) -> str:
        """The id of the node or ending the trainee is at now."""
        return self._walk[-1][1]

    @property
    def node(self) -> Node | None:
        return self.scenario.node(self.position)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.ending(self.position)

    @property
    def text(self) -> str:
        """What is happening now: the node's text, or the variant the state picks."""
        node = self.node
        return node.text_for(self.state) if node else ""

    def options(self) -> list[Choice]:
        """The choices offered here, in this play's order for this step."""
        node = self.node
        if node is None:
            return []
        offered = node.offered(self.state)
        random.Random(f"{self.seed}/{len(self.steps)}/{node.id}").shuffle(offered)
        return offered

    def taken(self) -> list[tuple[Node, Choice]]:
        """The decision points and choices on the way to here, in order."""
        found: list[tuple[Node, Choice]] = []
        for node_id, choice_id in self.steps:
            node = self.scenario.node(node_id)
            choice = node.choice(choice_id) if node else None
            if node and choice:
                found.append((node, choice))
        return found

    @property
    def recalls(self) -> list[str]:
        """The debrief lines for the choices actually taken, in order."""
        return [choice.recall for _, choice in self.taken()]

    # -- moving ------------------------------------------------------------------------

    def choose(self, choice_id: Any) -> Play | None:
        """The play after taking ``choice_id`` here, or None if it isn't offered now."""
        if not isinstance(choice_id, str) or all(c.id != choice_id for c in self.options()):
            return None
        return Play(self.scenario, (*self.steps, (self.position, choice_id)), self.seed)

    def back(self) -> Play | None:
        """The play one step earlier (same seed, so the same order), or None at the start."""
        if not self.steps:
            return None
        return Play(self.scenario, self.steps[:-1], self.seed)

    def restart(self, seed: int | None = None) -> Play:
        """A fresh play: the starting state, and a new order."""
        return Play(self.scenario, (), new_seed() if seed is None else seed)
