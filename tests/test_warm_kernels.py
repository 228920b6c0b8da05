"""A warm kernel on a Jupyter server (Binder, each JupyterHub trainee): ready at start, given to the first page.

A real ``jupyter server`` runs with Binder's own config files (``binder/``, the ones
``scripts/hub-env`` gives every trainee on a hub), so what is tested is what runs there.
A probe notebook prints the kernel's folder and the page's query string, so the test
sees that a warm kernel serves the page as a fresh one would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import REPO, free_port, wait_until

TOKEN = "warm-kernel-test-token-0123456789abcdef"
CULL_AFTER = 8  # seconds idle before the culler stops a page's kernel
CONFIG_DATA = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
PROBE = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "probe",
            "metadata": {},
            "outputs": [],
            "source": ["import os\n", "print('PROBE', os.getcwd(), os.environ.get('QUERY_STRING'))"],
        }
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


class JupyterServer:
    def __init__(self, root: Path, config: Path, data: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = root.parent / "server.log"
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "SBS_TRAINING_DATA_DIR": str(data)}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "jupyter-server"),
                "--no-browser",
                "--allow-root",
                f"--port={self.port}",
                f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={root}",
                "--KernelManager.transport=ipc",
                f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER}",
                "--MappingKernelManager.cull_interval=1",
            ],
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    def get(self, path: str, method: str = "GET") -> bytes:
        request = urllib.request.Request(self.url + path, method=method, headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.read()

    def kernels(self) -> list[dict]:
        return json.loads(self.get("/api/kernels"))

    def warm_kernel_ready(self) -> str | None:
        """The id of the warm kernel once it is started and warmed (the server says so in its log)."""
        ready = set(re.findall(r"Warm kernel ready: (\S+)", self.log.read_text(errors="replace")))
        try:
            listed = {k["id"] for k in self.kernels()}
        except OSError:
            return None  # not listening yet
        return next(iter(ready & listed), None) if len(listed) == 1 else None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("warm")
    root, config, data = base / "root", base / "config", base / "data"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "probe.ipynb").write_text(json.dumps(PROBE))
    config.mkdir()
    for name in ("jupyter_config.json", "jupyter_server_config.py"):
        shutil.copy(REPO / "binder" / name, config / name)
    running = JupyterServer(root, config, data)
    try:
        yield running
    finally:
        running.stop()


def test_a_page_opens_on_the_kernel_warmed_at_start_in_its_own_folder(server) -> None:
    warm = wait_until(server.warm_kernel_ready, "the warm kernel is ready", timeout=120)
    page = server.get("/voila/render/sub/probe.ipynb?cohort=spring").decode()
    assert json.loads(CONFIG_DATA.search(page).group(1))["kernelId"] == warm
    # The page's folder and its query string reached the kernel before its cells ran.
    assert re.search(r"PROBE \S*/root/sub cohort=spring", page), page[-2000:]
    # While the page holds a kernel, no second one starts: a trainee's memory budget is one kernel.
    assert [k["id"] for k in server.kernels()] == [warm]


def test_when_the_page_kernel_is_culled_a_new_warm_one_waits_and_is_not_culled(server) -> None:
    page_kernel = server.kernels()[0]["id"]
    new_warm = wait_until(
        lambda: (k := server.warm_kernel_ready()) != page_kernel and k, "a new warm kernel is ready", timeout=120
    )
    assert page_kernel not in {k["id"] for k in server.kernels()}
    time.sleep(CULL_AFTER + 4)  # idle for longer than the culler allows a page's kernel
    assert [k["id"] for k in server.kernels()] == [new_warm]


def test_a_kernel_asked_for_outside_voila_is_a_fresh_one(server) -> None:
    warm = wait_until(server.warm_kernel_ready, "the warm kernel is ready", timeout=120)
    started = json.loads(server.get("/api/kernels", method="POST"))["id"]
    try:
        assert started != warm
        assert warm in {k["id"] for k in server.kernels()}
    finally:
        server.get(f"/api/kernels/{started}", method="DELETE")
