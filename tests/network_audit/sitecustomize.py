"""Loaded by every Python process of a network-silence test (CLI, server, kernels).

Records each attempt to reach a host that is not this computer, via an audit
hook, to the file named by SBS_NETWORK_AUDIT. Nothing is blocked here; the
test fails if the file has any line.
"""

import ipaddress
import os
import sys

_LOG = os.environ.get("SBS_NETWORK_AUDIT")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "", None}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect" or event == "socket.sendto":
        address = args[1]
        if isinstance(address, tuple) and address and not _is_local(address[0]):
            _record(event, address)
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        _record(event, args[0])


def _record(event: str, detail) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {' '.join(sys.argv[:2])}: {event} {detail!r}\n")


if _LOG:
    sys.addaudithook(_hook)
