"""The widget gallery's page (``gallery/*.ipynb``): every widget, to build by hand.

Workbooks show widgets made from content; the gallery shows each widget built
from its constructor arguments, so a developer sees what it takes. It is the
one page that hands notebooks the widget classes themselves, so the gallery
notebooks, like every other notebook, import only from ``sbs_training.pages``.
"""

from sbs_training.errors import UserError
from sbs_training.widgets.activity_browser import ActivityBrowser
from sbs_training.widgets.agreement import AgreementBuilder
from sbs_training.widgets.checkin import CheckIn, LookingBack, Reminder
from sbs_training.widgets.checklist import Checklist
from sbs_training.widgets.choice import ChoiceCard
from sbs_training.widgets.classify import Classify
from sbs_training.widgets.download import DownloadButton
from sbs_training.widgets.journal_download import journal_download
from sbs_training.widgets.journal_erase import JournalErase
from sbs_training.widgets.journal_upload import JournalUpload
from sbs_training.widgets.journal_view import JournalView
from sbs_training.widgets.reflection import ReflectionBox
from sbs_training.widgets.session_planner import SessionPlanner

__all__ = [
    "ActivityBrowser",
    "AgreementBuilder",
    "CheckIn",
    "Checklist",
    "ChoiceCard",
    "Classify",
    "DownloadButton",
    "JournalErase",
    "JournalUpload",
    "JournalView",
    "LookingBack",
    "ReflectionBox",
    "Reminder",
    "SessionPlanner",
    "UserError",
    "journal_download",
]
