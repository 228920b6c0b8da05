"""The mybinder.org launch link (and badge) trainees click, from the cohort's git repository address."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from sbs_training.errors import UserError

BINDER = "https://mybinder.org"
BADGE = "https://mybinder.org/badge_logo.svg"


@dataclass(frozen=True)
class Repository:
    provider: str
    """Binder's provider: ``gh`` (GitHub), ``gl`` (GitLab) or ``git`` (any public https git URL)."""
    spec: str
    """``owner/name`` for GitHub and GitLab, else the https URL."""

    @property
    def binder_path(self) -> str:
        if self.provider == "gh":
            return f"gh/{self.spec}"
        return f"{self.provider}/{quote(self.spec, safe='')}"


_HOSTS = {"github.com": "gh", "gitlab.com": "gl"}
_SCP = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")
_SHORT = re.compile(r"^[\w.-]+/[\w.-]+$")


def parse_repository(url: str) -> Repository:
    """A git remote (https or ssh) or ``owner/name`` as a Binder repository; UserError if it can't be one."""
    text = url.strip()
    if not text:
        raise UserError("The repository address is empty; give one like https://github.com/OWNER/REPO.")
    if _SHORT.match(text):
        host, path = "github.com", text
    elif "://" in text:
        parts = urlsplit(text)
        host, path = (parts.hostname or "").lower(), parts.path
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh"):
            raise UserError(f"{text} is not a git address Binder can use; give an https or ssh address.")
    elif _SCP.match(text):
        match = _SCP.match(text)
        assert match is not None
        host, path = match["host"].lower(), match["path"]
    else:
        raise UserError(
            f"{text} doesn't look like a git repository address; give one like https://github.com/OWNER/REPO."
        )
    path = path.strip("/").removesuffix(".git").strip("/")
    if host in _HOSTS:
        pieces = path.split("/")
        if len(pieces) < 2 or not all(pieces):
            raise UserError(f"{text} names no repository; it should end in OWNER/REPO.")
        if _HOSTS[host] == "gh":
            pieces = pieces[:2]
        return Repository(_HOSTS[host], "/".join(pieces))
    if "://" in text and urlsplit(text).scheme in ("https", "http") and path:
        return Repository("git", f"https://{host}/{path}.git")
    raise UserError(
        f"{text} is not on GitHub or GitLab and has no https address, so mybinder.org can't build it; "
        "give the repository's public https address with --repo."
    )


def binder_url(repo: Repository, ref: str = "main", workbook: str | None = None) -> str:
    """The mybinder.org link that opens straight into the workbook list (or one workbook) in Voila."""
    target = f"voila/render/workbooks/{workbook}.ipynb" if workbook else "voila/tree/workbooks"
    return f"{BINDER}/v2/{repo.binder_path}/{quote(ref, safe='')}?urlpath={quote(target, safe='')}"


def badge_markdown(url: str) -> str:
    return f"[![Launch on Binder]({BADGE})]({url})"
