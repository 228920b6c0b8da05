"""Binder and JupyterHub: the binder/ files alone build an environment that serves every workbook.

Docker isn't available here, so this tests the files the way repo2docker uses
them: a copy of the repository, a fresh virtual environment, ``pip install -r
binder/requirements.txt``, then ``binder/postBuild`` from the repository root,
then ``jupyter server`` with the Voila server extension. Slow (minutes): the
environment is built once per test session and shared.

It also checks docs/deploy-jupyterhub.md: its config.yaml parses and names the
settings it claims, and the server-extension path keeps the journal in the
user's home folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from support import REPO, free_port

BINDER = REPO / "binder"
DOC = REPO / "docs" / "deploy-jupyterhub.md"
ERROR_CELL = "There was an error when executing cell"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _clean_env(home: Path, path_first: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SBS_TRAINING_", "JUPYTER", "XDG_", "VIRTUAL_ENV"))}
    env["HOME"] = str(home)
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    return env


def _notebooks() -> list[str]:
    return sorted(
        str(p.relative_to(REPO)) for p in (REPO / "workbooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


# -- the files themselves (quick) ---------------------------------------------------------------


def test_binder_files_follow_the_rules():
    requirements = [
        line for line in (BINDER / "requirements.txt").read_text().splitlines() if line.strip() and line[0] != "#"
    ]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {_name(r) for r in project} <= {_name(r) for r in requirements}, "binder/requirements.txt lags pyproject"
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    post = BINDER / "postBuild"
    lines = post.read_text().splitlines()
    assert lines[0] == "#!/bin/bash" and "set -e" in [line.strip() for line in lines[:12]]
    assert os.access(post, os.X_OK), "postBuild must be executable (git keeps the bit)"
    settings = json.loads((BINDER / "jupyter_config.json").read_text())["VoilaConfiguration"]
    assert settings == {"template": "sbs", "strip_sources": True, "show_tracebacks": False}
    start = BINDER / "start"
    if start.exists():
        assert start.read_text().rstrip().endswith('exec "$@"')


def test_the_readme_link_format_is_what_cohort_link_prints():
    from sbs_training.cohort.binder_link import binder_url, parse_repository

    url = binder_url(parse_repository("OWNER/REPO"), "main")
    assert url == "https://mybinder.org/v2/gh/OWNER/REPO/main?urlpath=voila%2Ftree%2Fworkbooks"


# -- the JupyterHub document (quick) ---------------------------------------------------------------


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(), flags=re.S)


def test_deploy_doc_config_yaml_parses_and_names_its_settings():
    [config] = [yaml.safe_load(b) for b in _blocks("yaml")]
    single = config["singleuser"]
    assert single["defaultUrl"] == "/voila/tree/sbs-training/workbooks"
    assert single["storage"]["type"] == "dynamic" and single["storage"]["homeMountPath"] == "/home/jovyan"
    assert single["extraEnv"]["PYTHONPATH"] == "/home/jovyan/sbs-training/src"
    assert single["memory"] == {"guarantee": "384M", "limit": "1G"}
    assert 0 < single["cpu"]["guarantee"] <= single["cpu"]["limit"]
    assert config["cull"]["enabled"] is True and config["cull"]["timeout"] > 0 and config["cull"]["every"] > 0
    assert config["hub"]["config"]["JupyterHub"]["authenticator_class"]


def test_deploy_doc_sizing_matches_the_measurements_it_quotes():
    text = DOC.read_text()
    server, kernel, open_pages = 160, 65, 3
    assert f"{server} + {open_pages} × {kernel}" in text
    guarantee = int(re.search(r"guarantee: (\d+)M", text).group(1))
    assert server + open_pages * kernel <= guarantee < server + 6 * kernel


def test_deploy_doc_nbgitpuller_link_and_tljh_steps():
    from urllib.parse import parse_qs, urlsplit

    [link] = [b.strip() for b in _blocks("text") if "git-pull" in b]
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parts.query)
    assert query["repo"] == ["https://github.com/OWNER/REPO"] and query["branch"] == ["main"]
    assert query["targetPath"] == ["sbs-training"] and query["urlpath"] == ["voila/tree/sbs-training/workbooks"]
    bash = "\n".join(_blocks("bash"))
    for step in (
        "tljh.jupyter.org/bootstrap.py",
        "/opt/tljh/user/bin/pip install",
        "docs/jupyterhub_config.py /opt/tljh/config/jupyterhub_config.d/",
        "tljh-config reload",
    ):
        assert step in bash
    dockerfile = "\n".join(_blocks("dockerfile"))
    assert "binder/requirements.txt" in dockerfile and "nbgitpuller" in dockerfile


# -- real servers (slow) ------------------------------------------------------------------------------


class JupyterServer:
    """``jupyter server`` with the Voila extension, as Binder and JupyterHub run it (no token, loopback)."""

    def __init__(self, python: Path, root: Path, home: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [
                str(python),
                "-m",
                "jupyter",
                "server",
                "--allow-root",
                "--no-browser",
                f"--port={self.port}",
                "--ServerApp.ip=127.0.0.1",
                "--ServerApp.port_retries=0",
                "--IdentityProvider.token=",
                f"--ServerApp.root_dir={root}",
            ],
            cwd=root,
            env=_clean_env(home, python.parent),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
            try:
                if self.get("/voila/static/voila.js")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter server did not answer:\n{log.read_text()}")

    def get(self, path: str, timeout: float = 180) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def shut_down_kernels(self) -> None:
        """A plain GET leaves a kernel running (no page to close it); keep memory low between renders."""
        for kernel in json.loads(self.get("/api/kernels")[1]):
            request = urllib.request.Request(f"{self.url}/api/kernels/{kernel['id']}", method="DELETE")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=30).close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture(scope="session")
def binder_build(tmp_path_factory):
    """What repo2docker would build, from binder/ alone: a copy of the repo and a fresh environment."""
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    shutil.copytree(
        REPO,
        repo,
        # What a clone holds: not this checkout's own environment (.venv, 600 MB) or npm packages.
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache", "*.egg-info"
        ),
    )
    home = base / "home"
    home.mkdir()
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env(home))
    python = venv / "bin" / "python"
    env = _clean_env(home, python.parent)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    post = subprocess.run(["./binder/postBuild"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert post.returncode == 0, post.stdout[-2000:] + post.stderr[-3000:]
    return {"repo": repo, "home": home, "python": python, "postbuild": post.stdout, "base": base}


@pytest.fixture(scope="module")
def binder_server(binder_build):
    server = JupyterServer(
        binder_build["python"], binder_build["repo"], binder_build["home"], binder_build["base"] / "server.log"
    )
    yield server
    server.stop()


def test_fresh_environment_imports_the_package_from_the_checkout(binder_build):
    repo, python = binder_build["repo"], binder_build["python"]
    done = subprocess.run(
        [
            str(python),
            "-c",
            "import sbs_training.resources as r, sbs_training.server.jupyter_setup as c; "
            "print(r.workbooks_dir()); print(c.template_root())",
        ],
        cwd="/",
        env=_clean_env(binder_build["home"]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    workbooks, templates = done.stdout.split()
    assert Path(workbooks) == repo / "workbooks", "editable install: cohort.toml and workbooks come from the repo"
    assert Path(templates, "voila", "templates", "sbs", "conf.json").exists()
    assert "All content is valid." in binder_build["postbuild"]
    assert re.search(r"settings are valid\.|cohort\.toml is valid\.", binder_build["postbuild"])


def test_binder_opens_on_the_workbook_list_in_file_order(binder_server):
    status, page = binder_server.get("/voila/tree/workbooks")
    assert status == 200
    listed = re.findall(r'data-workbook="([^"]+)"', page)
    trainee = sorted(Path(p).stem for p in _notebooks() if p.count("/") == 1)
    trainer = sorted(Path(p).stem for p in _notebooks() if "/trainer/" in p)
    assert listed == trainee + trainer
    assert page.index("Your workbooks") < page.index("For trainers")
    assert "Get help now" in page and "Samaritans" in page
    assert 'href="/voila/render/workbooks/00-welcome.ipynb"' in page


RENDERED = "workbooks/03-drama-triangle-and-empowerment-dynamic.ipynb"
"""One workbook rendered through the server extension: the one that uses the most of the package."""


def test_binder_serves_a_workbook(binder_server):
    status, page = binder_server.get(f"/voila/render/{RENDERED}")
    binder_server.shut_down_kernels()
    assert status == 200, page[-2000:]
    assert ERROR_CELL not in page and "Traceback" not in page
    assert "from sbs_training.pages import start" not in page, "sources are stripped"
    assert "Get help now" in page
    assert "application/vnd.jupyter.widget-view+json" in page, "its widgets are there"


def test_fresh_environment_imports_every_module(binder_build):
    """Every module of the package imports in the Binder environment, so every workbook has what it needs.

    Each workbook runs (papermill) in tests/test_notebooks.py, and renders in a browser in the
    other browser tests; what only Binder can get wrong is a package missing from
    binder/requirements.txt, and an import of every module finds that without rendering each page.
    """
    code = (
        "import importlib, pkgutil, sbs_training\n"
        "for m in pkgutil.walk_packages(sbs_training.__path__, 'sbs_training.'):\n"
        "    if m.name != 'sbs_training.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "print('imported')"
    )
    done = subprocess.run(
        [str(binder_build["python"]), "-c", code],
        cwd="/",
        env=_clean_env(binder_build["home"]),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "imported" in done.stdout, done.stderr[-3000:]


def test_server_extension_keeps_the_journal_in_the_users_home(tmp_path):
    """The JupyterHub path: Voila as a server extension, a user's home, no SBS_TRAINING_DATA_DIR."""
    home = tmp_path / "home"
    home.mkdir()
    server = JupyterServer(Path(sys.executable), REPO, home, tmp_path / "server.log")
    try:
        status, page = server.get("/voila/render/workbooks/00-welcome.ipynb")
        assert status == 200 and ERROR_CELL not in page
        journal = home / ".local" / "share" / "sbs-training" / "journal.sqlite3"
        assert journal.exists(), "the welcome workbook opened its journal under HOME"
        assert oct(journal.stat().st_mode & 0o777) == "0o600"
    finally:
        server.shut_down_kernels()
        server.stop()
