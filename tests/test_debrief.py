"""Debriefs after a real session: stored, exported, imported, packed for supervision, and on the command line."""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path

import pytest
from support import assert_one_clear_line, immutable, run_cli

from sbs_training.exchange import VERSION, export_data, export_text, import_bytes
from sbs_training.sessions import debrief_records
from sbs_training.sessions.supervision_pack import build_pack, default_range
from sbs_training.store.journal import Journal

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
WB = debrief_records.WORKBOOK


def write(journal: Journal, day: str, words: dict[str, str], *, cycle: str = "short", tags: dict | None = None) -> str:
    """A debrief as the page makes one: facts first, then each part's words as a reflection."""
    info = debrief_records.content()
    debrief_id = debrief_records.new_id()
    journal.save_debrief(debrief_id, day, cycle, tags or {})
    labels = {p.id: p.label for c in info.cycles for p in c.parts}
    for part, text in words.items():
        label = debrief_records.part_label(labels[part], day)
        journal.save_reflection(WB, debrief_records.prompt_id(debrief_id, part), text, editor="t", label=label)
    return debrief_id


@pytest.fixture
def month(journal: Journal) -> Journal:
    """Three weekly sessions in November 2026, with hostile HTML in the words, plus one outside the range."""
    write(journal, "2026-11-03", {"what": f"First session {HOSTILE}", "now-what": "Ask about endings."})
    write(
        journal,
        "2026-11-10",
        {"description": "Second session", "action-plan": "Bring to supervision"},
        cycle="gibbs",
        tags={"positions": ["rescuer"], "tested": ["boundary"], "capacity": "stretched"},
    )
    write(journal, "2026-11-24", {"what": "Fourth session", "so-what": "It mattered"})
    write(journal, "2026-10-01", {"what": "Long before"})
    return journal


# -- journal records: words are reflections, facts are debriefs ----------------------------------------


def test_switching_cycle_keeps_every_word(journal: Journal) -> None:
    debrief_id = write(journal, "2026-11-03", {"what": "Typed under the short form"})
    journal.save_debrief(debrief_id, "2026-11-03", "gibbs", {})
    journal.save_reflection(WB, debrief_records.prompt_id(debrief_id, "feelings"), "Typed under Gibbs", editor="t")
    view = debrief_records.read(journal, journal.get_debrief(debrief_id))
    assert view.texts == {"what": "Typed under the short form", "feelings": "Typed under Gibbs"}
    labels = [label for label, _ in view.parts()]
    assert any("written under the short form" in label for label in labels), labels
    journal.save_debrief(debrief_id, "2026-11-03", "short", {})
    assert debrief_records.read(journal, journal.get_debrief(debrief_id)).parts()[0][1] == "Typed under the short form"


def test_a_debriefs_words_keep_earlier_versions_like_any_reflection(journal: Journal) -> None:
    debrief_id = write(journal, "2026-11-03", {"what": "first take"})
    journal.save_reflection(WB, debrief_records.prompt_id(debrief_id, "what"), "second take", editor="another visit")
    assert [r.text for r in journal.revisions(WB, debrief_records.prompt_id(debrief_id, "what"))] == ["first take"]


def test_my_journal_lists_searches_and_restores_debriefs(month: Journal) -> None:
    from sbs_training.search import journal_groups

    group = next(g for g in journal_groups(month, "10 November") if g["workbook"] == WB)
    assert [i["text"] for i in group["items"]] == ["Bring to supervision", "Second session"]
    prompt = group["items"][0]["prompt"]
    month.save_reflection(WB, prompt, "Rewritten later", editor="another visit")
    revision = month.revisions(WB, prompt)[0]
    month.restore_revision(revision.id, editor="journal")
    assert month.get_reflection(WB, prompt).text == "Bring to supervision"


def test_tags_from_the_page_are_checked_against_the_content() -> None:
    raw = {"positions": ["rescuer", "a name", 3], "capacity": ["over", "plenty"], "who": ["Alice"]}
    assert debrief_records.clean_tags(raw) == {"positions": ["rescuer"], "capacity": "over"}
    assert debrief_records.clean_tags("nonsense") == {}


def test_now_what_links_follow_the_tags() -> None:
    links = debrief_records.theme_links({"positions": ["coach"], "tested": ["agreement"]})
    assert [link for _, link in links] == [
        "03-drama-triangle-and-empowerment-dynamic.ipynb#Your-pattern",
        "05-group-agreements-and-challenging-behaviour.ipynb#When-the-agreement-is-tested",
    ]
    assert debrief_records.theme_links({}) == []


def test_reminder_is_weekly_from_the_day_after_the_group_meets() -> None:
    ics = debrief_records.reminder(date(2026, 11, 24), time(9, 30), today=date(2026, 12, 1))
    assert "DTSTART:20261202T093000\r\n" in ics and "RRULE:FREQ=WEEKLY\r\n" in ics
    assert "SUMMARY:Debrief after your group\r\n" in ics


# -- export and import ---------------------------------------------------------------------------------


