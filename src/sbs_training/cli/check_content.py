"""``sbs-training check-content``: validate everything under exercises/, with file:line."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", metavar="FOLDER", help="content folder to check (default: the workbooks' own exercises/)"
    )


def run(args: argparse.Namespace) -> int:
    from sbs_training.content import check_all

    problems = check_all(Path(args.folder) if args.folder else None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.")
        return 1
    print("All content is valid.")
    return 0
