"""A room of thirty on a real JupyterHub: how a cohort's "open workbook 03 now" goes on one machine.

    sudo .venv/bin/python benchmarks/hub_room.py                 # 30 trainees, workbook 03, then the culler
    sudo .venv/bin/python benchmarks/hub_room.py --users 10 --workbook 05-group-agreements-and-challenging-behaviour

It starts JupyterHub exactly as tests/test_hub.py does (docs/jupyterhub_config.py,
real system users, LocalProcessSpawner, kernels over IPC), starts every trainee's
server as their login would, and puts the workbooks in each home as the trainer's
nbgitpuller link would (a git clone as that user). Then:

1. **The room.** Every trainee opens the workbook at a random moment within a
   30-second window. Each visit does over the wire what a page does: GET the page
   (Voila runs the cells while it streams), then the kernel websocket's
   ``kernel_info_request`` and ``comm_info_request`` for ``jupyter.widget``, whose
   reply is when the page's first widget can draw ("time to first widget").
   Memory is sampled per trainee (their server plus kernels, by user id).
2. **Start-up.** One trainee opens each workbook, and a bare one-widget notebook,
   three times each, one after another on a quiet hub: the median time from the
   GET (which starts the kernel) to the first widget.
3. **The culler.** Pages closed, nobody active: jupyterhub-idle-culler, the same
   package the hub runs as a service, is run once more with a short timeout (the
   hub's own is the deployed hour), and then we count the servers and kernels left.

Needs root (it creates and removes system users) and the trainees' environment
built by ``scripts/hub-env``. Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pwd
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from websockets.asyncio.client import connect

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from hub_support import Hub, as_user, home, processes_of, running_hub  # noqa: E402

CONFIG_DATA = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
BARE = "bare-widget"
BARE_NOTEBOOK = json.dumps(
    {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare",
                "metadata": {},
                "outputs": [],
                "source": ["import ipywidgets\n", 'ipywidgets.Text(description="A bare widget")'],
            }
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
)


@dataclass
class Visit:
    ok: bool = False
    seconds: float = 0.0
    reason: str = ""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


class PerUserMemory:
    """Peak resident memory per system user (their server and kernels), sampled in a thread."""

    def __init__(self, users: list[str], interval: float = 0.5) -> None:
        self.uids = {pwd.getpwnam(u).pw_uid: u for u in users}
        self.peak = dict.fromkeys(users, 0)
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            now = dict.fromkeys(self.peak, 0)
            for process in psutil.process_iter(["uids", "memory_info"]):
                try:
                    user = self.uids.get(process.info["uids"].real)
                    if user:
                        now[user] += process.info["memory_info"].rss
                except (psutil.NoSuchProcess, TypeError, AttributeError):
                    continue
            for user, rss in now.items():
                self.peak[user] = max(self.peak[user], rss)

    def __enter__(self) -> PerUserMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


async def ask(ws, msg_type: str, session: str, content: dict) -> dict:
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": msg_type, "session": session, "username": "room", "version": "5.3"}
    await ws.send(
        json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"})
    )
    reply = msg_type.replace("_request", "_reply")
    while True:
        raw = await ws.recv()
        if isinstance(raw, bytes):
            continue
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == reply:
            return msg["content"]


async def visit(client: AsyncHTTPClient, hub: Hub, user: str, path: str, timeout: float, keep: list) -> Visit:
    """One trainee opening one page: GET, then the widget manager's first questions on the kernel websocket."""
    result, stage, start = Visit(), "page", time.perf_counter()
    auth = {"Authorization": f"token {hub.token}"}
    base = f"{hub.url}/user/{user}"
    try:
        async with asyncio.timeout(timeout + 10):
            chunks: list[bytes] = []
            request = HTTPRequest(
                f"{base}/voila/render/{path}",
                headers=auth,
                streaming_callback=chunks.append,
                request_timeout=timeout,
                connect_timeout=timeout,
            )
            try:
                code = (await client.fetch(request, raise_error=False)).code
            except HTTPClientError as exc:
                code = exc.code
            page = b"".join(chunks).decode("utf-8", "replace")
            found = CONFIG_DATA.search(page)
            kernel_id = (json.loads(found.group(1)).get("kernelId") or "") if found else ""
            if code != 200 or not kernel_id:
                raise RuntimeError(f"HTTP {code}, kernel {kernel_id or 'none'}")
            keep.append((user, kernel_id))
            stage = "websocket"
            session = uuid.uuid4().hex
            ws_url = f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?session_id={session}"
            async with connect(ws_url, additional_headers=auth, open_timeout=timeout, max_size=None) as ws:
                await ask(ws, "kernel_info_request", session, {})
                stage = "comm_info"
                comms = await ask(ws, "comm_info_request", session, {"target_name": "jupyter.widget"})
                if not comms.get("comms"):
                    raise RuntimeError("no widgets in the kernel")
            result.seconds = time.perf_counter() - start
    except TimeoutError:
        result.reason = f"{stage}: no answer in {timeout + 10:.0f} s"
    except Exception as exc:  # every failure is a reason in the report
        result.reason = f"{stage}: {type(exc).__name__}: {str(exc)[:120]}"
    result.ok = not result.reason
    return result


