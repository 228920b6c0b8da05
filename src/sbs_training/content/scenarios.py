"""Branching scenarios: one YAML file per scenario in ``exercises/scenarios/``.

A scenario is a small graph with a memory (schema in exercises/README.md).
Decision points (``nodes``) offer choices; each choice names the role it
enacts, may change the scenario's ``state`` (``add``/``set``), says what
happens, coaches, and points at the next node or ending, possibly through
branches that depend on the state (``next: [{when, to}, ...]``). Text
``variants`` and a choice's ``when`` make later points depend on earlier ones.

The graph is checked here, so ``sbs-training check-content`` can point at the
exact line of a broken file. Loops are refused (the player already has
"Go back"), so every way through can be enumerated *with its state*: that
is how unreachable endings, dead ends and conditions nobody can satisfy are found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sbs_training.content.base import ContentModel, Id
from sbs_training.content.conditions import NAME, parse
from sbs_training.content.loader import ContentError, Problem, key_line, load_checked
from sbs_training.content.roles import ROLE_IDS, Role
from sbs_training.errors import UserError

__all__ = ["ROLE_IDS", "Branch", "Choice", "Ending", "Node", "Scenario", "Way"]

StateName = Annotated[str, StringConstraints(pattern=rf"^{NAME}$", max_length=40)]
Value = StrictBool | StrictInt
Outcome = Literal["settled", "partial", "unsettled"]
MAX_WAYS = 20000
"""More ways through than this and the scenario is too big to check (and to play)."""


def _condition(value: str | None) -> str | None:
    if value is not None:
        parse(value)  # raises ValueError with an author-facing sentence
    return value


class Feedback(ContentModel):
    happens: str = Field(min_length=10)
    """What happens next in the group (told first)."""
    coaching: str = Field(min_length=10)
    """Why, and what to notice: the coaching that follows."""


class Branch(ContentModel):
    """One of a ``next`` list: go ``to`` here if ``when`` holds (the last branch has no ``when``)."""

    when: str | None = None
    to: Id

    check_when = field_validator("when")(_condition)


Next = Annotated[
    Annotated[Id, Tag("id")] | Annotated[list[Branch], Tag("branches")],
    Discriminator(lambda v: "branches" if isinstance(v, list) else "id"),
]
"""A ``next``: one id, or a list of branches (one kind of error each, not both)."""


class Choice(ContentModel):
    id: Id
    text: str = Field(min_length=3, max_length=400)
    role: Role
    when: str | None = None
    """Offered only when this holds."""
    add: dict[StateName, StrictInt] = Field(default_factory=dict)
    sets: dict[StateName, Value] = Field(default_factory=dict, alias="set")
    recall: str = Field(min_length=10, max_length=600)
    """One sentence the debrief uses when this choice was on the path."""
    feedback: Feedback
    next: Next
    """A node or ending id, or branches chosen by the state after this choice."""

    check_when = field_validator("when")(_condition)

    @property
    def branches(self) -> list[Branch]:
        return [Branch(to=self.next)] if isinstance(self.next, str) else list(self.next)

    def apply(self, state: dict[str, Any]) -> dict[str, Any]:
        """The state after taking this choice (a new dict: states are never changed in place)."""
        after = dict(state)
        for name, n in self.add.items():
            after[name] = int(after.get(name, 0)) + n
        after.update(self.sets)
        return after

    def target(self, state_after: dict[str, Any]) -> str:
        """Where this choice leads from ``state_after`` (the state once it is taken)."""
        for branch in self.branches:
            if branch.when is None or parse(branch.when).holds(state_after):
                return branch.to
        return self.branches[-1].to  # unreachable for a checked scenario: the last branch has no `when`


class Variant(ContentModel):
    when: str
    text: str = Field(min_length=10)

    check_when = field_validator("when")(_condition)


class Node(ContentModel):
    """A decision point: what is happening now, and what you could do."""

    id: Id
    text: str = Field(min_length=10)
    variants: list[Variant] = Field(default_factory=list)
    choices: list[Choice] = Field(min_length=2)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def text_for(self, state: dict[str, Any]) -> str:
        """The first variant whose ``when`` holds, else the default text."""
        return next((v.text for v in self.variants if parse(v.when).holds(state)), self.text)

    def offered(self, state: dict[str, Any]) -> list[Choice]:
        """The choices whose ``when`` holds, in file order (the player shuffles them)."""
        return [c for c in self.choices if c.when is None or parse(c.when).holds(state)]


class Ending(ContentModel):
    id: Id
    outcome: Outcome
    title: str = Field(min_length=2, max_length=120)
    text: str = Field(min_length=10)


class ScenarioReflection(ContentModel):
    text: str = Field(min_length=3, max_length=400)
    hint: str = ""


@dataclass(frozen=True)
class Way:
    """One complete way through a scenario: the choices taken, the ending reached, the state at the end."""

    steps: tuple[tuple[Node, Choice], ...]
    ending: Ending
    state: dict[str, Any]

    @property
    def recalls(self) -> list[str]:
        return [choice.recall for _, choice in self.steps]


def _error(loc: tuple[Any, ...], message: str, value: Any = None) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("scenario_graph", message), loc=loc, input=value)


class Scenario(ContentModel):
    """exercises/scenarios/<id>.yaml: one branching scenario (schema in exercises/README.md)."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=120)
    content_note: str = ""
    source: str = Field(min_length=3, max_length=400)
    """Credit by name: where the situation comes from."""
    setting: str = Field(min_length=10)
    state: dict[StateName, Value] = Field(default_factory=dict)
    """What the scenario remembers, with starting values."""
    nodes: list[Node] = Field(min_length=3)
    endings: list[Ending] = Field(min_length=3)
    debrief: str = Field(min_length=10)
    reflection: ScenarioReflection

    @property
    def start(self) -> str:
        return self.nodes[0].id

    @property
    def start_state(self) -> dict[str, Any]:
        return dict(self.state)

    @property
    def reflection_id(self) -> str:
        """The journal key of this scenario's reflection, stable as long as the scenario id is."""
        return f"scenario-{self.id}"

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def ending(self, ending_id: str) -> Ending | None:
        return next((e for e in self.endings if e.id == ending_id), None)

    def ways(self) -> Iterator[Way]:
        """Every way through, with state, from the start to an ending (checked scenarios have no loops)."""
        for item in self._walk():
            if isinstance(item, Way):
                yield item

    def _walk(self) -> Iterator[Way | tuple[Node, dict[str, Any], tuple[tuple[Node, Choice], ...]]]:
        """Every way through; also yields (node, state, steps) at each node visit, for the checks."""
        nodes = {n.id: n for n in self.nodes}
        endings = {e.id: e for e in self.endings}

        def walk(node: Node, state: dict[str, Any], steps: tuple) -> Iterator[Any]:
            yield (node, state, steps)
            for choice in node.offered(state):
                after = choice.apply(state)
                to = choice.target(after)
                route = (*steps, (node, choice))
                if to in endings:
                    yield Way(route, endings[to], after)
                elif to in nodes:
                    yield from walk(nodes[to], after, route)

        yield from walk(self.nodes[0], self.start_state, ())

    # -- checks ----------------------------------------------------------------------------

    @model_validator(mode="after")
    def _graph(self) -> Scenario:
        errors = self._check_ids_and_targets()
        errors += self._check_state()
        if not errors:
            errors += self._check_loops()
        if not errors:
            errors += self._check_ways()
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    def _check_ids_and_targets(self) -> list[InitErrorDetails]:
        errors: list[InitErrorDetails] = []
        where: set[str] = set()
        for kind in ("nodes", "endings"):
            for n, item in enumerate(getattr(self, kind)):
                if item.id in where:
                    errors.append(
                        _error((kind, n, "id"), f"the id {item.id!r} is used twice in this scenario", item.id)
                    )
                where.add(item.id)
        for n, node in enumerate(self.nodes):
            seen: set[str] = set()
            for c, choice in enumerate(node.choices):
                loc = ("nodes", n, "choices", c)
                if choice.id in seen:
                    errors.append(_error((*loc, "id"), f"the choice id {choice.id!r} is used twice here", choice.id))
                seen.add(choice.id)
                for b, branch in enumerate(choice.branches):
                    at = (*loc, "next") if isinstance(choice.next, str) else (*loc, "next", b, "to")
                    if branch.to not in where:
                        errors.append(
                            _error(at, f"{branch.to!r} points nowhere; it must be the id of a node or an ending")
                        )
                if isinstance(choice.next, list):
                    for b, branch in enumerate(choice.next):
                        last = b == len(choice.next) - 1
                        if last and branch.when is not None:
                            errors.append(
                                _error(
                                    (*loc, "next", b, "when"),
                                    "the last branch of a `next` list must have no `when`: it is the default, "
                                    "taken when no branch above holds",
                                )
                            )
                        elif not last and branch.when is None:
                            errors.append(
                                _error(
                                    (*loc, "next", b),
                                    "only the last branch of a `next` list may leave out `when`: "
                                    "the branches after this one could never be taken",
                                )
                            )
        return errors

    def _conditions(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Every condition in the file, with where it is."""
        for n, node in enumerate(self.nodes):
            for v, variant in enumerate(node.variants):
                yield ("nodes", n, "variants", v, "when"), variant.when
            for c, choice in enumerate(node.choices):
                loc = ("nodes", n, "choices", c)
                if choice.when is not None:
                    yield (*loc, "when"), choice.when
                if isinstance(choice.next, list):
                    for b, branch in enumerate(choice.next):
                        if branch.when is not None:
                            yield (*loc, "next", b, "when"), branch.when

    def _check_state(self) -> list[InitErrorDetails]:
        errors: list[InitErrorDetails] = []
        written: set[str] = set()
        for n, node in enumerate(self.nodes):
            for c, choice in enumerate(node.choices):
                loc = ("nodes", n, "choices", c)
                for name, _ in choice.add.items():
                    written.add(name)
                    if name not in self.state:
                        errors.append(
                            _error((*loc, "add"), f"`add` changes {name!r}, which is not declared under `state`")
                        )
                    elif isinstance(self.state[name], bool):
                        errors.append(
                            _error((*loc, "add"), f"{name!r} is a true/false flag: use `set`, not `add`, to change it")
                        )
                for name, value in choice.sets.items():
                    written.add(name)
                    if name not in self.state:
                        errors.append(
                            _error((*loc, "set"), f"`set` changes {name!r}, which is not declared under `state`")
                        )
                    elif isinstance(self.state[name], bool) != isinstance(value, bool):
                        kind = "a true/false flag" if isinstance(self.state[name], bool) else "a number"
                        errors.append(_error((*loc, "set"), f"{name!r} is {kind} under `state`, so set it to one too"))
        for loc, text in self._conditions():
            for clause in parse(text).clauses:
                if clause.name not in self.state:
                    errors.append(_error(loc, f"{text!r} reads {clause.name!r}, which is not declared under `state`"))
                    continue
                if clause.name not in written:
                    errors.append(
                        _error(
                            loc,
                            f"{text!r} reads {clause.name!r}, but no choice ever sets or adds to it, "
                            "so it never changes from its starting value",
                        )
                    )
                flag = isinstance(self.state[clause.name], bool)
                if clause.is_flag and not flag:
                    errors.append(
                        _error(
                            loc, f"{clause.name!r} is a number: compare it (`{clause.name} >= 1`) rather than test it"
                        )
                    )
                elif not clause.is_flag and flag:
                    errors.append(
                        _error(
                            loc, f"{clause.name!r} is a true/false flag: write `{clause.name}` or `not {clause.name}`"
                        )
                    )
        return errors

    def _check_loops(self) -> list[InitErrorDetails]:
        """A depth-first walk over every branch, whatever the state, that meets a node still on its own path."""
        errors: list[InitErrorDetails] = []
        nodes = {node.id: node for node in self.nodes}
        seen: dict[str, int] = {}

        def visit(node: Node) -> None:
            seen[node.id] = 1
            for c, choice in enumerate(node.choices):
                for branch in choice.branches:
                    following = nodes.get(branch.to)
                    if following is None:
                        continue
                    if seen.get(following.id) == 1:
                        errors.append(
                            _error(
                                ("nodes", self.nodes.index(node), "choices", c, "next"),
                                f"{branch.to!r} leads back round in a loop; let the trainee use "
                                "Go back instead, and point every choice forwards",
                            )
                        )
                    elif following.id not in seen:
                        visit(following)
            seen[node.id] = 2

        for node in self.nodes:
            if node.id not in seen:
                visit(node)
        return errors

    def _check_ways(self) -> list[InitErrorDetails]:
        """Walk every way through with its state: what is reached, and where a way gets stuck."""
        errors: list[InitErrorDetails] = []
        reached: set[str] = set()
        stuck: dict[str, tuple[int, tuple]] = {}
        count = 0
        for item in self._walk():
            if isinstance(item, Way):
                reached.add(item.ending.id)
                count += 1
                if count > MAX_WAYS:
                    return [_error(("nodes",), f"this scenario has more than {MAX_WAYS} ways through: make it smaller")]
                continue
            node, state, steps = item
            reached.add(node.id)
            offered = len(node.offered(state))
            if offered < 2 and node.id not in stuck:
                stuck[node.id] = (offered, steps)
        for node_id, (offered, steps) in stuck.items():
            route = " -> ".join(f"{n.id}: {c.id}" for n, c in steps) or "the start"
            errors.append(
                _error(
                    ("nodes", self.nodes.index(self.node(node_id)), "choices"),  # type: ignore[arg-type]
                    f"on the way through {route}, only {offered} choice(s) are offered at {node_id!r}; "
                    "every state that reaches a decision point must offer at least 2",
                )
            )
        for kind in ("nodes", "endings"):
            for n, item in enumerate(getattr(self, kind)):
                if item.id not in reached:
                    what = "node" if kind == "nodes" else "ending"
                    errors.append(
                        _error(
                            (kind, n, "id"),
                            f"the {what} {item.id!r} can't be reached: no way through from the first node "
                            f"({self.start!r}), with the state each choice leaves, leads to it",
                        )
                    )
        return errors

    @classmethod
    def check_collection(cls, items: list[tuple[Path, Scenario]]) -> list[Problem]:
        """Scenario ids must be unique across files: each keys saved choices and a reflection."""
        problems: list[Problem] = []
        first: dict[str, Path] = {}
        for path, scenario in items:
            if scenario.id in first:
                problems.append(
                    Problem(
                        path,
                        key_line(path, "id"),
                        f"id: the scenario id {scenario.id!r} is already used by {first[scenario.id].name}",
                    )
                )
            else:
                first[scenario.id] = path
        return problems


def load_scenarios(workbook: str, folder: Path | None = None) -> tuple[list[Scenario], list[str]]:
    """The valid scenarios for one workbook, and one sentence per file that was left out.

    A broken file never stops the others from playing; ``check-content`` gives
    the full list of problems with their lines.
    """
    loaded = load_checked("scenarios", folder)
    refused: dict[Path, str] = {}
    for problem in loaded.problems:
        refused.setdefault(problem.file, f"{problem.file.name} was left out because it has a problem: {problem}")
    return [s for s in loaded.models() if s.workbook == workbook], list(refused.values())


def load_scenario(scenario_id: str, folder: Path | None = None) -> Scenario:
    """One scenario by id, whichever workbook it belongs to (for the gallery and tests)."""
    loaded = load_checked("scenarios", folder)
    for scenario in loaded.models():
        if scenario.id == scenario_id:
            return scenario
    broken = [p for p in loaded.problems if p.file.stem.split("-", 1)[-1] == scenario_id]
    if broken:
        raise ContentError(broken)
    raise UserError(f"There is no scenario with the id {scenario_id!r}.")
