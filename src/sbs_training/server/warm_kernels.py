"""A kernel started and warmed when a trainee's server starts, handed to the first page they open.

On JupyterHub and Binder, Voila runs as a Jupyter Server extension, where its own
pre-heated kernels are not available: every page starts a kernel when it is opened.
When a trainer says "open workbook 03 now", thirty kernels start at once on a small
machine and the room waits (benchmarks/hub_room.py). This kernel manager starts one
kernel as the server starts (at login, before the session), imports the workbooks'
code in it, and gives it to the next Voila page that asks, after moving it to the
page's folder and handing it the page's request details. The page then only runs
its cells.

It keeps to a trainee's memory budget: a new warm kernel is started only while no
other kernel is running (so a trainee never holds two), and again as soon as the
last one stops (the page closed, or the culler). Warm kernels are never culled as
idle, and requests that do not come from a Voila page (JupyterLab, the REST API)
get a fresh kernel as before. Kernels still talk over IPC if the server says so.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Int, Unicode

VOILA_PAGE = "VOILA_REQUEST_URL"
"""Set in the environment of every kernel Voila starts for a page, and only those."""


class WarmKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, with one warm kernel kept ready for the next Voila page."""

    warm_pool_size = Int(1, config=True, help="Kernels kept warm for the next page (0 turns warming off).")
    warm_while_running = Int(
        1,
        config=True,
        help="Start a warm kernel only while fewer kernels than this run for pages (a trainee's memory budget).",
    )
    warm_code = Unicode(
        "import sbs_training.pages\nsbs_training.pages.warm_up()",
        config=True,
        help="Run silently in each warm kernel once it has started, so the page does not pay for it.",
    )
    warm_kernel_name = Unicode("python3", config=True, help="The kernel spec warm kernels use.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._warm: list[asyncio.Task[str]] = []
        self._warm_ids: set[str] = set()
        asyncio.get_event_loop().call_soon(self.fill_warm)

    # -- the pool ---------------------------------------------------------------------------

    def _page_kernels(self) -> int:
        return len([k for k in self.list_kernel_ids() if k not in self._warm_ids])

    def fill_warm(self) -> None:
        """Start warm kernels up to the pool size, within the memory budget."""
        self._warm = [t for t in self._warm if not (t.done() and (t.cancelled() or t.exception()))]
        while len(self._warm) < self.warm_pool_size and self._page_kernels() < self.warm_while_running:
            self._warm.append(asyncio.ensure_future(self._start_warm()))

    async def _start_warm(self) -> str:
        kernel_id = await super().start_kernel(kernel_name=self.warm_kernel_name, path="")
        self._warm_ids.add(kernel_id)
        if self.warm_code:
            await self._run(kernel_id, self.warm_code)
        self.log.info("Warm kernel ready: %s", kernel_id)
        return kernel_id

    async def _run(self, kernel_id: str, code: str) -> None:
        """Run code silently in a kernel and wait for it to finish."""
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive(
                code, silent=True, store_history=False, timeout=60, output_hook=lambda msg: None
            )
            if reply["content"].get("status") != "ok":
                self.log.warning("Warm kernel %s: warm-up code failed: %s", kernel_id, reply["content"].get("ename"))
        finally:
            client.stop_channels()

    def _ready_warm(self) -> asyncio.Task[str] | None:
        for task in self._warm:
            if task.done() and not task.cancelled() and task.exception() is None and task.result() in self:
                return task
        return None

    # -- handing a warm kernel to a page ----------------------------------------------------

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: str | None = None, **kwargs: Any
    ) -> str:
        env = kwargs.get("env") or {}
        warm = self._ready_warm() if kernel_id is None and VOILA_PAGE in env else None
        if warm is None:
            started = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
            return started
        self._warm.remove(warm)
        kernel_id = warm.result()
        cwd = self.cwd_for_path(path, env=env) if path is not None else None
        page_env = {k: v for k, v in env.items() if os.environ.get(k) != v}
        await self._run(
            kernel_id,
            "import os as _os\n"
            f"_os.environ.update({json.dumps(page_env)})\n"
            + (f"_os.chdir({json.dumps(cwd)})\n" if cwd else "")
            + "del _os",
        )
        self._warm_ids.discard(kernel_id)
        self.log.info("Page given warm kernel %s", kernel_id)
        return kernel_id

    # -- culling and refilling --------------------------------------------------------------

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        if kernel_id in self._warm_ids:
            return  # waiting for a page is what it is for
        await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        self._warm_ids.discard(kernel_id)
        if not restart:
            self.fill_warm()

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]
        self.warm_pool_size = 0  # no refills while the server stops
        for task in self._warm:
            if not task.done():
                task.cancel()
        await super().shutdown_all(now=now)
