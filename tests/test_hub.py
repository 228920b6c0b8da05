"""A real JupyterHub with real system users, as a trainer's cohort would run.

The hub starts on loopback with docs/jupyterhub_config.py (the file the guide
tells trainers to use), a shared-password test login, and LocalProcessSpawner
with system users made for the test (``useradd``), so homes, permissions and
processes are those of The Littlest JupyterHub. Workbooks reach each trainee
through an nbgitpuller link to a local bare repository, as the guide's link does.

Every promise is checked in headless Chromium or on the file system: a trainee's
words land in their own journal (0600, theirs); another trainee sees none of
them and cannot reach the server or the file; the journal survives a restart,
a workbook update and the idle culler; kernels use IPC.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import REPO, free_port

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

TRAINEE_ENV = Path(os.environ.get("SBS_HUB_USER_ENV", "/opt/sbs-training-hub/env"))
USERS = ("sbshub-ana", "sbshub-ben")  # JupyterHub lowercases names: system users are lowercase too
PASSWORD = "side-by-side-" + secrets.token_hex(6)
CULL_TIMEOUT = 60  # seconds; the test's pages report activity every few seconds while in use
WELCOME = "00-welcome"
PROMPT = "What brings you to facilitating peer support?"
WORDS = "Ana's own words: I sat in a group like this once <b>and</b> it changed things."
TIMEOUT = 120_000


@dataclass
class Hub:
    url: str
    token: str
    repo: Path
    repo_url: str
    process: subprocess.Popen

    def api(self, method: str, path: str) -> dict | None:
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def servers(self, user: str) -> dict:
        info = self.api("GET", f"/users/{user}")
        return (info or {}).get("servers") or {}

    def wait_stopped(self, user: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.servers(user) and time.monotonic() < deadline:
            time.sleep(1)
        assert not self.servers(user), f"{user}'s server is still running after {timeout:.0f} s"

    def pull_link(self, urlpath: str) -> str:
        query = urllib.parse.urlencode(
            {"repo": self.repo_url, "branch": "main", "targetPath": "sbs-training", "urlpath": urlpath}
        )
        return f"{self.url}/hub/user-redirect/git-pull?{query}"


def home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def journal_file(user: str) -> Path:
    return home(user) / ".local" / "share" / "sbs-training" / "journal.sqlite3"


def as_user(user: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True, timeout=60)


def processes_of(user: str) -> list[str]:
    result = subprocess.run(["ps", "-u", user, "-o", "args="], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def journal_reflections(user: str) -> list[str]:
    """Read the journal as its owner would (never as root, which could leave root-owned files beside it)."""
    script = (
        "import json, sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        "print(json.dumps([r[0] for r in db.execute('SELECT text FROM reflections')]))"
    )
    result = as_user(user, str(TRAINEE_ENV / "bin" / "python"), "-c", script, str(journal_file(user)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def make_workbook_repo(root: Path) -> Path:
    """A bare repository holding this checkout's workbooks, content and package, as a trainer's fork would."""
    work = root / "work"
    work.mkdir()
    for part in ("src", "workbooks", "exercises", "pyproject.toml", "README.md"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, work / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, work / part)
    git = ["git", "-c", "user.name=Trainer", "-c", "user.email=trainer@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(work)], check=True)
    subprocess.run([*git, "-C", str(work), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-q", "-m", "Workbooks for the cohort"], check=True)
    bare = root / "workbooks.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(root)], check=True)
    return bare


def push_change(repo: Path, old: str, new: str) -> None:
    """The trainer edits the welcome workbook's heading and pushes."""
    work = repo.parent / "work"
    notebook = work / "workbooks" / f"{WELCOME}.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git = ["git", "-c", "user.name=Trainer", "-c", "user.email=trainer@example.org", "-C", str(work)]
    subprocess.run([*git, "commit", "-q", "-am", "A new heading"], check=True)
    subprocess.run([*git, "push", "-q", str(repo), "main"], check=True)


