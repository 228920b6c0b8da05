"""``sbs-training serve``: the workbooks in Voila, tamed.

- binds 127.0.0.1 unless told otherwise, and a port in use is an error, not a move;
- preheats a kernel per workbook (widgets still read the journal only once
  the visit starts: see store/visit.py), and only its own kernels can learn
  which page they render (a key in the private runtime folder);
- culls idle kernels, so closed pages do not pile up kernels, and caps them
  (``--max-kernels``, warm ones included): past the cap the oldest idle go first,
  else the visitor gets a plain "busy" page (server/kernel_cap.py);
- strips code and never shows a traceback to a trainee;
- hands the data folder and the cohort settings to every kernel through the environment;
- lists the workbooks in the cohort's order (the ``sbs`` Voila template and
  ``sbs_training.cohort.workbook_list.page_config_hook``), trainer workbooks apart;
- lets in only whoever has the link it prints (a token, then a cookie), on this
  computer's own host names (``sbs_training.server.guard``); listening on the
  network needs ``--allow-shared-journal`` and then says so everywhere;
- runs kernels over IPC, their socket files in a short private folder removed at the end;
- keeps the terminal to what a trainee needs; everything else goes to serve.log in the data folder,
  with the token and the other secrets taken out of every line (server/redact.py).
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError

if TYPE_CHECKING:
    from sbs_training.config import Config as CohortConfig


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this computer only)"
    )
    add_data_dir(parser)
    parser.add_argument("--no-browser", action="store_true", help="don't open a browser window")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="your cohort's settings file "
        "(default: $SBS_TRAINING_CONFIG, else cohort.toml here or beside the workbooks)",
    )
    parser.add_argument(
        "--notebooks",
        metavar="DIR",
        help="serve this folder of notebooks instead of the workbooks (for authors, e.g. gallery/)",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=1,
        metavar="N",
        help="kernels kept ready per workbook, for quick opening (default 1)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=int,
        default=600,
        metavar="SECONDS",
        help="shut down a closed page's kernel after this long without use (default 600)",
    )
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=DEFAULT_MAX_KERNELS,
        metavar="N",
        help=f"most kernels running at once, warm ones included (default {DEFAULT_MAX_KERNELS}); each takes about "
        "60 MB of memory, so the default stays near 1.5 GB: a warm one per workbook and about ten open pages. "
        "At the limit the oldest idle kernels are shut down; if none is idle, a new page says the workbooks are "
        "busy and to try again shortly",
    )
    parser.add_argument(
        "--allow-shared-journal",
        action="store_true",
        help="allow a --host other people's computers can reach; everyone with the link then reads "
        "and writes ONE shared journal (for a group, use JupyterHub: docs/deploy-jupyterhub.md)",
    )
    parser.add_argument(
        "--new-token",
        action="store_true",
        help="make a new secret link; old links and bookmarks stop working",
    )


# About 60 MB a kernel: 27 is about 1.6 GB, a warm kernel for each of the 17 workbooks (trainer ones
# too, so every page opens at once) and ten open pages.
DEFAULT_MAX_KERNELS = 27
# A kernel with no page connected is taken for a page still loading for this long (or half the idle
# timeout, if shorter) before the cap may shut it down for a new visitor.
UNCLAIMED_GRACE_SECONDS = 30


def check_port_free(host: str, port: int) -> None:
    """Refuse, in one sentence, a port something else listens on, as tornado's own bind would find it.

    SO_REUSEADDR, as tornado sets it: a port left only with TIME_WAIT sockets by a
    server just stopped is free; a port something listens on is still refused.
    """
    if not 0 < port < 65536:
        raise UserError(f"{port} is not a port number; choose one between 1 and 65535.")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if host == "::":
            probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # both families, as serve listens
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError(
                    f"Port {port} on {host} is already in use; choose another with --port, "
                    "or stop the program using it."
                ) from None
            if exc.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME):
                raise UserError(
                    f"{host} is not an address of this computer; leave out --host to use 127.0.0.1."
                ) from None
            raise UserError(f"Can't listen on {host}:{port} ({exc.strerror or exc}).") from None
        except socket.gaierror:
            raise UserError(f"{host} is not an address of this computer; leave out --host to use 127.0.0.1.") from None


PAGE_POLICY = "; ".join(
    [
        # Pages talk to this server and nothing else: no CDN, no analytics, no phoning home,
        # whatever a future widget might try. Inline scripts and blob: modules are how
        # Voila and anywidget load; data: covers fonts and icons.
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:",
        "style-src 'self' 'unsafe-inline' blob: data:",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)


SHARED_WARNING = (
    "Everyone who has this link reads and writes ONE shared journal: their reflections and yours. "
    "For a group, give each person their own journal with JupyterHub (see docs/deploy-jupyterhub.md)."
)
LOG_NAME = "serve.log"


def runtime_folder() -> Path:
    """A private (0700) folder with a short path for the kernels' socket files.

    A Unix socket path must stay under about 107 characters, and a kernel's is
    this folder plus about 65 more, so it lives in /tmp rather than a long $TMPDIR.
    """
    base = "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else tempfile.gettempdir()
    return Path(tempfile.mkdtemp(prefix="sbs-", dir=base))


@contextmanager
def quiet_terminal(log_path: Path) -> Iterator[TextIO]:
    """Send everything written to stdout/stderr (Voila's log, kernels' warnings) to a private log file.

    Kernels inherit file descriptors 1 and 2, so those are redirected, not just
    ``sys.stderr``. Yields a stream that still reaches the terminal.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(log_path, 0o600)
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(2), "w", buffering=1)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    try:
        yield terminal
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for kept in saved:
            os.close(kept)
        terminal.close()


