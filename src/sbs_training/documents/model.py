"""A document described once, as plain data, for both renderers (``to_html`` and ``to_markdown``).

Every download is a title and a list of blocks. Every string in a block is
plain text, the trainee's words or the content's, never markup: each renderer
escapes it for its own format, so no block can carry a live tag or link into
either. A ``cls`` names a style in the document's print stylesheet; Markdown
has no styles and ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    """2 to 6: the document's title is its only level-1 heading."""

    def __post_init__(self) -> None:
        if not 2 <= self.level <= 6:
            raise ValueError(f"a heading inside a document has level 2 to 6, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Text as written: its line breaks kept (where the stylesheet keeps them), blank lines between paragraphs."""

    text: str
    cls: str = ""
    emphasis: bool = False
    """Said quietly (a date stamp, "Not written yet."): italic in Markdown; the ``cls`` styles it in HTML."""


@dataclass(frozen=True)
class Item:
    """One entry of a list: its text, and what was written about it (``note``), or a tick (``done``)."""

    text: str
    note: str = ""
    """Shown under the text in HTML, after a colon in Markdown."""
    done: bool | None = None
    """A checklist's entry: ticked (True) or not (False); None for an ordinary entry."""


@dataclass(frozen=True)
class ItemList:
    items: list[Item]
    numbered: bool = False
    cls: str = ""


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[str]]
    cls: str = ""

    def __post_init__(self) -> None:
        if any(len(row) != len(self.head) for row in self.rows):
            raise ValueError("every row of a table has one cell per column")


@dataclass(frozen=True)
class Section:
    """Blocks that belong together: kept on one page when printed, where the stylesheet says so."""

    blocks: list[Block]
    cls: str = ""


Block = Heading | Paragraph | ItemList | Table | Section


@dataclass(frozen=True)
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    style: str = ""
    """The print stylesheet added to the base page: ``documents/<style>.css`` (HTML only)."""


def items(texts: list[str]) -> list[Item]:
    """Plain entries for an ``ItemList``."""
    return [Item(text) for text in texts]
