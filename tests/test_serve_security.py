"""``sbs-training serve`` lets in only whoever has the link it printed, on this computer's own names.

Through real HTTP, websockets and Chromium against a real server: no token, no
workbook and no kernel; a wrong token, a foreign Host or a foreign Origin is
refused; the printed link works in a fresh browser and what is typed is saved;
the cookie carries on; an open ``--host`` needs ``--allow-shared-journal`` and
then says so; twenty kernels started at once over IPC all answer.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import stat
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from support import REPO, Server, assert_one_clear_line, export_json, run_apart, run_cli, websocket_status

from sbs_training.server.guard import Guard, load_token, split_host

LINK = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+")


def get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    """Status, headers and body of a GET, without following redirects or raising on 403."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


def get_with_host(server: Server, path: str, host: str) -> int:
    """A GET whose Host header names another site, as a DNS-rebinding page's would."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def entry_cookie(server: Server, path: str = "/") -> str:
    """Open a path through the token link and return the ``Cookie`` header the browser would send next."""
    status, headers, _ = get(f"{server.url}{path}?token={server.token}")
    assert status == 200
    return headers["Set-Cookie"].split(";", 1)[0]


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """A server with no kernel kept warm, so every kernel counted was started by a request."""
    srv = Server.start(tmp_path_factory.mktemp("bare") / "data", "--pool-size", "0")
    yield srv
    srv.stop()


# ---- without the token -------------------------------------------------------------------------------


def test_without_the_token_no_workbook_no_kernel_no_api(bare: Server) -> None:
    for path in ("/", "/voila/render/00-welcome.ipynb", "/voila/render/07-my-journal.ipynb", "/voila/tree"):
        status, headers, body = get(bare.url + path)
        assert status == 403, path
        assert "use the link that <code>sbs-training serve</code> printed" in body
        assert "jupyter-config-data" not in body and "Welcome" not in body
        assert "Set-Cookie" not in headers
    for path in (
        "/api/kernels",
        f"/api/kernels/{uuid.uuid4()}",
        "/voila/api/contents/",
        "/voila/files/00-welcome.ipynb",
        f"/voila/api/shutdown/{uuid.uuid4()}",
    ):
        assert get(bare.url + path)[0] == 403, path
    time.sleep(2)
    assert bare.kernel_processes() == [], "a refused request started a kernel"


def test_a_wrong_token_is_refused_and_sets_no_cookie(bare: Server) -> None:
    for wrong in ("x" + bare.token, bare.token[:-1], "", bare.token.upper()):
        status, headers, body = get(f"{bare.url}/voila/render/00-welcome.ipynb?token={wrong}")
        assert status == 403 and "Set-Cookie" not in headers and "jupyter-config-data" not in body
    status, _, _ = get(bare.url + "/", {"Cookie": f"sbs-training-{bare.port}={'0' * 64}"})
    assert status == 403
    time.sleep(2)
    assert bare.kernel_processes() == []


def test_a_foreign_host_is_refused_even_with_the_token(bare: Server) -> None:
    with_token = f"/voila/render/00-welcome.ipynb?token={bare.token}"
    for host in (f"evil.example:{bare.port}", "evil.example", f"127.0.0.1.evil.example:{bare.port}", "127.0.0.1:1"):
        assert get_with_host(bare, with_token, host) == 403, host
        assert get_with_host(bare, "/voila/static/voila.js", host) == 403, host
    for host in (f"127.0.0.1:{bare.port}", f"localhost:{bare.port}", f"[::1]:{bare.port}"):
        assert get_with_host(bare, "/voila/static/voila.js", host) == 200, host
    time.sleep(2)
    assert bare.kernel_processes() == []


def test_the_token_link_sets_a_private_cookie_and_drops_the_token(bare: Server) -> None:
    status, headers, body = get(f"{bare.url}/?token={bare.token}")
    assert status == 200
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert bare.token not in cookie, "the cookie carries a digest, not the token"
    assert "url=/" in headers["Refresh"] and bare.token not in headers["Refresh"]
    status, _, listing = get(bare.url + "/", {"Cookie": cookie.split(";", 1)[0]})
    assert status == 200 and "00-welcome" in listing
    # A web page elsewhere can't use the cookie: a foreign Origin is refused.
    assert get(bare.url + "/", {"Cookie": cookie.split(";", 1)[0], "Origin": "http://evil.example"})[0] == 403


def test_kernel_api_and_websocket_need_the_cookie_and_this_origin(bare: Server) -> None:
    cookie = entry_cookie(bare, "/voila/render/00-welcome.ipynb")
    status, _, page = get(f"{bare.url}/voila/render/00-welcome.ipynb", {"Cookie": cookie})
    assert status == 200
    kernel_id = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))["kernelId"]
    assert get(f"{bare.url}/api/kernels/{kernel_id}")[0] == 403
    assert get(f"{bare.url}/api/kernels/{kernel_id}", {"Cookie": cookie})[0] == 200
    ws = f"ws://127.0.0.1:{bare.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    here = f"http://127.0.0.1:{bare.port}"
    assert run_apart(websocket_status(ws, {"Origin": here})) == 403
    assert run_apart(websocket_status(ws, {"Cookie": cookie, "Origin": "http://evil.example"})) == 403
    assert run_apart(websocket_status(ws, {"Cookie": cookie, "Origin": here})) == 101
    # A browser page can't reach the preheat query socket either (it always sends an Origin).
    query = f"ws://127.0.0.1:{bare.port}/voila/query/{kernel_id}"
    assert run_apart(websocket_status(query, {"Origin": here})) == 403


# ---- the terminal --------------------------------------------------------------------------------------


def test_the_terminal_says_where_to_open_where_the_journal_is_and_how_to_stop(bare: Server) -> None:
    said = bare.log.read_text()
    assert f"{bare.url}/?token={bare.token}" in said
    assert str(bare.data_dir) in said and "Ctrl+C" in said
    for noise in ("is not trusted", "TCP", "WARNING", "Traceback"):
        assert noise not in said, noise
    assert stat.S_IMODE(bare.server_log.stat().st_mode) == 0o600, "Voila's and the kernels' messages go here"


# ---- a real browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_printed_link_opens_in_a_fresh_browser_and_typing_is_saved(browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    # No token given: serve makes one, keeps it in the data folder and prints the link.
    server = Server.start(tmp_path / "data", "--pool-size", "0", env={"SBS_TRAINING_TOKEN": ""})
    try:
        found = LINK.search(server.log.read_text())
        deadline = time.monotonic() + 30
        while not found and time.monotonic() < deadline:
            time.sleep(0.3)
            found = LINK.search(server.log.read_text())
        assert found, server.log.read_text()
        kept = (tmp_path / "data" / "serve-token").read_text().strip()
        assert found.group(0).endswith(kept)
        assert stat.S_IMODE((tmp_path / "data" / "serve-token").stat().st_mode) == 0o600
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(found.group(0))
            page.wait_for_url(re.compile(r"/(voila/tree)?$"), timeout=30_000)
            assert "token" not in page.url
            cookies = {c["name"]: c for c in context.cookies()}
            ours = cookies[f"sbs-training-{server.port}"]
            assert ours["httpOnly"] and ours["sameSite"] == "Strict"
            # The cookie carries on: follow a link to a workbook, no token in any URL.
            page.get_by_role("link", name=re.compile("Welcome to Side by Side")).first.click()
            box = page.get_by_role("textbox", name="What brings you to facilitating peer support?")
            expect(box).to_be_editable(timeout=90_000)
            assert "token" not in page.url
            box.fill("I came through the printed link.")
            deadline = time.monotonic() + 30
            saved = ""
            while time.monotonic() < deadline:
                entries = export_json(server.data_dir)["reflections"]
                saved = next((r["text"] for r in entries if r["prompt"] == "what-brings-you"), "")
                if saved == "I came through the printed link.":
                    break
                time.sleep(0.5)
            assert saved == "I came through the printed link."
            # And on to the next page by address alone: the cookie still lets the trainee in.
            page.goto(f"{server.url}/voila/render/06-self-care-check-in.ipynb")
            page.wait_for_selector(".sbs-widget", timeout=90_000)
            assert errors == []
        finally:
            context.close()
        # A fresh profile with no link gets the plain page and nothing else.
        stranger = browser.new_context()
        try:
            page = stranger.new_page()
            page.goto(f"{server.url}/voila/render/00-welcome.ipynb")
            expect(page.get_by_role("heading", name="These workbooks are private")).to_be_visible()
            assert page.locator("textarea").count() == 0
        finally:
            stranger.close()
    finally:
        server.stop()
    # A bookmark survives a restart: the same token is used again.
    assert load_token(tmp_path / "data") == kept


# ---- sharing on a network ------------------------------------------------------------------------------


def test_an_open_host_is_refused_without_the_explicit_option(tmp_path: Path) -> None:
    result = run_cli("serve", "--host", "0.0.0.0", "--no-browser", data_dir=tmp_path / "data", timeout=60)
    assert_one_clear_line(result, contains="--allow-shared-journal")
    assert "share" in result.stderr and "deploy-jupyterhub.md" in result.stderr


@pytest.mark.browser
def test_a_shared_server_warns_in_the_terminal_and_on_every_page(browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server = Server.start(tmp_path / "data", "--host", "0.0.0.0", "--allow-shared-journal", "--pool-size", "0")
    try:
        said = server.log.read_text()
        assert "ONE shared journal" in said and "docs/deploy-jupyterhub.md" in said
        assert get(server.url + "/")[0] == 403, "the token still applies"
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(server.home_url)
            warning = page.get_by_role("note", name="Shared journal warning")
            expect(warning).to_contain_text("ONE shared journal", timeout=30_000)
            expect(warning).to_contain_text("docs/deploy-jupyterhub.md")
            page.goto(server.workbook_url("00-welcome"))
            page.wait_for_selector(".sbs-widget", timeout=90_000)
            expect(page.get_by_role("note", name="Shared journal warning")).to_contain_text("ONE shared journal")
        finally:
            context.close()
    finally:
        server.stop()


# ---- kernels over IPC ----------------------------------------------------------------------------------


def test_twenty_kernels_started_at_once_over_ipc_all_answer(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import load

    server = Server.start(tmp_path / "data", "--pool-size", "0")
    try:
        visits, dog = run_apart(load.run_batch(server.url, "00-welcome", 20, 240, 180, token=server.token))
        assert not dog.hung
        assert [v.reason for v in visits if not v.ok] == []
        assert len(visits) == 20
        # Each visit closed its tab (and kernel); open one more page and leave it open to look inside.
        assert get(f"{server.url}/voila/render/00-welcome.ipynb", {"Cookie": entry_cookie(server)})[0] == 200
        connection_files = [
            Path(part) for k in server.kernel_processes() for part in k.cmdline() if part.endswith(".json")
        ]
        assert connection_files, "kernels still running to inspect"
        runtime = connection_files[0].parent.parent
        assert stat.S_IMODE(runtime.stat().st_mode) == 0o700
        for path in connection_files:
            info = json.loads(path.read_text())
            assert info["transport"] == "ipc"
            assert len(f"{info['ip']}-{info['shell_port']}") < 100
        assert "Address already in use" not in server.server_log.read_text()
    finally:
        server.stop()
    assert not runtime.exists(), "the socket folder is removed at the end"


# ---- the pieces, without a server ----------------------------------------------------------------------


def test_the_token_is_kept_private_and_reused_unless_renewed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SBS_TRAINING_TOKEN", raising=False)
    tmp_path.chmod(0o700)
    first = load_token(tmp_path)
    assert len(first) >= 40 and stat.S_IMODE((tmp_path / "serve-token").stat().st_mode) == 0o600
    assert load_token(tmp_path) == first
    assert load_token(tmp_path, renew=True) != first
    monkeypatch.setenv("SBS_TRAINING_TOKEN", "given-by-the-trainer-0123456789-ab")
    assert load_token(tmp_path) == "given-by-the-trainer-0123456789-ab"
    assert "SBS_TRAINING_TOKEN" not in os.environ, "kernels do not inherit it"


def test_host_names_are_matched_exactly_with_the_port() -> None:
    guard = Guard(token="t" * 43, port=8866, names=frozenset({"localhost", "127.0.0.1", "::1"}))
    assert split_host("[::1]:8866") == ("::1", 8866)
    assert split_host("LocalHost:8866") == ("localhost", 8866)
    assert split_host("evil.example:bad") == ("", None)
    assert guard.token_ok("t" * 43) and not guard.token_ok("t" * 42) and not guard.token_ok("")


# ---- smaller faults (issue 20) -------------------------------------------------------------------------


def raw(server: Server, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
    """Status, headers and body of one GET sent exactly as written, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("short", ["a", "x" * 31, "a" * 40 + " spaced", "a" * 40 + "&next=1"])
