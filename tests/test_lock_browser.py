"""The journal lock end to end: words typed in Chromium, locked, served with the passphrase, unlocked.

A trainee writes a reflection and rewrites it on a second visit (so an earlier
version is kept) and writes a debrief, all in the browser against a real
``sbs-training serve``. Then the journal is locked: plain SQLite can't read it and
none of the words are in any file; ``serve`` refuses without the passphrase and with
a wrong one; with it, the page shows the words and saves new ones, and the kernels
never see the key in their environment or command line. Unlocking with the
recovery code brings back every word and every earlier version.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import Server, assert_one_clear_line, close_tab, free_port, open_workbook, run_cli
from test_lock import PASSPHRASE, everything, key_of, lock, plain_sqlite_error, secret_file

from sbs_training.sessions import debrief_records as debrief

pytestmark = pytest.mark.browser

PROMPT = "What brings you to facilitating peer support?"
FIRST = "First visit: I sat in a circle once and nobody tried to fix me."
SECOND = "Second visit: I want to offer the same quiet attention to others."
THIRD = "Third visit, with the lock on: still here, still mine."
DEBRIEF = "Someone spoke of wanting to end it all, and I stayed calm."


def welcome_box(context, server: Server):
    page = open_workbook(context, server, "00-welcome", ready="textarea")
    box = page.get_by_role("textbox", name=PROMPT)
    expect(box).to_be_editable(timeout=60_000)
    return page, box


def type_reflection(context, server: Server, text: str) -> None:
    page, box = welcome_box(context, server)
    box.fill(text)
    expect(page.locator(".sbs-reflection-status")).to_contain_text("Saved", timeout=30_000)
    close_tab(page)


def type_debrief(context, server: Server, day: date) -> None:
    page = open_workbook(context, server, "13-after-a-session", ready=".sbs-debrief")
    page.wait_for_selector(".sbs-download button", timeout=90_000)
    page.get_by_label("Date of the session").fill(day.isoformat())
    page.get_by_role("button", name="Start a new debrief").click()
    what = page.get_by_label(re.compile(r"What\? What happened"))
    expect(what).to_be_visible(timeout=30_000)
    what.fill(DEBRIEF)
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Saved \d"))).to_be_visible(timeout=30_000)
    close_tab(page)


def test_typed_in_the_browser_locked_served_with_the_passphrase_and_unlocked(context, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    day = date.today() - timedelta(days=1)
    server = Server.start(data_dir)
    try:
        type_reflection(context, server, FIRST)
        type_reflection(context, server, SECOND)  # a later visit: the first text becomes an earlier version
        type_debrief(context, server, day)
    finally:
        server.stop()
    before = everything(data_dir)
    assert FIRST in [r.text for r in before["revisions"]]
    assert [d.session_date for d in before["debriefs"]] == [day.isoformat()]

    # Lock: unreadable at rest, nothing lost.
    result = lock(data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert plain_sqlite_error(data_dir / "journal.sqlite3") == "file is not a database"
    for path in data_dir.iterdir():
        for words in (FIRST, SECOND, DEBRIEF):
            assert words.encode() not in path.read_bytes(), path
    assert everything(data_dir, key_of(data_dir)) == before

    # Serve refuses without the passphrase (no terminal here) and with a wrong one, in one sentence.
    port = str(free_port())
    refused = run_cli("serve", "--no-browser", "--port", port, data_dir=data_dir, timeout=60)
    assert_one_clear_line(refused, contains="Your journal is locked: give its passphrase with --passphrase-file")
    wrong = secret_file(tmp_path, "this is not it", "wrong.txt")
    refused = run_cli("serve", "--no-browser", "--port", port, "--passphrase-file", str(wrong), data_dir=data_dir)
    assert_one_clear_line(refused, contains="That passphrase doesn't open this journal")

    # Export with the passphrase holds everything.
    exported = run_cli("export", "--passphrase-file", str(tmp_path / "passphrase.txt"), data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    for words in (FIRST, SECOND, DEBRIEF):
        assert words in exported.stdout

    # Serve with the passphrase: the page shows the words, and new ones are saved, locked.
    key_hex = key_of(data_dir).hex()
    server = Server.start(data_dir, "--passphrase-file", str(tmp_path / "passphrase.txt"))
    try:
        page, box = welcome_box(context, server)
        expect(box).to_have_value(SECOND)
        for kernel in server.kernel_processes():  # the key reached them through the runtime folder only
            assert key_hex not in " ".join(kernel.cmdline())
            assert not any(key_hex in value for value in kernel.environ().values())
        box.fill(THIRD)
        expect(page.locator(".sbs-reflection-status")).to_contain_text("Saved", timeout=30_000)
        assert page.page_errors == []
        close_tab(page)
        page = open_workbook(context, server, "13-after-a-session", ready=".sbs-debrief")
        expect(page.get_by_label(re.compile(r"What\? What happened"))).to_have_value(DEBRIEF, timeout=60_000)
        expect(page.get_by_label(re.compile(r"What\? What happened"))).to_have_accessible_name(
            re.compile(re.escape(debrief.say_day(day)))
        )
        close_tab(page)
        # The list page reads the journal in the server itself: it opens the locked one too.
        home = context.new_page()
        home.goto(server.home_url)
        expect(home.get_by_role("link", name=re.compile("Welcome")).first).to_be_visible(timeout=30_000)
        assert "can't be shown just now" not in home.content()
        home.close()
    finally:
        server.stop()
    assert "sbs-training:" not in server.log.read_text().split("--- serve.log ---")[0]
    assert plain_sqlite_error(data_dir / "journal.sqlite3") == "file is not a database"
    for path in data_dir.iterdir():
        assert THIRD.encode() not in path.read_bytes(), path
        assert key_hex.encode() not in path.read_bytes(), path

    # Unlock with the recovery code: a plain journal again, with every word and every earlier version.
    unlocked = run_cli("unlock", "--recovery-file", str(tmp_path / "recovery.txt"), data_dir=data_dir)
    assert unlocked.returncode == 0, unlocked.stderr
    with closing(sqlite3.connect(data_dir / "journal.sqlite3")) as db:
        texts = {text for (text,) in db.execute("SELECT text FROM reflections")}
        earlier = {text for (text,) in db.execute("SELECT text FROM revisions")}
        debriefs = db.execute("SELECT session_date FROM debriefs").fetchall()
    assert THIRD in texts and DEBRIEF in texts
    assert {FIRST, SECOND} <= earlier
    assert debriefs == [(day.isoformat(),)]
    assert PASSPHRASE not in unlocked.stdout
