"""The welcome workbook in headless Chromium, against a real ``sbs-training serve``.

A trainee types, closes the tab, comes back, and finds every word; two tabs
never silently lose text; a preheated kernel never shows (or saves back) a
stale copy; a killed kernel loses nothing already typed.
"""

from __future__ import annotations

import signal
import time

import pytest
from playwright.sync_api import expect
from support import close_tab, export_json, open_workbook

from sbs_training.store.journal import Journal

pytestmark = pytest.mark.browser

WORKBOOK = "00-welcome"
PROMPT = "What brings you to facilitating peer support?"


@pytest.fixture(scope="module")
def server(warm_server):
    """The warm pool is under test here: a preheated kernel must never show or save back stale text."""
    return warm_server


def reflection_box(page):
    return page.get_by_role("textbox", name=PROMPT)


def open_welcome(context, server):
    page = open_workbook(context, server, WORKBOOK, ready="textarea")
    expect(reflection_box(page)).to_be_editable(timeout=60_000)
    return page


def saved_text(server) -> str | None:
    with Journal(server.data_dir) as j:
        saved = j.get_reflection(WORKBOOK, "what-brings-you")
    return saved.text if saved else None


def wait_until_pool_ready(server, kernels: int, timeout: float = 60) -> None:
    """Let Voila refill its pool: the new kernel runs the notebook up to the visit before anyone opens it."""
    deadline = time.monotonic() + timeout
    while len(server.kernel_processes()) < kernels and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(4)  # the preheated kernel imports and runs its first cells before it waits for a visitor


def test_page_shows_help_panel_and_labelled_box(context, server) -> None:
    page = open_welcome(context, server)
    expect(page.locator("details.sbs-help > summary")).to_have_text("Get help now")
    expect(page.get_by_role("link", name="116 123")).to_be_visible()
    expect(page.get_by_role("heading", name="Welcome to Side by Side Training")).to_be_visible()
    expect(page.locator("[role=status]").first).to_contain_text("Saved on this computer")
    assert "from sbs_training" not in page.content(), "no code on the page"
    assert page.page_errors == []
    close_tab(page)


def test_typed_text_survives_closing_the_tab(context, server) -> None:
    page = open_welcome(context, server)
    box = reflection_box(page)
    box.click()
    box.press("Control+a")
    page.keyboard.type("I want to sit alongside people, the way someone once sat with me.", delay=15)
    time.sleep(1)  # the scenario: the tab is closed one second after the last keystroke
    close_tab(page)
    assert saved_text(server) == "I want to sit alongside people, the way someone once sat with me."

    again = open_welcome(context, server)
    expect(reflection_box(again)).to_have_value("I want to sit alongside people, the way someone once sat with me.")
    expect(again.locator(".sbs-reflection-status")).to_contain_text("Last saved")
    close_tab(again)

    exported = export_json(server.data_dir)
    texts = {(r["workbook"], r["prompt"]): r["text"] for r in exported["reflections"]}
    assert texts[(WORKBOOK, "what-brings-you")].startswith("I want to sit alongside people")


def test_two_tabs_on_one_prompt_lose_nothing(context, server) -> None:
    tab_a = open_welcome(context, server)
    tab_b = open_welcome(context, server)
    reflection_box(tab_a).fill("Tab A: my first answer")
    expect(tab_a.locator(".sbs-reflection-status")).to_contain_text("Saved")
    reflection_box(tab_b).fill("Tab B: a different answer")
    expect(tab_b.locator(".sbs-reflection-status")).to_contain_text("also changed in another tab")
    close_tab(tab_a)
    close_tab(tab_b)
    exported = export_json(server.data_dir)
    (reflection,) = [r for r in exported["reflections"] if r["prompt"] == "what-brings-you"]
    assert reflection["text"] == "Tab B: a different answer"
    assert "Tab A: my first answer" in {r["text"] for r in reflection["revisions"]}


def test_a_reopened_page_after_the_pool_refilled_shows_the_newest_text(context, server) -> None:
    page = open_welcome(context, server)
    reflection_box(page).fill("Written in the first tab")
    expect(page.locator(".sbs-reflection-status")).to_contain_text("Saved")
    close_tab(page)
    wait_until_pool_ready(server, kernels=2)
    # Meanwhile the text changes elsewhere (another device's import, another tab): the preheated
    # kernel ran its cells before this, so only a read at visit time can show it.
    with Journal(server.data_dir) as j:
        current = j.get_reflection(WORKBOOK, "what-brings-you")
        j.save_reflection(
            WORKBOOK, "what-brings-you", "Newer text from elsewhere", editor="elsewhere", base_version=current.version
        )
    again = open_welcome(context, server)
    expect(reflection_box(again)).to_have_value("Newer text from elsewhere")
    close_tab(again)
    assert saved_text(server) == "Newer text from elsewhere", "opening the page must not save a stale copy back"


def test_a_killed_kernel_loses_nothing_typed(context, server) -> None:
    before = {p.pid for p in server.kernel_processes()}
    page = open_welcome(context, server)
    reflection_box(page).fill("Saved before the kernel died")
    expect(page.locator(".sbs-reflection-status")).to_contain_text("Saved")
    # The page's kernel is one that existed before it opened (a preheated one) or a new one.
    for process in server.kernel_processes():
        if process.pid in before or len(before) == 0:
            process.send_signal(signal.SIGKILL)
            break
    assert saved_text(server) == "Saved before the kernel died"
    close_tab(page)
    again = open_welcome(context, server)
    expect(reflection_box(again)).to_have_value("Saved before the kernel died")
    close_tab(again)


def test_closed_tabs_do_not_leave_kernels_behind(context, server) -> None:
    """Voila's shutdown beacon needs an _xsrf cookie Voila never sets (voila issue 1458); serve sets it."""
    page = open_welcome(context, server)
    close_tab(page)
    time.sleep(3)
    baseline = len(server.kernel_processes())
    for _ in range(5):
        close_tab(open_welcome(context, server))
    deadline = time.monotonic() + 30
    while len(server.kernel_processes()) > baseline + 1 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(server.kernel_processes()) <= baseline + 1
