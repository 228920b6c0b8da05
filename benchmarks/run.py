"""Print the project's speed and size figures in one run on this machine.

    .venv/bin/python benchmarks/run.py            # everything
    .venv/bin/python benchmarks/run.py --quick    # fewer repetitions

Figures, each next to a baseline so the number means something:
- time to first widget for 00-welcome under ``sbs-training serve`` (preheated),
  next to plain ``voila`` on a bare one-widget notebook, both in a fresh
  headless Chromium profile (cold cache), median of N;
- memory of the kernel serving 00-welcome after it rendered, next to a bare
  ipywidgets kernel under plain voila;
- journal save latency (p50/p99) with 10,000 reflections already saved;
- ``sbs-training --help`` wall time.

Speed is measured here, never asserted in a timed test.
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

REPO = Path(__file__).resolve().parent.parent
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def kernel_rss_mb(pids: set[int]) -> float:
    import psutil

    return max(psutil.Process(pid).memory_info().rss for pid in pids) / 2**20


def kernels_of(process) -> set[int]:
    import psutil

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    return {c.pid for c in children if "ipykernel_launcher" in " ".join(c.cmdline())}


def first_widget(browser, url: str, selector: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="visible", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close(run_before_unload=True)
    context.close()
    return elapsed


def wait_for_kernels(process, count: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while len(kernels_of(process)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the preheated kernel runs its first cells before waiting for a visitor


def measure_pages(runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        # sbs-training serve, preheated.
        server = Server.start(Path(tmp) / "data")
        try:
            url = server.workbook_url("00-welcome")
            times = []
            # A closed page's kernel lives until it is culled, so after n visits the pool is
            # refilled once n + 1 kernels exist.
            for visit in range(runs):
                wait_for_kernels(server.process, visit + 1)
                times.append(first_widget(browser, url, ".sbs-reflection textarea"))
            results["serve_ttfw"] = statistics.median(times)
            wait_for_kernels(server.process, runs + 1)
            before = kernels_of(server.process)
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector(".sbs-reflection textarea", state="visible")
            page.wait_for_timeout(1000)
            results["serve_kernel_mb"] = kernel_rss_mb(before or kernels_of(server.process))
            context.close()
        finally:
            server.stop()

        # Plain voila on a bare one-widget notebook.
        folder = Path(tmp) / "bare"
        folder.mkdir()
        (folder / "bare.ipynb").write_text(json.dumps(BARE_NOTEBOOK))
        port = free_port()
        voila = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "voila"),
                str(folder),
                f"--port={port}",
                "--no-browser",
                "--Voila.ip=127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            bare_url = f"{base}/voila/render/bare.ipynb"
            times = [first_widget(browser, bare_url, ".widget-slider") for _ in range(runs)]
            results["bare_ttfw"] = statistics.median(times)
            context = browser.new_context()
            page = context.new_page()
            before = kernels_of(voila)
            page.goto(bare_url)
            page.wait_for_selector(".widget-slider", state="visible")
            page.wait_for_timeout(1000)
            results["bare_kernel_mb"] = kernel_rss_mb(kernels_of(voila) - before or kernels_of(voila))
            context.close()
        finally:
            voila.terminate()
            voila.wait(30)
        browser.close()
    return results


def measure_journal(entries: int = 10_000, saves: int = 500) -> dict[str, float]:
    from sbs_training.journal import Journal, now

    with tempfile.TemporaryDirectory() as tmp, Journal(Path(tmp)) as journal:
        stamp = now()
        with journal.transaction() as db:
            db.executemany(
                "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
                " VALUES (?, ?, ?, ?, ?, 1, 'fill', '')",
                [(f"wb-{n % 8}", f"prompt-{n}", f"Reflection number {n}. " * 20, stamp, stamp) for n in range(entries)],
            )
        assert journal.counts()["reflections"] == entries
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
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 5

    journal = measure_journal()
    help_time = measure_help()
    pages = measure_pages(runs)

    print(f"sbs-training benchmark ({time.strftime('%Y-%m-%d')}, {runs} page loads each, cold browser cache)")
    print(f"{'figure':46} {'value':>10} {'baseline':>10} {'ratio':>7}")
    print(
        f"{'time to first widget, 00-welcome (s)':46} {pages['serve_ttfw']:10.2f} {pages['bare_ttfw']:10.2f} "
        f"{pages['serve_ttfw'] / pages['bare_ttfw']:7.2f}"
    )
    print(
        f"{'kernel memory after render (MB RSS)':46} {pages['serve_kernel_mb']:10.1f} "
        f"{pages['bare_kernel_mb']:10.1f} {pages['serve_kernel_mb'] / pages['bare_kernel_mb']:7.2f}"
    )
    print(f"{'journal save p50, 10,000 entries (ms)':46} {journal['save_p50_ms']:10.2f}")
    print(f"{'journal save p99, 10,000 entries (ms)':46} {journal['save_p99_ms']:10.2f}")
    print(f"{'sbs-training --help wall time (s)':46} {help_time:10.3f}")
    print("baseline: plain `voila` on a bare one-widget notebook, and its bare ipywidgets kernel")


if __name__ == "__main__":
    main()
