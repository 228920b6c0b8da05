"""The content model for debriefs after a real session: the reflective cycles, the quick tags, the themes."""

from __future__ import annotations

from pydantic import Field, model_validator

from sbs_training.content.base import ContentModel, Id, unique


class CyclePart(ContentModel):
    id: Id
    label: str = Field(min_length=3, max_length=200)
    hint: str = ""
    also: list[Id] = []
    """The parts of the other cycle that hold the same kind of thinking (shown when switching)."""


class Cycle(ContentModel):
    id: Id
    name: str
    credit: str = Field(min_length=3)
    summary: str
    parts: list[CyclePart] = Field(min_length=1)


class TagOption(ContentModel):
    id: Id
    label: str
    theme: Id | None = None


class TagGroup(ContentModel):
    id: Id
    label: str
    theme: Id
    single: bool = False
    options: list[TagOption] = Field(min_length=1)


class Theme(ContentModel):
    id: Id
    text: str
    link: str


class DebriefContent(ContentModel):
    id: Id
    privacy: str = Field(min_length=20)
    cycles: list[Cycle] = Field(min_length=1)
    tags: list[TagGroup] = []
    themes: list[Theme] = []

    @model_validator(mode="after")
    def _consistent(self) -> DebriefContent:
        unique("cycle", [c.id for c in self.cycles])
        parts = [p.id for c in self.cycles for p in c.parts]
        unique("part", parts)
        for cycle in self.cycles:
            for part in cycle.parts:
                for other in part.also:
                    if other not in parts:
                        raise ValueError(f"cycles: the part {part.id!r} names an unknown part {other!r} under also")
        themes = {t.id for t in self.themes}
        unique("tag group", [g.id for g in self.tags])
        for group in self.tags:
            unique("tag", [o.id for o in group.options])
            for theme in [group.theme, *(o.theme for o in group.options if o.theme)]:
                if theme not in themes:
                    raise ValueError(f"tags: the theme {theme!r} is not listed under themes")
        return self

    def cycle(self, cycle_id: str) -> Cycle:
        return next((c for c in self.cycles if c.id == cycle_id), self.cycles[0])

    def group(self, group_id: str) -> TagGroup | None:
        return next((g for g in self.tags if g.id == group_id), None)
