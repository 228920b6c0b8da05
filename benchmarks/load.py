"""Load a single ``sbs-training serve`` with many concurrent visits to each workbook.

    .venv/bin/python benchmarks/load.py                                   # 30 visits to every workbook
    .venv/bin/python benchmarks/load.py --concurrency 5 --workbooks 00-welcome

A trainer runs one server for a whole cohort, so what matters is whether thirty
people opening the same workbook at once all get a working page, how long they
wait, how much memory the server needs, and whether closed pages give their
kernels back. Thirty browsers would measure the browsers; instead each visit
does what a page does over the wire, minus drawing it:

0. ``GET /voila/render/<name>.ipynb?token=...`` as the link ``serve`` prints: the
   server answers with its cookie and a page that moves on without the token;
1. ``GET /voila/render/<name>.ipynb`` with that cookie, streaming the whole body (Voila runs the
   cells while it streams), keeping the cookies it sets (``_xsrf`` included);
2. ``GET /api/kernels/<id>`` as the page's widget manager does;
3. the kernel websocket: ``kernel_info_request``, then ``comm_info_request`` for
   ``jupyter.widget`` (the widget manager's first question; its reply lists the
   widgets the kernel holds, and every widget view in the page must be among them);
4. the ``beforeunload`` beacon: ``POST /voila/api/shutdown/<id>`` with ``_xsrf``.

A visit's time runs from the GET to the ``comm_info_reply``. A visit fails on
any error, a cell error in the page, a widget view with no comm in the kernel,
fewer widget views than the fullest page of the same workbook (an output lost
on the way), or a shutdown not answered 204. The run exits non-zero if any visit
failed, if more kernels than the preheat pool + 1 outlive a batch, or if the
server stops answering at all (then it stops early rather than wait on it).
Every request goes to 127.0.0.1. Speed is measured here, never asserted in a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from websockets.asyncio.client import ClientConnection, connect

REPO = Path(__file__).resolve().parent.parent
WORKBOOKS = REPO / "workbooks"
sys.path.insert(0, str(REPO / "tests"))

from support import Server  # noqa: E402

CONFIG_DATA = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
CELL_ERROR = "There was an error when executing cell"
# Printed for every kernel and every render, whatever the load: not findings.
ROUTINE_WARNINGS = ("is not trusted", "Kernel is running over TCP without encryption")
VIEW_MODEL = re.compile(r'"model_id": *"([0-9a-f]+)"')


@dataclass
class Visit:
    """One simulated page visit: how long it took and, if it failed, where and why."""

    ok: bool = False
    seconds: float = 0.0
    page_seconds: float = 0.0
    comms: int = 0
    views: int = 0
    reason: str = ""


@dataclass
class Batch:
    """The figures for one workbook's burst of concurrent visits."""

    name: str
    visits: list[Visit] = field(default_factory=list)
    peak_mb: float = 0.0
    kernels_left: int = 0
    wall: float = 0.0
    stall: float = 0.0
    hung: str = ""
    solo: Visit = field(default_factory=Visit)


