"""Workbook 03 in headless Chromium against a real ``sbs-training serve``.

A trainee plays the first scenario with the keyboard alone (Tab to a choice,
Enter to take it, focus lands on the new text). An early choice changes a
later point (its text and the choices offered); a reload mid-play restores
the point, the state and the order of options; going Back across the early
choice restores what was shown before; another way reaches a settled ending
whose debrief recalls that path. The scenario's reflection and the pattern
reflection are written, a reload finds the ending, Your pattern (first
choices only) and both reflections, and the choices are in ``sbs-training export``.
"""

from __future__ import annotations

import re
import time

import pytest
from support import close_tab, export_json, open_workbook

from sbs_training.content.scenarios import load_scenarios
from sbs_training.store.journal import Journal

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

WB = "03-drama-triangle-and-empowerment-dynamic"
SCENARIO = "equipment-request"
TIMEOUT = 60_000
REFLECTION = "Think of a time a simple request was heard as an attack"
SAVED = re.compile(r"^Saved \d{1,2}:\d{2}\.$")
"""What a reflection's status says once a save has landed (before: "Saved on this computer as you type.")."""
MY_WORDS = "Ask what is going on before I decide who is right."
MY_PATTERN = "I go one-up when I'm tired. Next time: name the behaviour, then ask."


def open_page(context, server):
    context.set_default_navigation_timeout(TIMEOUT * 2)  # Voila renders the whole notebook before "load"
    page = open_workbook(context, server, WB, ready=".sbs-pattern-summary", timeout=TIMEOUT * 2)
    playable = len(load_scenarios(WB)[0])
    expect(page.locator(".sbs-scenario-ready")).to_have_count(playable, timeout=TIMEOUT)
    return page


def scenario(page):
    return page.locator(".sbs-scenario", has=page.get_by_role("heading", name="Putting the chairs away"))


def active_text(page) -> str:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " if (!a) return '';"
        " const box = a.closest('.sbs-reflection');"
        " if (a.tagName === 'TEXTAREA' && box) return 'textbox: ' + box.querySelector('label').textContent;"
        " return (a.textContent || '').trim(); }"
    )


def tab_to(page, starts_with: str, limit: int = 250) -> None:
    """Press Tab, as a keyboard user does, until the focused control reads ``starts_with``."""
    for _ in range(limit):
        if active_text(page).startswith(starts_with):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {starts_with!r}; focus is on {active_text(page)!r}")


def reflection(page, prompt: str):
    """A reflection box found by its visible prompt.

    (Not by accessible name: ReflectionBox ids can collide when two render in
    the same millisecond, which can detach a label from its text area.)
    """
    return page.locator(".sbs-reflection", has=page.locator("label", has_text=prompt))


def wait_saved(server, prompt: str, text: str, timeout: float = 10) -> None:
    """Wait until the journal holds exactly what was typed (a save lands well within a second)."""
    deadline = time.monotonic() + timeout
    saved = None
    while time.monotonic() < deadline:
        with Journal(server.data_dir) as journal:
            saved = journal.get_reflection(WB, prompt)
        if saved is not None and saved.text == text:
            return
        time.sleep(0.1)
    raise AssertionError(f"{prompt!r} holds {saved.text if saved else None!r}, not {text!r}")


def take(page, choice_text: str) -> None:
    """Tab to a choice and press Enter; the new text must then hold the focus."""
    tab_to(page, choice_text)
    page.keyboard.press("Enter")
    now = scenario(page).locator(".sbs-scenario-now")
    expect(now).to_be_focused(timeout=TIMEOUT)
    expect(now).to_contain_text(f"You chose: {choice_text}")


def options(player) -> list[str]:
    return [t.strip() for t in player.locator(".sbs-scenario-choice").all_text_contents()]


SCOLD = '"Priya, how do you think that sounded to Jo?'
PROMISE = "\"Thanks for telling me, Dawn. I can't make Jo change"
ASK = '"That came out sharp, Priya'
THREE_WAY = '"Priya spoke up tonight, Dawn.'
FAIR = "Say packing up falls on too few people"
PASS_ON = "Answer Jo: Priya has felt singled out"
"""Offered only after the promise to Dawn."""
DO_IT_YOURSELF = "Thank everyone for last week, say you'll do the chairs yourself"
"""Offered only when no promise was made."""


