"""AgreementBuilder: draft a group agreement, then print it for the wall.

It starts from the toolkits' usual items (``exercises/agreements/*.yaml``).
The trainee edits, reorders (Move up / Move down buttons, so it works by
keyboard), removes and adds their own items, and gives the handout a heading.
The whole agreement is one journal answer, saved on every change and
reloaded for editing on return.

Voila lets a page set any synced value, so every value from the browser goes
through ``clean_agreement()``: the wrong shape, type or length is refused and
put back as it was, with nothing stored changed; invisible control characters
are dropped (as the journal does for reflections) and the page is told.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import anywidget
import traitlets

from sbs_training.content.agreements import MAX_ITEM_CHARS, MAX_ITEMS, MAX_TITLE_CHARS
from sbs_training.documents import css, escape, markdown_text, printable_page
from sbs_training.store.journal import Journal, clean_text
from sbs_training.widgets.base import JournalWidget, saved_at, widget_css, widget_module

ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SAVED_ITEM = "agreement"
"""The journal answer's item name: one record holds the heading and every item."""


HANDOUT_CSS = css("agreement_handout")
"""Large print for the wall; a longer agreement prints smaller (``handout_size``) to stay on one or two A4 pages."""


def handout_size(items: list[str]) -> str:
    """The print size class for an agreement: ``""`` (large), ``compact`` or ``dense`` (two columns)."""
    chars = sum(len(text) for text in items) + 60 * len(items)  # each item also costs a line's margin
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


def _quote(text: str, limit: int = 60) -> str:
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
        return f"Added {_quote(by_id[added[0]])}."
    if removed and not added:
        return f"Removed {_quote(by_id[removed[0]])}."
    if not added and not removed and old_ids != new_ids:
        moved = next(i for i, j in zip(new_ids, old_ids, strict=True) if i != j)
        return f"Moved {_quote(by_id[moved])} to number {new_ids.index(moved) + 1} of {len(new_ids)}."
    return ""


