"""Workbooks 04 (boundaries, confidentiality) and 05 (group agreements), without a browser.

Content is checked for the facts that must be right; the agreement builder's
logic is driven through its Python methods and through values a page could
send; the handouts and statements are checked for escaping and for keeping
Welsh text and emoji as typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sbs_training.content import check_file, load
from sbs_training.content.agreements import MAX_ITEM_CHARS, MAX_ITEMS, MAX_TITLE_CHARS
from sbs_training.documents import markdown_text
from sbs_training.errors import UserError
from sbs_training.pages import Workbook
from sbs_training.pages.agreements import agreement_builder
from sbs_training.pages.boundaries import cannot_offer_checklist, offer_downloads
from sbs_training.resources import exercises_dir, workbooks_dir
from sbs_training.sessions.agreement import SAVED_ITEM, clean_agreement, handout_size
from sbs_training.statements import (
    offer_html,
    offer_markdown,
    offer_statement,
    welcome_html,
    welcome_markdown,
)
from sbs_training.store.journal import Journal
from sbs_training.widgets.agreement import AgreementBuilder
from sbs_training.widgets.download import DownloadButton

W04 = "04-boundaries-and-confidentiality"
W05 = "05-group-agreements-and-challenging-behaviour"
MY_FILES = [
    ("prompts", W04),
    ("prompts", W05),
    ("cards", "confidentiality-dilemmas"),
    ("cards", "agreement-tested"),
    ("checklists", "informed-consent"),
    ("checklists", "cannot-offer"),
    ("agreements", "default"),
]
SCRIPT = "<script>alert(1)</script>"
WELSH = "Rydyn ni'n parchu ein gilydd"
EMOJI = "🤝🌈"


def notebook_text(name: str) -> list[tuple[str, str]]:
    cells = json.loads((workbooks_dir() / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return [(c["cell_type"], "".join(c["source"])) for c in cells]


# -- content --------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), MY_FILES)
def test_content_file_is_valid(kind: str, name: str) -> None:
    assert check_file(kind, exercises_dir() / kind / f"{name}.yaml") == []
    assert load(kind, name)


def test_every_file_belongs_to_its_workbook() -> None:
    for kind, name in MY_FILES:
        content = load(kind, name)
        assert content.workbook in (W04, W05), (kind, name)


def test_confidentiality_facts_are_in_the_workbook() -> None:
    cells = notebook_text(W04)
    prose = " ".join(src for kind, src in cells if kind == "markdown")
    assert "two commonly accepted exceptions" in prose
    assert "reason to believe a child or young person needs protection" in prose
    assert "plan to harm themselves or someone else" in prose
    assert "except where the law requires it" in prose
    assert "at the start of the group" in prose
    # the content note comes before the confidentiality material and the dilemmas
    sources = [src for _, src in cells]
    note = next(n for n, s in enumerate(sources) if "wb.content_note(" in s)
    facts = next(n for n, s in enumerate(sources) if "two commonly accepted exceptions" in s)
    dilemmas = next(n for n, s in enumerate(sources) if 'wb.cards("confidentiality-dilemmas")' in s)
    assert note < facts < dilemmas


def test_dilemmas_ask_the_one_question_and_say_who_to_talk_to() -> None:
    cards = load("cards", "confidentiality-dilemmas").cards
    assert len(cards) >= 8
    for card in cards:
        assert [o.id for o in card.options] == ["must-share", "with-consent", "keep"], card.id
        assert card.situation.startswith(("After the session", "A member")), card.id
        feedback = " ".join(o.happens + " " + o.why for o in card.options)
        assert "supervisor" in feedback or "safeguarding lead" in feedback, card.id
    chosen = {c.id for c in cards}
    assert {"children-left-alone", "plan-this-weekend"} <= chosen  # both exceptions are practised


def test_boundary_moments_reveal_an_example_and_its_principle() -> None:
    prompts = load("prompts", W04)
    moments = [p for p in prompts.prompts if p.id.startswith("moment-")]
    assert len(moments) >= 6
    for prompt in moments:
        assert "The principle:" in prompt.example, prompt.id
    ids = {p.id for p in moments}
    assert {
        "moment-late-message",
        "moment-meet-outside",
        "moment-medication",
        "moment-speak-for-them",
        "moment-co-facilitator",
        "moment-social-circle",
    } <= ids


def test_informed_consent_covers_what_a_new_member_should_know() -> None:
    ids = {i.id for i in load("checklists", "informed-consent").items}
    assert {"how-it-works", "what-it-can-do", "what-it-cannot-do", "other-support", "leave-any-time"} <= ids


def test_agreement_starts_from_the_toolkits_usual_items() -> None:
    text = " ".join(i.text for i in load("agreements", "default").items).lower()
    for phrase in [
        "listen without interrupting",
        "side conversations",
        "accept our differences",
        "respect each other's opinions",
        "don't judge",
        '"i"',
        "share the time",
        "phones off or on silent",
        "child or young person needs protection",
    ]:
        assert phrase in text, phrase


def test_agreement_tested_cards_cover_the_stories() -> None:
    cards = load("cards", "agreement-tested").cards
    assert [c.id for c in cards] == [
        "point-to-agreement",
        "three-strikes",
        "always-late",
        "stopped-medication",
        "no-longer-fits",
    ]
    for card in cards:
        assert all(len(o.happens) > 20 and len(o.why) > 20 for o in card.options)


def test_a_broken_agreement_file_is_refused_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: broken\n"
        "workbook: 05-group-agreements-and-challenging-behaviour\n"
        "title: Our agreement\n"
        "items:\n"
        "  - id: listen\n"
        "    text: We listen.\n"
        "  - id: listen\n"  # line 7: the id repeats
        "    text: We listen again.\n"
        "  - id: Bad Id\n"  # line 9: not a valid id
        "    text: x\n",  # line 10: too short
        encoding="utf-8",
    )
    problems = [str(p) for p in check_file("agreements", broken)]
    assert any(p.startswith(f"{broken}:9: items.2.id") for p in problems), problems
    assert any(p.startswith(f"{broken}:10: items.2.text") for p in problems), problems
    broken.write_text(broken.read_text().replace("  - id: Bad Id\n    text: x\n", ""), encoding="utf-8")
    problems = [str(p) for p in check_file("agreements", broken)]
    assert problems == [f"{broken}:1: file: the item id 'listen' is used twice"], problems


def test_a_broken_dilemma_file_is_refused_with_file_and_line(tmp_path: Path) -> None:
    source = (exercises_dir() / "cards" / "confidentiality-dilemmas.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == "- id: must-share")
    lines[at] = lines[at].replace("must-share", "Must Share!")
    broken = tmp_path / "confidentiality-dilemmas.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in check_file("cards", broken)]
    assert len(problems) == 1 and problems[0].startswith(f"{broken}:{at + 1}: cards.0.options.0.id"), problems


# -- the agreement builder ------------------------------------------------------------

DEFAULTS = [
    {"id": "listen", "text": "We listen without interrupting."},
    {"id": "phones", "text": "Phones off or on silent."},
    {"id": "time", "text": "We share the time."},
]


def make(journal: Journal) -> AgreementBuilder:
    return AgreementBuilder(
        W05, "agreement-default", default_title="Our group agreement", default_items=DEFAULTS, journal=journal
    )


def saved(journal: Journal):
    answers = [a for a in journal.answers(W05, "agreement-default") if a.item == SAVED_ITEM]
    return answers[0] if answers else None


def test_starts_from_the_defaults_and_saves_nothing_until_changed(journal: Journal) -> None:
    builder = make(journal)
    assert builder.items == DEFAULTS and builder.title == "Our group agreement"
    assert saved(journal) is None
    assert "starting list" in builder.status


def test_add_edit_reorder_remove_persist_and_restore(journal: Journal) -> None:
    builder = make(journal)
    own = builder.add(f"{SCRIPT} {WELSH} {EMOJI}")
    assert own.startswith("own-")
    assert builder.status.startswith("Added “<script>") and "Saved" in builder.status
    builder.edit("listen", "We listen all the way through.")
    builder.move(own, -1)
    assert "up to number 3 of 4" in builder.status
    builder.move("listen", 1)
    builder.remove("phones")
    assert builder.status.startswith("Removed “Phones off or on silent”")
    builder.rename("Tuesday group: our agreement")
    expected = [
        {"id": "listen", "text": "We listen all the way through."},
        {"id": own, "text": f"{SCRIPT} {WELSH} {EMOJI}"},
        {"id": "time", "text": "We share the time."},
    ]
    assert builder.items == expected
    assert saved(journal).value == {"title": "Tuesday group: our agreement", "items": expected}

    again = make(journal)  # a later visit
    assert again.items == expected and again.title == "Tuesday group: our agreement"
    assert again.status.startswith("Your agreement is back")

    again.put_back("phones")
    assert [i["id"] for i in again.items] == ["listen", "phones", own, "time"]
    assert again.status.startswith("Put back “Phones off or on silent” as number 2")


def test_moving_past_either_end_changes_nothing(journal: Journal) -> None:
    builder = make(journal)
    builder.move("listen", -1)
    builder.move("time", 1)
    assert builder.items == DEFAULTS and saved(journal) is None
    assert "already number 3 of 3" in builder.status


def test_adding_blank_text_is_refused(journal: Journal) -> None:
    builder = make(journal)
    assert builder.add("   ") == ""
    assert builder.items == DEFAULTS and "Write the new item first" in builder.status


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("items", "not a list", "must be a list"),
        ("items", None, "must be a list"),
        ("items", {"id": "listen", "text": "x"}, "must be a list"),
        ("items", ["We listen."], "not in the expected form"),
        ("items", [{"id": "listen"}], "not in the expected form"),
        ("items", [{"id": "listen", "text": "x", "extra": True}], "not in the expected form"),
        ("items", [{"id": "listen", "text": 5}], "must be text"),
        ("items", [{"id": "listen", "text": ["a"]}], "must be text"),
        ("items", [{"id": 7, "text": "a"}], "missing or repeated name"),
        ("items", [{"id": "Not An Id", "text": "a"}], "missing or repeated name"),
        ("items", [{"id": "x" * 81, "text": "a"}], "missing or repeated name"),
        ("items", [{"id": "a", "text": "a"}, {"id": "a", "text": "b"}], "missing or repeated name"),
        ("items", [{"id": "a", "text": "x" * (MAX_ITEM_CHARS + 1)}], "longer than"),
        ("items", [{"id": "a", "text": "x" * 250_000}], "longer than"),
        ("items", [{"id": "a", "text": "\x00" * (MAX_ITEM_CHARS + 1) + "x" * (MAX_ITEM_CHARS + 1)}], "longer than"),
        ("items", [{"id": f"i{n}", "text": "a"} for n in range(MAX_ITEMS + 1)], "at most"),
        ("title", 12, "must be text"),
        ("title", None, "must be text"),
        ("title", "x" * (MAX_TITLE_CHARS + 1), "longer than"),
    ],
)
def test_malformed_values_from_the_page_are_refused_and_nothing_stored_changes(
    journal: Journal, name: str, value: object, reason: str
) -> None:
    builder = make(journal)
    builder.add("Something of my own")
    before = saved(journal)
    shown = (builder.title, list(builder.items))
    setattr(builder, name, value)  # what a page can do: set any synced value
    assert (builder.title, builder.items) == shown  # put back as it was
    assert builder.status.startswith("That change wasn't saved:") and reason in builder.status
    assert saved(journal) == before  # same value, same timestamp


@pytest.mark.parametrize(
    "message",
    [
        "move",
        {"type": "move", "id": "listen", "by": 2},
        {"type": "move", "id": "listen", "by": "1"},
        {"type": "move", "id": ["listen"], "by": 1},
        {"type": "move", "id": "no-such-item", "by": 1},
        {"type": "remove", "id": "no-such-item"},
        {"type": "remove"},
        {"type": "add", "text": 5},
        {"type": "add", "text": "x" * (MAX_ITEM_CHARS + 1)},
        {"type": "put-back", "id": "not-a-default"},
        {"type": "rewrite-everything"},
    ],
)
def test_malformed_requests_from_the_page_change_nothing(journal: Journal, message: object) -> None:
    builder = make(journal)
    builder.add("Something of my own")
    before, items = saved(journal), list(builder.items)
    builder._on_msg(builder, message, [])
    assert builder.items == items and saved(journal) == before
    assert "nothing was changed" in builder.status or "wasn't saved" in builder.status


def test_requests_from_the_page_do_what_the_buttons_say(journal: Journal) -> None:
    builder = make(journal)
    builder._on_msg(builder, {"type": "add", "text": "Tea first"}, [])
    builder._on_msg(builder, {"type": "move", "id": "time", "by": -1}, [])
    builder._on_msg(builder, {"type": "remove", "id": "listen"}, [])
    builder._on_msg(builder, {"type": "put-back", "id": "listen"}, [])
    texts = [i["text"] for i in saved(journal).value["items"]]
    assert texts == ["We listen without interrupting.", "We share the time.", "Phones off or on silent.", "Tea first"]


def test_control_characters_are_dropped_and_the_trainee_told(journal: Journal) -> None:
    builder = make(journal)
    builder.edit("listen", "We\x00 listen\x1b well\nand kindly")
    assert builder.items[0]["text"] == "We listen well and kindly"
    assert "control characters were left out" in builder.status
    assert saved(journal).value["items"][0]["text"] == "We listen well and kindly"
    assert clean_agreement("A\x07 title", [])[0:2] == ("A title", [])


def test_a_damaged_saved_agreement_falls_back_to_the_starting_list(journal: Journal) -> None:
    journal.set_answer(W05, "agreement-default", SAVED_ITEM, {"title": 5, "items": "oops"})
    builder = make(journal)
    assert builder.items == DEFAULTS
    assert "couldn't be read" in builder.status


def test_handout_html_escapes_user_text_and_keeps_welsh_and_emoji(journal: Journal) -> None:
    builder = make(journal)
    builder.add(f"{SCRIPT} {WELSH} {EMOJI}")
    builder.rename(f"<b>Ours</b> {EMOJI}")
    builder.edit("phones", "   ")  # an emptied item is left off the handout
    page = builder.as_html()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Rydyn ni&#x27;n parchu ein gilydd" in page and EMOJI in page
    assert "<title>&lt;b&gt;Ours&lt;/b&gt; 🤝🌈</title>" in page
    assert page.count("<li>") == 3
    assert "@page { size: A4" in page and "@media print" in page


def test_handout_markdown_keeps_text_and_cannot_carry_html(journal: Journal) -> None:
    mistune = pytest.importorskip("mistune")
    builder = make(journal)
    builder.add(f"{SCRIPT} {WELSH} {EMOJI}")
    builder.add("\\<img src=x onerror=alert(2)>")  # a backslash can't undo the escape
    text = builder.as_markdown()
    assert text.startswith("# Our group agreement\n\n1. We listen without interrupting.\n")
    assert f"4. \\<script>alert(1)\\</script> {WELSH} {EMOJI}" in text
    rendered = mistune.html(text)
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and EMOJI in rendered
    assert markdown_text("a\\b<c") == "a\\\\b\\<c"


def test_a_longer_agreement_prints_smaller(journal: Journal) -> None:
    assert handout_size([i.text for i in load("agreements", "default").items]) == ""
    assert handout_size(["x" * 150] * 12) == "compact"
    assert handout_size(["x" * MAX_ITEM_CHARS] * MAX_ITEMS) == "dense"
    builder = make(journal)
    for n in range(MAX_ITEMS - len(DEFAULTS)):
        builder.add(f"{n} " + "word " * 50)
    assert "<ol class='agreement dense'>" in builder.as_html()


def test_empty_title_falls_back_to_the_default_heading(journal: Journal) -> None:
    builder = make(journal)
    builder.rename("   ")
    assert "<h1>Our group agreement</h1>" in builder.as_html()


def test_workbook_builder_offers_both_downloads(journal: Journal) -> None:
    box = agreement_builder(Workbook(W05), journal=journal)
    builder, html_button, md_button = box.children
    assert isinstance(builder, AgreementBuilder) and builder.key == "agreement-default"
    assert len(builder.items) == len(load("agreements", "default").items)
    assert isinstance(html_button, DownloadButton) and html_button.filename.endswith(".html")
    assert html_button.make().startswith("<!doctype html>") and md_button.make().startswith("# Our group agreement")


# -- the offer statement and the welcome script ----------------------------------------


def write(journal: Journal, prompt: str, text: str) -> None:
    journal.save_reflection(W04, prompt, text, editor="test")


def test_offer_statement_gathers_reflections_and_ticks(journal: Journal) -> None:
    write(journal, "offer-time", "Tuesdays, 6 to 8 pm.\nNot in school holidays.")
    write(journal, "offer-contact", f"Work phone, weekdays 9 to 5. {SCRIPT}")
    write(journal, "offer-instead", f"Your GP, or a helpline. {WELSH} {EMOJI}")
    write(journal, "offer-sign-off", "Sam")
    checklist = cannot_offer_checklist(Workbook(W04), journal=journal)
    checklist.tick("medication", note="Ask your GP <b>or</b> pharmacist")
    checklist.tick("on-call")
    checklist.tick("money", done=False, note="not ticked, so not shown")

    statement = offer_statement(journal)
    assert [h for h, _ in statement.can] == ["When I'm there", "How to reach me, and when I reply"]
    assert statement.cannot == [
        ("Advice on medication or treatment", "Ask your GP <b>or</b> pharmacist"),
        ("Being on call, or replying at any hour", ""),
    ]
    page = offer_html(journal)
    assert "<script" not in page and "&lt;script&gt;" in page and "&lt;b&gt;or&lt;/b&gt;" in page
    assert "Rydyn ni&#x27;n parchu ein gilydd" in page and EMOJI in page
    assert "Lending money" not in page
    assert "<h1>What I can and cannot offer</h1>" in page
    text = offer_markdown(journal)
    assert "Tuesdays, 6 to 8 pm.  \nNot in school holidays." in text
    assert "\\<script>" in text and "- Advice on medication or treatment: Ask your GP \\<b>or\\</b> pharmacist" in text
    assert text.rstrip().endswith("Sam")


def test_an_empty_offer_statement_explains_itself(journal: Journal) -> None:
    with pytest.raises(UserError, match="empty so far"):
        offer_html(journal)
    buttons = offer_downloads(Workbook(W04), journal=journal).children
    sent: list[dict] = []
    buttons[0].send = sent.append  # type: ignore[method-assign]
    buttons[0]._on_msg(buttons[0], {"type": "download"}, [])
    assert sent == [] and "empty so far" in buttons[0].status
    write(journal, "offer-time", "Mondays")
    buttons[0]._on_msg(buttons[0], {"type": "download"}, [])
    assert sent and sent[0]["filename"] == "what-i-can-and-cannot-offer.html" and "Mondays" in sent[0]["text"]


def test_welcome_script_downloads_keep_paragraphs_and_escape(journal: Journal) -> None:
    with pytest.raises(UserError, match="welcome script is empty"):
        welcome_markdown(journal)
    write(journal, "welcome-script", f"Welcome!\nWe meet weekly.\n\nYou can leave any time. {SCRIPT} {EMOJI}")
    text = welcome_markdown(journal)
    assert text == (
        "# My welcome script\n\nWelcome!  \nWe meet weekly.\n\n"
        f"You can leave any time. \\<script>alert(1)\\</script> {EMOJI}\n"
    )
    page = welcome_html(journal)
    assert "<script" not in page and "&lt;script&gt;" in page and re.search(r"Welcome!\nWe meet weekly", page)
