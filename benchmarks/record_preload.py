"""Record which scripts a workbook page runs, for the page's preload hints.

    .venv/bin/python benchmarks/record_preload.py     # rewrites src/sbs_training/server/preload.json

Voila's page discovers its scripts in waves (voila.js, then the chunks it
imports, then the widget extensions once the page has loaded, then the chunks
they import), each wave waiting for the one before. The ``sbs`` template asks
for all of them at once from the page's head (see server/page_speed.py). Which
files those are depends on the installed Voila and widget extensions, so this
opens every workbook in a real browser, with the current hints stripped from
the page, and writes down every script it ran. Run it again after upgrading
Voila, ipywidgets or anywidget; tests/test_page_speed.py says when it is due.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

OUT = REPO / "src" / "sbs_training" / "server" / "preload.json"
WORKBOOKS = sorted(
    str(p.relative_to(REPO / "workbooks").with_suffix(""))
    for p in (REPO / "workbooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
PRELOAD_LINK = re.compile(rb'<link rel="preload" as="script" href="[^"]*">\s*')


def main() -> None:
    import voila
    from playwright.sync_api import sync_playwright

    static: list[str] = []
    labextensions: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = Server.start(Path(tmp) / "data", "--pool-size", "0")
        # A page answered through page.route counts as from a public address: let it reach loopback.
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for name in WORKBOOKS:
                context = browser.new_context()
                page = context.new_page()

                def without_hints(route) -> None:  # the page as it would be with no hints at all
                    response = route.fetch()
                    route.fulfill(response=response, body=PRELOAD_LINK.sub(b"", response.body()))

                page.route(re.compile(r".*/voila/render/.*"), without_hints)
                page.goto(server.workbook_url(name))
                page.wait_for_selector(".sbs-widget", state="visible", timeout=120_000)
                page.wait_for_load_state("networkidle", timeout=120_000)
                for url in page.evaluate(
                    "() => performance.getEntriesByType('resource')"
                    ".filter(e => e.initiatorType === 'script').map(e => e.name)"
                ):
                    parts = urlsplit(url)
                    rest = parts.path + (f"?{parts.query}" if parts.query else "")
                    for prefix, found in (("/voila/static/", static), ("/voila/labextensions/", labextensions)):
                        if rest.startswith(prefix) and rest[len(prefix) :] not in found:
                            found.append(rest[len(prefix) :])
                print(f"{name}: {len(static)} Voila scripts, {len(labextensions)} extension scripts so far")
                page.close(run_before_unload=True)
                context.close()
        finally:
            browser.close()
            server.stop()
    record = {"voila": voila.__version__, "static": static, "labextensions": labextensions}
    OUT.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
