"""The moment a trainee's visit starts, and the journal that visit uses.

Voila runs a preheated notebook *before* anyone opens it. Anything read from
the journal then could be stale by the time the page is shown, and would be
saved back over newer text. So journal reads wait for the visit: every
journal widget calls ``journal()``, which first calls ``wait_for_visit()``.
Outside a preheated Voila kernel (papermill, nbval, JupyterLab) there is
nothing to wait for.
"""

from __future__ import annotations

import os
import threading

from sbs_training.journal import Journal

_lock = threading.Lock()
_visited = False
_journal: Journal | None = None


def wait_for_visit() -> None:
    global _visited
    with _lock:
        if _visited:
            return
        if os.environ.get("VOILA_PREHEAT") == "True":
            from voila.utils import wait_for_request

            wait_for_request()
        _visited = True


def journal() -> Journal:
    """The journal for this kernel, opened once the visit has started."""
    global _journal
    wait_for_visit()
    with _lock:
        if _journal is None:
            _journal = Journal.open()
        return _journal
