"""Branching scenarios: one YAML file per scenario in ``exercises/scenarios/``.

A scenario is a small graph. Decision points (``nodes``) offer choices; each
choice names the role it enacts, says what happens and coaches, and points at
the next decision point or at an ending. The first node is where play starts.

The graph is checked here, so ``sbs-training check-content`` can point at the
exact line of a broken file: a ``next`` that points nowhere, a node or ending
nobody can reach, a node with no way to an ending, a loop, a duplicate id.
Loops are refused because the player already has "Go back": a graph without
loops is one where every path ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from sbs_training.content.base import ContentModel, Id

Role = Literal["victim", "persecutor", "rescuer", "creator", "challenger", "coach"]
"""Drama triangle (Karpman) roles and their Empowerment Dynamic (Emerald) flips."""

ROLE_IDS: tuple[str, ...] = ("victim", "persecutor", "rescuer", "creator", "challenger", "coach")


class Feedback(ContentModel):
    happens: str = Field(min_length=10)
    """What happens next in the group (told first)."""
    coaching: str = Field(min_length=10)
    """Why, and what to notice: the coaching that follows."""


class Choice(ContentModel):
    id: Id
    text: str = Field(min_length=3, max_length=400)
    role: Role
    feedback: Feedback
    next: Id
    """The id of a node or an ending."""


class Node(ContentModel):
    """A decision point: what is happening now, and what you could do."""

    id: Id
    text: str = Field(min_length=10)
    choices: list[Choice] = Field(min_length=2)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class Ending(ContentModel):
    id: Id
    title: str = Field(min_length=2, max_length=120)
    text: str = Field(min_length=10)


class ScenarioReflection(ContentModel):
    text: str = Field(min_length=3, max_length=400)
    hint: str = ""


def _error(loc: tuple[Any, ...], message: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("scenario_graph", message), loc=loc, input=value)


class Scenario(ContentModel):
    """exercises/scenarios/<id>.yaml: one branching scenario (schema in exercises/README.md)."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=120)
    content_note: str = ""
    setting: str = Field(min_length=10)
    nodes: list[Node] = Field(min_length=3)
    endings: list[Ending] = Field(min_length=2)
    debrief: str = Field(min_length=10)
    reflection: ScenarioReflection

    @property
    def start(self) -> str:
        return self.nodes[0].id

    @property
    def reflection_id(self) -> str:
        """The journal key of this scenario's reflection, stable as long as the scenario id is."""
        return f"scenario-{self.id}"

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def ending(self, ending_id: str) -> Ending | None:
        return next((e for e in self.endings if e.id == ending_id), None)

    def paths(self) -> Iterator[list[tuple[Node, Choice]]]:
        """Every way through, from the start to an ending (the graph has no loops)."""

        def walk(node: Node, so_far: list[tuple[Node, Choice]]) -> Iterator[list[tuple[Node, Choice]]]:
            for choice in node.choices:
                route = [*so_far, (node, choice)]
                following = self.node(choice.next)
                if following is None:
                    yield route
                else:
                    yield from walk(following, route)

        yield from walk(self.nodes[0], [])

    @model_validator(mode="after")
    def _graph(self) -> Scenario:
        errors: list[InitErrorDetails] = []
        where: dict[str, tuple[str, int]] = {}
        for kind in ("nodes", "endings"):
            for n, item in enumerate(getattr(self, kind)):
                if item.id in where:
                    errors.append(
                        _error((kind, n, "id"), f"the id {item.id!r} is used twice in this scenario", item.id)
                    )
                else:
                    where[item.id] = (kind, n)
        for n, node in enumerate(self.nodes):
            seen: set[str] = set()
            for c, choice in enumerate(node.choices):
                loc = ("nodes", n, "choices", c)
                if choice.id in seen:
                    errors.append(_error((*loc, "id"), f"the choice id {choice.id!r} is used twice here", choice.id))
                seen.add(choice.id)
                if choice.next not in where:
                    errors.append(
                        _error(
                            (*loc, "next"),
                            f"{choice.next!r} points nowhere; it must be the id of a node or an ending",
                            choice.next,
                        )
                    )
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)

        nodes = {node.id: node for node in self.nodes}
        # Loops: a depth-first walk that meets a node still on its own path.
        state: dict[str, int] = {}

        def visit(node: Node) -> None:
            state[node.id] = 1
            for c, choice in enumerate(node.choices):
                following = nodes.get(choice.next)
                if following is None:
                    continue
                if state.get(following.id) == 1:
                    n = self.nodes.index(node)
                    errors.append(
                        _error(
                            ("nodes", n, "choices", c, "next"),
                            f"{choice.next!r} leads back round in a loop; let the trainee use "
                            "Go back instead, and point every choice forwards",
                            choice.next,
                        )
                    )
                elif following.id not in state:
                    visit(following)
            state[node.id] = 2

        visit(self.nodes[0])
        reachable = set(state) | {c.next for node in self.nodes if node.id in state for c in node.choices}
        for kind in ("nodes", "endings"):
            for n, item in enumerate(getattr(self, kind)):
                if item.id not in reachable:
                    what = "node" if kind == "nodes" else "ending"
                    errors.append(
                        _error(
                            (kind, n),
                            f"the {what} {item.id!r} can't be reached: no choice on the way from the "
                            f"first node ({self.start!r}) leads to it",
                            item.id,
                        )
                    )
        # Nodes with no way to an ending (only possible through loops or dead ends).
        can_end = {e.id for e in self.endings}
        changed = True
        while changed:
            changed = False
            for node in self.nodes:
                if node.id not in can_end and any(c.next in can_end for c in node.choices):
                    can_end.add(node.id)
                    changed = True
        for n, node in enumerate(self.nodes):
            if node.id not in can_end:
                errors.append(_error(("nodes", n), f"the node {node.id!r} has no way to any ending", node.id))
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @classmethod
    def check_collection(cls, items: list[tuple[Path, Scenario]]) -> list[Any]:
        """Scenario ids must be unique across files: each keys saved choices and a reflection."""
        from sbs_training.content.loader import Problem

        problems: list[Problem] = []
        first: dict[str, Path] = {}
        for path, scenario in items:
            if scenario.id in first:
                problems.append(
                    Problem(
                        path,
                        _key_line(path, "id"),
                        f"id: the scenario id {scenario.id!r} is already used by {first[scenario.id].name}",
                    )
                )
            else:
                first[scenario.id] = path
        return problems


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level key, for problems found after validation."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return 1
    if isinstance(root, yaml.MappingNode):
        for k, _ in root.value:
            if k.value == key:
                return k.start_mark.line + 1
    return 1


