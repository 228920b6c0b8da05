"""One-page statements made from what the trainee wrote, to print or share.

- "What I can and cannot offer": the trainee's offer-* reflections and the
  ``cannot-offer`` checklist in workbook 04, gathered into one page a
  facilitator can hand to a group.
- "My welcome script": the welcome-script reflection, ready to print.

Both are read from the journal when the download button is pressed, so the
page always holds the newest words. The wording is the trainee's; this module
only lays it out, and escapes it (HTML) or neutralises raw HTML (Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sbs_training.documents import css, escape, html_text, markdown_lines, markdown_text, printable_page
from sbs_training.errors import UserError
from sbs_training.store.journal import Journal

OFFER_WORKBOOK = "04-boundaries-and-confidentiality"
CANNOT_OFFER = "cannot-offer"
"""The checklist (``exercises/checklists/cannot-offer.yaml``) ticked for what the trainee can't offer."""

OFFER_TITLE = "What I can and cannot offer"
CAN_SECTIONS: list[tuple[str, str]] = [
    ("offer-time", "When I'm there"),
    ("offer-contact", "How to reach me, and when I reply"),
    ("offer-one-to-one", "One-to-one time"),
    ("offer-more", "I can also offer"),
]
"""(prompt id, heading on the page), in page order; the prompts are in exercises/prompts/04-*.yaml."""
CANNOT_MORE = "cannot-more"
INSTEAD = ("offer-instead", "If you need something I can't offer")
SIGN_OFF = "offer-sign-off"

WELCOME_PROMPT = "welcome-script"
WELCOME_TITLE = "My welcome script"

STATEMENT_CSS = css("statement")


# -- what I can and cannot offer ------------------------------------------------------


@dataclass
class OfferStatement:
    can: list[tuple[str, str]] = field(default_factory=list)
    """(heading, the trainee's words) for each thing they can offer that they wrote about."""
    cannot: list[tuple[str, str]] = field(default_factory=list)
    """(item, the trainee's own words or "") for each ticked thing they can't offer."""
    cannot_more: str = ""
    instead: str = ""
    sign_off: str = ""

    @property
    def empty(self) -> bool:
        return not (self.can or self.cannot or self.cannot_more or self.instead)

    def markdown(self) -> str:
        lines = [f"# {OFFER_TITLE}", ""]
        if self.can:
            lines += ["## What I can offer", ""]
            for heading, text in self.can:
                lines += [f"### {heading}", "", markdown_lines(text), ""]
        if self.cannot or self.cannot_more:
            lines += ["## What I can't offer", ""]
            for item, own in self.cannot:
                lines.append(f"- {markdown_text(item)}" + (f": {markdown_text(' '.join(own.split()))}" if own else ""))
            if self.cannot_more:
                lines += ["", markdown_lines(self.cannot_more)]
            lines.append("")
        if self.instead:
            lines += [f"## {INSTEAD[1]}", "", markdown_lines(self.instead), ""]
        if self.sign_off:
            lines += [markdown_lines(self.sign_off), ""]
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        parts: list[str] = []
        if self.can:
            parts.append("<h2>What I can offer</h2>")
            for heading, text in self.can:
                parts.append(f"<h3>{escape(heading)}</h3><p class='text'>{html_text(text)}</p>")
        if self.cannot or self.cannot_more:
            parts.append("<h2>What I can't offer</h2>")
            if self.cannot:
                rows = "".join(
                    f"<li>{escape(item)}" + (f"<span class='own'>{html_text(own)}</span>" if own else "") + "</li>"
                    for item, own in self.cannot
                )
                parts.append(f"<ul class='cannot'>{rows}</ul>")
            if self.cannot_more:
                parts.append(f"<p class='text'>{html_text(self.cannot_more)}</p>")
        if self.instead:
            parts.append(f"<h2>{escape(INSTEAD[1])}</h2><p class='text'>{html_text(self.instead)}</p>")
        if self.sign_off:
            parts.append(f"<p class='sign-off'>{html_text(self.sign_off)}</p>")
        return printable_page(OFFER_TITLE, "".join(parts), STATEMENT_CSS)


def _text(journal: Journal, workbook: str, prompt: str) -> str:
    saved = journal.get_reflection(workbook, prompt)
    return saved.text.strip() if saved else ""


def offer_statement(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> OfferStatement:
    """Gather the trainee's offer planner from the journal (as it is now)."""
    from sbs_training.content import load
    from sbs_training.store import visit

    journal = journal or visit.journal()
    statement = OfferStatement()
    for prompt, heading in CAN_SECTIONS:
        if text := _text(journal, workbook, prompt):
            statement.can.append((heading, text))
    ticked: dict[str, Any] = {a.item: a.value for a in journal.answers(workbook, CANNOT_OFFER)}
    for item in load("checklists", CANNOT_OFFER).items:
        answer = ticked.get(item.id)
        if isinstance(answer, dict) and answer.get("done") is True:
            note = answer.get("note")
            statement.cannot.append((item.text, note.strip() if isinstance(note, str) else ""))
    statement.cannot_more = _text(journal, workbook, CANNOT_MORE)
    statement.instead = _text(journal, workbook, INSTEAD[0])
    statement.sign_off = _text(journal, workbook, SIGN_OFF)
    return statement


def _offer_or_explain(journal: Journal | None, workbook: str) -> OfferStatement:
    statement = offer_statement(journal, workbook)
    if statement.empty:
        raise UserError(
            "Your statement is empty so far: write what you can offer, or tick what you can't, and try again."
        )
    return statement


def offer_markdown(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    return _offer_or_explain(journal, workbook).markdown()


def offer_html(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    return _offer_or_explain(journal, workbook).html()


# -- my welcome script -----------------------------------------------------------------


def _welcome_text(journal: Journal | None, workbook: str) -> str:
    from sbs_training.store import visit

    text = _text(journal or visit.journal(), workbook, WELCOME_PROMPT)
    if not text:
        raise UserError("Your welcome script is empty so far: write it in the box above, then try again.")
    return text


def welcome_markdown(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    paragraphs = [markdown_lines(p) for p in _welcome_text(journal, workbook).split("\n\n") if p.strip()]
    return f"# {WELCOME_TITLE}\n\n" + "\n\n".join(paragraphs) + "\n"


def welcome_html(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    body = f"<p class='text'>{html_text(_welcome_text(journal, workbook))}</p>"
    return printable_page(WELCOME_TITLE, body, STATEMENT_CSS)
