"""Self-care check-ins and My journal in a real browser, against real servers.

A facilitator checks in by keyboard and sees three days as a trend with its
summary in words; their journal (every reflection and the self-care plan)
goes home as a real download and comes back into a fresh data folder by
upload; they edit and restore in the journal view and erase behind a typed
confirmation; on Binder (and only there) every workbook says the session is
temporary and offers a one-click download.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support import Server, export_json, open_workbook

from sbs_training.selfcare.checkin_trend import say_day
from sbs_training.store.journal import Journal

pytestmark = pytest.mark.browser

CHECKIN = "06-self-care-check-in"
JOURNAL = "07-my-journal"
BINDER_ENV = {
    "BINDER_LAUNCH_HOST": "https://mybinder.org/",
    "BINDER_REPO_URL": "https://github.com/example/sbs-training",
    "BINDER_REQUEST": "v2/gh/example/sbs-training/HEAD",
}
NOTICE = "This is a temporary session on a public service."
PLAN = {
    "What keeps me well?": "Swimming on Sundays & long walks",
    "What are my early signs that I'm overstretched?": "Checking messages at <midnight>",
    "Who can I talk to?": "Amira, my supervisor",
    "What will I say no to?": "Extra groups in December",
    "One small thing I will do for myself this week": "Phone my sister",
}


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


@pytest.fixture(scope="module")
def binder_server(tmp_path_factory):
    """A server that looks like a Binder launch: Binder's variables set, no preheated kernels, an empty journal."""
    data = tmp_path_factory.mktemp("binder") / "data"
    srv = Server.start(data, "--pool-size", "0", env=BINDER_ENV)
    yield srv
    srv.stop()