def test_a_short_or_unsafe_token_from_the_environment_is_refused_in_one_sentence(tmp_path: Path, short: str) -> None:
    from support import free_port

    result = run_cli(
        "serve",
        "--port",
        str(free_port()),
        "--no-browser",
        data_dir=tmp_path / "data",
        env={"SBS_TRAINING_TOKEN": short},
        timeout=60,
    )
    assert_one_clear_line(result, contains="SBS_TRAINING_TOKEN must be at least 32 characters")
    assert len(short) == 1 or short not in result.stderr, "the sentence never repeats the code"


def test_a_doubled_token_lets_nobody_in_and_never_stays_in_the_address(bare: Server) -> None:
    cookie = entry_cookie(bare)
    for query in (f"token={bare.token}&token=x", f"token=x&token={bare.token}", f"token={bare.token}&token="):
        status, headers, _ = raw(bare, f"/voila/tree?{query}&keep=1")
        assert status == 302 and "Set-Cookie" not in headers, query
        assert headers["Location"] == "/voila/tree?keep=1", "every copy of the token leaves the address"
        assert raw(bare, headers["Location"])[0] == 403, "the pair let nobody in"
        assert raw(bare, headers["Location"], {"Cookie": cookie})[0] == 200, "the cookie still does"
    # The real token twice is still the real link: in, and out of the address bar.
    status, headers, _ = raw(bare, f"/?token={bare.token}&token={bare.token}")
    assert status == 200 and headers["Set-Cookie"].startswith(f"sbs-training-{bare.port}=")
    assert headers["Refresh"] == "0; url=/"
    # Taking the token out never sends the browser to another site.
    for path, landing in (("//evil.example/", "/evil.example/"), ("/\\evil.example/", "/%5Cevil.example/")):
        status, headers, _ = raw(bare, f"{path}?token=x")
        assert status == 302 and headers["Location"] == landing, path


