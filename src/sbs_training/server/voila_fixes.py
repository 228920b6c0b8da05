"""Fixes to Voila, applied in one place: closed pages shut their kernels down;
a malformed template path is "not found", not a server error; a shared server
says so on every page.

Voila's page sends a shutdown beacon on ``beforeunload`` carrying the
``_xsrf`` cookie, but Voila never sets that cookie, so the request is refused
(403) and every closed tab leaves a kernel running (voila issue 1458). Tornado
sets the cookie whenever a handler reads ``xsrf_token``; reading it once when
a notebook page is served makes the existing beacon work.

Voila's template file handler splits ``<template>/static/<file>`` with an
``assert`` and a tuple unpacking, so ``/voila/templates/sbs/static/`` (or any
path without three parts) ended in a 500 and a traceback in the log.
"""

from __future__ import annotations

import functools
import html
import inspect
import re

from tornado.web import OutputTransform


def apply() -> None:
    _set_xsrf_cookie()
    _template_paths_not_found()


def _template_paths_not_found() -> None:
    """A template path Voila can't split or resolve (no ``<template>/static/<file>``, a NUL byte) answers 404."""
    from voila.static_file_handler import TemplateStaticFileHandler

    if getattr(TemplateStaticFileHandler, "_sbs_not_found_fixed", False):
        return
    TemplateStaticFileHandler.parse_url_path = _not_found_on_bad_path(TemplateStaticFileHandler.parse_url_path)
    TemplateStaticFileHandler.validate_absolute_path = _not_found_on_bad_path(
        TemplateStaticFileHandler.validate_absolute_path
    )
    absolute = TemplateStaticFileHandler.get_absolute_path.__func__  # a classmethod
    TemplateStaticFileHandler.get_absolute_path = classmethod(_not_found_on_bad_path(absolute))
    TemplateStaticFileHandler._sbs_not_found_fixed = True


def _not_found_on_bad_path(method):  # type: ignore[no-untyped-def]
    from tornado.web import HTTPError

    @functools.wraps(method)
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return method(*args, **kwargs)
        except (ValueError, AssertionError):
            raise HTTPError(404) from None

    return wrapped


def _set_xsrf_cookie() -> None:
    # Here, not at the top: voila loads jupyter_server (about 2 s), needed only when a server applies the fixes.
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_sbs_xsrf_fixed", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(self, *args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        self.xsrf_token  # noqa: B018 (reading it sets the cookie the shutdown beacon sends back)
        return result

    VoilaHandler.prepare = prepare
    VoilaHandler._sbs_xsrf_fixed = True


BODY_TAG = re.compile(rb"<body[^>]*>", re.I)
HOLD_LIMIT = 256 * 1024


def add_banner(app, text: str) -> None:  # type: ignore[no-untyped-def]
    """Show ``text`` at the top of every HTML page the server sends (the guard's own pages too).

    A tornado output transform sees every response, streamed or not, so no
    template has to remember it: the banner goes in right after ``<body ...>``.
    """
    banner = (
        "<aside aria-label='Shared journal warning' class='sbs-shared-warning' role='note' "
        "style='background:#fff3bf;color:#1b1b1b;border:3px solid #8a6d00;padding:.75rem 1rem;margin:0;"
        "font:1rem/1.4 system-ui,sans-serif'><strong>Shared journal.</strong> "
        f"{html.escape(text)}</aside>"
    ).encode()

    class SharedBanner(OutputTransform):
        def __init__(self, request) -> None:  # type: ignore[no-untyped-def]
            self.pending = False
            self.held = b""

        def transform_first_chunk(self, status_code, headers, chunk, finishing):  # type: ignore[no-untyped-def]
            sized = "Content-Length" in headers
            # HTML only; a page sent whole (sized and finishing) or streamed (unsized), never a
            # sized file sent in parts, whose length is already promised.
            self.pending = "text/html" in headers.get("Content-Type", "") and (finishing or not sized)
            if not self.pending:
                return status_code, headers, chunk
            chunk = self.transform_chunk(chunk, finishing)
            if sized:
                headers["Content-Length"] = str(len(chunk))
            return status_code, headers, chunk

        def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
            # Voila streams its template in small pieces, so ``<body ...>`` can straddle
            # chunks: hold the head back until the whole tag has arrived.
            if not self.pending:
                return chunk
            self.held += chunk
            found = BODY_TAG.search(self.held)
            if found:
                chunk = self.held[: found.end()] + banner + self.held[found.end() :]
            elif finishing or len(self.held) > HOLD_LIMIT:
                chunk = self.held
            else:
                return b""
            self.pending, self.held = False, b""
            return chunk

    app.transforms.append(SharedBanner)
