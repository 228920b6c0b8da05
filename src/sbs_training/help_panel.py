"""The "Get help now" panel shown at the top of every workbook.

Plain HTML (a native <details> element), so it works before any widget has
loaded, by keyboard and with a screen reader. It can be folded away but is
never absent. Every value comes from settings a trainer can edit, so every
value is escaped.
"""

from __future__ import annotations

from html import escape

from sbs_training.config import Config


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
        '<details class="sbs-help" open><summary>Get help now</summary>'
        '<div class="sbs-help-body">'
        "<p>If anything here stirs up something hard, you can pause, skip ahead or stop at any time. "
        "These services are free and confidential.</p>"
        f"{blocks}"
        + (f"<p><strong>If you or someone else is in danger now</strong>, call {emergency}.</p>" if emergency else "")
        + f"{contact}</div></details>"
    )
