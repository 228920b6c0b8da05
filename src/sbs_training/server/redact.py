"""Keep the token (and the other secrets serve holds) out of serve.log.

Tornado writes the whole URI of every failed request (``403 GET /x?token=...``)
and the request's repr after an uncaught exception; a link pasted with a
mistake, a stale bookmark or a probe then leaves the key in a file. A filter on
every handler rewrites each record before any handler writes it: the secrets
themselves, and any ``token=`` value (a wrong one is often the real one with a
typo), become ``[redacted]``. Handler filters see records from every logger
that reaches them, unlike logger filters, which see only their own logger's.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"
# A token= value, unless it is already the mark (the filter may see a record once per handler).
TOKEN_PARAMETER = re.compile(r"(token(?:=|%3D))(?!\[redacted\])[^&\s'\"#;,)>\]]+", re.I)
LEVEL = logging.WARNING  # what serve.log kept before: warnings, errors, and failed requests


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, traceback and stack so no secret survives into any handler."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def clean(self, text: str) -> str:
        text = TOKEN_PARAMETER.sub(r"\1" + REDACTED, text)
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a malformed record still must not leak its arguments)
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.clean(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters use this cached text rather than formatting exc_info again.
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True


def redact_every_handler(secrets: Iterable[str]) -> RedactSecrets:
    """Put one redacting filter on every handler there is now, and give the root logger one of its own.

    Tornado's loggers (``tornado.access``, ``tornado.application``) have no handler
    of their own: without a root handler their records would go to logging's
    last resort, which takes no filters we could rely on. Call again after
    anything adds handlers (Voila configures its own when it initialises);
    each handler keeps one such filter, the newest.
    """
    wanted = RedactSecrets(secrets)
    root = logging.getLogger()
    if not any(isinstance(f, RedactSecrets) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(LEVEL)
        handler.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(handler)
    logging.captureWarnings(True)  # warnings.warn goes through logging, so through the filter
    loggers = [root, *(lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger))]
    handlers = {id(h): h for lg in loggers for h in lg.handlers}
    if logging.lastResort is not None:
        handlers[id(logging.lastResort)] = logging.lastResort
    for handler in handlers.values():
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(old)
        handler.addFilter(wanted)
    return wanted
