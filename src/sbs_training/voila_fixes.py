"""One fix to Voila, applied in one place: closed pages shut their kernels down.

Voila's page sends a shutdown beacon on ``beforeunload`` carrying the
``_xsrf`` cookie, but Voila never sets that cookie, so the request is refused
(403) and every closed tab leaves a kernel running (voila issue 1458). Tornado
sets the cookie whenever a handler reads ``xsrf_token``; reading it once when
a notebook page is served makes the existing beacon work.
"""

from __future__ import annotations

import inspect


def apply() -> None:
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
