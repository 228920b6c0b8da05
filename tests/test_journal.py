"""The journal keeps every word: round trips, revisions, migrations, concurrency and failure."""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import immutable

from sbs_training.errors import JournalError
from sbs_training.store.journal import MAX_TEXT_CHARS, MIGRATIONS, SCHEMA_VERSION, Journal


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reflection_round_trip(journal: Journal) -> None:
    result = journal.save_reflection("00-welcome", "why", "To give back.", editor="tab-a", label="Why?")
    assert result.reflection.version == 1 and not result.conflict
    again = Journal(journal.data_dir).get_reflection("00-welcome", "why")
    assert again is not None
    assert (again.text, again.label, again.version) == ("To give back.", "Why?", 1)
    assert again.created_at == again.updated_at


def test_keystrokes_in_one_visit_update_in_place(journal: Journal) -> None:
    for text in ["T", "To", "To g", "To give"]:
        journal.save_reflection("wb", "p", text, editor="tab-a", base_version=None)
    assert journal.get_reflection("wb", "p").text == "To give"
    assert journal.revisions("wb", "p") == []


def test_a_later_visit_keeps_the_earlier_text_as_a_revision(journal: Journal) -> None:
    first = journal.save_reflection("wb", "p", "first visit", editor="visit-1")
    journal.save_reflection("wb", "p", "second visit", editor="visit-2", base_version=first.reflection.version)
    revisions = journal.revisions("wb", "p")
    assert [r.text for r in revisions] == ["first visit"]
    assert revisions[0].saved_at == first.reflection.updated_at


def test_two_tabs_on_one_prompt_lose_nothing(journal: Journal) -> None:
    base = journal.save_reflection("wb", "p", "start", editor="old").reflection.version
    a = journal.save_reflection("wb", "p", "tab A text", editor="A", base_version=base)
    assert not a.conflict
    b = journal.save_reflection("wb", "p", "tab B text", editor="B", base_version=base)
    assert b.conflict, "tab B saw an older version: the page must be told"
    texts = {r.text for r in journal.revisions("wb", "p")}
    assert {"start", "tab A text"} <= texts
    assert journal.get_reflection("wb", "p").text == "tab B text"
    # Tab A types again: its base is now stale too, so tab B's text is kept.
    again = journal.save_reflection("wb", "p", "tab A text, more", editor="A", base_version=a.reflection.version)
    assert again.conflict
    assert "tab B text" in {r.text for r in journal.revisions("wb", "p")}


def test_restore_an_earlier_revision(journal: Journal) -> None:
    journal.save_reflection("wb", "p", "version one", editor="v1")
    journal.save_reflection("wb", "p", "version two", editor="v2")
    (old,) = journal.revisions("wb", "p")
    journal.restore_revision(old.id, editor="journal-view")
    assert journal.get_reflection("wb", "p").text == "version one"
    assert "version two" in {r.text for r in journal.revisions("wb", "p")}


def test_control_characters_are_removed_but_everything_else_kept(journal: Journal) -> None:
    odd = "a\x00b\x07c \u202eRTL\u202c e\u0301 \U0001f469\u200d\U0001f467 \u05e9\u05dc\u05d5\u05dd\r\nnext"
    result = journal.save_reflection("wb", "p", odd, editor="t")
    assert result.cleaned
    saved = journal.get_reflection("wb", "p").text
    assert "\x00" not in saved and "\x07" not in saved
    assert saved == "abc \u202eRTL\u202c e\u0301 \U0001f469\u200d\U0001f467 \u05e9\u05dc\u05d5\u05dd\nnext"


def test_text_over_the_limit_is_refused_and_nothing_changes(journal: Journal) -> None:
    journal.save_reflection("wb", "p", "kept", editor="t")
    with pytest.raises(JournalError, match="longer than"):
        journal.save_reflection("wb", "p", "x" * (MAX_TEXT_CHARS + 1), editor="t")
    assert journal.get_reflection("wb", "p").text == "kept"
    with pytest.raises(JournalError, match="Only text"):
        journal.save_reflection("wb", "p", 42, editor="t")  # type: ignore[arg-type]


def test_checkins_and_answers(journal: Journal) -> None:
    journal.add_checkin({"energy": 2}, "tired", at="2026-10-01T09:00:00+00:00")
    journal.add_checkin({"energy": 4}, at="2026-10-08T09:00:00+00:00")
    assert [c.data["energy"] for c in journal.checkins()] == [2, 4]
    assert [c.note for c in journal.checkins(since="2026-10-05")] == [""]
    journal.set_answer("01", "sort", "item-1", {"placed": "person"})
    journal.set_answer("01", "sort", "item-1", {"placed": "illness"})
    (answer,) = journal.answers("01", "sort")
    assert answer.value == {"placed": "illness"}


