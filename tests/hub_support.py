"""A real JupyterHub for tests and benchmarks: system users, a served workbook repository, the shipped config.

``running_hub()`` makes the system users, puts this checkout's workbooks in a bare
repository served over git:// on loopback (as a code host serves a trainer's fork),
and starts JupyterHub with docs/jupyterhub_config.py plus what only a test needs:
a shared-password login, loopback ports, fast activity reports and an admin token.
On the way out it stops the hub (which stops the trainees' servers), ends anything
the users left running, and removes the users and their homes.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from support import REPO, free_port

TRAINEE_ENV = Path(os.environ.get("SBS_HUB_USER_ENV", "/opt/sbs-training-hub/env"))
PASSWORD = "side-by-side-" + secrets.token_hex(6)
TRAINER = ["git", "-c", "user.name=Trainer", "-c", "user.email=trainer@example.org"]


class HubProblem(RuntimeError):
    """The hub could not be set up or did not answer; the message says why."""


@dataclass
class Hub:
    url: str
    token: str
    repo: Path
    repo_url: str
    log: Path

    def api(self, method: str, path: str) -> dict | None:
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body else None

    def servers(self, user: str) -> dict:
        info = self.api("GET", f"/users/{user}")
        return (info or {}).get("servers") or {}

    def wait_stopped(self, user: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.servers(user) and time.monotonic() < deadline:
            time.sleep(1)
        if self.servers(user):
            raise AssertionError(f"{user}'s server is still running after {timeout:.0f} s")

    def wait_ready(self, user: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.servers(user).get("")
            if server and server.get("ready"):
                return
            if not server:
                raise AssertionError(f"{user}'s server stopped before it was ready")
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server was not ready after {timeout:.0f} s")

    def pull_link(self, urlpath: str) -> str:
        """The trainer's nbgitpuller link, as docs/deploy-jupyterhub.md gives it."""
        query = urllib.parse.urlencode(
            {"repo": self.repo_url, "branch": "main", "targetPath": "sbs-training", "urlpath": urlpath}
        )
        return f"{self.url}/hub/user-redirect/git-pull?{query}"


def home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def as_user(user: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True, timeout=120)


def processes_of(user: str) -> list[str]:
    result = subprocess.run(["ps", "-u", user, "-o", "args="], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def make_workbook_repo(root: Path, extra: dict[str, str] | None = None) -> Path:
    """A bare repository holding this checkout's workbooks, content and package, as a trainer's fork would."""
    work = root / "work"
    work.mkdir()
    for part in ("src", "workbooks", "exercises", "pyproject.toml", "README.md"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, work / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, work / part)
    for relative, text in (extra or {}).items():
        (work / relative).write_text(text, encoding="utf-8")
    subprocess.run([*TRAINER, "init", "-q", "-b", "main", str(work)], check=True)
    subprocess.run([*TRAINER, "-C", str(work), "add", "-A"], check=True)
    subprocess.run([*TRAINER, "-C", str(work), "commit", "-q", "-m", "Workbooks for the cohort"], check=True)
    bare = root / "workbooks.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(root)], check=True)
    return bare


def push_change(repo: Path, notebook: str, old: str, new: str) -> None:
    """The trainer edits a workbook and pushes to the repository the link points at."""
    work = repo.parent / "work"
    path = work / "workbooks" / f"{notebook}.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    subprocess.run([*TRAINER, "-C", str(work), "commit", "-q", "-am", "An update for the cohort"], check=True)
    subprocess.run(["git", "-C", str(work), "push", "-q", str(repo), "main"], check=True)


def _config(root: Path, port: int, token: str, users: Sequence[str]) -> Path:
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
c.Authenticator.allowed_users = set({list(users)!r})
# Activity reaches the hub every few seconds, so the culler judges idleness on fresh figures.
c.JupyterHub.last_activity_interval = 5
c.Spawner.environment.update({{"JUPYTERHUB_ACTIVITY_INTERVAL": "5"}})
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.services.append({{"name": "sbs-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{
        "name": "sbs-test",
        "scopes": ["admin:users", "admin:servers", "list:users", "access:servers"],
        "services": ["sbs-test"],
    }}
)
""",
        encoding="utf-8",
    )
    return config


def _wait_for_hub(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubProblem(f"JupyterHub exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise HubProblem(f"JupyterHub did not answer in {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def _open_path_to(root: Path) -> None:
    """Let the trainees' accounts pass through the folders above ``root`` (execute only, nothing listed)."""
    os.chmod(root, 0o755)
    for parent in root.parents:
        if parent == Path("/"):
            break
        os.chmod(parent, os.stat(parent).st_mode | 0o011)


def _remove_users(users: Sequence[str]) -> None:
    for user in users:
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
    time.sleep(0.5)
    for user in users:
        subprocess.run(["userdel", "-r", user], capture_output=True)


@contextlib.contextmanager
def running_hub(
    root: Path, users: Sequence[str], *, cull_timeout: int, extra_files: dict[str, str] | None = None
) -> Iterator[Hub]:
    if os.geteuid() != 0:
        raise HubProblem("a real JupyterHub here creates system users: run as root (CI does)")
    if not (TRAINEE_ENV / "bin" / "jupyterhub-singleuser").exists():
        raise HubProblem(f"the trainees' environment {TRAINEE_ENV} is missing: scripts/hub-env builds it")
    _open_path_to(root)
    _remove_users(users)  # left over from an interrupted run
    daemon = process = None
    try:
        for user in users:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
            os.chmod(home(user), 0o700)
        repo = make_workbook_repo(root, extra_files)
        git_port = free_port()
        daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={root}", "--listen=127.0.0.1",
             f"--port={git_port}", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        token, port = secrets.token_hex(32), free_port()
        config = _config(root, port, token, users)
        env = {
            **os.environ,
            "PATH": f"{REPO / 'node_modules' / '.bin'}:{Path(sys.executable).parent}:{os.environ['PATH']}",
            "SBS_HUB_USER_ENV": str(TRAINEE_ENV),
            "SBS_HUB_CULL_TIMEOUT": str(cull_timeout),
        }
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
        _wait_for_hub(url, process, log)
        yield Hub(url=url, token=token, repo=repo, repo_url=f"git://127.0.0.1:{git_port}/{repo.name}", log=log)
    finally:
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=30)
        if process is not None:
            process.send_signal(signal.SIGTERM)  # the hub stops the trainees' servers it started
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        _remove_users(users)
