"""Killing ``lock``, ``unlock`` and a passphrase change at every step leaves one complete journal.

``SBS_TRAINING_TEST_KILL_AT=<step>`` (read only by ``store.locking``'s test hook) makes
the process SIGKILL itself at that step, as a power cut or ``kill -9`` would;
``copying`` kills it in the middle of writing the new file. After each kill the
journal is exactly one of: plain and readable by any SQLite, or locked and opened
by the passphrase and by the recovery code, with every row of every table. Running
the command again then finishes the job and leaves nothing stray behind.
"""

from __future__ import annotations

import signal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from support import run_cli
from test_lock import PASSPHRASE, everything, fill, key_of, lock, plain_sqlite_error, secret_file

from sbs_training.store import keys

KILLED = -signal.SIGKILL
LOCK_STEPS = ["copying", "copied", "checked", "key-written", "side-files-cleared", "swapped"]
UNLOCK_STEPS = ["copying", "copied", "checked", "side-files-cleared", "swapped"]
CHANGE_STEPS = ["rewrapped", "key-written"]


def state_after_crash(data_dir: Path, recovery: Path, before: dict) -> str:
    """'plain' or 'locked', having checked that the journal is whole either way."""
    journal = data_dir / "journal.sqlite3"
    if keys.is_locked(journal):
        assert plain_sqlite_error(journal) == "file is not a database"
        code = keys.code_from_text(recovery.read_text())
        assert everything(data_dir, key_of(data_dir)) == before
        assert everything(data_dir, key_of(data_dir, code, "recovery")) == before
        return "locked"
    with closing(sqlite3.connect(journal)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert everything(data_dir) == before
    return "plain"


def leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.endswith(".new") or ".new-" in p.name)


@pytest.fixture
def journal_with_rows(tmp_path: Path) -> tuple[Path, dict]:
    data_dir = tmp_path / "data"
    fill(data_dir, reflections=400)  # enough that "copying" dies part-way through the copy
    return data_dir, everything(data_dir)


@pytest.mark.parametrize("step", LOCK_STEPS)
def test_killed_while_locking(journal_with_rows, tmp_path: Path, step: str) -> None:
    data_dir, before = journal_with_rows
    result = lock(data_dir, tmp_path, env={"SBS_TRAINING_TEST_KILL_AT": step})
    assert result.returncode == KILLED, result.stderr
    if step == "copying":
        assert (data_dir / "journal.sqlite3.new").stat().st_size > 0, "the kill came part-way through the copy"
    recovery = tmp_path / "recovery.txt"
    expected = "locked" if step == "swapped" else "plain"
    assert state_after_crash(data_dir, recovery, before) == expected

    if expected == "plain":  # running it again finishes the job
        again = lock(data_dir, tmp_path)
        assert again.returncode == 0, again.stderr
        assert state_after_crash(data_dir, recovery, before) == "locked"
    assert leftovers(data_dir) == []
    unlocked = run_cli("unlock", "--recovery-file", str(recovery), data_dir=data_dir)
    assert unlocked.returncode == 0, unlocked.stderr
    assert state_after_crash(data_dir, recovery, before) == "plain"
    assert sorted(p.name for p in data_dir.iterdir()) == ["journal.lease", "journal.sqlite3"]


@pytest.mark.parametrize("step", UNLOCK_STEPS)
def test_killed_while_unlocking(journal_with_rows, tmp_path: Path, step: str) -> None:
    data_dir, before = journal_with_rows
    assert lock(data_dir, tmp_path).returncode == 0
    recovery = tmp_path / "recovery.txt"
    result = run_cli(
        "unlock", "--recovery-file", str(recovery), data_dir=data_dir, env={"SBS_TRAINING_TEST_KILL_AT": step}
    )
    assert result.returncode == KILLED, result.stderr
    expected = "plain" if step == "swapped" else "locked"
    assert state_after_crash(data_dir, recovery, before) == expected

    if expected == "locked":
        again = run_cli("unlock", "--recovery-file", str(recovery), data_dir=data_dir)
        assert again.returncode == 0, again.stderr
    else:  # the stale key file beside a plain journal opens nothing and is tidied by the next lock
        assert run_cli("export", data_dir=data_dir).returncode == 0
    assert state_after_crash(data_dir, recovery, before) == "plain"
    assert lock(data_dir, tmp_path).returncode == 0
    assert leftovers(data_dir) == []
    assert state_after_crash(data_dir, recovery, before) == "locked"


@pytest.mark.parametrize("step", CHANGE_STEPS)
def test_killed_while_changing_the_passphrase(journal_with_rows, tmp_path: Path, step: str) -> None:
    data_dir, before = journal_with_rows
    assert lock(data_dir, tmp_path).returncode == 0
    new = secret_file(tmp_path, "the new quiet room", "new.txt")
    result = run_cli(
        "lock",
        "--change-passphrase",
        "--passphrase-file",
        str(tmp_path / "passphrase.txt"),
        "--new-passphrase-file",
        str(new),
        data_dir=data_dir,
        env={"SBS_TRAINING_TEST_KILL_AT": step},
    )
    assert result.returncode == KILLED, result.stderr
    # Exactly one of the two passphrases opens it, and the recovery code always does.
    code = keys.code_from_text((tmp_path / "recovery.txt").read_text())
    assert everything(data_dir, key_of(data_dir, code, "recovery")) == before
    opens = []
    for passphrase in (PASSPHRASE, "the new quiet room"):
        try:
            opens.append(everything(data_dir, key_of(data_dir, passphrase)) == before)
        except keys.WrongSecret:
            opens.append(False)
    assert opens == ([True, False] if step == "rewrapped" else [False, True])
