"""The one place documents are built: a document described once, rendered to HTML and to Markdown.

Every page a trainee downloads or prints (a checklist plan, a statement, the
agreement handout, the self-care plan, a session plan, the supervision pack,
the journal export) is a ``Document``: a title and blocks of plain text
(``model.py``). ``to_html`` makes it a print-ready page styled by the ``.css``
files beside this module; ``to_markdown`` makes it Markdown. Each renderer
escapes every piece of text for its format, so a document looks the same and
is safe the same way wherever it is made. This package imports nothing else
from the project, so any layer may use it.
"""

from __future__ import annotations

from sbs_training.documents.model import Block, Document, Heading, Item, ItemList, Paragraph, Section, Table, items
from sbs_training.documents.to_html import PRINT_CSS, STYLES, css, html_text, printable_page, to_html
from sbs_training.documents.to_markdown import markdown_lines, markdown_text, to_markdown

__all__ = [
    "PRINT_CSS",
    "STYLES",
    "Block",
    "Document",
    "Heading",
    "Item",
    "ItemList",
    "Paragraph",
    "Section",
    "Table",
    "css",
    "html_text",
    "items",
    "markdown_lines",
    "markdown_text",
    "printable_page",
    "to_html",
    "to_markdown",
]
