"""Test helpers: run the real CLI, run a real server, drive a real browser.

Browser tests use Debian's Chromium (/usr/bin/chromium) through Playwright,
never a downloaded browser, and talk only to loopback.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
NETWORK_AUDIT = Path(__file__).resolve().parent / "network_audit"
CHROMIUM = os.environ.get("SBS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def cli_path() -> str:
    """The installed ``sbs-training`` entry point beside this Python."""
    candidate = Path(sys.executable).parent / "sbs-training"
    return str(candidate) if candidate.exists() else "sbs-training"


def run_cli(
    *args: str, data_dir: Path | None = None, input: str | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SBS_TRAINING_DEBUG", None)
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [cli_path(), *args, *extra], capture_output=True, text=True, input=input, env=full_env, timeout=timeout
    )


def export_json(data_dir: Path) -> dict:
    result = run_cli("export", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A real ``sbs-training serve`` on a free loopback port with its own data folder.

    It knows its token (given through ``SBS_TRAINING_TOKEN``): ``workbook_url`` and
    ``home_url`` carry it, as the link ``serve`` prints does, and the browser keeps
    the cookie the server then sets. ``url`` is the bare address, for refusal tests.
    """

    data_dir: Path
    port: int
    process: subprocess.Popen
    log: Path
    token: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def home_url(self) -> str:
        """The list of workbooks, through the token: the link ``serve`` prints."""
        return f"{self.url}/?token={self.token}"

    @property
    def server_log(self) -> Path:
        """What serve keeps off the terminal (Voila's and the kernels' messages)."""
        return self.data_dir / "serve.log"

    def workbook_url(self, name: str) -> str:
        return f"{self.url}/voila/render/{name}.ipynb?token={self.token}"

    @classmethod
    def start(cls, data_dir: Path, *extra: str, env: dict | None = None, timeout: float = 90) -> Server:
        import secrets

        port = free_port()
        log = data_dir.parent / f"serve-{port}.log"
        full_env = {"SBS_TRAINING_TOKEN": secrets.token_urlsafe(32), **os.environ, **(env or {})}
        process = subprocess.Popen(
            [cli_path(), "serve", "--port", str(port), "--no-browser", "--data-dir", str(data_dir), *extra],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            env=full_env,
            start_new_session=True,
        )
        server = cls(data_dir, port, process, log, full_env["SBS_TRAINING_TOKEN"])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"serve exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{server.url}/voila/static/voila.js", timeout=2) as r:
                    if r.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        server.stop()
        raise RuntimeError(f"serve did not answer in {timeout}s:\n{log.read_text()}")

    def kernel_processes(self) -> list:
        """Live kernel processes started by this server (Voila has no kernels API)."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        alive = []
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                    alive.append(child)
            except psutil.NoSuchProcess:
                continue
        return alive

    def stop(self) -> None:
        """Stop it as Ctrl+C would; then ``log`` holds all it said, terminal first, then serve.log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            if self.server_log.exists():
                with self.log.open("a") as out:
                    out.write("\n--- serve.log ---\n" + self.server_log.read_text(errors="replace"))


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_workbook(context, server: Server, name: str, *, ready: str, timeout: float = 90_000):
    """Open a workbook page, fail on any page error, and wait until its widgets are live."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.page_errors = errors  # type: ignore[attr-defined]
    page.goto(server.workbook_url(name))
    page.wait_for_selector(ready, timeout=timeout)
    return page


def close_tab(page) -> None:
    """Close as a person closes a tab: unload handlers run."""
    page.close(run_before_unload=True)


class immutable:
    """Make a file or folder unwritable even for root (``chattr +i``), for failure tests."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        import shutil

        import pytest

        if shutil.which("chattr") is None:
            pytest.skip("chattr is not available")
        if subprocess.run(["chattr", "+i", str(self.path)], capture_output=True).returncode != 0:
            pytest.skip("this file system cannot mark files immutable")
        return self.path

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["chattr", "-i", str(self.path)], capture_output=True)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in a folder and its bytes' digest: 'unchanged' means byte for byte."""
    import hashlib

    if not folder.exists():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_one_clear_line(result: subprocess.CompletedProcess, *, contains: str) -> None:
    """A refusal is one plain sentence on stderr and a non-zero exit, never a traceback."""
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert contains in lines[0], lines[0]


def wait_until(check: Callable[[], T], what: str, timeout: float = 20) -> T:
    """Wait until ``check()`` gives something true, and return it (e.g. the kernel has committed a save)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting until {what}")


def answers_in(data_dir: Path, workbook: str, activity: str) -> dict:
    """One activity's saved answers, read from the journal as the kernel left it."""
    from sbs_training.store.journal import Journal

    with Journal(data_dir) as journal:
        return {a.item: a.value for a in journal.answers(workbook, activity)}


def reflection_in(data_dir: Path, workbook: str, prompt: str) -> str | None:
    """One saved reflection's text, read from the journal as the kernel left it."""
    from sbs_training.store.journal import Journal

    with Journal(data_dir) as journal:
        saved = journal.get_reflection(workbook, prompt)
    return saved.text if saved else None


def audit_env(log: Path) -> dict[str, str]:
    """Environment under which every Python process records any attempt to reach another host in ``log``."""
    path = os.pathsep.join(filter(None, [str(NETWORK_AUDIT), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "SBS_NETWORK_AUDIT": str(log)}


def audit_attempts(log: Path) -> list[str]:
    """What the audit hook (tests/network_audit) recorded: one line per attempt to reach another host."""
    return log.read_text().splitlines() if log.exists() else []


def run_apart(coroutine):
    """Run a coroutine on a thread of its own: the suite's Playwright browser keeps an event loop on this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def websocket_status(url: str, headers: dict) -> int:
    """101 if the websocket opened (closed again at once), else the HTTP status it was refused with."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    try:
        async with connect(url, additional_headers=headers, open_timeout=60):
            return 101
    except InvalidStatus as exc:
        return exc.response.status_code
