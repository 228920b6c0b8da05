"""Kernel start to first widget: a fresh kernel runs a notebook until its first widget exists.

    .venv/bin/python benchmarks/kernel_start.py                 # bare notebook and every workbook, 5 runs each
    .venv/bin/python benchmarks/kernel_start.py --runs 9 --workbooks 00-welcome

This is what a page on JupyterHub or Binder waits for (Voila as a server extension
starts a kernel per visit), and what ``serve`` waits for when no warm kernel is
left. For each notebook: start a kernel (as Voila does: ``python -m
ipykernel_launcher``, IPC, cwd beside the notebook), run its code cells in order,
and stop at the first ``comm_open`` of a widget (``jupyter.widget``); then the
time to run the whole notebook. The baseline is a bare notebook that makes one
ipywidgets slider. Runs are interleaved (bare, then each workbook, round after
round) so a busy machine slows all alike; figures are medians. The kernel's own
CPU time up to its first widget is printed too: on a shared machine it moves far
less than the wall-clock time, and on a quiet one the two are close.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE = ["import ipywidgets\nipywidgets.IntSlider(description='Bare')"]
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def code_cells(name: str) -> list[str]:
    cells = json.loads((REPO / "workbooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def run_once(cells: list[str], cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds from asking for a kernel to: kernel ready, first widget's comm_open, last cell done.

    Also the kernel process's CPU seconds (user + system) at its first widget.
    """
    import psutil
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(tempfile.mkdtemp(dir="/tmp")) / "k"))
    start = time.perf_counter()
    km.start_kernel(cwd=str(cwd), env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = time.perf_counter() - start
        first_widget = cpu = float("nan")
        process = psutil.Process(km.provisioner.pid)
        for source in cells:
            msg_id = kc.execute(source, store_history=False)
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                kind = msg["msg_type"]
                if (
                    kind == "comm_open"
                    and msg["content"].get("target_name") == "jupyter.widget"
                    and first_widget != first_widget
                ):
                    first_widget = time.perf_counter() - start
                    times = process.cpu_times()
                    cpu = times.user + times.system
                if kind == "error":
                    raise RuntimeError("\n".join(msg["content"]["traceback"]))
                if (
                    kind == "status"
                    and msg["content"]["execution_state"] == "idle"
                    and msg["parent_header"].get("msg_id") == msg_id
                ):
                    break
        return {"ready": ready, "first_widget": first_widget, "cpu": cpu, "done": time.perf_counter() - start}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="kernels per notebook (default 5)")
    parser.add_argument("--workbooks", nargs="*", default=WORKBOOKS, metavar="NAME", help="default: every workbook")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="sbs-bench-"))
    env = {**os.environ, "SBS_TRAINING_DATA_DIR": str(data)}
    env.pop("VOILA_PREHEAT", None)
    notebooks = {"bare (ipywidgets)": (BARE, REPO)} | {
        name: (code_cells(name), (REPO / "workbooks" / name).parent) for name in args.workbooks
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in notebooks}
    for _ in range(args.runs):
        for name, (cells, cwd) in notebooks.items():
            results[name].append(run_once(cells, cwd, env))

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    bare = median("bare (ipywidgets)", "first_widget")
    print(f"kernel start to first widget, {time.strftime('%Y-%m-%d')}: median of {args.runs} fresh kernels")
    bare_cpu = median("bare (ipywidgets)", "cpu")
    print(f"{'notebook':48} {'ready s':>8} {'first widget s':>15} {'ratio':>6} {'CPU s':>6} {'ratio':>6} {'all s':>6}")
    for name in notebooks:
        fw, cpu = median(name, "first_widget"), median(name, "cpu")
        print(
            f"{name:48} {median(name, 'ready'):8.2f} {fw:15.2f} {fw / bare:6.2f} {cpu:6.2f} {cpu / bare_cpu:6.2f}"
            f" {median(name, 'done'):6.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
