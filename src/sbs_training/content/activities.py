"""Group activities a trainer can plan a session from: ``exercises/activities/<id>.yaml``.

Each activity carries what a facilitator needs in the room: why to run it,
what to prepare, how much space, who it suits (minimum and ideal group size),
how long each part takes (brief, do, debrief, as ranges in minutes), the steps,
debrief questions, safety notes and four adaptations (touch-free, seated,
online, low energy). The session planner's arithmetic and warnings read these
fields, so they are checked here rather than trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from sbs_training.content.base import ContentModel, Id
from sbs_training.content.loader import Problem

Phase = Literal["opening", "middle", "closing"]


class Minutes(ContentModel):
    """A time range in minutes, written ``5`` or ``[5, 10]`` in the YAML."""

    low: int = Field(ge=0, le=240)
    high: int = Field(ge=0, le=240)

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("write minutes as a number such as 5, or a range such as [5, 10]")
        if isinstance(value, int):
            return {"low": value, "high": value}
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
                raise ValueError("a range of minutes is two whole numbers, such as [5, 10]")
            return {"low": value[0], "high": value[1]}
        if isinstance(value, dict):
            return value
        raise ValueError("write minutes as a number such as 5, or a range such as [5, 10]")

    @model_validator(mode="after")
    def _ordered(self) -> Minutes:
        if self.low > self.high:
            raise ValueError(f"the range [{self.low}, {self.high}] runs backwards; put the smaller number first")
        return self

    def __str__(self) -> str:
        return f"{self.low}" if self.low == self.high else f"{self.low} to {self.high}"


class Timing(ContentModel):
    brief: Minutes
    """Explaining the activity and setting up."""
    do: Minutes
    """Doing it."""
    debrief: Minutes
    """Talking it through afterwards."""

    @property
    def low(self) -> int:
        return self.brief.low + self.do.low + self.debrief.low

    @property
    def high(self) -> int:
        return self.brief.high + self.do.high + self.debrief.high

    @model_validator(mode="after")
    def _takes_time(self) -> Timing:
        if self.high == 0:
            raise ValueError("an activity takes some time; give at least one part a number of minutes")
        return self


class GroupSize(ContentModel):
    minimum: int = Field(ge=1, le=200)
    ideal: tuple[int, int]
    """The range of group sizes the activity works best with, e.g. [8, 12]."""

    @field_validator("ideal")
    @classmethod
    def _ordered(cls, ideal: tuple[int, int]) -> tuple[int, int]:
        low, high = ideal
        if low > high:
            raise ValueError(f"the ideal range [{low}, {high}] runs backwards; put the smaller number first")
        return ideal

    @model_validator(mode="after")
    def _consistent(self) -> GroupSize:
        low, _ = self.ideal
        if low < self.minimum:
            raise ValueError(f"the ideal range starts at {low}, below the minimum of {self.minimum}")
        return self


class Adaptations(ContentModel):
    """How to change the activity so more people can take part. Every one is written out."""

    touch_free: str = Field(min_length=10)
    seated: str = Field(min_length=10)
    online: str = Field(min_length=10)
    low_energy: str = Field(min_length=10)


class Activity(ContentModel):
    """One group activity (``exercises/activities/<id>.yaml``); the id is the file name."""

    id: Id
    title: str = Field(min_length=3, max_length=80)
    summary: str = Field(min_length=10, max_length=240)
    """One or two sentences for the browser's list."""
    source: str = Field(min_length=3)
    """Where the idea comes from, by name (our wording, their idea)."""
    phases: list[Phase] = Field(min_length=1)
    """Where in a session it fits: opening, middle, closing."""
    purpose: str = Field(min_length=10)
    preparation: str = Field(min_length=2)
    space: str = Field(min_length=2)
    group: GroupSize
    timing: Timing
    touch: bool
    """True if the usual version has people touching (hands, arms)."""
    works_online: bool
    """True if the activity can run on a video call (see ``adaptations.online``)."""
    steps: list[str] = Field(min_length=2)
    debrief_questions: list[str] = Field(min_length=1)
    safety: list[str] = Field(min_length=1)
    adaptations: Adaptations

    @field_validator("steps", "debrief_questions", "safety")
    @classmethod
    def _no_empty_lines(cls, lines: list[str]) -> list[str]:
        for n, line in enumerate(lines):
            if len(line.strip()) < 3:
                raise ValueError(f"item {n + 1} is empty or too short to help anyone")
        return lines

    @field_validator("phases")
    @classmethod
    def _phases_once(cls, phases: list[str]) -> list[str]:
        if len(set(phases)) != len(phases):
            raise ValueError("a phase is listed twice")
        return phases

    @classmethod
    def check_collection(cls, items: list[tuple[Path, BaseModel]]) -> list[Any]:
        """Ids are file names (the planner saves them), so each must match its file and be unique."""

        problems = []
        seen: dict[str, Path] = {}
        for path, activity in items:
            assert isinstance(activity, Activity)
            if activity.id != path.stem:
                problems.append(
                    Problem(path, _id_line(path), f"id: {activity.id!r} must match the file name {path.stem!r}")
                )
            if activity.id in seen:
                problems.append(
                    Problem(path, _id_line(path), f"id: {activity.id!r} is already used by {seen[activity.id].name}")
                )
            seen.setdefault(activity.id, path)
        return problems


def _id_line(path: Path) -> int:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("id:"):
                return n
    except OSError:
        pass
    return 1
