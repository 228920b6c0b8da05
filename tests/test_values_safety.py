"""Issue 3 without a browser: the values and safety workbooks' content, and the widgets they use.

Content: every file validates, the facts in ../shared/CONTENT.md for these topics
are present, every id a notebook asks for exists, and a broken file is refused
with ``file:line``. Widgets: a choice persists to the journal and comes back in a
new widget; a malformed value from the page is refused and nothing stored changes;
the printable plan escapes what the trainee typed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sbs_training.content import check_all, load
from sbs_training.content.kit import CardSet, ChecklistContent, SortActivity
from sbs_training.content.prompts import PromptSet
from sbs_training.store.journal import Journal
from sbs_training.widgets.checklist import Checklist
from sbs_training.widgets.choice import ChoiceCard
from sbs_training.widgets.classify import Classify

REPO = Path(__file__).resolve().parent.parent
VALUES = "01-peer-support-values"
SAFETY = "02-safety-and-trauma-informed-practice"
MY_FILES = {
    "prompts": [VALUES, SAFETY],
    "sorts": ["person-centred"],
    "cards": ["trauma-informed"],
    "checklists": ["safe-venue"],
}

MIND_VALUES = [
    "Freedom to be oneself",
    "Two-way interactions",
    "Human connection",
    "Trust",
    "Choice and control",
    "Safety",
]
MSA_VALUES = [
    "Mutuality",
    "Recovery and hope",
    "Experiential knowledge",
    "Self-determination",
    "Participation",
    "Equality",
]
# The nine contrasts of MSA's person-centred table, by the short names the workbook's table and the feedback share.
CONTRASTS = [
    "How it starts",
    "What support is built on",
    "What the goals are",
    "What keeps you going",
    "Where recovery sits",
    "How progress is tracked",
    "How change happens",
    "How it ends",
    "The relationship",
]
SAMHSA = [
    "Safety",
    "Trustworthiness and transparency",
    "Peer support",
    "Collaboration and mutuality",
    "Empowerment, voice and choice",
    "Cultural, historical and gender issues",
]


def notebook_text(workbook: str, kind: str = "markdown") -> str:
    cells = json.loads((REPO / "workbooks" / f"{workbook}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


def calls(workbook: str, method: str) -> list[str]:
    """The ids a notebook passes to ``wb.<method>("...")``."""
    return re.findall(rf'wb\.{method}\(\s*"([a-z0-9-]+)"', notebook_text(workbook, "code"))


def my_content_root(tmp_path: Path) -> Path:
    """A copy of just this issue's content files, so other work in progress cannot mask or cause a failure."""
    root = tmp_path / "exercises"
    for kind, names in MY_FILES.items():
        (root / kind).mkdir(parents=True)
        for name in names:
            shutil.copy(REPO / "exercises" / kind / f"{name}.yaml", root / kind / f"{name}.yaml")
    return root


# -- content ---------------------------------------------------------------------------


def test_this_issues_content_is_valid(tmp_path: Path) -> None:
    assert check_all(my_content_root(tmp_path)) == []
    assert isinstance(load("sorts", "person-centred"), SortActivity)
    assert isinstance(load("cards", "trauma-informed"), CardSet)
    assert isinstance(load("checklists", "safe-venue"), ChecklistContent)
    assert isinstance(load("prompts", VALUES), PromptSet)
    assert isinstance(load("prompts", SAFETY), PromptSet)


def test_every_id_a_notebook_asks_for_exists() -> None:
    for workbook in (VALUES, SAFETY):
        prompts = load("prompts", workbook)
        for prompt_id in calls(workbook, "reflection"):
            prompts.get(prompt_id)
        for sort_id in calls(workbook, "sort"):
            assert load("sorts", sort_id).workbook == workbook
        for set_id in calls(workbook, "cards"):
            assert load("cards", set_id).workbook == workbook
        for checklist_id in calls(workbook, "checklist"):
            assert load("checklists", checklist_id).workbook == workbook
    assert calls(VALUES, "sort") == ["person-centred"]
    assert calls(SAFETY, "cards") == ["trauma-informed"]
    assert calls(SAFETY, "checklist") == ["safe-venue"]


def test_values_workbook_has_both_sets_of_six_values_side_by_side() -> None:
    text = notebook_text(VALUES)
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    for mind, msa in zip(MIND_VALUES, MSA_VALUES, strict=True):
        assert any(f"**{mind}**" in row and f"**{msa}**" in row for row in rows), (mind, msa)
    assert "What could make someone mistrust a group like yours, and what will you do about it?" in {
        p.text for p in load("prompts", VALUES).prompts
    }
    assert "value-that-matters-most" in calls(VALUES, "reflection")
    assert "mistrust" in calls(VALUES, "reflection")
    for idea in ("lived experience", "mutuality", "strengths", "hope", "fix-all", "support work", "clinical"):
        assert idea in text.lower(), idea


