"""Find the workbooks and the exercise content, installed or in a checkout.

A wheel carries them under ``sbs_training/_data`` (see pyproject.toml); an
editable install or a plain checkout reads them from the repository root.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    bundled = _PACKAGE / "_data"
    if (bundled / "workbooks").is_dir():
        return bundled
    checkout = _PACKAGE.parent.parent
    if (checkout / "workbooks").is_dir():
        return checkout
    raise FileNotFoundError("sbs-training is installed without its workbooks; reinstall the package.")


def workbooks_dir() -> Path:
    return _root() / "workbooks"


def exercises_dir() -> Path:
    return _root() / "exercises"


def package_file(*parts: str) -> Path:
    """A file shipped inside the package itself (defaults, static assets)."""
    return _PACKAGE.joinpath(*parts)


@cache
def workbook_title(workbook_id: str) -> str:
    """The first heading of a workbook, read as plain JSON (nbformat is slow to import)."""

    for path in (workbooks_dir() / f"{workbook_id}.ipynb", *workbooks_dir().glob(f"*/{workbook_id}.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            for line in "".join(cell.get("source", "")).splitlines():
                if cell.get("cell_type") == "markdown" and line.startswith("# "):
                    return line[2:].strip()
    return workbook_id.split("-", 1)[-1].replace("-", " ").capitalize()
