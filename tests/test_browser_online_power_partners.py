"""Workbooks 10, 11 and 12 in headless Chromium: render, use an activity, write, reload, find it again.

Per workbook, a trainee opens the page, sees the help panel and the learning
outcomes, uses its activities (a card, a sort, a checklist), writes a
reflection and reveals the example, reloads, and finds everything as they
left it in the page and in the journal. The list page shows the three
workbooks in course order.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support import answers_in, close_tab, open_workbook, reflection_in, wait_until

from sbs_training.content import load

pytestmark = pytest.mark.browser

ONLINE = "10-online-and-text-groups"
POWER = "11-power-leadership-and-inclusion"
PARTNERS = "12-working-with-others"
TIMEOUT = 30_000


def opens_well(page: Page) -> None:
    """Every workbook: the help panel, what you will be able to do, and how long it takes."""
    expect(page.locator(".sbs-help").first).to_contain_text("Get help now")
    outcomes = page.locator(".sbs-outcomes")  # from exercises/course.yaml, through wb.outcomes()
    expect(outcomes).to_contain_text("When you have finished, you will be able to:")
    expect(outcomes).to_contain_text("minutes.")


def write_and_reveal(page: Page, workbook: str, prompt_id: str, words: str) -> None:
    """Type a reflection; the example stays locked until something is written, then shows."""
    prompt = load("prompts", workbook).get(prompt_id)
    box = page.get_by_role("textbox", name=prompt.text)
    reflection = page.locator(".sbs-reflection").filter(has=box)
    reveal = reflection.get_by_role("button", name="Show an example answer")
    expect(reveal).to_be_disabled(timeout=TIMEOUT)
    box.click()
    page.keyboard.type(words)
    expect(reveal).to_be_enabled()
    reveal.click()
    example = reflection.get_by_role("region", name="Example answer")
    expect(example).to_be_visible()
    expect(example).to_contain_text(prompt.example[:40])


def choose_card(page: Page, set_id: str, card_id: str, option_id: str) -> None:
    card = next(c for c in load("cards", set_id).cards if c.id == card_id)
    option = next(o for o in card.options if o.id == option_id)
    shown = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=card.title))
    shown.get_by_role("radio", name=option.text).check()
    shown.get_by_role("button", name="See what happens").click()
    feedback = shown.get_by_role("region", name="What happens next")
    expect(feedback).to_contain_text(option.happens)
    expect(feedback).to_contain_text(option.why)


def card_after_reload(page: Page, set_id: str, card_id: str, option_id: str) -> None:
    card = next(c for c in load("cards", set_id).cards if c.id == card_id)
    option = next(o for o in card.options if o.id == option_id)
    shown = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=card.title))
    expect(shown.get_by_role("radio", name=option.text)).to_be_checked(timeout=TIMEOUT)
    expect(shown.get_by_role("region", name="What happens next")).to_contain_text(option.happens)


def place(page: Page, sort_id: str, item_id: str, category_id: str) -> None:
    sort = load("sorts", sort_id)
    item = next(i for i in sort.items if i.id == item_id)
    label = next(c.label for c in sort.categories if c.id == category_id)
    group = page.get_by_role("group", name=item.text, exact=True)
    group.get_by_role("radio", name=label).check()
    if category_id == item.answer:
        expect(group.locator(".sbs-feedback")).to_have_text(f"Yes, {label}. {item.why}")
    else:
        expect(group.locator(".sbs-feedback")).to_contain_text("Have another look")


def test_online_workbook_card_checklist_and_reflection_survive_a_reload(context, server) -> None:
    contract = {i.id: i for i in load("checklists", "online-contract").items}
    page = open_workbook(context, server, ONLINE, ready=".sbs-card input[type=radio]")
    opens_well(page)
    expect(page.get_by_role("note").filter(has_text="drops off a call")).to_contain_text("stop at any time")

    choose_card(page, "online-moments", "camera-off", "name-it-as-choice")
    page.get_by_role("checkbox", name=contract["no-recording"].text).check()
    note = page.get_by_role("textbox", name=f"How we will do it on: {contract['no-recording'].text}")
    note.click()
    typed_note = "Said at the start <b>every</b> week"
    page.keyboard.type(typed_note)
    words = "Hi! The link opens 10 minutes early so we can check your sound together."
    write_and_reveal(page, ONLINE, "online-welcome", words)

    wait_until(
        lambda: (
            answers_in(server.data_dir, ONLINE, "online-moments") == {"camera-off": {"choice": "name-it-as-choice"}}
        ),
        "the card's choice is saved",
    )
    wait_until(
        lambda: (
            answers_in(server.data_dir, ONLINE, "online-contract")
            == {"no-recording": {"done": True, "note": typed_note}}
        ),
        "the checklist is saved",
    )
    wait_until(lambda: reflection_in(server.data_dir, ONLINE, "online-welcome") == words, "the reflection is saved")
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-card input[type=radio]", timeout=90_000)
    card_after_reload(page, "online-moments", "camera-off", "name-it-as-choice")
    expect(page.get_by_role("checkbox", name=contract["no-recording"].text)).to_be_checked()
    expect(page.get_by_role("checkbox", name=contract["cameras"].text)).not_to_be_checked()
    expect(note).to_have_value(typed_note)
    prompt = load("prompts", ONLINE).get("online-welcome")
    expect(page.get_by_role("textbox", name=prompt.text)).to_have_value(words)
    assert page.page_errors == []
    close_tab(page)


def test_power_workbook_sort_cards_and_word_meanings_survive_a_reload(context, server) -> None:
    page = open_workbook(context, server, POWER, ready=".sbs-classify input[type=radio]")
    opens_well(page)
    expect(page.locator(".sbs-note").first).to_contain_text("You can pause, skip this section or stop at any time")
    expect(page.get_by_text('"not leading from the front but from within"')).to_be_visible()

    place(page, "power-shared-or-held", "group-chooses-topics", "shares")
    place(page, "power-shared-or-held", "safeguarding-stays", "shares")  # a change of mind follows
    place(page, "power-shared-or-held", "safeguarding-stays", "holds")
    choose_card(page, "power-inclusion", "many-languages", "talk-it-through")
    words = "Being held up when I could not stand. In Welsh, cefnogaeth."
    write_and_reveal(page, POWER, "word-support", words)

    expected = {"group-chooses-topics": {"placed": "shares"}, "safeguarding-stays": {"placed": "holds"}}
    wait_until(lambda: answers_in(server.data_dir, POWER, "power-shared-or-held") == expected, "the sort is saved")
    wait_until(
        lambda: (
            answers_in(server.data_dir, POWER, "power-inclusion") == {"many-languages": {"choice": "talk-it-through"}}
        ),
        "the card is saved",
    )
    wait_until(lambda: reflection_in(server.data_dir, POWER, "word-support") == words, "the word meaning is saved")
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-classify input[type=radio]", timeout=90_000)
    sort = load("sorts", "power-shared-or-held")
    labels = {c.id: c.label for c in sort.categories}
    for item in sort.items:
        group = page.get_by_role("group", name=item.text, exact=True)
        if item.id in expected:
            expect(group.get_by_role("radio", name=labels[expected[item.id]["placed"]])).to_be_checked()
        else:
            expect(group.get_by_role("radio", name=labels["shares"])).not_to_be_checked()
    expect(page.locator(".sbs-classify .sbs-progress")).to_have_text(f"2 of {len(sort.items)} placed.")
    card_after_reload(page, "power-inclusion", "many-languages", "talk-it-through")
    prompt = load("prompts", POWER).get("word-support")
    expect(page.get_by_role("textbox", name=prompt.text)).to_have_value(words)
    assert page.page_errors == []
    close_tab(page)


def test_partners_workbook_evaluation_draft_and_check_survive_a_reload(context, server) -> None:
    check = {i.id: i for i in load("checklists", "partners-evaluation-check").items}
    page = open_workbook(context, server, PARTNERS, ready=".sbs-classify input[type=radio]")
    opens_well(page)
    expect(page.get_by_text("UK GDPR").first).to_be_visible()
    expect(page.get_by_text("Privacy Act 2020").first).to_be_visible()

    choose_card(page, "partners-moments", "suitable-only", "explain-and-widen")
    place(page, "partners-evaluation-questions", "describe-abuse", "rethink")
    draft = "We ask to learn what helps. Anonymous, optional. 1. How did today feel? 2. What would you change?"
    write_and_reveal(page, PARTNERS, "evaluation-form-draft", draft)
    for item_id in ("says-why", "all-optional"):
        page.get_by_role("checkbox", name=check[item_id].text).check()
    expect(page.locator(".sbs-checklist .sbs-progress")).to_have_text(f"2 of {len(check)} ticked.")

    wait_until(
        lambda: (
            answers_in(server.data_dir, PARTNERS, "partners-evaluation-check")
            == {"says-why": {"done": True, "note": ""}, "all-optional": {"done": True, "note": ""}}
        ),
        "the checklist is saved",
    )
    wait_until(
        lambda: (
            answers_in(server.data_dir, PARTNERS, "partners-evaluation-questions")
            == {"describe-abuse": {"placed": "rethink"}}
        ),
        "the sort is saved",
    )
    wait_until(
        lambda: (
            answers_in(server.data_dir, PARTNERS, "partners-moments")
            == {"suitable-only": {"choice": "explain-and-widen"}}
        ),
        "the card is saved",
    )
    wait_until(lambda: reflection_in(server.data_dir, PARTNERS, "evaluation-form-draft") == draft, "the draft is saved")
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-classify input[type=radio]", timeout=90_000)
    card_after_reload(page, "partners-moments", "suitable-only", "explain-and-widen")
    question = next(i for i in load("sorts", "partners-evaluation-questions").items if i.id == "describe-abuse")
    expect(
        page.get_by_role("group", name=question.text, exact=True).get_by_role("radio", name="Rethink this question")
    ).to_be_checked()
    expect(page.get_by_role("checkbox", name=check["says-why"].text)).to_be_checked()
    expect(page.get_by_role("checkbox", name=check["consent"].text)).not_to_be_checked()
    prompt = load("prompts", PARTNERS).get("evaluation-form-draft")
    expect(page.get_by_role("textbox", name=prompt.text)).to_have_value(draft)
    assert page.page_errors == []
    close_tab(page)


def test_the_list_page_shows_the_new_workbooks_in_course_order(context, server) -> None:
    page = context.new_page()
    page.goto(server.home_url)
    links = page.get_by_role("list", name="Your workbooks").get_by_role("link")
    expect(links.first).to_be_visible(timeout=TIMEOUT)
    titles = links.all_inner_texts()
    new = [
        "Online and text-based groups",
        "Power, leadership and inclusion",
        "Working with others, and showing what you did",
    ]
    assert [t for t in titles if t in new] == new
    assert titles.index(new[0]) > titles.index("My journal")
    page.close()
