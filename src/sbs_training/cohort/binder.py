"""Temporary sessions: a plain notice when the workbooks run on Binder.

A Binder session (for example on mybinder.org) is public-hosted and is deleted
when it stops, with everything written in it. So on Binder every workbook says
so at the top, asks the trainee not to write names or identifying details, and
offers a one-click download of their journal to take home (``start()`` in
pages/workbook.py shows both). Outside Binder there is no notice.

How Binder is recognised: BinderHub passes these variables to every server it
launches (its spawner sets ``BINDER_REPO_URL`` from the launch request and
``BINDER_LAUNCH_HOST``, ``BINDER_REQUEST``, ``BINDER_PERSISTENT_REQUEST`` and
``BINDER_REF_URL`` from the build); the kernel inherits them from the server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

BINDER_VARS = (
    "BINDER_LAUNCH_HOST",
    "BINDER_REPO_URL",
    "BINDER_REQUEST",
    "BINDER_PERSISTENT_REQUEST",
    "BINDER_REF_URL",
)

NOTICE_CSS = """
.sbs-binder { border: 2px solid #1a4f8b; border-radius: 6px; background: #f1f6fb; color: #1a1a1a;
  padding: 0.5rem 0.9rem; margin: 0 0 1rem; max-width: 46rem; box-sizing: border-box; }
.sbs-binder-title { font-size: 1.05rem; font-weight: 700; margin: 0.2rem 0 0.3rem; }
.sbs-binder ul { margin: 0.2rem 0 0.3rem; padding-left: 1.2rem; }
"""

NOTICE_TEXT = (
    "This is a temporary session on a public service.",
    [
        "Everything you write here is deleted when the session ends, which can happen after about "
        "ten minutes without activity.",
        "Please don't write names, places or anything else that could identify you or anyone else.",
        "Before you leave, download your journal. You can bring it back into the My journal workbook "
        "next time, here or on your own computer.",
    ],
)


def on_binder(environ: Mapping[str, str] | None = None) -> bool:
    """True when a BinderHub launched this server (any of its variables is set and not empty)."""
    env = os.environ if environ is None else environ
    return any(env.get(name, "").strip() for name in BINDER_VARS)


def notice_html() -> str:
    heading, points = NOTICE_TEXT
    items = "".join(f"<li>{point}</li>" for point in points)
    return (
        f"<style>{NOTICE_CSS}</style>"
        '<section class="sbs-binder" role="region" aria-labelledby="sbs-binder-heading">'
        f'<p class="sbs-binder-title" id="sbs-binder-heading">{heading}</p><ul>{items}</ul></section>'
    )
