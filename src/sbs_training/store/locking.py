"""Locking and unlocking the journal without ever risking a word of it.

Both directions work the same way: copy the whole journal into a new file beside
it (``journal.sqlite3.new``) with ``sqlcipher_export``, check the copy (SQLite's
integrity check, SQLCipher's page checks, the schema, and every table's row count
and a digest of its rows, against the original), and only then swap the copy in
with one ``rename``. Every table comes along: reflections, earlier versions,
check-ins, answers and debriefs.

Why a crash at any moment leaves one complete journal, plain or locked:

- Nobody else has the journal open (an exclusive ``store.lease``), and the
  original is checkpointed and closed before the swap, so its ``-wal`` file is
  gone or empty: no frames of the old file can be replayed into the new one.
- The copy is written, checked, closed and fsynced before the swap; a crash
  before the swap leaves the original as it was, plus a stray copy that the next
  ``lock`` or ``unlock`` removes.
- When locking, ``journal.key`` (the wrapped data key) is written atomically and
  fsynced, with its folder, *before* the swap; when unlocking it is removed only
  *after*. So an encrypted journal never exists without its key file. A key file
  beside a plain journal is stale (the file's own header says which it is; see
  ``keys.is_locked``) and is tidied away.
- ``rename`` replaces the journal atomically, and the folder is fsynced after it.

Tests kill the process at each named step (``SBS_TRAINING_TEST_KILL_AT``, read
only here) and in the middle of the copy, and find one complete journal each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sbs_training.errors import JournalError
from sbs_training.store import keys, lease
from sbs_training.store.journal import TABLES, Journal, connect_locked
from sbs_training.store.paths import ensure_private_dir, journal_path

KILL_ENV = "SBS_TRAINING_TEST_KILL_AT"
COPY_SUFFIX = ".new"
SIDE_FILES = ("-wal", "-shm", "-journal")


def _step(name: str) -> None:
    """A test hook: die here, as a power cut or a kill would, when a test names this step."""
    if os.environ.get(KILL_ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_path(journal: Path) -> Path:
    return journal.with_name(journal.name + COPY_SUFFIX)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _encrypted(journal: Path) -> bool:
    """The file's header alone: a plain SQLite file names itself, a SQLCipher one starts with random bytes."""
    try:
        with journal.open("rb") as handle:
            head = handle.read(len(keys.SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != keys.SQLITE_HEADER


def tidy(data_dir: Path) -> None:
    """Remove what an interrupted lock, unlock or passphrase change left behind (call under the exclusive lease)."""
    journal = journal_path(data_dir)
    copy = copy_path(journal)
    for path in (copy, *(Path(f"{copy}{side}") for side in SIDE_FILES)):
        _remove(path)
    _remove(data_dir / (keys.KEY_FILE + COPY_SUFFIX))
    if not _encrypted(journal):
        _remove(keys.key_file(data_dir))  # a key file beside a plain journal opens nothing
    _fsync_folder(data_dir)


def write_key_file(data_dir: Path, key_file: keys.KeyFile) -> None:
    """Replace ``journal.key`` atomically and durably: a crash leaves the old file or the new, whole."""
    target = keys.key_file(data_dir)
    temporary = data_dir / (keys.KEY_FILE + COPY_SUFFIX)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key_file.to_json())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    _fsync_folder(data_dir)


# -- reading and checking ----------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """Everything a copy must match: schema, version, and each table's row count and rows' digest."""

    user_version: int
    schema: tuple[tuple[Any, ...], ...]
    tables: dict[str, tuple[int, str]]

    def counts(self) -> dict[str, int]:
        return {name: self.tables.get(name, (0, ""))[0] for name in TABLES}


def fingerprint(db: Any) -> Fingerprint:
    schema = tuple(
        tuple(row)
        for row in db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        )
    )
    tables: dict[str, tuple[int, str]] = {}
    for kind, name, _, _ in schema:
        if kind != "table":
            continue
        width = len(db.execute(f'SELECT * FROM "{name}" LIMIT 0').description)
        order = ", ".join(str(n) for n in range(1, width + 1))
        digest, count = hashlib.sha256(), 0
        for row in db.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
        tables[name] = (count, digest.hexdigest())
    return Fingerprint(db.execute("PRAGMA user_version").fetchone()[0], schema, tables)


def _open_source(journal: Path, data_key: bytes | None) -> Any:
    """The journal to copy from, checkpointed so its main file holds everything."""
    from sbs_training.store.journal import _sqlcipher

    options = {"isolation_level": None, "timeout": 15}
    db = connect_locked(journal, data_key, **options) if data_key else _sqlcipher().connect(journal, **options)
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        db.close()
        raise lease.JournalInUse("The journal is busy in another program; stop it first. Nothing was changed.")
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        db.close()
        raise JournalError(f"The journal {journal} is damaged, so it was left as it is; nothing was changed.")
    return db


def _export(db: Any, copy: Path, data_key: bytes | None, user_version: int) -> None:
    """Copy every table, index and row into ``copy``, encrypted with ``data_key`` or plain."""
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # SQLite keeps an existing file's mode
    os.close(fd)
    db.execute("PRAGMA cipher_default_compatibility = 4")
    literal = f"x'{data_key.hex()}'" if data_key else ""
    db.execute("ATTACH DATABASE ? AS lockcopy KEY ?", (str(copy), literal))
    try:
        if os.environ.get(KILL_ENV) == "copying":  # the test hook: die once half the journal is copied
            half = os.stat(db.execute("PRAGMA database_list").fetchone()[2]).st_size // 2
            db.set_progress_handler(lambda: copy.stat().st_size > half and _step("copying"), 50)
        db.execute("SELECT sqlcipher_export('lockcopy')")
        db.set_progress_handler(None, 0)
        db.execute(f"PRAGMA lockcopy.user_version = {int(user_version)}")
    finally:
        db.execute("DETACH DATABASE lockcopy")


