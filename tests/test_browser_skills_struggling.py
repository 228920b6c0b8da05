"""Workbooks 08 (facilitation skills) and 09 (when someone is struggling) in headless Chromium.

Per workbook a trainee writes a reflection and reveals the example only after
writing, uses the activities (a card with feedback, a checklist that becomes
their plan, a sort or an activity sheet), reloads, and finds everything as
they left it, in the page and in the journal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import answers_in, close_tab, open_workbook, reflection_in, wait_until

from sbs_training.content import load

pytestmark = pytest.mark.browser

SKILLS = "08-facilitation-skills"
STRUGGLING = "09-when-someone-is-struggling"
TIMEOUT = 30_000


def write_and_reveal(page: Page, prompt_text: str, words: str, example: str) -> None:
    """Type an answer; the example is offered only once something is written."""
    box = page.get_by_role("textbox", name=prompt_text, exact=True)
    reveal = page.locator(".sbs-reflection").filter(has=box).get_by_role("button", name="Show an example answer")
    expect(reveal).to_be_disabled(timeout=TIMEOUT)
    box.fill(words)
    expect(reveal).to_be_enabled()
    reveal.press("Enter")
    shown = page.locator(".sbs-reflection").filter(has=box).get_by_role("region", name="Example answer")
    expect(shown).to_be_visible()
    expect(shown).to_have_text(example)


def choose_and_see(page: Page, title: str, option_text: str, happens: str) -> None:
    card = page.locator(".sbs-card").filter(has=page.get_by_role("heading", name=title))
    card.get_by_role("radio", name=option_text).check()
    card.get_by_role("button", name="See what happens").click()
    expect(card.get_by_role("region", name="What happens next")).to_contain_text(happens)


def test_facilitation_skills_practice_card_checklist_and_activities_survive_a_reload(context, server) -> None:
    prompts = load("prompts", SKILLS)
    closed = prompts.get("open-question-coping")
    card = {c.id: c for c in load("cards", "facilitation-moments").cards}["long-silence"]
    wait = {o.id: o for o in card.options}["wait-and-offer"]
    plan = {i.id: i for i in load("checklists", "facilitation-try-activity").items}
    page = open_workbook(context, server, SKILLS, ready=".sbs-card input[type=radio]", timeout=90_000)

    expect(page.get_by_role("heading", name="Facilitation skills", level=1)).to_be_visible()
    expect(page.get_by_text("When you have finished, you will be able to:")).to_be_visible()

    words = "What has this week been like for you?"
    write_and_reveal(page, closed.text, words, closed.example)

    choose_and_see(page, card.title, wait.text, wait.happens)

    # The two library activities, with their sizes, timings, safety and touch-free ways.
    knot = page.get_by_role("region", name="The human knot")
    expect(knot).to_contain_text("at least 4; best with 8 to 12")
    expect(knot).to_contain_text("about 20 to 30 minutes")
    expect(knot).to_contain_text("scarf or short rope")
    expect(knot).to_contain_text("Stop straight away if anyone could be injured")
    energy = page.get_by_role("region", name="Energy exchange")
    expect(energy).to_contain_text("No. Nobody touches anyone.")

    # "Try it with your group": tick, note, and the plan downloads.
    tick = page.get_by_role("checkbox", name=plan["explained-first"].text)
    tick.check()
    note = page.get_by_role("textbox", name=f"My plan on: {plan['explained-first'].text}")
    note.fill("Explain the whole game before asking who wants to join.")
    wait_until(
        lambda: (
            answers_in(server.data_dir, SKILLS, "facilitation-try-activity").get("explained-first")
            == {"done": True, "note": "Explain the whole game before asking who wants to join."}
        ),
        "the tick and note are saved",
    )
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download my plan as text (Markdown)").last.click()
    assert info.value.suggested_filename == "my-activity-plan.md"
    assert "Explain the whole game" in Path(info.value.path()).read_text(encoding="utf-8")

    wait_until(lambda: reflection_in(server.data_dir, SKILLS, closed.id) == words, "the reflection is saved")
    wait_until(
        lambda: (
            answers_in(server.data_dir, SKILLS, "facilitation-moments").get("long-silence")
            == {"choice": "wait-and-offer"}
        ),
        "the card choice is saved",
    )
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-card input[type=radio]", timeout=90_000)
    expect(page.get_by_role("textbox", name=closed.text, exact=True)).to_have_value(words, timeout=TIMEOUT)
    expect(page.get_by_role("checkbox", name=plan["explained-first"].text)).to_be_checked()
    expect(page.get_by_role("radio", name=wait.text)).to_be_checked()
    assert page.page_errors == []
    close_tab(page)


def test_struggling_note_sort_safeguarding_plan_and_reflection_survive_a_reload(context, server) -> None:
    prompts = load("prompts", STRUGGLING)
    asking = prompts.get("asking-words")
    sort = load("sorts", "struggling-first-steps")
    labels = {c.id: c.label for c in sort.categories}
    plan = {i.id: i for i in load("checklists", "struggling-safeguarding-plan").items}
    card = {c.id: c for c in load("cards", "struggling-in-the-room").cards}["no-point"]
    direct = {o.id: o for o in card.options}["ask-directly"]
    page = open_workbook(context, server, STRUGGLING, ready=".sbs-classify input[type=radio]", timeout=90_000)

    # The content note comes before any of the material.
    note = page.locator(".sbs-note").first
    expect(note).to_contain_text("suicide")
    expect(note).to_contain_text("You can pause, skip this section or stop at any time")
    assert note.evaluate(
        "n => !!(n.compareDocumentPosition(document.querySelector('h2')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )

    words = "I've noticed you seem really low. Are you thinking about suicide?"
    write_and_reveal(page, asking.text, words, asking.example)

    choose_and_see(page, card.title, direct.text, direct.happens)

    # The sort: feedback teaches whichever way the trainee chose.
    item = {i.id: i for i in sort.items}["risk-score"]
    group = page.get_by_role("group", name=item.text, exact=True)
    group.get_by_role("radio", name=labels["avoid"]).check()
    expect(group.locator(".sbs-feedback")).to_have_text(f"Yes, {labels['avoid']}. {item.why}")

    # The trainee's own safeguarding process, downloadable as their plan.
    lead = page.get_by_role("checkbox", name=plan["lead"].text)
    lead.check()
    page.get_by_role("textbox", name=f"In my setting on: {plan['lead'].text}").fill("Rosa, 01234 567890, weekdays")
    wait_until(
        lambda: (
            answers_in(server.data_dir, STRUGGLING, "struggling-safeguarding-plan").get("lead")
            == {"done": True, "note": "Rosa, 01234 567890, weekdays"}
        ),
        "the plan is saved",
    )
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download my plan to print (HTML)").click()
    assert info.value.suggested_filename == "my-safeguarding-plan.html"
    printed = Path(info.value.path()).read_text(encoding="utf-8")
    assert "My setting&#x27;s safeguarding process" in printed or "My setting's safeguarding process" in printed
    assert "Rosa, 01234 567890, weekdays" in printed

    wait_until(lambda: reflection_in(server.data_dir, STRUGGLING, asking.id) == words, "the reflection is saved")
    wait_until(
        lambda: (
            answers_in(server.data_dir, STRUGGLING, "struggling-first-steps").get("risk-score") == {"placed": "avoid"}
        ),
        "the placement is saved",
    )
    assert page.page_errors == []

    page.reload()
    page.wait_for_selector(".sbs-classify input[type=radio]", timeout=90_000)
    expect(page.get_by_role("textbox", name=asking.text, exact=True)).to_have_value(words, timeout=TIMEOUT)
    expect(
        page.get_by_role("group", name=item.text, exact=True).get_by_role("radio", name=labels["avoid"])
    ).to_be_checked()
    expect(page.get_by_role("checkbox", name=plan["lead"].text)).to_be_checked()
    expect(page.get_by_role("radio", name=direct.text)).to_be_checked()
    assert page.page_errors == []
    close_tab(page)
