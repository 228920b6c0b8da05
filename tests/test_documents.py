"""The one document builder: pages are self-contained, escaped, and styled from the .css files."""

from __future__ import annotations

import ast
from pathlib import Path

from sbs_training import documents
from sbs_training.documents import html_text, markdown_lines, markdown_text, printable_page

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
        assert not [n for n in names if n.startswith("sbs_training")], source.name
