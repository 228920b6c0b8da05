"""Issue 19, cards: the better move is found by judgement, not by tone.

Every card set loads; shapes vary (trade-off cards with no favourite, cards where the
quiet option is right); option lengths are balanced and no option carries a tell-tale
adverb; the wording-cue measure (``sbs_training.content.cues``) finds the favoured
option on cards at close to chance; the authors-only ``favoured`` mark never reaches
the page. Then the safety fixes (the midnight message, medication) and the smaller
content fixes (a content note in 08, "I am here for you" in 09, 999 in Ireland).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sbs_training.cohort.help_panel import help_panel_html
from sbs_training.config import load_config
from sbs_training.content import load, load_checked
from sbs_training.content.cues import SKIMMER_CUES, card_points, cue_table, rates, scenario_points
from sbs_training.pages.workbook import Workbook

REPO = Path(__file__).resolve().parent.parent
SETS = [
    "agreement-tested",
    "confidentiality-dilemmas",
    "facilitation-moments",
    "online-moments",
    "partners-moments",
    "power-inclusion",
    "struggling-in-the-room",
    "trauma-informed",
]
QUIET_FAVOURED = {
    # (set, card): (the favoured option, words that show it is the one doing or saying less)
    ("facilitation-moments", "long-silence"): ("wait-and-offer", "Keep quiet for now"),
    ("power-inclusion", "welsh-when-upset"): ("say-nothing-welsh", "Leave the language alone"),
    ("power-inclusion", "real-men"): ("acknowledge-gently", "carry on round the"),
}
TELL_TALE = re.compile(
    "|".join(p for name, p, _ in SKIMMER_CUES if name == "tell-tale adverb")
    + r"|\b(firmly|plainly|directly|honestly|nicely|sensitively|lightly|tenderly)\b",
    re.I,
)


def words(text: str) -> int:
    return len(text.split())


def every_card() -> list[tuple[str, object]]:
    return [(s.id, card) for s in load_checked("cards").models() for card in s.cards]


def option(set_id: str, card_id: str, option_id: str):
    card = next(c for c in load("cards", set_id).cards if c.id == card_id)
    return next(o for o in card.options if o.id == option_id)


def favoured(set_id: str, card_id: str):
    card = next(c for c in load("cards", set_id).cards if c.id == card_id)
    marked = [o for o in card.options if o.favoured]
    assert len(marked) == 1, f"{set_id}/{card_id} should favour exactly one option"
    return marked[0]


# -- every set, every card ------------------------------------------------------------------


def test_every_card_set_loads() -> None:
    loaded = load_checked("cards")
    assert loaded.problems == []
    assert sorted(s.id for s in loaded.models()) == SETS
    for set_id in SETS:
        assert load("cards", set_id).cards


def test_a_quarter_or_more_of_cards_are_trade_offs_with_two_sound_options() -> None:
    cards = every_card()
    trade_offs = [(s, c) for s, c in cards if not any(o.favoured for o in c.options)]
    assert len(trade_offs) >= len(cards) / 4, f"{len(trade_offs)} of {len(cards)}"
    for set_id, card in trade_offs:  # the feedback names the trade-off on at least two options
        explained = [o for o in card.options if "trade-off" in o.why.lower()]
        assert len(explained) >= 2, f"{set_id}/{card.id}: say what each sound option gives up"


def test_at_least_three_cards_favour_the_quiet_option() -> None:
    for (set_id, card_id), (option_id, quiet_words) in QUIET_FAVOURED.items():
        chosen = favoured(set_id, card_id)
        assert chosen.id == option_id, f"{set_id}/{card_id}"
        assert quiet_words in chosen.text


def test_shapes_vary_beyond_three_options_with_one_favoured() -> None:
    sizes = {len(card.options) for _, card in every_card()}
    assert {3, 4} <= sizes
    positions = {
        next(i for i, o in enumerate(card.options) if o.favoured)
        for _, card in every_card()
        if any(o.favoured for o in card.options)
    }
    assert {0, 1, 2} <= positions, "the favoured option is not always in the same place"


@pytest.mark.parametrize("set_id", SETS)
def test_option_lengths_are_balanced(set_id: str) -> None:
    for card in load("cards", set_id).cards:
        lengths = [words(o.text) for o in card.options]
        assert min(lengths) >= 0.84 * max(lengths), (card.id, lengths)


@pytest.mark.parametrize("set_id", SETS)
def test_no_option_carries_a_tell_tale_adverb(set_id: str) -> None:
    for card in load("cards", set_id).cards:
        for o in card.options:
            assert not TELL_TALE.search(o.text), (card.id, o.id, o.text)


def test_skimmer_and_learner_find_the_favoured_option_at_close_to_chance() -> None:
    """The same numbers ``scripts/scenario_stats.py`` prints for "ALL CARDS"."""
    scenarios = [p for s in load_checked("scenarios").models() for p in scenario_points(s)]
    cards = [p for s in load_checked("cards").models() for p in card_points(s)]
    result = rates(cards, scenarios + cards)
    assert result.points >= 20
    assert abs(result.skimmer - result.chance) <= 0.15, result
    assert abs(result.learner - result.chance) <= 0.15, result


def test_no_surface_cue_leans_towards_the_favoured_options() -> None:
    cards = [p for s in load_checked("cards").models() for p in card_points(s)]
    for name, good, rest in cue_table(cards):
        assert abs(good - rest) < 0.10, f"{name}: {good:.0%} of favoured options, {rest:.0%} of the others"


def test_the_favoured_mark_never_reaches_the_page() -> None:
    shown = Workbook("10-online-and-text-groups").cards("online-moments")
    cards = [w for w in shown.children if hasattr(w, "options")]
    assert len(cards) == len(load("cards", "online-moments").cards)
    for card in cards:
        assert card.options and all("favoured" not in o for o in card.options)


# -- safety fixes -------------------------------------------------------------------------------


def test_midnight_message_favours_asking_about_safety_tonight() -> None:
    chosen = favoured("online-moments", "midnight-message")
    text = chosen.text.lower()
    assert "safe tonight" in text and "suicide" in text and "ask" in text
    assert "helplines" in text
    assert "Dazzi" in chosen.why, "say why asking is safe to do"
    assert "emergency services" in chosen.why and "safeguarding" in chosen.why
    # the boundary-keeping replies that never ask are offered, and are not the favoured move
    card = next(c for c in load("cards", "online-moments").cards if c.id == "midnight-message")
    others = [o for o in card.options if not o.favoured]
    assert any("helplines" in o.text for o in others)
    assert not any("suicide" in o.text.lower() for o in others)


@pytest.mark.parametrize(
    ("set_id", "card_id"),
    [("partners-moments", "copying-medication"), ("agreement-tested", "stopped-medication")],
)
def test_naming_the_risk_of_stopping_medicine_is_the_good_move(set_id: str, card_id: str) -> None:
    chosen = favoured(set_id, card_id)
    text = chosen.text.lower()
    assert "stopping some medicines suddenly can be risky" in text
    assert "gp or pharmacist" in text
    assert "choice" in text or "decides" in text, "the decision stays with the person"
    assert "not medical advice" in chosen.why, "the feedback says naming the risk is not advice"
    card = next(c for c in load("cards", set_id).cards if c.id == card_id)
    for other in card.options:  # no feedback calls naming the risk wrong
        assert "isn't your role" not in other.why and "not there to give medical advice" not in other.why


# -- smaller content fixes ----------------------------------------------------------------------


def markdown(workbook: str) -> str:
    cells = json.loads((REPO / "workbooks" / f"{workbook}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_workbook_08_has_a_content_note_before_the_painful_card() -> None:
    cards = load("cards", "facilitation-moments")
    assert "very painful" in cards.content_note
    shown = Workbook("08-facilitation-skills").cards("facilitation-moments")
    note = shown.children[0]
    assert "Content note." in note.value and "stop at any time" in note.value
    titles = [w.title for w in shown.children[1:]]
    assert "Too much, too fast" in titles  # the card it warns about comes after it


def test_workbook_09_says_where_i_am_here_for_you_comes_from() -> None:
    text = markdown("09-when-someone-is-struggling")
    paragraph = next(p for p in text.split("\n\n") if "I am here for you" in p)
    assert "challenging behaviour" in paragraph
    assert "learned to meet hard moments" not in text


def test_default_emergency_number_999_is_for_the_uk_and_ireland() -> None:
    config = load_config()
    nine = next(e for e in config.emergency if e.number == "999")
    assert "Ireland" in nine.region and "UK" in nine.region
    assert "999 (UK and Ireland)" in help_panel_html(config)
