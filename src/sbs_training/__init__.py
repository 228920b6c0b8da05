"""Side by Side Training: a reflective workbook for peer-support facilitators.

Kept import-light on purpose: the CLI and every kernel import this first, so
heavy modules (ipywidgets, Voila, pydantic) load only where they are used.

No pydantic plugins run in our processes (unless someone sets
``PYDANTIC_DISABLE_PLUGINS`` themselves): a plugin is third-party code called on
every validation, which is what telemetry plugins are for, and looking for them
reads every installed package's metadata, about 50 ms of each kernel's start.
"""

import os

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__version__ = "0.1.0"