def test_sort_has_enough_statements_and_its_feedback_uses_all_nine_contrasts() -> None:
    sort = load("sorts", "person-centred")
    assert len(sort.items) >= 12
    assert {c.id for c in sort.categories} == {"person", "illness"}
    assert {i.answer for i in sort.items} == {"person", "illness"}
    used = set()
    for item in sort.items:
        (contrast,) = [c for c in CONTRASTS if item.why.startswith(c + ":")]
        used.add(contrast)
    assert used == set(CONTRASTS)
    table = notebook_text(VALUES)
    for n, contrast in enumerate(CONTRASTS, start=1):
        assert f"| {n}. {contrast} |" in table, contrast


def test_trust_building_section_covers_the_toolkit_list() -> None:
    text = notebook_text(VALUES).lower()
    for point in (
        "consistent",
        "do what you said",
        "what you can and cannot offer",
        "power",
        "structural inequality",
        "flexible",
        "one-to-one",
        "plans change",
    ):
        assert point in text, point


def test_safety_workbook_opens_with_a_content_note_and_covers_the_topics() -> None:
    code = [
        "".join(c["source"])
        for c in json.loads((REPO / "workbooks" / f"{SAFETY}.ipynb").read_text(encoding="utf-8"))["cells"]
        if c["cell_type"] == "code"
    ]
    assert "start(" in code[0]
    assert code[1].startswith("wb.content_note("), "the content note comes before any material"
    text = notebook_text(SAFETY)
    for principle in SAMHSA:
        assert f"**{principle}**" in text, principle
    lowered = text.lower()
    for idea in ("disclose", "choice", "consent", "labels", "calm", "i am here for you", "re-traumatising"):
        assert idea in lowered, idea
    assert "bristol" in lowered and "yellow" in lowered, "the toolkit's local-trigger example, whatever card is chosen"
    for idea in ("women-only", "trans", "pronouns", "non-binary", "intersex", "self-identify"):
        assert idea in lowered, idea
    assert "inclusion-in-my-setting" in calls(SAFETY, "reflection")


def test_scenario_cards_cover_the_three_situations_with_two_part_feedback() -> None:
    cards = {c.id: c for c in load("cards", "trauma-informed").cards}
    assert set(cards) == {"always-late", "unsettling-room", "heated-moment"}
    assert "late" in cards["always-late"].situation or "after the start" in cards["always-late"].situation
    room_feedback = " ".join(o.why for o in cards["unsettling-room"].options)
    assert "yellow" in room_feedback and "Bristol" in room_feedback, "the toolkit's local-trigger example"
    calm = " ".join(o.text for o in cards["heated-moment"].options)
    assert "I'm here for you" in calm
    for card in cards.values():
        assert len(card.options) >= 3
        for option in card.options:
            assert option.happens and option.why and option.happens != option.why


def test_venue_checklist_has_every_safety_point() -> None:
    checklist = load("checklists", "safe-venue")
    assert {"directions", "lighting", "side-room", "two-facilitators", "costs", "safeguarding"} <= {
        i.id for i in checklist.items
    }
    assert "safety-before-first" in {i.id for i in checklist.items}
    words = " ".join(f"{i.text} {i.detail}" for i in checklist.items).lower()
    for point in ("directions", "lit", "side room", "two facilitators", "childcare", "travel", "safeguarding"):
        assert point in words, point
    assert "before the first meeting" in words


def test_a_broken_sort_file_is_refused_with_file_and_line(tmp_path: Path) -> None:
    root = my_content_root(tmp_path)
    path = root / "sorts" / "person-centred.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Point the third statement at a category that does not exist.
    answer_lines = [n for n, line in enumerate(lines) if line.strip().startswith("answer:")]
    broken_at = answer_lines[2]
    lines[broken_at] = lines[broken_at].replace("answer: person", "answer: persn")
    assert "persn" in lines[broken_at]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    problems = check_all(root)
    assert len(problems) == 1
    (problem,) = problems
    assert problem.file == path
    assert problem.line == broken_at + 1
    assert str(problem).startswith(f"{path}:{broken_at + 1}: ")
    assert "persn" in problem.message and "not one of the categories" in problem.message


