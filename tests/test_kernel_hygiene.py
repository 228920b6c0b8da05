"""Closed pages leave no kernels behind: every workbook opened and left in a real tab, the count checked each time.

Leaving a workbook (closing the tab or going to another page) fires Voila's
unload beacon, which shuts the page's kernel down once serve sets the
``_xsrf`` cookie it needs (see server/voila_fixes.py). Without that fix every visit
leaves a kernel. So after every visit no more kernels may be alive than the warm
pool (one per workbook) plus the open page's own: a leak shows at the first
visit that leaks, on the workbook that leaks.

Every workbook is visited twice (issue 8's leak appeared on the first visit that
left a page), then one workbook ten times over, for a leak that only builds up.
Issue 8 asked for 20 visits of each; checking after every visit catches the same
leak in far fewer (17 x 10 unchecked visits took 242 s of the suite).

The server and its warm kernels run with the network audit hook
(tests/network_audit): a preheated kernel, which connects back to the server to
learn of its visit, tries to reach no other host either. Picks up new workbooks
automatically.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import REPO, Server, audit_attempts, audit_env

pytestmark = pytest.mark.browser

EACH = 2
REPEATED = "00-welcome"
REPEATS = 10
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
POOL = len(WORKBOOKS)  # --pool-size 1: one warm kernel for each workbook


def settle(server: Server, at_most: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while (alive := len(server.kernel_processes())) > at_most and time.monotonic() < deadline:
        time.sleep(0.3)
    return alive


def test_every_workbook_opened_and_left_repeatedly_leaves_no_kernels(browser, tmp_path: Path) -> None:
    log = tmp_path / "network.log"
    server = Server.start(tmp_path / "data", env=audit_env(log))
    visits = [name for name in WORKBOOKS for _ in range(EACH)] + [REPEATED] * REPEATS
    try:
        context = browser.new_context()
        page = context.new_page()
        for number, name in enumerate(visits, start=1):
            # Going to the next page unloads this one, as closing its tab would.
            page.goto(server.workbook_url(name), wait_until="commit")
            # The page's unload beacon is registered once the widget manager is up.
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp._widgetManager", timeout=180_000)
            alive = settle(server, POOL + 1)
            assert alive <= POOL + 1, f"visit {number} ({name}): {alive} kernels alive; pool {POOL}, plus this page"
        page.close(run_before_unload=True)
        context.close()
        alive = settle(server, POOL)
        assert alive <= POOL, f"{alive} kernels alive after the last page closed; the pool is {POOL}"
    finally:
        server.stop()
    assert server.kernel_processes() == [], "stopping serve shuts every kernel down"
    assert audit_attempts(log) == [], "the server or a warm kernel tried to reach another host"