def scenario_files(folder: Path | None = None) -> list[Path]:
    """Every scenario file, in file-name order: a trainer adds a scenario by adding a file."""
    from sbs_training.resources import exercises_dir

    folder = folder if folder is not None else exercises_dir() / "scenarios"
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_scenarios(workbook: str, folder: Path | None = None) -> tuple[list[Scenario], list[str]]:
    """The valid scenarios for one workbook, and one sentence per file that was left out.

    A broken file never stops the others from playing; ``check-content`` gives
    the full list of problems with their lines.
    """
    from sbs_training.content.loader import check_file

    found: list[Scenario] = []
    refused: list[str] = []
    ids: set[str] = set()
    for path in scenario_files(folder):
        problems = check_file("scenarios", path)
        if problems:
            refused.append(f"{path.name} was left out because it has a problem: {problems[0]}")
            continue
        scenario = Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        if scenario.workbook != workbook:
            continue
        if scenario.id in ids:
            refused.append(f"{path.name} was left out because another file already uses the id {scenario.id!r}.")
            continue
        ids.add(scenario.id)
        found.append(scenario)
    return found, refused


def load_scenario(scenario_id: str, folder: Path | None = None) -> Scenario:
    """One scenario by id, whichever workbook it belongs to (for the gallery and tests)."""
    from sbs_training.content.loader import ContentError, check_file
    from sbs_training.errors import UserError

    for path in scenario_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("id") == scenario_id:
            problems = check_file("scenarios", path)
            if problems:
                raise ContentError(problems)
            return Scenario.model_validate(data)
    raise UserError(f"There is no scenario with the id {scenario_id!r}.")
