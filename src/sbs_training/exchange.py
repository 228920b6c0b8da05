"""Taking a journal home and bringing it back: export and import.

JSON is the lossless format (it restores everything, revisions included);
Markdown and HTML are for reading and printing. Import is a merge in one
transaction: it never replaces newer local text with older imported text
(the older one becomes a revision), and importing the same file twice
changes nothing. The merge rules themselves live in the journal
(``Journal.merging()``); this module reads, checks and writes files.

Format versions: 1 had reflections, check-ins and answers; 2 adds debriefs.
An older file is brought up to date by ``EXPORT_MIGRATIONS`` before it is
checked, so every export ever written still imports.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sbs_training.documents import Block, Document, Heading, ItemList, Paragraph, Section, items, to_html, to_markdown
from sbs_training.errors import UserError
from sbs_training.resources import workbook_title
from sbs_training.sessions.debrief_records import describe_facts
from sbs_training.store.journal import Debrief, Journal, clean_text, normalise_time, now

FORMAT = "sbs-training-journal"
VERSION = 2


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 files had no debriefs."""
    return {**data, "debriefs": data.get("debriefs", []), "version": 2}


EXPORT_MIGRATIONS: dict[int, Any] = {1: _v1_to_v2}
"""EXPORT_MIGRATIONS[n] turns a version n file into version n + 1."""
MAX_IMPORT_BYTES = 25 * 1024 * 1024


# -- export ------------------------------------------------------------------------


