"""Who has the journal open: a shared lease per open journal, an exclusive one to lock or unlock it.

Locking and unlocking replace the journal file with a new one. A program that
still had the old file open would go on writing into a file nobody will read
again, and its words would be lost. So every open ``Journal`` (each kernel, each
command) and a running ``serve`` hold a shared ``flock`` on ``journal.lease``
beside the journal for as long as they are open, and ``lock``/``unlock`` take it
exclusively: they refuse while anyone has the journal open, and a journal opened
meanwhile waits until the new file is in place, then opens that.

The operating system drops a lease when its process ends, even by SIGKILL, so a
crash never leaves the journal leased. Where ``fcntl`` is missing (Windows) the
lease is a no-op.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sbs_training.errors import JournalError

LEASE_FILE = "journal.lease"
WAIT_SECONDS = 30.0

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class JournalInUse(JournalError):
    """Someone else has the journal open, so it can't be locked or unlocked now."""


class Lease:
    """One held lease; ``release()`` (or the process ending) lets it go."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def _open(data_dir: Path) -> int | None:
    if fcntl is None:
        return None
    path = data_dir / LEASE_FILE
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except PermissionError:
        try:
            return os.open(path, os.O_RDONLY)  # a read-only journal folder: share what is there
        except OSError:
            return None
    except OSError:
        return None


def shared(data_dir: Path, wait: float = WAIT_SECONDS) -> Lease:
    """Hold the journal open; waits while it is being locked or unlocked."""
    fd = _open(data_dir)
    if fd is None:
        return Lease(None)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return Lease(fd)
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise JournalError(
                    "The journal is being locked or unlocked right now; try again when that has finished."
                ) from None
            time.sleep(0.05)
        except OSError:
            return Lease(fd)  # a file system without locks: behave as before leases


@contextmanager
def exclusive(data_dir: Path) -> Iterator[None]:
    """Be the only one with the journal open, or refuse at once in one sentence."""
    fd = _open(data_dir)
    if fd is None:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalInUse(
                "The journal is open in another program (a running 'sbs-training serve' or another command); "
                "stop it first, then try again. Nothing was changed."
            ) from None
        except OSError:
            pass  # a file system without locks: as shared() does, go on without a lease
        yield
    finally:
        os.close(fd)
