"""Every workbook opened once and checked three ways: on a phone, by keyboard and screen reader, and for silence.

A page load takes seconds and each check a fraction of that, so each workbook,
trainee and trainer, is loaded once, on a 320 x 640 touch screen, and then:

- **Phone** (WCAG 1.4.10, reflow): nothing is wider than the screen: no sideways
  scrolling of the page, and no element reaching past either edge unless it sits
  inside a region of its own that scrolls (a data table may). The Get-help panel
  is there, folded to one line, so the workbook's first heading is on the first
  screen; it is reachable by keyboard and opens with every number in it.
- **Accessibility**, on the phone and again with the same page widened to a
  desktop's 1200 x 900: axe-core finds nothing serious or critical (any lesser finding is explained in
  docs/accessibility.md); Tab reaches every control in the widgets, each with a
  visible focus indicator and an accessible name, and Shift+Tab walks back; every
  journal widget has a live region.
- **Network silence**: the browser asks no other host for anything, and the server and
  every kernel (an audit hook in each Python process, tests/network_audit) try to reach none.

A wide screen still gets the panel open (one more load). The widget galleries get the
accessibility checks in tests/test_accessibility.py; warm (preheated) kernels are audited
for silence in tests/test_kernel_hygiene.py. Picks up new workbooks automatically.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from page_checks import TOO_WIDE, check_axe, check_keyboard, check_live_regions, settled
from playwright.sync_api import expect
from support import REPO, Server, audit_attempts, audit_env, close_tab

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1200, "height": 900}
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """A server (no warm pool: each page starts its kernel) whose every Python process is audited."""
    base = tmp_path_factory.mktemp("sweep")
    log = base / "network.log"
    server = Server.start(base / "data", "--pool-size", "0", env=audit_env(log))
    yield server, log
    server.stop()


@pytest.fixture
def outside() -> list[str]:
    """Every URL the page asked for on another host."""
    return []


@pytest.fixture
def phone(browser, outside):
    ctx = browser.new_context(viewport=PHONE, has_touch=True)

    def watch(request) -> None:
        url = urlparse(request.url)
        if url.hostname not in ("127.0.0.1", "localhost", None) and url.scheme not in ("data", "blob"):
            outside.append(request.url)

    ctx.on("request", watch)
    yield ctx
    ctx.close()


def check_phone(page, name: str) -> None:
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


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_on_a_phone_accessible_and_silent(name: str, phone, audited, outside) -> None:
    server, log = audited
    page = settled(phone, server, name)
    check_phone(page, name)
    check_axe(page, f"{name} at 320 px")
    page.set_viewport_size(DESKTOP)
    check_axe(page, name)
    check_live_regions(page, name)
    check_keyboard(page, name)
    assert page.page_errors == []
    close_tab(page)
    assert outside == [], "the page asked another host for something"
    assert audit_attempts(log) == [], "the server or a kernel tried to reach another host"


def test_help_panel_stays_open_on_a_wide_screen(context, audited) -> None:
    server, _ = audited
    page = settled(context, server, "00-welcome")
    assert page.locator("details.sbs-help").evaluate("d => d.open") is True
    expect(page.get_by_role("link", name="116 123")).to_be_visible()
    close_tab(page)