@pytest.mark.browser
def test_a_doubled_token_is_gone_from_the_browsers_address_bar(browser, bare: Server) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{bare.url}/?token={bare.token}&token=x")
        expect(page.get_by_role("heading", name="These workbooks are private")).to_be_visible()
        assert "token" not in page.url and context.cookies() == []
        page.goto(bare.home_url)  # the printed link
        page.wait_for_url(re.compile(r"/(voila/tree)?$"))
        page.goto(f"{bare.url}/voila/tree?token={bare.token}&token=x")
        expect(page.get_by_role("link", name=re.compile("Welcome to Side by Side")).first).to_be_visible()
        assert "token" not in page.url
    finally:
        context.close()


def test_restarting_on_the_same_port_straight_after_a_stop_works(tmp_path: Path, monkeypatch) -> None:
    import psutil
    import support

    first = Server.start(tmp_path / "data", "--pool-size", "0")
    port = first.port
    # A browser's keep-alive connections, still open when the server stops: the server closes
    # them, which leaves TIME_WAIT sockets on its port for a minute.
    connections = []
    for _ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/voila/static/voila.js")
        connection.getresponse().read()
        connections.append(connection)
    first.stop()
    for connection in connections:
        connection.close()
    on_port = [c for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port]
    assert any(c.status == psutil.CONN_TIME_WAIT for c in on_port), "the stop left TIME_WAIT sockets"
    assert not any(c.status == psutil.CONN_LISTEN for c in on_port)
    monkeypatch.setattr(support, "free_port", lambda: port)
    second = Server.start(tmp_path / "data", "--pool-size", "0")
    try:
        assert second.port == port
        assert get(second.home_url)[0] == 200
    finally:
        second.stop()


