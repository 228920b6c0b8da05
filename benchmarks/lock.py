"""What the journal lock costs: saves, opening, kernel start, locking itself.

    .venv/bin/python benchmarks/lock.py              # everything, 3 page loads per case
    .venv/bin/python benchmarks/lock.py --no-browser # without the Chromium page loads

Each locked figure stands next to the same figure unlocked, measured in
alternating rounds on two copies of one journal, so load from other work on the
machine falls on both alike:
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import fill, percentile, visit  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

PASSPHRASE = "a benchmark passphrase"
OPEN_IN_A_KERNEL = (
    "import time; t = time.perf_counter()\n"
    "from sbs_training.store.visit import journal\n"
    "journal().get_reflection('wb-0', 'prompt-1')\n"
    "print(time.perf_counter() - t)\n"
)


def fill_folder(data_dir: Path, entries: int) -> None:
    from sbs_training.store.journal import Journal

    with Journal(data_dir) as journal:
        fill(journal, entries)


def saves(journals: dict[str, tuple[Path, bytes | None]], rounds: int = 5, per_round: int = 100) -> dict:
    """Save latency on each journal, in alternating rounds so a busy machine weighs on both alike."""
    from sbs_training.store.journal import Journal

    latencies: dict[str, list[float]] = {name: [] for name in journals}
    texts = dict.fromkeys(journals, "")
    for _ in range(rounds):
        for name, (data_dir, key) in journals.items():
            with Journal(data_dir, key) as journal:
                assert journal.locked == (key is not None)
                for n in range(per_round):
                    texts[name] += "word "
                    start = time.perf_counter()
                    journal.save_reflection("wb-0", f"prompt-{n % 50}", texts[name], editor="bench")
                    latencies[name].append((time.perf_counter() - start) * 1000)
    return {name: {"p50": percentile(v, 50), "p99": percentile(v, 99)} for name, v in latencies.items()}


def kernel_open(journals: dict[str, tuple[Path, bytes | None]], runs: int = 5) -> dict[str, float]:
    """Median seconds for a fresh Python process to open the journal as a workbook kernel does, alternating."""
    from sbs_training.store import handoff

    times: dict[str, list[float]] = {name: [] for name in journals}
    with tempfile.TemporaryDirectory(prefix="sbs-", dir="/tmp") as runtime:
        servers = {}
        for name, (data_dir, key) in journals.items():
            env = {**os.environ, "SBS_TRAINING_DATA_DIR": str(data_dir)}
            env.pop(handoff.ENV_SOCKET, None)
            if key:
                folder = Path(runtime) / name
                folder.mkdir()
                servers[name] = handoff.KeyServer(folder, key)
                env[handoff.ENV_SOCKET] = str(servers[name].path)
            servers.setdefault(f"env-{name}", env)
        try:
            for _ in range(runs):
                for name in journals:
                    env = servers[f"env-{name}"]
                    command = [sys.executable, "-c", OPEN_IN_A_KERNEL]
                    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
                    times[name].append(float(out))
        finally:
            for name, server in servers.items():
                if not name.startswith("env-"):
                    server.close()
    return {name: statistics.median(v) for name, v in times.items()}


def first_widget(browser, servers: dict[str, Server], runs: int) -> dict[str, float]:
    """00-welcome with no warm kernel: a kernel starts, opens the journal, and draws the page; alternating."""
    times: dict[str, list[float]] = {name: [] for name in servers}
    for run in range(runs):
        # Each visit's kernel is still shutting down when the next starts: take turns at going first.
        order = list(servers.items()) if run % 2 == 0 else list(reversed(servers.items()))
        for name, server in order:
            elapsed, _, context, page = visit(browser, server.workbook_url("00-welcome"), "textarea")
            times[name].append(elapsed)
            page.close(run_before_unload=True)
            context.close()
            time.sleep(3)
    return {name: statistics.median(v) for name, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per case (default 3)")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium page loads")
    args = parser.parse_args()

    from sbs_training.store import keys, locking

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        plain, locked = tmp_path / "plain", tmp_path / "locked"
        fill_folder(plain, args.entries)
        shutil.copytree(plain, locked)
        start = time.perf_counter()
        locking.lock(locked, PASSPHRASE, keys.new_recovery_code())
        lock_seconds = time.perf_counter() - start
        start = time.perf_counter()
        key = keys.data_key_for(locked, PASSPHRASE)
        unwrap_seconds = time.perf_counter() - start
        journals = {"plain": (plain, None), "locked": (locked, key)}
        save = saves(journals)
        opened = kernel_open(journals)
        page = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            passphrase_file = tmp_path / "passphrase.txt"
            passphrase_file.write_text(PASSPHRASE)
            servers = {
                "plain": Server.start(plain, "--pool-size", "0"),
                "locked": Server.start(locked, "--pool-size", "0", "--passphrase-file", str(passphrase_file)),
            }
            try:
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    page = first_widget(browser, servers, args.runs)
                    browser.close()
            finally:
                for server in servers.values():
                    server.stop()
        start = time.perf_counter()
        locking.unlock(locked, PASSPHRASE, "passphrase")
        unlock_seconds = time.perf_counter() - start

    print(f"sbs-training journal lock benchmark, {time.strftime('%Y-%m-%d')}, {args.entries:,} entries")
    print(f"{'':44}{'unlocked':>12}{'locked':>12}")
    print(f"{'journal save p50 (ms)':44}{save['plain']['p50']:12.2f}{save['locked']['p50']:12.2f}")
    print(f"{'journal save p99 (ms)':44}{save['plain']['p99']:12.2f}{save['locked']['p99']:12.2f}")
    print(f"{'kernel opens the journal, median (s)':44}{opened['plain']:12.3f}{opened['locked']:12.3f}")
    if page is not None:
        print(f"{'kernel start to first widget, 00-welcome (s)':44}{page['plain']:12.2f}{page['locked']:12.2f}")
    print(f"passphrase to data key (Argon2id, 64 MiB): {unwrap_seconds:.2f} s")
    print(f"lock: {lock_seconds:.2f} s; unlock: {unlock_seconds:.2f} s (copy, check, swap)")


if __name__ == "__main__":
    main()