def test_json_round_trip_is_lossless(month: Journal, tmp_path: Path) -> None:
    data = export_data(month)
    assert data["version"] == VERSION == 2 and len(data["debriefs"]) == 4
    with Journal(tmp_path / "other") as other:
        summary = import_bytes(other, json.dumps(data).encode())
        assert summary.added["debriefs"] == 4
        again = export_data(other)
    strip = lambda d: {k: v for k, v in d.items() if k != "exported_at"}  # noqa: E731
    assert strip(again) == strip(data)


def test_importing_the_same_file_twice_changes_nothing(month: Journal, tmp_path: Path) -> None:
    raw = export_text(month, "json").encode()
    with Journal(tmp_path / "other") as other:
        import_bytes(other, raw)
        before = other.counts()
        summary = import_bytes(other, raw)
        assert summary.sentence().startswith("Nothing new to add")
        assert other.counts() == before


def test_an_export_from_format_1_still_imports(journal: Journal) -> None:
    old = {
        "format": "sbs-training-journal",
        "version": 1,
        "exported_at": "2026-05-01T10:00:00+00:00",
        "reflections": [
            {
                "workbook": "00-welcome",
                "prompt": "why",
                "label": "Why?",
                "text": "from the spring",
                "created_at": "2026-05-01T09:00:00+00:00",
                "updated_at": "2026-05-01T09:30:00+00:00",
                "revisions": [],
            }
        ],
        "checkins": [],
        "answers": [],
    }
    summary = import_bytes(journal, json.dumps(old).encode(), "old.json")
    assert summary.added["reflections"] == 1
    assert journal.get_reflection("00-welcome", "why").text == "from the spring"
    assert journal.debriefs() == []


def test_an_export_with_an_unreadable_session_date_is_refused_whole(month: Journal, tmp_path: Path) -> None:
    from sbs_training.errors import UserError

    data = export_data(month)
    data["debriefs"][0]["session_date"] = "next Tuesday"
    with Journal(tmp_path / "other") as other:
        with pytest.raises(UserError, match="debriefs.0.session_date"):
            import_bytes(other, json.dumps(data).encode(), "bad.json")
        assert other.counts()["reflections"] == 0


def test_markdown_and_html_exports_show_debriefs_readably(month: Journal) -> None:
    md = export_text(month, "md")
    assert "## After a session" in md and "Session of Tuesday 10 November 2026" in md
    assert "## Debriefs after sessions" in md and "Positions I noticed" in md
    page = export_text(month, "html")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_erase_removes_debriefs(month: Journal) -> None:
    month.erase()
    assert month.debriefs() == [] and month.reflections() == []


# -- the supervision pack ----------------------------------------------------------------------------------


def test_the_pack_holds_the_range_in_date_order_with_every_word_escaped(month: Journal) -> None:
    page = build_pack(month, date(2026, 11, 1), date(2026, 11, 30), "html")
    order = [page.index(day) for day in ("3 November 2026", "10 November 2026", "24 November 2026")]
    assert order == sorted(order)
    assert "Long before" not in page
    assert "<script>" not in page and "<img" not in page and "onerror=alert(1)&gt;" in page
    assert "Gibbs (1988)" in page and "Rolfe, Freshwater and Jasper (2001)" in page
    assert "Rescuer" in page and "Stretched" in page
    md = build_pack(month, date(2026, 11, 1), date(2026, 11, 30), "md")
    assert "\\<script>" in md and "<script>" not in md.replace("\\<script>", "")
    assert md.index("3 November") < md.index("10 November") < md.index("24 November")


def test_the_pack_holds_only_the_ticked_debriefs_and_parts(month: Journal) -> None:
    month.add_checkin({"energy": 2}, at="2026-11-05T10:00:00+00:00")
    chosen = [d.id for d in month.debriefs("2026-11-10", "2026-11-10")]
    page = build_pack(month, date(2026, 11, 1), date(2026, 11, 30), "html", debrief_ids=chosen, parts=["checkins"])
    assert "Second session" in page and "First session" not in page and "Fourth session" not in page
    assert "Check-in trend" in page and "My self-care plan" not in page


def test_an_empty_range_gives_a_valid_pack_that_says_so(month: Journal) -> None:
    page = build_pack(month, date(2025, 1, 1), date(2025, 1, 31), "html", parts=[])
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "No debriefs from" in page


def test_a_pack_across_new_year_keeps_every_year(journal: Journal) -> None:
    """Once "from 5 December 2019 to 1 January": the check-in trend dropped the year it ended in."""
    write(journal, "2019-12-05", {"what": "Year end"})
    write(journal, "2020-01-01", {"what": "New year"})
    journal.add_checkin({"energy": 2}, at="2019-12-05T10:00:00+00:00")
    journal.add_checkin({"energy": 4}, at="2020-01-01T10:00:00+00:00")
    md = build_pack(journal, date(2019, 12, 5), date(2020, 1, 1), "md")
    assert "From Thursday 5 December 2019 to Wednesday 1 January 2020. Debriefs written" in md
    assert "- From 5 December 2019 to 1 January 2020: 2 check-ins on 2 days." in md
    assert "on 5 December 2019, then Good (4 of 5) on 1 January 2020." in md
    trend = md.split("## Check-in trend")[1]
    assert not re.search(r"\d (January|December)(?! \d{4})", trend), "every day of the trend says its year"
    page = build_pack(journal, date(2019, 12, 5), date(2020, 1, 1), "html")
    assert "From 5 December 2019 to 1 January 2020: 2 check-ins" in page