def test_erase_deletes_everything_and_says_what(journal: Journal) -> None:
    journal.save_reflection("wb", "p", "one", editor="a")
    journal.save_reflection("wb", "p", "two", editor="b")
    journal.add_checkin({"energy": 3})
    journal.set_answer("wb", "a", "i", 1)
    journal.save_debrief("d1", "2026-11-03", "short", {"positions": ["rescuer"]})
    assert journal.erase() == {"reflections": 1, "revisions": 1, "checkins": 1, "answers": 1, "debriefs": 1}
    assert journal.counts() == {"reflections": 0, "revisions": 0, "checkins": 0, "answers": 0, "debriefs": 0}
    raw = journal.path.read_bytes()
    assert b"two" not in raw and b"one" not in raw, "secure_delete should leave no readable trace"


# -- files, folders, permissions -------------------------------------------------------


def test_private_permissions(data_dir: Path) -> None:
    with Journal(data_dir) as j:
        j.save_reflection("wb", "p", "private", editor="t")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for f in data_dir.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_loose_folder_permissions_are_tightened(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    Journal(data_dir).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("I am a file")
    with pytest.raises(JournalError, match="is a file, not a folder"):
        Journal(not_a_folder)
    assert not_a_folder.read_text() == "I am a file"


def test_a_corrupt_journal_is_reported_copied_and_never_overwritten(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    damaged = data_dir / "journal.sqlite3"
    damaged.write_bytes(b"this is not a database, it is a shopping list" * 100)
    before = file_digest(damaged)
    with pytest.raises(JournalError, match="damaged") as caught:
        Journal(data_dir)
    assert "copy was kept" in str(caught.value)
    assert file_digest(damaged) == before
    (copy,) = data_dir.glob("journal.sqlite3.damaged-*")
    assert file_digest(copy) == before


def test_a_journal_from_a_newer_version_is_left_alone(data_dir: Path) -> None:
    Journal(data_dir).close()
    path = data_dir / "journal.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = file_digest(path)
    with pytest.raises(JournalError, match="newer version"):
        Journal(data_dir)
    assert file_digest(path) == before


def test_a_full_disk_rolls_back_and_explains(journal: Journal) -> None:
    journal.save_reflection("wb", "p", "safe", editor="t")
    pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
    journal._db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    with pytest.raises(JournalError, match="full"):
        journal.save_reflection("wb", "big", "y" * 100_000, editor="t")
    assert journal.get_reflection("wb", "big") is None
    assert journal.get_reflection("wb", "p").text == "safe"


def test_a_locked_journal_explains_and_changes_nothing(data_dir: Path) -> None:
    with Journal(data_dir) as j:
        j.save_reflection("wb", "p", "before", editor="t")
        j._db.execute("PRAGMA busy_timeout = 200")
        holder = sqlite3.connect(j.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(JournalError, match="busy"):
                j.save_reflection("wb", "p", "after", editor="t")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert j.get_reflection("wb", "p").text == "before"


# -- migrations ------------------------------------------------------------------------------


def test_forward_migration_from_version_1(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / "journal.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute(
            "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor)"
            " VALUES ('00-welcome', 'why', 'written long ago', '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00', 3, 'old')"
        )
        db.execute("PRAGMA user_version = 1")
    with Journal(data_dir) as j:
        assert j.schema_version() == SCHEMA_VERSION
        saved = j.get_reflection("00-welcome", "why")
        assert (saved.text, saved.version, saved.label) == ("written long ago", 3, "")
        j.save_reflection("00-welcome", "why", "and today", editor="new", label="Why?")
        assert [r.text for r in j.revisions("00-welcome", "why")] == ["written long ago"]


# -- concurrency and crashes -------------------------------------------------------------------


def _writer(data_dir: str, name: str, count: int) -> None:
    with Journal(Path(data_dir)) as j:
        for n in range(count):
            j.save_reflection("wb", f"{name}-{n}", f"{name} wrote {n}", editor=name)
            j.save_reflection("wb", "shared", f"{name} {n}", editor=f"{name}-{n}")
            j.add_checkin({"n": n, "who": name})


def test_two_kernels_writing_at_once_corrupt_and_drop_nothing(data_dir: Path) -> None:
    Journal(data_dir).close()
    ctx = multiprocessing.get_context("spawn")
    writers = [ctx.Process(target=_writer, args=(str(data_dir), name, 150)) for name in ("a", "b")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
        assert w.exitcode == 0
    with Journal(data_dir) as j:
        assert j._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = {(r.prompt, r.text) for r in j.reflections()}
        for name in ("a", "b"):
            for n in range(150):
                assert (f"{name}-{n}", f"{name} wrote {n}") in texts
        assert len(j.checkins()) == 300
        # Every overwrite of the shared prompt kept the text it replaced.
        history = {r.text for r in j.revisions("wb", "shared")} | {j.get_reflection("wb", "shared").text}
        assert len(history) == 300


def test_a_writer_killed_mid_transaction_leaves_the_journal_whole(data_dir: Path) -> None:
    with Journal(data_dir) as j:
        j.save_reflection("wb", "p", "committed before the crash", editor="t")
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from sbs_training.store.journal import Journal
        j = Journal(Path({str(data_dir)!r}))
        with j.transaction() as db:
            db.execute("UPDATE reflections SET text = 'half-written' WHERE prompt = 'p'")
            db.execute("INSERT INTO checkins (id, at, data) VALUES ('x', '2026', '{{}}')")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Journal(data_dir) as j:
        assert j._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert j.get_reflection("wb", "p").text == "committed before the crash"
        assert j.checkins() == []
        j.save_reflection("wb", "p", "and life goes on", editor="after")
        assert j.get_reflection("wb", "p").text == "and life goes on"


def test_unwritable_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o700)
    with immutable(folder):
        with pytest.raises(JournalError, match="choose another"):
            Journal(folder)
        assert list(folder.iterdir()) == []


def test_read_only_journal_file_explains_and_changes_nothing(data_dir: Path) -> None:
    with Journal(data_dir) as j:
        j.save_reflection("wb", "p", "before", editor="t")
        j._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = data_dir / "journal.sqlite3"
    before = file_digest(path)
    with immutable(path):
        try:
            j = Journal(data_dir)
        except JournalError as exc:
            assert "read-only" in str(exc) or "can't" in str(exc).lower()
        else:
            with j, pytest.raises(JournalError, match="read-only|could not|Can't"):
                j.save_reflection("wb", "p", "after", editor="t")
        assert file_digest(path) == before


# -- debriefs and merging -------------------------------------------------------------------


def test_debrief_facts_round_trip_and_keep_their_created_time(journal: Journal) -> None:
    first = journal.save_debrief("d1", "2026-11-03", "short", {"positions": ["rescuer"]})
    later = journal.save_debrief("d1", "2026-11-04", "gibbs", {"capacity": "stretched"})
    assert later.created_at == first.created_at and later.updated_at >= first.updated_at
    again = Journal(journal.data_dir).get_debrief("d1")
    assert (again.session_date, again.cycle, again.tags) == ("2026-11-04", "gibbs", {"capacity": "stretched"})


def test_debriefs_are_listed_by_session_date_within_a_range(journal: Journal) -> None:
    journal.save_debrief("late", "2026-11-24", "short")
    journal.save_debrief("early", "2026-11-03", "short")
    journal.save_debrief("outside", "2026-10-01", "short")
    assert [d.id for d in journal.debriefs("2026-11-01", "2026-11-30")] == ["early", "late"]
    assert [d.id for d in journal.debriefs()] == ["outside", "early", "late"]


def test_forward_migration_from_version_2_adds_debriefs_and_keeps_everything(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / "journal.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + MIGRATIONS[1])
        db.execute(
            "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
            " VALUES ('06-self-care-check-in', 'keeps-me-well', 'walks', '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00', 2, 'old', 'What keeps me well?')"
        )
        db.execute("PRAGMA user_version = 2")
    with Journal(data_dir) as j:
        assert j.schema_version() == SCHEMA_VERSION  # 3 added debriefs; 4 (visits) follows on the same open
        assert j.get_reflection("06-self-care-check-in", "keeps-me-well").text == "walks"
        assert j.debriefs() == []
        j.save_debrief("d1", "2026-11-03", "short")
        assert [d.id for d in j.debriefs()] == ["d1"]


def test_merging_never_replaces_newer_local_text_and_twice_changes_nothing(journal: Journal) -> None:
    journal.save_reflection("wb", "p", "mine, newer", editor="a")
    old = "2020-01-01T00:00:00.000000+00:00"
    with journal.merging() as merge:
        assert merge.reflection("wb", "p", "theirs, older", label="", created_at=old, updated_at=old) == "kept"
        assert merge.reflection("wb", "new", "fresh", label="L", created_at=old, updated_at=old) == "added"
    with journal.merging() as merge:
        assert merge.reflection("wb", "p", "theirs, older", label="", created_at=old, updated_at=old) is None
        assert merge.reflection("wb", "new", "fresh", label="L", created_at=old, updated_at=old) is None
    assert journal.get_reflection("wb", "p").text == "mine, newer"
    assert [r.text for r in journal.revisions("wb", "p")] == ["theirs, older"]


def test_merging_a_debrief_keeps_the_later_change(journal: Journal) -> None:
    from sbs_training.store.journal import Debrief

    local = journal.save_debrief("d1", "2026-11-03", "short", {})
    older = Debrief(
        "d1", "2026-11-02", "gibbs", {}, "2020-01-01T00:00:00.000000+00:00", "2020-01-01T00:00:00.000000+00:00"
    )
    newer = Debrief(
        "d1", "2026-11-04", "gibbs", {"capacity": "over"}, local.created_at, "2999-01-01T00:00:00.000000+00:00"
    )
    with journal.merging() as merge:
        assert merge.debrief(older) is None
        assert merge.debrief(newer) == "updated"
        assert merge.debrief(newer) is None
    got = journal.get_debrief("d1")
    assert (got.session_date, got.tags, got.created_at) == ("2026-11-04", {"capacity": "over"}, local.created_at)


def test_a_failed_merge_leaves_nothing_behind(journal: Journal) -> None:
    with pytest.raises(RuntimeError), journal.merging() as merge:
        merge.checkin("c1", "2026-11-03T10:00:00.000000+00:00", {"energy": 3}, "")
        raise RuntimeError("stop half-way")
    assert journal.checkins() == []
