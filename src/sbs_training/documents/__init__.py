"""The one place documents are built: printable HTML pages, their print styles, and escaping.

Every page a trainee downloads or prints (a checklist plan, a statement, the
agreement handout, the self-care plan, a session plan, the supervision pack,
the journal export) takes its styles from the ``.css`` files beside this
module and escapes the trainee's words with the helpers here, so a page looks
the same and is safe the same way wherever it is made. It imports nothing else
from the project, so any layer may use it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

_HERE = Path(__file__).parent

STYLES: dict[str, str] = {path.stem: path.read_text(encoding="utf-8") for path in sorted(_HERE.glob("*.css"))}
"""Every stylesheet here by name (``session_plan`` for ``session_plan.css``), read once at import."""

PRINT_CSS = STYLES["page"]
"""The base print styles every page carries: readable on screen, A4 when printed."""


def css(name: str) -> str:
    """The print styles a kind of document adds to the base page (``documents/<name>.css``)."""
    return STYLES[name]


def printable_page(title: str, body_html: str, extra_css: str = "") -> str:
    """A self-contained, print-ready HTML page. ``title`` is escaped; ``body_html`` must be built escaped."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{PRINT_CSS}{extra_css}</style></head><body><h1>{escape(title)}</h1>{body_html}</body></html>\n"
    )


def markdown_text(text: str) -> str:
    """User text safe to put in Markdown: no raw HTML can survive a Markdown renderer.

    A backslash before ``<`` stops it opening a tag; backslashes themselves are
    doubled first, so ``\\<script>`` cannot undo the escape.
    """
    return text.replace("\\", "\\\\").replace("<", "\\<")


def markdown_lines(text: str) -> str:
    """Several lines of user text as Markdown that keeps its line breaks."""
    return "  \n".join(markdown_text(line) for line in text.strip().splitlines())


def html_text(text: str) -> str:
    """User text for HTML: escaped, line breaks kept by the page's ``pre-wrap``."""
    return escape(text.strip())


__all__ = ["PRINT_CSS", "STYLES", "css", "escape", "html_text", "markdown_lines", "markdown_text", "printable_page"]