def export_data(journal: Journal) -> dict[str, Any]:
    revisions: dict[tuple[str, str], list[dict[str, str]]] = {}
    for rev in journal.revisions():
        revisions.setdefault((rev.workbook, rev.prompt), []).append(
            {"text": rev.text, "saved_at": rev.saved_at, "replaced_at": rev.replaced_at, "reason": rev.reason}
        )
    reflections = [
        {
            "workbook": r.workbook,
            "prompt": r.prompt,
            "label": r.label,
            "text": r.text,
            "created_at": r.created_at,
            "updated_at": r.updated_at,
            "revisions": revisions.pop((r.workbook, r.prompt), []),
        }
        for r in journal.reflections()
    ]
    # Revisions of a prompt whose current text was erased still travel.
    for (workbook, prompt), revs in revisions.items():
        reflections.append(
            {
                "workbook": workbook,
                "prompt": prompt,
                "label": "",
                "text": "",
                "created_at": revs[0]["saved_at"],
                "updated_at": revs[0]["saved_at"],
                "revisions": revs,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now(),
        "reflections": reflections,
        "checkins": [{"id": c.id, "at": c.at, "data": c.data, "note": c.note} for c in journal.checkins()],
        "answers": [
            {
                "workbook": a.workbook,
                "activity": a.activity,
                "item": a.item,
                "value": a.value,
                "updated_at": a.updated_at,
            }
            for a in journal.answers()
        ],
        "debriefs": [
            {
                "id": d.id,
                "session_date": d.session_date,
                "cycle": d.cycle,
                "tags": d.tags,
                "created_at": d.created_at,
                "updated_at": d.updated_at,
            }
            for d in journal.debriefs()
        ],
    }


def export_text(journal: Journal, fmt: Literal["json", "md", "html"]) -> str:
    data = export_data(journal)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return to_markdown(journal_document(data))
    if fmt == "html":
        return to_html(journal_document(data))
    raise UserError(f"Unknown export format {fmt!r}; choose json, md or html.")


def _by_workbook(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:

    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(data["reflections"], key=lambda r: (r["workbook"], r["updated_at"]), reverse=False):
        if r["text"]:
            grouped.setdefault(workbook_title(r["workbook"]), []).append(r)
    return grouped


def _local_time(stamp: str) -> str:

    return datetime.fromisoformat(stamp).astimezone().strftime("%d %B %Y, %H:%M")


TITLE = "My Side by Side Training journal"


def journal_document(data: dict[str, Any]) -> Document:
    """The journal as one document: each workbook's reflections, then check-ins and debriefs."""
    blocks: list[Block] = [
        Paragraph(f"Exported {_local_time(data['exported_at'])}. This is private: keep it somewhere safe.")
    ]
    for title, reflections in _by_workbook(data).items():
        blocks.append(Heading(title))
        blocks += [
            Section(
                [
                    Heading(r["label"] or r["prompt"], 3),
                    Paragraph(f"Last changed {_local_time(r['updated_at'])}", cls="when", emphasis=True),
                    Paragraph(r["text"], cls="text"),
                ]
            )
            for r in reflections
        ]
    if data["checkins"]:
        blocks += [Heading("Check-ins"), ItemList(items([_checkin_line(c) for c in data["checkins"]]))]
    if data["debriefs"]:
        lines = [describe_facts(d["session_date"], d["cycle"], d["tags"]) for d in data["debriefs"]]
        blocks += [Heading("Debriefs after sessions"), ItemList(items(lines))]
    return Document(TITLE, blocks, style="journal_export")


def _checkin_line(c: dict[str, Any]) -> str:
    measures = ", ".join(f"{k}: {v}" for k, v in c["data"].items())
    return f"{_local_time(c['at'])}: {measures}" + (f". {c['note']}" if c["note"] else "")


# -- import ------------------------------------------------------------------------


@dataclass
class ImportSummary:
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def sentence(self) -> str:
        def say(counter: Counter[str]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counter.items() if n) or "nothing"

        if not (self.added or self.updated or self.kept):
            return "Nothing new to add: your journal already holds everything in this file."
        text = f"Added {say(self.added)}; updated {say(self.updated)}."
        if self.kept:
            text += (
                f" Kept your newer copy of {say(self.kept)}; the older imported text is saved as an earlier version."
            )
        return text


def _models():
    """Pydantic models for an export file, built on first use to keep the CLI fast."""
    from pydantic import BaseModel, ConfigDict, field_validator

    class Strict(BaseModel):
        model_config = ConfigDict(extra="ignore", strict=True)

    class Stamped(Strict):
        @field_validator("created_at", "updated_at", "saved_at", "replaced_at", "at", check_fields=False)
        @classmethod
        def _time(cls, value: str) -> str:
            return normalise_time(value)

    class RevisionIn(Stamped):
        text: str
        saved_at: str
        replaced_at: str
        reason: str = "imported"

    class ReflectionIn(Stamped):
        workbook: str
        prompt: str
        label: str = ""
        text: str
        created_at: str
        updated_at: str
        revisions: list[RevisionIn] = []

    class CheckinIn(Stamped):
        id: str
        at: str
        data: dict[str, Any]
        note: str = ""

    class AnswerIn(Stamped):
        workbook: str
        activity: str
        item: str
        value: Any
        updated_at: str

    class DebriefIn(Stamped):
        id: str
        session_date: str
        cycle: str
        tags: dict[str, Any] = {}
        created_at: str
        updated_at: str

        @field_validator("session_date")
        @classmethod
        def _day(cls, value: str) -> str:

            return date.fromisoformat(value).isoformat()

    class ExportIn(Strict):
        format: str
        version: int
        exported_at: str
        reflections: list[ReflectionIn]
        checkins: list[CheckinIn]
        answers: list[AnswerIn]
        debriefs: list[DebriefIn]

    return ExportIn


def read_export(path: Path) -> Any:
    """Read and check an export file completely before anything is written."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise UserError(
                f"{path.name} is {size // (1024 * 1024)} MB, larger than any journal export; nothing was imported."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no file called {path}; nothing was imported.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not an export file; nothing was imported.") from None
    except PermissionError:
        raise UserError(f"{path} can't be read (permission denied); nothing was imported.") from None
    except OSError as exc:
        raise UserError(f"{path} can't be read ({exc.strerror or exc}); nothing was imported.") from None
    return parse_export(raw, path.name)


def parse_export(raw: bytes, name: str) -> Any:
    """Check the bytes of an export (from a file or a browser upload); raise UserError if unusable."""
    from pydantic import ValidationError  # pydantic on first use, as in _models(): keeps the CLI fast

    if len(raw) > MAX_IMPORT_BYTES:
        raise UserError(
            f"{name} is {len(raw) // (1024 * 1024)} MB, larger than any journal export; nothing was imported."
        )
    if not raw.strip():
        raise UserError(f"{name} is empty; nothing was imported.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{name} is not a text file, so it can't be a journal export; nothing was imported.") from None
    except json.JSONDecodeError:
        raise UserError(f"{name} is not valid JSON (it may be cut short); nothing was imported.") from None
    except RecursionError:
        raise UserError(f"{name} is nested too deeply to be a journal export; nothing was imported.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f"{name} is not an sbs-training journal export; nothing was imported.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError(f"{name} has no valid export version; nothing was imported.")
    if version > VERSION:
        raise UserError(
            f"{name} was exported by a newer version of sbs-training (format {version}); "
            "upgrade sbs-training to import it. Nothing was imported."
        )
    while version < VERSION:
        data = EXPORT_MIGRATIONS[version](data)
        version = data["version"]
    try:
        parsed = _models().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(
            f"{name} has an unexpected value at {where} ({first['msg'].lower()}); nothing was imported."
        ) from None
    _refuse_duplicates(name, parsed)
    for r in parsed.reflections:
        for text in [r.text, *(rev.text for rev in r.revisions)]:
            try:
                clean_text(text)
            except UserError as exc:
                raise UserError(f"{name}: {exc} Nothing was imported.") from None
    return parsed


def _refuse_duplicates(name: str, parsed: Any) -> None:
    for kind, keys in (
        ("reflection", [(r.workbook, r.prompt) for r in parsed.reflections]),
        ("check-in", [c.id for c in parsed.checkins]),
        ("answer", [(a.workbook, a.activity, a.item) for a in parsed.answers]),
        ("debrief", [d.id for d in parsed.debriefs]),
    ):
        twice = [k for k, n in Counter(keys).items() if n > 1]
        if twice:
            label = "/".join(twice[0]) if isinstance(twice[0], tuple) else twice[0]
            raise UserError(f"{name} lists the {kind} {label} more than once; nothing was imported.")


def import_file(journal: Journal, path: Path) -> ImportSummary:
    return import_parsed(journal, read_export(path))


def import_bytes(journal: Journal, raw: bytes, name: str = "the uploaded file") -> ImportSummary:
    """The same merge as ``sbs-training import``, for a file uploaded in the browser."""
    return import_parsed(journal, parse_export(raw, name))


def import_parsed(journal: Journal, parsed: Any) -> ImportSummary:
    """Merge a checked export in one transaction: all of it, or none of it."""
    summary = ImportSummary()
    tally = {"added": summary.added, "updated": summary.updated, "kept": summary.kept}
    with journal.merging() as merge:
        for r in parsed.reflections:
            for rev in r.revisions:
                if merge.revision(r.workbook, r.prompt, rev.text, rev.saved_at, rev.replaced_at, rev.reason):
                    summary.added["earlier versions"] += 1
            outcome = merge.reflection(
                r.workbook, r.prompt, r.text, label=r.label, created_at=r.created_at, updated_at=r.updated_at
            )
            if outcome:
                tally[outcome]["reflections"] += 1
        for c in parsed.checkins:
            if merge.checkin(c.id, c.at, c.data, c.note):
                summary.added["check-ins"] += 1
        for a in parsed.answers:
            outcome = merge.answer(a.workbook, a.activity, a.item, a.value, a.updated_at)
            if outcome:
                tally[outcome]["answers"] += 1
        for d in parsed.debriefs:
            record = Debrief(d.id, d.session_date, d.cycle, d.tags, d.created_at, d.updated_at)
            outcome = merge.debrief(record)
            if outcome:
                tally[outcome]["debriefs"] += 1
    return summary
