"""The values and safety workbooks in headless Chromium, driven by keyboard only.

Per workbook, a trainee tabs to the activity, completes it with the keys a
keyboard user has (Tab, arrows, Space, Enter), writes a reflection, reloads,
and finds everything as they left it, and in ``sbs-training export``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
import support
from playwright.sync_api import Locator, Page, expect
from support import answers_in, close_tab, export_json, open_workbook, reflection_in

from sbs_training.content import load

pytestmark = pytest.mark.browser

VALUES = "01-peer-support-values"
SAFETY = "02-safety-and-trauma-informed-practice"


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, *, limit: int = 80) -> None:
    """Press Tab, as a keyboard user does, until ``target`` has focus."""
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {target}")


wait_until = partial(support.wait_until, timeout=15)  # this module's bound since it was written


# -- 01: the person-centred sort -------------------------------------------------------------


def statement(page: Page, text: str) -> Locator:
    return page.get_by_role("group", name=text, exact=True)


def test_values_sort_and_reflection_by_keyboard_survive_a_reload(context, server) -> None:
    sort = load("sorts", "person-centred")
    labels = {c.id: c.label for c in sort.categories}
    mistrust = load("prompts", VALUES).get("mistrust")
    page = open_workbook(context, server, VALUES, ready=".sbs-classify input[type=radio]")
    expect(page.locator(".sbs-progress")).to_have_text(f"0 of {len(sort.items)} placed.")

    first = sort.items[0]
    tab_to(page, statement(page, first.text).get_by_role("radio", name=labels["person"]))
    # A change of mind on the first statement: the arrow keys move the choice and the feedback follows.
    group = statement(page, first.text)
    page.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name=labels["illness"])).to_be_checked()
    expect(group.locator(".sbs-feedback")).to_contain_text("Have another look")
    page.keyboard.press("ArrowLeft")
    expect(group.get_by_role("radio", name=labels["person"])).to_be_checked()
    expect(group.locator(".sbs-feedback")).to_have_text(f"Yes, {labels['person']}. {first.why}")
    expect(group.get_by_role("radio", name=labels["person"])).to_be_focused()

    for item in sort.items[1:]:
        page.keyboard.press("Tab")
        group = statement(page, item.text)
        expect(group.get_by_role("radio", name=labels["person"])).to_be_focused()
        # Space chooses the focused (first) category; ArrowRight moves to and chooses the second.
        page.keyboard.press("Space" if item.answer == "person" else "ArrowRight")
        chosen = group.get_by_role("radio", name=labels[item.answer])
        expect(chosen).to_be_checked()
        expect(chosen).to_be_focused()
        expect(group.locator(".sbs-feedback")).to_have_text(f"Yes, {labels[item.answer]}. {item.why}")
    expect(page.locator(".sbs-progress")).to_have_text(f"{len(sort.items)} of {len(sort.items)} placed.")

    box = page.get_by_role("textbox", name=mistrust.text)
    tab_to(page, box)
    words = "Being let down by services before. I will keep every date we set and say early if anything changes."
    page.keyboard.type(words)

    expected = {item.id: {"placed": item.answer} for item in sort.items}
    wait_until(lambda: answers_in(server.data_dir, VALUES, "person-centred") == expected, "every placement is saved")
    wait_until(lambda: reflection_in(server.data_dir, VALUES, "mistrust") == words, "the reflection is saved")
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-classify input[type=radio]", timeout=90_000)
    for item in sort.items:
        group = statement(page, item.text)
        expect(group.get_by_role("radio", name=labels[item.answer])).to_be_checked()
        expect(group.locator(".sbs-feedback")).to_have_text(f"Yes, {labels[item.answer]}. {item.why}")
    expect(page.locator(".sbs-progress")).to_have_text(f"{len(sort.items)} of {len(sort.items)} placed.")
    expect(page.locator(".sbs-classify [role=status]")).to_contain_text("Your answers are back")
    expect(page.get_by_role("textbox", name=mistrust.text)).to_have_value(words)
    assert page.page_errors == []
    close_tab(page)

    exported = export_json(server.data_dir)
    placed = {
        a["item"]: a["value"]
        for a in exported["answers"]
        if (a["workbook"], a["activity"]) == (VALUES, "person-centred")
    }
    assert placed == expected
    texts = {(r["workbook"], r["prompt"]): r["text"] for r in exported["reflections"]}
    assert texts[(VALUES, "mistrust")] == words


# -- 02: a scenario card, the venue checklist and its download ---------------------------------


def test_safety_card_checklist_and_reflection_by_keyboard_survive_a_reload(context, server) -> None:
    cards = {c.id: c for c in load("cards", "trauma-informed").cards}
    late = cards["always-late"]
    options = {o.id: o for o in late.options}
    checklist = {i.id: i for i in load("checklists", "safe-venue").items}
    inclusion = load("prompts", SAFETY).get("inclusion-in-my-setting")
    page = open_workbook(context, server, SAFETY, ready=".sbs-card input[type=radio]")
    expect(page.locator(".sbs-note").first).to_contain_text("You can pause, skip this section or stop at any time")

    card = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=late.title))
    first_option = card.get_by_role("radio", name=late.options[0].text)
    tab_to(page, first_option)
    # Enter before choosing anything says what to do, and leaves focus on the options.
    page.keyboard.press("Enter")
    expect(card.locator("[role=status]")).to_have_text("Choose one of the options first.")
    expect(first_option).to_be_focused()
    # ArrowDown moves to and chooses the second option; Enter shows what happens and moves focus there.
    page.keyboard.press("ArrowDown")
    expect(card.get_by_role("radio", name=options["quiet-check-in"].text)).to_be_checked()
    page.keyboard.press("Enter")
    feedback = card.get_by_role("region", name="What happens next")
    expect(feedback).to_be_focused()
    expect(feedback).to_contain_text(f"What would likely happen: {options['quiet-check-in'].happens}")
    expect(feedback).to_contain_text(f"Why: {options['quiet-check-in'].why}")

    # Another card the other way: Space chooses, Tab reaches the button, Enter presses it.
    heated = cards["heated-moment"]
    third = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=heated.title))
    calm = third.get_by_role("radio", name=heated.options[0].text)
    tab_to(page, calm)
    page.keyboard.press("Space")
    expect(calm).to_be_checked()
    page.keyboard.press("Tab")
    expect(third.get_by_role("button", name="See what happens")).to_be_focused()
    page.keyboard.press("Enter")
    expect(third.get_by_role("region", name="What happens next")).to_be_focused()
    expect(third.get_by_role("region", name="What happens next")).to_contain_text(heated.options[0].happens)

    # The venue checklist: Space ticks, Tab reaches the item's own note.
    directions = page.get_by_role("checkbox", name=checklist["directions"].text)
    tab_to(page, directions)
    page.keyboard.press("Space")
    expect(directions).to_be_checked()
    page.keyboard.press("Tab")
    note = page.get_by_role("textbox", name=f"What I will do on: {checklist['directions'].text}")
    expect(note).to_be_focused()
    typed_note = "Map on the leaflet <script>alert(1)</script>"
    page.keyboard.type(typed_note)
    page.keyboard.press("Tab")
    lighting = page.get_by_role("checkbox", name=checklist["lighting"].text)
    expect(lighting).to_be_focused()
    page.keyboard.press("Space")
    expect(lighting).to_be_checked()
    expect(page.locator(".sbs-checklist .sbs-progress")).to_have_text(f"2 of {len(checklist)} ticked.")

    # Download the plan as printable HTML with Enter on the button.
    button = page.get_by_role("button", name="Download my plan to print (HTML)")
    tab_to(page, button)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "my-venue-plan.html"
    plan = Path(download.path()).read_text(encoding="utf-8")
    assert "My venue and first-session safety plan" in plan
    assert "Map on the leaflet &lt;script&gt;alert(1)&lt;/script&gt;" in plan
    assert "<script>" not in plan

    box = page.get_by_role("textbox", name=inclusion.text)
    tab_to(page, box)
    words = "Carers can't come in the evening. I'll ask about a daytime group somewhere step-free."
    page.keyboard.type(words)

    chosen = {"always-late": {"choice": "quiet-check-in"}, "heated-moment": {"choice": heated.options[0].id}}
    wait_until(
        lambda: answers_in(server.data_dir, SAFETY, "trauma-informed") == chosen,
        "the cards' choices are saved",
    )
    wait_until(
        lambda: (
            answers_in(server.data_dir, SAFETY, "safe-venue")
            == {"directions": {"done": True, "note": typed_note}, "lighting": {"done": True, "note": ""}}
        ),
        "the checklist is saved",
    )
    wait_until(lambda: reflection_in(server.data_dir, SAFETY, "inclusion-in-my-setting") == words, "reflection saved")
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-card input[type=radio]", timeout=90_000)
    card = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=late.title))
    expect(card.get_by_role("radio", name=options["quiet-check-in"].text)).to_be_checked()
    feedback = card.get_by_role("region", name="What happens next")
    expect(feedback).to_contain_text(options["quiet-check-in"].happens)
    expect(feedback).not_to_be_focused()
    third = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=heated.title))
    expect(third.get_by_role("radio", name=heated.options[0].text)).to_be_checked()
    other = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=cards["unsettling-room"].title))
    expect(other.get_by_role("region", name="What happens next")).to_be_hidden()
    expect(page.get_by_role("checkbox", name=checklist["directions"].text)).to_be_checked()
    expect(page.get_by_role("checkbox", name=checklist["lighting"].text)).to_be_checked()
    expect(page.get_by_role("checkbox", name=checklist["side-room"].text)).not_to_be_checked()
    expect(page.get_by_role("textbox", name=f"What I will do on: {checklist['directions'].text}")).to_have_value(
        typed_note
    )
    expect(page.get_by_role("textbox", name=inclusion.text)).to_have_value(words)
    assert page.page_errors == []
    close_tab(page)

    exported = export_json(server.data_dir)
    mine = {(a["activity"], a["item"]): a["value"] for a in exported["answers"] if a["workbook"] == SAFETY}
    assert {item: v for (activity, item), v in mine.items() if activity == "trauma-informed"} == chosen
    assert mine[("safe-venue", "directions")] == {"done": True, "note": typed_note}
    assert mine[("safe-venue", "lighting")] == {"done": True, "note": ""}
    texts = {(r["workbook"], r["prompt"]): r["text"] for r in exported["reflections"]}
    assert texts[(SAFETY, "inclusion-in-my-setting")] == words
