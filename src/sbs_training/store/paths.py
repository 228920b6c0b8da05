"""Where the journal lives, and keeping that folder private.

Order: an explicit ``--data-dir``, else ``SBS_TRAINING_DATA_DIR``, else the
platform's per-user data folder. ``serve`` exports the choice through the
environment so every kernel writes to the same journal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from platformdirs import user_data_dir

from sbs_training.errors import JournalError

ENV_DATA_DIR = "SBS_TRAINING_DATA_DIR"
JOURNAL_FILE = "journal.sqlite3"


def default_data_dir() -> Path:

    return Path(user_data_dir("sbs-training", appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().absolute()
    return default_data_dir()


def ensure_private_dir(folder: Path) -> Path:
    """Create the folder 0700, or tighten an existing one that others can read."""
    if folder.exists() and not folder.is_dir():
        raise JournalError(f"The data folder {folder} is a file, not a folder; choose another with --data-dir.")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077:
            folder.chmod(0o700)
    except PermissionError:
        raise JournalError(
            f"Can't create or use the data folder {folder} (permission denied); choose another with --data-dir."
        ) from None
    except OSError as exc:
        raise JournalError(f"Can't use the data folder {folder}: {exc.strerror or exc}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise JournalError(f"Can't write to the data folder {folder}; choose another with --data-dir.")
    return folder


def journal_path(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILE
