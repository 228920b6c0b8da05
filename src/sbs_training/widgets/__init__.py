"""Widgets that save to the journal, one job per module:

- ``ReflectionBox`` (reflection.py): free text for one prompt, with an optional example to reveal.
- ``ChoiceCard`` (choice.py): a situation and options, each with feedback.
- ``Classify`` (classify.py): sort statements into categories, with feedback on each.
- ``Checklist`` (checklist.py): tick items off and add your own notes.
- ``DownloadButton`` (download.py): a real browser download of something made from the journal.

All but DownloadButton stand on ``JournalWidget`` (base.py); choice widgets on ``AnswerWidget`` (answers.py).
"""

from sbs_training.widgets.base import JournalWidget
from sbs_training.widgets.checklist import Checklist
from sbs_training.widgets.choice import ChoiceCard
from sbs_training.widgets.classify import Classify
from sbs_training.widgets.download import DownloadButton
from sbs_training.widgets.reflection import ReflectionBox

__all__ = ["Checklist", "ChoiceCard", "Classify", "DownloadButton", "JournalWidget", "ReflectionBox"]
