"""``sbs-training lock``: lock the journal with a passphrase and a recovery code, or change the passphrase.

Opt-in. The recovery code is shown once (and written to ``--recovery-file`` at 0600)
and, at a terminal, the person types part of it back before anything is locked.
The work itself, crash-safe, is ``sbs_training.store.locking``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError

LOSS_WARNING = (
    "If you lose both your passphrase and your recovery code, your journal is lost: "
    "nobody can open it, not even the people who make this program."
)
PLAIN_EXPORTS = (
    "Exports (sbs-training export, the supervision pack, downloads from the workbooks) "
    "stay plain files that anyone who opens them can read."
)
NAMES = {
    "reflections": ("reflection", "reflections"),
    "revisions": ("earlier version", "earlier versions"),
    "checkins": ("check-in", "check-ins"),
    "answers": ("answer", "answers"),
    "debriefs": ("debrief", "debriefs"),
}


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {NAMES.get(k, (k, k))[n != 1]}" for k, n in counts.items())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser, passphrase=False)
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="a file holding the passphrase to lock with (with --change-passphrase: the current one); "
        "default: asked at the terminal, twice",
    )
    parser.add_argument(
        "--recovery-file",
        metavar="FILE",
        help="a new file to write the recovery code to, readable only by you (with --change-passphrase: "
        "the recovery file, instead of the current passphrase)",
    )
    parser.add_argument(
        "--change-passphrase",
        action="store_true",
        help="give a locked journal a new passphrase (the journal itself is not rewritten)",
    )
    parser.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="with --change-passphrase: a file holding the new passphrase (default: asked at the terminal, twice)",
    )


def _new_passphrase(source: str | None) -> str:
    from sbs_training.cli.passphrase import ask_new_passphrase, at_terminal, read_secret_file
    from sbs_training.store.keys import check_new_passphrase

    if source:
        passphrase = read_secret_file(source, "passphrase")
    elif at_terminal():
        passphrase = ask_new_passphrase()
    else:
        raise UserError("Locking needs a passphrase: give --passphrase-file FILE, or run this in a terminal.")
    check_new_passphrase(passphrase)
    return passphrase


def write_recovery_file(path: Path, text: str, data_dir: Path) -> None:
    """A new file only (never over another), 0600, fsynced, and not beside the journal it opens."""
    target = path.expanduser().absolute()
    if target.parent.resolve() == data_dir.resolve():
        raise UserError(
            "Keep the recovery file away from the journal's own folder (a code beside the lock opens it); "
            "nothing was changed."
        )
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(f"{path} already exists; choose a new file name for the recovery code.") from None
    except OSError as exc:
        raise UserError(f"Can't write the recovery file {path} ({exc.strerror or exc}); nothing was changed.") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def _confirm_kept(code: str) -> None:
    """At a terminal: show the code once, and have the last group typed back before the lock turns on."""
    from sbs_training.cli.passphrase import ask

    print(
        "\nYour recovery code (it opens the journal if you forget your passphrase):\n\n"
        f"    {code}\n\n"
        "Write it down or save it in a password manager now, somewhere away from this computer. "
        "It is shown only this once.\n" + LOSS_WARNING + "\n"
    )
    typed = ask("To show you have kept it, type the last five characters of the code: ")
    if typed.strip().upper() != code.rsplit("-", 1)[-1]:
        raise UserError("Those weren't the code's last five characters, so nothing was locked; run lock again.")


def _lock(args: argparse.Namespace, data_dir: Path) -> int:
    from sbs_training.cli.passphrase import at_terminal
    from sbs_training.cohort.binder import on_binder
    from sbs_training.store import locking
    from sbs_training.store.keys import is_locked, new_recovery_code, recovery_text
    from sbs_training.store.paths import journal_path

    if on_binder():
        raise UserError(
            "Locking isn't offered on Binder: the session and its journal are deleted when it ends anyway; "
            "download your journal from My journal to keep it."
        )
    if is_locked(journal_path(data_dir)):
        raise UserError("Your journal is already locked; to change its passphrase, use lock --change-passphrase.")
    if not args.recovery_file and not at_terminal():
        raise UserError("Without a terminal, locking needs --recovery-file FILE to write the recovery code to.")
    passphrase = _new_passphrase(args.passphrase_file)
    code = new_recovery_code()
    written = None
    if args.recovery_file:
        written = Path(args.recovery_file)
        write_recovery_file(written, recovery_text(code, data_dir), data_dir)
    try:
        if at_terminal():
            _confirm_kept(code)
        counts = locking.lock(data_dir, passphrase, code)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)  # a code for a lock that never happened would only confuse
        raise
    print(
        f"Locked: your journal in {data_dir} ({describe(counts)}) can now be read only with your passphrase "
        "or your recovery code."
    )
    if written is not None:
        print(f"Your recovery code is in {written}: keep that file somewhere safe, away from this computer.")
    print(LOSS_WARNING)
    print(PLAIN_EXPORTS)
    print("Every command that opens the journal now asks for the passphrase, or takes --passphrase-file FILE.")
    return 0


def _change(args: argparse.Namespace, data_dir: Path) -> int:
    from sbs_training.cli.passphrase import current_secret
    from sbs_training.store import locking
    from sbs_training.store.keys import data_key_for, is_locked
    from sbs_training.store.paths import journal_path

    if not is_locked(journal_path(data_dir)):
        raise UserError("Your journal isn't locked, so it has no passphrase to change; nothing was changed.")
    secret, kind = current_secret(args, "Current passphrase: ", "Changing the passphrase needs the current one")
    data_key_for(data_dir, secret, kind)  # a wrong one stops here, before a new one is asked for
    new = _new_passphrase(args.new_passphrase_file)
    locking.change_passphrase(data_dir, secret, kind, new)
    print("Changed: your journal now opens with the new passphrase. Your recovery code is unchanged.")
    return 0


def run(args: argparse.Namespace) -> int:
    from sbs_training.store.keys import lock_support_missing
    from sbs_training.store.paths import resolve_data_dir

    missing = lock_support_missing()
    if missing:
        print(f"sbs-training: {missing}; nothing was changed.", file=sys.stderr)
        return 1
    if args.new_passphrase_file and not args.change_passphrase:
        raise UserError("--new-passphrase-file goes with --change-passphrase.")
    data_dir = resolve_data_dir(args.data_dir)
    return _change(args, data_dir) if args.change_passphrase else _lock(args, data_dir)
