"""A document as one self-contained, print-ready HTML page, every piece of text escaped.

The page's styles come from the ``.css`` files beside this module: ``page.css``
on every page, plus the document's own (``Document.style``), so a page looks
the same wherever it is made.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sbs_training.documents.model import Block, Document, Heading, Item, ItemList, Paragraph, Section, Table

_HERE = Path(__file__).parent

STYLES: dict[str, str] = {path.stem: path.read_text(encoding="utf-8") for path in sorted(_HERE.glob("*.css"))}
"""Every stylesheet here by name (``session_plan`` for ``session_plan.css``), read once at import."""

PRINT_CSS = STYLES["page"]
"""The base print styles every page carries: readable on screen, A4 when printed."""

TICKED, UNTICKED = "&#9745;", "&#9744;"


def css(name: str) -> str:
    """The print styles a kind of document adds to the base page (``documents/<name>.css``)."""
    return STYLES[name]


def printable_page(title: str, body_html: str, extra_css: str = "") -> str:
    """A self-contained, print-ready HTML page. ``title`` is escaped; ``body_html`` must be built escaped."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{PRINT_CSS}{extra_css}</style></head><body><h1>{escape(title)}</h1>{body_html}</body></html>\n"
    )


def html_text(text: str) -> str:
    """User text for HTML: escaped, line breaks kept by the page's ``pre-wrap``."""
    return escape(text.strip())


def to_html(document: Document) -> str:
    """The document as a printable page, with its own stylesheet after the base one."""
    body = "".join(block_html(block) for block in document.blocks)
    return printable_page(document.title, body, css(document.style) if document.style else "")


def _open(tag: str, cls: str) -> str:
    return f"<{tag} class='{escape(cls)}'>" if cls else f"<{tag}>"


def _item(item: Item) -> str:
    tick = ""
    if item.done is not None:
        tick = (
            f"<span aria-hidden='true'>{TICKED if item.done else UNTICKED}</span> "
            f"<span class='visually-hidden'>{'Done' if item.done else 'To do'}:</span> "
        )
    note = f"<div class='note'>{html_text(item.note)}</div>" if item.note.strip() else ""
    return f"<li>{tick}{escape(item.text)}{note}</li>"


def block_html(block: Block) -> str:
    """One block's HTML; the text in it escaped."""
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"{_open('p', block.cls)}{html_text(block.text)}</p>"
    if isinstance(block, ItemList):
        tag = "ol" if block.numbered else "ul"
        return _open(tag, block.cls) + "".join(_item(i) for i in block.items) + f"</{tag}>"
    if isinstance(block, Table):
        head = "".join(f"<th scope='col'>{escape(cell)}</th>" for cell in block.head)
        rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"{_open('table', block.cls)}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, Section):
        return _open("section", block.cls) + "".join(block_html(b) for b in block.blocks) + "</section>"
    raise TypeError(f"not a document block: {block!r}")
