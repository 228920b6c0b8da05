"""Finding what a trainee wrote: every reflection and check-in note, by workbook, newest first.

My journal (``widgets/journal_view.py``) shows these groups and says when each piece was
written; the rule for what a search finds lives here, as one rule tested without a widget:
every word of the query appears in the piece's label, its text or its workbook's title,
ignoring case and compatibility forms ("ＣＡＦÉ" finds "café").
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sbs_training.resources import workbook_title
from sbs_training.store.journal import Journal

CHECKIN_WORKBOOK = "06-self-care-check-in"
"""Check-in notes are shown with the self-care workbook."""


def fold(text: str) -> str:
    """Text as a search compares it: compatibility forms joined (NFKC), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def matches(query: str, *fields: str) -> bool:
    """Every word of the query appears somewhere in the fields (case and accents as typed are ignored)."""
    words = fold(query).split()
    haystack = fold("\n".join(fields))
    return all(word in haystack for word in words)


def journal_groups(journal: Journal, query: str = "") -> list[dict[str, Any]]:
    """Everything written, grouped by workbook, newest first, filtered by ``query``.

    Each group is ``{workbook, title, items}``. Each item has ``key``, ``kind`` ("reflection",
    or "note" for a check-in note, which is read-only), ``workbook``, ``prompt``, ``label``,
    ``text``, ``changed`` (when, as stored) and ``revisions``: a reflection's earlier versions,
    newest first, each with ``id``, ``saved_at``, ``replaced_at``, ``reason`` and ``text``.
    """
    revisions: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rev in journal.revisions():
        revisions.setdefault((rev.workbook, rev.prompt), []).append(
            {
                "id": rev.id,
                "saved_at": rev.saved_at,
                "replaced_at": rev.replaced_at,
                "reason": rev.reason,
                "text": rev.text,
            }
        )
    items: list[dict[str, Any]] = []
    for r in journal.reflections():
        if not r.text and (r.workbook, r.prompt) not in revisions:
            continue
        items.append(
            {
                "key": f"{r.workbook}/{r.prompt}",
                "kind": "reflection",
                "workbook": r.workbook,
                "prompt": r.prompt,
                "label": r.label or r.prompt,
                "text": r.text,
                "changed": r.updated_at,
                "revisions": sorted(
                    revisions.get((r.workbook, r.prompt), []), key=lambda v: v["saved_at"], reverse=True
                ),
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
                    "changed": c.at,
                    "revisions": [],
                }
            )
    groups: dict[str, dict[str, Any]] = {}
    for item in sorted(items, key=lambda i: i["changed"], reverse=True):
        title = workbook_title(item["workbook"])
        if not matches(query, item["label"], item["text"], title):
            continue
        group = groups.setdefault(item["workbook"], {"workbook": item["workbook"], "title": title, "items": []})
        group["items"].append(item)
    return list(groups.values())  # first seen = newest first
