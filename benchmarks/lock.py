"""What the journal lock costs: saves, opening, kernel start, locking itself.

    .venv/bin/python benchmarks/lock.py              # everything, 3 page loads per case
    .venv/bin/python benchmarks/lock.py --no-browser # without the Chromium page loads

Each locked figure stands next to the same figure unlocked:
- journal save latency (p50/p99) with 10,000 reflections already saved, as in
  benchmarks/run.py, on a plain journal and on the same journal locked;
- a kernel-like process opening the journal (import, key from serve's socket,
  SQLCipher open, first read), plain against locked;
- ``sbs-training serve`` with no warm kernels (so a kernel starts for the visit):
  time to the first widget of 00-welcome in a fresh Chromium profile, median;
- locking and unlocking a 10,000-entry journal (Argon2id and the checked copy).

Speed is measured here, never asserted in a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import percentile, visit  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

PASSPHRASE = "a benchmark passphrase"
OPEN_IN_A_KERNEL = (
    "import time; t = time.perf_counter()\n"
    "from sbs_training.store.visit import journal\n"
    "journal().get_reflection('wb-0', 'prompt-1')\n"
    "print(time.perf_counter() - t)\n"
)


def fill(data_dir: Path, entries: int) -> None:
    from sbs_training.store.journal import Journal, now

    with Journal(data_dir) as journal:
        stamp = now()
        with journal.transaction() as db:
            db.executemany(
                "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, version, editor, label)"
                " VALUES (?, ?, ?, ?, ?, 1, 'fill', '')",
                [(f"wb-{n % 8}", f"prompt-{n}", f"Reflection number {n}. " * 20, stamp, stamp) for n in range(entries)],
            )
        assert journal.counts()["reflections"] == entries


def saves(data_dir: Path, key: bytes | None, count: int = 500) -> dict[str, float]:
    from sbs_training.store.journal import Journal

    latencies = []
    text = ""
    with Journal(data_dir, key) as journal:
        assert journal.locked == (key is not None)
        for n in range(count):
            text += "word "
            start = time.perf_counter()
            journal.save_reflection("wb-0", f"prompt-{n % 50}", text, editor="bench")
            latencies.append((time.perf_counter() - start) * 1000)
    return {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99)}


def kernel_open(data_dir: Path, key: bytes | None, runs: int = 5) -> float:
    """Median seconds for a fresh Python process to open the journal as a workbook kernel does."""
    from sbs_training.store import handoff

    env = {**os.environ, "SBS_TRAINING_DATA_DIR": str(data_dir)}
    env.pop(handoff.ENV_SOCKET, None)
    with tempfile.TemporaryDirectory(prefix="sbs-", dir="/tmp") as runtime:
        server = handoff.KeyServer(Path(runtime), key) if key else None
        if server:
            env[handoff.ENV_SOCKET] = str(server.path)
        try:
            times = [
                float(
                    subprocess.run(
                        [sys.executable, "-c", OPEN_IN_A_KERNEL], env=env, capture_output=True, text=True, check=True
                    ).stdout
                )
                for _ in range(runs)
            ]
        finally:
            if server:
                server.close()
    return statistics.median(times)


def first_widget(browser, data_dir: Path, runs: int, *extra: str) -> float:
    """00-welcome with no warm kernel: a kernel starts, opens the journal, and draws the page."""
    server = Server.start(data_dir, "--pool-size", "0", *extra)
    try:
        times = []
        for _ in range(runs):
            elapsed, _, context, page = visit(browser, server.workbook_url("00-welcome"), "textarea")
            times.append(elapsed)
            page.close(run_before_unload=True)
            context.close()
            time.sleep(1)
    finally:
        server.stop()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per case (default 3)")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium page loads")
    args = parser.parse_args()

    from sbs_training.store import keys, locking

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data_dir = tmp_path / "data"
        fill(data_dir, args.entries)
        plain_saves = saves(data_dir, None)
        plain_open = kernel_open(data_dir, None)
        passphrase_file = tmp_path / "passphrase.txt"
        passphrase_file.write_text(PASSPHRASE)
        plain_page = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                plain_page = first_widget(browser, data_dir, args.runs)
                browser.close()

        start = time.perf_counter()
        locking.lock(data_dir, PASSPHRASE, keys.new_recovery_code())
        lock_seconds = time.perf_counter() - start
        start = time.perf_counter()
        key = keys.data_key_for(data_dir, PASSPHRASE)
        unwrap_seconds = time.perf_counter() - start
        locked_saves = saves(data_dir, key)
        locked_open = kernel_open(data_dir, key)
        locked_page = None
        if not args.no_browser:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                locked_page = first_widget(browser, data_dir, args.runs, "--passphrase-file", str(passphrase_file))
                browser.close()
        start = time.perf_counter()
        locking.unlock(data_dir, PASSPHRASE, "passphrase")
        unlock_seconds = time.perf_counter() - start

    print(f"sbs-training journal lock benchmark, {time.strftime('%Y-%m-%d')}, {args.entries:,} entries")
    print(f"{'':44}{'unlocked':>12}{'locked':>12}")
    print(f"{'journal save p50 (ms)':44}{plain_saves['p50']:12.2f}{locked_saves['p50']:12.2f}")
    print(f"{'journal save p99 (ms)':44}{plain_saves['p99']:12.2f}{locked_saves['p99']:12.2f}")
    print(f"{'kernel opens the journal, median (s)':44}{plain_open:12.3f}{locked_open:12.3f}")
    if plain_page is not None and locked_page is not None:
        print(f"{'kernel start to first widget, 00-welcome (s)':44}{plain_page:12.2f}{locked_page:12.2f}")
    print(f"passphrase to data key (Argon2id, 64 MiB): {unwrap_seconds:.2f} s")
    print(f"lock: {lock_seconds:.2f} s; unlock: {unlock_seconds:.2f} s (copy, check, swap)")


if __name__ == "__main__":
    main()
