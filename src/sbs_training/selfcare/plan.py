"""The one-page self-care plan: the trainee's answers to the plan prompts, to print or keep as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sbs_training.content import load
from sbs_training.content.checkins import WORKBOOK
from sbs_training.documents import css, escape, printable_page
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


def plan_markdown(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    made = made or date.today()
    lines = ["# My self-care plan", "", f"Written in Side by Side Training. Downloaded {_full_day(made)}.", ""]
    for question, text in items:
        lines += [f"## {question}", "", text.strip() or "*Not written yet.*", ""]
    return "\n".join(lines)


PLAN_CSS = css("selfcare_plan")


def plan_html(items: Sequence[tuple[str, str]], made: date | None = None) -> str:
    """The plan as one printable page, built like every other document (``sbs_training.documents``)."""
    made = made or date.today()
    body = [f'<p class="made">Written in Side by Side Training. Downloaded {_full_day(made)}.</p>']
    for question, text in items:
        answer = escape(text.strip()) if text.strip() else '<span class="empty">Not written yet.</span>'
        body.append(f'<section><h2>{escape(question)}</h2><p class="answer">{answer}</p></section>')
    return printable_page("My self-care plan", "".join(body), PLAN_CSS)
