"""A ceiling on kernels for standalone ``serve``, warm ones included.

Voila starts a kernel (about 60 MB) for every page render, and a plain GET or a
burst of reloads can start dozens: 66 renders in 31 s made 66 kernels (5.2 GB).
Here every kernel start passes one admission check, under one lock so that
starts racing each other can't overshoot:

- below the limit, the kernel starts;
- at the limit, for a visitor, the oldest idle kernels go first: kernels whose
  page is closed (no browser connected, not busy, quiet for ``unclaimed_grace``
  seconds, so a page still loading keeps its kernel), then warm kernels kept
  for other workbooks;
- if nothing can go, the visitor gets ``KernelsBusy``, which the page handler
  turns into a plain "busy, try again shortly" page;
- a kernel to keep warm never pushes anything out: with no room it is simply
  not kept, and the pool is topped up when a kernel leaves.

Voila's preheating assumes every warm start succeeds (a failed one would end a
visitor's page in an error), so ``WarmPoolWithinCap`` sits above Voila's own
kernel manager: a warm start that found no room leaves the pool quietly, and a
visitor whose warm kernel vanished gets one started on the spot.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
from datetime import UTC, datetime, timedelta
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int

# Set while a kernel is started for a visitor waiting on the page, rather than to keep warm.
_FOR_VISITOR: contextvars.ContextVar[bool] = contextvars.ContextVar("sbs_for_visitor", default=False)

BUSY_TITLE = "The workbooks are busy"
BUSY_BODY = (
    "<p>Every workbook this computer can keep open is in use right now, so this one could not start.</p>"
    "<p>Please try again in a minute or two: reload this page. Closing workbook tabs you have finished with "
    "makes room sooner. Nothing you have saved is affected.</p>"
)
RETRY_AFTER_SECONDS = 30


class KernelsBusy(Exception):
    """No kernel can start: the limit is reached and every kernel is in use."""


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with a limit on how many kernels run at once."""

    max_kernels = Int(0, config=True, help="Most kernels running at once, warm ones included; 0 for no limit.")
    unclaimed_grace = Float(
        30,
        config=True,
        help="Seconds a kernel with no page connected is still taken for a page on its way, and kept.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._admission = asyncio.Lock()
        self._starting = 0

    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        if self.max_kernels <= 0:
            return await super().start_kernel(**kwargs)
        warm = kwargs.get("env", {}).get("VOILA_PREHEAT") == "True" and not _FOR_VISITOR.get()
        await self._admit(for_visitor=not warm)
        try:
            return await super().start_kernel(**kwargs)
        finally:
            self._starting -= 1

    def running(self) -> int:
        """Kernels running or starting: what the limit counts."""
        return len(self._kernels) + self._starting

    async def _admit(self, *, for_visitor: bool) -> None:
        """Make room for one more kernel, or raise ``KernelsBusy``; on return, a slot is reserved."""
        async with self._admission:
            tried: set[str] = set()
            while self.running() >= self.max_kernels:
                victims = [k for k in self.spare_kernels() if k not in tried] if for_visitor else []
                if not victims:
                    raise KernelsBusy(f"all {self.max_kernels} kernels are in use")
                victim = victims[0]
                tried.add(victim)
                self.log.warning("At the limit of %d kernels: shutting down idle kernel %s.", self.max_kernels, victim)
                try:
                    await self.shutdown_kernel(victim)
                except Exception:  # noqa: BLE001 (gone already, e.g. its tab's beacon shut it down)
                    self.log.warning("Kernel %s could not be shut down; trying another.", victim, exc_info=True)
            self._starting += 1

    def warm_kernels(self) -> list[str]:
        """Kernels kept ready for a workbook nobody has opened yet (Voila's preheat pools)."""
        found = []
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    kernel_id = (task.result() or {}).get("kernel_id")
                    if kernel_id in self._kernels:
                        found.append(kernel_id)
        return found

    def spare_kernels(self) -> list[str]:
        """Kernels that can go to make room for a visitor, first to go first: closed pages', then warm ones'."""
        now = datetime.now(UTC)  # Jupyter Server keeps last_activity in UTC
        grace = timedelta(seconds=self.unclaimed_grace)
        warm = set(self.warm_kernels())
        closed = []
        for kernel_id, kernel in list(self._kernels.items()):
            if kernel_id in warm:
                continue
            state = getattr(kernel, "execution_state", "")
            last = getattr(kernel, "last_activity", None)
            if state == "dead":
                closed.append((now - timedelta(days=1), kernel_id))
            elif self._kernel_connections.get(kernel_id, 0) == 0 and state != "busy" and last and now - last > grace:
                closed.append((last, kernel_id))
        by_age = sorted(warm, key=lambda k: getattr(self._kernels[k], "last_activity", now))
        return [k for _, k in sorted(closed)] + by_age


class WarmPoolWithinCap:
    """Mixed in above Voila's ``VoilaKernelManager``: warm pools that live within the limit."""

    _pools: dict[str, list[asyncio.Task]]

    def __init__(self, **kwargs: Any) -> None:
        self._fill_arguments: dict[str, dict] = {}
        self._stopping = False
        super().__init__(**kwargs)

    async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any) -> dict:
        if kernel_id is None:
            self._fill_arguments[notebook_path] = kwargs  # to warm this workbook again later
        try:
            return await super()._initialize(notebook_path, kernel_id, **kwargs)  # type: ignore[misc]
        except KernelsBusy:
            pool = self._pools.get(notebook_path, [])
            task = asyncio.current_task()
            if _FOR_VISITOR.get() or task not in pool:
                raise  # someone is waiting on this start: let them hear
            pool.remove(task)  # no room to keep it warm: leave the pool, nobody waits on it
            return {}

    async def get_rendered_notebook(
        self, notebook_name: str, extra_kernel_env_variables: dict | None = None, **kwargs: Any
    ) -> tuple[asyncio.Task, list[str], str]:
        """As Voila's, but a warm kernel that never started is skipped, and one is started now if none is left."""
        pool = self._pools.get(notebook_name, [])
        content: dict = {}
        while pool and not content.get("kernel_id"):
            try:
                content = await pool.pop(0)
            except KernelsBusy:
                content = {}
        if not content.get("kernel_id"):
            marker = _FOR_VISITOR.set(True)
            try:
                content = await self._initialize(notebook_name, None, **self._fill_arguments.get(notebook_name, {}))
            finally:
                _FOR_VISITOR.reset(marker)
        renderer = content["renderer"]
        renderer.stop_generator = True
        self.log.info("Using pre-heated kernel: %s for %s", content["kernel_id"], notebook_name)  # type: ignore[attr-defined]
        self.fill_if_needed(  # type: ignore[attr-defined]
            delay=None,
            notebook_name=notebook_name,
            extra_kernel_env_variables=extra_kernel_env_variables or {},
            **kwargs,
        )
        return content["task"], renderer.rendered_cache, content["kernel_id"]

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[misc]
        self._top_up_pools()
        return result

    async def shutdown_all(self, *args: Any, **kwargs: Any) -> Any:
        self._stopping = True
        return await super().shutdown_all(*args, **kwargs)  # type: ignore[misc]

    def _top_up_pools(self) -> None:
        """A kernel left: warm again any workbook whose warm kernel found no room earlier."""
        if self._stopping or getattr(self, "max_kernels", 0) <= 0:
            return
        for notebook_name, arguments in self._fill_arguments.items():
            self.fill_if_needed(delay=None, notebook_name=notebook_name, **arguments)  # type: ignore[attr-defined]


def install() -> None:
    """Put ``WarmPoolWithinCap`` above the kernel manager Voila makes, and the busy page in its page handler."""
    import voila.app
    from voila.tornado.handler import TornadoVoilaHandler

    if getattr(voila.app, "_sbs_kernel_cap", False):
        return
    make = voila.app.voila_kernel_manager_factory

    def factory(base_class: type, preheat_kernel: bool, *args: Any, **kwargs: Any) -> type:
        made = make(base_class, preheat_kernel, *args, **kwargs)
        return type("CappedVoilaKernelManager", (WarmPoolWithinCap, made), {}) if preheat_kernel else made

    voila.app.voila_kernel_manager_factory = factory
    voila.app._sbs_kernel_cap = True

    original_get = TornadoVoilaHandler.get

    async def get(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[no-untyped-def]
        try:
            result = original_get(self, *args, **kwargs)
            if inspect.isawaitable(result):
                await result
        except KernelsBusy:
            if self._headers_written:
                raise
            self.clear()
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            from sbs_training.server.guard import plain_page

            self.finish(plain_page(BUSY_TITLE, BUSY_BODY))

    TornadoVoilaHandler.get = get
