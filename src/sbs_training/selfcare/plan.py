"""The one-page self-care plan: the trainee's answers to the plan prompts, to print or keep as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sbs_training.content import load
from sbs_training.content.checkins import WORKBOOK
from sbs_training.documents import Block, Document, Heading, Paragraph, Section, to_html, to_markdown
from sbs_training.store.journal import Journal

PLAN_PROMPTS = ("keeps-me-well", "early-signs", "who-i-can-talk-to", "what-i-say-no-to", "one-small-thing")
"""The self-care plan: reflection prompts of the self-care workbook, in plan order."""


def plan_items(journal: Journal, workbook: str = WORKBOOK) -> list[tuple[str, str]]:
    """(question, what the trainee wrote) for each part of the plan, in plan order."""
    prompts = load("prompts", workbook)
    items = []
    for prompt_id in PLAN_PROMPTS:
        saved = journal.get_reflection(workbook, prompt_id)
        items.append((prompts.get(prompt_id).text, saved.text if saved else ""))
    return items


def _full_day(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def plan_document(items: Sequence[tuple[str, str]], made: date | None = None) -> Document:
    made = made or date.today()
    blocks: list[Block] = [Paragraph(f"Written in Side by Side Training. Downloaded {_full_day(made)}.", cls="made")]
    for question, text in items:
        answer = (
            Paragraph(text, cls="answer")
            if text.strip()
            else Paragraph("Not written yet.", cls="answer empty", emphasis=True)
        )
        blocks.append(Section([Heading(question), answer]))
    return Document("My self-care plan", blocks, style="selfcare_plan")


def plan_markdown(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    return to_markdown(plan_document(items, made))


def plan_html(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    """The plan as one printable page, built like every other document (``sbs_training.documents``)."""
    return to_html(plan_document(items, made))
