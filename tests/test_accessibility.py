"""Every widget gallery page, checked as a keyboard or screen-reader user meets it.

- axe-core (from npm, injected into the page once the widgets have rendered):
  no serious or critical finding; any lesser finding must be explained in
  docs/accessibility.md.
- Keyboard: Tab reaches every control in the widgets, each with a visible
  focus indicator and an accessible name, and Shift+Tab walks back.
- Every journal widget has a live region, so "Saved" and feedback are announced.

The workbooks get the same checks in tests/test_page_sweep.py, from the one
load of each page that also checks reflow on a phone and network silence.
Picks up new notebooks in gallery/ automatically.
"""

from __future__ import annotations

import pytest
from page_checks import check_axe, check_keyboard, check_live_regions, settled
from support import REPO, Server

pytestmark = pytest.mark.browser


def notebooks(folder: str) -> list[str]:
    root = REPO / folder
    return sorted(
        str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


@pytest.fixture(scope="module")
def gallery_server(tmp_path_factory):
    server = Server.start(
        tmp_path_factory.mktemp("gallery") / "data", "--notebooks", str(REPO / "gallery"), "--pool-size", "0"
    )
    yield server
    server.stop()


@pytest.mark.parametrize("name", notebooks("gallery"))
def test_gallery_accessibility(name: str, context, gallery_server) -> None:
    page = settled(context, gallery_server, name)
    check_axe(page, f"gallery/{name}")
    check_live_regions(page, f"gallery/{name}")
    check_keyboard(page, f"gallery/{name}")
    assert page.page_errors == []
    page.close(run_before_unload=True)
