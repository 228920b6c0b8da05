"""``serve.log`` never holds the token, whatever fails (issue 20, item 2).

Tornado logs the full address of every failed request and the request itself
after a server error; before, one run with a few mistyped or probing requests
wrote the token into the log dozens of times. Here a real server answers 4xx
and 500 to requests carrying the token, and the log is read afterwards.
"""

from __future__ import annotations

import base64
import http.client
import io
import logging
import os
import re
import uuid
from pathlib import Path

from support import REPO, Server
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from sbs_training.server.redact import RedactSecrets, redact_every_handler

WEBSOCKET = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
}


def status_of(server: Server, method: str, path: str, headers: dict | None = None) -> int:
    """The status of one request sent exactly as written, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        connection.request(method, path, body=b"" if method == "POST" else None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_failed_requests_carrying_the_token_leave_no_trace_of_it_in_serve_log(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "00-welcome.ipynb").write_bytes((REPO / "workbooks" / "00-welcome.ipynb").read_bytes())
    (notebooks / "a-folder.ipynb").mkdir()  # a folder where a notebook should be: Voila answers 500
    server = Server.start(tmp_path / "data", "--pool-size", "0", "--notebooks", str(notebooks))
    token = server.token
    here = {"Origin": f"http://127.0.0.1:{server.port}"}
    try:
        answers = {
            "a missing script": status_of(server, "GET", f"/voila/static/missing.js?token={token}"),
            "a missing style": status_of(server, "GET", f"/voila/templates/sbs/static/missing.css?token={token}"),
            "a missing theme": status_of(server, "GET", f"/voila/api/themes/missing?token={token}"),
            "a post without _xsrf": status_of(server, "POST", f"/voila/render/00-welcome.ipynb?token={token}"),
            "a kernel that isn't there": status_of(server, "DELETE", f"/api/kernels/{uuid.uuid4()}?token={token}"),
            "a socket from another site": status_of(
                server,
                "GET",
                f"/api/kernels/{uuid.uuid4()}/channels?token={token}",
                {**WEBSOCKET, "Origin": "http://evil.example"},
            ),
            "a socket to no kernel": status_of(
                server, "GET", f"/api/kernels/{uuid.uuid4()}/channels?token={token}", {**WEBSOCKET, **here}
            ),
            "a near miss": status_of(server, "GET", f"/voila/render/00-welcome.ipynb?token={token[:-1]}"),
            "a server error": status_of(server, "GET", f"/voila/render/a-folder.ipynb?token={token}", WEBSOCKET),
        }
    finally:
        server.stop()
    assert answers["a server error"] == 500, answers
    assert all(400 <= status < 500 for name, status in answers.items() if name not in ("a server error", "a near miss"))
    log = server.server_log.read_text()
    assert "500 GET /voila/render/a-folder.ipynb" in log and "403 POST" in log, "the failures were logged"
    assert "[redacted]" in log
    assert token not in log
    assert token[:-1] not in log, "a mistyped token is the real one but for a letter"
    assert not re.search(r"token=(?!\[redacted\])", log, re.I), "no token= value survives, right or wrong"


def undo_redaction(root_handlers: list[logging.Handler]) -> None:
    """Leave this test process's logging as it was (serve itself never undoes it)."""
    root = logging.getLogger()
    loggers = [root, *(lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger))]
    handlers = {id(h): h for lg in loggers for h in lg.handlers}
    handlers[id(logging.lastResort)] = logging.lastResort
    for handler in handlers.values():
        for found in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(found)
    for added in [h for h in root.handlers if h not in root_handlers]:
        root.removeHandler(added)
    logging.captureWarnings(False)


def test_an_uncaught_error_keeps_its_request_and_traceback_but_not_the_token() -> None:
    """Tornado's own words after an uncaught exception: the summary, the request's repr, the traceback."""
    token = "T0k3n-" + "x" * 40
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tornado.application")
    logger.addHandler(handler)
    root_handlers = list(logging.getLogger().handlers)
    try:
        redact_every_handler([token])
        uri = f"/voila/templates/x?token={token}&next=/?token%3D{token}"
        request = HTTPServerRequest(
            start_line=RequestStartLine("GET", uri, "HTTP/1.1"), headers=HTTPHeaders({"Host": "127.0.0.1:8866"})
        )
        try:
            raise ValueError(f"could not open {request.uri}")
        except ValueError:
            logger.error("Uncaught exception %s\n%r", f"GET {request.uri} (127.0.0.1)", request, exc_info=True)
        logging.getLogger("tornado.access").warning("404 GET %s (127.0.0.1) 1.00ms", request.uri)
    finally:
        undo_redaction(root_handlers)
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "HTTPServerRequest(" in written and "Traceback" in written and "ValueError" in written
    assert token not in written
    assert written.count("token=[redacted]") >= 3
