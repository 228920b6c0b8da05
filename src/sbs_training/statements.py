"""One-page statements made from what the trainee wrote, to print or share.

- "What I can and cannot offer": the trainee's offer-* reflections and the
  ``cannot-offer`` checklist in workbook 04, gathered into one page a
  facilitator can hand to a group.
- "My welcome script": the welcome-script reflection, ready to print.

Both are read from the journal when the download button is pressed, so the
page always holds the newest words. The wording is the trainee's; this module
only lays it out as a document (``sbs_training.documents``), whose renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sbs_training.documents import Block, Document, Heading, Item, ItemList, Paragraph, to_html, to_markdown
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

    def document(self) -> Document:
        blocks: list[Block] = []
        if self.can:
            blocks.append(Heading("What I can offer"))
            for heading, text in self.can:
                blocks += [Heading(heading, 3), Paragraph(text, cls="text")]
        if self.cannot or self.cannot_more:
            blocks.append(Heading("What I can't offer"))
            if self.cannot:
                blocks.append(ItemList([Item(item, note=own) for item, own in self.cannot], cls="cannot"))
            if self.cannot_more:
                blocks.append(Paragraph(self.cannot_more, cls="text"))
        if self.instead:
            blocks += [Heading(INSTEAD[1]), Paragraph(self.instead, cls="text")]
        if self.sign_off:
            blocks.append(Paragraph(self.sign_off, cls="sign-off"))
        return Document(OFFER_TITLE, blocks, style="statement")

    def markdown(self) -> str:
        return to_markdown(self.document())

    def html(self) -> str:
        return to_html(self.document())


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


def welcome_document(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> Document:
    return Document(WELCOME_TITLE, [Paragraph(_welcome_text(journal, workbook), cls="text")], style="statement")


def welcome_markdown(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    return to_markdown(welcome_document(journal, workbook))


def welcome_html(journal: Journal | None = None, workbook: str = OFFER_WORKBOOK) -> str:
    return to_html(welcome_document(journal, workbook))
