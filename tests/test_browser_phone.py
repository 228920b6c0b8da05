"""Every workbook on a phone: 320 x 640 CSS px (WCAG 1.4.10, reflow).

For each workbook, trainee and trainer, once its widgets have rendered:
- nothing is wider than the screen: no sideways scrolling of the page, and no
  element reaching past either edge unless it sits inside a region of its own
  that scrolls (a data table may);
- the Get-help panel is there, folded to one line, so the workbook's first
  heading is on the first screen; it is reachable by keyboard and opens with
  every number in it.
A wide screen still gets the panel open, as before.

Picks up new notebooks in workbooks/ automatically.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from support import REPO, close_tab

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)

TOO_WIDE = """() => {
    const vw = document.documentElement.clientWidth;
    const scrollsItself = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if ((x === 'auto' || x === 'scroll') && p.scrollWidth > p.clientWidth) return true;
        }
        return false;
    };
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if ((r.right > vw + 0.5 || r.left < -0.5) && !scrollsItself(el)) {
            const cls = typeof el.className === 'string' ? el.className.split(' ').slice(0, 2).join('.') : '';
            wide.push(`${el.tagName.toLowerCase()}.${cls} left=${Math.round(r.left)} right=${Math.round(r.right)}`);
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, viewport: vw, wide: wide.slice(0, 10)};
}"""


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, has_touch=True)
    yield ctx
    ctx.close()


def open_settled(context, server, name: str):
    """Open a workbook and wait until its widgets have stopped arriving (widgets change the layout)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.workbook_url(name))
    page.wait_for_selector(".sbs-help", timeout=90_000)
    page.wait_for_load_state("networkidle", timeout=90_000)
    previous = -1
    for _ in range(40):
        count = page.locator(".sbs-widget").count()
        if count == previous:
            break
        previous = count
        page.wait_for_timeout(400)
    page.page_errors = errors  # type: ignore[attr-defined]
    return page


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_reflows_on_a_phone(name: str, phone, server) -> None:
    page = open_settled(phone, server, name)

    layout = page.evaluate(TOO_WIDE)
    assert layout["scrollWidth"] <= PHONE["width"], f"{name} scrolls sideways: {layout}"
    assert layout["wide"] == [], f"{name}: wider than a 320 px screen: {layout['wide']}"

    panel = page.locator("details.sbs-help")
    expect(panel).to_have_count(1)
    summary = panel.locator("summary")
    expect(summary).to_be_visible()
    assert panel.evaluate("d => d.open") is False, "on a phone the panel starts folded to one line"
    box = panel.bounding_box()
    heading = page.locator("h1").first.bounding_box()
    assert box is not None and heading is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 120, f"help panel takes {box} of the first screen"
    assert heading["y"] + heading["height"] <= PHONE["height"], f"{name}: first heading is below the first screen"

    # Reachable and intact: the keyboard opens it, and the numbers are all there.
    summary.focus()
    page.keyboard.press("Enter")
    assert panel.evaluate("d => d.open") is True
    expect(panel.get_by_role("link", name="116 123")).to_be_visible()
    expect(panel).to_contain_text("If you or someone else is in danger now")
    layout = page.evaluate(TOO_WIDE)
    assert layout["wide"] == [], f"{name}: the open help panel is wider than the screen: {layout['wide']}"
    assert page.page_errors == []
    close_tab(page)


def test_help_panel_stays_open_on_a_wide_screen(context, server) -> None:
    page = open_settled(context, server, "00-welcome")
    assert page.locator("details.sbs-help").evaluate("d => d.open") is True
    expect(page.get_by_role("link", name="116 123")).to_be_visible()
    close_tab(page)
