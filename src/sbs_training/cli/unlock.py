"""``sbs-training unlock``: turn a locked journal back into a plain one, with the passphrase or the recovery code."""

from __future__ import annotations

import argparse

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser, passphrase=False)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--passphrase-file", metavar="FILE", help="a file holding the passphrase (default: asked at the terminal)"
    )
    which.add_argument(
        "--recovery-file", metavar="FILE", help="the recovery file written by lock (or a file holding the code)"
    )


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.lock import describe
    from sbs_training.cli.passphrase import current_secret
    from sbs_training.store import locking
    from sbs_training.store.keys import is_locked, require_lock_support
    from sbs_training.store.paths import journal_path, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    if not is_locked(journal_path(data_dir)):
        raise UserError(f"Your journal in {data_dir} isn't locked; nothing was changed.")
    require_lock_support()
    secret, kind = current_secret(args, "Passphrase: ", "Unlocking needs the passphrase")
    counts = locking.unlock(data_dir, secret, kind)
    print(
        f"Unlocked: your journal in {data_dir} ({describe(counts)}) is a plain file again, "
        "readable by anyone who can open your account's files. The old recovery code no longer applies; "
        "lock it again at any time with sbs-training lock."
    )
    return 0
