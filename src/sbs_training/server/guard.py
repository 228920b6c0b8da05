"""The door of standalone ``sbs-training serve``: a token, then a cookie; a Host check; an Origin check.

Modelled on Jupyter Server's own defences (``jupyter_server.auth.identity``:
the token in the URL it opens, then a login cookie; ``JupyterHandler.check_host``
with ``allow_remote_access``/``local_hostnames`` against DNS rebinding;
``check_origin`` on websockets). Voila turns those off when it runs on its own
(``allow_remote_access=True``, no token), so this module puts them back in one
place: a tornado routing rule placed *before* every Voila route. A request
that fails a check never reaches a Voila handler, so no workbook is rendered,
no kernel started, no API answered and no websocket opened.

One more door, for kernels rather than people: ``/voila/query/<kernel>``,
where a preheated kernel learns which page it renders. Kernel ids are in every
kernel's command line, readable by any local account, so that socket opens only
with the key serve wrote into its private runtime folder (``store/visit.py``
sends it); a browser never needs it.

Only standalone ``serve`` installs this. On Binder and JupyterHub Voila runs
as a Jupyter Server extension and Jupyter Server's own authentication applies.
"""

from __future__ import annotations

import contextlib
import hmac
import html
import ipaddress
import os
import secrets
import socket
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from tornado.httputil import HTTPServerRequest
from tornado.routing import Matcher, Router, Rule
from tornado.web import Application, RequestHandler

from sbs_training.errors import UserError
from sbs_training.store.visit import QUERY_KEY_FILE_ENV, QUERY_KEY_HEADER

ENV_TOKEN = "SBS_TRAINING_TOKEN"
TOKEN_FILE = "serve-token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
# Public files every Voila install ships (scripts, styles, themes): they show nothing of a
# trainee's and start no kernel, and health checks poll them, so they need no token.
# /voila/files/ (the workbooks folder) is NOT among them.
PUBLIC_PREFIXES = ("/voila/static/", "/voila/templates/", "/voila/labextensions/", "/voila/api/themes/")
# A preheated kernel asks this websocket for its visitor's query string (voila.utils.wait_for_request).
# It opens only with the query key (QUERY_KEY_HEADER), which only this server's kernels can read.
KERNEL_QUERY_PREFIX = "/voila/query/"
QUERY_KEY_FILE = "query-key"
MIN_TOKEN_LENGTH = 32
TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
COOKIE_DAYS = 30
LOCKED_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def is_loopback(host: str) -> bool:
    """True for an address or name that only this computer can reach."""

    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def load_token(data_dir: Path, *, renew: bool = False) -> str:
    """``$SBS_TRAINING_TOKEN`` if set, else the token kept in the data folder (0600), made on first use.

    Kept so a facilitator's bookmark keeps working across restarts; the journal
    beside it has the same protection, so the file exposes nothing new.
    """
    from_env = os.environ.pop(ENV_TOKEN, "").strip()  # popped: kernels need not inherit it
    if from_env:
        if len(from_env) < MIN_TOKEN_LENGTH or not set(from_env) <= TOKEN_CHARACTERS:
            raise UserError(
                f"{ENV_TOKEN} must be at least {MIN_TOKEN_LENGTH} characters, all letters, digits, '-' or '_' "
                "(a short code can be guessed); unset it and serve makes a strong one for you."
            )
        return from_env
    path = data_dir / TOKEN_FILE
    if not renew:
        try:
            kept = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            kept = ""
        if len(kept) >= MIN_TOKEN_LENGTH and set(kept) <= TOKEN_CHARACTERS:
            path.chmod(0o600)
            return kept
    token = secrets.token_urlsafe(32)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    return token


def write_query_key(runtime: Path) -> str:
    """A fresh key for the kernels' query socket, in the private runtime folder (0600), and the env pointing at it.

    Kernels inherit the environment variable, which names the file, not the key:
    another local account can read a process's command line but neither this
    folder nor another user's environment.
    """
    key = secrets.token_urlsafe(32)
    path = runtime / QUERY_KEY_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.environ[QUERY_KEY_FILE_ENV] = str(path)
    return key