async def close_pages(client: AsyncHTTPClient, hub: Hub, kernels: list[tuple[str, str]]) -> None:
    for user, kernel_id in kernels:
        await client.fetch(
            HTTPRequest(
                f"{hub.url}/user/{user}/api/kernels/{kernel_id}",
                method="DELETE",
                headers={"Authorization": f"token {hub.token}"},
                request_timeout=60,
            ),
            raise_error=False,
        )
    kernels.clear()


async def the_room(hub: Hub, users: list[str], path: str, window: float, timeout: float) -> tuple[list[Visit], list]:
    client = AsyncHTTPClient(max_clients=len(users) + 5)
    kernels: list[tuple[str, str]] = []

    async def one(user: str) -> Visit:
        await asyncio.sleep(random.uniform(0, window))
        return await visit(client, hub, user, path, timeout, kernels)

    visits = await asyncio.gather(*(one(u) for u in users))
    return visits, kernels


async def kernels_of(client: AsyncHTTPClient, hub: Hub, user: str) -> list[dict]:
    reply = await client.fetch(
        HTTPRequest(f"{hub.url}/user/{user}/api/kernels", headers={"Authorization": f"token {hub.token}"}),
        raise_error=False,
    )
    return json.loads(reply.body or b"[]") if reply.code == 200 else []


