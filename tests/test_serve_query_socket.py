"""Voila's ``/voila/query/<kernel>`` socket, attacked as another account on the same computer would.

A preheated kernel waits on that socket to learn that its page has been
opened, and only then reads the journal. Kernel ids are in every kernel's
command line, which any local account can read with ``ps``; before issue 20,
opening and closing the socket for each warm kernel stalled the next page for
minutes. Now it opens only with a key kept in serve's private runtime folder:
the attack is refused, the warm kernels keep waiting, and the page opens on a
warm kernel showing what the journal holds at the moment of the visit.
"""

from __future__ import annotations

import re
import stat
import subprocess
import time
import uuid
from pathlib import Path

import psutil
import pytest
from support import REPO, Server, open_workbook, run_apart, websocket_status

from sbs_training.store.journal import Journal
from sbs_training.store.visit import QUERY_KEY_FILE_ENV, QUERY_KEY_HEADER

WORKBOOKS = ("00-welcome", "07-my-journal")
PROMPT = "What brings you to facilitating peer support?"


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A server keeping one warm kernel for each of two workbooks."""
    root = tmp_path_factory.mktemp("query")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name in WORKBOOKS:
        (notebooks / f"{name}.ipynb").write_bytes((REPO / "workbooks" / f"{name}.ipynb").read_bytes())
    server = Server.start(root / "data", "--notebooks", str(notebooks), "--pool-size", "1")
    yield server
    server.stop()


def kernel_ids_in_the_process_list() -> set[str]:
    """What any local account can read: every process's command line, as ``ps`` shows it."""
    listing = subprocess.run(["ps", "-eo", "args=", "-ww"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"kernel-([0-9a-f-]{36})\.json", listing))


def waiting_kernels(server: Server) -> dict[str, psutil.Process]:
    """This server's kernels holding a connection to it: preheated, they wait there for a visitor."""
    waiting = {}
    for kernel in server.kernel_processes():
        try:
            connections = kernel.net_connections("tcp")
            command = " ".join(kernel.cmdline())
        except psutil.NoSuchProcess:
            continue
        if any(c.raddr and c.raddr.port == server.port and c.status == psutil.CONN_ESTABLISHED for c in connections):
            waiting[re.search(r"kernel-([0-9a-f-]{36})\.json", command).group(1)] = kernel
    return waiting


def wait_for_waiting_kernels(server: Server, count: int, timeout: float = 120) -> dict[str, psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = waiting_kernels(server)
        if len(found) >= count:
            return found
        time.sleep(0.3)
    raise AssertionError(f"{count} warm kernels never waited for a visitor: {len(waiting_kernels(server))}")


@pytest.mark.browser
def test_another_account_cannot_open_a_warm_kernels_query_socket_and_pages_still_open(browser, warm: Server) -> None:
    from playwright.sync_api import expect

    waiting = wait_for_waiting_kernels(warm, len(WORKBOOKS))
    # The attacker's view: kernel ids from the process list, nothing else.
    seen = kernel_ids_in_the_process_list()
    assert set(waiting) <= seen, "the ids are there for anyone to read"
    here = f"http://127.0.0.1:{warm.port}"
    for kernel_id in sorted(seen):
        url = f"ws://127.0.0.1:{warm.port}/voila/query/{kernel_id}"
        assert run_apart(websocket_status(url, {})) == 403, "no key"
        assert run_apart(websocket_status(url, {QUERY_KEY_HEADER: "guessed"})) == 403, "a wrong key"
        assert run_apart(websocket_status(url, {"Origin": here})) == 403, "a browser page on this very server"
    assert set(wait_for_waiting_kernels(warm, len(WORKBOOKS))) == set(waiting), "the warm kernels still wait"

    # The text changes after the kernels warmed up: only a kernel told of the visit (through the
    # locked socket) reads the journal late enough to show it.
    with Journal(warm.data_dir) as journal:
        journal.save_reflection("00-welcome", "what-brings-you", "Written after the kernels warmed up", editor="x")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        started = time.monotonic()
        page = open_workbook(context, warm, "00-welcome", ready=".sbs-widget")
        print(f"first widget after {time.monotonic() - started:.1f} s")
        kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        assert kernel_id in waiting, "the page opened on a warm kernel"
        expect(page.get_by_role("textbox", name=PROMPT)).to_have_value("Written after the kernels warmed up")
        assert page.page_errors == []
    finally:
        context.close()


def test_the_key_is_private_never_on_a_command_line_and_opens_the_socket(warm: Server) -> None:
    waiting = wait_for_waiting_kernels(warm, 1)
    kernel = next(iter(waiting.values()))
    environment = kernel.environ()
    key_file = Path(environment[QUERY_KEY_FILE_ENV])
    key = key_file.read_text().strip()
    assert len(key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert key not in "\n".join(f"{k}={v}" for k, v in environment.items()), "the environment names the file only"
    listing = subprocess.run(["ps", "-eo", "args=", "-ww"], capture_output=True, text=True, check=True).stdout
    assert key not in listing and warm.token not in listing
    # The key does open it (for a kernel id nobody waits on: a real one's waiter would be displaced).
    url = f"ws://127.0.0.1:{warm.port}/voila/query/{uuid.uuid4()}"
    assert run_apart(websocket_status(url, {QUERY_KEY_HEADER: key})) == 101
    assert run_apart(websocket_status(url, {QUERY_KEY_HEADER: key, "Origin": f"http://127.0.0.1:{warm.port}"})) == 403