def test_a_sort_missing_its_feedback_is_refused_at_the_statement(tmp_path: Path) -> None:
    root = my_content_root(tmp_path)
    path = root / "sorts" / "person-centred.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ask-what-helps")
    end = text.index("  - id: group-by-diagnosis")
    block = text[start:end]
    kept = block[: block.index("    why:")]
    path.write_text(text[:start] + kept + text[end:], encoding="utf-8")
    (problem,) = check_all(root)
    line = text[:start].count("\n") + 1
    assert (problem.file, problem.line) == (path, line)
    assert "why" in problem.message and "Field required" in problem.message


# -- widgets ---------------------------------------------------------------------------


def sort_widget(journal: Journal) -> Classify:
    sort = load("sorts", "person-centred")
    return Classify(
        VALUES,
        sort.id,
        question=sort.question,
        categories=[c.model_dump() for c in sort.categories],
        items=[i.model_dump() for i in sort.items],
        journal=journal,
    )


def card_widget(journal: Journal, card_id: str = "always-late") -> ChoiceCard:
    card_set = load("cards", "trauma-informed")
    (card,) = [c for c in card_set.cards if c.id == card_id]
    return ChoiceCard(
        SAFETY,
        card_set.id,
        card.id,
        title=card.title,
        situation=card.situation,
        question=card.question,
        options=[o.model_dump() for o in card.options],
        journal=journal,
    )


def checklist_widget(journal: Journal) -> Checklist:
    content = load("checklists", "safe-venue")
    return Checklist(
        SAFETY, content.id, title=content.title, items=[i.model_dump() for i in content.items], journal=journal
    )


def stored(journal: Journal, workbook: str, activity: str) -> dict:
    return {a.item: a.value for a in journal.answers(workbook, activity)}


def test_sort_placements_persist_and_come_back(journal: Journal) -> None:
    widget = sort_widget(journal)
    assert widget.answers == {}
    widget.place("tea-and-quiet-room", "person")
    widget.place("diagnosis-form", "person")
    widget.place("diagnosis-form", "illness")  # a change of mind: the latest wins
    assert stored(journal, VALUES, "person-centred") == {
        "tea-and-quiet-room": {"placed": "person"},
        "diagnosis-form": {"placed": "illness"},
    }
    assert widget.status.startswith("Saved ")

    again = sort_widget(journal)
    assert again.placed("tea-and-quiet-room") == "person"
    assert again.placed("diagnosis-form") == "illness"
    assert again.placed("come-and-go") is None
    assert again.status.startswith("Your answers are back")
    assert again.summary() == "You have placed 2 of 16; 2 match the toolkit's reading."


def test_card_choice_persists_and_comes_back_per_card(journal: Journal) -> None:
    late = card_widget(journal, "always-late")
    room = card_widget(journal, "unsettling-room")
    late.choose("quiet-check-in")
    room.choose("ask-gently")
    late.choose("remind-everyone")
    assert stored(journal, SAFETY, "trauma-informed") == {
        "always-late": {"choice": "remind-everyone"},
        "unsettling-room": {"choice": "ask-gently"},
    }
    assert card_widget(journal, "always-late").choice == "remind-everyone"
    assert card_widget(journal, "unsettling-room").choice == "ask-gently"
    assert card_widget(journal, "heated-moment").choice is None


def test_checklist_ticks_and_notes_persist_and_come_back(journal: Journal) -> None:
    widget = checklist_widget(journal)
    widget.tick("lighting")
    widget.tick("side-room", note="Ask the centre for the small room next door")
    widget.tick("lighting", done=False)
    again = checklist_widget(journal)
    assert again.answers == {
        "lighting": {"done": False, "note": ""},
        "side-room": {"done": True, "note": "Ask the centre for the small room next door"},
    }


def test_a_saved_choice_survives_rewording_and_is_dropped_only_if_its_id_goes(journal: Journal) -> None:
    widget = sort_widget(journal)
    widget.place("come-and-go", "person")
    sort = load("sorts", "person-centred")
    items = [dict(i.model_dump(), text=i.text + " (reworded)") for i in sort.items]
    reworded = Classify(
        VALUES,
        sort.id,
        question=sort.question,
        categories=[c.model_dump() for c in sort.categories],
        items=items,
        journal=journal,
    )
    assert reworded.placed("come-and-go") == "person"
    without = Classify(
        VALUES,
        sort.id,
        question=sort.question,
        categories=[c.model_dump() for c in sort.categories],
        items=[i for i in items if i["id"] != "come-and-go"],
        journal=journal,
    )
    assert without.answers == {}
    assert stored(journal, VALUES, "person-centred") == {"come-and-go": {"placed": "person"}}, "never deleted"


BAD_SORT_VALUES = [
    {"no-such-statement": {"placed": "person"}},
    {"come-and-go": {"placed": "somewhere"}},
    {"come-and-go": {"placed": ["person"]}},
    {"come-and-go": {"placed": "person", "extra": "x" * 1000}},
    {"come-and-go": "person"},
    {"come-and-go": None},
    {"come-and-go": {}},
]


