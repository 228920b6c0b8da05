"""``serve --max-kernels``: kernels, warm ones included, never pass the limit (issue 20, item 3).

Before, every render started a kernel of about 60 MB and nothing stopped a
burst: 66 renders made 66 kernels. Here a server with room for three kernels
keeps one warm for each of two workbooks, pages are rendered past the limit
(plain GETs, which leave their kernels running, as a health check or a burst
of reloads does), and a sampler counts kernel processes throughout. The
visitor over the limit gets a plain page saying the workbooks are busy; once
the oldest page's kernel has sat idle past the grace, it makes room.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import REPO, Server, assert_one_clear_line, free_port, run_cli

CAP = 3
WORKBOOKS = ("00-welcome", "06-self-care-check-in")
# --idle-timeout 60: the cap may take an unused page's kernel after 30 s; the idle culler only after 60 s.
IDLE_TIMEOUT = 60
GRACE = 30


@pytest.fixture
def capped(tmp_path: Path) -> Iterator[Server]:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in WORKBOOKS:
        (notebooks / f"{name}.ipynb").write_bytes((REPO / "workbooks" / f"{name}.ipynb").read_bytes())
    server = Server.start(
        tmp_path / "data",
        "--notebooks", str(notebooks),
        "--pool-size", "1",
        "--max-kernels", str(CAP),
        "--idle-timeout", str(IDLE_TIMEOUT),
    )  # fmt: skip
    yield server
    server.stop()


@contextmanager
def kernel_peak(server: Server) -> Iterator[list[int]]:
    """The most kernel processes seen at once while the block runs, sampled every 50 ms."""
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], len(server.kernel_processes()))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def render(server: Server, cookie: str, name: str) -> tuple[int, str]:
    """Fetch a workbook page whole, without a browser: its kernel stays running, with no page connected."""
    request = urllib.request.Request(f"{server.url}/voila/render/{name}.ipynb", headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def kernel_of(page: str) -> str:
    config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    return json.loads(config)["kernelId"]


def running_ids(server: Server) -> set[str]:
    found = set()
    for kernel in server.kernel_processes():
        match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(kernel.cmdline()))
        if match:
            found.add(match.group(1))
    return found


def wait_for_kernels(server: Server, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(server.kernel_processes()) < count:
        assert time.monotonic() < deadline, f"never reached {count} kernels"
        time.sleep(0.2)


@pytest.mark.browser
def test_kernels_never_pass_the_cap_and_the_visitor_over_it_is_told_to_try_again(browser, capped: Server) -> None:
    from playwright.sync_api import expect

    wait_for_kernels(capped, len(WORKBOOKS))  # one warm kernel per workbook
    with urllib.request.urlopen(capped.home_url, timeout=60) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    with kernel_peak(capped) as peak:
        pages = [render(capped, cookie, name) for name in ("00-welcome", "06-self-care-check-in", "00-welcome")]
        assert [status for status, _ in pages] == [200, 200, 200]
        first, second, third = (kernel_of(body) for _, body in pages)
        # Three pages' kernels fill the limit; no warm kernel was started past it.
        assert running_ids(capped) == {first, second, third}

        # A fourth visitor, while every kernel belongs to a page that may still be loading: a plain page.
        status, body = render(capped, cookie, "06-self-care-check-in")
        assert status == 503 and "The workbooks are busy" in body and "try again" in body
        assert "Traceback" not in body and "jupyter-config-data" not in body
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(capped.workbook_url("06-self-care-check-in"))
            expect(page.get_by_role("heading", name="The workbooks are busy")).to_be_visible(timeout=60_000)
            expect(page.get_by_text("reload this page")).to_be_visible()
            assert "token" not in page.url
            # Reloading as the page asks: once the oldest page's kernel has been idle past the grace,
            # it makes room, and the workbook opens.
            deadline = time.monotonic() + GRACE + 60
            while page.locator(".sbs-widget").count() == 0:
                assert time.monotonic() < deadline, "the busy page never gave way"
                if page.get_by_role("heading", name="The workbooks are busy").count():
                    time.sleep(2)
                    page.reload()
                page.wait_for_timeout(500)
            opened = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        finally:
            context.close()
        left = running_ids(capped)
    assert peak[0] <= CAP, f"{peak[0]} kernels at once"
    assert first not in left, "the oldest idle page's kernel made room"
    assert opened in left, "the visitor who reloaded has a kernel of their own"
    log = capped.server_log.read_text()
    assert f"At the limit of {CAP} kernels: shutting down idle kernel {first}" in log
    assert "Traceback" not in log


def test_the_cap_must_leave_room_for_a_page(tmp_path: Path) -> None:
    result = run_cli(
        "serve", "--port", str(free_port()), "--no-browser", "--max-kernels", "0", data_dir=tmp_path / "data"
    )
    assert_one_clear_line(result, contains="--max-kernels 0 leaves no room for a page")


def test_the_help_says_what_a_kernel_costs() -> None:
    result = run_cli("serve", "--help")
    assert "--max-kernels" in result.stdout and "60 MB" in result.stdout
