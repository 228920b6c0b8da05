"""Workbook 03 in headless Chromium against a real ``sbs-training serve``.

A trainee plays the first scenario to an ending with the keyboard alone (Tab
to a choice, Enter to take it, focus lands on the new text), goes back a step
and takes another way, writes the scenario's reflection and the pattern
reflection, reloads, and finds the ending, the pattern summary and both
reflections restored; the choices are in ``sbs-training export``.
"""

from __future__ import annotations

import re
import time

import pytest
from support import close_tab, export_json, open_workbook

from sbs_training.journal import Journal

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
    page = open_workbook(context, server, WB, ready=".sbs-pattern-summary", timeout=TIMEOUT * 2)
    expect(page.locator(".sbs-scenario-ready")).to_have_count(6, timeout=TIMEOUT)
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


def test_play_by_keyboard_reload_and_export(context, server) -> None:
    page = open_page(context, server)
    player = scenario(page)
    now = player.locator(".sbs-scenario-now")
    expect(now).to_have_attribute("aria-live", "polite")
    expect(player.get_by_role("button", name="Go back one step")).to_be_hidden()

    take(page, '"Priya, Jo was only being polite.')
    expect(now).to_contain_text("The role: this was a Persecutor (drama triangle) move.")
    expect(now).to_contain_text("Priya's friend Dawn comes over")
    take(page, "\"Thanks for telling me. I won't talk to Jo")
    expect(now).to_contain_text("Challenger (Empowerment Dynamic)")
    take(page, "Open the session with a talk about being kinder")
    expect(now).to_contain_text("An ending: The unspoken split")
    expect(now).to_contain_text("Debrief")
    expect(player.locator(".sbs-scenario-choices")).to_be_hidden()

    # Mistakes are recoverable: back one step, and take another way.
    tab_to(page, "Go back one step")
    page.keyboard.press("Enter")
    expect(now).to_be_focused(timeout=TIMEOUT)
    expect(now).to_contain_text("Next week, before the session starts")
    take(page, "Tell the group you'd like packing up to feel fair")
    expect(now).to_contain_text("An ending: A rota the group made")

    # The reflection appears at the ending; type into it from the keyboard.
    tab_to(page, f"textbox: {REFLECTION}")
    page.keyboard.type(MY_WORDS)
    expect(reflection(page, REFLECTION).get_by_role("status")).to_have_text(SAVED, timeout=TIMEOUT)
    wait_saved(server, f"scenario-{SCENARIO}", MY_WORDS)

    summary = page.locator(".sbs-pattern-summary")
    expect(summary).to_contain_text(
        "Across 1 scenario, your first choice at each decision point was: "
        "Persecutor moves twice and Challenger moves once.",
        timeout=TIMEOUT,
    )
    expect(summary).to_contain_text("When you went back or started again, you chose Creator moves once.")
    expect(summary.get_by_role("img")).to_have_count(1)
    pattern_prompt = "Your first choices went most often to Persecutor moves (2 of 3)."
    tab_to(page, f"textbox: {pattern_prompt}")
    page.keyboard.type(MY_PATTERN)
    expect(reflection(page, pattern_prompt).get_by_role("status")).to_have_text(SAVED, timeout=TIMEOUT)
    wait_saved(server, "my-pattern", MY_PATTERN)
    assert page.page_errors == []
    close_tab(page)

    again = open_page(context, server)
    player = scenario(again)
    expect(player.locator(".sbs-scenario-now")).to_contain_text("An ending: A rota the group made")
    expect(player.locator("[role=status]")).to_contain_text("Welcome back")
    expect(reflection(again, REFLECTION).locator("textarea")).to_have_value(MY_WORDS)
    summary = again.locator(".sbs-pattern-summary")
    expect(summary).to_contain_text("Persecutor moves twice and Challenger moves once.")
    expect(summary).to_contain_text("you chose Creator moves once")
    expect(reflection(again, pattern_prompt).locator("textarea")).to_have_value(MY_PATTERN)
    assert again.page_errors == []
    close_tab(again)

    exported = export_json(server.data_dir)
    answers = {(a["activity"], a["item"]): a["value"] for a in exported["answers"] if a["workbook"] == WB}
    assert [(s["choice"], s["role"]) for s in answers[(SCENARIO, "route")]] == [
        ("tell-priya-off", "persecutor"),
        ("no-talking-behind-backs", "challenger"),
        ("choose-a-fair-way", "creator"),
    ]
    assert [m["role"] for m in answers[(SCENARIO, "moves")]] == ["persecutor", "challenger", "persecutor", "creator"]
    texts = {r["prompt"]: r for r in exported["reflections"] if r["workbook"] == WB}
    assert texts[f"scenario-{SCENARIO}"]["text"] == MY_WORDS
    assert texts["my-pattern"]["text"] == MY_PATTERN
    assert texts["my-pattern"]["label"].startswith(pattern_prompt)