@pytest.mark.parametrize("bad", BAD_SORT_VALUES, ids=range(len(BAD_SORT_VALUES)))
def test_a_malformed_sort_value_from_the_page_is_refused(journal: Journal, bad: dict) -> None:
    widget = sort_widget(journal)
    widget.place("tea-and-quiet-room", "person")
    before = journal.answers()
    widget.answers = {**widget.answers, **bad}  # what a page could send
    assert widget.answers == {"tea-and-quiet-room": {"placed": "person"}}
    assert journal.answers() == before


BAD_CARD_VALUES = [
    {"always-late": {"choice": "no-such-option"}},
    {"always-late": {"choice": 3}},
    {"always-late": {"choice": {"quiet-check-in": 1}}},
    {"always-late": {"choice": "quiet-check-in", "also": 1}},
    {"unsettling-room": {"choice": "ask-gently"}},  # another card's answer through this card
]


@pytest.mark.parametrize("bad", BAD_CARD_VALUES, ids=range(len(BAD_CARD_VALUES)))
def test_a_malformed_card_value_from_the_page_is_refused(journal: Journal, bad: dict) -> None:
    widget = card_widget(journal)
    widget.choose("quiet-check-in")
    before = journal.answers()
    widget.answers = bad
    assert widget.choice == "quiet-check-in"
    assert journal.answers() == before


BAD_CHECKLIST_VALUES = [
    {"no-such-item": {"done": True}},
    {"lighting": {"done": "yes"}},
    {"lighting": {"done": True, "note": 42}},
    {"lighting": {"done": True, "note": "x" * 200_001}},
    {"lighting": {"done": True, "owner": "someone"}},
    {"lighting": ["done"]},
]


@pytest.mark.parametrize("bad", BAD_CHECKLIST_VALUES, ids=range(len(BAD_CHECKLIST_VALUES)))
def test_a_malformed_checklist_value_from_the_page_is_refused(journal: Journal, bad: dict) -> None:
    widget = checklist_widget(journal)
    widget.tick("directions", note="Signs from the bus stop")
    before = journal.answers()
    widget.answers = {**widget.answers, **bad}
    assert widget.answers == {"directions": {"done": True, "note": "Signs from the bus stop"}}
    assert journal.answers() == before


def test_checklist_notes_lose_control_characters_but_keep_every_change(journal: Journal) -> None:
    widget = checklist_widget(journal)
    # One message from the page changes two items, and only one note needs cleaning.
    widget.answers = {
        "directions": {"done": True, "note": "Map on the leaflet"},
        "lighting": {"done": True, "note": "Check the path\x00 after dark"},
    }
    assert widget.answers["lighting"]["note"] == "Check the path after dark"
    assert stored(journal, SAFETY, "safe-venue") == {
        "directions": {"done": True, "note": "Map on the leaflet"},
        "lighting": {"done": True, "note": "Check the path after dark"},
    }


def test_the_printable_plan_escapes_what_was_typed(journal: Journal) -> None:
    widget = checklist_widget(journal)
    widget.tick("directions", note="<script>alert('x')</script> & <b>bold</b>")
    page = widget.as_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert page.startswith("<!doctype html>")
    assert "My venue and first-session safety plan" in page
    markdown = widget.as_markdown()
    assert "- [x] Clear directions that members can follow" in markdown
    assert "- [ ] A well-lit route to the door" in markdown


def test_the_workbook_helpers_build_these_widgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SBS_TRAINING_DATA_DIR", str(tmp_path / "data"))
    from sbs_training.pages import Workbook
    from sbs_training.store import visit

    monkeypatch.setattr(visit, "_journal", Journal(tmp_path / "data"))
    values, safety = Workbook(VALUES), Workbook(SAFETY)
    sort = values.sort("person-centred")
    assert isinstance(sort, Classify) and len(sort.items) == 16
    cards = safety.cards("trauma-informed")
    note, *card_widgets = cards.children
    assert "Content note." in note.value and "stop at any time" in note.value, "the set's own note comes first"
    assert [c.card for c in card_widgets] == ["always-late", "unsettling-room", "heated-moment"]
    plan = safety.checklist("safe-venue")
    checklist, html_button, md_button = plan.children
    assert isinstance(checklist, Checklist)
    assert (html_button.filename, md_button.filename) == ("my-venue-plan.html", "my-venue-plan.md")
    note = safety.content_note("Hard things ahead.")
    assert "You can pause, skip this section or stop at any time" in note.data
    visit._journal.close()