def refuse_open_host(args: argparse.Namespace) -> None:
    from sbs_training.server.guard import is_loopback

    if not is_loopback(args.host) and not args.allow_shared_journal:
        raise UserError(
            f"--host {args.host} lets other computers reach the server, and everyone who opens it would share "
            "your one journal; add --allow-shared-journal if that is truly what you want "
            "(for a group, use JupyterHub: see docs/deploy-jupyterhub.md)."
        )


def display_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def listen_address(host: str) -> str:
    """What tornado binds: ``::`` alone would be IPv6 only (tornado sets V6ONLY), so the
    printed 127.0.0.1 link would be refused; "" binds every address of both families."""
    return "" if host == "::" else host


def voila_argv(args: argparse.Namespace, workbooks: str, template: str | None = None) -> list[str]:
    argv = [
        workbooks,
        f"--port={args.port}",
        f"--Voila.ip={listen_address(args.host)}",
        "--Voila.port_retries=0",
        "--preheat_kernel=True",
        f"--pool_size={max(args.pool_size, 0)}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={max(args.idle_timeout, 1)}",
        f"--MappingKernelManager.cull_interval={min(max(args.idle_timeout // 4, 1), 60)}",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.multi_kernel_manager_class=sbs_training.server.kernel_cap.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={args.max_kernels}",
        f"--CappedKernelManager.unclaimed_grace={min(max(args.idle_timeout / 2, 1), UNCLAIMED_GRACE_SECONDS)}",
        # Under load (many kernels starting at once) a cell's output can arrive after Voila's
        # 4 s default and be dropped silently; benchmarks/load.py showed pages losing widgets.
        "--VoilaExecutor.iopub_timeout=30",
        "--Voila.log_level=WARN",
        # No ports to collide over ("Address already in use" under load), no TCP warning.
        "--KernelManager.transport=ipc",
    ]
    if template:
        argv.append(f"--template={template}")
    if args.no_browser:
        argv.append("--no-browser")
    return argv


def choose_config(explicit: str | None) -> str | None:
    """The cohort file to use: --config, else $SBS_TRAINING_CONFIG, else ./cohort.toml, else beside the workbooks."""
    from pathlib import Path

    from sbs_training.config import CONFIG_NAME, ENV_CONFIG, find_config

    if explicit:
        return os.path.abspath(explicit)
    if os.environ.get(ENV_CONFIG):
        return os.path.abspath(os.environ[ENV_CONFIG])
    here = Path.cwd() / CONFIG_NAME
    found = here if here.is_file() else find_config()
    return str(found.resolve()) if found else None


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.passphrase import journal_key
    from sbs_training.config import ENV_CONFIG, load_config
    from sbs_training.resources import workbooks_dir
    from sbs_training.server.guard import load_token, write_query_key
    from sbs_training.store.journal import Journal
    from sbs_training.store.paths import ENV_DATA_DIR, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    key = journal_key(args, data_dir)  # a locked journal's passphrase is asked once, here
    Journal(data_dir, key).close()  # fail now, in one sentence, if the journal can't be used
    config_path = choose_config(args.config)
    config = load_config(config_path)
    if config_path:
        os.environ[ENV_CONFIG] = config_path
    refuse_open_host(args)
    if args.max_kernels < 1:
        raise UserError(f"--max-kernels {args.max_kernels} leaves no room for a page; give 1 or more.")
    check_port_free(args.host, args.port)
    folder = os.path.abspath(args.notebooks) if args.notebooks else str(workbooks_dir())
    if not os.path.isdir(folder):
        raise UserError(f"{args.notebooks} is not a folder of notebooks.")
    os.environ[ENV_DATA_DIR] = str(data_dir)
    token = load_token(data_dir, renew=args.new_token)
    runtime = runtime_folder()
    try:
        query_key = write_query_key(runtime)
        with journal_for_kernels(data_dir, runtime, key), quiet_terminal(data_dir / LOG_NAME) as terminal:
            serve(args, folder, token, query_key, runtime, data_dir, config, config_path, terminal)
            print("Stopped. Your journal is saved.", file=terminal, flush=True)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    return 0