def local_names(host: str) -> frozenset[str]:
    """Host names a browser on this computer (or, when shared, on the network) may use for this server."""
    names = set(LOOPBACK_NAMES)
    # Kernels reach the server at the address it listens on (VOILA_APP_IP), even 0.0.0.0.
    names.add(host.strip("[]").lower())
    names.discard("")
    if host not in ANY_ADDRESS:
        return frozenset(names)
    # Listening on every address (--allow-shared-journal): this computer's own names and addresses.
    for name in {socket.gethostname(), socket.getfqdn()}:
        names.add(name.lower())
        with contextlib.suppress(OSError):
            names.update(info[4][0] for info in socket.getaddrinfo(name, None))
    try:
        import psutil

        for addresses in psutil.net_if_addrs().values():
            names.update(a.address.split("%")[0] for a in addresses if a.family in (socket.AF_INET, socket.AF_INET6))
    except Exception:  # noqa: BLE001 (psutil is optional: names above still work)
        pass
    return frozenset(n.lower() for n in names)


def split_host(value: str) -> tuple[str, int | None]:
    """``name:port`` (``[v6]:port`` too) as (lower-case name, port)."""
    try:
        parts = urlsplit("//" + value)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


@dataclass
class Guard:
    """What this server lets in: its token, its port, and the host names that mean "this computer"."""

    token: str
    port: int
    names: frozenset[str]
    shared: bool = False
    query_key: str = ""
    cookie_value: str = field(init=False)

    def __post_init__(self) -> None:
        # The cookie holds a digest of the token, not the token: it grants entry here and nothing else.
        self.cookie_value = hmac.new(self.token.encode(), b"sbs-training serve cookie", sha256).hexdigest()

    @property
    def cookie_name(self) -> str:
        # Cookies ignore ports: name it after the port so two servers on one computer don't clash.
        return f"sbs-training-{self.port}"

    def host_ok(self, request: HTTPServerRequest) -> bool:
        name, port = split_host(request.headers.get("Host", ""))
        return name in self.names and (port == self.port or (port is None and self.port == 80))

    def origin_ok(self, request: HTTPServerRequest) -> bool:
        """No Origin (not a browser) is fine; a browser's Origin must be this very server."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == request.headers.get("Host", "").lower()

    def token_ok(self, candidate: str) -> bool:
        return bool(candidate) and hmac.compare_digest(candidate.encode(), self.token.encode())

    def cookie_ok(self, request: HTTPServerRequest) -> bool:
        morsel = request.cookies.get(self.cookie_name)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), self.cookie_value.encode())

    def query_key_ok(self, request: HTTPServerRequest) -> bool:
        given = request.headers.get(QUERY_KEY_HEADER, "")
        return bool(self.query_key) and bool(given) and hmac.compare_digest(given.encode(), self.query_key.encode())

    def query_tokens(self, request: HTTPServerRequest) -> list[str]:
        """Every ``token`` in the query string: a link may carry it twice (``?token=a&token=b``)."""
        return [value.decode("utf-8", "replace") for value in request.query_arguments.get("token", [])]

    def verdict(self, request: HTTPServerRequest) -> type[RequestHandler] | None:
        """The handler that answers instead of Voila, or None to let the request through."""
        if not self.host_ok(request) or not self.origin_ok(request):
            return ForbiddenHandler
        is_websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if is_websocket and request.path.startswith(KERNEL_QUERY_PREFIX):
            # Kernels only: the key, never the token or the cookie (a browser has no business here).
            return None if self.query_key_ok(request) and "Origin" not in request.headers else ForbiddenHandler
        if request.method in ("GET", "HEAD") and request.path.startswith(PUBLIC_PREFIXES):
            return None
        tokens = self.query_tokens(request)
        # Every copy must be the token: a pair such as ?token=wrong&token=<real> lets nobody in by itself.
        genuine = bool(tokens) and all(self.token_ok(t) for t in tokens)
        if tokens and request.method in ("GET", "HEAD") and not is_websocket:
            # Take the token out of the address bar either way: with the cookie (genuine), or without.
            return EnterHandler if genuine else StripTokenHandler
        if genuine or self.cookie_ok(request):
            return None
        return LockedHandler


class GuardMatcher(Matcher):
    """Matches every request the guard answers itself; the rest fall through to Voila's routes."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def match(self, request: HTTPServerRequest) -> dict | None:
        handler = self.guard.verdict(request)
        if handler is None:
            return None
        request.sbs_guard_handler = handler  # type: ignore[attr-defined]
        return {}


