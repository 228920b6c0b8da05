"""Trainer workbooks in Chromium: plan and print a session; a cohort's own settings on the list page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import Server, export_json, open_workbook

pytestmark = pytest.mark.browser

PLANNER = "trainer/03-session-planner"


def _expect():
    return pytest.importorskip("playwright.sync_api").expect


def _warnings(page):
    return page.locator(".sbs-warnings li")


def test_plan_a_90_minute_session_for_6_people_and_print_it(server, context, tmp_path):
    expect = _expect()
    page = open_workbook(context, server, PLANNER, ready=".sbs-planner select")
    page.get_by_label("Session name").fill("Week 1: trust")
    length = page.get_by_label("Session length (minutes)")
    length.fill("90")
    people = page.get_by_label("People in the group")
    people.fill("6")
    choose = page.get_by_label("Activity", exact=True)
    for activity in ("opening-round-safety", "human-knot", "closing-round"):
        choose.select_option(activity)
        choose.focus()
        page.keyboard.press("Tab")  # to "Add to plan"
        page.keyboard.press("Enter")
        expect(page.locator(".sbs-slot")).to_have_count(
            ["opening-round-safety", "human-knot", "closing-round"].index(activity) + 1
        )
    total = page.locator(".sbs-total")
    expect(total).to_have_text("Planned: 68 of 90 minutes (36 at the quickest). 22 minutes spare.")
    expect(_warnings(page).filter(has_text="The human knot involves touch")).to_have_count(1)

    # The touch-free version, chosen by keyboard, clears the touch warning.
    touch_free = page.get_by_label("Use the touch-free version of The human knot")
    touch_free.focus()
    page.keyboard.press("Space")
    expect(_warnings(page).filter(has_text="involves touch")).to_have_count(0)
    expect(page.get_by_label("Use the touch-free version of The human knot")).to_be_focused()

    # A break, moved up before the closing round; without a closing round the planner says so.
    page.get_by_role("button", name="Add a break").click()
    expect(page.locator(".sbs-slot")).to_have_count(4)
    page.get_by_role("button", name="Move up: Break, item 4").click()
    closing = "Closing round: one thing I'm taking with me"
    page.get_by_role("button", name=f"Remove: {closing}, item 4").click()
    expect(_warnings(page).filter(has_text="This plan has no closing")).to_have_count(1)
    choose.select_option("closing-round")
    page.get_by_role("button", name="Add to plan").click()
    expect(_warnings(page).filter(has_text="no closing")).to_have_count(0)
    expect(page.locator(".sbs-slot .sbs-slot-time")).to_have_text(
        ["0:00 to 0:22", "0:22 to 0:52", "0:52 to 1:02", "1:02 to 1:18"]
    )
    expect(total).to_have_text("Planned: 78 of 90 minutes (46 at the quickest). 12 minutes spare.")

    # Warnings fire for a short session and a small group, and clear again.
    length.fill("60")
    expect(_warnings(page).filter(has_text="may run over")).to_have_count(1)
    expect(total).to_have_class(re.compile("sbs-over"))
    length.fill("90")
    people.fill("3")
    expect(_warnings(page).filter(has_text="needs at least 4 people and your group has 3")).to_have_count(1)
    people.fill("6")
    expect(_warnings(page).filter(has_text="needs at least")).to_have_count(0)
    expect(page.locator(".sbs-planner .sbs-status").last).to_have_text(re.compile(r"^Saved \d\d:\d\d\.$"))

    # Print: a real download of a print-ready page, turned into a PDF by Chromium.
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download this plan to print (HTML)").click()
    download = caught.value
    assert download.suggested_filename == "session-plan.html"
    saved = tmp_path / "session-plan.html"
    download.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "<title>Week 1: trust</title>" in html and "@media print" in html
    assert "Session length: 90 minutes. Group size: 6 people." in html
    assert "0:22 to 0:52</td><td>The human knot (touch-free version)" in html
    printed = context.new_page()
    printed.goto(saved.as_uri())
    printed.emulate_media(media="print")
    expect(printed.get_by_role("heading", level=1)).to_have_text("Week 1: trust")
    pdf = printed.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    printed.close()

    # Saved in the journal, and back after a reload.
    plans = [a for a in export_json(server.data_dir)["answers"] if a["workbook"] == "03-session-planner"]
    assert [p["value"]["title"] for p in plans] == ["Week 1: trust"]
    assert [i.get("activity", "break") for i in plans[0]["value"]["items"]] == [
        "opening-round-safety",
        "human-knot",
        "break",
        "closing-round",
    ]
    page.reload()
    page.wait_for_selector(".sbs-planner select")
    expect(page.get_by_label("Session name")).to_have_value("Week 1: trust")
    expect(page.locator(".sbs-slot")).to_have_count(4)
    assert page.page_errors == []


def test_activity_browser_filters_by_keyboard(server, context):
    expect = _expect()
    page = open_workbook(context, server, "trainer/02-activity-browser", ready=".sbs-browser input")
    cards = page.locator(".sbs-activity")
    all_count = cards.count()
    assert all_count >= 8
    page.get_by_label("People in your group").fill("3")
    touch = page.get_by_label("Touch-free only")
    touch.focus()
    page.keyboard.press("Space")
    expect(cards.filter(has_text="The human knot")).to_have_count(0)
    expect(cards.filter(has_text="Energy exchange")).to_have_count(1)
    page.get_by_label("Works online").check()
    expect(page.get_by_role("status").filter(has_text="Showing")).to_have_text(re.compile(r"Showing \d+ of \d+"))
    energy = cards.filter(has_text="Energy exchange")
    energy.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(energy.locator("details ol")).to_be_visible()
    expect(energy.locator("details ol")).to_contain_text("nobody touches")
    page.reload()
    page.wait_for_selector(".sbs-browser input")
    expect(page.get_by_label("People in your group")).to_have_value("3")
    expect(page.get_by_label("Touch-free only")).to_be_checked()
    assert page.page_errors == []


COHORT = """\
organisation = "Hillside Peer Network"
contact = "Priya, 0161 555 0100, weekdays"
welcome = "Welcome to the Hillside spring cohort."
workbooks = ["02-safety-and-trauma-informed-practice", "00-welcome"]
trainer_workbooks = ["03-session-planner"]

