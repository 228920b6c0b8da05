"""The workbook list page in the cohort's order, trainee workbooks apart from trainer workbooks.

Voila's own list is alphabetical. Our ``sbs`` Voila template
(``jupyter/voila/templates/sbs/tree.html``) draws the list from what
``page_config_hook()`` adds to the page config. ``serve`` sets the hook itself;
Binder and JupyterHub set it through ``jupyter_setup.configure_jupyter_server``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sbs_training.cohort.help_panel import help_panel_html
from sbs_training.config import TRAINER_FOLDER, load_config
from sbs_training.errors import UserError
from sbs_training.resources import package_file, workbook_title, workbooks_dir

PAGE_CONFIG_KEY = "sbsWorkbooks"


@dataclass(frozen=True)
class WorkbookLink:
    id: str
    title: str
    path: str
    """Relative to the workbooks folder, e.g. ``trainer/session-planner.ipynb``."""


def workbook_lists(config: Any = None) -> tuple[list[WorkbookLink], list[WorkbookLink]]:
    """Trainee and trainer workbooks, each in the cohort's order."""
    config = config or load_config()
    trainee = [WorkbookLink(w, workbook_title(w), f"{w}.ipynb") for w in config.trainee_order()]
    trainer = [WorkbookLink(w, workbook_title(w), f"{TRAINER_FOLDER}/{w}.ipynb") for w in config.trainer_order()]
    return trainee, trainer


def _same_folder(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _server_root(settings: dict[str, Any]) -> str:
    manager = settings.get("contents_manager")
    root = getattr(manager, "root_dir", None) or settings.get("server_root_dir") or os.getcwd()
    return os.path.expanduser(root)


def list_page(base_url: str, folder: str) -> dict[str, Any]:
    """What the ``sbs`` tree template shows for the workbooks folder (``folder``: its path under the server)."""
    prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
    base = base_url if base_url.endswith("/") else base_url + "/"
    css = package_file("static", "page.css").read_text(encoding="utf-8")
    try:
        config = load_config()
    except UserError as exc:
        return {"error": f"The cohort settings can't be used: {exc}", "css": css}
    trainee, trainer = workbook_lists(config)

    def links(items: list[WorkbookLink]) -> list[dict[str, str]]:
        return [{"id": w.id, "title": w.title, "href": f"{base}voila/render/{quote(prefix + w.path)}"} for w in items]

    return {
        "organisation": config.organisation,
        "contact": config.contact,
        "help_html": help_panel_html(config),
        "css": css,
        "trainee": links(trainee),
        "trainer": links(trainer),
    }


def page_config_hook(
    page_config: dict[str, Any],
    base_url: str = "/",
    settings: dict[str, Any] | None = None,
    log: Any = None,
    voila_configuration: Any = None,
    notebook_path: str = "",
) -> dict[str, Any]:
    """Voila's ``page_config_hook``: on the workbooks folder's list page, add the cohort's list."""
    try:
        folder = (notebook_path or "").strip("/")  # the server extension's tree handler gives "/workbooks"
        here = os.path.join(_server_root(settings or {}), folder)
        if os.path.isdir(here) and _same_folder(here, workbooks_dir()):
            page_config[PAGE_CONFIG_KEY] = list_page(base_url, folder)
    except Exception as exc:  # the plain list is a fine fallback; never break the page
        if log is not None:
            log.warning("sbs-training: no cohort list on this page (%s)", exc)
    return page_config