def plain_page(title: str, body: str) -> str:
    """A small, self-contained page (no scripts) in the style of the guard's answers; ``body`` is trusted HTML."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
        "color:#1b1b1b;background:#fff}code{background:#eee;padding:0 .2em}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def without_token(request: HTTPServerRequest) -> str:
    """The same page with every ``token`` taken out of its query, as a path on this server.

    Backslashes, spaces and control characters are percent-encoded and leading
    slashes folded into one: ``//evil.example/`` or ``/\\evil.example/`` would
    otherwise be read by the browser as another site (an open redirect).
    """
    path = "/" + quote(request.path, safe="/%:@!$&'()*+,;=-._~").lstrip("/")
    query = [(k, v) for k, v in parse_qsl(request.query, keep_blank_values=True) if k != "token"]
    return path + ("?" + urlencode(query) if query else "")


class _GuardHandler(RequestHandler):
    """Base for the guard's own answers: plain, private, never cached."""

    def initialize(self, guard: Guard) -> None:
        self.guard = guard

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Security-Policy", LOCKED_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def check_xsrf_cookie(self) -> None:  # the guard's pages take no form posts
        return None

    def page(self, status: int, title: str, body: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(plain_page(title, body))

    def get(self, *args: str) -> None:
        self.answer()

    head = post = put = patch = delete = options = get

    def answer(self) -> None:
        raise NotImplementedError


class ForbiddenHandler(_GuardHandler):
    """A foreign Host (DNS rebinding) or a foreign Origin: refused, with nothing to read."""

    def answer(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("Forbidden.\n")


class LockedHandler(_GuardHandler):
    """No token, a wrong token, or no cookie: how to get in, and nothing else."""

    def answer(self) -> None:
        self.page(
            403,
            "These workbooks are private",
            "<p>To open them, use the link that <code>sbs-training serve</code> printed in its window "
            "when it started (it ends with <code>?token=</code> and a long code).</p>"
            "<p>If you have closed that window, start <code>sbs-training serve</code> again: "
            "it prints the link and opens it for you.</p>",
        )


class EnterHandler(_GuardHandler):
    """A valid token in the URL: set the cookie, then go to the same page without the token.

    The onward step is a page of our own (meta refresh), not a 302: a SameSite=Strict
    cookie is not sent along a redirect chain that began on another site (the
    file the browser was opened with), but it is on a navigation this page starts.
    """

    def answer(self) -> None:
        self.set_cookie(
            self.guard.cookie_name,
            self.guard.cookie_value,
            path="/",
            httponly=True,
            samesite="Strict",
            expires_days=COOKIE_DAYS,
        )
        target = without_token(self.request)
        safe = html.escape(target, quote=True)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Refresh", f"0; url={target}")
        self.finish(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='refresh' content='0; url={safe}'><title>Opening…</title></head>"
            f"<body><p><a href='{safe}'>Open the workbooks</a></p></body></html>"
        )


class StripTokenHandler(_GuardHandler):
    """A wrong token, or the token mixed with another value: no cookie, and the same page without any token.

    The page it lands on then lets in whoever already has the cookie and shows
    everyone else how to get in; the address bar keeps no code either way.
    """

    def answer(self) -> None:
        self.redirect(without_token(self.request))


def install(app: Application, guard: Guard) -> None:
    """Put the guard in front of every route of a tornado application (call after Voila adds its handlers)."""
    rule = Rule(GuardMatcher(guard), _GuardRouter(app, guard))
    app.default_router.rules.insert(0, rule)


class _GuardRouter(Router):
    """A tiny router: hands the request to the handler the matcher picked."""

    def __init__(self, app: Application, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    def find_handler(self, request: HTTPServerRequest, **kwargs: object):  # type: ignore[no-untyped-def]
        handler = getattr(request, "sbs_guard_handler", LockedHandler)
        return self.app.get_handler_delegate(request, handler, {"guard": self.guard})
