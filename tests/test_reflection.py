"""ReflectionBox and the journal-widget base, without a browser.

``value`` is what the page syncs on every keystroke, so setting it here is
exactly what a trainee's typing does to the kernel.
"""

from __future__ import annotations

from pathlib import Path

from sbs_training.store import visit
from sbs_training.store.journal import MAX_TEXT_CHARS, Journal
from sbs_training.widgets.reflection import ReflectionBox


def box(journal: Journal, prompt: str = "what-brings-you") -> ReflectionBox:
    return ReflectionBox("00-welcome", prompt, "What brings you to facilitating peer support?", journal=journal)


def test_a_new_box_is_empty_and_says_it_saves(journal: Journal) -> None:
    b = box(journal)
    assert b.value == ""
    assert "Saved on this computer as you type" in b.status


def test_typing_saves_every_keystroke(journal: Journal) -> None:
    b = box(journal)
    for text in ["I", "I w", "I want to help"]:
        b.value = text
        assert journal.get_reflection("00-welcome", "what-brings-you").text == text
    assert b.status.startswith("Saved ")
    assert journal.get_reflection("00-welcome", "what-brings-you").label == b.prompt


def test_a_reopened_box_shows_the_saved_text(journal: Journal) -> None:
    box(journal).value = "Written last week"
    again = box(journal)
    assert again.value == "Written last week"
    assert again.status.startswith("Last saved")


def test_two_tabs_are_told_and_nothing_is_lost(journal: Journal) -> None:
    tab_a, tab_b = box(journal), box(journal)
    tab_a.value = "from tab A"
    tab_b.value = "from tab B"
    assert "also changed in another tab" in tab_b.status
    kept = {r.text for r in journal.revisions("00-welcome", "what-brings-you")}
    assert "from tab A" in kept
    tab_b.value = "from tab B, more"
    assert "another tab" not in tab_b.status, "only the first save after the other tab's write is a conflict"


def test_control_characters_are_dropped_and_the_box_shows_what_was_kept(journal: Journal) -> None:
    b = box(journal)
    b.value = "safe\x00text\x1b"
    assert b.value == "safetext"
    assert "control characters were left out" in b.status
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "safetext"


def test_too_long_text_gets_one_sentence_and_keeps_the_saved_text(journal: Journal) -> None:
    b = box(journal)
    b.value = "short and saved"
    b.value = "x" * (MAX_TEXT_CHARS + 5)
    assert "longer than" in b.status
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "short and saved"


def test_a_broken_journal_shows_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    j = Journal(tmp_path / "data")
    b = box(j)
    j.close()
    b.value = "typed after the journal went away"
    assert b.status and "Traceback" not in b.status


def test_outside_a_preheated_kernel_the_visit_has_already_started(monkeypatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setattr(visit, "_visited", False)
    visit.wait_for_visit()
    assert visit._visited
