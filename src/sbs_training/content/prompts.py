"""Reflection prompts: the questions a workbook asks, one file per workbook."""

from __future__ import annotations

from pydantic import Field, model_validator

from sbs_training.content.base import ContentModel, Id, unique


class Prompt(ContentModel):
    id: Id
    text: str = Field(min_length=3, max_length=400)
    hint: str = ""
    example: str = ""
    """An example answer, revealed only after the trainee has written their own."""


class PromptSet(ContentModel):
    workbook: Id
    prompts: list[Prompt] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PromptSet:
        unique("prompt", [p.id for p in self.prompts])
        return self

    def get(self, prompt_id: str) -> Prompt:
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        raise KeyError(f"{self.workbook} has no prompt {prompt_id!r}")
