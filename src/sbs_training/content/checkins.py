"""exercises/checkins/<id>.yaml: a self-care check-in of our own wording, and what the page says around it.

The models only describe and validate the content; the rules that use it
(checking an answer, the trend, the heavy note) live in ``checkin_rules`` and
``checkin_trend``. Loaded through the one loader: ``load("checkins", FORM)``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from sbs_training.content.base import ContentModel, Id, unique

WORKBOOK = "06-self-care-check-in"
FORM = "self-care"
HEAVY_MEASURES = ("energy", "capacity")
"""The scales the heavy-note rule reads; every form must ask them."""

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class ScaleQuestion(ContentModel):
    """A question answered on a short scale, hardest first (saved as 1) to easiest (saved as len)."""

    id: Id
    name: str = Field(min_length=2, max_length=40)
    question: str = Field(min_length=5, max_length=300)
    labels: list[Label] = Field(min_length=3, max_length=7)


class ChoiceOption(ContentModel):
    id: Id
    label: Label


class ChoiceQuestion(ContentModel):
    id: Id
    name: str = Field(min_length=2, max_length=40)
    question: str = Field(min_length=5, max_length=300)
    multiple: bool = False
    alone: Id | None = None
    """For a multiple choice: the option that can't be combined with others ("none")."""
    options: list[ChoiceOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> ChoiceQuestion:
        unique("option", [o.id for o in self.options])
        if self.alone is not None:
            if not self.multiple:
                raise ValueError("alone only makes sense with multiple: true")
            if self.alone not in {o.id for o in self.options}:
                raise ValueError(f"alone {self.alone!r} is not one of the options")
        return self


class NoteField(ContentModel):
    label: str = Field(min_length=3, max_length=200)
    hint: str = ""


class HeavyNote(ContentModel):
    intro: str = Field(min_length=10)
    advice: str = Field(min_length=10)
    ideas: list[str] = Field(min_length=1)


class CheckinForm(ContentModel):
    """exercises/checkins/<id>.yaml: a check-in of our own wording, and what the page says around it."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=120)
    intro: str = ""
    scales: list[ScaleQuestion] = Field(min_length=1)
    choices: list[ChoiceQuestion] = []
    note: NoteField
    welcome_back: str = Field(min_length=10)
    """Shown after a gap; ``{last}`` becomes the date of the last check-in."""
    welcome_return: str = Field(min_length=10)
    thanks: str = Field(min_length=5)
    heavy_note: HeavyNote

    @model_validator(mode="after")
    def _consistent(self) -> CheckinForm:
        unique("question", [s.id for s in self.scales] + [c.id for c in self.choices])
        missing = [m for m in HEAVY_MEASURES if m not in {s.id for s in self.scales}]
        if missing:
            raise ValueError(f"scales must include {', '.join(missing)} (the heavy-note rule reads them)")
        if "{last}" not in self.welcome_back:
            raise ValueError("welcome_back must contain {last} (the date of the last check-in)")
        return self

    def scale(self, scale_id: str) -> ScaleQuestion | None:
        return next((s for s in self.scales if s.id == scale_id), None)
