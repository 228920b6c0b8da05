"""Self-care check-ins, the journal view, and the Binder notice, without a browser.

Covers: check-in content (and a broken file refused with file:line); storing
check-ins from the page (every value checked); the four-week trend with gaps
and its summary; welcome back; the heavy-note rule; the SVG; the self-care
plan export; the .ics reminder parsed back with icalendar; journal search,
editing, revision restore, upload merges and a bad upload that changes
nothing; erase behind its confirmation word; the Binder notice only on Binder.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from sbs_training.cohort import binder
from sbs_training.content import check_file
from sbs_training.content import checkins as checkin_content
from sbs_training.content.checkins import CheckinForm
from sbs_training.exchange import export_data, export_text
from sbs_training.search import journal_groups, matches
from sbs_training.selfcare import calendar_reminder, checkin_chart, checkin_looking_back, checkin_rules, checkin_trend
from sbs_training.selfcare import plan as selfcare_plan
from sbs_training.store.journal import Checkin, Journal
from sbs_training.widgets.checkin import CheckIn, LookingBack, Reminder
from sbs_training.widgets.journal_download import journal_download
from sbs_training.widgets.journal_erase import JournalErase
from sbs_training.widgets.journal_upload import JournalUpload, clean_filename
from sbs_training.widgets.journal_view import JournalView

WB = checkin_content.WORKBOOK
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def form() -> CheckinForm:
    return checkin_rules.load_form()


def stamp(day: date, hour: int = 12) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


def record(day: date, hour: int = 12, note: str = "", **data: object) -> Checkin:
    return Checkin(f"{day}-{hour}", stamp(day, hour), dict(data), note)


def same_journal(journal: Journal) -> dict:
    data = export_data(journal)
    data.pop("exported_at")
    return data


# -- content -----------------------------------------------------------------------------------------


def test_checkin_content_is_valid_and_our_own(form: CheckinForm) -> None:
    assert check_file("checkins", REPO / "exercises" / "checkins" / "self-care.yaml") == []
    assert {"energy", "mood", "capacity", "sleep"} <= {s.id for s in form.scales}
    assert {"boundaries", "support"} <= {c.id for c in form.choices}
    support = next(c for c in form.choices if c.id == "support")
    assert {o.id for o in support.options} == {"supervision", "colleague", "peers", "none"}
    text = (REPO / "exercises" / "checkins" / "self-care.yaml").read_text(encoding="utf-8").lower()
    # Items of published measures stay out (we link to ProQOL instead).
    for phrase in ("i am happy", "i feel connected to others", "cheerful and in good spirits", "emotionally drained"):
        assert phrase not in text


def test_broken_checkin_file_is_refused_with_file_and_line(tmp_path: Path) -> None:
    good = (REPO / "exercises" / "checkins" / "self-care.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(good.replace("  - id: capacity\n", "  - id: room\n"), encoding="utf-8")
    problems = check_file("checkins", broken)
    assert problems and "capacity" in problems[0].message
    assert str(problems[0]).startswith(f"{broken}:")

    lines = good.splitlines()
    row = next(n for n, line in enumerate(lines) if "labels: [Running on empty" in line)
    lines[row] = "    labels: [Only one]"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = check_file("checkins", broken)
    assert [p.line for p in problems] == [row + 1]
    assert "scales.0.labels" in problems[0].message


# -- storing check-ins --------------------------------------------------------------------------------


def test_checkin_is_stored_with_a_timestamp_and_several_a_day(journal: Journal) -> None:
    widget = CheckIn(WB, journal=journal)
    before = datetime.now(UTC)
    first = widget.save(
        {"sleep": 4, "energy": 3, "support": ["peers", "supervision"], "boundaries": "mostly", "mood": None}, "  ok  "
    )
    second = widget.save({"energy": 4})
    assert first is not None and second is not None
    stored = journal.checkins()
    assert [c.id for c in stored] == [first.id, second.id]
    assert stored[0].data == {"energy": 3, "sleep": 4, "boundaries": "mostly", "support": ["supervision", "peers"]}
    assert list(first.data) == ["energy", "sleep", "boundaries", "support"]  # the form's order
    assert stored[0].note == "ok"
    assert before <= datetime.fromisoformat(stored[0].at) <= datetime.now(UTC)
    assert widget.status.startswith("Saved your check-in at")
    assert widget.saves == 2 and widget.thanks


@pytest.mark.parametrize(
    ("data", "note", "says"),
    [
        ({"energy": 6}, "", "Energy isn't one of its choices"),
        ({"energy": 0}, "", "Energy isn't one of its choices"),
        ({"energy": True}, "", "Energy isn't one of its choices"),
        ({"energy": "3"}, "", "Energy isn't one of its choices"),
        ({"energy": 3.0}, "", "Energy isn't one of its choices"),
        ({"boundaries": "always"}, "", "Boundaries isn't one of its choices"),
        ({"support": "supervision"}, "", "Support isn't one of its choices"),
        ({"support": ["supervision", 3]}, "", "Support isn't one of its choices"),
        ({"support": ["none", "peers"]}, "", "can't go with other answers"),
        ({"stress": 2}, "", "a question this page doesn't ask"),
        ({}, "", "Choose at least one answer"),
        ({"energy": None}, "   ", "Choose at least one answer"),
        (["energy", 3], "", "didn't arrive as expected"),
        ({"energy": 3}, 42, "note didn't arrive as text"),
        ({"energy": 3}, "x" * (checkin_rules.NOTE_MAX + 1), "longer than 2,000 characters"),
    ],
)
def test_a_bad_checkin_from_the_page_is_refused_and_nothing_is_saved(
    journal: Journal, data: object, note: object, says: str
) -> None:
    widget = CheckIn(WB, journal=journal)
    widget._on_msg(widget, {"type": "save", "data": data, "note": note}, [])
    assert says in widget.status
    assert journal.checkins() == []
    assert widget.saves == 0


def test_a_note_alone_is_a_checkin_and_control_characters_are_dropped(journal: Journal) -> None:
    widget = CheckIn(WB, journal=journal)
    assert widget.save({}, "tired\x00 but ok") is not None
    assert journal.checkins()[0].note == "tired but ok"
    assert journal.checkins()[0].data == {}


def test_saving_a_checkin_redraws_looking_back(journal: Journal) -> None:
    view = LookingBack(WB, journal=journal)
    assert "Once you have saved a check-in" in view.html
    CheckIn(WB, journal=journal).save({"energy": 4}, "a <b>good</b> day")
    assert "Good (4 of 5)" in view.html
    assert "a &lt;b&gt;good&lt;/b&gt; day" in view.html and "<b>good" not in view.html


def test_looking_back_pages_back_but_never_past_today(journal: Journal) -> None:
    view = LookingBack(WB, journal=journal)
    view.shift(1)
    assert view.periods_back == 0
    view.shift(-1)
    assert view.periods_back == 1 and view.status.startswith("Showing ")
    for junk in (True, 5, "1", None):
        view.shift(junk)
    assert view.periods_back == 1
    view._on_msg(view, {"type": "shift", "by": 1}, [])
    assert view.periods_back == 0
    view.periods_back = -5  # as if set by the page
    assert view.periods_back == 0
    view.periods_back = 10**9
    assert view.periods_back == checkin_trend.MAX_PERIODS_BACK


# -- the trend ----------------------------------------------------------------------------------------


def test_trend_keeps_four_weeks_and_shows_gaps_as_gaps(form: CheckinForm) -> None:
    end = date(2026, 3, 28)
    days = {
        "outside": end - timedelta(days=30),
        "a": end - timedelta(days=20),
        "b": end - timedelta(days=18),
        "c": end - timedelta(days=2),
    }
    checkins = [
        record(days["outside"], energy=1),
        record(days["a"], energy=2, capacity=3),
        record(days["b"], energy=4, capacity=3),
        record(days["c"], energy=5, capacity=4),
    ]
    view = checkin_trend.trend(form, checkins, end, tz=UTC)
    assert view.start == end - timedelta(days=27)
    energy = next(s for s in view.series if s.id == "energy")
    assert [p.day for p in energy.points] == [days["a"], days["b"], days["c"]]  # the old one is outside the window
    # 16 days between b and c: longer than a fortnight, so a gap that breaks the line.
    assert view.gaps == ((days["b"] + timedelta(days=1), days["c"] - timedelta(days=1)),)
    assert [[p.day for p in run] for run in energy.segments()] == [[days["a"], days["b"]], [days["c"]]]
    assert view.checkins == 3 and view.days == 3
    mood = next(s for s in view.series if s.id == "mood")
    assert mood.points == ()


def test_a_fortnight_apart_is_not_a_gap_and_nothing_before_the_first_checkin_is(form: CheckinForm) -> None:
    end = date(2026, 3, 28)
    first, second = end - timedelta(days=20), end - timedelta(days=6)
    view = checkin_trend.trend(form, [record(first, energy=2), record(second, energy=3)], end, tz=UTC)
    assert view.gaps == ()
    energy = next(s for s in view.series if s.id == "energy")
    assert len(energy.segments()) == 1


def test_a_long_break_up_to_today_is_a_gap_and_the_rolling_window_moves(form: CheckinForm) -> None:
    end = date(2026, 3, 28)
    last = end - timedelta(days=40)
    view = checkin_trend.trend(form, [record(last - timedelta(days=3), energy=3), record(last, energy=3)], end, tz=UTC)
    assert view.checkins == 0
    assert view.gaps == ((view.start, end),)
    # Four weeks earlier: the check-in, then the start of the break that is still going on today.
    earlier = checkin_trend.trend(form, [record(last, energy=3)], end - timedelta(days=28), tz=UTC, today=end)
    assert earlier.checkins == 1
    assert earlier.gaps == ((last + timedelta(days=1), end - timedelta(days=28)),)
    assert checkin_trend.trend(form, [record(last, energy=3)], end - timedelta(days=28), tz=UTC).gaps == ()


def test_several_checkins_a_day_average_and_bad_stored_values_are_ignored(form: CheckinForm) -> None:
    day = date(2026, 3, 20)
    checkins = [
        record(day, 9, energy=2),
        record(day, 18, energy=3),
        record(day, 20, energy=9),
        record(day, 21, energy="4", capacity=True),
    ]
    view = checkin_trend.trend(form, checkins, date(2026, 3, 28), tz=UTC)
    energy = next(s for s in view.series if s.id == "energy")
    assert energy.points == (checkin_trend.Point(day, 2.5, 2),)
    assert next(s for s in view.series if s.id == "capacity").points == ()
    assert view.checkins == 4 and view.days == 1


def test_the_summary_says_the_trend_in_words(form: CheckinForm) -> None:
    end = date(2026, 3, 28)
    checkins = [
        record(end - timedelta(days=20), energy=2, support=["supervision"]),
        record(end - timedelta(days=2), energy=4, support=["supervision", "colleague"], boundaries="mostly"),
    ]
    lines = checkin_trend.trend_summary(form, checkin_trend.trend(form, checkins, end, tz=UTC), today=end)
    assert lines[0] == "From 1 March to 28 March: 2 check-ins on 2 days."
    assert "Energy: Low (2 of 5) on 8 March, then Good (4 of 5) on 26 March." in lines
    assert "Support: Supervision twice, A colleague or co-facilitator once." in lines
    assert "Boundaries: Yes, mostly once." in lines
    assert "A break from check-ins from 9 March to 25 March." in lines
    empty = checkin_trend.trend_summary(form, checkin_trend.trend(form, [], end, tz=UTC), today=end)
    assert empty == ["No check-ins from 1 March to 28 March."]


@pytest.mark.parametrize(
    ("end", "days", "today", "first", "energy"),
    [
        (date(2026, 3, 28), 28, date(2026, 3, 28), "From 1 March to 28 March: 1 check-in", "on 8 March."),
        (
            date(2020, 1, 1),
            28,
            date(2020, 1, 1),
            "From 5 December 2019 to 1 January 2020: 2 check-ins",
            "on 8 December 2019, then Good (4 of 5) on 1 January 2020.",
        ),
        (date(2025, 3, 28), 28, date(2026, 3, 28), "From 1 March 2025 to 28 March 2025: 1 check-in", "8 March 2025."),
        (date(2026, 3, 8), 1, date(2026, 3, 28), "On 8 March: 1 check-in on 1 day.", "on 8 March."),
    ],
    ids=["within-one-year", "across-new-year", "an-earlier-year", "a-single-day"],
)
def test_the_summary_never_drops_a_year_a_reader_needs(
    form: CheckinForm, end: date, days: int, today: date, first: str, energy: str
) -> None:
    """The supervision pack once said "from 5 December 2019 to 1 January": one rule now says every day of a view."""
    checkins = [record(date(2026, 3, 8), energy=2), record(date(2025, 3, 8), energy=2)]
    checkins += [record(date(2019, 12, 8), energy=2), record(date(2020, 1, 1), energy=4)]
    view = checkin_trend.trend(form, checkins, end, days=days, tz=UTC, today=end)
    lines = checkin_trend.trend_summary(form, view, today=today)
    assert lines[0].startswith(first)
    assert lines[1].startswith("Energy: Low (2 of 5) ") and lines[1].endswith(energy)
    span = checkin_trend.say_span(view.start, view.end, today)
    assert first.startswith(span[0].upper() + span[1:] + ":")


def test_describe_puts_words_first_and_averages_between_words() -> None:
    labels = ["Running on empty", "Low", "Some", "Good", "Plenty"]
    assert checkin_trend.describe(2, labels) == "Low (2 of 5)"
    assert checkin_trend.describe(2.5, labels) == "between Low and Some (2.5 of 5)"


def test_the_plot_is_a_labelled_image_with_broken_lines_and_shaded_gaps(form: CheckinForm) -> None:
    end = date(2026, 3, 28)
    checkins = [record(end - timedelta(days=d), energy=3, mood=3) for d in (20, 18, 2)]
    svg = checkin_chart.trend_svg(checkin_trend.trend(form, checkins, end, tz=UTC), "cap sum")
    root = ET.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cap sum"
    assert len(root.findall(f"{ns}polyline")) == 2  # energy and mood, one joined run each
    assert len([r for r in root.findall(f"{ns}rect") if r.get("class") == "sbs-gap"]) == 1
    names = [t.text for t in root.findall(f"{ns}text")]
    assert {"Energy", "Mood", "Room for others", "Sleep"} <= set(names)


def test_looking_back_labels_the_plot_with_the_summary_beside_it(form: CheckinForm) -> None:
    now = datetime.now(UTC)
    checkins = [Checkin("x", (now - timedelta(days=1)).isoformat(), {"energy": 4}, "")]
    html = checkin_looking_back.looking_back_html(form, checkins, uid="t1", now=now)
    assert 'aria-labelledby="t1-caption t1-summary"' in html
    assert 'id="t1-caption"' in html and 'id="t1-summary"' in html
    assert "Good (4 of 5)" in html


# -- welcome back, the heavy note ------------------------------------------------------------------------


def test_welcome_back_after_a_gap_without_guilt(form: CheckinForm) -> None:
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    old = [Checkin("a", (now - timedelta(days=30)).isoformat(), {"energy": 3}, "")]
    greeting = checkin_rules.welcome(form, old, now)
    assert greeting.startswith("Welcome back.") and "26 February" in greeting
    for word in ("streak of", "missed", "behind", "should have"):
        assert word not in greeting.lower()
    assert checkin_rules.welcome(form, [], now) == ""
    recent = [Checkin("b", (now - timedelta(days=3)).isoformat(), {"energy": 3}, "")]
    assert checkin_rules.welcome(form, recent, now) == ""
    just_back = [*old, Checkin("c", (now - timedelta(hours=1)).isoformat(), {"energy": 3}, "")]
    assert checkin_rules.welcome(form, just_back, now) == form.welcome_return


@pytest.mark.parametrize(
    ("history", "heavy"),
    [
        ([{"energy": 4, "capacity": 4}], False),
        ([{"energy": 2, "capacity": 4}], True),
        ([{"energy": 4, "capacity": 1}], True),
        ([{"energy": 1}, {"energy": 2}, {"energy": 4}], True),  # two of the last three low
        ([{"energy": 1}, {"energy": 4}, {"energy": 4}], False),  # one low, then better
        ([{"mood": 1, "sleep": 1}], False),  # the rule reads energy and room only
        ([], False),
    ],
)
def test_the_heavy_rule(form: CheckinForm, history: list[dict], heavy: bool) -> None:
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    checkins = [
        Checkin(str(n), (now - timedelta(days=len(history) - n)).isoformat(), data, "")
        for n, data in enumerate(history)
    ]
    assert checkin_rules.looks_heavy(form, checkins, now) is heavy


def test_old_low_checkins_do_not_count(form: CheckinForm) -> None:
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)
    old = [Checkin(str(d), (now - timedelta(days=d)).isoformat(), {"energy": 1}, "") for d in (20, 25, 30)]
    assert checkin_rules.looks_heavy(form, old, now) is False


def test_a_heavy_checkin_brings_the_gentle_note_never_a_label(journal: Journal, form: CheckinForm) -> None:
    widget = CheckIn(WB, journal=journal)
    widget.save({"energy": 1, "capacity": 2})
    assert widget.heavy["intro"] and widget.heavy["ideas"]
    text = " ".join([widget.heavy["intro"], widget.heavy["advice"], *widget.heavy["ideas"]]).lower()
    assert "supervision" in text and "colleague" in text and "get help now" in text
    assert "look after yourself first" in text and "why you started" in text
    for label in ("burnout", "burned out", "depress", "score", "disorder", "compassion fatigue"):
        assert label not in text
    view = LookingBack(WB, journal=journal)
    assert 'class="sbs-heavy"' in view.html
    widget.save({"energy": 5, "capacity": 5})
    widget.save({"energy": 5, "capacity": 5})
    assert widget.heavy == {}


# -- plan, reminder --------------------------------------------------------------------------------------


def test_the_self_care_plan_exports_as_one_escaped_page(journal: Journal) -> None:
    journal.save_reflection(WB, "keeps-me-well", "Walks & <my> dog", editor="t")
    journal.save_reflection(WB, "one-small-thing", "Bed by ten", editor="t")
    items = selfcare_plan.plan_items(journal)
    assert [q for q, _ in items][0] == "What keeps me well?"
    assert len(items) == 5
    page = selfcare_plan.plan_html(items, date(2026, 3, 28))
    assert "<title>My self-care plan</title>" in page
    assert "Walks &amp; &lt;my&gt; dog" in page and "<my>" not in page
    assert page.count("Not written yet.") == 3
    assert "28 March 2026" in page
    md = selfcare_plan.plan_markdown(items, date(2026, 3, 28))
    assert "## What keeps me well?\n\nWalks & \\<my> dog" in md and "Bed by ten" in md


@pytest.mark.parametrize(("every", "interval"), [("weekly", 1), ("fortnightly", 2)])
def test_the_calendar_reminder_parses_back(every: str, interval: int) -> None:
    icalendar = pytest.importorskip("icalendar")
    now = datetime(2026, 3, 28, 9, 15, 7, tzinfo=UTC)
    text = calendar_reminder.reminder_ics(every, time(18, 30), today=date(2026, 3, 28), now=now, uid="abc")
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "abc@sbs-training"
    assert event.decoded("DTSTAMP") == now.replace(microsecond=0)
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 3, 28, 18, 30) + timedelta(weeks=interval) and start.tzinfo is None
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule.get("INTERVAL", [1]) == [interval]
    assert str(event["SUMMARY"]) == "Self-care check-in"
    assert str(event["DESCRIPTION"]) == calendar_reminder.REMINDER_DESCRIPTION  # folded and escaped, read back whole
    assert calendar.walk("VALARM")


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = calendar_reminder._fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert "".join(p[1:] if n else p for n, p in enumerate(folded.split("\r\n"))) == line


def test_the_reminder_widget_checks_the_page_and_sends_a_file() -> None:
    widget = Reminder()
    sent: list[dict] = []
    widget.send = sent.append  # type: ignore[method-assign]
    assert widget.make("fortnightly", "07:05") is not None
    assert sent[-1]["filename"].endswith(".ics") and sent[-1]["mime"] == "text/calendar"
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2" in sent[-1]["text"]
    assert "every two weeks at 07:05" in widget.status
    for every, at in [("daily", "10:00"), ("weekly", "25:00"), ("weekly", "10:00; x"), (None, "10:00"), ("weekly", 9)]:
        assert widget.make(every, at) is None
    assert len(sent) == 1


# -- journal view --------------------------------------------------------------------------------------


def fill(journal: Journal) -> None:
    journal.save_reflection("00-welcome", "what-brings-you", "I was helped once.", editor="a", label="What brings you?")
    journal.save_reflection(WB, "keeps-me-well", "Swimming on Sundays", editor="a", label="What keeps me well?")
    journal.save_reflection(WB, "early-signs", "Snapping at my sister", editor="a", label="Early signs?")
    journal.add_checkin({"energy": 3}, "Quiet week, trust growing")


def test_journal_groups_by_workbook_newest_first(journal: Journal) -> None:
    fill(journal)
    groups = journal_groups(journal)
    assert [g["workbook"] for g in groups] == [WB, "00-welcome"]
    assert groups[0]["title"] == "Self-care check-ins"
    assert groups[1]["title"] == "Welcome to Side by Side Training"
    labels = [i["label"] for i in groups[0]["items"]]
    assert labels == ["A note with your check-in", "Early signs?", "What keeps me well?"]
    assert groups[0]["items"][0]["kind"] == "note"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("swimming", ["What keeps me well?"]),
        ("SUNDAYS swim", ["What keeps me well?"]),
        ("trust", ["A note with your check-in"]),
        ("welcome", ["What brings you?"]),  # the workbook's title counts
        ("early", ["Early signs?"]),  # and so does the prompt
        ("swimming sister", []),
        ("", ["A note with your check-in", "Early signs?", "What keeps me well?", "What brings you?"]),
    ],
)
def test_journal_search(journal: Journal, query: str, found: list[str]) -> None:
    fill(journal)
    assert [i["label"] for g in journal_groups(journal, query) for i in g["items"]] == found


def test_search_folds_case_and_compatibility_forms() -> None:
    assert matches("ＣＡＦÉ", "un café") and not matches("tea", "café")


def test_the_view_searches_and_says_how_many_match(journal: Journal) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    assert view.summary == "4 pieces of writing in 2 workbooks, newest first."
    view.query = "swimming"
    assert view.summary == "1 of 4 pieces of writing match “swimming”."
    view.query = "nothing like this"
    assert view.summary.startswith("Nothing matches")
    view.query = "x" * 500
    assert len(view.query) == 200


def test_editing_saves_through_the_journal_and_keeps_the_earlier_text(journal: Journal) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    key = f"{WB}/keeps-me-well"
    assert view.edit(key, "Swimming on Sundays, and") is not None
    assert view.edit(key, "Swimming on Sundays, and walks") is not None
    saved = journal.get_reflection(WB, "keeps-me-well")
    assert saved.text == "Swimming on Sundays, and walks" and saved.editor == view.editor
    assert saved.label == "What keeps me well?"
    assert [r.text for r in journal.revisions(WB, "keeps-me-well")] == ["Swimming on Sundays"]
    assert view.status.startswith("Saved")


def test_editing_notices_a_change_made_elsewhere(journal: Journal) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    journal.save_reflection(WB, "early-signs", "Written in another tab", editor="other", base_version=1)
    view.edit(f"{WB}/early-signs", "Written here")
    assert "changed in another tab" in view.status
    assert "Written in another tab" in [r.text for r in journal.revisions(WB, "early-signs")]


@pytest.mark.parametrize("key", ["nope/nothing", None, 3, ["00-welcome", "what-brings-you"]])
def test_editing_only_existing_reflections(journal: Journal, key: object) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    before = same_journal(journal)
    view._on_msg(view, {"type": "save", "key": key, "text": "sneaky"}, [])
    assert "no longer in your journal" in view.status
    assert same_journal(journal) == before


def test_restoring_an_earlier_version(journal: Journal) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    view.edit(f"{WB}/keeps-me-well", "Gone swimming")
    view.refresh()
    item = next(i for g in view.groups for i in g["items"] if i["key"] == f"{WB}/keeps-me-well")
    [earlier] = item["revisions"]
    assert earlier["text"] == "Swimming on Sundays"
    view._on_msg(view, {"type": "restore", "id": earlier["id"]}, [])
    assert journal.get_reflection(WB, "keeps-me-well").text == "Swimming on Sundays"
    assert "Gone swimming" in [r.text for r in journal.revisions(WB, "keeps-me-well")]
    assert view.status.startswith("Brought back the earlier version")
    item = next(i for g in view.groups for i in g["items"] if i["key"] == f"{WB}/keeps-me-well")
    assert item["text"] == "Swimming on Sundays"


@pytest.mark.parametrize("revision_id", [999, True, "1", None])
def test_restoring_refuses_unknown_versions(journal: Journal, revision_id: object) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    before = same_journal(journal)
    view.restore_version(revision_id)
    assert "no longer in your journal" in view.status
    assert same_journal(journal) == before


# -- bring back, erase ---------------------------------------------------------------------------------


def test_uploading_an_export_merges_and_says_what_happened(tmp_path: Path, journal: Journal) -> None:
    with Journal(tmp_path / "elsewhere") as other:
        fill(other)
        raw = export_text(other, "json").encode("utf-8")
    view = JournalView("07-my-journal", journal=journal)
    upload = JournalUpload("07-my-journal", journal=journal)
    upload._on_msg(upload, {"type": "upload", "name": "../../my journal.json"}, [memoryview(raw)])
    assert upload.status.startswith("Added 3 reflections, 1 check-ins")
    assert upload.done == 1
    assert journal.get_reflection(WB, "keeps-me-well").text == "Swimming on Sundays"
    assert view.summary.startswith("4 pieces of writing")  # the view redrew itself
    upload.bring_back(raw, "again.json")
    assert upload.status.startswith("Nothing new")
    assert len(journal.checkins()) == 1


def test_uploading_keeps_a_newer_local_text(tmp_path: Path, journal: Journal) -> None:
    with Journal(tmp_path / "elsewhere") as other:
        fill(other)
        raw = export_text(other, "json").encode("utf-8")
    journal.save_reflection(WB, "keeps-me-well", "My newer words", editor="here")
    upload = JournalUpload("07-my-journal", journal=journal)
    summary = upload.bring_back(raw, "old.json")
    assert summary is not None and summary.kept["reflections"] == 1
    assert "Kept your newer copy of 1 reflections" in upload.status
    assert journal.get_reflection(WB, "keeps-me-well").text == "My newer words"
    assert "Swimming on Sundays" in [r.text for r in journal.revisions(WB, "keeps-me-well")]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "is empty"),
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe\x00junk", "is not a text file"),
        (json.dumps({"format": "something-else"}).encode(), "is not an sbs-training journal export"),
        (
            json.dumps(
                {"format": "sbs-training-journal", "version": 1, "exported_at": "x", "reflections": [], "checkins": []}
            ).encode(),
            "has an unexpected value",
        ),
    ],
)
def test_a_bad_upload_changes_nothing(journal: Journal, raw: bytes, says: str) -> None:
    fill(journal)
    before = same_journal(journal)
    upload = JournalUpload("07-my-journal", journal=journal)
    upload._on_msg(upload, {"type": "upload", "name": "mine.json"}, [memoryview(raw)])
    assert says in upload.status and "nothing was imported" in upload.status
    assert upload.status.startswith("mine.json")
    assert upload.done == 0
    assert same_journal(journal) == before


def test_an_upload_without_a_file_says_so(journal: Journal) -> None:
    upload = JournalUpload("07-my-journal", journal=journal)
    upload._on_msg(upload, {"type": "upload", "name": "x.json"}, [])
    assert upload.status.startswith("No file arrived")


def test_uploaded_file_names_are_made_safe_to_show() -> None:
    assert clean_filename("C:\\Users\\me\\journal.json") == "journal.json"
    assert clean_filename("../a/b.json") == "b.json"
    assert clean_filename("evil\u202e\x00.json") == "evil.json"
    assert clean_filename(None) == clean_filename("") == "the uploaded file"


def test_erase_needs_the_word(journal: Journal) -> None:
    fill(journal)
    view = JournalView("07-my-journal", journal=journal)
    eraser = JournalErase("07-my-journal", journal=journal)
    for wrong in ("", "yes", "delete", None, 1):
        eraser._on_msg(eraser, {"type": "erase", "confirm": wrong}, [])
        assert eraser.status.startswith("Nothing was erased")
    assert journal.counts()["reflections"] == 3
    eraser._on_msg(eraser, {"type": "erase", "confirm": " Erase "}, [])
    assert journal.counts() == {"reflections": 0, "revisions": 0, "checkins": 0, "answers": 0, "debriefs": 0}
    assert eraser.status.startswith("Your journal is now empty: 3 reflections")
    assert eraser.erased == 1
    assert view.summary.startswith("Nothing written yet")


def test_journal_download_reads_the_journal_when_pressed(journal: Journal) -> None:
    button = journal_download("json", "Download", journal=journal)
    fill(journal)
    text = button.make()
    assert json.loads(text)["format"] == "sbs-training-journal"
    assert len(json.loads(text)["reflections"]) == 3
    assert button.filename == f"my-sbs-journal-{date.today().isoformat()}.json"


# -- Binder -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "on"),
    [
        ({}, False),
        ({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, True),
        ({"BINDER_REPO_URL": "https://github.com/example/sbs-training"}, True),
        ({"BINDER_REQUEST": "v2/gh/example/sbs-training/HEAD"}, True),
        ({"BINDER_LAUNCH_HOST": "  "}, False),
        ({"JUPYTERHUB_USER": "someone"}, False),
    ],
)
def test_binder_is_recognised_from_its_environment(env: dict, on: bool) -> None:
    assert binder.on_binder(env) is on


def test_start_shows_the_notice_only_on_binder(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    from sbs_training.pages import start
    from sbs_training.widgets.download import DownloadButton

    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: shown.extend(objs))
    for name in binder.BINDER_VARS:
        monkeypatch.delenv(name, raising=False)
    start("00-welcome")
    html = "".join(getattr(o, "data", "") or "" for o in shown)
    assert "Get help now" in html and "temporary session" not in html
    assert not [o for o in shown if isinstance(o, DownloadButton)]

    shown.clear()
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    start("00-welcome")
    html = "".join(getattr(o, "data", "") or "" for o in shown)
    assert "This is a temporary session on a public service." in html
    assert "don't write names" in html and "download your journal" in html
    [button] = [o for o in shown if isinstance(o, DownloadButton)]
    assert button.label == "Download my journal now" and button.mime == "application/json"
