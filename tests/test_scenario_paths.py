"""Consequences that depend on the whole path, played through the same ``Play`` the player uses.

A scenario trains judgement only if an early move matters later: a public
correction at the start should narrow what can be mended, and the first move
should change what is offered, not just the wording. These tests play every
way from a given opening, choice by choice, and check where it can end and
what it offers on the way.
"""

from __future__ import annotations

import pytest

from sbs_training.content.scenarios import load_scenario
from sbs_training.scenarios.play import Play


def plays_from(play: Play) -> list[Play]:
    """Every finished play from here, found only through what the player offers."""
    if play.ending is not None:
        return [play]
    found: list[Play] = []
    for option in play.options():
        following = play.choose(option.id)
        assert following is not None
        found += plays_from(following)
    return found


def opening(scenario_id: str, choice_id: str) -> Play:
    play = Play(load_scenario(scenario_id), (), seed=5).choose(choice_id)
    assert play is not None, f"{choice_id} is not offered at the start of {scenario_id}"
    return play


def offered_at(play: Play, node_id: str) -> list[set[str]]:
    """The sets of choice ids offered at ``node_id`` on every way on from ``play``."""
    seen: list[set[str]] = []

    def walk(p: Play) -> None:
        if p.ending is not None:
            return
        ids = {c.id for c in p.options()}
        if p.position == node_id and ids not in seen:
            seen.append(ids)
        for option in p.options():
            walk(p.choose(option.id))

    walk(play)
    return seen


PERSECUTOR_OPENINGS = [
    ("recruiting-allies", "tell-ray-off"),
    ("challenging-comment", "snap-at-lee"),
    ("exhausted-facilitator", "hand-it-to-hemi"),
]


@pytest.mark.parametrize(("scenario_id", "persecutor"), PERSECUTOR_OPENINGS)
def test_a_persecutor_opening_cannot_end_settled(scenario_id: str, persecutor: str) -> None:
    scenario = load_scenario(scenario_id)
    start = Play(scenario, (), seed=5)
    roles = {c.id: c.role for c in start.options()}
    assert roles[persecutor] == "persecutor"
    outcomes = {p.ending.outcome for p in plays_from(opening(scenario_id, persecutor))}
    assert "settled" not in outcomes, f"{persecutor} can still end settled"
    assert "partial" in outcomes, "a repair is still possible, only not a full one"
    # Another opening still can, so the ending hangs on that first move.
    others = [c.id for c in start.options() if c.id != persecutor]
    assert any(p.ending.outcome == "settled" for c in others for p in plays_from(opening(scenario_id, c)))


def test_the_first_move_in_the_comment_scenario_changes_what_is_offered_next() -> None:
    at_the_joke = {
        first: offered_at(opening("challenging-comment", first), "just-a-joke")
        for first in ("snap-at-lee", "point-to-the-agreement", "let-it-pass", "protect-nadia")
    }
    (snapped,) = at_the_joke["snap-at-lee"]
    (pointed,) = at_the_joke["point-to-the-agreement"]
    (passed,) = at_the_joke["let-it-pass"]
    (protected,) = at_the_joke["protect-nadia"]
    assert "own-the-sharpness" in snapped and "how-it-lands" not in snapped
    assert "how-it-lands" in pointed and "own-the-sharpness" not in pointed and "name-it-now" not in pointed
    assert "name-it-now" in passed and "how-it-lands" not in passed
    assert passed == protected, "silence and a rescue both leave the comment unnamed"
    assert len({frozenset(s) for s in (snapped, pointed, passed)}) == 3


def test_a_public_telling_off_at_the_kettle_changes_the_end_of_the_evening() -> None:
    told_off = offered_at(opening("recruiting-allies", "tell-ray-off"), "after-the-session")
    heard = offered_at(opening("recruiting-allies", "ask-ray-what-happened"), "after-the-session")
    assert told_off and heard
    assert all("own-the-kettle" in s and "offer-to-help-him-say-it" not in s for s in told_off)
    assert all("offer-to-help-him-say-it" in s and "own-the-kettle" not in s for s in heard)
    endings = {p.ending.id for p in plays_from(opening("recruiting-allies", "tell-ray-off"))}
    assert "said-to-the-person" not in endings


def test_blaming_hemi_brings_a_repair_to_the_last_point_and_rest_alone_does_not_settle_it() -> None:
    stung = opening("exhausted-facilitator", "hand-it-to-hemi")
    assert all("tell-hemi-the-truth" in s for s in offered_at(stung, "at-home"))
    asked = opening("exhausted-facilitator", "ask-co-facilitator")
    assert all("tell-hemi-the-truth" not in s for s in offered_at(asked, "at-home"))
    rested = [p for p in plays_from(stung) if "look-after-yourself-first" in {c.id for _, c in p.taken()}]
    assert rested and all(p.ending.outcome != "settled" for p in rested)


def test_a_secret_kept_for_two_days_cannot_end_settled_and_every_settled_way_asked_plainly() -> None:
    scenario = load_scenario("not-safe-this-week")
    plays = plays_from(Play(scenario, (), seed=5))
    for play in plays:
        chosen = {c.id for _, c in play.taken()}
        if play.ending.outcome == "settled":
            assert play.state["asked"], "someone asked Leanne plainly about suicide"
            assert "promise-to-keep-it" not in chosen, "no secrecy promised"
            assert chosen & {"be-honest-about-limits", "out-of-my-hands"}, "the lead heard that night"
            assert "talk-it-through" in chosen, "and you had your own debrief"
    assert any(p.ending.outcome == "settled" for p in plays)


@pytest.mark.parametrize(
    "scenario_id",
    [
        "equipment-request",
        "recruiting-allies",
        "always-rescuing",
        "cannot-say-no",
        "challenging-comment",
        "exhausted-facilitator",
        "not-safe-this-week",
    ],
)
def test_a_content_note_leaves_the_stop_reminder_to_the_player(scenario_id: str) -> None:
    # The player adds "You can skip this scenario, or stop at any time." to every content note.
    assert "stop" not in load_scenario(scenario_id).content_note.lower()
