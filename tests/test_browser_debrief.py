"""After a session, in a real browser: write a debrief, tag it, find it again, switch cycle, print the pack.

The pack for a month of weekly sessions (three debriefs written earlier and
the one typed here, each part a few sentences, with the check-in trend and
the self-care plan) must print on one to three A4 pages in Chromium.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import open_workbook

from sbs_training.sessions import debrief_records
from sbs_training.store.journal import Journal

pytestmark = pytest.mark.browser

WORKBOOK = "13-after-a-session"
WORDS = (
    "The group started late because the room was locked, and I felt rushed from the start. "
    "One member spoke for most of the first half and I found it hard to bring others in without "
    "sounding sharp. Later two quieter members shared for the first time, which felt like a turning point. "
)


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def seed_month(data_dir: Path, today: date) -> None:
    """Three earlier weekly sessions, each with every short-form part written, plus check-ins and a plan."""
    info = debrief_records.content()
    labels = {p.id: p.label for p in info.cycle("short").parts}
    with Journal(data_dir) as journal:
        for weeks in (3, 2, 1):
            day = (today - timedelta(weeks=weeks)).isoformat()
            debrief_id = debrief_records.new_id()
            journal.save_debrief(debrief_id, day, "short", {"positions": ["rescuer"], "capacity": "stretched"})
            for part, label in labels.items():
                journal.save_reflection(
                    debrief_records.WORKBOOK,
                    debrief_records.prompt_id(debrief_id, part),
                    WORDS,
                    editor="seed",
                    label=debrief_records.part_label(label, day),
                )
            journal.add_checkin({"energy": 3, "capacity": 2}, at=f"{day}T18:00:00+00:00")
        journal.save_reflection("06-self-care-check-in", "keeps-me-well", "Swimming and long walks.", editor="seed")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_write_tag_reload_switch_and_print_the_pack(context, server, tmp_path: Path) -> None:
    today = date.today()
    seed_month(server.data_dir, today)
    session_day = today - timedelta(days=1)
    page = open_workbook(context, server, WORKBOOK, ready=".sbs-debrief")
    page.wait_for_selector(".sbs-download button", timeout=90_000)

    # Write a new debrief for yesterday's session.
    page.get_by_label("Date of the session").fill(session_day.isoformat())
    page.get_by_role("button", name="Start a new debrief").click()
    what = page.get_by_label(re.compile(r"What\? What happened"))
    expect()(what).to_be_visible(timeout=30_000)
    expect()(what).to_have_accessible_name(re.compile(re.escape(debrief_records.say_day(session_day))))
    what.fill("A member asked me to <b>phone them</b> every evening.")
    page.get_by_label("Rescuer").check()
    expect()(page.locator(".sbs-debrief a", has_text="Your pattern")).to_be_visible(timeout=30_000)
    page.get_by_label("Stretched").check()
    expect()(page.locator(".sbs-debrief .sbs-status", has_text="Saved")).to_be_visible(timeout=30_000)

    # The journal holds it: words as a reflection, tags as the debrief's facts.
    with Journal(server.data_dir) as journal:
        mine = [d for d in journal.debriefs() if d.session_date == session_day.isoformat()]
        assert len(mine) == 1
        assert mine[0].tags == {"positions": ["rescuer"], "capacity": "stretched"}
        saved = journal.get_reflection(debrief_records.WORKBOOK, debrief_records.prompt_id(mine[0].id, "what"))
        assert saved is not None and "phone them" in saved.text

    # Reload: the newest debrief opens, with its words and tags.
    page.reload()
    page.wait_for_selector(".sbs-download button", timeout=90_000)
    what = page.get_by_label(re.compile(r"What\? What happened"))
    expect()(what).to_have_value("A member asked me to <b>phone them</b> every evening.", timeout=30_000)
    expect()(page.get_by_label("Rescuer")).to_be_checked()
    expect()(page.get_by_label("Stretched")).to_be_checked()

    # Switch to Gibbs and back: nothing typed is lost, and it stays in view.
    page.get_by_label(re.compile("Fuller form")).check()
    expect()(page.get_by_label(re.compile(r"Feelings\. What were you feeling"))).to_be_visible(timeout=30_000)
    expect()(page.locator(".sbs-debrief-elsewhere")).to_contain_text("phone them")
    page.get_by_label(re.compile(r"Feelings\. What were you feeling")).fill("Tired and a bit guilty.")
    expect()(page.locator(".sbs-debrief .sbs-status", has_text="Saved")).to_be_visible(timeout=30_000)
    page.get_by_label(re.compile("Short form")).check()
    what = page.get_by_label(re.compile(r"What\? What happened"))
    expect()(what).to_have_value("A member asked me to <b>phone them</b> every evening.", timeout=30_000)
    expect()(page.locator(".sbs-debrief-elsewhere")).to_contain_text("Tired and a bit guilty.")
    page.get_by_role("textbox", name=re.compile(r"So what\? What does")).fill("I stepped towards rescuing. " + WORDS)
    now_what = page.get_by_role("textbox", name=re.compile(r"Now what\? What will"))
    now_what.fill("Agree contact times at the start. " + WORDS)

    # The pack: four weekly sessions in the default four weeks; download it and print it.
    page.get_by_role("button", name="Show the debriefs in this range").click()
    expect()(page.locator(".sbs-pack input[type=checkbox]")).to_have_count(6, timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download the pack to print (HTML)").click()
    pack = Path(info.value.path()).read_text(encoding="utf-8")
    assert pack.count("<h2>Session of") == 4
    assert "Agree contact times at the start." in pack, "the pack must hold what the page showed when pressed"
    assert "&lt;b&gt;phone them&lt;/b&gt;" in pack and "<b>phone" not in pack
    assert "Check-in trend" in pack and "Swimming and long walks." in pack

    printed = context.new_page()
    printed.set_content(pack)
    pdf = printed.pdf(format="A4")
    (tmp_path / "pack.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert 1 <= pages <= 3, f"a month of weekly sessions printed on {pages} A4 pages"
    printed.close()
    assert page.page_errors == []
