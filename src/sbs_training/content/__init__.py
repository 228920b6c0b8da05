"""Workbook content as data: YAML files under ``exercises/``, checked by models.

``load(kind, name)`` is the one way code reads content; ``check_all()`` is
what ``sbs-training check-content`` runs. Each folder of ``exercises/`` is a
kind, with its model named in ``KINDS`` (import path, loaded lazily).
"""

from sbs_training.content.loader import Problem, check_all, check_file, load, load_all

__all__ = ["Problem", "check_all", "check_file", "load", "load_all"]