def discover_workbooks() -> list[str]:
    """Every workbook the server serves, as render names (``trainer/...`` included), so new ones are loaded too."""
    return sorted(
        str(p.relative_to(WORKBOOKS).with_suffix(""))
        for p in WORKBOOKS.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, the same rule as benchmarks/run.py."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class MemorySampler:
    """Samples RSS of the server and all its descendants in a thread, so a busy event loop can't skip samples."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self._peak = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        """Bytes of RSS now, summed over the server and every process under it."""
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            rss = self.sample()
            with self._lock:
                self._peak = max(self._peak, rss)

    def start(self) -> None:
        self._thread.start()

    def take_peak_mb(self) -> float:
        """The peak since the last call, in MB, and start a new window."""
        rss = self.sample()
        with self._lock:
            peak, self._peak = max(self._peak, rss), 0
        return peak / 2**20

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def cookies_from(headers: list[str]) -> dict[str, str]:
    """Name and raw value of each Set-Cookie header, sent back verbatim as a browser does."""
    jar = {}
    for header in headers:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return jar


def message(msg_type: str, session: str, content: dict) -> tuple[str, str]:
    """A Jupyter shell message in the websocket JSON format, and its id."""
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": msg_type,
        "session": session,
        "username": "load",
        "version": "5.3",
        "date": datetime.now(UTC).isoformat(),
    }
    body = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
    return json.dumps(body), msg_id


async def ask(ws: ClientConnection, msg_type: str, session: str, content: dict) -> dict:
    """Send one shell request and return the content of its reply, skipping iopub chatter."""
    text, msg_id = message(msg_type, session, content)
    await ws.send(text)
    reply_type = msg_type.replace("_request", "_reply")
    while True:
        raw = await ws.recv()
        if isinstance(raw, bytes):
            continue  # binary frames carry buffers (e.g. widget state), never the reply we wait for
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == reply_type:
            return msg["content"]


async def enter(client: AsyncHTTPClient, base: str, name: str, token: str, timeout: float) -> dict[str, str]:
    """Open the token link as a fresh browser would; return the cookie the server sets."""
    headers: list[str] = []
    request = HTTPRequest(
        f"{base}/voila/render/{name}.ipynb?token={token}", header_callback=headers.append, request_timeout=timeout
    )
    response = await client.fetch(request, raise_error=False)
    jar = cookies_from([h.split(":", 1)[1] for h in headers if h.lower().startswith("set-cookie:")])
    if response.code != 200 or not jar:
        raise RuntimeError(f"HTTP {response.code}{'' if jar else ', no cookie'} for the token link")
    return jar


async def visit(client: AsyncHTTPClient, base: str, name: str, timeout: float, token: str = "") -> Visit:
    """What a browser tab does for a workbook, over HTTP and the kernel websocket; never raises."""
    result = Visit()
    stage = "page"
    start = time.perf_counter()
    kernel_id = ""
    jar: dict[str, str] = {}
    try:
        # Each request times itself out first (a clean 599); this outer bound catches the websocket steps.
        async with asyncio.timeout(timeout + 10):
            stage = "token link"
            entry = await enter(client, base, name, token, timeout)
            stage = "page"
            chunks: list[bytes] = []
            headers: list[str] = []
            request = HTTPRequest(
                f"{base}/voila/render/{name}.ipynb",
                streaming_callback=chunks.append,
                header_callback=headers.append,
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in entry.items())},
                request_timeout=timeout,
                connect_timeout=timeout,
            )
            try:
                code, error = (await client.fetch(request, raise_error=False)).code, ""
            except HTTPClientError as exc:  # tornado raises a timeout (599) whatever raise_error says
                code, error = exc.code, str(exc)
            page = b"".join(chunks).decode("utf-8", "replace")
            jar = entry | cookies_from([h.split(":", 1)[1] for h in headers if h.lower().startswith("set-cookie:")])
            found = CONFIG_DATA.search(page)  # near the top: there even in a page that never finished
            kernel_id = (json.loads(found.group(1)).get("kernelId") or "") if found else ""
            if code != 200:
                raise RuntimeError(f"HTTP {code}" + (f", {error}, after {len(page)} bytes" if error else ""))
            result.page_seconds = time.perf_counter() - start
            if not kernel_id:
                raise RuntimeError("no kernelId in the page")
            result.views = len(set(VIEW_MODEL.findall(page)))
            if CELL_ERROR in page:
                raise RuntimeError("a cell failed while rendering")
            if "_xsrf" not in jar:
                raise RuntimeError("no _xsrf cookie set, so the page's shutdown beacon would be refused")
            cookie = "; ".join(f"{k}={v}" for k, v in jar.items())

            stage = "kernel model"
            response = await client.fetch(
                HTTPRequest(f"{base}/api/kernels/{kernel_id}", headers={"Cookie": cookie}, request_timeout=timeout),
                raise_error=False,
            )
            if response.code != 200:
                raise RuntimeError(f"HTTP {response.code}")

            stage = "websocket"
            session = uuid.uuid4().hex
            ws_url = f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?session_id={session}"
            async with connect(
                ws_url, additional_headers={"Cookie": cookie}, open_timeout=timeout, max_size=None, ping_interval=None
            ) as ws:
                stage = "kernel_info"
                info = await ask(ws, "kernel_info_request", session, {})
                if info.get("status", "ok") != "ok":
                    raise RuntimeError(f"status {info.get('status')}")
                stage = "comm_info"
                comms = await ask(ws, "comm_info_request", session, {"target_name": "jupyter.widget"})
                if comms.get("status", "ok") != "ok":
                    raise RuntimeError(f"status {comms.get('status')}")
                result.seconds = time.perf_counter() - start
                result.comms = len(comms.get("comms", {}))
                missing = set(VIEW_MODEL.findall(page)) - set(comms.get("comms", {}))
                if missing:
                    raise RuntimeError(f"{len(missing)} widget view(s) in the page have no comm in the kernel")
    except TimeoutError:
        result.reason = f"{stage}: no answer in {timeout + 10:.0f}s"
    except Exception as exc:  # every failure becomes a reason in the report
        result.reason = f"{stage}: {type(exc).__name__}: {str(exc)[:120]}"

    if kernel_id:  # close the tab, even after a failure, so the next batch starts clean
        try:
            response = await client.fetch(
                HTTPRequest(
                    f"{base}/voila/api/shutdown/{kernel_id}",
                    method="POST",
                    body=urlencode({"_xsrf": jar.get("_xsrf", "")}),
                    headers={
                        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                    request_timeout=timeout,
                ),
                raise_error=False,
            )
            if response.code != 204 and not result.reason:
                result.reason = f"shutdown: HTTP {response.code}"
        except Exception as exc:
            result.reason = result.reason or f"shutdown: {type(exc).__name__}: {str(exc)[:120]}"
    result.ok = not result.reason
    return result


def settle(server: Server, target: int, timeout: float) -> int:
    """Wait until exactly the pool's kernels are alive (closed ones gone, the pool refilled) and the server
    has gone quiet, or ``timeout``; return the count."""
    time.sleep(1.5)  # Voila starts refilling the pool 1 s after a kernel is taken from it
    deadline = time.monotonic() + timeout
    count = len(server.kernel_processes())
    while time.monotonic() < deadline:
        count = len(server.kernel_processes())
        if count == target and cpu_quiet(server.process.pid):
            break
        time.sleep(0.5)
    return count


def cpu_quiet(pid: int, window: float = 0.5, threshold: float = 15.0) -> bool:
    """True when the server and its kernels together use under ``threshold`` % of one core."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return True
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.cpu_percent(None)
    time.sleep(window)
    total = 0.0
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.cpu_percent(None)
    return total < threshold


def wait_for_pool(server: Server, timeout: float = 120) -> int:
    """The preheated kernels once the count has stopped changing and they have run their cells."""
    deadline = time.monotonic() + timeout
    last, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(server.kernel_processes())
        if count != last:
            last, stable_since = count, time.monotonic()
        elif time.monotonic() - stable_since > 3 and cpu_quiet(server.process.pid):
            break
        time.sleep(0.5)
    return last


class Watchdog:
    """Fetches a small static file every few seconds while a batch runs.

    The slowest answer is how long the server kept everyone else waiting (its one
    event loop also serves every other page); no answer within ``limit`` seconds
    means it is stuck, and the batch ends instead of waiting on it.
    """

    def __init__(self, base: str, limit: float, every: float = 2) -> None:
        self.url = f"{base}/voila/static/voila.js"
        self.limit = limit
        self.every = every
        self.longest = 0.0
        self.hung = ""
        self._stop = asyncio.Event()

    async def run(self) -> None:
        client = AsyncHTTPClient(force_instance=True)
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    code, error = (await client.fetch(self.url, request_timeout=self.limit, raise_error=False)).code, ""
                except Exception as exc:  # a timeout raises
                    code, error = 0, str(exc)
                self.longest = max(self.longest, time.monotonic() - started)
                if code != 200:
                    self.hung = f"server stopped answering (GET /voila/static/voila.js: {code or error})"
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.every)
        finally:
            client.close()

    def stop(self) -> None:
        self._stop.set()


