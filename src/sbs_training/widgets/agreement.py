"""AgreementBuilder: draft a group agreement, then print it for the wall.

It starts from the toolkits' usual items (``exercises/agreements/*.yaml``).
The trainee edits, reorders (Move up / Move down buttons, so it works by
keyboard), removes and adds their own items, and gives the handout a heading.
The whole agreement is one journal answer, saved on every change and
reloaded for editing on return.

Voila lets a page set any synced value, so every value from the browser goes
through ``clean_agreement()`` (``sbs_training.sessions.agreement``, with the
handout): the wrong shape, type or length is refused and put back as it was,
with nothing stored changed; invisible control characters are dropped (as the
journal does for reflections) and the page is told.
"""

from __future__ import annotations

import uuid
from typing import Any

import anywidget
import traitlets

from sbs_training.content.agreements import MAX_ITEM_CHARS, MAX_ITEMS, MAX_TITLE_CHARS
from sbs_training.documents import Document, to_html, to_markdown
from sbs_training.sessions.agreement import (
    SAVED_ITEM,
    AgreementRefused,
    clean_agreement,
    describe_change,
    handout,
    handout_items,
    quote,
)
from sbs_training.store.journal import Journal
from sbs_training.widgets.base import JournalWidget, saved_at, widget_css, widget_module


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
        note = f"Added {quote(text)} as number {len(self.items) + 1}."
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
            self.say(f"{quote(self.items[n]['text'])} is already number {n + 1} of {len(self.items)}.")
            return
        items = list(self.items)
        items.insert(to, items.pop(n))
        direction = "up" if to < n else "down"
        self._apply(items, f"Moved {quote(items[to]['text'])} {direction} to number {to + 1} of {len(items)}.")

    def remove(self, item_id: str) -> None:
        n = self._index(item_id)
        self._apply([*self.items[:n], *self.items[n + 1 :]], f"Removed {quote(self.items[n]['text'])}.")

    def put_back(self, default_id: str) -> None:
        """Bring back a starting item that was removed, near where it started."""
        ids = [i["id"] for i in self.default_items]
        if default_id not in ids:
            raise KeyError(f"No starting item called {default_id!r}.")
        if any(i["id"] == default_id for i in self.items):
            return
        item = self.default_items[ids.index(default_id)]
        at = min(ids.index(default_id), len(self.items))
        note = f"Put back {quote(item['text'])} as number {at + 1}."
        self._apply([*self.items[:at], dict(item), *self.items[at:]], note)

    def rename(self, title: str) -> None:
        self.title = title

    # -- the handout ------------------------------------------------------------------

    def handout_items(self) -> list[str]:
        return handout_items(self.items)

    def handout_title(self) -> str:
        return " ".join(self.title.split()) or self.default_title

    def handout(self) -> Document:
        return handout(self.handout_title(), self.items, self.footer)

    def as_markdown(self) -> str:
        return to_markdown(self.handout())

    def as_html(self) -> str:
        return to_html(self.handout())
