"""Setting up a Jupyter server for the workbooks: the ``sbs`` Voila template, the list hook, the kernel fix,
and the progress card page.

``serve`` does this itself; Binder and JupyterHub call ``configure_jupyter_server``
from a Jupyter config file (see ``binder/jupyter_server_config.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sbs_training.cohort.workbook_list import page_config_hook
from sbs_training.resources import package_file
from sbs_training.server import voila_fixes

TEMPLATE_NAME = "sbs"


def template_root() -> Path:
    """A Jupyter data folder holding ``voila/templates/sbs``, shipped inside the package."""
    return package_file("jupyter")


def use_template_path() -> None:
    """Let Voila find the ``sbs`` template: put it first on ``JUPYTER_PATH`` for this process."""
    root = str(template_root())
    current = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if root not in current:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([root, *current])


def configure_jupyter_server(c: Any) -> None:
    """For a Jupyter config file (Binder, JupyterHub): the ``sbs`` template, the list hook, the kernel fixes.

    Choosing the template (``VoilaConfiguration.template = "sbs"``) stays in the
    JSON config beside it, with Voila's other options.
    """
    use_template_path()
    c.VoilaConfiguration.page_config_hook = page_config_hook
    # The progress card page, behind Jupyter's own login (see server/progress_card.py).
    c.ServerApp.jpserver_extensions.update({"sbs_training.server.progress_card": True})
    # A kernel started and warmed at login, handed to the first page (server/warm_kernels.py).
    c.ServerApp.kernel_manager_class = "sbs_training.server.warm_kernels.WarmKernelManager"
    voila_fixes.apply()  # closed pages shut their kernels down here too