class AgreementBuilder(JournalWidget, anywidget.AnyWidget):
    """``default_items``: dicts with ``id`` and ``text`` (the starting list until the trainee saves their own)."""

    _esm = widget_module("agreement")
    _css = widget_css("agreement")

    # Any, not List/Unicode: a wrong type from the page must reach clean_agreement() to be
    # refused with a sentence, rather than fail deep inside ipywidgets.
    title = traitlets.Any("").tag(sync=True)
    items = traitlets.Any([]).tag(sync=True)
    max_items = traitlets.Int(MAX_ITEMS).tag(sync=True)
    max_chars = traitlets.Int(MAX_ITEM_CHARS).tag(sync=True)
    max_title_chars = traitlets.Int(MAX_TITLE_CHARS).tag(sync=True)
    defaults = traitlets.List(traitlets.Dict()).tag(sync=True)
    """The starting items, so the page can offer to put back one that was removed (never read back)."""

    def __init__(
        self,
        workbook: str,
        activity: str,
        *,
        default_title: str,
        default_items: list[dict[str, Any]],
        footer: str = "",
        journal: Journal | None = None,
    ) -> None:
        self.default_title = default_title
        self.default_items = [{"id": i["id"], "text": i["text"]} for i in default_items]
        self.footer = footer
        super().__init__(title=default_title, items=list(self.default_items), defaults=list(self.default_items))
        self._quiet = False
        self._note = ""
        self._setup_journal(workbook, activity, journal)
        self.observe(self._on_change, names=["title", "items"])
        self.on_msg(self._on_msg)

    # -- journal -----------------------------------------------------------------

    def restore(self) -> None:
        saved = [a for a in self.journal.answers(self.workbook, self.key) if a.item == SAVED_ITEM]
        if not saved:
            self.say("This is the toolkit's starting list. Your changes save on this computer as you go.")
            return
        value = saved[0].value
        try:
            if not isinstance(value, dict):
                raise AgreementRefused("not an agreement")
            title, items, _ = clean_agreement(value.get("title"), value.get("items"))
        except AgreementRefused:
            self.say("Your saved agreement couldn't be read, so this is the starting list again.")
            return
        self._set_quietly(title=title, items=items)
        self.say(f"Your agreement is back, last saved {saved_at(saved[0].updated_at)}.")

    def _set_quietly(self, **values: Any) -> None:
        self._quiet = True
        try:
            with self.hold_trait_notifications():
                for name, value in values.items():
                    setattr(self, name, value)
        finally:
            self._quiet = False

    def _on_change(self, change: dict) -> None:
        if self._quiet:
            return
        note, self._note = self._note, ""
        old_items = self.items if change["name"] == "title" else change["old"]
        try:
            title, items, cleaned = clean_agreement(self.title, self.items)
        except AgreementRefused as exc:
            self._set_quietly(**{change["name"]: change["old"]})
            self.say(f"That change wasn't saved: {exc}")
            return
        if cleaned:
            self._set_quietly(title=title, items=items)
        with self.saving():
            self.journal.set_answer(self.workbook, self.key, SAVED_ITEM, {"title": title, "items": items})
            what = note or describe_change(old_items if isinstance(old_items, list) else [], items)
            extra = " Some invisible control characters were left out." if cleaned else ""
            self.say(f"{what} Saved {saved_at()}.{extra}".strip())

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        """The page's Add, Move and Remove buttons; anything malformed is ignored with a sentence."""
        if not isinstance(content, dict):
            self.say("That change wasn't understood, so nothing was changed.")
            return
        kind, item_id = content.get("type"), content.get("id")
        try:
            if kind == "add" and isinstance(content.get("text"), str):
                self.add(content["text"])
            elif kind == "move" and isinstance(item_id, str) and content.get("by") in (-1, 1):
                self.move(item_id, content["by"])
            elif kind == "remove" and isinstance(item_id, str):
                self.remove(item_id)
            elif kind == "put-back" and isinstance(item_id, str):
                self.put_back(item_id)
            else:
                self.say("That change wasn't understood, so nothing was changed.")
        except KeyError:
            self.say("That item is no longer in the agreement, so nothing was changed.")

    # -- what the page's buttons do (also for tests and papermill) -------------------

    def _index(self, item_id: str) -> int:
        for n, item in enumerate(self.items):
            if item["id"] == item_id:
                return n
        raise KeyError(f"No item called {item_id!r} in this agreement.")

    def _apply(self, items: list[dict[str, str]], note: str) -> None:
        self._note = note
        try:
            self.items = items
        finally:
            self._note = ""

    def add(self, text: str) -> str:
        """Add an item of the trainee's own at the end; returns its id ("" if it wasn't added)."""
        if not isinstance(text, str) or not text.strip():
            self.say("Write the new item first, then add it.")
            return ""
        item_id = f"own-{uuid.uuid4().hex[:10]}"
        note = f"Added {_quote(text)} as number {len(self.items) + 1}."
        self._apply([*self.items, {"id": item_id, "text": text}], note)
        return item_id if any(i["id"] == item_id for i in self.items) else ""

    def edit(self, item_id: str, text: str) -> None:
        n = self._index(item_id)
        self.items = [*self.items[:n], {"id": item_id, "text": text}, *self.items[n + 1 :]]

    def move(self, item_id: str, by: int) -> None:
        """Move an item up (``by=-1``) or down (``by=1``); at either end it stays put."""
        n = self._index(item_id)
        to = max(0, min(len(self.items) - 1, n + by))
        if to == n:
            self.say(f"{_quote(self.items[n]['text'])} is already number {n + 1} of {len(self.items)}.")
            return
        items = list(self.items)
        items.insert(to, items.pop(n))
        direction = "up" if to < n else "down"
        self._apply(items, f"Moved {_quote(items[to]['text'])} {direction} to number {to + 1} of {len(items)}.")

    def remove(self, item_id: str) -> None:
        n = self._index(item_id)
        self._apply([*self.items[:n], *self.items[n + 1 :]], f"Removed {_quote(self.items[n]['text'])}.")

    def put_back(self, default_id: str) -> None:
        """Bring back a starting item that was removed, near where it started."""
        ids = [i["id"] for i in self.default_items]
        if default_id not in ids:
            raise KeyError(f"No starting item called {default_id!r}.")
        if any(i["id"] == default_id for i in self.items):
            return
        item = self.default_items[ids.index(default_id)]
        at = min(ids.index(default_id), len(self.items))
        note = f"Put back {_quote(item['text'])} as number {at + 1}."
        self._apply([*self.items[:at], dict(item), *self.items[at:]], note)

    def rename(self, title: str) -> None:
        self.title = title

    # -- the handout ------------------------------------------------------------------

    def handout_items(self) -> list[str]:
        return [" ".join(i["text"].split()) for i in self.items if i["text"].strip()]

    def handout_title(self) -> str:
        return " ".join(self.title.split()) or self.default_title

    def as_markdown(self) -> str:
        lines = [f"# {markdown_text(self.handout_title())}", ""]
        lines += [f"{n}. {markdown_text(text)}" for n, text in enumerate(self.handout_items(), 1)]
        if self.footer:
            lines += ["", f"*{markdown_text(self.footer)}*"]
        return "\n".join(lines) + "\n"

    def as_html(self) -> str:
        items = self.handout_items()
        rows = "".join(f"<li>{escape(text)}</li>" for text in items)
        footer = f"<p class='footer'>{escape(self.footer)}</p>" if self.footer else ""
        size = handout_size(items)
        listing = f"<ol class='agreement {size}'>" if size else "<ol class='agreement'>"
        return printable_page(self.handout_title(), f"{listing}{rows}</ol>{footer}", HANDOUT_CSS)
