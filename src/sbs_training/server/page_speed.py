"""A workbook page loads only what it uses: Voila's page settings, trimmed in one hook.

Measured with benchmarks/run.py (see the README's table):
- MathJax: Voila's page typesets a blank element at start-up, which pulls in
  about 1 MB of bundled MathJax on every page, in the middle of the widgets'
  first render. No workbook has mathematics (and ``$`` in a sentence would be
  mistaken for it). Pointing Voila at MathJax 2 with a stub of our own
  (``templates/sbs/static/no-mathjax.js``) leaves typesetting a no-op.
- ``jupyterlab_pygments``: colours for code cells; sources are stripped, so a
  page has none. One federated extension less to fetch and start.

The same hook adds the cohort's workbook list on the list page
(``sbs_training.cohort.workbook_list``). ``serve`` sets it, and Binder and
JupyterHub set it through ``jupyter_setup.configure_jupyter_server``.
"""

from __future__ import annotations

from typing import Any

from sbs_training.cohort import workbook_list

NO_MATHJAX = "voila/templates/sbs/static/no-mathjax.js"
UNUSED_EXTENSIONS = frozenset({"jupyterlab_pygments"})


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
    return page_config
