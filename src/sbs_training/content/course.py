"""The course as data (``exercises/course.yaml``): each workbook's time, purpose, outcomes and what counts as done.

One place for what the workbook list, the top of each workbook, progress and
the progress card all need. ``catalogue_problems`` checks the ids it names
against the rest of the content and that every workbook notebook has an entry,
so ``sbs-training check-content`` catches a renamed prompt before a trainee does.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sbs_training.content.base import ContentModel, Id, unique

COURSE_FILE = "course.yaml"


class Done(ContentModel):
    """What counts as done: every item named here, checked against the journal each time it is shown."""

    reflections: list[Id] = []
    """Each written, or skipped on purpose."""
    sorts: list[Id] = []
    """Every statement placed."""
    cards: list[Id] = []
    """Every card in the set answered."""
    scenarios: list[Id] = []
    """Each played to an ending at least once."""
    checkin: bool = False
    debrief: bool = False
    opened: bool = False

    @model_validator(mode="after")
    def _something(self) -> Done:
        named = self.reflections or self.sorts or self.cards or self.scenarios
        if not (named or self.checkin or self.debrief or self.opened):
            raise ValueError("done names nothing to do; list reflections, sorts, cards or scenarios")
        for what in ("reflections", "sorts", "cards", "scenarios"):
            unique(what.rstrip("s"), getattr(self, what))
        return self


class CourseWorkbook(ContentModel):
    id: Id
    teaching: bool = True
    """A teaching workbook shows 2 to 5 outcomes near its top; the welcome and My journal need none."""
    minutes: int = Field(ge=5, le=240)
    purpose: str = Field(min_length=10, max_length=160)
    outcomes: list[str] = []
    done: Done

    @model_validator(mode="after")
    def _outcomes(self) -> CourseWorkbook:
        if self.teaching and not 2 <= len(self.outcomes) <= 5:
            raise ValueError(f"outcomes: a teaching workbook lists 2 to 5; this one lists {len(self.outcomes)}")
        if len(self.outcomes) > 5:
            raise ValueError("outcomes: list at most 5")
        for n, outcome in enumerate(self.outcomes):
            if not 10 <= len(outcome) <= 200:
                raise ValueError(f"outcomes.{n} should be 10 to 200 characters, in plain words")
        return self


class TrainerWorkbook(ContentModel):
    id: Id
    minutes: int = Field(ge=5, le=240)
    purpose: str = Field(min_length=10, max_length=160)


class Course(ContentModel):
    version: Literal[1]
    workbooks: list[CourseWorkbook] = Field(min_length=1)
    trainer: list[TrainerWorkbook] = []

    @model_validator(mode="after")
    def _unique(self) -> Course:
        unique("workbook", [w.id for w in self.workbooks])
        unique("trainer workbook", [w.id for w in self.trainer])
        return self

    def get(self, workbook_id: str) -> CourseWorkbook | None:
        return next((w for w in self.workbooks if w.id == workbook_id), None)

    def trainer_entry(self, workbook_id: str) -> TrainerWorkbook | None:
        return next((w for w in self.trainer if w.id == workbook_id), None)


def catalogue_problems(
    course: Course,
    prompts: dict[str, set[str]],
    owned: dict[str, dict[str, str]],
    trainee: list[str],
    trainer: list[str],
) -> list[str]:
    """Every id the course names that doesn't exist, and every workbook notebook without an entry.

    ``prompts``: workbook -> its prompt ids; ``owned``: "sorts"/"cards"/"scenarios" -> id -> its workbook;
    ``trainee``/``trainer``: the notebooks found (the loader reads the folders, so this stays a pure check).
    """
    problems: list[str] = []
    for entry in course.workbooks:
        for prompt in entry.done.reflections:
            if prompt not in prompts.get(entry.id, set()):
                problems.append(f"{entry.id}: there is no prompt {prompt!r} in prompts/{entry.id}.yaml")
        for kind in ("sorts", "cards", "scenarios"):
            for item in getattr(entry.done, kind):
                belongs = owned.get(kind, {}).get(item)
                if belongs is None:
                    problems.append(f"{entry.id}: there is no {kind[:-1]} {item!r} in {kind}/")
                elif belongs != entry.id:
                    problems.append(f"{entry.id}: the {kind[:-1]} {item!r} belongs to {belongs}, not this workbook")
    listed = {w.id for w in course.workbooks}
    trainers = {w.id for w in course.trainer}
    problems += [f"the workbook {name} has no entry under workbooks" for name in trainee if name not in listed]
    problems += [f"the trainer workbook {name} has no entry under trainer" for name in trainer if name not in trainers]
    problems += [f"{name} is listed, but there is no workbook notebook {name}" for name in sorted(listed - {*trainee})]
    problems += [f"{name} is listed, but there is no trainer notebook {name}" for name in sorted(trainers - {*trainer})]
    return problems
