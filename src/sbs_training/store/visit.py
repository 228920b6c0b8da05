"""The moment a trainee's visit starts, and the journal that visit uses.

Voila runs a preheated notebook *before* anyone opens it. Anything read from
the journal then could be stale by the time the page is shown, and would be
saved back over newer text. So journal reads wait for the visit: every
journal widget calls ``journal()``, which first calls ``wait_for_visit()``.
Outside a preheated Voila kernel (papermill, nbval, JupyterLab, Binder's
server extension) there is nothing to wait for.

The visit is also when the journal learns which workbook was opened last (for
the list page's "Continue where you left off"): ``start()`` names the page with
``page()``, and the visit is recorded when the journal is first opened for it,
never while a preheated kernel is still waiting for someone.

``wait_for_visit`` does what ``voila.utils.wait_for_request`` does (read one
message from Voila's request-info socket, then copy it into the environment)
without importing ``voila``: that import pulls in jupyter_server and
jupyterlab_server, about 2 s and 50 MB in every kernel, to read one message.

Under ``sbs-training serve`` that socket is locked: the kernel proves it was
started by this server with a key that serve wrote into its private (0700)
runtime folder. The environment holds only the key file's path, never the key,
so no other local account can learn it from the process list or ``/proc``.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from contextlib import suppress
from pathlib import Path

from sbs_training.errors import UserError
from sbs_training.store.journal import Journal

# Where serve keeps the key that opens Voila's request-info socket (a path, never the key itself),
# and the header a kernel sends it in. server/guard.py checks it.
QUERY_KEY_FILE_ENV = "SBS_TRAINING_QUERY_KEY_FILE"
QUERY_KEY_HEADER = "X-SBS-Query-Key"

_lock = threading.Lock()
_visited = False
_journal: Journal | None = None
_page: str | None = None
_recorded = False


def _request_info_url() -> str:
    """Where Voila announces the visit for this kernel (same rules as voila.utils)."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def _query_key_headers() -> dict[str, str]:
    """The key serve left for its kernels, read from its private file; nothing outside serve."""
    path = os.environ.get(QUERY_KEY_FILE_ENV)
    if not path:
        return {}
    try:
        key = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return {}
    return {QUERY_KEY_HEADER: key} if key else {}


async def _receive_request_info(url: str) -> str | None:
    from websockets.asyncio.client import connect  # only a preheated kernel needs it: keep others light
    from websockets.exceptions import WebSocketException

    try:
        async with connect(url, additional_headers=_query_key_headers(), open_timeout=5) as socket:
            message = await socket.recv()
    except (OSError, TimeoutError, WebSocketException):
        return None
    return message if isinstance(message, str) else message.decode("utf-8")


def _wait_for_request() -> None:
    result: list[str | None] = []
    # A thread of its own: the kernel's main thread may already run an event loop.
    worker = threading.Thread(target=lambda: result.append(asyncio.run(_receive_request_info(_request_info_url()))))
    worker.start()
    worker.join()
    if result and result[0]:
        for key, value in json.loads(result[0]).items():
            os.environ[key] = str(value)


def wait_for_visit() -> None:
    global _visited
    with _lock:
        if _visited:
            return
        if os.environ.get("VOILA_PREHEAT") == "True":
            _wait_for_request()
        _visited = True


def journal() -> Journal:
    """The journal for this kernel, opened once the visit has started."""
    global _journal
    wait_for_visit()
    with _lock:
        if _journal is None:
            _journal = Journal.open()
        _record(_journal)
        return _journal


def page(workbook_id: str) -> None:
    """Name the workbook this kernel shows; its visit is recorded once the journal opens for it."""
    global _page
    with _lock:
        _page = workbook_id
        if _journal is not None:
            _record(_journal)


def _record(opened: Journal) -> None:
    """Record this kernel's one visit (called with ``_lock`` held)."""
    global _recorded
    if _recorded or _page is None:
        return
    _recorded = True
    # A journal that can't be written says so in the first widget that saves; this is only a bookmark.
    with suppress(UserError):
        opened.record_visit(_page)
