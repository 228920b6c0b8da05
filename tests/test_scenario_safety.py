"""Safety rules in the scenarios, checked by playing every way through.

Workbook 09 teaches two things these scenarios must never contradict:

- after someone says they may end their life, tell your safeguarding lead the
  same day (scenario 12, ``message-at-2am``): no way through that skips it may
  end settled or partly settled;
- with medication (scenario 09, ``stop-the-tablets``), saying plainly that
  stopping some medicines suddenly can be risky, leaving the choice with the
  person and pointing to their GP or pharmacist is the good move: never
  tagged with a drama-triangle role, never coached as wrong, and it can end
  settled.

Each way is played with ``Play``, the same engine the page's player uses.
"""

from __future__ import annotations

import re

import pytest

from sbs_training.content.roles import DRAMA, ROLES
from sbs_training.content.scenarios import Choice, Scenario, Way, load_scenario
from sbs_training.scenarios.play import Play

GOOD_ENDINGS = {"settled", "partial"}
SAME_DAY = {"the-message", "the-morning"}  # 2.07 a.m. and 8 a.m. on Tuesday: the same day
DRAMA_NAMES = ("Victim", "Persecutor", "Rescuer")


def played(scenario: Scenario, way: Way) -> Play:
    """Play a way through step by step, as the page would, and check it lands where the checker says."""
    play = Play(scenario, (), seed=1)
    for node, choice in way.steps:
        assert play.position == node.id
        following = play.choose(choice.id)
        assert following is not None, f"{choice.id} is not offered at {node.id}"
        play = following
    assert play.ending is not None and play.ending.id == way.ending.id
    assert play.state == way.state
    return play


def first_step_setting(scenario: Scenario, way: Way, flag: str) -> str | None:
    """The node at which ``flag`` first became true on this way, replayed from the start state."""
    state = scenario.start_state
    for node, choice in way.steps:
        state = choice.apply(state)
        if state[flag]:
            return node.id
    return None


# -- scenario 12: the lead hears the same day ---------------------------------------------


@pytest.fixture(scope="module")
def night() -> Scenario:
    return load_scenario("message-at-2am")


def test_every_good_ending_in_scenario_12_has_told_the_lead_the_same_day(night: Scenario) -> None:
    ways = list(night.ways())
    good = [w for w in ways if w.ending.outcome in GOOD_ENDINGS]
    assert {w.ending.outcome for w in good} == GOOD_ENDINGS, "both settled and partly settled endings are reachable"
    for way in good:
        play = played(night, way)
        route = " > ".join(c.id for _, c in way.steps)
        assert play.state["lead_told"], f"{route} ends {way.ending.outcome} without telling the lead"
        assert first_step_setting(night, way, "lead_told") in SAME_DAY, f"{route} told the lead too late"
        assert any("Jo" in c.recall for _, c in way.steps), f"the debrief for {route} never says Jo was told"


def test_skipping_the_lead_always_ends_unsettled_and_says_why(night: Scenario) -> None:
    skipped = [w for w in night.ways() if not w.state["lead_told"]]
    assert skipped, "the scenario lets a trainee try keeping it to themselves"
    for way in skipped:
        assert played(night, way).ending.outcome == "unsettled"
    assert {w.ending.id for w in skipped} == {"kept-too-long"}
    assert "Jo" in night.ending("kept-too-long").text


def test_only_the_same_day_decisions_can_tell_the_lead(night: Scenario) -> None:
    for node in night.nodes:
        for choice in node.choices:
            if choice.sets.get("lead_told"):
                assert node.id in SAME_DAY, f"{choice.id} at {node.id} tells the lead after Tuesday"
    assert "same day" in night.debrief


def test_promising_secrecy_or_waiting_never_tells_the_lead(night: Scenario) -> None:
    morning = night.node("the-morning")
    assert morning is not None
    for choice_id in ("keep-it-between-us", "wait-and-see"):
        choice = morning.choice(choice_id)
        assert choice is not None and not choice.sets.get("lead_told")
        assert ROLES[choice.role].model == DRAMA


# -- scenario 09: the medication fact, the choice left, the GP or pharmacist ---------------

RISK = re.compile(r"\bsudden(ly)?\b.*\brisk", re.I | re.S)
CHOICE_LEFT = re.compile(r"\byour (decision|call|choice)\b|\bup to you\b", re.I)
WHO_TO_ASK = re.compile(r"\b(GP|pharmacist)\b")


def says_it_all(choice: Choice) -> bool:
    """Names the risk of stopping suddenly, leaves the decision with her, and points to a GP or pharmacist."""
    return bool(RISK.search(choice.text) and CHOICE_LEFT.search(choice.text) and WHO_TO_ASK.search(choice.text))


def test_the_medication_move_is_modelled_as_good_and_can_settle() -> None:
    tablets = load_scenario("stop-the-tablets")
    good = [(n, c) for n in tablets.nodes for c in n.choices if says_it_all(c)]
    assert good, "scenario 09 offers the move: the risk said plainly, the choice left, a GP or pharmacist"
    for node, choice in good:
        assert ROLES[choice.role].model != DRAMA, f"{choice.id} is tagged {choice.role}"
        coaching = choice.feedback.coaching
        assert not any(name in coaching for name in DRAMA_NAMES), f"{choice.id}'s coaching calls it a drama move"
        ways = [w for w in tablets.ways() if (node, choice) in w.steps]
        settled = [w for w in ways if w.ending.outcome == "settled"]
        assert settled, f"no way through {choice.id} can end settled"
        assert played(tablets, settled[0]).ending.outcome == "settled"
        assert all(w.state["informed"] for w in ways), "the scenario remembers that Rachel heard it"
    assert "suddenly" in tablets.debrief and "GP" in tablets.debrief


def test_no_drama_option_in_scenario_09_says_the_whole_good_move() -> None:
    tablets = load_scenario("stop-the-tablets")
    for node in tablets.nodes:
        for choice in node.choices:
            if ROLES[choice.role].model == DRAMA:
                assert not says_it_all(choice), f"{choice.id} says the good move but is tagged {choice.role}"


def test_a_settled_ending_in_scenario_09_needs_rachel_to_have_heard_the_risk() -> None:
    tablets = load_scenario("stop-the-tablets")
    for way in tablets.ways():
        if way.ending.outcome == "settled":
            assert way.state["informed"], " > ".join(c.id for _, c in way.steps)
