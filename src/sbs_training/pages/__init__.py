"""The pages layer: the only place that puts widgets together for notebooks.

Notebooks import from here and nowhere else. Every page function takes the
workbook (``wb: Workbook``) that ``start()`` returned.
"""

from sbs_training.pages.workbook import Workbook, start

__all__ = ["Workbook", "start"]
