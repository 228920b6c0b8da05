"""``sbs-training supervision``: the supervision pack for a date range, as HTML to print or Markdown.

The same pack as the *After a session* workbook's download (one builder,
``sbs_training.sessions.supervision_pack.build_pack``). Without dates it covers the
last four weeks. A range with no debriefs still writes a valid pack that says
so, and the note on stderr says so too; the exit status is 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sbs_training.cli import add_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="first session day to include (default: 27 days ago)")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="last session day to include (default: today)")
    parser.add_argument("--format", choices=["html", "md"], default="html", help="html to print (default) or md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from sbs_training.cli.output import write_private
    from sbs_training.cli.passphrase import SCREEN_NOTE, open_journal, plain_export_note
    from sbs_training.sessions.debrief_records import parse_day
    from sbs_training.sessions.supervision_pack import DEFAULT_DAYS, build_pack, check_range, default_range

    since, until = default_range()
    if args.until:
        until = parse_day(args.until)
        since = until - timedelta(days=DEFAULT_DAYS - 1)
    if args.since:
        since = parse_day(args.since)
    check_range(since, until)
    if args.output:
        target = Path(args.output)
        if target.is_dir():
            from sbs_training.errors import UserError

            raise UserError(f"{target} is a folder; give a file name for the pack, e.g. {target}/pack.html.")
    with open_journal(args) as journal:
        text = build_pack(journal, since, until, args.format)
        found = len(journal.debriefs(since.isoformat(), until.isoformat()))
        note = plain_export_note(journal)
    if not found:
        print(
            f"No debriefs from {since.isoformat()} to {until.isoformat()}; "
            "the pack says so and holds only the other parts.",
            file=sys.stderr,
        )
    if args.output:
        write_private(Path(args.output), text)
        print(
            f"Wrote the supervision pack ({found} debrief{'s' if found != 1 else ''}) to {args.output}.{note}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
        if note:
            print(SCREEN_NOTE, file=sys.stderr)
    return 0
