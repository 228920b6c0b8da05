"""ReflectionBox and the journal-widget base, without a browser.

``value`` is what the page syncs on every keystroke, so setting it here is
exactly what a trainee's typing does to the kernel.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


# -- confirmed saves: the kernel's half (the page's half is the kit's saver) ------------------------


def confirmations(widget) -> list[tuple[dict, str]]:
    """What the widget sends the page, each with the status line as it stood at that moment."""
    sent: list[tuple[dict, str]] = []
    widget.send = lambda content, buffers=None: sent.append((content, widget.status))
    return sent


def test_a_tagged_change_is_confirmed_after_it_is_saved(journal: Journal) -> None:
    b = box(journal)
    sent = confirmations(b)
    b.set_state({"value": "Typed on the page", "save_token": "t-1"})
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "Typed on the page"
    assert [content for content, _ in sent] == [{"type": "sbs:saved", "token": "t-1"}]
    assert sent[0][1].startswith("Saved "), "the status already says Saved when the confirmation leaves"
    assert "save_token" not in b.keys, "the tag is not a synced value"


def test_a_refused_change_is_confirmed_with_the_reason_already_said(journal: Journal) -> None:
    b = box(journal)
    b.value = "kept"
    sent = confirmations(b)
    b.set_state({"value": "x" * (MAX_TEXT_CHARS + 1), "save_token": "t-2"})
    assert sent == [({"type": "sbs:saved", "token": "t-2"}, sent[0][1])]
    assert "longer than" in sent[0][1]
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "kept"


def test_a_change_that_fails_unexpectedly_is_never_confirmed_as_saved(journal: Journal, monkeypatch) -> None:
    b = box(journal)
    b.value = "kept"
    sent = confirmations(b)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(journal, "save_reflection", broken)
    with pytest.raises(RuntimeError):  # still raised, so the kernel's log has it
        b.set_state({"value": "lost", "save_token": "t-3"})
    assert sent == [({"type": "sbs:saved", "token": "t-3"}, sent[0][1])]
    assert "wasn't saved" in sent[0][1] and "Saved " not in sent[0][1]


def test_untagged_changes_and_odd_tags_send_nothing(journal: Journal) -> None:
    b = box(journal)
    sent = confirmations(b)
    b.set_state({"value": "no tag"})
    b.set_state({"value": "a number", "save_token": 7})
    b.set_state({"value": "too long a tag", "save_token": "t" * 101})
    assert sent == []
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "too long a tag"


def test_a_tagged_request_is_confirmed_after_it_is_handled(journal: Journal) -> None:
    from sbs_training.widgets.journal_view import JournalView

    box(journal).value = "first words"
    view = JournalView("07-my-journal", journal=journal)
    sent = confirmations(view)
    view._handle_custom_msg(
        {"type": "save", "key": "00-welcome/what-brings-you", "text": "edited in My journal", "save_token": "t-4"}, []
    )
    assert journal.get_reflection("00-welcome", "what-brings-you").text == "edited in My journal"
    assert sent == [({"type": "sbs:saved", "token": "t-4"}, sent[0][1])] and sent[0][1].startswith("Saved ")
