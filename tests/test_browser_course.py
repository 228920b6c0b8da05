"""The course map and the progress card in headless Chromium, as a new trainee meets them.

One server and one journal for the module, in order: a fresh trainee sees a
time and outcomes for every workbook and nothing started; writing in workbook
01 marks it started and *Continue* opens it; finishing everything 01 asks for
(two reflections written, one skipped on purpose by keyboard, every statement
sorted) marks it done; the progress card shows exactly what it will save, and
neither the preview nor the saved file holds a phrase the trainee typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import answers_in, close_tab, open_workbook, reflection_in, run_cli, wait_until

from sbs_training.content import load, load_course
from sbs_training.resources import workbook_title
from sbs_training.store.journal import SKIPPED

pytestmark = pytest.mark.browser

VALUES = "01-peer-support-values"
PHRASE = "Quillwort lantern meridian 7731"
"""Typed in the browser; must never reach a card."""


def list_page(context, server) -> Page:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.page_errors = errors  # type: ignore[attr-defined]
    page.goto(server.home_url)
    expect(page.get_by_role("heading", name="Your workbooks")).to_be_visible()
    return page


def item(page: Page, workbook: str):
    return page.locator(f"[data-workbook-item='{workbook}']")


def test_a_fresh_trainee_sees_time_outcomes_and_nothing_started(context, server) -> None:
    page = list_page(context, server)
    course = load_course()
    for entry in course.workbooks:
        row = item(page, entry.id)
        expect(row.get_by_role("link", name=workbook_title(entry.id))).to_be_visible()
        expect(row.locator(".sbs-minutes")).to_have_text(f"about {entry.minutes} minutes")
        expect(row.locator(".sbs-status")).to_have_text("Not started")
        expect(row).to_contain_text(entry.purpose)
        if entry.outcomes:
            row.get_by_text("What you will be able to do").click()
            outcomes = row.locator(".sbs-outcomes li")
            expect(outcomes).to_have_count(len(entry.outcomes))
            for n, outcome in enumerate(entry.outcomes):
                expect(outcomes.nth(n)).to_be_visible()
                expect(outcomes.nth(n)).to_have_text(outcome)
    teaching = [e for e in course.workbooks if e.teaching]
    assert len(teaching) == 12 and all(2 <= len(e.outcomes) <= 5 for e in teaching)
    expect(page.get_by_text(f"You have finished 0 of {len(course.workbooks)}.")).to_be_visible()
    expect(page.locator("[data-continue]")).to_have_count(0)
    # The For-trainers section is still there, with each trainer workbook's time.
    trainers = page.get_by_role("region", name="For trainers")
    for entry in course.trainer:
        expect(trainers).to_contain_text(f"{workbook_title(entry.id)} (about {entry.minutes} minutes)")
    assert page.page_errors == []


def test_writing_in_01_marks_it_started_and_continue_opens_it(context, server) -> None:
    prompts = load("prompts", VALUES)
    page = open_workbook(context, server, VALUES, ready=".sbs-reflection textarea")
    expect(page.locator(".sbs-outcomes")).to_contain_text("When you have finished, you will be able to:")
    box = page.get_by_role("textbox", name=prompts.get("peer-support-in-my-words").text)
    box.fill(f"Two people side by side. {PHRASE}")
    wait_until(lambda: PHRASE in (reflection_in(server.data_dir, VALUES, "peer-support-in-my-words") or ""), "saved")
    close_tab(page)

    page = list_page(context, server)
    expect(item(page, VALUES).locator(".sbs-status")).to_have_text("Started")
    expect(item(page, "02-safety-and-trauma-informed-practice").locator(".sbs-status")).to_have_text("Not started")
    go_on = page.get_by_role("link", name=f"Continue where you left off: {workbook_title(VALUES)}")
    expect(go_on).to_be_visible()
    go_on.click()
    page.wait_for_selector(".sbs-reflection textarea", timeout=90_000)
    expect(page).to_have_url(re.compile(rf"/voila/render/{VALUES}\.ipynb"))
    expect(page.get_by_role("heading", name="Peer support values", exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name=prompts.get("peer-support-in-my-words").text)).to_have_value(
        re.compile(PHRASE)
    )
    assert page.page_errors == []
    close_tab(page)


def test_finishing_everything_in_01_marks_it_done(context, server) -> None:
    prompts = load("prompts", VALUES)
    sort = load("sorts", "person-centred")
    labels = {c.id: c.label for c in sort.categories}
    page = open_workbook(context, server, VALUES, ready=".sbs-classify input[type=radio]")
    page.get_by_role("textbox", name=prompts.get("value-that-matters-most").text).fill("Choice and control.")
    # The last one is skipped on purpose, by keyboard: the labelled box, Space to tick it.
    skip = (
        page.locator(".sbs-reflection")
        .filter(has_text=prompts.get("mistrust").text)
        .get_by_role("checkbox", name="Skip this one on purpose")
    )
    skip.focus()
    page.keyboard.press("Space")
    expect(skip).to_be_checked()
    wait_until(lambda: answers_in(server.data_dir, VALUES, SKIPPED).get("mistrust") is True, "the skip is saved")
    for statement in sort.items:
        page.get_by_role("group", name=statement.text, exact=True).get_by_role(
            "radio", name=labels[statement.answer]
        ).check()
    wait_until(lambda: len(answers_in(server.data_dir, VALUES, "person-centred")) == len(sort.items), "sorted")
    wait_until(lambda: reflection_in(server.data_dir, VALUES, "value-that-matters-most") is not None, "written")
    assert page.page_errors == []
    close_tab(page)

    page = list_page(context, server)
    expect(item(page, VALUES).locator(".sbs-status")).to_have_text(re.compile(r"^Done on \d{1,2} \w+ \d{4}$"))
    expect(item(page, VALUES)).to_have_attribute("data-status", "done")
    expect(page.get_by_text(f"You have finished 1 of {len(load_course().workbooks)}.")).to_be_visible()

    # Unticking brings it back to started: done is worked out each time, never stored.
    page = open_workbook(context, server, VALUES, ready=".sbs-reflection input[type=checkbox]")
    again = page.locator(".sbs-reflection").filter(has_text=prompts.get("mistrust").text).get_by_role("checkbox")
    expect(again).to_be_checked()
    again.uncheck()
    wait_until(lambda: answers_in(server.data_dir, VALUES, SKIPPED).get("mistrust") is False, "unskipped")
    close_tab(page)
    page = list_page(context, server)
    expect(item(page, VALUES).locator(".sbs-status")).to_have_text("Started")
    page.close()
    page = open_workbook(context, server, VALUES, ready=".sbs-reflection input[type=checkbox]")
    page.locator(".sbs-reflection").filter(has_text=prompts.get("mistrust").text).get_by_role("checkbox").check()
    wait_until(lambda: answers_in(server.data_dir, VALUES, SKIPPED).get("mistrust") is True, "skipped again")
    close_tab(page)


def test_the_card_shows_what_it_saves_and_holds_nothing_the_trainee_wrote(context, server, tmp_path: Path) -> None:
    page = list_page(context, server)
    page.get_by_role("link", name="Make a progress card").click()
    expect(page.get_by_role("heading", name="Share your progress")).to_be_visible()
    shown = page.locator("#sbs-card-json").inner_text()
    card = json.loads(shown)
    assert [w["id"] for w in card["workbooks_done"]] == [VALUES]
    assert re.fullmatch(r"trainee-[0-9a-f]{8}", card["pseudonym"])
    assert PHRASE not in page.content()

    # A name typed by the trainee replaces the pseudonym in the preview, and the saved file is that preview.
    page.get_by_label("Your name on the card (optional)").fill("Mere Tāwhiri")
    page.get_by_role("button", name="Show the card with this name").click()
    expect(page.locator("#sbs-card-json")).to_contain_text('"name": "Mere Tāwhiri"')
    shown = page.locator("#sbs-card-json").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Save this card")).click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert json.loads(saved) == json.loads(shown)
    assert PHRASE not in saved and "Two people side by side" not in saved and "Choice and control" not in saved
    assert "pseudonym" not in json.loads(saved)

    # A name that isn't a name is refused in a sentence; the card falls back to the pseudonym.
    page.get_by_label("Your name on the card (optional)").fill("<b>I felt scared</b>")
    page.get_by_role("button", name="Show the card with this name").click()
    expect(page.get_by_role("alert")).to_contain_text("That name can't go on the card")
    assert "pseudonym" in json.loads(page.locator("#sbs-card-json").inner_text())
    assert "<b>I felt" not in page.locator("#sbs-card-json").inner_text()
    page.get_by_role("link", name="Back to your workbooks").click()
    expect(page.get_by_role("heading", name="Your workbooks")).to_be_visible()
    assert page.page_errors == []

    card_file = tmp_path / "card.json"
    card_file.write_text(saved, encoding="utf-8")
    summary = run_cli("cohort", "summary", str(card_file))
    assert summary.returncode == 0, summary.stderr
    assert "fewer than 5" in summary.stdout and PHRASE not in summary.stdout


def test_the_card_page_is_behind_the_same_door(server) -> None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{server.url}/sbs/progress-card", timeout=10) as answer:
            body = answer.read().decode()
    except urllib.error.HTTPError as refused:
        assert refused.code in (401, 403)
        return
    assert "trainee-" not in body and "workbooks_done" not in body


def test_the_map_and_the_card_page_pass_axe_and_reflow_at_320(browser, server) -> None:
    from test_accessibility import check_axe

    for width in (1200, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = list_page(context, server)
        for summary in page.locator(".sbs-map summary").all():
            summary.click()
        check_axe(page, f"the list page at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="Make a progress card").click()
        expect(page.locator("#sbs-card-json")).to_be_visible()
        check_axe(page, f"the progress card page at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
