"""Handing a locked journal's data key from ``serve`` to its kernels, never through the environment.

``serve`` asks for the passphrase once, then answers on a Unix socket inside its
private runtime folder (0700, removed when it stops): each kernel connects once,
when its visit starts, and reads the key. The environment carries only the
socket's path, which opens nothing by itself; the key is never written to a file
or shown on a command line, and when ``serve`` stops (even killed) nothing is
left that could open the journal. The socket also checks that the caller runs as
the same user, where the system can say (``SO_PEERCRED``).

On JupyterHub there is no ``serve``: the trainee runs ``sbs-training keep-open`` in
a terminal of their own server, which answers the same way on a socket in their
private data folder (0700), where kernels look when no ``serve`` told them a path.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import threading
from pathlib import Path

ENV_SOCKET = "SBS_TRAINING_KEY_SOCKET"
SOCKET_NAME = "journal-key.sock"


def _same_user(conn: socket.socket) -> bool:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True  # the 0700 folder is the guard here
    _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
    return uid == os.getuid()


class KeyServer:
    """Serves one data key to this user's kernels until closed."""

    def __init__(self, runtime: Path, data_key: bytes) -> None:
        self.path = runtime / SOCKET_NAME
        self._answer = (data_key.hex() + "\n").encode("ascii")
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.bind(str(self.path))
        os.chmod(self.path, 0o600)
        self._socket.listen(16)
        threading.Thread(target=self._serve, name="journal-key", daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return  # closed
            with conn, contextlib.suppress(OSError):
                if _same_user(conn):
                    conn.sendall(self._answer)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._socket.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def socket_in(data_dir: Path) -> Path:
    """Where ``sbs-training keep-open`` answers (JupyterHub): the private data folder, which kernels know."""
    return data_dir / SOCKET_NAME


def receive_key(data_dir: Path, timeout: float = 10) -> bytes | None:
    """In a kernel: the data key from ``serve`` or ``keep-open``, or None if neither is holding the journal open."""
    path = os.environ.get(ENV_SOCKET)
    if not path:
        found = socket_in(data_dir)
        if not found.exists():
            return None
        path = str(found)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = conn.recv(128)
                if not chunk:
                    break
                answer += chunk
        return bytes.fromhex(answer.decode("ascii").strip()) or None
    except (OSError, ValueError):
        return None
