"""Workbook content as data: YAML files under ``exercises/``, checked by models.

``load(kind, name)`` reads one file; ``load_checked(kind)`` reads a whole
folder and returns the valid items and the problems; ``check_all()`` is what
``sbs-training check-content`` runs. Each folder of ``exercises/`` is a
kind, with its model named in ``KINDS`` (import path, loaded lazily).
"""

from sbs_training.content.loader import (
    Loaded,
    Problem,
    check_all,
    check_file,
    load,
    load_all,
    load_checked,
    load_course,
)

__all__ = ["Loaded", "Problem", "check_all", "check_file", "load", "load_all", "load_checked", "load_course"]
