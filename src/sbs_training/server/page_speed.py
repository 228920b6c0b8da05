"""A workbook page loads only what it uses: Voila's page settings, trimmed in one hook.

Measured with benchmarks/run.py (see the README's table):
- MathJax: Voila's page typesets a blank element at start-up, which pulls in
  about 1 MB of bundled MathJax on every page, in the middle of the widgets'
  first render. No workbook has mathematics (and ``$`` in a sentence would be
  mistaken for it). Pointing Voila at MathJax 2 with a stub of our own
  (``templates/sbs/static/no-mathjax.js``) leaves typesetting a no-op.
- ``jupyterlab_pygments``: colours for code cells; sources are stripped, so a
  page has none. One federated extension less to fetch and start.
- Preload hints: Voila's page finds its scripts in waves (voila.js, the chunks
  it imports, the widget extensions after the page has loaded, their chunks),
  each wave waiting for the last. ``preload.json`` lists them all (recorded by
  ``benchmarks/record_preload.py``) and the ``sbs`` template asks for them from
  the page's head, so they arrive while the kernel is still running the cells.
  Only files the installed Voila and extensions really have are named, and
  Voila's own chunks only for the Voila version they were recorded with.

The same hook adds the cohort's workbook list on the list page
(``sbs_training.cohort.workbook_list``). ``serve`` sets it, and Binder and
JupyterHub set it through ``jupyter_setup.configure_jupyter_server``.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from sbs_training.cohort import workbook_list
from sbs_training.resources import package_file

NO_MATHJAX = "voila/templates/sbs/static/no-mathjax.js"
UNUSED_EXTENSIONS = frozenset({"jupyterlab_pygments"})
PRELOAD_KEY = "sbsPreload"
"""Read (and removed from the page config) by the ``sbs`` template's head."""


@cache
def preload_files() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The recorded scripts that this installation has: (Voila's static files, extension files)."""
    import voila
    from voila.paths import collect_static_paths
    from voila.utils import get_voila_labextensions_path

    record = json.loads(package_file("server", "preload.json").read_text(encoding="utf-8"))

    def present(roots: list[str], name: str) -> bool:
        relative = name.split("?", 1)[0]
        return any(os.path.isfile(os.path.join(root, relative)) for root in roots)

    static_roots = collect_static_paths(["voila", "nbconvert"], "sbs")
    same_voila = record.get("voila") == voila.__version__
    static = tuple(n for n in record.get("static", []) if same_voila and present(static_roots, n))
    extension_roots = get_voila_labextensions_path()
    extensions = tuple(n for n in record.get("labextensions", []) if present(extension_roots, n))
    return static, extensions


def preload_hrefs(page_config: dict[str, Any]) -> list[str]:
    """Every script a workbook page will run, as URLs under this server's base URL."""
    static, extensions = preload_files()
    names = [x.get("name", "") for x in page_config.get("federated_extensions") or []]
    static_url = str(page_config.get("fullStaticUrl", "")).rstrip("/")
    extensions_url = str(page_config.get("fullLabextensionsUrl", "")).rstrip("/")
    hrefs = [f"{static_url}/{name}" for name in static]
    hrefs += [f"{extensions_url}/{name}" for name in extensions if any(name.startswith(f"{n}/") for n in names)]
    return hrefs


def page_config_hook(
    page_config: dict[str, Any],
    base_url: str = "/",
    settings: dict[str, Any] | None = None,
    log: Any = None,
    voila_configuration: Any = None,
    notebook_path: str = "",
) -> dict[str, Any]:
    """Voila's ``page_config_hook``: the cohort's list, no MathJax, no extension a workbook doesn't use."""
    page_config = workbook_list.page_config_hook(
        page_config, base_url, settings, log=log, voila_configuration=voila_configuration, notebook_path=notebook_path
    )
    base = base_url if base_url.endswith("/") else base_url + "/"
    page_config["fullMathjaxUrl"] = base + NO_MATHJAX
    page_config["mathjaxConfig"] = "none"
    extensions = page_config.get("federated_extensions")
    if isinstance(extensions, list):
        page_config["federated_extensions"] = [x for x in extensions if x.get("name") not in UNUSED_EXTENSIONS]
    if str(notebook_path).endswith(".ipynb"):
        try:
            page_config[PRELOAD_KEY] = preload_hrefs(page_config)
        except Exception as exc:  # hints only make a page quicker: never break it for them
            if log is not None:
                log.warning("sbs-training: no preload hints on this page (%s)", exc)
    return page_config
