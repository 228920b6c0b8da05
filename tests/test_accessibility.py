"""Every workbook and every widget gallery page, checked as a keyboard or screen-reader user meets it.

- axe-core (from npm, injected into the page once the widgets have rendered):
  no serious or critical finding; any lesser finding must be explained in
  docs/accessibility.md.
- Keyboard: Tab reaches every control in the widgets, each with a visible
  focus indicator and an accessible name, and Shift+Tab walks back.
- Every journal widget has a live region, so "Saved" and feedback are announced.

Picks up new notebooks in workbooks/ and gallery/ automatically.
"""

from __future__ import annotations

import pytest
from support import REPO, Server

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
DOC = REPO / "docs" / "accessibility.md"
CONTROLS = ".sbs-widget :is(input, textarea, button, select, a[href], [tabindex='0'])"


def notebooks(folder: str) -> list[str]:
    root = REPO / folder
    return sorted(
        str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


@pytest.fixture(scope="module")
def gallery_server(tmp_path_factory):
    server = Server.start(tmp_path_factory.mktemp("gallery") / "data", "--notebooks", str(REPO / "gallery"))
    yield server
    server.stop()


def open_rendered(context, server: Server, name: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.workbook_url(name))
    page.wait_for_selector(".sbs-help", timeout=90_000)
    page.wait_for_load_state("networkidle", timeout=90_000)
    # Widgets render after the kernel connects: wait until their number stops changing.
    previous = -1
    for _ in range(40):
        count = page.locator(".sbs-widget").count()
        if count == previous:
            break
        previous = count
        page.wait_for_timeout(400)
    page.page_errors = errors  # type: ignore[attr-defined]
    return page


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (scripts/test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


def check_axe(page, where: str) -> None:
    violations = run_axe(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{where}: {serious}"
    documented = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    unexplained = [v["id"] for v in violations if f"`{v['id']}`" not in documented]
    assert unexplained == [], f"{where}: explain these minor findings in docs/accessibility.md: {unexplained}"


def focus_description(page) -> dict | None:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const ring = style.boxShadow && style.boxShadow !== 'none';
            const labels = el.labels ? Array.from(el.labels).map(l => l.textContent.trim()).join(' ') : '';
            const name = (el.getAttribute('aria-label') || labels || el.textContent || el.getAttribute('title')
                          || el.value || '').trim();
            return {key: el.dataset.sbsKey || el.outerHTML.slice(0, 120), tag: el.tagName, type: el.type || '',
                    visible_focus: outline || !!ring, name, in_widget: !!el.closest('.sbs-widget')};
        }"""
    )


def check_keyboard(page, where: str) -> None:
    # Give every focusable element a unique key: identical buttons (two "Download" buttons) must not look alike.
    page.evaluate(
        """() => document.querySelectorAll('a[href], button, input, textarea, select, summary, [tabindex]')
                     .forEach((el, i) => { el.dataset.sbsKey = `k${i}`; })"""
    )
    controls = page.locator(CONTROLS)
    expected = set()
    for i in range(controls.count()):
        control = controls.nth(i)
        if control.is_visible() and control.is_enabled():
            expected.add(control.evaluate("el => el.dataset.sbsKey"))
    # Radio groups are one Tab stop: arrows move within them. Count a group as reached once any member is.
    groups = page.evaluate(
        f"""() => {{
            const g = {{}};
            document.querySelectorAll("{CONTROLS}").forEach(el => {{
                if (el.type === 'radio') (g[el.name] = g[el.name] || []).push(el.dataset.sbsKey);
            }});
            return g;
        }}"""
    )
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached: list[dict] = []
    for _ in range(max(60, 4 * len(expected) + 20)):
        page.keyboard.press("Tab")
        focused = focus_description(page)
        if focused is None:
            continue
        if reached and focused["key"] == reached[0]["key"]:
            break  # wrapped around to the first control
        if reached and focused["key"] == reached[-1]["key"]:
            continue  # one control, several stops (the hour and minute of a time input)
        reached.append(focused)
    in_widgets = [f for f in reached if f["in_widget"]]
    for f in in_widgets:
        assert f["visible_focus"], f"{where}: no visible focus on {f['key']}"
        assert f["name"], f"{where}: a control with no accessible name: {f['key']}"
    reached_keys = {f["key"] for f in reached}
    for members in groups.values():
        if reached_keys & set(members):
            reached_keys |= set(members)
    missing = expected - reached_keys
    assert not missing, f"{where}: Tab never reaches {sorted(missing)[:5]}"
    if len(in_widgets) >= 2:
        last, before_last = in_widgets[-1]["key"], in_widgets[-2]["key"]
        page.locator(f"[data-sbs-key='{last}']").focus()
        page.keyboard.press("Shift+Tab")
        assert focus_description(page)["key"] == before_last, f"{where}: Shift+Tab does not walk back"


def check_live_regions(page, where: str) -> None:
    silent = page.evaluate(
        """() => Array.from(document.querySelectorAll('.sbs-widget'))
                .filter(w => !w.matches('[role=status],[aria-live]') && !w.querySelector('[role=status],[aria-live]'))
                .map(w => w.className)"""
    )
    assert silent == [], f"{where}: widgets without a live region for their status: {silent}"


@pytest.mark.parametrize("name", notebooks("workbooks"))
def test_workbook_accessibility(name: str, context, server) -> None:
    page = open_rendered(context, server, name)
    check_axe(page, name)
    check_live_regions(page, name)
    check_keyboard(page, name)
    assert page.page_errors == []
    page.close(run_before_unload=True)


@pytest.mark.parametrize("name", notebooks("gallery"))
def test_gallery_accessibility(name: str, context, gallery_server) -> None:
    page = open_rendered(context, gallery_server, name)
    check_axe(page, f"gallery/{name}")
    check_live_regions(page, f"gallery/{name}")
    check_keyboard(page, f"gallery/{name}")
    assert page.page_errors == []
    page.close(run_before_unload=True)
