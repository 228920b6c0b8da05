"""The one document model: every block to HTML and Markdown, escaped; pages self-contained and styled from .css."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sbs_training import documents
from sbs_training.documents import (
    Document,
    Heading,
    Item,
    ItemList,
    Paragraph,
    Section,
    Table,
    html_text,
    items,
    markdown_lines,
    markdown_text,
    printable_page,
    to_html,
    to_markdown,
)

DOCUMENTS = Path(documents.__file__).parent


def test_a_page_escapes_its_title_and_carries_the_base_and_extra_styles() -> None:
    page = printable_page("Mine & <yours>", "<p>kept as built</p>", "h2 { color: red; }")
    assert page.startswith('<!doctype html><html lang="en">')
    assert "<title>Mine &amp; &lt;yours&gt;</title>" in page
    assert "<h1>Mine &amp; &lt;yours&gt;</h1><p>kept as built</p>" in page
    assert "@page { size: A4; margin: 18mm; }" in page
    assert "h2 { color: red; }</style>" in page
    assert "<script" not in page


def test_every_stylesheet_is_read_once_by_name() -> None:
    assert set(documents.STYLES) == {p.stem for p in DOCUMENTS.glob("*.css")}
    assert documents.css("page") == documents.PRINT_CSS
    assert {"statement", "agreement_handout", "selfcare_plan", "session_plan", "supervision_pack"} <= set(
        documents.STYLES
    )


def test_user_text_cannot_open_a_tag_in_markdown_or_html() -> None:
    assert markdown_text("a\\<script>") == "a\\\\\\<script>"
    assert markdown_lines(" one <b>\ntwo \n") == "one \\<b>  \ntwo"
    assert html_text("  <img src=x onerror=alert(1)>\n") == "&lt;img src=x onerror=alert(1)&gt;"


def test_documents_sit_at_the_base_and_import_nothing_from_the_project() -> None:
    for source in DOCUMENTS.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        outside = [n for n in names if n.startswith("sbs_training") and not n.startswith("sbs_training.documents")]
        assert not outside, source.name


# -- the document model: every block to both formats ----------------------------------------------


def test_every_block_kind_to_html() -> None:
    doc = Document(
        "Plan & <notes>",
        [
            Heading("Part <one>"),
            Heading("Smaller", 4),
            Paragraph("Line one\nline two", cls="text"),
            Paragraph("Said quietly", cls="when", emphasis=True),
            ItemList(items(["first", "second"])),
            ItemList([Item("Bring a map", note="From the <station>")], numbered=True, cls="agreement compact"),
            ItemList([Item("Directions", done=True), Item("Lighting", done=False, note=" Check it \n")]),
            Table(["Time", "What"], [["0:00 to 0:10", "Welcome & <tea>"]], cls="timeline"),
            Section([Heading("Inside", 3), Paragraph("kept together")], cls="activity"),
        ],
        style="statement",
    )
    page = to_html(doc)
    assert page == printable_page(
        "Plan & <notes>",
        "<h2>Part &lt;one&gt;</h2><h4>Smaller</h4>"
        "<p class='text'>Line one\nline two</p><p class='when'>Said quietly</p>"
        "<ul><li>first</li><li>second</li></ul>"
        "<ol class='agreement compact'><li>Bring a map<div class='note'>From the &lt;station&gt;</div></li></ol>"
        "<ul><li><span aria-hidden='true'>&#9745;</span> <span class='visually-hidden'>Done:</span> Directions</li>"
        "<li><span aria-hidden='true'>&#9744;</span> <span class='visually-hidden'>To do:</span> Lighting"
        "<div class='note'>Check it</div></li></ul>"
        "<table class='timeline'><thead><tr><th scope='col'>Time</th><th scope='col'>What</th></tr></thead>"
        "<tbody><tr><td>0:00 to 0:10</td><td>Welcome &amp; &lt;tea&gt;</td></tr></tbody></table>"
        "<section class='activity'><h3>Inside</h3><p>kept together</p></section>",
        documents.css("statement"),
    )


def test_every_block_kind_to_markdown() -> None:
    doc = Document(
        "Plan & <notes>",
        [
            Heading("Part <one>"),
            Heading("Smaller", 4),
            Paragraph("Line one\nline two\n\n  A second paragraph", cls="text"),
            Paragraph("Said quietly", cls="when", emphasis=True),
            ItemList(items(["first", "second\nline"])),
            ItemList([Item(f"item {n}", note="a note" if n == 10 else "") for n in range(1, 11)], numbered=True),
            ItemList([Item("Directions", done=True), Item("Lighting", done=False, note="Check it\nafter dark")]),
            Table(["Time", "What"], [["0:00 to 0:10", "Welcome | tea\nand cake"]], cls="timeline"),
            Section([Heading("Inside", 3), Paragraph("kept together")], cls="activity"),
            Section([]),
        ],
    )
    numbered = "\n".join(f"{n}. item {n}" for n in range(1, 10))
    assert to_markdown(doc) == (
        "# Plan & \\<notes>\n\n## Part \\<one>\n\n#### Smaller\n\n"
        "Line one  \nline two\n\nA second paragraph\n\n*Said quietly*\n\n"
        "- first\n- second  \n  line\n\n"
        f"{numbered}\n10. item 10: a note\n\n"
        "- [x] Directions\n- [ ] Lighting: Check it  \n  after dark\n\n"
        "| Time | What |\n| --- | --- |\n| 0:00 to 0:10 | Welcome \\| tea and cake |\n\n"
        "### Inside\n\nkept together\n"
    )


def test_a_block_that_cannot_be_one_is_refused() -> None:
    with pytest.raises(ValueError, match="level 2 to 6"):
        Heading("Title again", 1)
    with pytest.raises(ValueError, match="one cell per column"):
        Table(["a", "b"], [["only one"]])


# -- escaping: what a trainee types stays text in both formats ---------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "\\<b>a backslash can't undo the escape</b>",
    "[click me](javascript:alert(3))",
    "![tracker](http://evil.example/t.png)",
    "<http://evil.example/auto>",
    "[ref]: http://evil.example/ref",
    "[ref]",
    "# not a heading",
    "## nor this #",
    "- not a list",
    "+ nor this",
    "* nor this",
    "1. not numbered",
    "2) nor this",
    "> not a quote",
    "---",
    "===",
    "    not code",
    "```",
    "~~~ not a fence",
    "`not code`",
    "*not emphasis* and _nor this_ and **nor bold**",
    "~~not struck~~",
    "a | b | c",
    "&lt;script&gt; &#60;b&#62; &amp;",
    "Rydyn ni'n parchu ein gilydd 🤝",
    "ends with a backslash \\",
]
"""Raw HTML, links and images, and every piece of Markdown that would change a document's structure."""