def _check(copy: Path, data_key: bytes | None, expected: Fingerprint) -> None:
    """Open the copy as it will be opened from now on, and compare it with the original, table by table."""
    if data_key:
        db = connect_locked(copy, data_key, isolation_level=None)
    else:
        db = sqlite3.connect(copy, isolation_level=None)  # plain means plain sqlite3 reads it
    try:
        db.execute("PRAGMA journal_mode = WAL")  # as the journal always runs
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if data_key:
            problems += [row[0] for row in db.execute("PRAGMA cipher_integrity_check")]
        found = fingerprint(db)
    finally:
        db.close()
    if problems != ["ok"] or found != expected:
        raise JournalError(
            "The new copy of the journal didn't match the original, so it was discarded and your journal "
            "was left as it was; nothing was changed."
        )
    for side in SIDE_FILES:
        if Path(f"{copy}{side}").exists():
            raise JournalError("The new copy of the journal wasn't closed cleanly; nothing was changed.")
    _fsync_file(copy)


def _clear_side_files(journal: Path) -> None:
    """The original's -wal and -shm, once it is closed: the -wal must be empty, or nothing is swapped."""
    wal = Path(f"{journal}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise JournalError("The journal still had unsaved changes waiting, so nothing was swapped; try again.")
    if Path(f"{journal}-journal").exists():
        raise JournalError("The journal has an unfinished write from another program; open it once, then try again.")
    for side in ("-wal", "-shm"):
        _remove(Path(f"{journal}{side}"))


def _replace(data_dir: Path, copy: Path, journal: Path) -> None:
    os.replace(copy, journal)
    _fsync_folder(data_dir)


@contextlib.contextmanager
def _only_user(data_dir: Path, data_key: bytes | None) -> Iterator[Path]:
    """Under the exclusive lease, with leftovers from an earlier interruption tidied away.

    Opening the journal once first creates a new one, brings an old one up to date,
    and refuses a damaged one in its own words, before anything is copied.
    """
    Journal(ensure_private_dir(data_dir), data_key).close()
    with lease.exclusive(data_dir):
        tidy(data_dir)
        yield journal_path(data_dir)


# -- the three operations ------------------------------------------------------------------


def lock(data_dir: Path, passphrase: str, recovery_code: str) -> dict[str, int]:
    """Encrypt the journal with a new random key, wrapped for the passphrase and the recovery code."""
    keys.require_lock_support()
    keys.check_new_passphrase(passphrase)
    if keys.normalise_code(recovery_code) is None:
        raise JournalError("That recovery code is not one this program made; nothing was changed.")
    data_key = secrets.token_bytes(32)
    if keys.is_locked(journal_path(data_dir)):
        raise JournalError("The journal is already locked; nothing was changed.")
    key_file = keys.KeyFile.create(data_key, passphrase, recovery_code)  # the slow part, before anyone waits
    with _only_user(data_dir, None) as journal:
        if _encrypted(journal):
            raise JournalError("The journal is already locked; nothing was changed.")
        copy, expected = _copy_checked(journal, None, data_key)
        write_key_file(data_dir, key_file)
        _step("key-written")
        _clear_side_files(journal)
        _step("side-files-cleared")
        _replace(data_dir, copy, journal)
        _step("swapped")
    return expected.counts()


def _copy_checked(journal: Path, source_key: bytes | None, copy_key: bytes | None) -> tuple[Path, Fingerprint]:
    """Copy the journal beside itself under the other key, then check the copy against it.

    The original is untouched; a copy that fails its check is removed, so only a checked copy is ever swapped in.
    """
    copy = copy_path(journal)
    try:
        source = _open_source(journal, source_key)
        try:
            expected = fingerprint(source)
            _export(source, copy, copy_key, expected.user_version)
        finally:
            source.close()
        _step("copied")
        _check(copy, copy_key, expected)
    except BaseException:
        _remove(copy)
        raise
    _step("checked")
    return copy, expected


def unlock(data_dir: Path, secret: str, kind: keys.Kind) -> dict[str, int]:
    """Turn a locked journal back into a plain one, opened with the passphrase or the recovery code."""
    keys.require_lock_support()
    journal = journal_path(data_dir)
    if not keys.is_locked(journal):
        raise JournalError("The journal isn't locked; nothing was changed.")
    data_key = keys.KeyFile.read(data_dir).data_key(secret, kind)
    with _only_user(data_dir, data_key) as journal:
        if not _encrypted(journal):
            raise JournalError("The journal isn't locked; nothing was changed.")
        copy, expected = _copy_checked(journal, data_key, None)
        _clear_side_files(journal)
        _step("side-files-cleared")
        _replace(data_dir, copy, journal)
        _step("swapped")
        _remove(keys.key_file(data_dir))
        _fsync_folder(data_dir)
    return expected.counts()


def change_passphrase(data_dir: Path, secret: str, kind: keys.Kind, new_passphrase: str) -> None:
    """Rewrap the data key under a new passphrase; the journal itself is not touched.

    Open kernels keep working (they hold the data key, not the passphrase), so this
    needs no exclusive lease. The recovery code stays as it was.
    """
    keys.require_lock_support()
    keys.check_new_passphrase(new_passphrase)
    if not keys.is_locked(journal_path(data_dir)):
        raise JournalError("The journal isn't locked, so it has no passphrase to change; nothing was changed.")
    current = keys.KeyFile.read(data_dir)
    data_key = current.data_key(secret, kind)
    updated = current.with_passphrase(data_key, new_passphrase)
    _step("rewrapped")
    write_key_file(data_dir, updated)
    _step("key-written")
