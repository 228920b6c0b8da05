"""Group agreements: the starting items a trainee edits into their own agreement.

The toolkits' usual items live in ``exercises/agreements/<id>.yaml``. Item ids
key nothing in the journal once a trainee has saved their own version (the
saved list carries its own ids), but keep them stable anyway so a trainer's
edits stay easy to follow.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from sbs_training.content.base import ContentModel, Id, unique

MAX_ITEM_CHARS = 300
"""Longest agreement item, in the content and from the browser alike: a wall handout needs short lines.
With ``MAX_ITEMS`` of them at full length the handout still prints on two A4 pages (tested)."""
MAX_TITLE_CHARS = 120
MAX_ITEMS = 20


class AgreementItem(ContentModel):
    id: Id
    text: str = Field(min_length=2, max_length=MAX_ITEM_CHARS)
    why: str = ""
    """A line for the trainer or trainee about why the item is there (not printed on the handout)."""


class AgreementContent(ContentModel):
    """exercises/agreements/<id>.yaml: the items an agreement starts from, and the handout's wording."""

    id: Id
    workbook: Id
    title: str = Field(min_length=2, max_length=MAX_TITLE_CHARS)
    """The handout's heading until the trainee changes it."""
    footer: str = Field(default="", max_length=400)
    """A closing line printed under the items."""
    export_name: str = Field(default="group-agreement", pattern=r"^[a-z0-9][a-z0-9-]*$")
    items: list[AgreementItem] = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _unique_items(self) -> AgreementContent:
        unique("item", [i.id for i in self.items])
        return self
