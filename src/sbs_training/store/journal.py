"""The journal: every reflection, check-in and answer, in one private SQLite file.

Why SQLite in WAL mode: each save is one small transaction that is on disk
when ``save_*`` returns, several kernels (tabs) can write at once without
corrupting anything, and a process killed mid-write leaves the last committed
state intact. Nothing here touches the network.

Revisions: the current text of a prompt lives in ``reflections``. When a save
replaces text that another editor wrote (an earlier visit, another tab, an
import), the replaced text is copied to ``revisions`` first, so every
overwrite can be undone. Keystrokes within one editing visit update in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sbs_training.errors import JournalError
from sbs_training.store import handoff, keys, lease
from sbs_training.store.paths import ensure_private_dir, journal_path, resolve_data_dir

MAX_TEXT_CHARS = 200_000
"""A reflection longer than this is refused with a message (roughly 80 pages)."""

# Forward migrations: MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: list[str] = [
    # 0 -> 1: the three record kinds and the revision history.
    """
    CREATE TABLE reflections (
        workbook   TEXT NOT NULL,
        prompt     TEXT NOT NULL,
        text       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version    INTEGER NOT NULL DEFAULT 1,
        editor     TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (workbook, prompt)
    );
    CREATE TABLE revisions (
        id          INTEGER PRIMARY KEY,
        workbook    TEXT NOT NULL,
        prompt      TEXT NOT NULL,
        text        TEXT NOT NULL,
        digest      TEXT NOT NULL,
        saved_at    TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        reason      TEXT NOT NULL
    );
    CREATE UNIQUE INDEX revisions_once ON revisions (workbook, prompt, saved_at, digest);
    CREATE TABLE checkins (
        id   TEXT PRIMARY KEY,
        at   TEXT NOT NULL,
        data TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkins_at ON checkins (at);
    CREATE TABLE answers (
        workbook   TEXT NOT NULL,
        activity   TEXT NOT NULL,
        item       TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (workbook, activity, item)
    );
    """,
    # 1 -> 2: keep the prompt's wording beside the text, so exports and the
    # journal view read well even if the workbook changes later.
    """
    ALTER TABLE reflections ADD COLUMN label TEXT NOT NULL DEFAULT '';
    """,
    # 2 -> 3: debriefs after real group sessions. Their words are ordinary
    # reflections (so they are listed, searched, revised and restored like any
    # other); this table holds what is not text: the session's date, the
    # reflective cycle chosen and the quick tags.
    """
    CREATE TABLE debriefs (
        id           TEXT PRIMARY KEY,
        session_date TEXT NOT NULL,
        cycle        TEXT NOT NULL,
        tags         TEXT NOT NULL DEFAULT '{}',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE INDEX debriefs_session_date ON debriefs (session_date);
    """,
    # 3 -> 4: when each workbook was last opened, for the list page's "Continue where you
    # left off". One row per workbook, updated in place: a fact about the page, not a log.
    """
    CREATE TABLE visits (
        workbook   TEXT PRIMARY KEY,
        first_at   TEXT NOT NULL,
        last_at    TEXT NOT NULL
    );
    CREATE INDEX visits_last_at ON visits (last_at);
    """,
]

TABLES = ("reflections", "revisions", "checkins", "answers", "debriefs")
"""What a trainee made; erase also clears ``visits``, which only says where they left off."""
SCHEMA_VERSION = len(MIGRATIONS)

SKIPPED = "_skipped"
"""The answers activity that holds reflections skipped on purpose: item = prompt id, value = true or false.
No content id starts with "_", so it can't clash with an activity; as an answer it travels with
export and import and goes with erase like any other choice."""


def now() -> str:
    """UTC timestamps in one fixed format, so they also sort as strings."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def normalise_time(value: str) -> str:
    """Re-format an ISO timestamp into the journal's own format (raises ValueError)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="microseconds")


_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(text: object) -> tuple[str, bool]:
    """Return text safe to store and whether invisible control characters were removed.

    Control characters (NUL and friends) are dropped rather than refused: a
    trainee who pasted them should not lose the rest. Everything else
    (right-to-left text, combining marks, emoji, joiners) is kept as typed.
    """
    if not isinstance(text, str):
        raise JournalError("Only text can be saved as a reflection.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))
    if len(kept) > MAX_TEXT_CHARS:
        raise JournalError(
            f"This reflection is longer than {MAX_TEXT_CHARS:,} characters, so the last change "
            "wasn't saved; please split it into shorter pieces."
        )
    return kept, kept != text


@dataclass(frozen=True)
class Reflection:
    workbook: str
    prompt: str
    text: str
    created_at: str
    updated_at: str
    version: int
    editor: str = ""
    label: str = ""


@dataclass(frozen=True)
class Revision:
    id: int
    workbook: str
    prompt: str
    text: str
    saved_at: str
    replaced_at: str
    reason: str


@dataclass(frozen=True)
class Checkin:
    id: str
    at: str
    data: dict[str, Any]
    note: str = ""


@dataclass(frozen=True)
class Answer:
    workbook: str
    activity: str
    item: str
    value: Any
    updated_at: str


@dataclass(frozen=True)
class Debrief:
    """A debrief's facts; its words are reflections (see ``sbs_training.sessions.debrief_records``)."""

    id: str
    session_date: str
    """The day the group met (YYYY-MM-DD), which may be days before the debrief was written."""
    cycle: str
    tags: dict[str, Any]
    created_at: str
    updated_at: str


def _debrief(row: sqlite3.Row | tuple[Any, ...]) -> Debrief:
    id_, day, cycle, tags, created, updated = tuple(row)
    return Debrief(id_, day, cycle, json.loads(tags), created, updated)


@dataclass(frozen=True)
class Visit:
    workbook: str
    first_at: str
    last_at: str


@dataclass(frozen=True)
class ProgressFacts:
    """What progress is worked out from, read in one transaction; never a reflection's words."""

    written: dict[tuple[str, str], str]
    """(workbook, prompt) -> when it was first written, for every reflection that holds some text now."""
    answers: list[Answer]
    """The answers asked for (see ``progress_facts``), and every scenario's move log."""
    answered: set[str]
    """Every workbook with any answer at all."""
    checkins: list[str]
    """When each check-in was saved."""
    debriefs: list[str]
    """When each debrief was last changed."""
    visits: list[Visit]
    """Newest first."""


@dataclass(frozen=True)
class SaveResult:
    reflection: Reflection
    conflict: bool = False
    """Another editor (tab) changed this prompt since this editor last saw it."""
    cleaned: bool = False
    """Invisible control characters were removed before saving."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def keep_revision(
    db: sqlite3.Connection, workbook: str, prompt: str, text: str, saved_at: str, replaced_at: str, reason: str
) -> bool:
    """Store an earlier text once; returns False if it was already kept (or empty)."""
    if not text:
        return False
    cursor = db.execute(
        "INSERT OR IGNORE INTO revisions (workbook, prompt, text, digest, saved_at, replaced_at, reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (workbook, prompt, text, _digest(text), saved_at, replaced_at, reason),
    )
    return cursor.rowcount > 0


# A locked journal is opened with sqlcipher3, whose exceptions are its own classes (not
# sqlite3's). These tuples gain them when a locked journal is first opened; ``except``
# reads them at the time of the exception, so every handler below catches both.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError,)


def _sqlcipher() -> Any:
    """The sqlcipher3 module, its errors added to the handlers' tuples (the ``lock`` extra)."""
    global DB_ERRORS, DATABASE_ERRORS, OPERATIONAL_ERRORS
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise JournalError(
            f"This journal is locked, and opening it needs the lock's packages: run {keys.INSTALL_HINT}"
        ) from None
    if dbapi2.Error not in DB_ERRORS:
        DB_ERRORS = (*DB_ERRORS, dbapi2.Error)
        DATABASE_ERRORS = (*DATABASE_ERRORS, dbapi2.DatabaseError)
        OPERATIONAL_ERRORS = (*OPERATIONAL_ERRORS, dbapi2.OperationalError)
    return dbapi2


def connect_locked(path: Path, data_key: bytes, **options: Any) -> Any:
    """A SQLCipher connection to a locked journal (or a new file to lock), keyed and quiet.

    The settings are pinned to SQLCipher 4's, so a later sqlcipher3 release with new
    defaults still opens journals locked today.
    """
    dbapi2 = _sqlcipher()
    db = dbapi2.connect(path, **options)
    db.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our sentence, not SQLCipher's log line
    db.execute(f"PRAGMA key = {keys.sqlcipher_key(data_key)}")
    db.execute("PRAGMA cipher_compatibility = 4")
    return db


def _explain(exc: Exception, path: Path) -> JournalError:
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return JournalError(f"The journal {path} is read-only, so nothing was saved; check its permissions.")
    if "disk is full" in message or "disk i/o" in message:
        return JournalError(
            f"The disk holding {path} is full or failing, so nothing was saved; free some space and try again."
        )
    if "locked" in message or "busy" in message:
        return JournalError(
            f"The journal {path} is busy in another program, so nothing was saved; try again in a moment."
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return JournalError(f"The journal {path} is damaged and can't be read.")
    if "unable to open" in message:
        return JournalError(f"Can't open the journal {path}; check that its folder exists and is writable.")
    return JournalError(f"The journal {path} could not be used ({exc}); nothing was changed.")


class JournalLocked(JournalError):
    """The journal is locked and no key was given."""


class Journal:
    """One open journal. Safe to share between threads of one kernel.

    A locked journal (see ``store.keys``) needs its data key, which the command line
    gets from the passphrase and ``serve`` hands to its kernels.
    """

    def __init__(self, data_dir: Path, key: bytes | None = None) -> None:
        self.data_dir = ensure_private_dir(data_dir)
        self.path = journal_path(self.data_dir)
        self._lock = threading.RLock()
        # Held until close: lock and unlock wait for nobody to have the journal open.
        self._lease = lease.shared(self.data_dir)
        try:
            self._open(key)
        except BaseException:
            self._lease.release()
            raise

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, key: bytes | None = None) -> Journal:
        """The journal where it lives; a locked one takes its key from ``serve`` or ``keep-open`` if they hold it.

        That is how kernels, and the server's own pages, open a locked journal (store/handoff.py).
        """
        folder = resolve_data_dir(data_dir)
        if key is None and keys.is_locked(journal_path(folder)):
            key = handoff.receive_key(folder)
        return cls(folder, key)

    # -- set-up ---------------------------------------------------------------

    def _open(self, key: bytes | None) -> None:
        self.locked = keys.is_locked(self.path)
        if self.locked and key is None:
            raise JournalLocked(
                f"The journal in {self.data_dir} is locked and its passphrase wasn't given: commands ask for it "
                "at a terminal or take --passphrase-file FILE, serve asks once at start, and on JupyterHub "
                "'sbs-training keep-open' in a terminal lets the workbooks open it."
            )
        if not self.locked:
            self._create_private_file()
        options: dict[str, Any] = {"timeout": 15, "isolation_level": None, "check_same_thread": False}
        self._dbapi: Any = _sqlcipher() if self.locked else sqlite3
        try:
            if key is not None and self.locked:
                self._db = connect_locked(self.path, key, **options)
            else:
                self._db = sqlite3.connect(self.path, **options)
        except DB_ERRORS as exc:
            raise _explain(exc, self.path) from None
        try:
            self._prepare()
        except DATABASE_ERRORS as exc:
            self._db.close()
            error = _explain(exc, self.path)
            if self.locked and "damaged" in str(error):
                # A key that doesn't fit reads as "not a database": never call that damage.
                raise JournalError(
                    f"The journal {self.path} could not be opened with its key; it was left as it is."
                ) from None
            if "damaged" in str(error):
                error = JournalError(f"{error} {self._keep_damaged_copy()}")
            raise error from None

    def _create_private_file(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            if self.path.exists():
                return  # read-only file: let SQLite open it and explain on first write
            raise JournalError(
                f"Can't create the journal in {self.data_dir} (permission denied); "
                "choose another folder with --data-dir."
            ) from None
        except OSError as exc:
            raise JournalError(f"Can't create the journal in {self.data_dir}: {exc.strerror or exc}.") from None
        os.close(fd)
        try:
            if self.path.stat().st_mode & 0o077:
                self.path.chmod(0o600)
        except OSError:
            pass

    def _prepare(self) -> None:
        db = self._db
        db.execute("PRAGMA busy_timeout = 15000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"The journal {self.path} was written by a newer version of sbs-training "
                f"(schema {version}); upgrade sbs-training to open it."
            )
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise self._dbapi.DatabaseError("database disk image is malformed")
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            # If the file is read-only this fails: reads still work, writes explain themselves.
            with suppress(*OPERATIONAL_ERRORS):
                db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA secure_delete = ON")
        while version < SCHEMA_VERSION:
            with self._write():
                if db.execute("PRAGMA user_version").fetchone()[0] != version:
                    break  # another process migrated first
                # One statement at a time: executescript() would commit half-way.
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            version = db.execute("PRAGMA user_version").fetchone()[0]

    def _keep_damaged_copy(self) -> str:
        try:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:12]
            copy = self.path.with_name(f"{self.path.name}.damaged-{digest}")
            if not copy.exists():
                shutil.copyfile(self.path, copy)
                copy.chmod(0o600)
            return f"A copy was kept at {copy} and the original was left as it is."
        except OSError:
            return "The original was left as it is."

    def close(self) -> None:
        with self._lock:
            self._db.close()
            self._lease.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it does."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except DB_ERRORS as exc:
                raise _explain(exc, self.path) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, DB_ERRORS):
                    raise _explain(exc, self.path) from None
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._db.execute(sql, params)
                cursor.row_factory = self._dbapi.Row
                return cursor.fetchall()
            except DB_ERRORS as exc:
                raise _explain(exc, self.path) from None

    def schema_version(self) -> int:
        return self._read("PRAGMA user_version")[0][0]

    # -- reflections ------------------------------------------------------------

    def get_reflection(self, workbook: str, prompt: str) -> Reflection | None:
        rows = self._read("SELECT * FROM reflections WHERE workbook = ? AND prompt = ?", (workbook, prompt))
        return Reflection(**dict(rows[0])) if rows else None

    def reflections(self) -> list[Reflection]:
        rows = self._read("SELECT * FROM reflections ORDER BY workbook, updated_at DESC")
        return [Reflection(**dict(r)) for r in rows]

    def revisions(self, workbook: str | None = None, prompt: str | None = None) -> list[Revision]:
        if workbook is None:
            rows = self._read("SELECT * FROM revisions ORDER BY workbook, prompt, replaced_at")
        else:
            rows = self._read(
                "SELECT * FROM revisions WHERE workbook = ? AND prompt = ? ORDER BY replaced_at DESC",
                (workbook, prompt),
            )
        fields = ("id", "workbook", "prompt", "text", "saved_at", "replaced_at", "reason")
        return [Revision(*(r[f] for f in fields)) for r in rows]

    def save_reflection(
        self,
        workbook: str,
        prompt: str,
        text: object,
        *,
        editor: str,
        base_version: int | None = None,
        label: str = "",
    ) -> SaveResult:
        """Save the current text of one prompt.

        ``editor`` names the tab or visit doing the typing; ``base_version`` is
        the version that editor last saw. If someone else wrote in between,
        their text goes to the revisions and ``conflict`` is set.
        """
        clean, cleaned = clean_text(text)
        with self._write() as db:
            row = db.execute(
                "SELECT * FROM reflections WHERE workbook = ? AND prompt = ?", (workbook, prompt)
            ).fetchone()
            stamp = now()
            if row is None:
                db.execute(
                    "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
                    " VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                    (workbook, prompt, clean, stamp, stamp, editor, label),
                )
                return SaveResult(Reflection(workbook, prompt, clean, stamp, stamp, 1, editor, label), cleaned=cleaned)
            current = Reflection(*row)
            conflict = base_version is not None and current.version != base_version
            if clean == current.text:
                return SaveResult(current, conflict=False, cleaned=cleaned)
            if conflict or current.editor != editor:
                reason = "changed in another tab" if conflict else "replaced by a later edit"
                keep_revision(db, current.workbook, prompt, current.text, current.updated_at, stamp, reason)
            version = current.version + 1
            db.execute(
                "UPDATE reflections SET text = ?, updated_at = ?, version = ?, editor = ?, label = ?"
                " WHERE workbook = ? AND prompt = ?",
                (clean, stamp, version, editor, label or current.label, workbook, prompt),
            )
            saved = Reflection(
                workbook, prompt, clean, current.created_at, stamp, version, editor, label or current.label
            )
            return SaveResult(saved, conflict=conflict, cleaned=cleaned)

    def restore_revision(self, revision_id: int, *, editor: str) -> SaveResult:
        """Bring back an earlier text; the text it replaces becomes a revision in turn."""
        rows = self._read("SELECT workbook, prompt, text FROM revisions WHERE id = ?", (revision_id,))
        if not rows:
            raise JournalError("That earlier version is no longer in the journal.")
        workbook, prompt, text = rows[0]
        # A fresh editor name makes the save keep the current text as a revision.
        return self.save_reflection(workbook, prompt, text, editor=f"{editor}:restore:{revision_id}")

    # -- check-ins -------------------------------------------------------------

    def add_checkin(
        self, data: dict[str, Any], note: str = "", *, at: str | None = None, id: str | None = None
    ) -> Checkin:

        note, _ = clean_text(note)
        record = Checkin(id or uuid.uuid4().hex, normalise_time(at) if at else now(), dict(data), note)
        with self._write() as db:
            db.execute(
                "INSERT INTO checkins (id, at, data, note) VALUES (?, ?, ?, ?)",
                (record.id, record.at, json.dumps(record.data, ensure_ascii=False, sort_keys=True), record.note),
            )
        return record

    def checkins(self, since: str | None = None) -> list[Checkin]:
        rows = self._read("SELECT * FROM checkins WHERE at >= ? ORDER BY at", (since or "",))
        return [Checkin(r["id"], r["at"], json.loads(r["data"]), r["note"]) for r in rows]

    # -- answers ---------------------------------------------------------------

    def set_answer(self, workbook: str, activity: str, item: str, value: Any) -> Answer:
        """Record what a trainee chose; the latest choice for an item wins."""
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if len(encoded) > MAX_TEXT_CHARS:
            raise JournalError("That answer is too long to save; please shorten it.")
        stamp = now()
        with self._write() as db:
            db.execute(
                "INSERT INTO answers (workbook, activity, item, value, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (workbook, activity, item) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (workbook, activity, item, encoded, stamp),
            )
        return Answer(workbook, activity, item, json.loads(encoded), stamp)

    def answers(self, workbook: str | None = None, activity: str | None = None) -> list[Answer]:
        sql, params = "SELECT * FROM answers", ()
        if workbook is not None and activity is not None:
            sql, params = sql + " WHERE workbook = ? AND activity = ?", (workbook, activity)
        elif workbook is not None:
            sql, params = sql + " WHERE workbook = ?", (workbook,)
        rows = self._read(sql + " ORDER BY workbook, activity, item", params)
        return [Answer(r["workbook"], r["activity"], r["item"], json.loads(r["value"]), r["updated_at"]) for r in rows]

    def clear_answers(self, workbook: str, activity: str) -> int:
        """Forget an activity's answers, e.g. when a trainee restarts a scenario."""
        with self._write() as db:
            return db.execute("DELETE FROM answers WHERE workbook = ? AND activity = ?", (workbook, activity)).rowcount

    # -- debriefs ----------------------------------------------------------------

    def save_debrief(self, id: str, session_date: str, cycle: str, tags: dict[str, Any] | None = None) -> Debrief:
        """Create or update a debrief's facts; the created time never changes."""
        encoded = json.dumps(tags or {}, ensure_ascii=False, sort_keys=True)
        if len(encoded) > MAX_TEXT_CHARS:
            raise JournalError("Those tags are too long to save; please choose fewer.")
        stamp = now()
        with self._write() as db:
            db.execute(
                "INSERT INTO debriefs (id, session_date, cycle, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET session_date = excluded.session_date, cycle = excluded.cycle,"
                " tags = excluded.tags, updated_at = excluded.updated_at",
                (id, session_date, cycle, encoded, stamp, stamp),
            )
            row = db.execute("SELECT * FROM debriefs WHERE id = ?", (id,)).fetchone()
        return _debrief(row)

    def get_debrief(self, id: str) -> Debrief | None:
        rows = self._read("SELECT * FROM debriefs WHERE id = ?", (id,))
        return _debrief(rows[0]) if rows else None

    def debriefs(self, since: str | None = None, until: str | None = None) -> list[Debrief]:
        """Debriefs whose session fell between two days (YYYY-MM-DD, both included), oldest first."""
        rows = self._read(
            "SELECT * FROM debriefs WHERE session_date >= ? AND session_date <= ? ORDER BY session_date, created_at",
            (since or "", until or "9999-12-31"),
        )
        return [_debrief(r) for r in rows]

    # -- visits and progress --------------------------------------------------------------

    def record_visit(self, workbook: str) -> Visit:
        """A visit to a workbook's page has started (see ``store.visit``)."""
        stamp = now()
        with self._write() as db:
            db.execute(
                "INSERT INTO visits (workbook, first_at, last_at) VALUES (?, ?, ?)"
                " ON CONFLICT (workbook) DO UPDATE SET last_at = excluded.last_at",
                (workbook, stamp, stamp),
            )
            row = db.execute("SELECT * FROM visits WHERE workbook = ?", (workbook,)).fetchone()
        return Visit(*row)

    def progress_facts(self, activities: Collection[str] = ()) -> ProgressFacts:
        """Everything progress needs, in one read transaction (one consistent picture for the list page).

        Only the answers of ``activities`` (and scenario move logs) are decoded: a journal of
        thousands of answers stays quick to summarise.
        """
        wanted = sorted(set(activities))
        marks = ", ".join("?" * len(wanted))
        with self._lock:
            try:
                self._db.execute("BEGIN")
                try:
                    written = self._db.execute(
                        "SELECT workbook, prompt, created_at FROM reflections WHERE length(trim(text)) > 0"
                    ).fetchall()
                    answers = self._db.execute(
                        "SELECT workbook, activity, item, value, updated_at FROM answers"
                        f" WHERE item = 'moves' OR activity IN ({marks})",
                        wanted,
                    ).fetchall()
                    answered = self._db.execute("SELECT DISTINCT workbook FROM answers").fetchall()
                    checkins = self._db.execute("SELECT at FROM checkins ORDER BY at").fetchall()
                    debriefs = self._db.execute("SELECT updated_at FROM debriefs ORDER BY updated_at").fetchall()
                    visits = self._db.execute(
                        "SELECT workbook, first_at, last_at FROM visits ORDER BY last_at DESC"
                    ).fetchall()
                finally:
                    self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _explain(exc, self.path) from None
        return ProgressFacts(
            written={(w, p): at for w, p, at in written},
            answers=[Answer(w, a, i, json.loads(v), at) for w, a, i, v, at in answers],
            answered={r[0] for r in answered},
            checkins=[r[0] for r in checkins],
            debriefs=[r[0] for r in debriefs],
            visits=[Visit(*r) for r in visits],
        )

    # -- merging (import) --------------------------------------------------------------

    @contextmanager
    def merging(self) -> Iterator[Merge]:
        """Merge records from elsewhere (an import) in one transaction: all of them, or none."""
        with self._write() as db:
            yield Merge(db)

    # -- whole journal -------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {table: self._read(f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES}

    def erase(self) -> dict[str, int]:
        """Delete every record; secure_delete and a WAL truncate leave no readable trace."""
        with self._write() as db:
            deleted = {table: db.execute(f"DELETE FROM {table}").rowcount for table in TABLES}
            db.execute("DELETE FROM visits")
        with self._lock:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._db.execute("VACUUM")
            except DB_ERRORS:
                pass  # the records are gone already; compaction can wait
        return deleted

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """For importers: several changes that must land together or not at all."""
        with self._write() as db:
            yield db


class Merge:
    """The merge rules an import needs, inside one open write transaction.

    Each method says what it did ("added", "updated", "kept" or ``None`` for
    nothing new), so the importer can tell the trainee. Newer local text is
    never replaced by older imported text: the older one becomes a revision.
    Merging the same records twice changes nothing.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def revision(self, workbook: str, prompt: str, text: str, saved_at: str, replaced_at: str, reason: str) -> bool:
        return keep_revision(self._db, workbook, prompt, clean_text(text)[0], saved_at, replaced_at, reason)

    def reflection(
        self, workbook: str, prompt: str, text: str, *, label: str, created_at: str, updated_at: str
    ) -> str | None:
        db = self._db
        text, _ = clean_text(text)
        row = db.execute(
            "SELECT text, updated_at, version, label FROM reflections WHERE workbook = ? AND prompt = ?",
            (workbook, prompt),
        ).fetchone()
        if row is None:
            if not text:
                return None
            db.execute(
                "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
                " VALUES (?, ?, ?, ?, ?, 1, 'import', ?)",
                (workbook, prompt, text, created_at, updated_at, label),
            )
            return "added"
        local_text, local_updated, version, local_label = row
        if local_text == text:
            return None
        if local_updated >= updated_at:
            # Local is newer: the imported text is kept as an earlier version only.
            kept = keep_revision(db, workbook, prompt, text, updated_at, now(), "imported, older than yours")
            return "kept" if kept else None
        keep_revision(db, workbook, prompt, local_text, local_updated, now(), "replaced by a newer import")
        db.execute(
            "UPDATE reflections SET text = ?, updated_at = ?, version = ?, editor = 'import', label = ?"
            " WHERE workbook = ? AND prompt = ?",
            (text, updated_at, version + 1, label or local_label, workbook, prompt),
        )
        return "updated"

    def checkin(self, id: str, at: str, data: dict[str, Any], note: str) -> str | None:
        if self._db.execute("SELECT 1 FROM checkins WHERE id = ?", (id,)).fetchone():
            return None
        self._db.execute(
            "INSERT INTO checkins (id, at, data, note) VALUES (?, ?, ?, ?)",
            (id, at, json.dumps(data, ensure_ascii=False, sort_keys=True), clean_text(note)[0]),
        )
        return "added"

    def answer(self, workbook: str, activity: str, item: str, value: Any, updated_at: str) -> str | None:
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        row = self._db.execute(
            "SELECT value, updated_at FROM answers WHERE workbook = ? AND activity = ? AND item = ?",
            (workbook, activity, item),
        ).fetchone()
        if row is not None and (row[0] == encoded or row[1] >= updated_at):
            return None
        self._db.execute(
            "INSERT OR REPLACE INTO answers (workbook, activity, item, value, updated_at) VALUES (?, ?, ?, ?, ?)",
            (workbook, activity, item, encoded, updated_at),
        )
        return "added" if row is None else "updated"

    def debrief(self, record: Debrief) -> str | None:
        """The later-changed copy of a debrief's facts wins; the earlier created time is kept."""
        db = self._db
        encoded = json.dumps(record.tags, ensure_ascii=False, sort_keys=True)
        row = db.execute("SELECT * FROM debriefs WHERE id = ?", (record.id,)).fetchone()
        if row is None:
            db.execute(
                "INSERT INTO debriefs (id, session_date, cycle, tags, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, record.session_date, record.cycle, encoded, record.created_at, record.updated_at),
            )
            return "added"
        local = _debrief(row)
        same = (local.session_date, local.cycle, local.tags) == (record.session_date, record.cycle, record.tags)
        if same or local.updated_at >= record.updated_at:
            return None
        db.execute(
            "UPDATE debriefs SET session_date = ?, cycle = ?, tags = ?, created_at = ?, updated_at = ? WHERE id = ?",
            (
                record.session_date,
                record.cycle,
                encoded,
                min(local.created_at, record.created_at),
                record.updated_at,
                record.id,
            ),
        )
        return "updated"
