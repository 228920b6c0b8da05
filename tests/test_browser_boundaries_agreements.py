"""Workbooks 04 and 05 in headless Chromium against a real ``sbs-training serve``.

Driven as a person would, by keyboard where it matters: build an agreement
with an item holding a script tag, Welsh and emoji; download the handout and
check it shows the text literally, runs nothing, and prints on one or two A4
pages; answer two confidentiality dilemmas by keyboard; download the offer
statement; reload, and find everything back on the page and in the export.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import export_json, open_workbook

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

W04 = "04-boundaries-and-confidentiality"
W05 = "05-group-agreements-and-challenging-behaviour"
SCRIPT = "<script>alert(1)</script>"
WELSH = "Rydyn ni'n parchu ein gilydd"
EMOJI = "🤝🌈"
OWN_ITEM = f"{SCRIPT} {WELSH} {EMOJI}"
TIMEOUT = 20_000


def watch_dialogs(page) -> list[str]:
    """Any alert/confirm/prompt would mean user text ran as code: record it and dismiss it."""
    fired: list[str] = []

    def on_dialog(dialog) -> None:
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return fired


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium made (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# A slow link from the kernel to the page (as on Binder over a weak connection): once the test sets
# window.sbsSlowLink, every message from the server reaches the page that many ms late, in order.
SLOW_LINK = """
(() => {
  const Native = window.WebSocket;
  const later = (socket, fn) => (event) => {
    const ms = window.sbsSlowLink || 0;
    if (ms) setTimeout(() => fn.call(socket, event), ms);
    else fn.call(socket, event);
  };
  window.WebSocket = class extends Native {
    set onmessage(fn) {
      if (this.sbsOnMessage) super.removeEventListener("message", this.sbsOnMessage);
      this.sbsOnMessage = fn ? later(this, fn) : null;
      if (this.sbsOnMessage) super.addEventListener("message", this.sbsOnMessage);
    }
    get onmessage() { return this.sbsOnMessage || null; }
    addEventListener(type, fn, options) {
      super.addEventListener(type, type === "message" && typeof fn === "function" ? later(this, fn) : fn, options);
    }
  };
})();
"""


def agreement_texts(page) -> list[str]:
    return page.locator(".sbs-agreement li textarea").evaluate_all("areas => areas.map(a => a.value)")


def test_agreement_builder_handout_and_reload(server, context, tmp_path: Path) -> None:
    page = open_workbook(context, server, W05, ready=".sbs-agreement li textarea")
    dialogs = watch_dialogs(page)
    builder = page.locator(".sbs-agreement")
    status = builder.get_by_role("status")
    expect(status).to_contain_text("starting list", timeout=TIMEOUT)
    start = agreement_texts(page)
    assert len(start) == 9 and start[0] == "We listen without interrupting."

    # add an item of our own, by keyboard (Enter in the field adds it)
    add = builder.get_by_label("Add an item of your own")
    add.fill(OWN_ITEM)
    add.press("Enter")
    expect(status).to_contain_text("Added “<script>alert(1)</script>", timeout=TIMEOUT)
    expect(builder.get_by_label("Item 10", exact=True)).to_have_value(OWN_ITEM)
    expect(add).to_be_focused()
    expect(add).to_have_value("")

    # move it up twice with the keyboard; focus stays on its Move up button
    move_up = builder.get_by_role("button", name=f"Move up: {OWN_ITEM}")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("up to number 9 of 10", timeout=TIMEOUT)
    expect(builder.get_by_role("button", name=f"Move up: {OWN_ITEM}")).to_be_focused()
    page.keyboard.press("Space")
    expect(status).to_contain_text("up to number 8 of 10", timeout=TIMEOUT)
    expect(builder.get_by_label("Item 8", exact=True)).to_have_value(OWN_ITEM)

    # remove one item by keyboard; focus moves to the item that took its place
    builder.get_by_role("button", name="Remove: Phones off or on silent during the session.").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Removed “Phones off or on silent during the session”", timeout=TIMEOUT)
    expect(builder.get_by_label("Item 8", exact=True)).to_have_value(OWN_ITEM)
    expect(builder.get_by_label("Item 9", exact=True)).to_have_value(re.compile("^What is shared here stays here"))
    expect(builder.get_by_label("Item 9", exact=True)).to_be_focused()

    # edit an item and the heading
    builder.get_by_label("Item 1", exact=True).fill("We listen all the way through.")
    builder.get_by_label("Heading for your handout").fill(f"Ein cytundeb: Tuesday group {EMOJI}")
    expect(status).to_contain_text("Saved", timeout=TIMEOUT)
    expected = agreement_texts(page)
    assert len(expected) == 9 and expected[0] == "We listen all the way through." and expected[7] == OWN_ITEM

    # the handout: a real download, shown literally, nothing runs
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download the handout to print (HTML)").press("Enter")
    handout = tmp_path / "handout.html"
    info.value.save_as(handout)
    html = handout.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and EMOJI in html

    sheet = context.new_page()
    sheet_dialogs = watch_dialogs(sheet)
    sheet.goto(handout.as_uri())
    expect(sheet.get_by_role("heading", level=1)).to_have_text(f"Ein cytundeb: Tuesday group {EMOJI}")
    items = sheet.get_by_role("listitem")
    expect(items).to_have_count(9)
    expect(items.nth(7)).to_have_text(OWN_ITEM)  # the tag is shown as text, Welsh and emoji intact
    expect(items.nth(0)).to_have_text("We listen all the way through.")
    assert sheet.evaluate("document.querySelectorAll('script').length") == 0
    sheet.emulate_media(media="print")
    sheet.screenshot(path=str(tmp_path / "handout-print.png"), full_page=True)
    pages = pdf_pages(sheet.pdf(format="A4"))
    assert 1 <= pages <= 2, pages
    sheet.close()

    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download the handout as text (Markdown)").press("Enter")
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert f"8. \\<script>alert(1)\\</script> {WELSH} {EMOJI}" in markdown

    # a later visit: everything is back, ready to edit
    page.reload()
    page.wait_for_selector(".sbs-agreement li textarea", timeout=90_000)
    expect(page.locator(".sbs-agreement").get_by_role("status")).to_contain_text(
        "Your agreement is back", timeout=TIMEOUT
    )
    assert agreement_texts(page) == expected
    expect(page.get_by_label("Heading for your handout")).to_have_value(f"Ein cytundeb: Tuesday group {EMOJI}")
    expect(page.get_by_role("button", name="Put back: Phones off or on silent during the session.")).to_be_visible()

    saved = [a for a in export_json(server.data_dir)["answers"] if a["workbook"] == W05]
    assert len(saved) == 1 and saved[0]["activity"] == "agreement-default"
    assert [i["text"] for i in saved[0]["value"]["items"]] == expected
    assert saved[0]["value"]["title"] == f"Ein cytundeb: Tuesday group {EMOJI}"
    assert dialogs == [] and sheet_dialogs == []
    assert page.page_errors == []


def choose_by_keyboard(page, card_title: str, option: str, arrows: int) -> None:
    """Tab-order as a person uses it: focus the radio group, arrows to choose, Tab to the button, Enter."""
    card = page.locator(".sbs-card").filter(has_text=card_title)
    card.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    for _ in range(arrows):
        page.keyboard.press("ArrowDown")
    expect(card.get_by_role("radio", name=option)).to_be_checked()
    page.keyboard.press("Tab")
    expect(card.get_by_role("button", name="See what happens")).to_be_focused()
    page.keyboard.press("Enter")


def test_dilemmas_by_keyboard_statement_and_reload(server, context, tmp_path: Path) -> None:
    page = open_workbook(context, server, W04, ready=".sbs-card")
    dialogs = watch_dialogs(page)

    # two dilemmas, answered by keyboard only
    choose_by_keyboard(page, "Worried about someone else's children", "you'll have to pass it on", 0)
    first = page.locator(".sbs-card").filter(has_text="Worried about someone else's children")
    feedback = first.get_by_role("region", name="What happens next")
    expect(feedback).to_contain_text("safeguarding lead", timeout=TIMEOUT)
    expect(feedback).to_be_focused()
    choose_by_keyboard(page, "Drinking again", "keep what he said to yourself", 2)
    second = page.locator(".sbs-card").filter(has_text="Drinking again")
    expect(second.get_by_role("region", name="What happens next")).to_contain_text(
        "Confidentiality is what makes this kind of honesty possible", timeout=TIMEOUT
    )
    expect(second.get_by_role("status")).to_contain_text("Saved", timeout=TIMEOUT)

    # a boundary moment: the example is revealed only after writing
    moment = page.get_by_label("A member asks what medication worked for you. What would you say?")
    reveal = page.locator(".sbs-reflection").filter(has=moment).get_by_role("button", name="Show an example answer")
    expect(reveal).to_be_disabled(timeout=TIMEOUT)
    moment.fill(f"I'd suggest asking your GP. {WELSH}")
    expect(reveal).to_be_enabled()
    reveal.press("Enter")
    expect(page.get_by_role("region", name="Example answer").filter(has_text="The principle:")).to_be_visible()

    # the offer planner becomes a one-page statement
    page.get_by_label("When will you be there for the group?").fill(f"Tuesdays, 6 to 8 pm. {SCRIPT}")
    page.get_by_role("checkbox", name="Advice on medication or treatment").focus()
    page.keyboard.press("Space")
    planner = page.locator(".sbs-checklist").filter(has_text="Tick each thing you can't offer")
    expect(planner.get_by_role("status")).to_contain_text("Saved", timeout=TIMEOUT)
    when = page.locator(".sbs-reflection").filter(has=page.get_by_label("When will you be there for the group?"))
    expect(when.get_by_role("status")).to_contain_text("Saved", timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download my statement to print or share (HTML)").press("Enter")
    statement = tmp_path / "statement.html"
    info.value.save_as(statement)
    sheet = context.new_page()
    sheet_dialogs = watch_dialogs(sheet)
    sheet.goto(statement.as_uri())
    expect(sheet.get_by_text(f"Tuesdays, 6 to 8 pm. {SCRIPT}")).to_be_visible()
    expect(sheet.get_by_role("listitem")).to_have_text(["Advice on medication or treatment"])
    sheet.emulate_media(media="print")
    assert pdf_pages(sheet.pdf(format="A4")) == 1
    sheet.close()

    # a later visit: the answers and their feedback are back
    page.reload()
    page.wait_for_selector(".sbs-card", timeout=90_000)
    first = page.locator(".sbs-card").filter(has_text="Worried about someone else's children")
    expect(first.get_by_role("radio", name="you'll have to pass it on")).to_be_checked(timeout=TIMEOUT)
    expect(first.get_by_role("region", name="What happens next")).to_contain_text("safeguarding lead")
    second = page.locator(".sbs-card").filter(has_text="Drinking again")
    expect(second.get_by_role("radio", name="keep what he said to yourself")).to_be_checked(timeout=TIMEOUT)
    expect(page.get_by_label("When will you be there for the group?")).to_have_value(
        f"Tuesdays, 6 to 8 pm. {SCRIPT}", timeout=TIMEOUT
    )
    expect(page.get_by_role("checkbox", name="Advice on medication or treatment")).to_be_checked(timeout=TIMEOUT)

    data = export_json(server.data_dir)
    choices = {
        a["item"]: a["value"]
        for a in data["answers"]
        if a["workbook"] == W04 and a["activity"] == "confidentiality-dilemmas"
    }
    assert choices == {"children-left-alone": {"choice": "must-share"}, "drinking-again": {"choice": "keep"}}
    texts = {r["prompt"]: r["text"] for r in data["reflections"] if r["workbook"] == W04}
    assert texts["offer-time"] == f"Tuesdays, 6 to 8 pm. {SCRIPT}"
    assert texts["moment-medication"] == f"I'd suggest asking your GP. {WELSH}"
    ticked = [a for a in data["answers"] if a["workbook"] == W04 and a["activity"] == "cannot-offer"]
    assert [(a["item"], a["value"]["done"]) for a in ticked] == [("medication", True)]
    assert dialogs == [] and sheet_dialogs == []
    assert page.page_errors == []


def test_the_longest_agreement_still_prints_on_two_pages(context, tmp_path: Path) -> None:
    """The builder's limits (items, characters) are chosen so any agreement fits one or two A4 pages."""
    from sbs_training.content.agreements import MAX_ITEM_CHARS, MAX_ITEMS
    from sbs_training.store.journal import Journal
    from sbs_training.widgets.agreement import AgreementBuilder

    builder = AgreementBuilder(
        W05, "agreement-default", default_title="Our group agreement", default_items=[], journal=Journal(tmp_path)
    )
    for n in range(MAX_ITEMS):
        builder.add((f"{n} {WELSH} " * 20)[:MAX_ITEM_CHARS])
    assert len(builder.items) == MAX_ITEMS
    handout = tmp_path / "longest.html"
    handout.write_text(builder.as_html(), encoding="utf-8")
    sheet = context.new_page()
    sheet.goto(handout.as_uri())
    sheet.emulate_media(media="print")
    assert pdf_pages(sheet.pdf(format="A4")) == 2


def test_download_straight_after_typing_carries_what_the_page_shows(server, context, tmp_path: Path) -> None:
    """Type, then press Download at once, over a slow link: the handout holds the new words.

    ipywidgets holds a model's update back until the kernel has handled the one before it; with
    the kernel's answers arriving late, the heading is certainly still held back when Download is
    pressed. Without the kit's flush-before-act the handout carries the old heading every time.
    """
    context.add_init_script(SLOW_LINK)
    page = open_workbook(context, server, W05, ready=".sbs-agreement li textarea")
    builder = page.locator(".sbs-agreement")
    ready = re.compile("starting list|agreement is back")
    expect(builder.get_by_role("status")).to_contain_text(ready, timeout=TIMEOUT)
    page.evaluate("window.sbsSlowLink = 400")

    builder.get_by_label("Item 1", exact=True).fill("We listen to the end, every time.")
    builder.get_by_label("Heading for your handout").fill("Thursday evening group")
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download the handout to print (HTML)").click()
    handout = tmp_path / "handout.html"
    info.value.save_as(handout)
    html = handout.read_text(encoding="utf-8")
    assert "<h1>Thursday evening group</h1>" in html
    assert "We listen to the end, every time." in html