def check_views(visits: list[Visit], expected: int) -> None:
    """Fail visits whose page shows fewer widgets than a lone visit's page or the fullest one (lost outputs)."""
    most = max([expected, *(v.views for v in visits if v.ok)])
    for v in visits:
        if v.ok and v.views < most:
            v.ok, v.reason = False, f"page: {v.views} of {most} widget views (an output went missing)"


async def run_batch(
    base: str,
    name: str,
    concurrency: int,
    timeout: float,
    hang_limit: float,
    expected_views: int = 0,
    token: str = "",
) -> tuple[list[Visit], Watchdog]:
    """All visits to one workbook at once, on one HTTP client sized so none waits for a connection slot."""
    AsyncHTTPClient.configure(None, max_clients=concurrency * 2)
    client = AsyncHTTPClient(force_instance=True)
    tasks = [asyncio.create_task(visit(client, base, name, timeout, token)) for _ in range(concurrency)]
    dog = Watchdog(base, hang_limit)
    guard = asyncio.create_task(dog.run())
    try:
        while not guard.done() and (pending := [t for t in tasks if not t.done()]):
            await asyncio.wait([*pending, guard], return_when=asyncio.FIRST_COMPLETED)
        dog.stop()
        for task in tasks:
            task.cancel()  # only if the server hung: the rest are done
        await asyncio.gather(*tasks, guard, return_exceptions=True)
        visits = [
            t.result() if not t.cancelled() and t.exception() is None else Visit(reason=dog.hung or "cancelled")
            for t in tasks
        ]
        check_views(visits, expected_views)
        return visits, dog
    finally:
        client.close()