[[helplines]]
region = "Hillside"
name = "Hillside Night Line"
number = "0800 555 0199"
hours = "Every night, 8pm to 2am"
checked = 2026-11-01
"""


def test_a_cohort_config_sets_helplines_and_workbook_order(context, tmp_path):
    expect = _expect()
    settings = tmp_path / "cohort.toml"
    settings.write_text(COHORT, encoding="utf-8")
    server = Server.start(tmp_path / "data", "--config", str(settings), "--pool-size", "0")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.home_url)
        expect(page.get_by_text("Workbooks for Hillside Peer Network")).to_be_visible()
        trainee = page.get_by_role("list", name="Your workbooks").get_by_role("link")
        expect(trainee).to_have_text(["Safety and trauma-informed practice", "Welcome to Side by Side Training"])
        expect(page.get_by_role("list", name="For trainers").get_by_role("link")).to_have_text(["Session planner"])
        help_panel = page.locator("details.sbs-help")
        expect(help_panel).to_contain_text("Hillside Night Line")
        expect(help_panel).not_to_contain_text("Samaritans")
        trainee.last.click()
        page.wait_for_selector(".sbs-widget", timeout=90_000)
        expect(page.locator("details.sbs-help")).to_contain_text("Hillside Night Line: call 0800 555 0199")
        expect(page.get_by_role("note", name="Welcome from your trainer")).to_contain_text(
            "Welcome to the Hillside spring cohort."
        )
        expect(page.locator("details.sbs-help")).to_contain_text("Your facilitator at Hillside Peer Network: Priya")
        assert errors == []
    finally:
        server.stop()
    assert Path(server.log).read_text().count("Traceback") == 0
