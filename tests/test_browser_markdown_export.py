"""The Markdown export as an attack: what a trainee types stays text in any Markdown viewer.

A trainee types script tags, an image with an ``onerror`` handler, links and
every piece of Markdown that would change a page's structure into a reflection
in Chromium. The journal then goes out as Markdown twice, as a user would take
it: ``sbs-training export --format md`` and My journal's Markdown download.
Each file is rendered by a real Markdown renderer (markdown-it-py, CommonMark
with raw HTML allowed, plus GitHub's tables and strikethrough) and opened in
Chromium, as a Markdown viewer would show it: no tag, attribute, link or image
comes out, no script runs, and every typed line reads as typed. The same
payload written raw (as the export once did) does run: the check can fail.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import open_workbook, reflection_in, run_cli, wait_until

pytestmark = pytest.mark.browser

WORKBOOK = "00-welcome"
PROMPT = "What brings you to facilitating peer support?"
TYPED = [
    "<script>window.pwned = 'script'</script>",
    "<img src=x onerror=\"window.pwned = 'img'\">",
    "\\<svg onload=\"window.pwned = 'svg'\">",
    "[a link](http://evil.example/click)",
    "![a tracker](http://evil.example/t.png)",
    "<http://evil.example/auto>",
    "# not a heading",
    "- not a list",
    "1. not numbered",
    "> not a quote",
    "---",
    "| not | a table |",
    "`not code` and *not emphasis* and ~~not struck~~",
    "&lt;b&gt; stays as typed & so does this",
    "Rydyn ni'n parchu ein gilydd 🤝",
]
"""One reflection, one line each: raw HTML, links and images, and Markdown that would restructure the page."""
ALLOWED = {"h1", "h2", "h3", "p", "br", "em", "ul", "li"}
"""What the export's own structure renders to: headings, paragraphs, the "Last changed" line, lists."""


class Rendered(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text += data


def render(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def shown_in_a_viewer(context, html: str) -> dict:
    """Open rendered Markdown as a viewer would, and report what ran and what is live on the page."""
    page = context.new_page()
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    page.wait_for_load_state("load")
    seen = page.evaluate(
        "() => ({pwned: window.pwned || null,"
        " live: document.querySelectorAll('script, img, svg, a, iframe, object, embed, [onerror], [onload]').length,"
        " text: document.body.innerText})"
    )
    page.close()
    return seen


def assert_inert_and_readable(context, markdown: str, where: str) -> None:
    html = render(markdown)
    parsed = Rendered(html)
    assert parsed.tags <= ALLOWED, (where, parsed.tags - ALLOWED)
    assert parsed.attrs == [], (where, parsed.attrs)
    text = " ".join(parsed.text.split())
    for line in TYPED:
        assert " ".join(line.split()) in text, (where, line)
    seen = shown_in_a_viewer(context, html)
    assert seen["pwned"] is None and seen["live"] == 0, (where, seen)
    assert "window.pwned = 'script'" in seen["text"] and "Rydyn ni'n parchu ein gilydd 🤝" in seen["text"]


def test_typed_html_and_markdown_stay_text_in_both_markdown_exports(context, server, tmp_path: Path) -> None:
    # The control: written raw, as the export once did, the payload runs in a viewer.
    raw = shown_in_a_viewer(context, render("\n\n".join(TYPED)))
    assert raw["pwned"] is not None and raw["live"] > 0

    page = open_workbook(context, server, WORKBOOK, ready="textarea")
    box = page.get_by_role("textbox", name=PROMPT)
    expect(box).to_be_editable(timeout=60_000)
    box.click()
    for n, line in enumerate(TYPED):
        page.keyboard.type(line)
        if n < len(TYPED) - 1:
            page.keyboard.press("Enter")
    typed = "\n".join(TYPED)
    expect(box).to_have_value(typed)
    status = page.locator(".sbs-reflection", has=box).locator(".sbs-reflection-status")
    expect(status).to_have_text(re.compile(r"^Saved \d\d:\d\d"))
    wait_until(lambda: reflection_in(server.data_dir, WORKBOOK, "what-brings-you") == typed, "the reflection is saved")

    cli = run_cli("export", "--format", "md", data_dir=server.data_dir)
    assert cli.returncode == 0, cli.stderr
    assert "\\<script>" in cli.stdout and "<script>" not in cli.stdout.replace("\\<script>", "")
    assert_inert_and_readable(context, cli.stdout, "sbs-training export --format md")

    mine = open_workbook(context, server, "07-my-journal", ready=".sbs-journal-search")
    with mine.expect_download() as download:
        mine.get_by_role("button", name="Download my journal as plain text (Markdown)").click()
    assert download.value.suggested_filename.endswith(".md")
    saved = tmp_path / "journal.md"
    download.value.save_as(saved)
    downloaded = saved.read_text(encoding="utf-8")
    assert_inert_and_readable(context, downloaded, "My journal's Markdown download")
    # The same words, escaped the same way, whichever way the journal went out.
    section = downloaded[downloaded.index("\\<script>") : downloaded.index("🤝")]
    assert section in cli.stdout
    for p in (page, mine):
        assert not p.page_errors  # type: ignore[attr-defined]
