"""Widgets that save to the journal. Each lives in its own module."""

from sbs_training.widgets.base import JournalWidget
from sbs_training.widgets.reflection import ReflectionBox

__all__ = ["JournalWidget", "ReflectionBox"]
