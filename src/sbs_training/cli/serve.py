"""``sbs-training serve``: the workbooks in Voila, tamed.

- binds 127.0.0.1 unless told otherwise, and a port in use is an error, not a move;
- preheats a kernel per workbook (widgets still read the journal only once
  the visit starts: see session.py);
- culls idle kernels, so closed pages do not pile up kernels;
- strips code and never shows a traceback to a trainee;
- hands the data folder and the cohort settings to every kernel through the environment;
- lists the workbooks in the cohort's order (the ``sbs`` Voila template and
  ``sbs_training.cohort.page_config_hook``), trainer workbooks apart.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError


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
        help="serve this folder of notebooks instead of the workbooks (for authors, e.g. widgets/)",
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


def check_port_free(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise UserError(f"{port} is not a port number; choose one between 1 and 65535.")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
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


def voila_argv(args: argparse.Namespace, workbooks: str, template: str | None = None) -> list[str]:
    argv = [
        workbooks,
        f"--port={args.port}",
        f"--Voila.ip={args.host}",
        "--Voila.port_retries=0",
        "--preheat_kernel=True",
        f"--pool_size={max(args.pool_size, 0)}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={max(args.idle_timeout, 1)}",
        f"--MappingKernelManager.cull_interval={min(max(args.idle_timeout // 4, 1), 60)}",
        "--MappingKernelManager.cull_connected=False",
        # Trainer notebooks are opened now and then: no kernel kept warm for them.
        "--VoilaKernelManager.preheat_denylist=['trainer/']",
        # Under load (many kernels starting at once) a cell's output can arrive after Voila's
        # 4 s default and be dropped silently; benchmarks/load.py showed pages losing widgets.
        "--VoilaExecutor.iopub_timeout=30",
        "--Voila.log_level=WARN",
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
    from sbs_training.config import ENV_CONFIG, load_config
    from sbs_training.journal import Journal
    from sbs_training.paths import ENV_DATA_DIR, resolve_data_dir
    from sbs_training.resources import workbooks_dir

    data_dir = resolve_data_dir(args.data_dir)
    Journal(data_dir).close()  # fail now, in one sentence, if the journal can't be used
    config_path = choose_config(args.config)
    config = load_config(config_path)
    if config_path:
        os.environ[ENV_CONFIG] = config_path
    check_port_free(args.host, args.port)
    os.environ[ENV_DATA_DIR] = str(data_dir)

    from voila.app import Voila

    from sbs_training import voila_fixes

    voila_fixes.apply()

    from sbs_training.cohort import TEMPLATE_NAME, page_config_hook, use_template_path

    use_template_path()
    cohort = f" for {config.organisation}" if config.organisation else ""
    settings = f", settings: {config_path}" if config_path else ""
    print(
        f"Serving the workbooks{cohort} at http://{args.host}:{args.port}/ (journal: {data_dir}{settings}). "
        "Press Ctrl+C to stop.",
        file=sys.stderr,
        flush=True,
    )
    app = Voila.instance()
    folder = os.path.abspath(args.notebooks) if args.notebooks else str(workbooks_dir())
    if not os.path.isdir(folder):
        raise UserError(f"{args.notebooks} is not a folder of notebooks.")
    app.initialize(voila_argv(args, folder, TEMPLATE_NAME))
    app.tornado_settings = {**app.tornado_settings, "headers": {"Content-Security-Policy": PAGE_POLICY}}
    app.voila_configuration.page_config_hook = page_config_hook
    app.start()
    return 0
