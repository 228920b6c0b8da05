"""Widgets that save to the journal, one job per module:

- ``ReflectionBox`` (reflection.py): free text for one prompt, with an optional example to reveal.
- ``ChoiceCard`` (choice.py): a situation and options, each with feedback.
- ``Classify`` (classify.py): sort statements into categories, with feedback on each.
- ``Checklist`` (checklist.py): tick items off and add your own notes.
- ``DownloadButton`` (download.py): a real browser download of something made from the journal.

All but DownloadButton stand on ``JournalWidget`` (base.py); choice widgets on ``AnswerWidget`` (answers.py).
"""

import importlib
from typing import Any

# Imported when first named, not with the package: a page's kernel imports only the widgets it shows.
_MODULES = {
    "Checklist": "checklist",
    "ChoiceCard": "choice",
    "Classify": "classify",
    "DownloadButton": "download",
    "JournalWidget": "base",
    "ReflectionBox": "reflection",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
