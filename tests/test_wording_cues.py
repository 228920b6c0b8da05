"""The scenarios train judgement, not cue-reading: wording alone must not give the better move away.

Two readers who never see roles or feedback (``sbs_training.content.cues``) pick an option at
every point the scenarios can offer: a skimmer that picks by tone, and a learner trained on the
other files' wording. Each must land close to chance (the share of Creator, Challenger and Coach
options at each point), and no surface cue may lean to one side. The measure is also tested on
made-up options that do leak, so a passing rate means something.
"""

from __future__ import annotations

import pytest

from sbs_training.content import load_checked
from sbs_training.content.cues import Point, cue_table, rates, scenario_points, skimmer_path

MARGIN = 0.10
"""How far above chance either reader may land over all the scenarios' points."""
LEAN = 0.10
"""How much more often a cue may appear on one side than the other."""


@pytest.fixture(scope="module")
def scenarios() -> list:
    return load_checked("scenarios").models()


@pytest.fixture(scope="module")
def points(scenarios: list) -> list[Point]:
    return [p for s in scenarios for p in scenario_points(s)]


def test_a_tone_skimmer_and_a_wording_learner_pick_at_about_chance(points: list[Point]) -> None:
    result = rates(points, points)
    assert result.points >= 60
    assert result.skimmer <= result.chance + MARGIN, result
    assert result.learner <= result.chance + MARGIN, result


def test_no_surface_cue_leans_to_one_side(points: list[Point]) -> None:
    leaning = {
        name: (round(good, 2), round(rest, 2)) for name, good, rest in cue_table(points) if abs(good - rest) >= LEAN
    }
    assert leaning == {}


def test_playing_by_tone_rarely_reaches_the_settled_ending(scenarios: list) -> None:
    outcomes = [skimmer_path(s)[1] for s in scenarios]
    assert sum(o == "settled" for o in outcomes) <= len(scenarios) // 3, outcomes


def test_the_measure_catches_wording_that_leaks() -> None:
    """Files where the better move always asks a question and thanks, and the others promise."""
    leaky = [
        Point(
            f"file-{n}",
            "p",
            (
                f"Thanks for telling me; what would help you most with the {thing}?",
                f"Leave it with me, I'll sort the {thing} out tonight, don't worry.",
                f"I honestly don't know what to do about the {thing}.",
            ),
            (True, False, False),
        )
        for n, thing in enumerate(["rota", "room", "kettle", "chairs", "leaflets", "door"])
    ]
    result = rates(leaky, leaky)
    assert result.skimmer == 1.0
    assert result.learner == 1.0
    assert result.chance == pytest.approx(1 / 3)
