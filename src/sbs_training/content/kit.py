"""Content models for the general-purpose activities: sorts, choice cards and checklists."""

from __future__ import annotations

from pydantic import Field, model_validator

from sbs_training.content.base import ContentModel, Id, unique


class Category(ContentModel):
    id: Id
    label: str = Field(min_length=1, max_length=80)


class SortItem(ContentModel):
    id: Id
    text: str = Field(min_length=3, max_length=300)
    answer: Id
    """The category the source material would place this in."""
    why: str = Field(min_length=10)
    """Feedback that explains the placement, whichever way the trainee chose."""


class SortActivity(ContentModel):
    """exercises/sorts/<id>.yaml: statements to sort into categories."""

    id: Id
    workbook: Id
    question: str = Field(min_length=5)
    categories: list[Category] = Field(min_length=2)
    items: list[SortItem] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> SortActivity:
        unique("category", [c.id for c in self.categories])
        unique("item", [i.id for i in self.items])
        known = {c.id for c in self.categories}
        for n, item in enumerate(self.items):
            if item.answer not in known:
                raise ValueError(f"items.{n}.answer {item.answer!r} is not one of the categories {sorted(known)}")
        return self


class Option(ContentModel):
    id: Id
    text: str = Field(min_length=2, max_length=300)
    happens: str = Field(min_length=10)
    """What would likely happen next (told first)."""
    why: str = Field(min_length=10)
    """Why: the coaching that follows."""
    favoured: bool = False
    """For authors only, never shown: the option the feedback favours (see content/cues.py). A card with
    two sound options and a trade-off its feedback explains marks none."""


class Card(ContentModel):
    id: Id
    title: str = Field(min_length=2, max_length=120)
    situation: str = Field(min_length=10)
    question: str = Field(min_length=3)
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_options(self) -> Card:
        unique("option", [o.id for o in self.options])
        if sum(o.favoured for o in self.options) > 1:
            raise ValueError("at most one option may be marked favoured")
        return self


class CardSet(ContentModel):
    """exercises/cards/<id>.yaml: situations with options, each with feedback."""

    id: Id
    workbook: Id
    content_note: str = ""
    cards: list[Card] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_cards(self) -> CardSet:
        unique("card", [c.id for c in self.cards])
        return self


class ChecklistItem(ContentModel):
    id: Id
    text: str = Field(min_length=2, max_length=200)
    detail: str = ""


class ChecklistContent(ContentModel):
    """exercises/checklists/<id>.yaml: things to tick off, exportable as the trainee's own plan."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=120)
    note_label: str = "My note"
    export_name: str = Field(default="my-plan", pattern=r"^[a-z0-9][a-z0-9-]*$")
    items: list[ChecklistItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_items(self) -> ChecklistContent:
        unique("item", [i.id for i in self.items])
        return self