class Seen(HTMLParser):
    """The tags, attributes and text a browser would make of some HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def words(self) -> str:
        return " ".join("".join(self.text).split())


def renderers() -> dict[str, Any]:
    """CommonMark with raw HTML on (the spec's default), with GitHub's tables and strikethrough."""
    from markdown_it import MarkdownIt

    return {"commonmark": MarkdownIt("commonmark").enable(["table", "strikethrough"]).render}


def one_of_each(text: str) -> Document:
    """``text`` in every place a document holds text."""
    return Document(
        text,
        [
            Heading(text),
            Paragraph(text, cls="text"),
            Paragraph(text, emphasis=True),
            ItemList([Item(text, note=text), Item(text, done=True)]),
            ItemList(items([text]), numbered=True),
            Table([text], [[text]]),
            Section([Heading(text, 3)]),
        ],
    )


MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "br", "em", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_renders_trainee_text_as_the_text_it_is(text: str) -> None:
    markdown = to_markdown(one_of_each(text))
    for name, render in renderers().items():
        seen = Seen(render(markdown))
        assert set(seen.tags) <= MARKDOWN_TAGS, (name, markdown)
        assert seen.tags.count("em") == 1, "only the paragraph said quietly is emphasised"
        assert seen.attrs == [], "no attribute at all: no link, no image, no handler"
        shown = " ".join(text.split())
        assert seen.words().count(shown) == 11, (name, seen.words())


def test_markdown_keeps_a_whole_hostile_text_in_one_paragraph_and_every_line() -> None:
    text = "\n".join(HOSTILE)
    for render in renderers().values():
        seen = Seen(render(to_markdown(Document("Mine", [Paragraph(text)]))))
        assert seen.tags == ["h1", "p", *["br"] * (len(HOSTILE) - 1)]
        assert seen.words() == " ".join(["Mine", *(" ".join(line.split()) for line in HOSTILE)])


def test_a_renderer_that_links_bare_addresses_links_only_to_what_the_text_says() -> None:
    """GitHub-style renderers turn a typed address into a link: never a hidden target, never a script."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("gfm-like").render(to_markdown(one_of_each("\n".join(HOSTILE))))
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert links and all(text in (href, href.removeprefix("http://")) for href, text in links)
    assert {href for href, _ in links} <= {
        "http://evil.example/t.png",
        "http://evil.example/auto",
        "http://evil.example/ref",
    }
    assert not re.search(r"<(?!/?(?:a|h\d|p|br|em|ul|ol|li|table|thead|tbody|tr|th|td)\b)", html)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_renders_trainee_text_as_the_text_it_is(text: str) -> None:
    page = to_html(one_of_each(text))
    body = page[page.index("<body>") :]
    seen = Seen(body)
    assert "script" not in seen.tags and "img" not in seen.tags and "a" not in seen.tags
    assert {name for name, _ in seen.attrs} <= {"class", "aria-hidden", "scope"}
    assert seen.words().count(" ".join(text.split())) == 11