def test_an_early_choice_changes_a_later_point_back_and_reload(context, server) -> None:
    page = open_page(context, server)
    player = scenario(page)
    now = player.locator(".sbs-scenario-now")
    expect(now).to_have_attribute("aria-live", "polite")
    expect(player.get_by_role("button", name="Go back one step")).to_be_hidden()
    expect(player).to_contain_text("Based on: Mind, Women Side by Side peer support toolkit")

    take(page, SCOLD)
    expect(now).to_contain_text("The role: this was a Persecutor (drama triangle) move.")
    expect(now).to_contain_text("You had a go at Priya in front of everyone")
    assert not any(o.startswith(THREE_WAY) for o in options(player))
    take(page, PROMISE)
    expect(now).to_contain_text("Rescuer (drama triangle)")
    # The promise made at the second point changes the third: its text and the choices offered.
    expect(now).to_contain_text("Dawn says you're dealing with me")
    shown = options(player)
    assert any(o.startswith(PASS_ON) for o in shown)
    assert not any(o.startswith(DO_IT_YOURSELF) for o in shown)
    summary = page.locator(".sbs-pattern-summary")
    expect(summary).to_contain_text("Persecutor moves once and Rescuer moves once", timeout=TIMEOUT)
    assert page.page_errors == []
    close_tab(page)

    # A reload restores the play: the same point, the state's text, the same order of options.
    page = open_page(context, server)
    player = scenario(page)
    now = player.locator(".sbs-scenario-now")
    expect(player.locator("[role=status]").first).to_contain_text("Welcome back")
    expect(now).to_contain_text("Dawn says you're dealing with me")
    assert options(player) == shown
    expect(page.locator(".sbs-pattern-summary")).to_contain_text("Persecutor moves once and Rescuer moves once")

    # Back across the early choice: each step restores exactly what was shown before.
    tab_to(page, "Go back one step")
    page.keyboard.press("Enter")
    expect(now).to_be_focused(timeout=TIMEOUT)
    expect(now).to_contain_text("You had a go at Priya in front of everyone")
    tab_to(page, "Go back one step")
    page.keyboard.press("Enter")
    expect(now).to_be_focused(timeout=TIMEOUT)
    expect(now).to_contain_text("Everyone is waiting to see what you do.")
    expect(player.get_by_role("button", name="Go back one step")).to_be_hidden()

    take(page, ASK)
    expect(now).to_contain_text("Thanks for asking Priya earlier")
    take(page, THREE_WAY)
    expect(now).to_contain_text("Next week, before the session starts")
    shown = options(player)
    assert any(o.startswith(DO_IT_YOURSELF) for o in shown)
    assert not any(o.startswith(PASS_ON) for o in shown)
    take(page, FAIR)
    expect(now).to_contain_text("An ending: A rota the group made")
    expect(now).to_contain_text("Where things stand: Settled")
    recalls = now.locator(".sbs-scenario-recalls li")
    expect(recalls).to_have_count(3)
    expect(recalls.first).to_contain_text("When Priya snapped, you named it and asked her")
    expect(now).to_contain_text("Debrief")
    expect(player.locator(".sbs-scenario-choices")).to_be_hidden()

    # The reflection appears at the ending; type into it from the keyboard.
    tab_to(page, f"textbox: {REFLECTION}")
    page.keyboard.type(MY_WORDS)
    expect(reflection(page, REFLECTION).get_by_role("status")).to_have_text(SAVED, timeout=TIMEOUT)
    wait_saved(server, f"scenario-{SCENARIO}", MY_WORDS)

    # Your pattern counts first choices only: going back and choosing again is practice.
    summary = page.locator(".sbs-pattern-summary")
    expect(summary).to_contain_text(
        "Across 1 scenario, your first choice at each decision point was: "
        "Persecutor moves once, Rescuer moves once and Creator moves once.",
        timeout=TIMEOUT,
    )
    expect(summary).to_contain_text("When you went back or started again, you chose Coach moves twice.")
    expect(summary.get_by_role("img")).to_have_count(1)
    pattern_prompt = "Your first choices went most often to Persecutor, Rescuer and Creator moves (1 of 3 each)."
    tab_to(page, f"textbox: {pattern_prompt}")
    page.keyboard.type(MY_PATTERN)
    expect(reflection(page, pattern_prompt).get_by_role("status")).to_have_text(SAVED, timeout=TIMEOUT)
    wait_saved(server, "my-pattern", MY_PATTERN)
    assert page.page_errors == []
    close_tab(page)

    again = open_page(context, server)
    player = scenario(again)
    expect(player.locator(".sbs-scenario-now")).to_contain_text("An ending: A rota the group made")
    expect(player.locator(".sbs-scenario-recalls li")).to_have_count(3)
    expect(reflection(again, REFLECTION).locator("textarea")).to_have_value(MY_WORDS)
    summary = again.locator(".sbs-pattern-summary")
    expect(summary).to_contain_text("Persecutor moves once, Rescuer moves once and Creator moves once.")
    expect(summary).to_contain_text("you chose Coach moves twice")
    expect(reflection(again, pattern_prompt).locator("textarea")).to_have_value(MY_PATTERN)
    assert again.page_errors == []
    close_tab(again)

    exported = export_json(server.data_dir)
    answers = {(a["activity"], a["item"]): a["value"] for a in exported["answers"] if a["workbook"] == WB}
    assert [(s["choice"], s["role"]) for s in answers[(SCENARIO, "route")]] == [
        ("ask-what-is-going-on", "coach"),
        ("offer-a-three-way-chat", "coach"),
        ("choose-a-fair-way", "creator"),
    ]
    assert [m["role"] for m in answers[(SCENARIO, "moves")]] == ["persecutor", "rescuer", "coach", "coach", "creator"]
    texts = {r["prompt"]: r for r in exported["reflections"] if r["workbook"] == WB}
    assert texts[f"scenario-{SCENARIO}"]["text"] == MY_WORDS
    assert texts["my-pattern"]["text"] == MY_PATTERN
    assert texts["my-pattern"]["label"].startswith(pattern_prompt)