def test_listening_on_every_address_includes_ipv4_so_the_printed_link_works(tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_INET6) as probe:
        try:
            probe.bind(("::1", 0))
        except OSError:
            pytest.skip("no IPv6 on this machine")
    server = Server.start(tmp_path / "data", "--host", "::", "--allow-shared-journal", "--pool-size", "0")
    try:
        found = re.search(r"\(on this computer: (http://127\.0\.0\.1:\d+/\?token=[\w-]+)\)", server.log.read_text())
        assert found, server.log.read_text()
        status, headers, _ = get(found.group(1))
        assert status == 200 and "Set-Cookie" in headers
        assert get(f"http://[::1]:{server.port}/voila/static/voila.js")[0] == 200, "IPv6 still answers"
    finally:
        server.stop()


def test_a_malformed_template_path_is_not_found_not_a_server_error(bare: Server) -> None:
    assert get(f"{bare.url}/voila/templates/sbs/static/index.css")[0] == 200
    for path in (
        "/voila/templates/sbs/static/",
        "/voila/templates/sbs/",
        "/voila/templates/sbs",
        "/voila/templates/../../etc/passwd",
        "/voila/templates/sbs/static/%00",
        "/voila/templates/sbs/static/missing.css",
    ):
        assert raw(bare, path)[0] == 404, path
    log = bare.server_log.read_text()
    assert "500 GET /voila/templates" not in log and "Uncaught exception GET /voila/templates" not in log
