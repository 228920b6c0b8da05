"""The journal lock through the real command line: unreadable at rest, every command asks, nothing lost.

Each test locks a journal holding a little of everything (reflections with earlier
versions, check-ins, answers, debriefs), then checks what a person would: that a
plain SQLite reader gets nothing, that each command refuses without the passphrase
or with a wrong one in one sentence and changes nothing, that the passphrase and
the recovery code both open it, and that unlocking brings back every record.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from support import assert_one_clear_line, cli_path, folder_state, run_cli

from sbs_training.store import keys
from sbs_training.store.journal import Journal

PASSPHRASE = "a quiet room with two chairs"
SECRET_WORDS = "She told the group about the night she left"


def fill(data_dir: Path, reflections: int = 3) -> None:
    """Reflections (each rewritten once, so each has an earlier version), a check-in, an answer, a debrief."""
    with Journal(data_dir) as journal:
        for n in range(reflections):
            journal.save_reflection("00-welcome", f"prompt-{n}", f"first draft {n}", editor="visit-1", label=f"P{n}")
            journal.save_reflection("00-welcome", f"prompt-{n}", f"{SECRET_WORDS} ({n})", editor="visit-2")
        journal.add_checkin({"energy": 2, "capacity": 3}, "a long week after the disclosure")
        journal.set_answer("01-peer-support-values", "person-centred", "welcome", {"placed": "person"})
        journal.save_debrief("debrief-1", "2026-11-20", "short", {"positions": ["rescuer"]})
        journal.save_reflection("13-after-a-session", "debrief-1:what", "I felt the pull to fix it.", editor="d")


def everything(data_dir: Path, key: bytes | None = None) -> dict[str, list]:
    """Every record the journal holds, through its own reading functions."""
    with Journal(data_dir, key) as journal:
        return {
            "reflections": journal.reflections(),
            "revisions": journal.revisions(),
            "checkins": journal.checkins(),
            "answers": journal.answers(),
            "debriefs": journal.debriefs(),
        }


def secret_file(tmp: Path, text: str, name: str = "passphrase.txt") -> Path:
    path = tmp / name
    path.write_text(text + "\n")
    path.chmod(0o600)
    return path


def lock(data_dir: Path, tmp: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    recovery = tmp / "recovery.txt"
    recovery.unlink(missing_ok=True)
    return run_cli(
        "lock",
        "--passphrase-file",
        str(secret_file(tmp, PASSPHRASE)),
        "--recovery-file",
        str(recovery),
        data_dir=data_dir,
        env=env,
    )


def key_of(data_dir: Path, secret: str = PASSPHRASE, kind: keys.Kind = "passphrase") -> bytes:
    return keys.data_key_for(data_dir, secret, kind)


def plain_sqlite_error(path: Path) -> str:
    try:
        with closing(sqlite3.connect(path)) as db:
            db.execute("SELECT * FROM reflections").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return ""


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    fill(data_dir)
    result = lock(data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_locking_makes_the_journal_unreadable_at_rest_and_loses_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    before = everything(data_dir)
    result = lock(data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Locked" in result.stdout
    assert "4 reflections, 3 earlier versions, 1 check-in, 1 answer, 1 debrief" in result.stdout
    assert "lose both your passphrase and your recovery code, your journal is lost" in result.stdout
    assert "stay plain files" in result.stdout

    journal = data_dir / "journal.sqlite3"
    assert plain_sqlite_error(journal) == "file is not a database"
    for path in data_dir.iterdir():  # nor a word of it left in a -wal or anywhere beside
        assert SECRET_WORDS.encode() not in path.read_bytes(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert sorted(p.name for p in data_dir.iterdir()) == ["journal.key", "journal.lease", "journal.sqlite3"]

    recovery = tmp_path / "recovery.txt"
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    code = keys.code_from_text(recovery.read_text())
    assert code and code in recovery.read_text() and "journal is lost" in recovery.read_text()

    assert everything(data_dir, key_of(data_dir)) == before
    assert everything(data_dir, key_of(data_dir, code, "recovery")) == before


COMMANDS = [
    ["export", "--format", "json"],
    ["supervision", "--since", "2026-11-01", "--until", "2026-11-30"],
    ["erase", "--yes"],
    ["import", "EXPORT"],
    ["serve", "--no-browser", "--port", "0"],
    ["progress-card"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_without_the_passphrase_and_with_a_wrong_one(
    locked: Path, tmp_path: Path, command: list[str]
) -> None:
    export = tmp_path / "export.json"
    export.write_text(run_cli("export", data_dir=tmp_path / "another").stdout)  # a real export to import
    command = [str(export) if part == "EXPORT" else part for part in command]
    state = folder_state(locked)

    missing = run_cli(*command, data_dir=locked)  # no terminal (stdin is not a tty), no file
    assert_one_clear_line(missing, contains="Your journal is locked: give its passphrase with --passphrase-file")
    wrong = run_cli(*command, "--passphrase-file", str(secret_file(tmp_path, "not the passphrase")), data_dir=locked)
    assert_one_clear_line(wrong, contains="That passphrase doesn't open this journal; nothing was changed.")
    absent = run_cli(*command, "--passphrase-file", str(tmp_path / "nowhere.txt"), data_dir=locked)
    assert_one_clear_line(absent, contains="doesn't exist; nothing was changed")
    assert folder_state(locked) == state


def test_export_with_the_passphrase_is_whole_and_says_it_is_plain(locked: Path, tmp_path: Path) -> None:
    out = tmp_path / "journal.json"
    result = run_cli(
        "export", "-o", str(out), "--passphrase-file", str(secret_file(tmp_path, PASSPHRASE)), data_dir=locked
    )
    assert result.returncode == 0, result.stderr
    assert "It is a plain file, not locked" in result.stderr
    text = out.read_text()
    assert f"{SECRET_WORDS} (2)" in text and "first draft 2" in text and "debrief-1" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    to_screen = run_cli("export", "--passphrase-file", str(tmp_path / "passphrase.txt"), data_dir=locked)
    assert SECRET_WORDS in to_screen.stdout and "plain text, not locked" in to_screen.stderr


def test_erase_and_import_work_on_a_locked_journal_and_keep_it_locked(locked: Path, tmp_path: Path) -> None:
    passphrase = str(secret_file(tmp_path, PASSPHRASE))
    out = tmp_path / "journal.json"
    assert run_cli("export", "-o", str(out), "--passphrase-file", passphrase, data_dir=locked).returncode == 0
    before = everything(locked, key_of(locked))
    assert run_cli("erase", "--yes", "--passphrase-file", passphrase, data_dir=locked).returncode == 0
    assert everything(locked, key_of(locked))["reflections"] == []
    result = run_cli("import", str(out), "--passphrase-file", passphrase, data_dir=locked)
    assert result.returncode == 0, result.stderr
    after = everything(locked, key_of(locked))
    assert [r.text for r in after["reflections"]] == [r.text for r in before["reflections"]]
    assert plain_sqlite_error(locked / "journal.sqlite3") == "file is not a database"


def test_unlock_with_the_recovery_code_brings_back_everything(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    before = everything(data_dir)
    assert lock(data_dir, tmp_path).returncode == 0
    result = run_cli("unlock", "--recovery-file", str(tmp_path / "recovery.txt"), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Unlocked" in result.stdout and "3 earlier versions, 1 check-in, 1 answer, 1 debrief" in result.stdout
    assert not (data_dir / "journal.key").exists()
    with closing(sqlite3.connect(data_dir / "journal.sqlite3")) as db:  # plain again: any SQLite reads it
        assert db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 3
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert everything(data_dir) == before
    assert run_cli("export", data_dir=data_dir).returncode == 0  # no passphrase needed any more


def test_unlock_with_a_wrong_passphrase_or_code_changes_nothing(locked: Path, tmp_path: Path) -> None:
    state = folder_state(locked)
    wrong = run_cli("unlock", "--passphrase-file", str(secret_file(tmp_path, "guess guess guess")), data_dir=locked)
    assert_one_clear_line(wrong, contains="That passphrase doesn't open this journal; nothing was changed.")
    other_code = secret_file(tmp_path, keys.new_recovery_code(), "other-code.txt")
    wrong_code = run_cli("unlock", "--recovery-file", str(other_code), data_dir=locked)
    assert_one_clear_line(wrong_code, contains="That recovery code doesn't open this journal")
    none = run_cli("unlock", data_dir=locked)
    assert_one_clear_line(none, contains="Unlocking needs the passphrase")
    assert folder_state(locked) == state


def test_changing_the_passphrase_rewraps_the_key_not_the_journal(locked: Path, tmp_path: Path) -> None:
    journal = locked / "journal.sqlite3"
    digest = hashlib.sha256(journal.read_bytes()).hexdigest()
    new = secret_file(tmp_path, "a different quiet room", "new.txt")
    result = run_cli(
        "lock",
        "--change-passphrase",
        "--passphrase-file",
        str(tmp_path / "passphrase.txt"),
        "--new-passphrase-file",
        str(new),
        data_dir=locked,
    )
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(journal.read_bytes()).hexdigest() == digest
    old = run_cli("export", "--passphrase-file", str(tmp_path / "passphrase.txt"), data_dir=locked)
    assert_one_clear_line(old, contains="That passphrase doesn't open this journal")
    assert SECRET_WORDS in run_cli("export", "--passphrase-file", str(new), data_dir=locked).stdout

    # Forgotten passphrase: the recovery code sets a new one, and still works itself.
    again = secret_file(tmp_path, "the third quiet room", "again.txt")
    by_code = run_cli(
        "lock",
        "--change-passphrase",
        "--recovery-file",
        str(tmp_path / "recovery.txt"),
        "--new-passphrase-file",
        str(again),
        data_dir=locked,
    )
    assert by_code.returncode == 0, by_code.stderr
    assert SECRET_WORDS in run_cli("export", "--passphrase-file", str(again), data_dir=locked).stdout
    assert hashlib.sha256(journal.read_bytes()).hexdigest() == digest


HOLD_OPEN = (
    "import sys; from pathlib import Path; from sbs_training.store.journal import Journal\n"
    "with Journal(Path(sys.argv[1])) as j:\n"
    "    j.save_reflection('00-welcome', 'held', 'still here', editor='holder'); print('open', flush=True)\n"
    "    sys.stdin.read()\n"
)


def test_lock_refuses_while_the_journal_is_open_elsewhere(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    # Another process holds it open, as a running serve's kernel does.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "open"
    state = folder_state(data_dir)
    state.pop("journal.sqlite3-shm")  # SQLite's shared index: every reader writes its marks there
    result = lock(data_dir, tmp_path)
    assert_one_clear_line(result, contains="The journal is open in another program")
    after = folder_state(data_dir)
    after.pop("journal.sqlite3-shm")
    assert after == state
    assert not (tmp_path / "recovery.txt").exists(), "no recovery code for a lock that didn't happen"
    holder.communicate("", timeout=30)
    assert lock(data_dir, tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--passphrase-file", "SHORT", "--recovery-file", "NEW"], "A passphrase needs at least 8 characters"),
        (["--passphrase-file", "GOOD"], "Without a terminal, locking needs --recovery-file"),
        (["--passphrase-file", "GOOD", "--recovery-file", "EXISTING"], "already exists; choose a new file name"),
        (["--passphrase-file", "GOOD", "--recovery-file", "INSIDE"], "Keep the recovery file away from"),
        (["--passphrase-file", "EMPTY", "--recovery-file", "NEW"], "is empty; nothing was changed"),
    ],
)
def test_lock_refuses_bad_input_in_one_sentence(tmp_path: Path, args: list[str], says: str) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    existing = tmp_path / "existing.txt"
    existing.write_text("my shopping list")
    paths = {
        "SHORT": secret_file(tmp_path, "short", "short.txt"),
        "GOOD": secret_file(tmp_path, PASSPHRASE),
        "EMPTY": tmp_path / "empty.txt",
        "EXISTING": existing,
        "INSIDE": data_dir / "recovery.txt",
        "NEW": tmp_path / "new-recovery.txt",
    }
    paths["EMPTY"].write_text("")
    state = folder_state(data_dir)
    result = run_cli("lock", *[str(paths.get(a, a)) for a in args], data_dir=data_dir)
    assert_one_clear_line(result, contains=says)
    assert folder_state(data_dir) == state
    assert existing.read_text() == "my shopping list"
    assert not paths["NEW"].exists()


def test_without_the_lock_extra_lock_says_how_to_install_it_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    state = folder_state(data_dir)
    # The packages made unimportable, as on an install without the [lock] extra.
    code = (
        "import sys; sys.modules['sqlcipher3'] = None; from sbs_training.cli import main; "
        f"sys.exit(main(['lock', '--data-dir', {str(data_dir)!r}, '--passphrase-file', "
        f"{str(secret_file(tmp_path, PASSPHRASE))!r}, '--recovery-file', {str(tmp_path / 'r.txt')!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert_one_clear_line(result, contains='pip install "sbs-training[lock]"; nothing was changed.')
    assert folder_state(data_dir) == state and not (tmp_path / "r.txt").exists()


def test_locking_at_a_terminal_asks_twice_shows_the_code_and_wants_it_kept(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    data_dir = tmp_path / "data"
    fill(data_dir)
    child = pexpect.spawn(cli_path(), ["lock", "--data-dir", str(data_dir)], encoding="utf-8", timeout=60)
    child.expect("Choose a passphrase")
    child.sendline(PASSPHRASE)
    child.expect("Type the passphrase again")
    child.sendline(PASSPHRASE)
    child.expect(r"Your recovery code .*\n\s*\n\s+([0-9A-Z]{5}(?:-[0-9A-Z]{5}){5})\s")
    code = child.match.group(1)
    child.expect("your journal is lost")
    child.expect("type the last five characters")
    child.sendline(code[-5:])
    child.expect("Locked: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert plain_sqlite_error(data_dir / "journal.sqlite3") == "file is not a database"
    assert everything(data_dir, key_of(data_dir, code, "recovery"))["revisions"]

    # And a command at a terminal asks for the passphrase instead of refusing.
    child = pexpect.spawn(cli_path(), ["export", "--data-dir", str(data_dir)], encoding="utf-8", timeout=60)
    child.expect("Your journal is locked. Passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect(SECRET_WORDS)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_mistyped_code_at_the_terminal_locks_nothing(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    data_dir = tmp_path / "data"
    fill(data_dir)
    state = folder_state(data_dir)
    child = pexpect.spawn(cli_path(), ["lock", "--data-dir", str(data_dir)], encoding="utf-8", timeout=60)
    for _ in range(2):
        child.expect("passphrase")
        child.sendline(PASSPHRASE)
    child.expect("type the last five characters")
    child.sendline("XXXXX")
    child.expect("nothing was locked")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert folder_state(data_dir) == state


KERNEL_READS = (
    "from sbs_training.errors import UserError\n"
    "from sbs_training.store.visit import journal\n"
    "try:\n"
    "    print(journal().get_reflection('00-welcome', 'prompt-0').text)\n"
    "except UserError as exc:\n"
    "    print(exc)\n"
)


def kernel_reads(data_dir: Path) -> str:
    """What a workbook kernel on this account reads (no serve: as on JupyterHub)."""
    env = {k: v for k, v in os.environ.items() if k != "SBS_TRAINING_KEY_SOCKET"}
    env["SBS_TRAINING_DATA_DIR"] = str(data_dir)
    result = subprocess.run([sys.executable, "-c", KERNEL_READS], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_keep_open_lets_workbook_kernels_read_a_locked_journal_until_stopped(locked: Path, tmp_path: Path) -> None:
    import signal

    assert "is locked and its passphrase wasn't given" in kernel_reads(locked)
    keeper = subprocess.Popen(
        [cli_path(), "keep-open", "--data-dir", str(locked), "--passphrase-file", str(tmp_path / "passphrase.txt")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "can now read your locked journal" in keeper.stdout.readline()
        assert kernel_reads(locked) == f"{SECRET_WORDS} (0)"
        socket_file = locked / "journal-key.sock"
        assert stat.S_ISSOCK(socket_file.stat().st_mode) and stat.S_IMODE(socket_file.stat().st_mode) == 0o600
        # While it is kept open, nobody can unlock (and so replace) the file under it.
        refused = run_cli("unlock", "--recovery-file", str(tmp_path / "recovery.txt"), data_dir=locked)
        assert_one_clear_line(refused, contains="The journal is open in another program")
        second = run_cli("keep-open", "--passphrase-file", str(tmp_path / "passphrase.txt"), data_dir=locked)
        assert_one_clear_line(second, contains="already kept open in another terminal")
    finally:
        keeper.send_signal(signal.SIGINT)
        out, err = keeper.communicate(timeout=30)
    assert keeper.returncode == 0, err
    assert "Stopped" in out
    assert not (locked / "journal-key.sock").exists()
    assert "is locked and its passphrase wasn't given" in kernel_reads(locked)
    assert plain_sqlite_error(locked / "journal.sqlite3") == "file is not a database"


def test_lock_is_not_offered_on_binder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    fill(data_dir)
    state = folder_state(data_dir)
    result = lock(data_dir, tmp_path, env={"BINDER_LAUNCH_HOST": "https://mybinder.org/"})
    assert_one_clear_line(result, contains="Locking isn't offered on Binder")
    assert folder_state(data_dir) == state and not (tmp_path / "recovery.txt").exists()


@pytest.mark.parametrize(
    "verb", ["lock", "unlock", "keep-open", "serve", "export", "import", "supervision", "erase", "progress-card"]
)
def test_every_command_that_opens_the_journal_offers_a_passphrase_file(verb: str) -> None:
    result = run_cli(verb, "--help")
    assert result.returncode == 0
    assert "--passphrase-file" in result.stdout
