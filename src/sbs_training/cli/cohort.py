"""``sbs-training cohort``: set up a cohort and share the link trainees click.

- ``cohort init [FILE]``: write a commented ``cohort.toml`` to edit (never overwrites without ``--force``);
- ``cohort check [FILE]``: check a ``cohort.toml`` and say what trainees will see;
- ``cohort link``: print the Binder launch link and a README badge for this repository;
- ``cohort summary CARD...``: count the progress cards trainees shared (``cli/cohort_summary.py``).
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

from sbs_training.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="write a commented cohort.toml to edit", description=__doc__)
    init.add_argument("file", nargs="?", default="cohort.toml", help="where to write it (default: ./cohort.toml)")
    init.add_argument("--force", action="store_true", help="replace the file if it already exists")
    check = actions.add_parser("check", help="check a cohort.toml and show what trainees will see")
    check.add_argument("file", nargs="?", help="the file to check (default: the one serve would use)")
    summary = actions.add_parser(
        "summary",
        help="count the progress cards trainees shared: who finished what, small counts hidden",
        description="How many trainees finished each workbook and reached each scenario ending, "
        "from the progress cards they chose to share. Any count under 5 shows as 'fewer than 5'.",
    )
    importlib.import_module("sbs_training.cli.cohort_summary").add_arguments(summary)
    link = actions.add_parser("link", help="print the Binder launch link and README badge")
    link.add_argument("--repo", metavar="URL", help="the repository (default: this checkout's git remote 'origin')")
    link.add_argument("--ref", metavar="REF", help="branch, tag or commit (default: the remote's default branch)")
    link.add_argument(
        "--workbook", metavar="NAME", help="open one workbook, e.g. 00-welcome (default: the workbook list)"
    )


def _quoted(items: list[str]) -> str:
    return "[\n" + "".join(f'    "{item}",\n' for item in items) + "]"


def template_text() -> str:
    """A commented cohort.toml holding today's defaults, so it is valid as written."""
    from sbs_training.config import CONFIG_NAME, trainee_workbook_ids, trainer_workbook_ids
    from sbs_training.resources import package_file

    defaults = package_file("defaults", CONFIG_NAME).read_text(encoding="utf-8")
    helplines = defaults[defaults.index("[[helplines]]") :]
    return f'''# {CONFIG_NAME}: the settings for your cohort of trainees.
#
# Edit this file, then check it with:  sbs-training cohort check
# `sbs-training serve` uses it when it is in the folder you start from or
# beside the workbooks/ folder; on Binder and JupyterHub keep it at the root
# of your repository. Any setting you delete falls back to the default.

# Your organisation's name, shown on the workbook list and in the help panel.
organisation = ""

# A short code for this cohort (letters, digits, dots, dashes), e.g. "leeds-spring-2027".
# It is written on the progress cards trainees choose to share with you, so
# you can tell cohorts apart in `sbs-training cohort summary`.
cohort_code = ""

# One line telling trainees how to reach you, e.g.
# "Ana and Sam, 01234 567890 or hello@example.org, Monday to Friday 10 to 4".
contact = ""

# An optional welcome message, shown in the welcome workbook. Leave a blank
# line between paragraphs. Don't put anything here you wouldn't put on a
# public website: Binder sessions are public.
welcome = """
"""

# Which workbooks your trainees see, in the order to list them. Take out any
# you won't use; reorder freely. An empty list [] means every workbook.
workbooks = {_quoted(trainee_workbook_ids())}

# Workbooks for you, listed separately under "For trainers".
trainer_workbooks = {_quoted(trainer_workbook_ids())}

# Helplines shown in the "Get help now" panel on every page. Replace them with
# the services your trainees can use. Every helpline needs a region, name,
# number and the date you checked it (written 2026-11-21, no quotes); "text"
# (a number to text) and "hours" are optional. Check them before every cohort.
{helplines}'''


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _default_ref() -> str:
    head = _git("symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    if head and "/" in head:
        return head.split("/", 1)[1]
    return _git("symbolic-ref", "--short", "HEAD") or "main"  # the checked-out branch, even before a commit


def run_init(args: argparse.Namespace) -> int:
    from sbs_training.cli.output import write_private

    target = Path(args.file)
    if target.exists() and not args.force:
        raise UserError(f"{target} already exists, so nothing was written; add --force to replace it.")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name such as {target / 'cohort.toml'}.")
    write_private(target, template_text())
    target.chmod(0o644)  # settings, not private words: trainers share this file
    print(f"Wrote {target}. Edit it, then run: sbs-training cohort check {target}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from sbs_training.cli.serve import choose_config
    from sbs_training.cohort.workbook_list import workbook_lists
    from sbs_training.config import load_config

    path = choose_config(args.file)
    config = load_config(path)
    trainee, trainer = workbook_lists(config)
    print(f"{path or 'The default settings'} {'is' if path else 'are'} valid.")
    print(f"Organisation: {config.organisation or '(not set)'}")
    print(f"Helplines: {', '.join(f'{h.name} {h.number}' for h in config.helplines)}")
    print(f"Workbooks, in order: {', '.join(w.id for w in trainee) or '(none)'}")
    print(f"Trainer workbooks: {', '.join(w.id for w in trainer) or '(none)'}")
    return 0


def run_link(args: argparse.Namespace) -> int:
    from sbs_training.cohort.binder_link import badge_markdown, binder_url, parse_repository
    from sbs_training.config import trainee_workbook_ids, trainer_workbook_ids

    remote = args.repo or _git("remote", "get-url", "origin")
    if not remote:
        raise UserError(
            "This folder has no git remote called origin, so there is no repository to link to. "
            "Push your fork to GitHub first, or name it with --repo https://github.com/OWNER/REPO."
        )
    repo = parse_repository(remote)
    if args.workbook:
        name = args.workbook.removesuffix(".ipynb")
        known = trainee_workbook_ids() + [f"trainer/{w}" for w in trainer_workbook_ids()]
        if name not in known:
            raise UserError(f"There is no workbook called {name!r}; choose one of: {', '.join(known)}.")
    else:
        name = None
    url = binder_url(repo, args.ref or _default_ref(), name)
    print(f"Binder launch link (share this with your trainees):\n{url}\n")
    print(f"Badge for your README (Markdown):\n{badge_markdown(url)}\n")
    print(
        "Remember: Binder sessions are public and temporary. Ask trainees not to write names or identifying "
        "details, and to download their journal before they leave.",
        file=sys.stderr,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "summary":
        return importlib.import_module("sbs_training.cli.cohort_summary").run(args)
    return {"init": run_init, "check": run_check, "link": run_link}[args.action](args)
