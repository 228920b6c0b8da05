"""``sbs-training cohort summary CARD...``: how many trainees finished each workbook; small counts hidden."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cards", nargs="+", metavar="CARD", help="progress card files trainees shared with you")


def run(args: argparse.Namespace) -> int:
    from sbs_training.course.card import read_card
    from sbs_training.course.summary import summarise, summary_text

    cards = [read_card(Path(name)) for name in args.cards]  # any bad card stops here, with its name
    sys.stdout.write(summary_text(summarise(cards)))
    return 0
