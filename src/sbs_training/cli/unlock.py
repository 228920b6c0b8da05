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
    from sbs_training.cli.passphrase import ask, at_terminal, read_secret_file
    from sbs_training.store import locking
    from sbs_training.store.keys import code_from_text, is_locked, require_lock_support
    from sbs_training.store.paths import journal_path, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    if not is_locked(journal_path(data_dir)):
        raise UserError(f"Your journal in {data_dir} isn't locked; nothing was changed.")
    require_lock_support()
    if args.recovery_file:
        code = code_from_text(read_secret_file(args.recovery_file, "recovery"))
        if code is None:
            raise UserError(f"{args.recovery_file} holds no recovery code; nothing was changed.")
        secret, kind = code, "recovery"
    elif args.passphrase_file:
        secret, kind = read_secret_file(args.passphrase_file, "passphrase"), "passphrase"
    elif at_terminal():
        secret, kind = ask("Passphrase: "), "passphrase"
    else:
        raise UserError(
            "Unlocking needs the passphrase (--passphrase-file FILE) or the recovery code (--recovery-file FILE), "
            "or a terminal to be asked; nothing was changed."
        )
    counts = locking.unlock(data_dir, secret, kind)
    print(
        f"Unlocked: your journal in {data_dir} ({describe(counts)}) is a plain file again, "
        "readable by anyone who can open your account's files. The old recovery code no longer applies; "
        "lock it again at any time with sbs-training lock."
    )
    return 0
