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
import pwd
import re
import time
from pathlib import Path

import pytest
from hub_support import PASSWORD, TRAINEE_ENV, Hub, HubProblem, as_user, home, processes_of, push_change, running_hub

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

USERS = ("sbshub-ana", "sbshub-ben")  # JupyterHub lowercases names: system users are lowercase too
CULL_TIMEOUT = 60  # seconds; the test's pages report activity every few seconds while in use
WELCOME = "00-welcome"
PROMPT = "What brings you to facilitating peer support?"
WORDS = "Ana's own words: I sat in a group like this once <b>and</b> it changed things."
TIMEOUT = 120_000


def journal_file(user: str) -> Path:
    return home(user) / ".local" / "share" / "sbs-training" / "journal.sqlite3"


def journal_reflections(user: str) -> list[str]:
    """Read the journal as its owner would (never as root, which could leave root-owned files beside it)."""
    script = (
        "import json, sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        "print(json.dumps([r[0] for r in db.execute('SELECT text FROM reflections')]))"
    )
    result = as_user(user, str(TRAINEE_ENV / "bin" / "python"), "-c", script, str(journal_file(user)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    try:
        with running_hub(tmp_path_factory.mktemp("hub"), USERS, cull_timeout=CULL_TIMEOUT) as running:
            yield running
    except HubProblem as exc:
        pytest.fail(str(exc))


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
    push_change(hub.repo, WELCOME, "# Welcome to Side by Side Training", "# Welcome to the spring cohort")
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
