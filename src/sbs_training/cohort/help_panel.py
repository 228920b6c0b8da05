"""The "Get help now" panel shown at the top of every workbook.

Plain HTML (a native <details> element), so it works before any widget has
loaded, by keyboard and with a screen reader. It can be folded away but is
never absent. Every value comes from settings a trainer can edit, so every
value is escaped.

Open by default on a wide screen. On a small screen (a phone, upright or on
its side) the open panel is taller than the whole first screen and hides the
page, so one line of script folds it to its one-line summary as the page
loads; a tap opens it. Without script it simply stays open.
"""

from __future__ import annotations

from html import escape

from sbs_training.config import Config

SMALL_SCREEN = "(max-width: 40rem), (max-height: 30rem)"
"""Where the open panel would fill the first screen; page.css uses the same breakpoints."""

FOLD_ON_SMALL_SCREENS = (
    "<script>(function () {"
    f"if (!window.matchMedia || !window.matchMedia('{SMALL_SCREEN}').matches) return;"
    "document.querySelectorAll('details.sbs-help[data-sbs-fold]').forEach(function (d) {"
    "d.open = false; d.removeAttribute('data-sbs-fold'); });"
    "})();</script>"
)
"""Fold the panel once, as the page loads; after that it opens and closes only when the person chooses."""


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def help_panel_html(config: Config) -> str:
    regions: dict[str, list[str]] = {}
    for line in config.helplines:
        text = f", or text {escape(line.text)}" if line.text else ""
        hours = f" {escape(line.hours)}." if line.hours else ""
        regions.setdefault(line.region, []).append(
            f'<li><strong>{escape(line.name)}</strong>: call <a href="tel:{escape(_digits(line.number))}">'
            f"{escape(line.number)}</a>{text}.{hours} "
            f'<span class="sbs-checked">(Details checked {line.checked.strftime("%d %b %Y").lstrip("0")}.)</span></li>'
        )
    blocks = "".join(f"<h3>{escape(region)}</h3><ul>{''.join(items)}</ul>" for region, items in regions.items())
    emergency = "; ".join(f"{escape(e.number)} ({escape(e.region)})" for e in config.emergency)
    who = f"Your facilitator at {escape(config.organisation)}" if config.organisation else "Your facilitator"
    contact = f'<p class="sbs-contact">{who}: {escape(config.contact)}</p>' if config.contact else ""
    return (
        '<details class="sbs-help" open data-sbs-fold><summary>Get help now</summary>'
        '<div class="sbs-help-body">'
        "<p>If anything here stirs up something hard, you can pause, skip ahead or stop at any time. "
        "These services are free and confidential.</p>"
        f"{blocks}"
        + (f"<p><strong>If you or someone else is in danger now</strong>, call {emergency}.</p>" if emergency else "")
        + f"{contact}</div></details>"
        + FOLD_ON_SMALL_SCREENS
    )
