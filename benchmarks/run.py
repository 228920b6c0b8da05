"""Print the project's speed and size figures in one run on this machine.

    .venv/bin/python benchmarks/run.py            # all 17 workbooks (trainer ones too), 3 page loads each
    .venv/bin/python benchmarks/run.py --runs 5 --workbooks 00-welcome

Each figure stands next to a baseline, so the number means something:
- per workbook, time to first widget in a fresh headless Chromium profile
  (cold cache) under ``sbs-training serve`` (warm kernels), next to plain
  ``voila`` on a bare one-widget notebook loaded just before each workbook load
  (so a busy machine slows both alike); medians of the runs;
- per workbook, memory (RSS) of the kernel serving the page after it
  rendered, next to the bare notebook's ipywidgets kernel;
- journal save latency (p50/p99) with 10,000 reflections already saved;
- ``sbs-training --help`` wall time.

Speed is measured here, never asserted in a timed test. See benchmarks/load.py
for many visitors at once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
if TYPE_CHECKING:
    from sbs_training.store.journal import Journal

sys.path.insert(0, str(REPO / "tests"))

from support import CHROMIUM, CHROMIUM_ARGS, Server, free_port  # noqa: E402

BARE_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "import ipywidgets\nipywidgets.IntSlider(description='Bare')",
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def kernel_processes(server_pid: int) -> list:
    import psutil

    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "ipykernel_launcher" in " ".join(c.cmdline())]


def kernel_rss_mb(server_pid: int, kernel_id: str) -> float:
    """RSS of the kernel whose connection file names this kernel id."""
    for process in kernel_processes(server_pid):
        if kernel_id in " ".join(process.cmdline()):
            return process.memory_info().rss / 2**20
    return float("nan")


def visit(browser, url: str, selector: str) -> tuple[float, str, object, object]:
    """Time from navigation to the first widget on screen, in a cold browser profile.

    Returns the time, the page's kernel id, and the context and page (still open, for memory readings).
    """
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="visible", timeout=120_000)
    elapsed = time.perf_counter() - start
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    return elapsed, kernel_id, context, page


def wait_until_warm(server_pid: int, pool: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(kernel_processes(server_pid)) < pool and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # a warm kernel runs its first cells before it waits for a visitor


class BareVoila:
    """Plain ``voila`` on a bare one-widget notebook: the baseline every workbook is compared with."""

    def __init__(self, tmp: Path) -> None:
        folder = tmp / "bare"
        folder.mkdir()
        (folder / "bare.ipynb").write_text(json.dumps(BARE_NOTEBOOK))
        port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "voila"),
                str(folder),
                f"--port={port}",
                "--no-browser",
                "--Voila.ip=127.0.0.1",
                # Plain Voila leaves a closed page's kernel running (voila issue 1458): tidy them up.
                "--MappingKernelManager.cull_idle_timeout=60",
                "--MappingKernelManager.cull_interval=30",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/voila/static/voila.js", timeout=1)
                break
            except OSError:
                time.sleep(0.2)

    def visit(self, browser) -> tuple[float, float]:
        elapsed, kernel_id, context, page = visit(browser, f"{self.url}/voila/render/bare.ipynb", ".widget-slider")
        page.wait_for_timeout(1000)
        memory = kernel_rss_mb(self.process.pid, kernel_id)
        context.close()
        return elapsed, memory

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def measure(browser, names: list[str], runs: int, tmp: Path) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Each workbook page load right after a bare one, so each ratio compares loads made under the same load.

    On a machine shared with other work the figures move from minute to minute; a
    workbook's ratio is the median of its loads over the median of the bare loads
    made beside them.
    """
    bare = BareVoila(tmp)
    server = Server.start(tmp / "data")
    pool = len(WORKBOOKS)  # serve keeps one warm kernel for every workbook, trainer workbooks too
    results: dict[str, dict[str, float]] = {}
    all_bare_times, all_bare_memory = [], []
    try:
        for name in names:
            times, memory, bare_times = [], [], []
            for _ in range(runs):
                elapsed, mb = bare.visit(browser)
                bare_times.append(elapsed)
                all_bare_memory.append(mb)
                wait_until_warm(server.process.pid, pool)
                elapsed, kernel_id, context, page = visit(browser, server.workbook_url(name), ".sbs-widget")
                page.wait_for_timeout(1500)  # let the rest of the page's widgets render
                times.append(elapsed)
                memory.append(kernel_rss_mb(server.process.pid, kernel_id))
                page.close(run_before_unload=True)
                context.close()
            all_bare_times += bare_times
            results[name] = {
                "ttfw": statistics.median(times),
                "bare": statistics.median(bare_times),
                "mb": statistics.median(memory),
            }
    finally:
        server.stop()
        bare.stop()
    return {"ttfw": statistics.median(all_bare_times), "mb": statistics.median(all_bare_memory)}, results


def fill(journal: Journal, entries: int) -> None:
    """Fill a journal with ``entries`` reflections of about 400 characters, in one transaction."""
    from sbs_training.store.journal import now

    stamp = now()
    with journal.transaction() as db:
        db.executemany(
            "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
            " VALUES (?, ?, ?, ?, ?, 1, 'fill', '')",
            [(f"wb-{n % 8}", f"prompt-{n}", f"Reflection number {n}. " * 20, stamp, stamp) for n in range(entries)],
        )
    assert journal.counts()["reflections"] == entries


def measure_journal(entries: int = 10_000, saves: int = 500) -> dict[str, float]:
    from sbs_training.store.journal import Journal

    with tempfile.TemporaryDirectory() as tmp, Journal(Path(tmp)) as journal:
        fill(journal, entries)
        latencies = []
        text = ""
        for n in range(saves):
            text += "word "
            start = time.perf_counter()
            journal.save_reflection("wb-0", f"prompt-{n % 50}", text, editor="bench")
            latencies.append((time.perf_counter() - start) * 1000)
    return {"save_p50_ms": percentile(latencies, 50), "save_p99_ms": percentile(latencies, 99)}


def measure_help(runs: int = 5) -> float:
    exe = Path(sys.executable).parent / "sbs-training"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per workbook (default 3)")
    parser.add_argument("--workbooks", nargs="*", default=WORKBOOKS, metavar="NAME", help="default: every workbook")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    journal = measure_journal()
    help_time = measure_help()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bare, pages = measure(browser, args.workbooks, args.runs, Path(tmp))
        browser.close()

    print(f"sbs-training benchmark, {time.strftime('%Y-%m-%d')}: median of {args.runs} page loads, cold browser cache")
    print(
        f"baseline: plain voila on a bare one-widget notebook: first widget {bare['ttfw']:.2f} s, "
        f"kernel {bare['mb']:.1f} MB"
    )
    print(f"{'workbook':48} {'first widget s':>14} {'bare s':>7} {'ratio':>6} {'kernel MB':>10} {'ratio':>6}")
    for name, figures in pages.items():
        print(
            f"{name:48} {figures['ttfw']:14.2f} {figures['bare']:7.2f} {figures['ttfw'] / figures['bare']:6.2f} "
            f"{figures['mb']:10.1f} {figures['mb'] / bare['mb']:6.2f}"
        )
    print(f"journal save with 10,000 entries: p50 {journal['save_p50_ms']:.2f} ms, p99 {journal['save_p99_ms']:.2f} ms")
    print(f"sbs-training --help: {help_time:.3f} s")


if __name__ == "__main__":
    main()
