"""``sbs-training import``: merge a JSON export into this journal, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from sbs_training.cli import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a JSON file written by 'sbs-training export'")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.passphrase import open_journal
    from sbs_training.exchange import import_file, read_export

    read_export(Path(args.file))  # check the file before the journal is even opened
    with open_journal(args) as journal:
        summary = import_file(journal, Path(args.file))
    print(summary.sentence())
    return 0
