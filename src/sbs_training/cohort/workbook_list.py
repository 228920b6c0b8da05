"""The workbook list page in the cohort's order, trainee workbooks apart from trainer workbooks.

Voila's own list is alphabetical. The list is also the course map: each
workbook's time, purpose and outcomes from ``exercises/course.yaml``, and
*not started*, *started* or *done* worked out from one read of the journal
(``sbs_training.course.progress``), with a link back to the last workbook
visited. Our ``sbs`` Voila template
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
from sbs_training.content import load_course
from sbs_training.course.progress import Progress, activities, progress
from sbs_training.errors import UserError
from sbs_training.resources import package_file, workbook_title, workbooks_dir
from sbs_training.store.journal import Journal

CARD_PATH = "sbs/progress-card"
"""The progress card page (``sbs_training.server.progress_card``), under the server's base URL."""
STATUS_LABELS = {"not started": "Not started", "started": "Started", "done": "Done"}

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

    home = f"{base}voila/tree/{quote(folder.strip('/'))}" if folder.strip("/") else base
    page: dict[str, Any] = {
        "organisation": config.organisation,
        "contact": config.contact,
        "help_html": help_panel_html(config),
        "css": css,
        "trainee": links(trainee),
        "trainer": links(trainer),
        "card_href": f"{base}{CARD_PATH}?from={quote(home, safe='')}",
    }
    page.update(course_map(page["trainee"], page["trainer"]))
    return page


def _progress() -> tuple[Progress | None, str]:
    """Progress from one read of the journal, or why it can't be shown (the list still works without it)."""
    try:
        course = load_course()
        with Journal.open() as journal:
            facts = journal.progress_facts(activities(course))
        return progress(course, facts), ""
    except UserError as exc:
        return None, f"Your progress can't be shown just now: {exc}"


def course_map(trainee: list[dict[str, Any]], trainer: list[dict[str, Any]]) -> dict[str, Any]:
    """Add time, purpose, outcomes and status to each link; say where to continue and how far along you are."""
    try:
        course = load_course()
    except UserError as exc:
        return {"progress_note": f"The course file has a problem, so times and progress aren't shown: {exc}"}
    found, note = _progress()
    for link in trainee:
        entry = course.get(link["id"])
        if entry is None:
            continue
        link.update(minutes=entry.minutes, purpose=entry.purpose, outcomes=list(entry.outcomes))
        if found is not None and entry.id in found.workbooks:
            state = found.workbooks[entry.id]
            link["status"] = state.status
            link["status_label"] = STATUS_LABELS[state.status]
            if state.done_on:
                link["status_label"] += f" on {state.done_on.day} {state.done_on:%B %Y}"
    for link in trainer:
        entry = course.trainer_entry(link["id"])
        if entry is not None:
            link.update(minutes=entry.minutes, purpose=entry.purpose)
    result: dict[str, Any] = {"progress_note": note}
    if found is not None:
        counted = [link for link in trainee if "status" in link]
        result["done_count"] = sum(1 for link in counted if link["status"] == "done")
        result["total_count"] = len(counted)
        last = next((link for link in [*trainee, *trainer] if link["id"] == found.last_visited), None)
        if last is not None:
            result["continue"] = {"href": last["href"], "title": last["title"], "id": last["id"]}
    return result


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
