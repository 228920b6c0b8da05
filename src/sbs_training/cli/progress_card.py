"""``sbs-training progress-card``: the card a trainee chooses to share (ids and days, nothing they wrote)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sbs_training.cli import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write the card to FILE (default: show it here)")
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="put this name on the card instead of your random pseudonym (letters and spaces only)",
    )
    parser.add_argument("--config", metavar="FILE", help="the cohort settings to read the cohort code from")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from sbs_training.cli.export import write_private
    from sbs_training.cli.passphrase import open_journal
    from sbs_training.cli.serve import choose_config
    from sbs_training.config import load_config
    from sbs_training.course.card import current_card
    from sbs_training.errors import UserError

    config = load_config(choose_config(args.config))
    try:
        with open_journal(args) as journal:
            card = current_card(journal, config.cohort_code, name=args.name)
    except ValueError as exc:  # a typed name the card refuses
        raise UserError(f"That name can't go on the card: {str(exc).splitlines()[-1].strip()}.") from None
    text = card.to_json()
    if args.output:
        write_private(Path(args.output), text)
        done = len(card.workbooks_done)
        print(
            f"Wrote your progress card to {args.output}: {done} workbook{'s' if done != 1 else ''} done, "
            f"{len(card.scenario_endings)} scenario endings. It holds nothing you wrote.",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