@contextmanager
def journal_for_kernels(data_dir: Path, runtime: Path, key: bytes | None) -> Iterator[None]:
    """Hold the journal open while serving (lock and unlock wait), and hand a locked one's key to kernels.

    The key goes through a socket in the private runtime folder (store/handoff.py); the
    environment carries only that socket's path.
    """
    from sbs_training.store import handoff, lease

    held = lease.shared(data_dir)
    server = handoff.KeyServer(runtime, key) if key else None
    if server:
        os.environ[handoff.ENV_SOCKET] = str(server.path)
    try:
        yield
    finally:
        if server:
            server.close()
            os.environ.pop(handoff.ENV_SOCKET, None)
        held.release()


def serve(
    args: argparse.Namespace,
    folder: str,
    token: str,
    query_key: str,
    runtime: Path,
    data_dir: Path,
    config: CohortConfig,
    config_path: str | None,
    terminal: TextIO,
) -> None:
    """Start Voila behind the guard and block until it stops."""
    from voila.app import Voila

    from sbs_training.server import kernel_cap, voila_fixes
    from sbs_training.server.guard import Guard, install, is_loopback, local_names
    from sbs_training.server.jupyter_setup import TEMPLATE_NAME, use_template_path
    from sbs_training.server.page_speed import page_config_hook
    from sbs_training.server.progress_card import add_handler as add_progress_card
    from sbs_training.server.redact import redact_every_handler

    voila_fixes.apply()
    kernel_cap.install()
    use_template_path()
    shared = not is_loopback(args.host)
    guard = Guard(token=token, port=args.port, names=local_names(args.host), shared=shared, query_key=query_key)
    secrets = (token, guard.cookie_value, query_key)
    redact_every_handler(secrets)
    url = f"http://{display_host(args.host)}:{args.port}/?token={token}"
    here = f"http://127.0.0.1:{args.port}/?token={token}" if shared else url

    class GuardedVoila(Voila):
        """Voila with the guard in front of every route, and a browser opened on the link with the token."""

        def listen(self) -> None:
            import tornado.ioloop

            add_progress_card(self.app, self.server_url)  # before the guard, so the guard stands in front
            install(self.app, guard)
            redact_every_handler(secrets)  # again: Voila has set up its own logging by now
            if shared:
                voila_fixes.add_banner(self.app, SHARED_WARNING)
            # Said once the server is listening, so the link works the moment it shows.
            tornado.ioloop.IOLoop.current().add_callback(lambda: print(welcome, file=terminal, flush=True))
            super().listen()

        def launch_browser(self) -> None:
            open_browser(here, runtime)

    app = GuardedVoila.instance()
    app.initialize([*voila_argv(args, folder, TEMPLATE_NAME), f"--Voila.connection_dir_root={runtime}"])
    app.tornado_settings = {**app.tornado_settings, "headers": {"Content-Security-Policy": PAGE_POLICY}}
    app.voila_configuration.page_config_hook = page_config_hook
    cohort = f" for {config.organisation}" if config.organisation else ""
    lines = [
        f"The workbooks{cohort} are ready. Open this link in your browser (it is your key: keep it to yourself):",
        f"    {url}",
        f"Your journal is in {data_dir}" + (f" (settings: {config_path})" if config_path else "") + ".",
        f"Details for troubleshooting go to {data_dir / LOG_NAME}.",
        "To stop, press Ctrl+C in this window.",
    ]
    if shared:
        lines[2:2] = [f"    (on this computer: {here})"]
        lines.insert(0, "WARNING: " + SHARED_WARNING)
    welcome = "\n".join(lines)
    app.start()


def open_browser(url: str, runtime: Path) -> None:
    """Open the link through a private file, as Jupyter does, so the token never shows in the process list."""
    import html
    import threading
    import webbrowser

    page = runtime / "open.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        safe = html.escape(url, quote=True)
        handle.write(
            f"<!doctype html><meta charset='utf-8'><meta http-equiv='refresh' content='0; url={safe}'>"
            f"<title>Opening the workbooks</title><p><a href='{safe}'>Open the workbooks</a></p>"
        )
    threading.Thread(target=lambda: webbrowser.open(page.as_uri(), new=2), daemon=True).start()
