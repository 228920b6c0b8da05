"""Shared fixtures: temporary journals, a real server, and a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import Server, launch_chromium

from sbs_training.store.journal import Journal


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def journal(data_dir: Path):
    with Journal(data_dir) as j:
        yield j


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test gets fresh contexts."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real ``sbs-training serve`` shared by the tests of one module."""
    data = tmp_path_factory.mktemp("serve") / "data"
    srv = Server.start(data)
    yield srv
    srv.stop()


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """A journal with a little of everything, including a revision."""
    with Journal(data_dir) as j:
        j.save_reflection("00-welcome", "what-brings-you", "First thoughts", editor="v1", label="What brings you?")
        j.save_reflection("00-welcome", "what-brings-you", "Second thoughts <b>&", editor="v2")
        j.add_checkin({"energy": 2, "capacity": 3}, "a long week")
        j.set_answer("01-peer-support-values", "person-centred", "welcome", {"placed": "person"})
        j._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return data_dir
