"""Side by Side Training: a reflective workbook for peer-support facilitators.

Kept import-light on purpose: the CLI and every kernel import this first, so
heavy modules (ipywidgets, Voila, pydantic) load only where they are used.
"""

__version__ = "0.1.0"
