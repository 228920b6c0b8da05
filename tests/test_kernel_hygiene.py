"""Closed pages leave no kernels behind: every workbook, opened and closed 20 times in real pages.

Afterwards no more kernels may be alive than the warm pool (one per trainee
workbook; trainer workbooks get none) plus one. Picks up new workbooks
automatically.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import REPO, Server

pytestmark = pytest.mark.browser

VISITS = 20
TABS = 5  # open a few at once, as a trainee with several tabs would: it also overlaps the kernel starts
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


def test_every_workbook_opened_and_closed_20_times_leaves_no_kernels(browser, tmp_path: Path) -> None:
    server = Server.start(tmp_path / "data")
    try:
        context = browser.new_context()
        for name in WORKBOOKS:
            for _ in range(VISITS // TABS):
                pages = []
                for _ in range(TABS):
                    page = context.new_page()
                    page.goto(server.workbook_url(name), wait_until="commit")
                    pages.append(page)
                for page in pages:
                    # The page's unload beacon is registered once the widget manager is up.
                    page.wait_for_function(
                        "() => window.jupyterapp && window.jupyterapp._widgetManager", timeout=120_000
                    )
                for page in pages:
                    page.close(run_before_unload=True)
        context.close()
        alive = settle(server, POOL + 1)
        assert alive <= POOL + 1, f"{alive} kernels alive after {VISITS * len(WORKBOOKS)} visits; pool is {POOL}"
    finally:
        server.stop()
    assert server.kernel_processes() == [], "stopping serve shuts every kernel down"
