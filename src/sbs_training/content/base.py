"""Shared pieces for content models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A stable id: saved answers are keyed by it, so reword text freely but never change ids."""


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def unique(what: str, ids: list[str]) -> None:
    """Raise if an id repeats: ids key saved answers, so each must be one of a kind."""
    seen: set[str] = set()
    for one in ids:
        if one in seen:
            raise ValueError(f"the {what} id {one!r} is used twice")
        seen.add(one)
