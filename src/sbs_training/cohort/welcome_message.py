"""The cohort's welcome message (``welcome`` and ``organisation`` in cohort.toml), for the welcome workbook."""

from __future__ import annotations

from html import escape

from sbs_training.config import load_config


def welcome_html() -> str:
    """The cohort's welcome (and who it is from) as escaped HTML; empty if there is none."""
    config = load_config()
    if not config.welcome:
        return ""
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in config.welcome.split("\n\n") if p.strip())
    sign = f'<p class="sbs-welcome-from">From {escape(config.organisation)}</p>' if config.organisation else ""
    style = (
        "border-left: 4px solid #1a4f8b; background: #f1f6fb; padding: 0.4rem 0.9rem; margin: 1rem 0; max-width: 46rem;"
    )
    return (
        f'<div class="sbs-welcome" role="note" aria-label="Welcome from your trainer" style="{style}">'
        f"{paragraphs}{sign}</div>"
    )