def tab_until(page, locator, limit: int = 20) -> None:
    """Press Tab until ``locator`` has focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_checkins_on_three_days_show_as_a_trend_with_its_summary(context, server) -> None:
    today = date.today()
    now = datetime.now(UTC)
    with Journal(server.data_dir) as journal:  # two earlier days, written before the page opens
        journal.add_checkin({"energy": 2, "capacity": 3}, "First week back", at=(now - timedelta(days=9)).isoformat())
        journal.add_checkin({"energy": 3, "capacity": 3}, "", at=(now - timedelta(days=4)).isoformat())
    days = [(now - timedelta(days=d)).astimezone().date() for d in (9, 4)]

    page = open_workbook(context, server, CHECKIN, ready=".sbs-trend")
    page.wait_for_selector(".sbs-reminder button")  # the last widget on the page
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)), "every label must point at its own control"
    summary = page.locator(".sbs-trend-summary")
    expect()(summary).to_contain_text(f"Energy: Low (2 of 5) on {say_day(days[0])}, then Some (3 of 5)")

    # Keyboard only: Space picks a choice, arrows move within a question, Tab moves on.
    page.get_by_role("radio", name="Running on empty").focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect()(page.get_by_role("radio", name="Good", exact=True)).to_be_checked()
    tab_until(page, page.get_by_role("radio", name="Full to overflowing"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect()(page.get_by_role("radio", name="Nearly full")).to_be_checked()
    tab_until(page, page.get_by_role("checkbox", name="Supervision"))
    page.keyboard.press("Space")
    note = page.get_by_role("textbox", name="Anything you want to note? (optional)")
    tab_until(page, note)
    page.keyboard.type("Slept well <b>for once</b>")
    tab_until(page, page.get_by_role("button", name="Save this check-in"))
    page.keyboard.press("Enter")

    expect()(page.locator(".sbs-checkin .sbs-status")).to_have_text(re.compile(r"^Saved your check-in at \d\d:\d\d\.$"))
    feedback = page.locator(".sbs-checkin-feedback")
    expect()(feedback).to_be_focused()
    expect()(feedback).to_contain_text("Thank you for checking in.")
    expect()(page.get_by_role("radio", name="Good", exact=True)).not_to_be_checked()  # the form is ready again

    said = (
        f"Energy: Low (2 of 5) on {say_day(days[0])}, then Some (3 of 5) on {say_day(days[1])}, "
        f"then Good (4 of 5) on {say_day(today)}."
    )
    expect()(summary).to_contain_text(said)
    expect()(summary).to_contain_text("From ")
    expect()(summary).to_contain_text("3 check-ins on 3 days.")
    expect()(summary).to_contain_text("Support: Supervision once.")
    # The plot is an image whose name is its caption and the summary beside it.
    plot = page.get_by_role("img", name=said)
    expect()(plot).to_be_visible()
    energy_line = plot.locator("polyline").first
    assert len(energy_line.get_attribute("points").split()) == 3
    notes = page.locator(".sbs-notes li")
    expect()(notes.first).to_contain_text("Slept well <b>for once</b>")  # shown as typed, not as bold
    assert page.locator(".sbs-notes b").count() == 0
    expect()(page.get_by_role("button", name="Show the four weeks after")).to_be_disabled()

    stored = export_json(server.data_dir)["checkins"]
    assert stored[-1]["data"] == {"energy": 4, "capacity": 2, "support": ["supervision"]}
    assert stored[-1]["note"] == "Slept well <b>for once</b>"

    # Come back: a fortnightly calendar reminder, chosen by keyboard, as a real download.
    page.get_by_role("radio", name="Every week").focus()
    page.keyboard.press("ArrowRight")
    expect()(page.get_by_role("radio", name="Every two weeks")).to_be_checked()
    tab_until(page, page.get_by_role("button", name="Download my calendar reminder (.ics)"))
    with page.expect_download() as reminder:
        page.keyboard.press("Enter")
    assert reminder.value.suggested_filename == "self-care-check-in.ics"
    icalendar = pytest.importorskip("icalendar")
    raw = Path(reminder.value.path()).read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    [event] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert event["RRULE"]["INTERVAL"] == [2] and event.decoded("DTSTART").strftime("%H:%M") == "10:00"
    expect()(page.locator(".sbs-reminder .sbs-status")).to_contain_text("every two weeks at 10:00")

    page.reload()
    page.wait_for_selector(".sbs-trend")
    expect()(page.locator(".sbs-trend-summary")).to_contain_text(said)
    assert not page.page_errors  # type: ignore[attr-defined]


def test_the_journal_goes_home_and_comes_back_into_a_fresh_folder(context, server, binder_server, tmp_path) -> None:
    with Journal(server.data_dir) as journal:
        journal.save_reflection("00-welcome", "what-brings-you", "A friend's group got me through.", editor="then")
        journal.save_reflection(
            "00-welcome", "what-brings-you", "A group got me through; I want to pass it on.", editor="now"
        )

    page = open_workbook(context, server, CHECKIN, ready=".sbs-trend")
    for label, text in PLAN.items():
        box = page.get_by_role("textbox", name=label)
        box.click()
        expect()(box).to_be_focused()
        page.keyboard.type(text)
        expect()(box).to_have_value(text)
        status = page.locator(".sbs-reflection", has=box).locator(".sbs-reflection-status")
        expect()(status).to_have_text(re.compile(r"^Saved \d\d:\d\d"))
    # The plan page is made by the same kernel after every keystroke above, so it holds all of them.
    with page.expect_download() as plan_download:
        page.get_by_role("button", name="Download my self-care plan to print (HTML)").click()
    plan_page = Path(plan_download.value.path()).read_text(encoding="utf-8")
    for label, text in PLAN.items():
        assert html.escape(label) in plan_page and html.escape(text) in plan_page
    assert "Checking messages at &lt;midnight&gt;" in plan_page

    mine = open_workbook(context, server, JOURNAL, ready=".sbs-journal-search")
    expect()(mine.locator(".sbs-journal")).to_contain_text("Swimming on Sundays & long walks")
    with mine.expect_download() as download:
        mine.get_by_role("button", name="Download my journal to bring back later (JSON)").click()
    assert download.value.suggested_filename == f"my-sbs-journal-{date.today().isoformat()}.json"
    saved = tmp_path / "journal.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    texts = {(r["workbook"], r["prompt"]): r["text"] for r in exported["reflections"] if r["text"]}
    assert set(PLAN.values()) <= set(texts.values())
    assert ("00-welcome", "what-brings-you") in texts

    # A fresh data folder on another server: upload the file there.
    assert export_json(binder_server.data_dir)["reflections"] == []
    there = open_workbook(context, binder_server, JOURNAL, ready=".sbs-journal-search")
    expect()(there.locator(".sbs-journal-summary")).to_have_text(re.compile("^Nothing written yet"))
    there.get_by_label("Your journal file (the .json you downloaded)").set_input_files(saved)
    there.get_by_role("button", name="Bring back my journal").click()
    status = there.locator(".sbs-upload .sbs-status")
    expect()(status).to_have_text(re.compile(rf"^Added .*\b{len(texts)} reflections"))
    journal_text = there.locator(".sbs-journal-groups")
    for text in texts.values():
        expect()(journal_text).to_contain_text(text)
    back = export_json(binder_server.data_dir)
    assert {(r["workbook"], r["prompt"]): r["text"] for r in back["reflections"] if r["text"]} == texts
    assert len(back["checkins"]) == len(exported["checkins"])

    # The self-care plan is back in its own workbook, in its boxes.
    plan = open_workbook(context, binder_server, CHECKIN, ready=".sbs-trend")
    for label, text in PLAN.items():
        expect()(plan.get_by_role("textbox", name=label)).to_have_value(text)

    # Bringing the same file back again adds nothing.
    there.get_by_label("Your journal file (the .json you downloaded)").set_input_files(saved)
    there.get_by_role("button", name="Bring back my journal").click()
    expect()(status).to_have_text(re.compile("^Nothing new to add"))

    # A file that isn't a journal says why in one sentence and changes nothing.
    junk = tmp_path / "notes.json"
    junk.write_text("{not json", encoding="utf-8")
    there.get_by_label("Your journal file (the .json you downloaded)").set_input_files(junk)
    there.get_by_role("button", name="Bring back my journal").click()
    expect()(status).to_have_text("notes.json is not valid JSON (it may be cut short); nothing was imported.")
    assert export_json(binder_server.data_dir)["reflections"] == back["reflections"]
    for p in (page, mine, there, plan):
        assert not p.page_errors  # type: ignore[attr-defined]


def test_search_edit_and_restore_in_the_journal_view(context, server) -> None:
    with Journal(server.data_dir) as journal:
        for text, editor in (("Weekend emails about zephyrs", "one"), ("Weekend emails", "two")):
            journal.save_reflection("00-welcome", "later-thoughts", text, editor=editor, label="Later thoughts")

    page = open_workbook(context, server, JOURNAL, ready=".sbs-journal-search")
    page.get_by_role("searchbox", name="Search my journal").fill("weekend emails")
    expect()(page.locator(".sbs-journal-summary")).to_have_text(re.compile(r"^1 of \d+ pieces of writing match"))
    entries = page.locator("article.sbs-entry")
    expect()(entries).to_have_count(1)

    page.get_by_role("button", name="Edit: Later thoughts").click()
    editor = page.get_by_role("textbox", name="Edit: Later thoughts")
    expect()(editor).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" after six")
    expect()(page.locator(".sbs-journal .sbs-status")).to_have_text(re.compile(r"^Saved"))
    page.get_by_role("button", name="Done editing").click()
    entry = entries.first
    expect()(entry.locator(".sbs-entry-text").first).to_have_text("Weekend emails after six")
    expect()(entry.get_by_role("heading")).to_be_focused()

    entry.get_by_role("button", name=re.compile(r"^Earlier versions \(2\)")).click()
    entry.get_by_role("button", name=re.compile("^Restore the version")).last.click()
    expect()(page.locator(".sbs-journal .sbs-status")).to_have_text(re.compile("^Brought back"))
    expect()(entries.first.locator(".sbs-entry-text").first).to_have_text("Weekend emails about zephyrs")
    stored = {r["prompt"]: r for r in export_json(server.data_dir)["reflections"]}["later-thoughts"]
    assert stored["text"] == "Weekend emails about zephyrs"
    assert "Weekend emails after six" in [r["text"] for r in stored["revisions"]]
    assert not page.page_errors  # type: ignore[attr-defined]


def test_the_binder_notice_shows_only_on_binder(context, server, binder_server) -> None:
    local = open_workbook(context, server, "00-welcome", ready=".sbs-reflection textarea")
    expect()(local.get_by_text("Get help now").first).to_be_visible()
    expect()(local.get_by_text(NOTICE)).to_have_count(0)
    expect()(local.get_by_role("button", name="Download my journal now")).to_have_count(0)

    for name, ready in (("00-welcome", ".sbs-reflection textarea"), (JOURNAL, ".sbs-journal-search")):
        page = open_workbook(context, binder_server, name, ready=ready)
        notice = page.get_by_role("region", name=NOTICE)
        expect()(notice).to_be_visible()
        expect()(notice).to_contain_text("don't write names")
        expect()(notice).to_contain_text("download your journal")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download my journal now").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["format"] == "sbs-training-journal"
        assert data["reflections"] == export_json(binder_server.data_dir)["reflections"]
        assert not page.page_errors  # type: ignore[attr-defined]


def test_erase_everything_needs_the_word(context, binder_server) -> None:
    with Journal(binder_server.data_dir) as journal:
        journal.save_reflection("00-welcome", "what-brings-you", "Something to erase", editor="x")
    page = open_workbook(context, binder_server, JOURNAL, ready=".sbs-journal-search")
    button = page.get_by_role("button", name="Erase everything in my journal")
    status = page.locator(".sbs-erase .sbs-status")
    button.click()
    expect()(status).to_have_text(re.compile("^Nothing was erased"))
    assert export_json(binder_server.data_dir)["reflections"]
    page.get_by_label("To confirm, type the word erase").fill("erase")
    button.click()
    expect()(status).to_have_text(re.compile("^Your journal is now empty"))
    expect()(page.locator(".sbs-journal-summary")).to_have_text(re.compile("^Nothing written yet"))
    assert export_json(binder_server.data_dir)["reflections"] == []
    assert not page.page_errors  # type: ignore[attr-defined]
