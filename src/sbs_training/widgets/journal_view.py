"""JournalView: every reflection (and every check-in note) in My journal, with search, editing and earlier versions.

Grouped by workbook, newest first; what a search finds is ``sbs_training.search``'s rule.
Any reflection opens for editing and saves as you type, through the journal exactly as a
ReflectionBox does (an editor id and the version it last saw, so nothing is overwritten
unseen). Earlier versions can be read and brought back.

The page only displays what Python sends and passes back what the trainee did; every
value it sends is checked here (Voila lets a page send anything). User text reaches the
page as data and is set as text, never as HTML.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from sbs_training.search import journal_groups
from sbs_training.store.journal import Journal, SaveResult
from sbs_training.widgets.base import EVERYTHING, JournalWidget, saved_at, widget_css, widget_module

MAX_QUERY = 200


def _when(stamp: str) -> str:
    said = saved_at(stamp)
    return f"today at {said}" if len(said) == 5 else said


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    """One piece of writing as the page shows it: when it was written, said in the trainee's own time."""
    changed = "Last changed" if item["kind"] == "reflection" else "Written"
    return {
        **{k: item[k] for k in ("key", "kind", "workbook", "prompt", "label", "text")},
        "when": f"{changed} {_when(item['changed'])}",
        "revisions": [
            {
                "id": rev["id"],
                "when": _when(rev["saved_at"]),
                "replaced": _when(rev["replaced_at"]),
                "reason": rev["reason"],
                "text": rev["text"],
            }
            for rev in item["revisions"]
        ],
    }


class JournalView(JournalWidget, anywidget.AnyWidget):
    redraw_on = frozenset({EVERYTHING})
    _esm = widget_module("journal_view")
    _css = widget_css("journal_view")

    query = traitlets.Unicode("").tag(sync=True)
    max_query = traitlets.Int(MAX_QUERY).tag(sync=True)
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
                self.groups = [{**g, "items": [_shown(i) for i in g["items"]]} for g in groups]
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
