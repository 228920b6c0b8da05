"""``sbs-training erase``: delete every saved record, after asking."""

from __future__ import annotations

import argparse
import sys

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="erase without asking first")
    add_data_dir(parser)


def _describe(counts: dict[str, int]) -> str:
    names = {
        "reflections": "reflections",
        "revisions": "earlier versions",
        "checkins": "check-ins",
        "answers": "answers",
        "debriefs": "debriefs",
    }
    return ", ".join(f"{n} {names[k]}" for k, n in counts.items())


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.passphrase import open_journal

    with open_journal(args) as journal:
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("Erasing needs a yes: run again with --yes, or run it in a terminal to be asked.")
            print(f"This deletes {_describe(journal.counts())} from {journal.path}. It can't be undone.")
            if input("Type 'erase' to confirm: ").strip().lower() != "erase":
                print("Nothing was erased.")
                return 1
        deleted = journal.erase()
    print(f"Erased {_describe(deleted)}.")
    return 0
