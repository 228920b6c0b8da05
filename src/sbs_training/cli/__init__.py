"""``sbs-training``: one small module per verb, each with ``add_arguments`` and ``run``.

Verb modules import their heavy dependencies inside ``run`` so that
``sbs-training --help`` stays quick. Problems a person can fix arrive here as
``UserError`` and are printed as one sentence with a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from sbs_training import __version__
from sbs_training.errors import UserError

VERBS: dict[str, tuple[str, str]] = {
    "serve": ("sbs_training.cli.serve", "Open the workbooks in your web browser."),
    "export": ("sbs_training.cli.export", "Write your whole journal to a file (JSON, Markdown or HTML)."),
    "import": ("sbs_training.cli.import_journal", "Bring back a journal from a JSON export."),
    "supervision": (
        "sbs_training.cli.supervision",
        "Make a supervision pack of your debriefs after sessions (HTML to print, or Markdown).",
    ),
    "erase": ("sbs_training.cli.erase", "Delete everything saved in your journal."),
    "lock": (
        "sbs_training.cli.lock",
        "Lock your journal with a passphrase and a recovery code, or change the passphrase (optional).",
    ),
    "unlock": ("sbs_training.cli.unlock", "Turn a locked journal back into a plain one."),
    "keep-open": (
        "sbs_training.cli.keep_open",
        "On JupyterHub: let your workbooks read your locked journal until you press Ctrl+C.",
    ),
    "check-content": ("sbs_training.cli.check_content", "Check every file under exercises/ for mistakes."),
    "cohort": (
        "sbs_training.cli.cohort",
        "Set up a cohort: settings file, checks, the Binder link, and a summary of shared progress cards.",
    ),
    "progress-card": (
        "sbs_training.cli.progress_card",
        "Write a progress card to share with your trainer: workbooks done and endings reached, nothing you wrote.",
    ),
    "badge": ("sbs_training.cli.badge", "For trainers: make a signing key, issue a completion badge, check one."),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sbs-training",
        description="Side by Side Training: workbooks for peer-support facilitators. "
        "Your reflections stay on this computer unless you export them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name, (module, summary) in VERBS.items():
        sub = verbs.add_parser(name, help=summary, description=summary)
        sub.set_defaults(module=module)
        importlib.import_module(module).add_arguments(sub)
    return parser


def add_data_dir(parser: argparse.ArgumentParser, *, passphrase: bool = True) -> None:
    """The options of every command that opens the journal: where it is, and its passphrase if locked.

    Such a command opens the journal with ``sbs_training.cli.passphrase.open_journal(args)``,
    which reads ``--passphrase-file`` or asks at a terminal.
    """
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder that holds your journal (default: $SBS_TRAINING_DATA_DIR, else your user data folder)",
    )
    if passphrase:
        parser.add_argument(
            "--passphrase-file",
            metavar="FILE",
            help="if your journal is locked: a file holding its passphrase (default: asked at the terminal)",
        )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return importlib.import_module(args.module).run(args) or 0
    except UserError as exc:
        print(f"sbs-training: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one sentence, never a traceback
        if os.environ.get("SBS_TRAINING_DEBUG"):
            raise
        print(
            f"sbs-training: something unexpected went wrong ({type(exc).__name__}: {exc}); "
            "nothing further was changed. Run again with SBS_TRAINING_DEBUG=1 to see details.",
            file=sys.stderr,
        )
        return 1