def stop_server(server: Server) -> None:
    """Stop the server, then any kernel it left behind: kernels run in their own sessions, so a kill orphans them."""
    try:
        kernels = psutil.Process(server.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kernels = []
    server.stop()
    for process in kernels:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(kernels, timeout=10)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def summarise_log(lines: list[str]) -> Counter[str]:
    """Warnings, errors and exceptions in the server log, counted, minus the lines every render prints."""
    found: Counter[str] = Counter()
    for line in lines:
        if any(routine in line for routine in ROUTINE_WARNINGS):
            continue
        if re.search(r"\b(ERROR|WARNING|CRITICAL)\b|^\[[EWC] |^[\w.]+(Error|Exception): ", line):
            found[re.sub(r"\d{2,}", "N", line.strip())[:160]] += 1
    return found


def row(label: str, visits: list[Visit], alone: str, views: str, peak_mb: float, stall: float, kernels: int) -> str:
    """One line of the table; times and comms come from the visits that succeeded."""
    good = [v for v in visits if v.ok]
    times = [v.seconds for v in good]
    p50, p95 = (percentile(times, 50), percentile(times, 95)) if times else (float("nan"), float("nan"))
    comms = statistics.median([v.comms for v in good]) if good else 0
    return (
        f"{label:46} {len(good):>4}/{len(visits):<4} {alone:>7} {p50:7.2f} {p95:7.2f} {comms:6.0f} {views:>7} "
        f"{peak_mb:8.0f} {stall:7.1f} {kernels:8d}"
    )


def print_report(batches: list[Batch], concurrency: int, pool_size: int, pool_kernels: int, start_mb: float) -> None:
    print(
        f"sbs-training load ({time.strftime('%Y-%m-%d')}, {concurrency} concurrent visits per workbook, "
        f"one server, {psutil.cpu_count()} CPUs)"
    )
    header = (
        f"{'workbook':46} {'done':>9} {'alone s':>7} {'p50 s':>7} {'p95 s':>7} {'comms':>6} {'views':>7} "
        f"{'peak MB':>8} {'stall s':>7} {'kernels':>8}"
    )
    print(header)
    print("-" * len(header))
    for b in batches:
        paged = [v.views for v in b.visits if v.page_seconds]
        views = f"{min(paged)}/{b.solo.views}" if paged else f"-/{b.solo.views}"
        alone = f"{b.solo.seconds:.2f}" if b.solo.ok else "failed"
        print(row(b.name, b.visits, alone, views, b.peak_mb, b.stall, b.kernels_left))
        if b.hung:
            print(f"  ^ {b.hung}")
    print("-" * len(header))
    every = [v for b in batches for v in b.visits]
    peak, stall = max(b.peak_mb for b in batches), max(b.stall for b in batches)
    print(row("overall", every, "", "", peak, stall, batches[-1].kernels_left))
    print(
        "alone: one visit with nobody else on the server; p50/p95: GET to comm_info_reply under load;\n"
        "comms: jupyter.widget comms in the kernel (median); views: fewest widget views in a loaded page /\n"
        "in the lone page; peak MB: server + kernels RSS; stall: slowest answer to a 20 kB static file during\n"
        "the batch (one event loop serves every page); kernels: live kernel processes once the batch settled.\n"
        f"Preheat pool: --pool-size {pool_size}, {pool_kernels} kernel(s) and {start_mb:.0f} MB at start "
        f"(the floor 'kernels' returns to; at most that + 1 is expected). "
        f"Batches took {sum(b.wall for b in batches):.0f} s."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=30, help="visits per workbook, all at once (default 30)")
    parser.add_argument(
        "--workbooks", nargs="+", metavar="NAME", help="workbooks to load, e.g. 00-welcome trainer/02-activity-browser"
    )
    parser.add_argument("--pool-size", type=int, default=1, help="the server's --pool-size (default 1)")
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=200,
        help="the server's --max-kernels (default 200: room for every visit, so this measures load, not the cap)",
    )
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a request counts as failed")
    parser.add_argument("--settle", type=float, default=30, help="seconds to wait for kernels after each batch")
    parser.add_argument("--server-log", type=Path, metavar="FILE", help="keep a copy of the server's log here")
    parser.add_argument(
        "--hang-limit", type=float, default=60, help="stop once the server has not answered for this many seconds"
    )
    args = parser.parse_args()

    known = discover_workbooks()
    names = [n.removesuffix(".ipynb") for n in args.workbooks] if args.workbooks else known
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"no such workbook: {', '.join(unknown)} (known: {', '.join(known)})")
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")

    batches: list[Batch] = []
    with tempfile.TemporaryDirectory(prefix="sbs-load-") as tmp:
        server = Server.start(
            Path(tmp) / "data", "--pool-size", str(args.pool_size), "--max-kernels", str(args.max_kernels)
        )
        sampler = MemorySampler(server.process.pid)
        log_lines: list[str] = []
        try:
            pool_kernels = wait_for_pool(server)
            start_mb = sampler.sample() / 2**20
            sampler.start()
            for name in names:
                print(f"{name}: 1 visit alone, then {args.concurrency} at once ...", file=sys.stderr, flush=True)
                # The lone visit's page is the reference: a loaded page showing fewer widgets lost an output.
                (solo,), dog = asyncio.run(
                    run_batch(server.url, name, 1, args.timeout, args.hang_limit, token=server.token)
                )
                if not dog.hung:
                    settle(server, pool_kernels, args.settle)
                    sampler.take_peak_mb()
                    started = time.perf_counter()
                    visits, dog = asyncio.run(
                        run_batch(
                            server.url,
                            name,
                            args.concurrency,
                            args.timeout,
                            args.hang_limit,
                            solo.views,
                            token=server.token,
                        )
                    )
                    wall = time.perf_counter() - started
                    peak = sampler.take_peak_mb()
                    left = len(server.kernel_processes()) if dog.hung else settle(server, pool_kernels, args.settle)
                else:
                    visits, wall, peak, left = [], 0.0, 0.0, len(server.kernel_processes())
                batches.append(Batch(name, visits, peak, left, wall, dog.longest, dog.hung, solo))
                if dog.hung:
                    break  # every later visit would wait on the same stuck server
        finally:
            sampler.stop()
            # The log up to here; stopping adds one error per pool kernel, which is mid-cell waiting for a visit.
            log_lines = [
                line
                for path in (server.log, server.server_log)  # the terminal, and what serve keeps off it
                if path.exists()
                for line in path.read_text(errors="replace").splitlines()
            ]
            stop_server(server)
            if args.server_log and server.log.exists():
                args.server_log.write_text(server.log.read_text(errors="replace"))

    print_report(batches, args.concurrency, args.pool_size, pool_kernels, start_mb)
    skipped = names[len(batches) :]
    problems = summarise_log(log_lines)
    print(f"server log until stop: {len(log_lines)} lines; warnings, errors and exceptions beyond the routine ones:")
    for line, count in problems.most_common(12) or [("none", 0)]:
        print(f"  {count:3d} x {line}" if count else f"  {line}")
    failures = Counter(f"{b.name}: {v.reason}" for b in batches for v in b.visits if not v.ok)
    failures.update(f"{b.name} (lone visit): {b.solo.reason}" for b in batches if not b.solo.ok)
    leaks = [b for b in batches if b.kernels_left > pool_kernels + 1 and not b.hung]
    if failures:
        print(f"\n{sum(failures.values())} visit(s) failed:")
        for reason, count in failures.most_common():
            print(f"  {count:3d} x {reason}")
    for batch in leaks:
        print(f"{batch.name}: {batch.kernels_left} kernels left, more than the pool ({pool_kernels}) + 1")
    if skipped:
        print(f"not run, the server having stopped answering: {', '.join(skipped)}")
    return 1 if failures or leaks or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
