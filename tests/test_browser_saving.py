"""Confirmed saves in headless Chromium, against a real ``sbs-training serve``.

"Saved" on the page must mean the journal holds the words. A paste far over the journal's
limit is refused on the page with one sentence and never sent (a message over 10 MiB would
close the page's connection, and everything typed after it would be lost while the page
still said "Saved"). Over a slow link the status says "Saved" only once the kernel has
confirmed that very change; and when the server stops, the page says the change was not saved.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import Server, close_tab, open_workbook, reflection_in

from sbs_training.store.journal import MAX_TEXT_CHARS

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

WORKBOOK = "00-welcome"
PROMPT_ID = "what-brings-you"
PROMPT = "What brings you to facilitating peer support?"
TIMEOUT = 30_000

# Every websocket the page opens: record how it closes and the largest message the page sends.
# Once a test sets window.sbsSlowLink (ms), every message in either direction is that much late, in order.
SOCKETS = """
(() => {
  window.sbsSocket = { closed: [], largest: 0 };
  const Native = window.WebSocket;
  const late = (fn) => {
    const ms = window.sbsSlowLink || 0;
    if (ms) setTimeout(fn, ms);
    else fn();
  };
  const lateHandler = (socket, fn) => (event) => late(() => fn.call(socket, event));
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      super.addEventListener("close", (event) => window.sbsSocket.closed.push(event.code));
    }
    send(data) {
      const size = typeof data === "string" ? new Blob([data]).size : data.byteLength || data.size || 0;
      window.sbsSocket.largest = Math.max(window.sbsSocket.largest, size);
      late(() => super.send(data));
    }
    set onmessage(fn) {
      if (this.sbsOnMessage) super.removeEventListener("message", this.sbsOnMessage);
      this.sbsOnMessage = fn ? lateHandler(this, fn) : null;
      if (this.sbsOnMessage) super.addEventListener("message", this.sbsOnMessage);
    }
    get onmessage() { return this.sbsOnMessage || null; }
    addEventListener(type, fn, options) {
      const delayed = type === "message" && typeof fn === "function";
      super.addEventListener(type, delayed ? lateHandler(this, fn) : fn, options);
    }
  };
})();
"""

# What a paste does to a text box: the whole text arrives at once, then one input event.
PASTE = """([chars]) => {
  const box = document.querySelector(".sbs-reflection textarea");
  box.focus();
  box.value = "word ".repeat(chars / 5);
  box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
}"""


def open_welcome(context, server: Server):
    context.add_init_script(SOCKETS)
    page = open_workbook(context, server, WORKBOOK, ready=".sbs-reflection textarea")
    box = page.get_by_role("textbox", name=PROMPT)
    expect(box).to_be_editable(timeout=60_000)
    return page, box, page.locator(".sbs-reflection-status")


def saved(server: Server) -> str | None:
    return reflection_in(server.data_dir, WORKBOOK, PROMPT_ID)


def test_an_11_mb_paste_is_refused_on_the_page_and_typing_still_saves(context, server) -> None:
    page, box, status = open_welcome(context, server)
    box.fill("Written before the paste.")
    expect(status).to_contain_text("Saved", timeout=TIMEOUT)
    assert saved(server) == "Written before the paste."

    page.evaluate(PASTE, [11_000_000])  # over 10 MiB: Tornado would close the socket on it
    expect(status).to_have_text(
        f"This is longer than {MAX_TEXT_CHARS:,} characters, so it was not saved; your journal still holds "
        "what was saved before. Please split it into shorter pieces."
    )
    time.sleep(2)  # were anything on its way, it would have reached the kernel by now
    assert saved(server) == "Written before the paste."
    socket = page.evaluate("window.sbsSocket")
    assert socket["closed"] == [] and socket["largest"] < 64 * 1024, socket

    box.fill("Typed after the paste, and saved.")
    expect(status).to_contain_text("Saved", timeout=TIMEOUT)
    assert saved(server) == "Typed after the paste, and saved."
    assert page.evaluate("window.sbsSocket.closed") == []
    assert page.page_errors == []
    close_tab(page)


def test_saved_shows_only_once_the_journal_holds_that_change(context, server) -> None:
    """Two edits in the same minute over a slow link: neither shows "Saved" before the journal has it."""
    page, box, status = open_welcome(context, server)
    box.fill("The first version.")
    expect(status).to_contain_text("Saved", timeout=TIMEOUT)
    page.evaluate("window.sbsSlowLink = 500")

    for text in ("The second version, in the same minute.", "The third version, still the same minute."):
        box.fill(text)
        expect(status).to_have_text("Saving…", timeout=100)  # at once: the earlier "Saved" no longer holds
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            shown = status.text_content() or ""  # read first: "Saved" read before the journal has the text fails
            if saved(server) == text:
                break
            assert "Saved" not in shown, f"the page said {shown!r} before the journal held {text!r}"
            time.sleep(0.02)
        expect(status).to_contain_text("Saved", timeout=TIMEOUT)
        assert saved(server) == text
    assert page.page_errors == []
    close_tab(page)


def test_a_change_typed_after_the_server_stopped_is_not_called_saved(context, tmp_path: Path) -> None:
    server = Server.start(tmp_path / "data")
    try:
        page, box, status = open_welcome(context, server)
        box.fill("Saved before the server stopped.")
        expect(status).to_contain_text("Saved", timeout=TIMEOUT)
    finally:
        server.stop()
    box.fill("Typed after the server stopped.")
    expect(status).to_have_text(
        "Your last change was not saved: this page has lost its connection to the workbook. "
        "Copy anything you need from this page before you close it.",
        timeout=TIMEOUT,
    )
    time.sleep(3)
    assert "Saved" not in (status.text_content() or "")
    assert saved(server) == "Saved before the server stopped."


def test_a_journal_file_too_big_to_send_is_refused_on_the_page(context, server, tmp_path: Path) -> None:
    """An upload over one message's limit would close the socket too: the page refuses it first."""
    big = tmp_path / "my-sbs-journal.json"
    big.write_text('{"pad": "' + "a" * 11_000_000 + '"}', encoding="utf-8")
    context.add_init_script(SOCKETS)
    page = open_workbook(context, server, "07-my-journal", ready=".sbs-upload input[type=file]")
    upload = page.locator(".sbs-upload")
    upload.get_by_label("Your journal file (the .json you downloaded)").set_input_files(str(big))
    upload.get_by_role("button", name="Bring back my journal").click()
    expect(upload.get_by_role("status")).to_contain_text(
        "my-sbs-journal.json is 10.5 MB, more than this page can send at once (9.9 MB); nothing was imported."
    )
    # The connection survived: a search still reaches the kernel and comes back.
    page.get_by_label("Search my journal").fill("nothing like this at all")
    expect(page.locator(".sbs-journal-summary")).to_contain_text("Nothing matches", timeout=TIMEOUT)
    socket = page.evaluate("window.sbsSocket")
    assert socket["closed"] == [] and socket["largest"] < 64 * 1024, socket
    assert page.page_errors == []
    close_tab(page)
