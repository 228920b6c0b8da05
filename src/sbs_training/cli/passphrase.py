"""Opening a journal that may be locked, for every command: ``open_journal(args)``.

A plain journal opens as it always has. A locked one needs its passphrase: from
``--passphrase-file`` (added by ``add_data_dir``), or asked at a terminal. With
neither, or with a wrong passphrase, the command stops with one sentence and has
changed nothing. Heavy imports stay inside the functions, for a quick ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sbs_training.errors import UserError

if TYPE_CHECKING:
    from sbs_training.store.journal import Journal
    from sbs_training.store.keys import Kind


def read_secret_file(path: str, what: str) -> str:
    """A passphrase or code from a file: all of it but a final line break."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"The {what} file {path} doesn't exist; nothing was changed.") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not readable text"
        raise UserError(f"Can't read the {what} file {path} ({reason}); nothing was changed.") from None
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    if not text:
        raise UserError(f"The {what} file {path} is empty; nothing was changed.")
    return text


def at_terminal() -> bool:
    return sys.stdin.isatty()


def ask(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UserError("No passphrase was typed; nothing was changed.") from None


def ask_new_passphrase(what: str = "passphrase") -> str:
    """A new passphrase typed twice, so a slip of the finger can't lock the journal for good."""
    first = ask(f"Choose a {what} (at least 8 characters; a few unrelated words work well): ")
    if ask(f"Type the {what} again: ") != first:
        raise UserError("The two passphrases were different; nothing was changed.")
    return first


def current_secret(args: argparse.Namespace, prompt: str, needs: str) -> tuple[str, Kind]:
    """The journal's current passphrase or recovery code, from ``--recovery-file``, ``--passphrase-file`` or a terminal.

    ``needs`` begins the sentence said when there is neither a file nor a terminal.
    """
    if args.passphrase_file and args.recovery_file:
        raise UserError("Give either --passphrase-file or --recovery-file, not both.")
    if args.recovery_file:
        from sbs_training.store.keys import code_from_text

        code = code_from_text(read_secret_file(args.recovery_file, "recovery"))
        if code is None:
            raise UserError(f"{args.recovery_file} holds no recovery code; nothing was changed.")
        return code, "recovery"
    if args.passphrase_file:
        return read_secret_file(args.passphrase_file, "passphrase"), "passphrase"
    if at_terminal():
        return ask(prompt), "passphrase"
    raise UserError(
        f"{needs} (--passphrase-file FILE) or the recovery code (--recovery-file FILE), "
        "or a terminal to be asked; nothing was changed."
    )


def journal_key(args: argparse.Namespace, data_dir: Path) -> bytes | None:
    """The data key of a locked journal (from the passphrase), or None if the journal is plain."""
    from sbs_training.store.keys import data_key_for, is_locked
    from sbs_training.store.paths import journal_path

    if not is_locked(journal_path(data_dir)):
        return None
    source = getattr(args, "passphrase_file", None)
    if source:
        passphrase = read_secret_file(source, "passphrase")
    elif at_terminal():
        passphrase = ask("Your journal is locked. Passphrase: ")
    else:
        raise UserError(
            "Your journal is locked: give its passphrase with --passphrase-file FILE, "
            "or run this in a terminal to be asked; nothing was changed."
        )
    return data_key_for(data_dir, passphrase, "passphrase")


def open_journal(args: argparse.Namespace) -> Journal:
    """The journal for a command, unlocked with its passphrase if it is locked."""
    from sbs_training.store.journal import Journal
    from sbs_training.store.paths import resolve_data_dir

    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    return Journal(data_dir, journal_key(args, data_dir))


def plain_export_note(journal: Journal) -> str:
    """Said after "Wrote ... to FILE." by every command that writes a locked journal's words out."""
    if not getattr(journal, "locked", False):
        return ""
    return " It is a plain file, not locked: anyone who can open it can read it."


SCREEN_NOTE = "What was written above is plain text, not locked: anyone who sees or saves it can read it."
