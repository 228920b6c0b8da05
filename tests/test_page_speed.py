"""What a workbook page is told to load (server/page_speed.py): only what it uses, all of it asked for at once.

- Every script in preload.json is one the installed Voila and widget extensions ship; after
  an upgrade this fails until ``benchmarks/record_preload.py`` is run again (until then the
  page simply loads without hints).
- A workbook page gets the preload list (voila.js first), the MathJax stand-in and no
  jupyterlab_pygments; the list page gets no preload list.
- The ``sbs`` template runs voila.js right after the page config and only once.
"""

from __future__ import annotations

import json

import voila
from support import REPO

from sbs_training.resources import package_file
from sbs_training.server import page_speed

TEMPLATE = package_file("jupyter", "voila", "templates", "sbs")


def page_config() -> dict:
    return {
        "fullStaticUrl": "/user/ana/voila/static",
        "fullLabextensionsUrl": "/user/ana/voila/labextensions",
        "federated_extensions": [
            {"name": "jupyterlab_pygments", "load": "static/remoteEntry.js"},
            {"name": "anywidget", "load": "static/remoteEntry.js"},
            {"name": "@jupyter-widgets/jupyterlab-manager", "load": "static/remoteEntry.js"},
            {"name": "@voila-dashboards/widgets-manager8", "load": "static/remoteEntry.js"},
        ],
    }


def test_every_recorded_script_is_installed() -> None:
    record = json.loads(package_file("server", "preload.json").read_text(encoding="utf-8"))
    rerecord = "run benchmarks/record_preload.py after upgrading Voila or a widget extension"
    assert record["voila"] == voila.__version__, rerecord
    static, extensions = page_speed.preload_files()
    assert list(static) == record["static"] and static[0] == "voila.js", rerecord
    assert list(extensions) == record["labextensions"], rerecord
    assert not any("pygments" in name or "mathjax" in name.lower() for name in extensions)


def test_a_workbook_page_asks_for_its_scripts_and_skips_mathjax_and_pygments() -> None:
    config = page_speed.page_config_hook(page_config(), "/user/ana/", {}, notebook_path="03-drama.ipynb")
    assert config["fullMathjaxUrl"] == "/user/ana/voila/templates/sbs/static/no-mathjax.js"
    assert [x["name"] for x in config["federated_extensions"]] == [
        "anywidget",
        "@jupyter-widgets/jupyterlab-manager",
        "@voila-dashboards/widgets-manager8",
    ]
    hrefs = config[page_speed.PRELOAD_KEY]
    assert hrefs[0] == "/user/ana/voila/static/voila.js"
    assert all(h.startswith(("/user/ana/voila/static/", "/user/ana/voila/labextensions/")) for h in hrefs)
    assert any(h.startswith("/user/ana/voila/labextensions/anywidget/") for h in hrefs)
    assert len(hrefs) == len(set(hrefs))


def test_the_list_page_gets_no_preload_list() -> None:
    config = page_speed.page_config_hook(page_config(), "/", {}, notebook_path="")
    assert page_speed.PRELOAD_KEY not in config


def test_the_mathjax_stand_in_answers_every_call_voila_makes() -> None:
    stub = (TEMPLATE / "static" / "no-mathjax.js").read_text(encoding="utf-8")
    for call in ("Config()", "Configured()", "Queue()", "StartupHook()", "resetEquationNumbers()"):
        assert call in stub
    assert not [p for p in (REPO / "workbooks").rglob("*.ipynb") if "$$" in p.read_text(encoding="utf-8")]


def test_the_template_runs_voila_js_once_right_after_the_page_config() -> None:
    template = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    config_at = template.index('<script id="jupyter-config-data"')
    script_at = template.index("{{ main_js }}")
    assert config_at < script_at and template.count("{{ main_js }}") == 1
    assert "voila_setup_labextensions" not in template, "the footer's voila.js is left out"
