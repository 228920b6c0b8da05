"""``sbs-training badge``: for trainers, a completion badge anyone can check offline.

- ``badge keygen --out-dir DIR``: a signing key (badge-key.pem, 0600) and its public key (badge-key.pub.pem);
- ``badge issue CARD --key PEM -o FILE``: an Open Badges 3.0 credential for a trainee's progress card, signed;
- ``badge verify FILE --public-key PEM``: exit 0 if the badge is unchanged and signed by that key.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    keygen = actions.add_parser("keygen", help="make a signing key and its public key")
    keygen.add_argument(
        "--out-dir", required=True, metavar="DIR", help="folder for badge-key.pem and badge-key.pub.pem"
    )
    keygen.add_argument("--force", action="store_true", help="replace a key already there")
    issue = actions.add_parser("issue", help="sign a badge for a trainee's progress card")
    issue.add_argument("card", metavar="CARD", help="the progress card the trainee shared")
    issue.add_argument("--key", required=True, metavar="PEM", help="your signing key (badge-key.pem)")
    issue.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the badge")
    issue.add_argument("--issuer", metavar="NAME", help="who issues it (default: organisation in cohort.toml)")
    verify = actions.add_parser("verify", help="check a badge against the issuer's public key")
    verify.add_argument("badge", metavar="FILE", help="the badge file")
    verify.add_argument("--public-key", required=True, metavar="PEM", help="the issuer's badge-key.pub.pem")


def run(args: argparse.Namespace) -> int:
    from sbs_training.course import badge

    if args.action == "keygen":
        private, public = badge.keygen(Path(args.out_dir), force=args.force)
        print(f"Wrote {private} (keep it to yourself: it signs badges) and {public} (give it to anyone who checks).")
        return 0
    if args.action == "issue":
        from sbs_training.cli.export import write_private
        from sbs_training.config import load_config
        from sbs_training.course.card import read_card

        card = read_card(Path(args.card))
        issuer = args.issuer or load_config().organisation or "Side by Side Training trainer"
        token = badge.issue(card, Path(args.key), issuer)
        write_private(Path(args.output), token + "\n")
        count = len(card.workbooks_done)
        print(
            f"Wrote a badge for {count} workbook{'s' if count != 1 else ''} to {args.output}; "
            "it includes no reflections."
        )
        return 0
    claims = badge.verify(Path(args.badge), Path(args.public_key))
    achievement = claims["credentialSubject"]["achievement"]
    print(
        f"Valid: issued by {claims['issuer'].get('name', claims['iss'])} on {claims['validFrom'][:10]}, "
        f"for {len(achievement.get('tag', []))} workbooks completed."
    )
    return 0