def test_a_pack_within_one_year_and_of_a_single_day_say_their_range_once(month: Journal) -> None:
    month.add_checkin({"energy": 2}, at="2026-11-10T10:00:00+00:00")
    md = build_pack(month, date(2026, 11, 1), date(2026, 11, 30), "md")
    assert "From Sunday 1 November 2026 to Monday 30 November 2026. " in md
    assert "- From 1 November to 30 November: 1 check-in on 1 day." in md
    day = build_pack(month, date(2026, 11, 10), date(2026, 11, 10), "md")
    assert "On Tuesday 10 November 2026. Debriefs written" in day
    assert "- On 10 November: 1 check-in on 1 day." in day
    assert "No debriefs on Sunday 1 November 2026." in build_pack(month, date(2026, 11, 1), date(2026, 11, 1), "md")


def test_the_default_range_is_the_last_four_weeks() -> None:
    since, until = default_range(date(2026, 12, 1))
    assert (since, until) == (date(2026, 11, 4), date(2026, 12, 1))


# -- the command line ---------------------------------------------------------------------------------------


@pytest.fixture
def month_dir(month: Journal) -> Path:
    month._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return month.data_dir


def test_cli_writes_the_same_pack_as_the_builder(month_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = run_cli(
        "supervision", "--since", "2026-11-01", "--until", "2026-11-30", "-o", str(out), data_dir=month_dir
    )
    assert result.returncode == 0, result.stderr
    assert "3 debriefs" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Fourth session" in text and "&lt;script&gt;" in text and "<script>" not in text
    assert out.stat().st_mode & 0o077 == 0
    md = run_cli("supervision", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "md", data_dir=month_dir)
    assert md.returncode == 0 and md.stdout.startswith("# Supervision pack")


def test_cli_empty_range_writes_a_valid_pack_and_says_so(month_dir: Path) -> None:
    result = run_cli("supervision", "--since", "2025-01-01", "--until", "2025-01-31", data_dir=month_dir)
    assert result.returncode == 0
    assert "No debriefs from 2025-01-01 to 2025-01-31" in result.stderr
    assert result.stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--since", "yesterday"], "'yesterday' is not a date"),
        (["--until", "2026-13-40"], "'2026-13-40' is not a date"),
        (["--since", "2026-11-30", "--until", "2026-11-01"], "is after the end date"),
        (["-o", "/no/such/folder/pack.html"], "Can't write to /no/such/folder"),
    ],
)
def test_cli_bad_input_is_one_clear_sentence(month_dir: Path, args: list[str], says: str) -> None:
    assert_one_clear_line(run_cli("supervision", *args, data_dir=month_dir), contains=says)


def test_cli_output_that_is_a_folder_or_unwritable(month_dir: Path, tmp_path: Path) -> None:
    assert_one_clear_line(run_cli("supervision", "-o", str(tmp_path), data_dir=month_dir), contains="is a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    with immutable(locked):
        result = run_cli("supervision", "-o", str(locked / "pack.html"), data_dir=month_dir)
    assert_one_clear_line(result, contains="Can't write to")


def test_cli_help_names_the_verb() -> None:
    result = run_cli("--help")
    assert "supervision" in result.stdout


# -- the page's widgets, without a browser ----------------------------------------------------------------------


def test_editor_starts_tags_and_switches_cycle_without_losing_text(journal: Journal) -> None:
    from sbs_training.widgets.debrief_editor import DebriefEditor
    from sbs_training.widgets.supervision import PackPanel

    editor = DebriefEditor(journal=journal)
    editor.new_date.value = date(2026, 11, 24)
    editor.start_new()
    editor.parts.children[0].value = "We ran over time."
    editor.tag_boxes["positions"]["rescuer"].value = True
    editor.tag_boxes["capacity"]["some"].value = True
    editor.tag_boxes["capacity"]["over"].value = True
    saved = journal.debriefs()[0]
    assert (saved.session_date, saved.tags) == ("2026-11-24", {"positions": ["rescuer"], "capacity": "over"})
    assert not editor.tag_boxes["capacity"]["some"].value
    assert "03-drama-triangle" in editor.links.value
    editor.cycle.value = "gibbs"
    assert len(editor.parts.children) == 6 and "We ran over time." in editor.elsewhere.value
    editor.cycle.value = "short"
    assert editor.parts.children[0].value == "We ran over time."
    again = DebriefEditor(journal=journal)
    assert again.current == saved.id and again.tag_boxes["positions"]["rescuer"].value

    panel = PackPanel(journal=journal)
    panel.since.value, panel.until.value = date(2026, 11, 1), date(2026, 11, 30)
    assert list(panel.debrief_boxes) == [saved.id]
    assert "We ran over time." in panel.make("html")
    panel.debrief_boxes[saved.id].value = False
    assert "We ran over time." not in panel.make("md")
