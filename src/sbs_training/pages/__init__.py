"""The pages layer: the only place that puts widgets together for notebooks.

Notebooks import from here and nowhere else. Every page function takes the
workbook (``wb: Workbook``) that ``start()`` returned.
"""

import importlib
import pkgutil

from sbs_training.content import load_checked
from sbs_training.content.registry import KINDS
from sbs_training.pages.workbook import Workbook, start

__all__ = ["Workbook", "start", "warm_up"]


def warm_up() -> None:
    """What a warm kernel does before anyone visits (server/warm_kernels.py): import every page
    module and read every content file, so the page a trainee opens only builds its widgets.

    It reads no journal: whose visit this will be, and what they wrote, is known only later.
    """
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    for kind in KINDS:
        load_checked(kind)