def write_hub_config(root: Path, port: int, token: str) -> Path:
    """docs/jupyterhub_config.py as shipped, plus what only a test needs: a login, loopback, fast activity."""
    config = root / "jupyterhub_test_config.py"
    config.write_text(
        f"""
load_subconfig({str(REPO / "docs" / "jupyterhub_config.py")!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.db_url = "sqlite:///{root / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(root / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(root / "jupyterhub.pid")!r}
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {PASSWORD!r}
c.Authenticator.allowed_users = set({list(USERS)!r})
# Activity reaches the hub every few seconds, so the culler judges idleness on fresh figures.
c.JupyterHub.last_activity_interval = 5
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = "5"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services.append({{"name": "sbs-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "sbs-test", "scopes": ["admin:users", "admin:servers", "list:users"], "services": ["sbs-test"]}}
)
""",
        encoding="utf-8",
    )
    return config


def wait_for_hub(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterHub exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterHub did not answer in {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.fail("the JupyterHub tests create system users: run them as root (CI does)")
    if not (TRAINEE_ENV / "bin" / "jupyterhub-singleuser").exists():
        pytest.fail(f"the trainees' environment {TRAINEE_ENV} is missing: ./scripts/test builds it")
    root = Path(tmp_path_factory.mktemp("hub"))
    os.chmod(root, 0o755)
    for parent in root.parents:  # the trainees must reach the workbook repository
        if parent == Path("/"):
            break
        os.chmod(parent, os.stat(parent).st_mode | 0o011)
    for user in USERS:
        subprocess.run(["userdel", "-r", user], capture_output=True)
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
        os.chmod(home(user), 0o700)
    repo = make_workbook_repo(root)
    token = secrets.token_hex(32)
    port = free_port()
    config = write_hub_config(root, port, token)
    node_bin = REPO / "node_modules" / ".bin"
    env = {
        **os.environ,
        "PATH": f"{node_bin}:{Path(sys.executable).parent}:{os.environ['PATH']}",
        "SBS_HUB_USER_ENV": str(TRAINEE_ENV),
        "SBS_HUB_CULL_TIMEOUT": str(CULL_TIMEOUT),
    }
    # The trainer's repository, served over git:// on loopback as a code host would serve it over https.
    git_port = free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            f"--base-path={repo.parent}",
            "--listen=127.0.0.1",
            f"--port={git_port}",
            str(repo.parent),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = root / "jupyterhub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_hub(url, process, log)
        yield Hub(url=url, token=token, repo=repo, repo_url=f"git://127.0.0.1:{git_port}/{repo.name}", process=process)
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        process.send_signal(signal.SIGTERM)  # the hub stops the trainees' servers it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for user in USERS:
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
            time.sleep(0.5)
            subprocess.run(["userdel", "-r", user], capture_output=True)


@pytest.fixture(scope="module")
def ana(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def ben(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context
    context.close()


def log_in_through_pull_link(context, hub: Hub, user: str):
    """Click the trainer's nbgitpuller link: log in, the server starts, the workbooks are pulled, the list opens."""
    page = context.new_page()
    page.goto(hub.pull_link("voila/tree/sbs-training/workbooks"))
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    expect(page.get_by_role("link", name="00-welcome.ipynb")).to_be_visible(timeout=TIMEOUT)
    return page


def open_welcome(context, hub: Hub, user: str):
    page = context.new_page()
    page.goto(f"{hub.url}/user/{user}/voila/render/sbs-training/workbooks/{WELCOME}.ipynb")
    box = page.get_by_role("textbox", name=PROMPT)
    expect(box).to_be_editable(timeout=TIMEOUT)
    return page, box


def test_a_trainee_lands_on_the_list_and_writes_into_their_own_journal(hub, ana) -> None:
    ana_user = USERS[0]
    listing = log_in_through_pull_link(ana, hub, ana_user)
    assert f"/user/{ana_user}/voila/tree/sbs-training/workbooks" in listing.url
    expect(listing.get_by_role("link", name="07-my-journal.ipynb")).to_be_visible()
    listing.close()

    page, box = open_welcome(ana, hub, ana_user)
    box.fill(WORDS)
    expect(page.get_by_text("Saved", exact=False).first).to_be_visible(timeout=TIMEOUT)
    deadline = time.monotonic() + 30
    while WORDS not in journal_reflections(ana_user) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert WORDS in journal_reflections(ana_user)
    info = journal_file(ana_user).stat()
    assert info.st_uid == pwd.getpwnam(ana_user).pw_uid
    assert info.st_mode & 0o777 == 0o600
    assert journal_file(ana_user).parent.stat().st_mode & 0o777 == 0o700
    page.close()


def test_kernels_on_the_hub_talk_over_ipc(hub, ana) -> None:
    ana_user = USERS[0]
    page, _ = open_welcome(ana, hub, ana_user)
    runtime = home(ana_user) / ".local" / "share" / "jupyter" / "runtime"
    connections = [json.loads(p.read_text()) for p in runtime.glob("kernel-*.json")]
    assert connections, f"no kernel connection files in {runtime}"
    assert {c["transport"] for c in connections} == {"ipc"}
    page.close()


def test_another_trainee_sees_none_of_it_and_cannot_reach_it(hub, ben) -> None:
    ana_user, ben_user = USERS
    listing = log_in_through_pull_link(ben, hub, ben_user)
    listing.goto(f"{hub.url}/user/{ben_user}/voila/render/sbs-training/workbooks/07-my-journal.ipynb")
    expect(listing.get_by_label("Search my journal")).to_be_visible(timeout=TIMEOUT)
    expect(listing.locator(".sbs-journal-summary")).to_have_text(re.compile("^Nothing written yet"))
    assert "Ana's own words" not in listing.content()

    response = listing.goto(f"{hub.url}/user/{ana_user}/voila/render/sbs-training/workbooks/{WELCOME}.ipynb")
    assert response is not None and response.status == 403
    assert "Ana's own words" not in listing.content()

    peek = as_user(ben_user, "cat", str(journal_file(ana_user)))
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    listing.close()


def test_the_journal_survives_a_server_restart(hub, ana) -> None:
    ana_user = USERS[0]
    hub.api("DELETE", f"/users/{ana_user}/server")
    hub.wait_stopped(ana_user, timeout=90)
    hub.api("POST", f"/users/{ana_user}/server")
    page, box = open_welcome(ana, hub, ana_user)
    expect(box).to_have_value(WORDS, timeout=TIMEOUT)
    page.close()


def test_a_pulled_update_changes_the_workbook_and_not_the_journal(hub, ana) -> None:
    ana_user = USERS[0]
    push_change(hub.repo, "# Welcome to Side by Side Training", "# Welcome to the spring cohort")
    page = ana.new_page()
    page.goto(hub.pull_link(f"voila/render/sbs-training/workbooks/{WELCOME}.ipynb"))
    expect(page.get_by_role("heading", name="Welcome to the spring cohort")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name=PROMPT)).to_have_value(WORDS, timeout=TIMEOUT)
    assert journal_reflections(ana_user) == [WORDS]
    page.close()


def test_the_idle_culler_stops_an_idle_server_and_the_journal_survives(hub, ana) -> None:
    ana_user = USERS[0]
    for page in ana.pages:
        page.close(run_before_unload=True)
    assert hub.servers(ana_user), "the server should still be running before it goes idle"
    hub.wait_stopped(ana_user, timeout=CULL_TIMEOUT * 4)
    deadline = time.monotonic() + 30  # the stopped server shuts its kernels down, then exits
    while processes_of(ana_user) and time.monotonic() < deadline:
        time.sleep(1)
    assert processes_of(ana_user) == [], "nothing of the trainee's keeps running once the culler has stopped it"
    assert journal_reflections(ana_user) == [WORDS]
