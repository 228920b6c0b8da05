"""A document as Markdown, and the one Markdown escaper every piece of text goes through.

A Markdown viewer renders raw HTML and turns ``[words](address)`` into links,
so text typed by a trainee could become a live tag or link in the viewer. Every
string of a document is therefore escaped here, and only here: ``<`` cannot
open a tag, ``&`` cannot spell an entity, and the characters that would change
the structure (links and images, emphasis, code, tables' pipes; headings, list
markers, quotes and rules at the start of a line) are backslash-escaped, so a
viewer shows them as typed. Leading spaces are dropped, as a viewer would drop
them anyway, so a line can't turn into a code block.
"""

from __future__ import annotations

import re

from sbs_training.documents.model import Block, Document, Heading, Item, ItemList, Paragraph, Section, Table

_ANYWHERE = re.compile(r"[\\`*_\[\]<|~]")
"""Characters that mean something wherever they stand: escapes, code, emphasis, links, tags, pipes, strikes."""
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)]))")
"""At a line's start: heading, quote, list marker, setext underline or rule, numbered list marker."""
_CLOSING_HASHES = re.compile(r"(?<=\s)#+$")
"""A heading's optional closing sequence, which a viewer would drop."""
HARD_BREAK = "  \n"


def markdown_text(text: str) -> str:
    """One line of text safe in Markdown: shown as typed, never markup.

    Backslashes are escaped first, so ``\\<script>`` cannot undo the escape.
    """
    line = _ANYWHERE.sub(lambda m: "\\" + m.group(0), text.lstrip(" \t").rstrip())
    line = _ENTITY.sub(r"\\&", line)
    return _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line)


def markdown_lines(text: str) -> str:
    """Several lines of text as one Markdown paragraph that keeps its line breaks."""
    return HARD_BREAK.join(markdown_text(line) for line in text.strip().splitlines())


def _inline(text: str) -> str:
    """Text that must stay on one line (a heading, a table cell)."""
    return markdown_text(" ".join(text.split()))


def _heading(text: str, level: int) -> str:
    return "#" * level + " " + _CLOSING_HASHES.sub(lambda m: "\\" + m.group(0), _inline(text))


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def to_markdown(document: Document) -> str:
    parts = [_heading(document.title, 1), *(block_markdown(block) for block in document.blocks)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _item(marker: str, item: Item) -> str:
    tick = "" if item.done is None else ("[x] " if item.done else "[ ] ")
    lines = [markdown_text(line) for line in item.text.strip().splitlines() if line.strip()]
    if item.note.strip():
        note = [markdown_text(line) for line in item.note.strip().splitlines() if line.strip()]
        lines = [*lines[:-1], f"{lines[-1] if lines else ''}: {note[0]}", *note[1:]]
    indent = HARD_BREAK + " " * len(marker)
    return f"{marker}{tick}{indent.join(lines)}"


def block_markdown(block: Block) -> str:
    """One block's Markdown; blocks are separated by a blank line."""
    if isinstance(block, Heading):
        return _heading(block.text, block.level)
    if isinstance(block, Paragraph):
        paragraphs = [markdown_lines(p) for p in _paragraphs(block.text)]
        return "\n\n".join(f"*{p}*" if block.emphasis else p for p in paragraphs)
    if isinstance(block, ItemList):
        return "\n".join(_item(f"{n}. " if block.numbered else "- ", item) for n, item in enumerate(block.items, 1))
    if isinstance(block, Table):
        rows = [block.head, ["---"] * len(block.head), *block.rows]
        return "\n".join(
            "| " + " | ".join(cell if n == 1 else _inline(cell) for cell in row) + " |" for n, row in enumerate(rows)
        )
    if isinstance(block, Section):
        return "\n\n".join(p for p in (block_markdown(b) for b in block.blocks) if p)
    raise TypeError(f"not a document block: {block!r}")
