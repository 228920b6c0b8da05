"""``sbs-training keep-open``: let the workbooks read a locked journal until stopped (for JupyterHub).

On a JupyterHub there is no ``serve`` to ask for the passphrase, so a trainee who
has locked their journal runs this in a terminal of their own server: it asks
once, then hands the key to their workbooks' kernels through a socket in their
private data folder (``store/handoff.py``) until Ctrl+C, the terminal closing, or
the server stopping. The journal stays locked on disk throughout.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import threading

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def _already_answering(path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.passphrase import journal_key
    from sbs_training.store import handoff, lease
    from sbs_training.store.journal import Journal
    from sbs_training.store.paths import ensure_private_dir, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    key = journal_key(args, data_dir)
    if key is None:
        raise UserError("Your journal isn't locked, so the workbooks open it as it is; nothing to keep open.")
    Journal(ensure_private_dir(data_dir), key).close()
    path = handoff.socket_in(data_dir)
    if _already_answering(path):
        raise UserError("Your journal is already kept open in another terminal; this one was not needed.")
    path.unlink(missing_ok=True)  # left by a keep-open that was killed
    held = lease.shared(data_dir)
    try:
        server = handoff.KeyServer(data_dir, key)
    except OSError as exc:
        held.release()
        raise UserError(f"Can't keep the journal open here ({exc.strerror or exc}).") from None
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, AttributeError):
            signal.signal(signum, lambda *_: stop.set())
    print(
        "Your workbooks on this server can now read your locked journal. Keep this terminal open while you "
        "use them; press Ctrl+C to stop. The journal stays locked on disk.",
        flush=True,
    )
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        held.release()
    print("Stopped: the workbooks can't read your journal until you run keep-open again.", flush=True)
    return 0
