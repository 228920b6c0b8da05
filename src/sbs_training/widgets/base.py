"""The one base for every widget that saves to the journal.

It gives a widget four things, so no widget does them its own way:
- the journal, opened only once the trainee's visit has started (see store/visit.py);
- ``saving()``: a guard that turns any journal problem into one plain sentence
  in the widget's status line, never a traceback, and never half a change;
- ``say()``: the quiet status line ("Saved 14:32"), announced to screen readers;
- confirmed saves: the page's saver (kit.js) tags each change with a ``save_token``
  and says "Saved" only when ``sbs:saved`` for that token comes back, which is sent
  here once the change has been handled (saved, or refused with a sentence).

A subclass sets ``workbook`` and ``key`` and implements ``restore()`` (read
what was saved); its page shows the synced ``status`` in a live region.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import traitlets

from sbs_training.errors import UserError
from sbs_training.store import visit
from sbs_training.store.journal import MAX_TEXT_CHARS, Journal


def saved_at(stamp: str | None = None) -> str:
    """'Saved 14:32' in the trainee's local time; older saves also say the day."""
    moment = datetime.fromisoformat(stamp).astimezone() if stamp else datetime.now().astimezone()
    if moment.date() == datetime.now().astimezone().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %Y, %H:%M").lstrip("0")


_HERE = Path(__file__).parent

FLUSH = "sbs:flush"
FLUSHED = "sbs:flushed"
SAVE_TOKEN = "save_token"
"""The key under which the page's saver tags a change (a state update or a message) it waits to see saved."""
SAVED = "sbs:saved"
"""The answer to a tagged change, sent once it has been handled; the status line is already up to date."""
MAX_MESSAGE_BYTES = 10 * 1024 * 1024
"""The largest message the page may send the kernel: Tornado's ``websocket_max_message_size``, which
Jupyter Server and Voila keep. A bigger one closes the connection, and nothing sent after it arrives."""
UNEXPECTED = "That change wasn't saved: something went wrong on this computer. Please try again."


@cache
def widget_module(name: str) -> str:
    """A widget's ES module with the kit (``kit.js``) joined in front, so every widget shares its helpers."""
    kit = (_HERE / "kit.js").read_text(encoding="utf-8")
    return kit + "\n" + (_HERE / f"{name}.js").read_text(encoding="utf-8")


@cache
def widget_css(name: str | None = None) -> str:
    """A widget's styles: the kit's (``kit.css``), then its own ``<name>.css`` if it has any.

    Every widget attaches its CSS this one way, so each page gets the shared look whichever widgets it has.
    """
    kit = (_HERE / "kit.css").read_text(encoding="utf-8")
    return kit if name is None else kit + (_HERE / f"{name}.css").read_text(encoding="utf-8")


class FlushBeforeAct:
    """Answers the kit's ``act()`` barrier, so an action acts on exactly what the page showed.

    The page sends ``sbs:flush`` before an action; answering it only after every earlier
    message is handled guarantees that typing held back by ipywidgets reaches the kernel first.
    The barrier never reaches a widget's own message handler.
    """

    def _handle_custom_msg(self, content: Any, buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == FLUSH:
            token = content.get("token")
            self.send({"type": FLUSHED, "token": token if isinstance(token, str) else ""})  # type: ignore[attr-defined]
            return
        super()._handle_custom_msg(content, buffers)  # type: ignore[misc]


EVERYTHING = "everything"
"""The change an import or an erase makes: every widget that redraws, redraws."""

_watchers: weakref.WeakSet[JournalWidget] = weakref.WeakSet()


def journal_changed(what: str) -> None:
    """The one change signal on a page: the journal changed, so widgets that show that part of it redraw.

    ``what`` is "checkins", "answers" or ``EVERYTHING``. A widget says what it shows in ``redraw_on``
    and is subscribed once, by ``_setup_journal``; the kernel serves one page, so this reaches that page only.
    """
    for widget in list(_watchers):
        if what in widget.redraw_on or what == EVERYTHING:
            widget.refresh()


class JournalWidget(FlushBeforeAct, traitlets.HasTraits):
    """Mixin for an ipywidgets/anywidget class that reads and writes the journal."""

    workbook: str
    key: str

    status = traitlets.Unicode("").tag(sync=True)
    """The quiet status line ("Saved 14:32"); each widget's page shows it in a live region."""
    max_text_chars = traitlets.Int(MAX_TEXT_CHARS).tag(sync=True)
    """The journal's limit, so the page refuses longer text before sending it (a huge paste could close the socket)."""

    redraw_on: ClassVar[frozenset[str]] = frozenset()
    """The journal changes (see ``journal_changed``) after which this widget reads the journal again."""

    def _setup_journal(self, workbook: str, key: str, journal: Journal | None = None) -> None:
        self.workbook = workbook
        self.key = key
        self.editor = uuid.uuid4().hex  # this tab's identity, for conflict detection
        self._journal = journal
        with self.saving():
            self.restore()
        if self.redraw_on:
            _watchers.add(self)

    @property
    def journal(self) -> Journal:
        if self._journal is None:
            self._journal = visit.journal()
        return self._journal

    def restore(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the journal again and redraw: what ``journal_changed`` calls."""
        with self.saving():
            self.restore()

    def say(self, text: str) -> None:
        """The one way to set the status line; widgets that draw it themselves extend this."""
        self.status = text

    def set_state(self, sync_data: dict) -> None:
        """Values from the page that don't fit a trait get a sentence, not a kernel log line.

        Voila lets a page set any synced value; traitlets refuses the wrong type,
        and this tells the trainee and puts the page back in step with the kernel.
        A change the page's saver tagged is confirmed once handled.
        """
        token = sync_data.pop(SAVE_TOKEN, None) if isinstance(sync_data, dict) else None
        try:
            super().set_state(sync_data)  # type: ignore[misc]
        except (traitlets.TraitError, TypeError, ValueError):
            self.say("That change couldn't be saved: it wasn't the kind of value this activity expects.")
            self.send_state()  # type: ignore[attr-defined]
        except Exception:
            self.say(UNEXPECTED)  # never a stale "Saved" once the page hears this change was handled
            raise
        finally:
            self._confirm(token)

    def _handle_custom_msg(self, content: Any, buffers: list) -> None:
        """A request the page's saver tagged (Add, Save this check-in...) is confirmed once handled."""
        token = content.get(SAVE_TOKEN) if isinstance(content, dict) else None
        try:
            super()._handle_custom_msg(content, buffers)
        except Exception:
            self.say(UNEXPECTED)
            raise
        finally:
            self._confirm(token)

    def _confirm(self, token: object) -> None:
        """Tell the page its change has been handled: the status line now says whether it was saved."""
        if isinstance(token, str) and 0 < len(token) <= 100:
            self.send({"type": SAVED, "token": token})  # type: ignore[attr-defined]

    @contextmanager
    def saving(self) -> Iterator[None]:
        try:
            yield
        except UserError as exc:
            self.say(str(exc))
