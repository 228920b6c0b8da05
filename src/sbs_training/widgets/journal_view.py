"""My journal: read, search, edit and restore everything written; take it home; bring it back; erase it.

- ``JournalView``: every reflection (and every check-in note), grouped by
  workbook, newest first, with search. Any reflection opens for editing and
  saves as you type, through the journal exactly as a ReflectionBox does (an
  editor id and the version it last saw, so nothing is overwritten unseen).
  Earlier versions can be read and brought back.
- ``JournalUpload``: bring back a JSON export, with the same merge rules as
  ``sbs-training import`` and its one-sentence summary; a bad file changes nothing.
- ``JournalErase``: erase everything, only after typing a confirmation word.
- ``journal_download``: a real browser download of the whole journal.

The page only displays what Python sends and passes back what the trainee
did; every value it sends is checked here (Voila lets a page send anything).
User text reaches the page as data and is set as text, never as HTML.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import anywidget
import traitlets

from sbs_training.errors import UserError
from sbs_training.exchange import ImportSummary, export_text, import_bytes
from sbs_training.resources import workbook_title
from sbs_training.store import visit
from sbs_training.store.journal import Journal, SaveResult
from sbs_training.widgets.base import EVERYTHING, JournalWidget, journal_changed, saved_at, widget_module
from sbs_training.widgets.download import DownloadButton

_HERE = Path(__file__).parent
_CSS = (_HERE / "kit.css").read_text(encoding="utf-8") + (_HERE / "journal_view.css").read_text(encoding="utf-8")

MAX_QUERY = 200
CONFIRM_WORD = "erase"
CHECKIN_WORKBOOK = "06-self-care-check-in"
"""Check-in notes are shown with the self-care workbook."""

# -- plain functions (testable without widgets) ---------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def matches(query: str, *fields: str) -> bool:
    """Every word of the query appears somewhere in the fields (case and accents as typed are ignored)."""
    words = _fold(query).split()
    haystack = _fold("\n".join(fields))
    return all(word in haystack for word in words)


def _when(stamp: str) -> str:
    said = saved_at(stamp)
    return f"today at {said}" if len(said) == 5 else said


def journal_groups(journal: Journal, query: str = "") -> list[dict[str, Any]]:
    """Everything written, grouped by workbook, newest first, filtered by ``query``.

    Each group is ``{workbook, title, items}``; each item a dict the page can
    show as text: reflections carry their earlier versions; check-in notes
    are read-only.
    """

    revisions: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rev in journal.revisions():
        revisions.setdefault((rev.workbook, rev.prompt), []).append(
            {
                "id": rev.id,
                "when": _when(rev.saved_at),
                "replaced": _when(rev.replaced_at),
                "reason": rev.reason,
                "text": rev.text,
                "stamp": rev.saved_at,
            }
        )
    items: list[dict[str, Any]] = []
    for r in journal.reflections():
        if not r.text and (r.workbook, r.prompt) not in revisions:
            continue
        versions = sorted(revisions.get((r.workbook, r.prompt), []), key=lambda v: v["stamp"], reverse=True)
        items.append(
            {
                "key": f"{r.workbook}/{r.prompt}",
                "kind": "reflection",
                "workbook": r.workbook,
                "prompt": r.prompt,
                "label": r.label or r.prompt,
                "text": r.text,
                "when": f"Last changed {_when(r.updated_at)}",
                "stamp": r.updated_at,
                "revisions": [{k: v for k, v in rev.items() if k != "stamp"} for rev in versions],
            }
        )
    for c in journal.checkins():
        if c.note.strip():
            items.append(
                {
                    "key": f"checkin/{c.id}",
                    "kind": "note",
                    "workbook": CHECKIN_WORKBOOK,
                    "prompt": "",
                    "label": "A note with your check-in",
                    "text": c.note,
                    "when": f"Written {_when(c.at)}",
                    "stamp": c.at,
                    "revisions": [],
                }
            )
    groups: dict[str, dict[str, Any]] = {}
    for item in sorted(items, key=lambda i: i["stamp"], reverse=True):
        title = workbook_title(item["workbook"])
        if not matches(query, item["label"], item["text"], title):
            continue
        group = groups.setdefault(item["workbook"], {"workbook": item["workbook"], "title": title, "items": []})
        group["items"].append({k: v for k, v in item.items() if k != "stamp"})
    return list(groups.values())  # first seen = newest first


def clean_filename(name: object) -> str:
    """A browser-supplied file name, safe to show in a sentence."""
    if not isinstance(name, str) or not name.strip():
        return "the uploaded file"
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")[:120]
    return base or "the uploaded file"


# -- widgets -------------------------------------------------------------------------------------


class JournalView(JournalWidget, anywidget.AnyWidget):
    redraw_on = frozenset({EVERYTHING})
    _esm = widget_module("journal_view")
    _css = _CSS

    part = traitlets.Unicode("view").tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    groups = traitlets.List(traitlets.Dict()).tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)

    def __init__(self, workbook: str, *, journal: Journal | None = None) -> None:
        super().__init__()
        self._editable: dict[str, tuple[str, str, str]] = {}
        self._versions: dict[str, int] = {}
        self._revision_ids: set[int] = set()
        self._setup_journal(workbook, "journal-view", journal)
        self.observe(self._on_query, names="query")
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        with self.saving():
            everything = self.journal.reflections()
            self._versions = {f"{r.workbook}/{r.prompt}": r.version for r in everything}
            self._editable = {f"{r.workbook}/{r.prompt}": (r.workbook, r.prompt, r.label) for r in everything}
            self._revision_ids = {rev.id for rev in self.journal.revisions()}
            groups = journal_groups(self.journal, self.query)
            shown = sum(len(g["items"]) for g in groups)
            if self.query.strip():
                total = sum(len(g["items"]) for g in journal_groups(self.journal))
                summary = (
                    f"{shown} of {total} pieces of writing match “{self.query.strip()}”."
                    if shown
                    else f"Nothing matches “{self.query.strip()}”. Try fewer or shorter words."
                )
            elif shown:
                summary = (
                    f"{shown} piece{'s' if shown != 1 else ''} of writing in "
                    f"{len(groups)} workbook{'s' if len(groups) != 1 else ''}, newest first."
                )
            else:
                summary = "Nothing written yet. What you write in any workbook will appear here."
            with self.hold_sync():
                self.groups = groups
                self.summary = summary

    def _on_query(self, change: dict) -> None:
        if len(change["new"]) > MAX_QUERY:
            self.query = change["new"][:MAX_QUERY]
            return
        self.refresh()

    def edit(self, key: object, text: object) -> SaveResult | None:
        """Save new text for an existing reflection, as a ReflectionBox would."""
        target = self._editable.get(key) if isinstance(key, str) else None
        if target is None:
            self.say("That reflection is no longer in your journal, so nothing was saved.")
            self.refresh()
            return None
        workbook, prompt, label = target
        with self.saving():
            result = self.journal.save_reflection(
                workbook, prompt, text, editor=self.editor, base_version=self._versions.get(key), label=label
            )
            self._versions[key] = result.reflection.version
            message = f"Saved {saved_at(result.reflection.updated_at)}."
            if result.conflict:
                message += (
                    " This reflection was also changed in another tab or window; that text is kept "
                    "in its earlier versions."
                )
            if result.cleaned:
                message += " Some invisible control characters were left out."
            self.say(message)
            return result
        return None

    def restore_version(self, revision_id: object) -> SaveResult | None:
        """Bring back an earlier version; the text it replaces becomes an earlier version in turn."""
        if isinstance(revision_id, bool) or not isinstance(revision_id, int) or revision_id not in self._revision_ids:
            self.say("That earlier version is no longer in your journal, so nothing changed.")
            self.refresh()
            return None
        with self.saving():
            result = self.journal.restore_revision(revision_id, editor=self.editor)
            self.refresh()
            self.say(
                "Brought back the earlier version. The text it replaced is kept under its earlier versions, "
                "so you can change your mind."
            )
            return result
        return None

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "save":
            self.edit(content.get("key"), content.get("text"))
        elif kind == "restore":
            self.restore_version(content.get("id"))
        elif kind == "done":
            self.refresh()


class JournalUpload(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("journal_view")
    _css = _CSS

    part = traitlets.Unicode("upload").tag(sync=True)
    done = traitlets.Int(0).tag(sync=True)

    def __init__(self, workbook: str, *, journal: Journal | None = None) -> None:
        super().__init__()
        self._setup_journal(workbook, "journal-upload", journal)
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        pass  # reads nothing until a file arrives

    def bring_back(self, raw: bytes, name: object = "") -> ImportSummary | None:
        """Merge an uploaded export into the journal: all of it, or (if anything is wrong) none of it."""
        with self.saving():
            summary = import_bytes(self.journal, raw, clean_filename(name))
            with self.hold_sync():
                self.status = summary.sentence()
                self.done += 1
            journal_changed(EVERYTHING)
            return summary
        return None

    def _on_msg(self, _widget: object, content: Any, buffers: list) -> None:
        if not isinstance(content, dict) or content.get("type") != "upload":
            return
        if len(buffers) != 1:
            self.say("No file arrived; choose your journal file and try again. Nothing was changed.")
            return
        self.bring_back(bytes(buffers[0]), content.get("name"))


class JournalErase(JournalWidget, anywidget.AnyWidget):
    _esm = widget_module("journal_view")
    _css = _CSS

    part = traitlets.Unicode("erase").tag(sync=True)
    erased = traitlets.Int(0).tag(sync=True)
    confirm_word = traitlets.Unicode(CONFIRM_WORD).tag(sync=True)

    def __init__(self, workbook: str, *, journal: Journal | None = None) -> None:
        super().__init__()
        self._setup_journal(workbook, "journal-erase", journal)
        self.on_msg(self._on_msg)

    def restore(self) -> None:
        pass

    def erase(self, confirm: object) -> dict[str, int] | None:
        """Erase every record, only if the confirmation word was typed."""
        if not isinstance(confirm, str) or _fold(confirm.strip()) != CONFIRM_WORD:
            self.say(f"Nothing was erased. To erase everything, type the word {CONFIRM_WORD} in the box first.")
            return None
        with self.saving():
            deleted = self.journal.erase()
            with self.hold_sync():
                self.status = (
                    "Your journal is now empty: "
                    f"{deleted['reflections']} reflections, {deleted['revisions']} earlier versions, "
                    f"{deleted['checkins']} check-ins and {deleted['answers']} answers were erased."
                )
                self.erased += 1
            journal_changed(EVERYTHING)
            return deleted
        return None

    def _on_msg(self, _widget: object, content: Any, _buffers: list) -> None:
        if isinstance(content, dict) and content.get("type") == "erase":
            self.erase(content.get("confirm"))


# -- downloads ------------------------------------------------------------------------------------

_KINDS = {
    "json": ("application/json", "json"),
    "html": ("text/html", "html"),
    "md": ("text/markdown", "md"),
}


def journal_filename(fmt: str, today: date | None = None) -> str:
    return f"my-sbs-journal-{(today or date.today()).isoformat()}.{_KINDS[fmt][1]}"


def journal_download(fmt: str, label: str, description: str = "", *, journal: Journal | None = None) -> Any:
    """A DownloadButton for the whole journal; it reads the journal only when pressed."""

    if fmt not in _KINDS:
        raise UserError(f"Unknown export format {fmt!r}; choose json, md or html.")
    button = DownloadButton(label, journal_filename(fmt), lambda: "", mime=_KINDS[fmt][0], description=description)

    def make() -> str:
        button.filename = journal_filename(fmt)  # today's date, even in a kernel started yesterday
        return export_text(journal or visit.journal(), fmt)  # type: ignore[arg-type]

    button.make = make
    return button
