"""Where a command's ``-o FILE`` goes: written whole, and readable only by the person who ran it.

``export`` and ``supervision`` write files that hold private words, and
``cohort init`` writes settings: all through ``write_private``, so a file is
never left half written and starts readable only by its owner (0600).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sbs_training.errors import UserError


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
