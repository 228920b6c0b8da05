"""A group agreement as a trainee drafts it for their sessions: the checks, the status sentences, the handout.

The whole agreement is one journal answer, ``{"title": ..., "items": [{"id", "text"}, ...]}``.
Voila lets a page set any synced value, so every value from the browser goes
through ``clean_agreement()``: the wrong shape, type or length is refused with
one sentence (``AgreementRefused``); invisible control characters are dropped,
as the journal does for reflections. The handout for the wall is a document
(``sbs_training.documents``), rendered to HTML and to Markdown.
"""

from __future__ import annotations

import re
from typing import Any

from sbs_training.content.agreements import MAX_ITEM_CHARS, MAX_ITEMS, MAX_TITLE_CHARS
from sbs_training.documents import Document, ItemList, Paragraph, items
from sbs_training.store.journal import clean_text

ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SAVED_ITEM = "agreement"
"""The journal answer's item name: one record holds the heading and every item."""


def handout_size(lines: list[str]) -> str:
    """The print size class for an agreement: ``""`` (large), ``compact`` or ``dense`` (two columns)."""
    chars = sum(len(text) for text in lines) + 60 * len(lines)  # each item also costs a line's margin
    if chars <= 1800:
        return ""
    return "compact" if chars <= 3600 else "dense"


class AgreementRefused(ValueError):
    """A value from the page that can't be an agreement; the message says why, in one sentence."""


def _clean_line(value: Any, what: str, limit: int) -> tuple[str, bool]:
    if not isinstance(value, str):
        raise AgreementRefused(f"{what} must be text.")
    if len(value) > 4 * limit:  # far too long even before control characters are dropped
        raise AgreementRefused(f"{what} is longer than {limit} characters; please shorten it.")
    text, cleaned = clean_text(value) if value else ("", False)
    if "\n" in text or "\t" in text:
        text, cleaned = text.replace("\n", " ").replace("\t", " "), True
    if len(text) > limit:
        raise AgreementRefused(f"{what} is longer than {limit} characters; please shorten it.")
    return text, cleaned


def clean_agreement(title: Any, items: Any) -> tuple[str, list[dict[str, str]], bool]:
    """Check a whole agreement; return it with control characters dropped, and whether any were.

    Raises ``AgreementRefused`` for anything that isn't a well-formed agreement.
    """
    clean_title, cleaned = _clean_line(title, "The heading", MAX_TITLE_CHARS)
    if not isinstance(items, list):
        raise AgreementRefused("The items must be a list.")
    if len(items) > MAX_ITEMS:
        raise AgreementRefused(f"An agreement can hold at most {MAX_ITEMS} items.")
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or set(item) != {"id", "text"}:
            raise AgreementRefused(f"Item {n} is not in the expected form.")
        item_id = item["id"]
        if not isinstance(item_id, str) or not ITEM_ID.match(item_id) or item_id in seen:
            raise AgreementRefused(f"Item {n} has a missing or repeated name.")
        seen.add(item_id)
        text, changed = _clean_line(item["text"], f"Item {n}", MAX_ITEM_CHARS)
        cleaned = cleaned or changed
        out.append({"id": item_id, "text": text})
    return clean_title, out, cleaned


def quote(text: str, limit: int = 60) -> str:
    """An item's text for a status sentence: one line, short, without its own full stop."""
    text = " ".join(text.split()).rstrip(".") or "an empty item"
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def describe_change(old: list[dict[str, str]], new: list[dict[str, str]]) -> str:
    """One short sentence for the status line: what just happened to the list."""
    old_ids, new_ids = [i["id"] for i in old], [i["id"] for i in new]
    by_id = {i["id"]: i["text"] for i in old + new}
    added = [i for i in new_ids if i not in old_ids]
    removed = [i for i in old_ids if i not in new_ids]
    if added and not removed:
        return f"Added {quote(by_id[added[0]])}."
    if removed and not added:
        return f"Removed {quote(by_id[removed[0]])}."
    if not added and not removed and old_ids != new_ids:
        moved = next(i for i, j in zip(new_ids, old_ids, strict=True) if i != j)
        return f"Moved {quote(by_id[moved])} to number {new_ids.index(moved) + 1} of {len(new_ids)}."
    return ""


def handout_items(agreement_items: list[dict[str, str]]) -> list[str]:
    """The items as printed: each on one line, empty ones left off."""
    return [" ".join(i["text"].split()) for i in agreement_items if i["text"].strip()]


def handout(title: str, agreement_items: list[dict[str, str]], footer: str = "") -> Document:
    """The handout for the wall: the heading, the numbered items, the closing line.

    Large print; a longer agreement prints smaller (``handout_size``) to stay on one or two A4 pages.
    """
    lines = handout_items(agreement_items)
    size = handout_size(lines)
    blocks = [
        ItemList(items(lines), numbered=True, cls=f"agreement {size}".strip()),
        *([Paragraph(footer, cls="footer", emphasis=True)] if footer else []),
    ]
    return Document(title, blocks, style="agreement_handout")
