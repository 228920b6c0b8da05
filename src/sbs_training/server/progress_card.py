"""The progress card page: see exactly what a card holds, then save that very file.

Why a handler and not a workbook: the list page has no kernel, and starting
one (seconds, and a kernel per visit) to show a few ids is waste. This page
is plain HTML from the server that already draws the list: it reads the
journal once, shows the card's JSON as it will be saved, and the save link
carries those same bytes (a ``data:`` link with ``download``), so what is
saved is what was shown, whatever changes in another tab meanwhile.

It answers GET only (a name typed is a query parameter, and changes nothing
but the preview) and sits behind the same door as every page: standalone
``serve`` registers it behind its token guard; on Binder and JupyterHub it is
a Jupyter Server extension (``configure_jupyter_server`` enables it) behind
Jupyter's own login, as ``@web.authenticated`` requires.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from sbs_training.cohort.workbook_list import CARD_PATH
from sbs_training.config import load_config
from sbs_training.course.card import ProgressCard, current_card
from sbs_training.errors import UserError
from sbs_training.resources import workbook_title
from sbs_training.store.journal import Journal

STYLE = """
body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.5rem 0; } h2 { font-size: 1.2rem; margin: 1.5rem 0 0.4rem; }
label { display: block; font-weight: 600; margin-top: 0.6rem; }
input[type=text] { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid #595959; border-radius: 4px;
  width: 100%; max-width: 24rem; box-sizing: border-box; }
button, .sbs-button { font: inherit; display: inline-block; margin-top: 0.6rem; padding: 0.45rem 0.9rem;
  border: 1px solid #0b4a8c; border-radius: 4px; color: #0b4a8c; background: #fff; font-weight: 600;
  text-decoration: none; cursor: pointer; }
.sbs-primary { color: #fff; background: #0b4a8c; }
pre { background: #f4f4f4; border: 1px solid #c9c9c9; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap;
  overflow-wrap: anywhere; font-size: 0.9rem; }
.sbs-hint { color: #333; margin: 0.2rem 0; }
.sbs-error { border-left: 4px solid #8a1c1c; background: #fff7f5; padding: 0.5rem 0.9rem; }
a { color: #0b4a8c; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
"""


def _in_words(card: ProgressCard) -> str:
    done = "".join(
        f"<li>{escape(workbook_title(w.id))}, done on {w.on.day} {w.on:%B %Y}</li>" for w in card.workbooks_done
    )
    pseudonym = f"a pseudonym, <code>{escape(card.pseudonym or '')}</code>"
    who = f"your name, {escape(card.name)}" if card.name else pseudonym
    endings = len(card.scenario_endings)
    return (
        "<ul>"
        f"<li>Cohort: {escape(card.cohort) or 'not set'}</li>"
        f"<li>It names you by {who}.</li>"
        f"<li>Made on {card.made_on.day} {card.made_on:%B %Y}.</li>"
        f"<li>Workbooks done: {len(card.workbooks_done)}" + (f"<ul>{done}</ul>" if done else "") + "</li>"
        f"<li>Scenario endings reached: {endings}, by their ids only.</li>"
        "</ul>"
    )


def card_page(card: ProgressCard, *, name: str, problem: str, back: str) -> str:
    """The whole page: the card in words, its exact text, and the link that saves that text."""
    text = card.to_json()
    link = "data:application/json;charset=utf-8," + quote(text, safe="")
    filename = f"progress-card-{card.made_on.isoformat()}.json"
    note = f'<p class="sbs-error" role="alert">{escape(problem)}</p>' if problem else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Share your progress: Side by Side Training</title><style>{STYLE}</style></head>
<body><main>
<p><a href="{escape(back, quote=True)}">Back to your workbooks</a></p>
<h1>Share your progress</h1>
<p>A progress card tells your trainer which workbooks you have finished and which scenario endings you reached.
It holds <strong>nothing you wrote</strong>: no reflections, no notes, no names of anyone in your group.
Nothing is sent anywhere: you save the file, and you decide whether to give it to anyone.</p>
{note}
<form method="get" action="">
  <label for="sbs-card-name">Your name on the card (optional)</label>
  <p class="sbs-hint" id="sbs-card-name-hint">Leave it empty to be named by a random pseudonym instead.
  Letters, spaces and hyphens only.</p>
  <input type="text" id="sbs-card-name" name="name" value="{escape(name, quote=True)}" maxlength="40"
    autocomplete="off" aria-describedby="sbs-card-name-hint">
  <button type="submit">Show the card with this name</button>
</form>
<h2 id="sbs-card-words">What the card says</h2>
{_in_words(card)}
<h2 id="sbs-card-exact">Exactly what will be saved</h2>
<pre id="sbs-card-json" aria-labelledby="sbs-card-exact">{escape(text)}</pre>
<p><a class="sbs-button sbs-primary" id="sbs-save-card" href="{escape(link, quote=True)}"
  download="{filename}">Save this card ({filename})</a></p>
</main></body></html>"""


def render(name: str, back: str, today: date | None = None) -> str:
    """The page for this visit: one read of the journal; a name the card refuses is said, and left off."""
    cohort = load_config().cohort_code
    with Journal.open() as journal:
        try:
            card = current_card(journal, cohort, name=name or None, today=today)
            problem = ""
        except ValueError:
            card = current_card(journal, cohort, today=today)
            problem = (
                "That name can't go on the card: use letters, spaces, hyphens and apostrophes only, "
                "up to 40. The card below uses your pseudonym."
            )
    return card_page(card, name=name, problem=problem, back=back)


class ProgressCardHandler(JupyterHandler):
    """GET only; behind Jupyter's login on a hub, behind the token guard under ``serve``."""

    @web.authenticated
    def get(self) -> None:
        name = self.get_argument("name", "")[:200]
        back = self.get_argument("from", "")
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        if not back.startswith(base) or "//" in back or "\\" in back:
            back = base  # only a page of this server
        try:
            page = render(name, back)
        except UserError as exc:
            page = (
                "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Share your progress</title>"
                f"<style>{STYLE}</style></head><body><main><h1>Share your progress</h1>"
                f"<p class='sbs-error' role='alert'>{escape(str(exc))}</p>"
                f"<p><a href='{escape(back, quote=True)}'>Back to your workbooks</a></p></main></body></html>"
            )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)


def add_handler(web_app: Any, base_url: str) -> None:
    """Put the page on a running tornado application, ahead of its catch-all routes."""
    web_app.add_handlers(".*$", [(url_path_join(base_url, CARD_PATH), ProgressCardHandler)])


# -- as a Jupyter Server extension (Binder, JupyterHub) ---------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "sbs_training.server.progress_card"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    add_handler(serverapp.web_app, serverapp.base_url)
