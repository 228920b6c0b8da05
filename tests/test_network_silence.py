"""Nothing leaves this computer: every CLI verb and every workbook, watched for outbound connections.

Every Python process (CLI, server, kernels) runs with an audit hook that
records any attempt to resolve or reach a host other than loopback; the
browser's requests are watched too. Picks up new workbooks automatically.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support import REPO, Server, run_cli

AUDIT = Path(__file__).resolve().parent / "network_audit"
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.fixture
def audit(tmp_path: Path) -> tuple[dict[str, str], Path]:
    log = tmp_path / "network.log"
    path = os.pathsep.join(filter(None, [str(AUDIT), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "SBS_NETWORK_AUDIT": str(log)}, log


def attempts(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_the_audit_sees_an_outbound_attempt(audit) -> None:
    """The watcher itself works: a lookup of an outside host is recorded."""
    env, log = audit
    code = "import socket\ntry:\n    socket.getaddrinfo('example.org', 443)\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, timeout=60)
    assert any("example.org" in line for line in attempts(log))


def test_every_cli_verb_stays_on_this_computer(audit, tmp_path: Path) -> None:
    env, log = audit
    data = tmp_path / "data"
    export = tmp_path / "journal.json"
    for args in (
        ["--help"],
        ["check-content"],
        ["export", "-o", str(export)],
        ["export", "--format", "html"],
        ["export", "--format", "md"],
        ["import", str(export)],
        ["erase", "--yes"],
        ["serve", "--help"],
    ):
        result = run_cli(*args, data_dir=None if args[0] in ("--help", "check-content") else data, env=env)
        assert result.returncode == 0, (args, result.stderr)
    assert attempts(log) == []


@pytest.mark.browser
def test_every_workbook_stays_on_this_computer(audit, browser, tmp_path: Path) -> None:
    env, log = audit
    server = Server.start(tmp_path / "data", env=env)
    outside: list[str] = []
    try:
        context = browser.new_context()
        context.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None)
                and urlparse(r.url).scheme not in ("data", "blob")
                else None
            ),
        )
        for name in WORKBOOKS:
            page = context.new_page()
            page.goto(server.workbook_url(name))
            page.wait_for_selector(".sbs-help", timeout=90_000)
            page.wait_for_load_state("networkidle", timeout=90_000)
            page.close(run_before_unload=True)
        context.close()
    finally:
        server.stop()
    assert outside == [], "the page asked another host for something"
    assert attempts(log) == []
