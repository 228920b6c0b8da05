"""``sbs-training export``: the whole journal as JSON (to restore), Markdown or HTML (to read)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from sbs_training.cli import add_data_dir
from sbs_training.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["json", "md", "html"],
        default="json",
        help="json restores everything; md and html are for reading and printing (default json)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    add_data_dir(parser)


def write_private(path: Path, text: str) -> None:
    """Write atomically and readable only by you: an export holds private words."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"Can't write to {folder} ({exc.strerror or exc}); nothing was written.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Can't write {path} ({exc.strerror or exc}); nothing was written.") from None


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
