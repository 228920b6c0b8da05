"""Nothing leaves this computer: every CLI verb, watched for outbound connections.

Every Python process runs with an audit hook (tests/network_audit) that records
any attempt to resolve or reach a host other than loopback. Every workbook is
watched the same way, the browser's requests too, in tests/test_page_sweep.py
(each page's one load) and tests/test_kernel_hygiene.py (the warm kernels).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_cli

AUDIT = Path(__file__).resolve().parent / "network_audit"


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
