"""Branching scenarios without a browser: content, graph checks, every way through, the player, the pattern.

Broken files are written to a temporary exercises folder and must be refused
with the right file and line, the way ``sbs-training check-content`` reports
them. Every way through every scenario file is generated from the graph and
its conditions (through the same ``Play`` the player uses) and played. The
player is driven through the same methods the page's buttons call.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import run_cli

from sbs_training.content import check_all, load, load_checked
from sbs_training.content.conditions import parse
from sbs_training.content.roles import ROLES
from sbs_training.content.scenarios import load_scenario, load_scenarios
from sbs_training.pages.scenarios import pattern_summary, scenario_block, scenario_players
from sbs_training.pages.workbook import Workbook
from sbs_training.resources import exercises_dir
from sbs_training.scenarios.choice_pattern import (
    Pattern,
    counts_phrase,
    pattern_from_moves,
    reflection_lead,
    summary_lines,
)
from sbs_training.scenarios.play import Play
from sbs_training.scenarios.triangles import triangles_svg
from sbs_training.store.journal import Journal
from sbs_training.widgets.scenario import ScenarioPlayer, view_of

WB = "03-drama-triangle-and-empowerment-dynamic"
wb = Workbook(WB)
SCENARIO_FILES = sorted((exercises_dir() / "scenarios").glob("*.yaml"))
SAMPLE = ("equipment-request", "recruiting-allies")  # the widget plays these two every way (the domain plays all)
ALL_IDS = sorted(model.id for _, model in load_checked("scenarios").items)


# -- the shipped content ------------------------------------------------------------------


def test_every_scenario_file_is_valid() -> None:
    assert [str(p) for p in load_checked("scenarios").problems] == []


def test_this_workbooks_other_content_is_valid() -> None:
    mine = ("role-spotting.yaml", f"{WB}.yaml")
    assert [p for p in check_all(exercises_dir()) if any(m in str(p.file) for m in mine)] == []


def test_there_are_twelve_scenarios_or_more() -> None:
    assert len(ALL_IDS) >= 12


@pytest.mark.parametrize("scenario_id", ALL_IDS)
def test_every_scenario_follows_the_writing_rules(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    assert 3 <= len(scenario.nodes) <= 5
    assert len(scenario.endings) >= 3
    assert {"settled", "partial", "unsettled"} <= {e.outcome for e in scenario.endings}
    assert "Women Side by Side" in scenario.source or "Male Survivors Aotearoa" in scenario.source
    for node in scenario.nodes:
        lengths = [len(c.text.split()) for c in node.choices]
        assert max(lengths) <= 1.25 * min(lengths), (node.id, lengths)
        for choice in node.choices:
            for giveaway in ("calmly", "gently", "warmly", "invite"):
                assert giveaway not in choice.text.lower()
    words = " ".join(c.feedback.coaching for n in scenario.nodes for c in n.choices)
    for label in ("That is a Challenger", "you are a Rescuer", "rescuing the Rescuer"):
        assert label not in words
    # Choices carry forward: some later point reads the state.
    assert any(n.variants or any(c.when for c in n.choices) for n in scenario.nodes[1:])
    assert {ROLES[c.role].model for n in scenario.nodes for c in n.choices} == {"drama", "ted"}


def test_every_role_appears_in_the_scenarios() -> None:
    scenarios, _ = load_scenarios(WB)
    roles = Counter(c.role for s in scenarios for n in s.nodes for c in n.choices)
    assert set(roles) == set(ROLES)


def test_role_spotting_has_three_lines_per_role() -> None:
    sort = load("sorts", "role-spotting")
    assert [c.id for c in sort.categories] == list(ROLES)
    per_role = Counter(item.answer for item in sort.items)
    assert len(sort.items) >= 18
    assert all(per_role[role] >= 3 for role in ROLES), per_role


def test_flip_it_prompts_have_model_answers_and_the_pattern_prompt_exists() -> None:
    prompts = load("prompts", WB)
    for prompt_id, role in (("flip-victim", "Creator"), ("flip-persecutor", "Challenger"), ("flip-rescuer", "Coach")):
        prompt = prompts.get(prompt_id)
        assert role in prompt.text
        assert len(prompt.example) > 20
    assert prompts.get("my-pattern").text


# -- every way through, played ------------------------------------------------------------


def every_play(play: Play, depth: int = 0) -> list[Play]:
    """Every finished play from here, found only through what the player offers (bounded, so a loop fails)."""
    assert depth <= 20, f"a way through that never ends: {play.steps}"
    options = play.options()
    if play.ending is not None:
        assert options == []
        return [play]
    assert len(options) >= 2, f"only {len(options)} choice(s) at {play.position} after {play.steps}"
    found: list[Play] = []
    for option in options:
        following = play.choose(option.id)
        assert following is not None
        # Back restores exactly: the same steps, state, text and order of options.
        earlier = following.back()
        assert earlier is not None
        assert earlier.state == play.state and earlier.steps == play.steps
        assert earlier.text == play.text
        assert [c.id for c in earlier.options()] == [c.id for c in options]
        found += every_play(following, depth + 1)
    return found


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_way_through_ends_and_its_debrief_recalls_it(path: Path) -> None:
    scenario = load("scenarios", path.stem)
    plays = every_play(Play(scenario, (), seed=7))
    assert len(plays) == sum(1 for _ in scenario.ways()), "the player and the checker agree on the ways through"
    assert {p.ending.id for p in plays} == {e.id for e in scenario.endings}, "every ending is reached"
    for play in plays:
        view = view_of(play)
        assert view["node"] is None and view["ending"]["title"] == play.ending.title
        taken = play.taken()
        assert view["ending"]["recalls"] == [c.recall for _, c in taken], "the debrief recalls this path, in order"
        assert view["ending"]["debrief"] == scenario.debrief
        assert [s["text"] for s in view["steps"]] == [c.text for _, c in taken]


def test_the_order_is_fresh_per_play_and_kept_by_back() -> None:
    scenario = load_scenario("equipment-request")
    orders = {tuple(c.id for c in Play(scenario, (), seed).options()) for seed in range(30)}
    assert len(orders) > 1, "different plays show the options in different orders"
    play = Play(scenario, (), 3).choose("ask-what-is-going-on")
    assert play is not None
    assert [c.id for c in play.back().options()] == [c.id for c in Play(scenario, (), 3).options()]
    restarted = play.restart(seed=4)
    assert restarted.steps == () and restarted.state == scenario.start_state and restarted.seed == 4


def test_an_early_choice_changes_later_points() -> None:
    scenario = load_scenario("equipment-request")
    heard = Play(scenario, (), 1).choose("ask-what-is-going-on")
    scolded = Play(scenario, (), 1).choose("tell-priya-off")
    assert heard.state["priya_heard"] and heard.state["trust"] == 1
    assert scolded.state["trust"] == -1
    assert "Thanks for asking Priya earlier" in " ".join(heard.text.split())
    assert "You had a go at Priya" in " ".join(scolded.text.split())
    assert "offer-a-three-way-chat" in {c.id for c in heard.options()}
    assert "ask-dawn-what-she-wants" not in {c.id for c in heard.options()}
    promised = scolded.choose("promise-to-sort-it")
    ids = {c.id for c in promised.options()}
    assert "pass-on-the-message" in ids and "do-it-all-yourself" not in ids
    assert "Dawn says you're dealing with me" in " ".join(promised.text.split())


def test_recruiting_allies_only_recalls_sharing_the_time_when_you_did() -> None:
    scenario = load_scenario("recruiting-allies")
    for play in every_play(Play(scenario, (), 2)):
        chosen = {c.id for _, c in play.taken()}
        text = " ".join(play.recalls)
        if "share-the-time" not in chosen:
            assert "space for Sam" not in text and "keep-sharing-the-time" not in chosen


# -- broken files are refused with file and line -----------------------------------------


def choice(cid: str, role: str, next_id: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "text": f"Choice {cid}",
        "role": role,
        **extra,
        "recall": f"When you chose {cid}, something followed.",
        "feedback": {"happens": f"What happens after {cid}.", "coaching": f"Coaching for {cid}, then."},
        "next": next_id,
    }


def good_scenario(scenario_id: str = "test-scenario", workbook: str = WB) -> dict[str, Any]:
    """Three points; the first choice sets ``trust``, which picks the ending at the last."""
    return {
        "id": scenario_id,
        "workbook": workbook,
        "title": "A test scenario",
        "source": "Mind, Women Side by Side peer support toolkit",
        "setting": "A peer support group on a Tuesday evening.",
        "state": {"trust": 0, "left": False},
        "nodes": [
            {
                "id": "n1",
                "text": "The first decision point.",
                "choices": [
                    choice("n1-a", "rescuer", "n2", set={"left": True}),
                    choice("n1-b", "coach", "n2", add={"trust": 1}),
                ],
            },
            {
                "id": "n2",
                "text": "The second decision point.",
                "variants": [{"when": "left", "text": "Someone has left the room."}],
                "choices": [
                    choice("n2-a", "victim", "n3"),
                    choice("n2-b", "creator", "n3"),
                    choice("n2-c", "coach", "n3", when="not left"),
                ],
            },
            {
                "id": "n3",
                "text": "The third decision point.",
                "choices": [
                    choice("n3-a", "persecutor", "hard"),
                    choice(
                        "n3-b",
                        "challenger",
                        [{"when": "trust >= 1", "to": "good"}, {"to": "shaky"}],
                    ),
                ],
            },
        ],
        "endings": [
            {"id": "good", "outcome": "settled", "title": "Good", "text": "A good ending to the story."},
            {"id": "shaky", "outcome": "partial", "title": "Shaky", "text": "A shaky ending to the story."},
            {"id": "hard", "outcome": "unsettled", "title": "Hard", "text": "A hard ending to the story."},
        ],
        "debrief": "What to take from this scenario.",
        "reflection": {"text": "What do you notice?"},
    }


def write(folder: Path, name: str, data: dict[str, Any]) -> tuple[Path, list[str]]:
    path = folder / "scenarios" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines()


def line_of(lines: list[str], needle: str, occurrence: int = 1) -> int:
    """1-based number of the line that reads ``needle`` (the nth such line)."""
    seen = 0
    for n, line in enumerate(lines, start=1):
        if line.strip() == needle:
            seen += 1
            if seen == occurrence:
                return n
    raise AssertionError(f"{needle!r} not in the file")


def problems_for(folder: Path) -> list[tuple[str, int, str]]:
    return [(p.file.name, p.line, p.message) for p in check_all(folder)]


def test_the_good_file_is_valid(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", good_scenario())
    assert problems_for(tmp_path) == []


def test_a_next_that_points_nowhere(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][1]["choices"][1]["next"] = "nowhere"
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    expected = ("broken.yaml", line_of(lines, "next: nowhere"))
    assert expected in [(f, n) for f, n, _ in problems]
    assert any("'nowhere' points nowhere" in m for _, _, m in problems)


def test_an_unreachable_node_and_ending(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"].append(
        {
            "id": "lonely",
            "text": "Nobody ever gets here.",
            "choices": [choice("l-a", "coach", "good"), choice("l-b", "rescuer", "hard")],
        }
    )
    data["endings"].append(
        {"id": "unseen", "outcome": "partial", "title": "Unseen", "text": "No choice leads here at all."}
    )
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- id: lonely")) in [(f, n) for f, n, _ in problems]
    assert ("broken.yaml", line_of(lines, "- id: unseen")) in [(f, n) for f, n, _ in problems]
    assert any("'lonely' can't be reached" in m for _, _, m in problems)
    assert any("ending 'unseen' can't be reached" in m for _, _, m in problems)


def test_a_loop_is_refused_where_it_turns_back(tmp_path: Path) -> None:
    data = good_scenario()
    # n2 and n3 send each other round and round.
    data["nodes"][2]["choices"][0]["next"] = "n2"
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert [(f, n) for f, n, m in problems if "loop" in m] == [("broken.yaml", line_of(lines, "next: n2", 3))]


def test_a_condition_reading_an_undeclared_name(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][1]["choices"][2]["when"] = "not gone"
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "when: not gone")) in [(f, n) for f, n, _ in problems]
    assert any("reads 'gone', which is not declared under `state`" in m for _, _, m in problems)


def test_a_condition_reading_a_name_no_choice_sets(tmp_path: Path) -> None:
    data = good_scenario()
    data["state"]["asked"] = False
    data["nodes"][1]["variants"][0]["when"] = "asked"
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- when: asked")) in [(f, n) for f, n, _ in problems]
    assert any("no choice ever sets or adds to it" in m for _, _, m in problems)


def test_a_condition_that_is_not_the_little_language(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][2]["choices"][1]["next"][0]["when"] = "trust >= 1 or left"
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "- when: trust >= 1 or left"))
    assert "uses 'or'" in problem[2]
    with pytest.raises(ValueError, match="not a condition"):
        parse("__import__('os')")


def test_an_ending_nobody_can_reach_because_of_the_state(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][0]["choices"][1]["add"] = {"trust": -1}  # now trust never reaches 1
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "- id: good"))
    assert "the ending 'good' can't be reached" in problem[2]


def test_a_state_with_fewer_than_two_choices(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][1]["choices"][1]["when"] = "not left"  # after n1-a only n2-a is left
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "choices:", 2) + 1)  # its first choice
    assert "on the way through n1: n1-a, only 1 choice(s) are offered at 'n2'" in problem[2]


def test_fewer_than_three_endings_and_a_bad_outcome(tmp_path: Path) -> None:
    data = good_scenario()
    data["endings"][2]["outcome"] = "fine"
    _, lines = write(tmp_path, "bad-outcome.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("bad-outcome.yaml", line_of(lines, "outcome: fine"))
    two = good_scenario("two-endings")
    two["nodes"][2]["choices"][0]["next"] = "shaky"
    del two["endings"][2]
    other = tmp_path / "other"
    _, lines = write(other, "two.yaml", two)
    (problem,) = problems_for(other)
    assert problem[:2] == ("two.yaml", line_of(lines, "endings:") + 1)  # its first ending
    assert "at least 3 items" in problem[2]


def test_a_missing_recall_and_source(tmp_path: Path) -> None:
    data = good_scenario()
    del data["nodes"][1]["choices"][0]["recall"]
    del data["source"]
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- id: n2-a"), "nodes.1.choices.0.recall: Field required") in problems
    assert ("broken.yaml", 1, "source: Field required") in problems


def test_a_next_list_without_a_default(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][2]["choices"][1]["next"][1]["when"] = "trust < 1"
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "when: trust < 1"))
    assert "the last branch of a `next` list must have no `when`" in problem[2]


def test_a_choice_without_a_role_or_feedback(tmp_path: Path) -> None:
    data = good_scenario()
    del data["nodes"][0]["choices"][1]["role"]
    del data["nodes"][2]["choices"][0]["feedback"]
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- id: n1-b"), "nodes.0.choices.1.role: Field required") in problems
    assert ("broken.yaml", line_of(lines, "- id: n3-a"), "nodes.2.choices.0.feedback: Field required") in problems


def test_a_role_that_is_not_one_of_the_six(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][1]["choices"][0]["role"] = "hero"
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "role: hero"))
    assert "victim" in problem[2] and "coach" in problem[2]


def test_feedback_without_coaching(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][1]["choices"][0]["feedback"]["coaching"] = ""
    _, lines = write(tmp_path, "broken.yaml", data)
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("broken.yaml", line_of(lines, "coaching: ''"))


def test_duplicate_ids_in_a_file(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][2]["id"] = "n2"  # two nodes called n2
    data["nodes"][1]["choices"][0]["id"] = "n2-b"  # two choices called n2-b
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    where = [(f, n) for f, n, _ in problems]
    assert ("broken.yaml", line_of(lines, "- id: n2", occurrence=2)) in where
    assert ("broken.yaml", line_of(lines, "- id: n2-b", occurrence=2)) in where
    assert any("'n2' is used twice" in m for _, _, m in problems)


def test_a_duplicate_scenario_id_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a-first.yaml", good_scenario("same-id"))
    _, lines = write(tmp_path, "b-second.yaml", good_scenario("same-id"))
    (problem,) = problems_for(tmp_path)
    assert problem[:2] == ("b-second.yaml", line_of(lines, "id: same-id"))
    assert "already used by a-first.yaml" in problem[2]


def test_check_content_prints_file_and_line(tmp_path: Path) -> None:
    data = good_scenario()
    data["nodes"][0]["choices"][0]["next"] = "nowhere"
    path, lines = write(tmp_path, "broken.yaml", data)
    result = run_cli("check-content", str(tmp_path))
    assert result.returncode == 1
    assert f"{path}:{line_of(lines, 'next: nowhere')}: nodes.0.choices.0.next: 'nowhere' points nowhere" in (
        result.stdout
    )


# -- the player ------------------------------------------------------------------------------


def player(journal: Journal, scenario_id: str = "equipment-request") -> ScenarioPlayer:
    return ScenarioPlayer(WB, load_scenario(scenario_id), journal=journal)


def saved(journal: Journal, scenario_id: str = "equipment-request") -> dict[str, Any]:
    return {a.item: a.value for a in journal.answers(WB, scenario_id)}


def shown(p: ScenarioPlayer) -> list[str]:
    return [o["id"] for o in p.view["node"]["options"]]


def test_a_choice_is_recorded_with_its_role_and_the_plays_seed(journal: Journal) -> None:
    p = player(journal)
    assert p.position == "the-moment"
    assert sorted(shown(p)) == ["ask-what-is-going-on", "do-it-for-her", "tell-priya-off"]
    assert p.choose("ask-what-is-going-on")
    assert p.position == "after-session"
    record = saved(journal)
    assert record["route"] == [{"node": "the-moment", "choice": "ask-what-is-going-on", "role": "coach"}]
    assert record["seed"] == p.play.seed
    assert [(m["node"], m["choice"], m["role"]) for m in record["moves"]] == [
        ("the-moment", "ask-what-is-going-on", "coach")
    ]
    assert p.view["last"]["role_label"] == "Coach (Empowerment Dynamic)"
    assert "Thanks for asking" in p.view["node"]["text"]
    assert p.status.startswith("Saved ")


def test_a_choice_the_state_does_not_offer_is_refused(journal: Journal) -> None:
    p = player(journal)
    assert not p.choose("promise-to-sort-it")  # belongs to the second decision point
    assert not p.choose(None)  # type: ignore[arg-type]
    assert "isn't available" in p.status
    assert saved(journal) == {}
    p.choose("ask-what-is-going-on")
    assert "ask-dawn-what-she-wants" not in shown(p)
    assert not p.choose("ask-dawn-what-she-wants"), "a choice whose `when` does not hold is never taken"
    assert p.position == "after-session"


def test_requests_from_the_page_are_checked(journal: Journal) -> None:
    p = player(journal)
    at = p.view["at"]
    p._on_message(p, {"action": "choose", "at": at, "choice": "do-it-for-her"})
    assert p.position == "after-session"
    # Stale (a second press on an old page), forged, and malformed requests change nothing.
    p._on_message(p, {"action": "choose", "at": at, "choice": "tell-priya-off"})
    assert "moved on" in p.status
    now = p.view["at"]
    p._on_message(p, {"action": "choose", "at": now, "choice": "unsorted-ending"})
    p._on_message(p, {"action": "choose", "at": now, "choice": {"id": 1}})
    p._on_message(p, {"action": "delete-everything"})
    p._on_message(p, ["not", "a", "dict"])
    p._on_message(p, {"action": "back", "at": "somewhere-else"})
    assert p.position == "after-session"
    assert len(saved(journal)["moves"]) == 1


def test_the_page_cannot_set_the_view_or_the_scenario(journal: Journal) -> None:
    p = player(journal)
    p.choose("tell-priya-off")
    before = p.view
    p.view = {"node": None, "ending": {"title": "<script>alert(1)</script>"}}
    assert p.view == before
    p.scenario = {"title": "<script>alert(1)</script>"}
    assert p.scenario["title"] == "Putting the chairs away"
    assert len(saved(journal)["route"]) == 1


def test_back_restores_state_and_order_and_a_reload_restores_the_play(journal: Journal) -> None:
    p = player(journal)
    p.choose("ask-what-is-going-on")
    order, text, state = shown(p), p.view["node"]["text"], p.state
    p.choose("offer-a-three-way-chat")
    assert p.state["trust"] == 2
    assert p.back()
    assert (shown(p), p.view["node"]["text"], p.state) == (order, text, state)
    again = player(journal)  # a reload, or another day
    assert again.position == "after-session" and again.state == state
    assert shown(again) == order, "the same play shows the same order after a reload"
    assert "Welcome back" in again.status and "where you left off" in again.status


def test_resume_back_and_restart(journal: Journal) -> None:
    p = player(journal)
    for c in ("tell-priya-off", "sigh-about-drama"):
        p.choose(c)
    again = player(journal)
    assert again.position == "next-week" and again.state["trust"] == -2
    assert again.back()
    assert again.position == "after-session" and again.state["trust"] == -1
    again.choose("no-talking-behind-backs")
    again.choose("choose-a-fair-way")
    assert again.ending_id == "a-rota-with-a-gap" and again.finished
    ending = again.view["ending"]
    assert ending["outcome"] == "partial" and ending["outcome_name"] == "Partly settled"
    assert ending["recalls"][0].startswith("When Priya snapped, you reminded her")
    assert len(ending["recalls"]) == 3
    third = player(journal)
    assert third.ending_id == "a-rota-with-a-gap"
    assert "at the ending you reached" in third.status
    seed = third.play.seed
    third.restart(seed=seed + 1)
    assert third.position == "the-moment" and third.steps == [] and third.state == third.content.start_state
    assert not third.back()
    record = saved(journal)
    assert record["route"] == [] and record["seed"] == seed + 1
    assert [m["choice"] for m in record["moves"]] == [
        "tell-priya-off",
        "sigh-about-drama",
        "no-talking-behind-backs",
        "choose-a-fair-way",
    ], "going back and starting again never erase what was chosen"
    assert third.finished, "an ending reached once still counts after starting again"


def test_a_saved_route_that_no_longer_fits_is_cut_back(journal: Journal) -> None:
    journal.set_answer(
        WB,
        "equipment-request",
        "route",
        [
            {"node": "the-moment", "choice": "do-it-for-her", "role": "rescuer"},
            {"node": "after-session", "choice": "a-choice-since-removed", "role": "coach"},
        ],
    )
    p = player(journal)
    assert p.position == "after-session"
    assert p.steps == [{"node": "the-moment", "choice": "do-it-for-her", "role": "rescuer"}]


@pytest.mark.parametrize("scenario_id", SAMPLE)
def test_the_player_plays_every_way_to_its_ending(scenario_id: str, journal: Journal) -> None:
    p = player(journal, scenario_id)
    for way in p.content.ways():
        p.restart()
        for node, step in way.steps:
            assert p.position == node.id
            assert step.id in shown(p)
            assert p.choose(step.id)
        assert p.ending_id == way.ending.id and p.state == way.state
        assert p.view["ending"]["recalls"] == way.recalls


def test_the_reflection_appears_once_an_ending_is_reached(journal: Journal) -> None:
    block = scenario_block(wb, load_scenario("recruiting-allies"), journal=journal)
    p, reflection = block.player, block.reflection
    assert reflection.layout.display == "none"
    assert reflection.key == "scenario-recruiting-allies"
    for c in ("ask-ray-what-happened", "share-the-time"):
        p.choose(c)
    assert reflection.layout.display == "none"
    p.choose("offer-to-help-him-say-it")
    assert p.ending_id == "said-to-the-person"
    assert reflection.layout.display is None
    reflection.value = "Stay out of the middle."
    p.restart()
    assert reflection.layout.display is None, "starting again doesn't hide what was written"
    again = scenario_block(wb, load_scenario("recruiting-allies"), journal=journal)
    assert again.reflection.layout.display is None
    assert again.reflection.value == "Stay out of the middle."


# -- a trainer adds a scenario by adding a file ----------------------------------------------


def test_a_new_scenario_file_shows_up_in_the_workbook(tmp_path: Path, journal: Journal) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for path in SCENARIO_FILES[:2]:
        shutil.copy(path, folder / path.name)
    before = scenario_players(wb, folder, journal=journal)
    write(tmp_path, "99-new-one.yaml", good_scenario("a-new-one"))
    write(tmp_path, "98-other-workbook.yaml", good_scenario("elsewhere", workbook="05-other"))
    after = scenario_players(wb, folder, journal=journal)
    ids = [child.player.content.id for child in after.children]
    assert len(after.children) == len(before.children) + 1
    assert ids[-1] == "a-new-one"
    assert "elsewhere" not in ids


def test_a_broken_file_is_left_out_and_the_others_still_play(tmp_path: Path, journal: Journal) -> None:
    write(tmp_path, "01-good.yaml", good_scenario("good-one"))
    broken = good_scenario("broken-one")
    broken["nodes"][0]["choices"][0]["next"] = "nowhere"
    write(tmp_path, "02-broken.yaml", broken)
    write(tmp_path, "03-same-id.yaml", good_scenario("good-one"))
    box = scenario_players(wb, tmp_path / "scenarios", journal=journal)
    assert box.children[0].player.content.id == "good-one"
    note = box.children[-1].value
    assert "02-broken.yaml was left out" in note and "check-content" in note
    assert "03-same-id.yaml was left out" in note and "already used by 01-good.yaml" in note
    assert len(box.children) == 2


# -- the pattern ------------------------------------------------------------------------------


def move(node: str, role: str) -> dict[str, str]:
    return {"node": node, "choice": f"{node}-{role}", "role": role, "at": "2026-01-01T00:00:00+00:00"}


def test_pattern_counts_first_choices_and_practice_separately() -> None:
    pattern = pattern_from_moves(
        {
            "one": [move("a", "rescuer"), move("b", "rescuer"), move("c", "coach"), move("b", "coach")],
            "two": [move("a", "rescuer"), move("b", "persecutor"), move("c", "rescuer"), move("a", "creator")],
            "three": "not a list",
            "four": [{"node": "x", "role": "hero"}, "junk", {"role": "coach"}, move("a", "coach")],
        }
    )
    assert pattern.first == Counter({"rescuer": 4, "coach": 2, "persecutor": 1})
    assert pattern.later == Counter({"coach": 1, "creator": 1})
    assert pattern.total == 7
    assert pattern.in_model("drama") == 5 and pattern.in_model("ted") == 2
    assert pattern.scenarios == {"one", "two", "four"}
    assert pattern.top() == ["rescuer"]
    assert summary_lines(pattern) == [
        "Across 3 scenarios, your first choice at each decision point was: Rescuer moves 4 times, "
        "Coach moves twice and Persecutor moves once.",
        "That is 5 of 7 from the drama triangle and 2 of 7 from the Empowerment Dynamic.",
        "When you went back or started again, you chose Creator moves once and Coach moves once.",
    ]
    assert reflection_lead(pattern) == (
        "Your first choices went most often to Rescuer moves (4 of 7). The flip of Rescuer is Coach."
    )


def test_a_tie_names_every_top_role_and_each_flip() -> None:
    pattern = pattern_from_moves({"s": [move("a", "victim"), move("b", "rescuer"), move("c", "coach")]})
    assert pattern.top() == ["victim", "rescuer", "coach"]
    assert reflection_lead(pattern) == (
        "Your first choices went most often to Victim, Rescuer and Coach moves (1 of 3 each). "
        "Their flips: Victim to Creator and Rescuer to Coach."
    )


def test_an_empty_pattern_says_so() -> None:
    assert "haven't made any choices" in summary_lines(Pattern())[0]
    assert reflection_lead(Pattern()) == ""
    assert counts_phrase(Counter()) == ""


def test_the_drawing_has_a_text_alternative_and_highlights_counts() -> None:
    plain = triangles_svg(uid="t")
    assert 'role="img"' in plain and 'aria-labelledby="t-title t-desc"' in plain
    assert "Stephen Karpman, 1968" in plain and "David Emerald" in plain
    counted = triangles_svg({"rescuer": 4, "coach": 2}, uid="t")
    assert "Rescuer moves 4 times and Coach moves twice" in counted
    assert counted.count('fill="#ffffff" stroke="#8c8c8c"') == 4, "the four roles not chosen are left pale"
    assert ">4</text>" in counted and ">2</text>" in counted


def test_pattern_summary_reads_the_journal_and_follows_play(journal: Journal) -> None:
    first = player(journal, "equipment-request")
    for c in ("do-it-for-her", "promise-to-sort-it", "triangles-for-everyone"):
        assert first.choose(c)
    block = pattern_summary(wb, journal=journal)
    summary, reflection = block.summary, block.reflection
    assert summary.pattern.first == Counter({"rescuer": 2, "coach": 1})
    assert "Rescuer moves twice and Coach moves once" in summary.value
    assert reflection.prompt.startswith("Your first choices went most often to Rescuer moves (2 of 3).")
    assert reflection.prompt.endswith(load("prompts", WB).get("my-pattern").text)

    # Playing on the same page updates it straight away.
    block_two = scenario_block(wb, load_scenario("recruiting-allies"), journal=journal)
    assert block_two.player.choose("keep-sharing-the-time") is False
    block_two.player.choose("ask-ray-what-happened")
    assert summary.pattern.first == Counter({"rescuer": 2, "coach": 2})
    assert "Across 2 scenarios" in summary.value

    # The page cannot replace the summary with its own markup.
    summary.value = "<img src=x onerror=alert(1)>"
    assert "Across 2 scenarios" in summary.value

    # On return, the same summary is there.
    again = pattern_summary(wb, journal=journal)
    assert again.summary.pattern.first == summary.pattern.first
    assert again.reflection.prompt == reflection.prompt


def test_a_journal_problem_is_one_sentence_not_a_traceback(journal: Journal, monkeypatch) -> None:
    from sbs_training.errors import JournalError

    p = player(journal)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise JournalError("The journal is read-only, so nothing was saved.")

    monkeypatch.setattr(journal, "set_answer", broken)
    p.choose("tell-priya-off")
    assert p.status == "The journal is read-only, so nothing was saved."


def test_two_tabs_never_lose_each_others_moves(journal: Journal) -> None:
    tab_a, tab_b = player(journal), player(journal)
    tab_a.choose("do-it-for-her")
    tab_b.choose("ask-what-is-going-on")
    tab_a.choose("promise-to-sort-it")
    assert [m["choice"] for m in saved(journal)["moves"]] == [
        "do-it-for-her",
        "ask-what-is-going-on",
        "promise-to-sort-it",
    ]