async def wait_for_warm(client: AsyncHTTPClient, hub: Hub, user: str, timeout: float = 120) -> None:
    """Until the trainee's server holds one idle kernel and no page: the warm kernel is ready."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        kernels = await kernels_of(client, hub, user)
        if len(kernels) == 1 and kernels[0]["execution_state"] == "idle":
            await asyncio.sleep(2)  # its warm-up code runs silently after it reports idle once
            return
        await asyncio.sleep(0.5)


async def startup(hub: Hub, user: str, paths: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    """Per page: (warm, cold). Warm: the first page after the warm kernel is ready, as after login.
    Cold: a second page opened while the first is still open, so a kernel starts for it then."""
    client = AsyncHTTPClient()
    figures: dict[str, tuple[float, float]] = {}
    for name, path in paths.items():
        warm, cold = [], []
        for _ in range(runs):
            kernels: list = []
            await wait_for_warm(client, hub, user)
            for seconds in (warm, cold):
                v = await visit(client, hub, user, path, 180, kernels)
                if v.ok:
                    seconds.append(v.seconds)
                else:
                    print(f"  {name}: {v.reason}")
            await close_pages(client, hub, kernels)
        figures[name] = (
            statistics.median(warm) if warm else float("nan"),
            statistics.median(cold) if cold else float("nan"),
        )
    return figures


def cull(hub: Hub, users: list[str], timeout: int) -> float:
    """Run jupyterhub-idle-culler against the hub until every server is gone (or 5 timeouts pass)."""
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": hub.token, "JUPYTERHUB_API_URL": f"{hub.url}/hub/api"}
    culler = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}", "--cull-every=10"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < timeout * 5 and any(hub.servers(u) for u in users):
            time.sleep(5)
        time.sleep(5)  # stopped servers shut their kernels down on the way out
    finally:
        culler.terminate()
        culler.wait(timeout=30)
    return time.perf_counter() - start


def start_servers(hub: Hub, users: list[str]) -> float:
    """Each trainee logs in: the hub spawns their server. Returns the seconds until all are ready."""
    start = time.perf_counter()
    for user in users:
        hub.api("POST", f"/users/{user}/server")
    for user in users:
        hub.wait_ready(user, timeout=600)
    return time.perf_counter() - start


def pull_workbooks(hub: Hub, users: list[str]) -> None:
    """What the nbgitpuller link's first click does: a clone into the trainee's home, as the trainee."""
    for user in users:
        done = as_user(user, "git", "clone", "-q", hub.repo_url, str(home(user) / "sbs-training"))
        if done.returncode != 0:
            raise SystemExit(f"could not pull the workbooks for {user}: {done.stderr.strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--workbook", default="03-drama-triangle-and-empowerment-dynamic")
    parser.add_argument("--window", type=float, default=30.0, help="seconds over which the trainees open the page")
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--cull-timeout", type=int, default=60, help="the idle culler's timeout for the last phase")
    parser.add_argument("--startup-runs", type=int, default=3)
    args = parser.parse_args()

    users = [f"sbsroom-{n:02d}" for n in range(1, args.users + 1)]
    workbooks = sorted(p.stem for p in (REPO / "workbooks").glob("*.ipynb"))
    print(f"sbs-training on JupyterHub: {args.users} trainees, {time.strftime('%Y-%m-%d')}, 2-core machine")
    with (
        tempfile.TemporaryDirectory(prefix="sbs-room-") as tmp,
        running_hub(Path(tmp), users, cull_timeout=3600, extra_files={f"{BARE}.ipynb": BARE_NOTEBOOK}) as hub,
    ):
        pull_workbooks(hub, users)
        spawn = start_servers(hub, users)
        print(f"servers started (as at login): {len(users)} in {spawn:.1f} s")

        with PerUserMemory(users) as memory:
            visits, kernels = asyncio.run(
                the_room(hub, users, f"sbs-training/workbooks/{args.workbook}.ipynb", args.window, args.timeout)
            )
            time.sleep(2)
        done = [v.seconds for v in visits if v.ok]
        print(f"room: {len(done)}/{len(visits)} pages reached their first widget, opened within {args.window:.0f} s")
        print(f"  time to first widget: p50 {percentile(done, 50):.1f} s, p95 {percentile(done, 95):.1f} s")
        for reason in sorted({v.reason for v in visits if not v.ok}):
            print(f"  failed: {reason}")
        peaks = sorted(p / 2**20 for p in memory.peak.values())
        print(f"  peak memory per trainee (server + kernels): median {statistics.median(peaks):.0f} MB, "
              f"max {peaks[-1]:.0f} MB; all trainees {sum(peaks) / 1024:.2f} GB")  # fmt: skip
        asyncio.run(close_pages(AsyncHTTPClient(), hub, kernels))

        paths = {name: f"sbs-training/workbooks/{name}.ipynb" for name in workbooks}
        paths[BARE] = f"sbs-training/{BARE}.ipynb"
        figures = asyncio.run(startup(hub, users[0], paths, args.startup_runs))
        bare_warm, bare_cold = figures.pop(BARE)
        print(f"start-up, to first widget (median of {args.startup_runs}, one trainee, quiet hub):")
        print(f"  {'page':48s} {'warm kernel':>17s} {'kernel started then':>22s}")
        print(f"  {'bare one-widget notebook':48s} {bare_warm:6.2f} s {'':9s} {bare_cold:6.2f} s")
        for name, (warm, cold) in figures.items():
            print(f"  {name:48s} {warm:6.2f} s ({warm / bare_warm:4.2f}x) {cold:6.2f} s ({cold / bare_cold:4.2f}x)")

        culled = cull(hub, users, args.cull_timeout)
        servers_left = sum(1 for u in users if hub.servers(u))
        kernels_left = sum(1 for u in users for line in processes_of(u) if "ipykernel_launcher" in line)
        print(f"culler (timeout {args.cull_timeout} s): all idle servers stopped in {culled:.0f} s; "
              f"{servers_left} servers and {kernels_left} kernels left")  # fmt: skip
    return 0 if len(done) == len(visits) else 1


if __name__ == "__main__":
    sys.exit(main())
