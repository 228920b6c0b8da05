"""``sbs-training export``: the whole journal as JSON (to restore), Markdown or HTML (to read)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sbs_training.cli import add_data_dir
from sbs_training.cli.output import write_private


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["json", "md", "html"],
        default="json",
        help="json restores everything; md and html are for reading and printing (default json)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.passphrase import SCREEN_NOTE, open_journal, plain_export_note
    from sbs_training.exchange import export_text

    with open_journal(args) as journal:
        text = export_text(journal, args.format)
        note = plain_export_note(journal)
    if args.output:
        write_private(Path(args.output), text)
        print(f"Wrote your journal to {args.output}.{note}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        if note:
            print(SCREEN_NOTE, file=sys.stderr)
    return 0
