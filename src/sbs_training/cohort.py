"""Running a cohort: what a trainer's ``cohort.toml`` changes, and how trainees get in.

- ``welcome_html()``: the cohort's welcome message, for the welcome workbook.
- ``workbook_lists()`` and ``page_config_hook()``: the workbook list page in the
  cohort's order, trainee workbooks apart from trainer workbooks. Voila's own
  list is alphabetical; our ``sbs`` Voila template (``jupyter/voila/templates``
  beside this file) draws the list from what this hook adds to the page config.
  ``serve`` sets the hook itself; Binder and JupyterHub set it in a Jupyter
  config file (see ``binder/``).
- ``parse_repository()``, ``binder_url()``, ``badge_markdown()``: the launch link
  trainees click.

Kept import-light: the CLI and the Jupyter server import this module.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from sbs_training.errors import UserError

TEMPLATE_NAME = "sbs"
PAGE_CONFIG_KEY = "sbsWorkbooks"
BINDER = "https://mybinder.org"
BADGE = "https://mybinder.org/badge_logo.svg"


# -- the welcome message ---------------------------------------------------------------


def welcome_html() -> str:
    """The cohort's welcome (and who it is from) as escaped HTML; empty if there is none."""
    from html import escape

    from sbs_training.config import load_config

    config = load_config()
    if not config.welcome:
        return ""
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in config.welcome.split("\n\n") if p.strip())
    sign = f'<p class="sbs-welcome-from">From {escape(config.organisation)}</p>' if config.organisation else ""
    style = (
        "border-left: 4px solid #1a4f8b; background: #f1f6fb; padding: 0.4rem 0.9rem; margin: 1rem 0; max-width: 46rem;"
    )
    return (
        f'<div class="sbs-welcome" role="note" aria-label="Welcome from your trainer" style="{style}">'
        f"{paragraphs}{sign}</div>"
    )


# -- the workbook list -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkbookLink:
    id: str
    title: str
    path: str
    """Relative to the workbooks folder, e.g. ``trainer/session-planner.ipynb``."""


def workbook_lists(config: Any = None) -> tuple[list[WorkbookLink], list[WorkbookLink]]:
    """Trainee and trainer workbooks, each in the cohort's order."""
    from sbs_training.config import TRAINER_FOLDER, load_config
    from sbs_training.resources import workbook_title

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
    from sbs_training.config import load_config
    from sbs_training.help_panel import help_panel_html
    from sbs_training.resources import package_file

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
    from sbs_training.resources import workbooks_dir

    try:
        folder = (notebook_path or "").strip("/")  # the server extension's tree handler gives "/workbooks"
        here = os.path.join(_server_root(settings or {}), folder)
        if os.path.isdir(here) and _same_folder(here, workbooks_dir()):
            page_config[PAGE_CONFIG_KEY] = list_page(base_url, folder)
    except Exception as exc:  # the plain list is a fine fallback; never break the page
        if log is not None:
            log.warning("sbs-training: no cohort list on this page (%s)", exc)
    return page_config


def template_root() -> Path:
    """A Jupyter data folder holding ``voila/templates/sbs``, shipped inside the package."""
    return Path(__file__).resolve().parent / "jupyter"


def use_template_path() -> None:
    """Let Voila find the ``sbs`` template: put it first on ``JUPYTER_PATH`` for this process."""
    root = str(template_root())
    current = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if root not in current:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([root, *current])


def configure_jupyter_server(c: Any) -> None:
    """For a Jupyter config file (Binder, JupyterHub): the ``sbs`` template, the list hook, the kernel fix.

    Choosing the template (``VoilaConfiguration.template = "sbs"``) stays in the
    JSON config beside it, with Voila's other options.
    """
    from sbs_training import voila_fixes

    use_template_path()
    c.VoilaConfiguration.page_config_hook = page_config_hook
    voila_fixes.apply()  # closed pages shut their kernels down here too


# -- Binder links --------------------------------------------------------------------------


@dataclass(frozen=True)
class Repository:
    provider: str
    """Binder's provider: ``gh`` (GitHub), ``gl`` (GitLab) or ``git`` (any public https git URL)."""
    spec: str
    """``owner/name`` for GitHub and GitLab, else the https URL."""

    @property
    def binder_path(self) -> str:
        if self.provider == "gh":
            return f"gh/{self.spec}"
        return f"{self.provider}/{quote(self.spec, safe='')}"


_HOSTS = {"github.com": "gh", "gitlab.com": "gl"}
_SCP = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")
_SHORT = re.compile(r"^[\w.-]+/[\w.-]+$")


def parse_repository(url: str) -> Repository:
    """A git remote (https or ssh) or ``owner/name`` as a Binder repository; UserError if it can't be one."""
    text = url.strip()
    if not text:
        raise UserError("The repository address is empty; give one like https://github.com/OWNER/REPO.")
    if _SHORT.match(text):
        host, path = "github.com", text
    elif "://" in text:
        parts = urlsplit(text)
        host, path = (parts.hostname or "").lower(), parts.path
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh"):
            raise UserError(f"{text} is not a git address Binder can use; give an https or ssh address.")
    elif _SCP.match(text):
        match = _SCP.match(text)
        assert match is not None
        host, path = match["host"].lower(), match["path"]
    else:
        raise UserError(
            f"{text} doesn't look like a git repository address; give one like https://github.com/OWNER/REPO."
        )
    path = path.strip("/").removesuffix(".git").strip("/")
    if host in _HOSTS:
        pieces = path.split("/")
        if len(pieces) < 2 or not all(pieces):
            raise UserError(f"{text} names no repository; it should end in OWNER/REPO.")
        if _HOSTS[host] == "gh":
            pieces = pieces[:2]
        return Repository(_HOSTS[host], "/".join(pieces))
    if "://" in text and urlsplit(text).scheme in ("https", "http") and path:
        return Repository("git", f"https://{host}/{path}.git")
    raise UserError(
        f"{text} is not on GitHub or GitLab and has no https address, so mybinder.org can't build it; "
        "give the repository's public https address with --repo."
    )


def binder_url(repo: Repository, ref: str = "main", workbook: str | None = None) -> str:
    """The mybinder.org link that opens straight into the workbook list (or one workbook) in Voila."""
    target = f"voila/render/workbooks/{workbook}.ipynb" if workbook else "voila/tree/workbooks"
    return f"{BINDER}/v2/{repo.binder_path}/{quote(ref, safe='')}?urlpath={quote(target, safe='')}"


def badge_markdown(url: str) -> str:
    return f"[![Launch on Binder]({BADGE})]({url})"
