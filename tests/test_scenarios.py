"""Branching scenarios without a browser: content, graph checks, the player, the pattern.

Broken files are written to a temporary exercises folder and must be refused
with the right file and line, the way ``sbs-training check-content`` reports
them. The player is driven through the same methods the page's buttons call.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import run_cli

from sbs_training.content import check_all, load
from sbs_training.content.scenarios import Scenario, load_scenario, load_scenarios, scenario_files
from sbs_training.journal import Journal
from sbs_training.resources import exercises_dir
from sbs_training.scenarios import (
    ROLES,
    Pattern,
    counts_phrase,
    pattern_from_moves,
    reflection_lead,
    summary_lines,
    triangles_svg,
)
from sbs_training.widgets.pattern import pattern_summary
from sbs_training.widgets.scenario import ScenarioPlayer, scenario_block, scenario_players

WB = "03-drama-triangle-and-empowerment-dynamic"
SEED_SITUATIONS = {
    "equipment-request",
    "recruiting-allies",
    "always-rescuing",
    "cannot-say-no",
    "challenging-comment",
    "exhausted-facilitator",
}


# -- the shipped content ------------------------------------------------------------------


def shipped() -> list[Scenario]:
    scenarios, refused = load_scenarios(WB)
    assert refused == []
    return scenarios


def test_all_shipped_content_of_this_workbook_is_valid() -> None:
    mine = ("/scenarios/", "role-spotting.yaml", f"{WB}.yaml")
    assert [p for p in check_all(exercises_dir()) if any(m in str(p.file) for m in mine)] == []


def test_six_scenarios_from_the_seed_situations() -> None:
    ids = {s.id for s in shipped()}
    assert ids >= SEED_SITUATIONS
    assert len(ids) >= 6


@pytest.mark.parametrize("scenario_id", sorted(SEED_SITUATIONS))
def test_every_path_reaches_an_ending_through_three_decisions(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    assert len(scenario.nodes) >= 3 and len(scenario.endings) >= 2
    endings_reached = set()
    paths = list(scenario.paths())
    assert paths
    for path in paths:
        last_choice = path[-1][1]
        assert scenario.ending(last_choice.next) is not None
        endings_reached.add(last_choice.next)
        assert len(path) >= 3, f"a path with only {len(path)} decisions: {[c.id for _, c in path]}"
    assert endings_reached == {e.id for e in scenario.endings}, "every ending can be reached"
    for node in scenario.nodes:
        for choice in node.choices:
            assert choice.role in ROLES
            assert choice.feedback.happens and choice.feedback.coaching
    # Each scenario offers both ways of responding.
    models = {ROLES[c.role].model for n in scenario.nodes for c in n.choices}
    assert models == {"drama", "ted"}


def test_every_role_appears_in_the_scenarios() -> None:
    roles = Counter(c.role for s in shipped() for n in s.nodes for c in n.choices)
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


# -- broken files are refused with file and line -----------------------------------------


def choice(cid: str, role: str, next_id: str) -> dict[str, Any]:
    return {
        "id": cid,
        "text": f"Choice {cid}",
        "role": role,
        "feedback": {"happens": f"What happens after {cid}.", "coaching": f"Coaching for {cid}, then."},
        "next": next_id,
    }


def good_scenario(scenario_id: str = "test-scenario", workbook: str = WB) -> dict[str, Any]:
    return {
        "id": scenario_id,
        "workbook": workbook,
        "title": "A test scenario",
        "setting": "A peer support group on a Tuesday evening.",
        "nodes": [
            {
                "id": "n1",
                "text": "The first decision point.",
                "choices": [choice("n1-a", "rescuer", "n2"), choice("n1-b", "coach", "n2")],
            },
            {
                "id": "n2",
                "text": "The second decision point.",
                "choices": [choice("n2-a", "victim", "n3"), choice("n2-b", "creator", "n3")],
            },
            {
                "id": "n3",
                "text": "The third decision point.",
                "choices": [choice("n3-a", "persecutor", "hard"), choice("n3-b", "challenger", "good")],
            },
        ],
        "endings": [
            {"id": "good", "title": "Good", "text": "A good ending to the story."},
            {"id": "hard", "title": "Hard", "text": "A hard ending to the story."},
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
    data["endings"].append({"id": "unseen", "title": "Unseen", "text": "No choice leads here at all."})
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- id: lonely")) in [(f, n) for f, n, _ in problems]
    assert ("broken.yaml", line_of(lines, "- id: unseen")) in [(f, n) for f, n, _ in problems]
    assert any("'lonely' can't be reached" in m for _, _, m in problems)
    assert any("ending 'unseen' can't be reached" in m for _, _, m in problems)


def test_a_node_with_no_way_to_an_ending(tmp_path: Path) -> None:
    data = good_scenario()
    # n2 and n3 send each other round and round: from there, nothing reaches an ending.
    data["nodes"][0]["choices"] = [
        choice("n1-a", "rescuer", "n2"),
        choice("n1-b", "coach", "good"),
        choice("n1-c", "victim", "hard"),
    ]
    data["nodes"][1]["choices"] = [choice("n2-a", "victim", "n3"), choice("n2-b", "creator", "n3")]
    data["nodes"][2]["choices"] = [choice("n3-a", "persecutor", "n2"), choice("n3-b", "challenger", "n2")]
    _, lines = write(tmp_path, "broken.yaml", data)
    problems = problems_for(tmp_path)
    assert ("broken.yaml", line_of(lines, "- id: n2"), "nodes.1: the node 'n2' has no way to any ending") in problems
    assert ("broken.yaml", line_of(lines, "- id: n3"), "nodes.2: the node 'n3' has no way to any ending") in problems
    loop = [(f, n) for f, n, m in problems if "loop" in m]
    assert loop == [("broken.yaml", line_of(lines, "next: n2", occurrence=n)) for n in (2, 3)]


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


def test_a_choice_is_recorded_with_its_role(journal: Journal) -> None:
    p = player(journal)
    assert p.position == "the-moment"
    assert p.choose("ask-what-is-going-on")
    assert p.position == "after-session"
    record = saved(journal)
    assert record["route"] == [{"node": "the-moment", "choice": "ask-what-is-going-on", "role": "coach"}]
    assert [(m["node"], m["choice"], m["role"]) for m in record["moves"]] == [
        ("the-moment", "ask-what-is-going-on", "coach")
    ]
    assert p.route == record["route"]
    assert p.status.startswith("Saved ")


def test_a_choice_from_another_point_is_refused(journal: Journal) -> None:
    p = player(journal)
    assert not p.choose("promise-to-sort-it")  # belongs to the second decision point
    assert not p.choose(None)  # type: ignore[arg-type]
    assert "isn't available" in p.status
    assert saved(journal) == {}
    assert p.position == "the-moment"


def test_requests_from_the_page_are_checked(journal: Journal) -> None:
    p = player(journal)
    p._on_message(p, {"action": "choose", "at": "the-moment", "choice": "do-it-for-her"})
    assert p.position == "after-session"
    # Stale (a second press on an old page), forged, and malformed requests change nothing.
    p._on_message(p, {"action": "choose", "at": "the-moment", "choice": "tell-priya-off"})
    assert "moved on" in p.status
    p._on_message(p, {"action": "choose", "at": "after-session", "choice": "unsorted-ending"})
    p._on_message(p, {"action": "choose", "at": "after-session", "choice": {"id": 1}})
    p._on_message(p, {"action": "delete-everything"})
    p._on_message(p, ["not", "a", "dict"])
    p._on_message(p, {"action": "back", "at": "somewhere-else"})
    assert p.position == "after-session"
    assert len(saved(journal)["moves"]) == 1


def test_the_page_cannot_set_the_route_or_the_scenario(journal: Journal) -> None:
    p = player(journal)
    p.choose("tell-priya-off")
    p.route = [{"node": "next-week", "choice": "choose-a-fair-way", "role": "creator"}]
    assert p.route == [{"node": "the-moment", "choice": "tell-priya-off", "role": "persecutor"}]
    p.scenario = {"title": "<script>alert(1)</script>"}
    assert p.scenario["title"] == "Putting the chairs away"
    assert len(saved(journal)["route"]) == 1


def test_resume_back_and_restart(journal: Journal) -> None:
    p = player(journal)
    for c in ("tell-priya-off", "sigh-about-drama"):
        p.choose(c)
    again = player(journal)  # a reload, or another day
    assert again.position == "next-week"
    assert "Welcome back" in again.status and "where you left off" in again.status
    assert again.back()
    assert again.position == "after-session"
    again.choose("ask-dawn-what-she-wants")
    again.choose("choose-a-fair-way")
    assert again.ending_id == "a-shared-rota" and again.finished
    third = player(journal)
    assert third.ending_id == "a-shared-rota"
    assert "at the ending you reached" in third.status
    third.restart()
    assert third.position == "the-moment" and third.steps == []
    assert not third.back()
    record = saved(journal)
    assert record["route"] == []
    assert [m["choice"] for m in record["moves"]] == [
        "tell-priya-off",
        "sigh-about-drama",
        "ask-dawn-what-she-wants",
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


@pytest.mark.parametrize("scenario_id", sorted(SEED_SITUATIONS))
def test_the_player_plays_every_path_to_its_ending(scenario_id: str, journal: Journal) -> None:
    p = player(journal, scenario_id)
    scenario = p.content
    for path in scenario.paths():
        p.restart()
        for node, step in path:
            assert p.position == node.id
            assert p.choose(step.id)
        assert p.ending_id == path[-1][1].next
        assert len(p.steps) == len(path)


def test_the_reflection_appears_once_an_ending_is_reached(journal: Journal) -> None:
    block = scenario_block(WB, load_scenario("recruiting-allies"), journal=journal)
    p, reflection = block.player, block.reflection
    assert reflection.layout.display == "none"
    assert reflection.key == "scenario-recruiting-allies"
    for c in ("ask-ray-what-happened", "share-the-time"):
        p.choose(c)
    assert reflection.layout.display == "none"
    p.choose("offer-to-help-him-say-it")
    assert reflection.layout.display is None
    reflection.value = "Stay out of the middle."
    p.restart()
    assert reflection.layout.display is None, "starting again doesn't hide what was written"
    again = scenario_block(WB, load_scenario("recruiting-allies"), journal=journal)
    assert again.reflection.layout.display is None
    assert again.reflection.value == "Stay out of the middle."


# -- a trainer adds a scenario by adding a file ----------------------------------------------


def test_a_new_scenario_file_shows_up_in_the_workbook(tmp_path: Path, journal: Journal) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for path in scenario_files():
        shutil.copy(path, folder / path.name)
    before = scenario_players(WB, folder, journal=journal)
    write(tmp_path, "99-new-one.yaml", good_scenario("a-new-one"))
    write(tmp_path, "98-other-workbook.yaml", good_scenario("elsewhere", workbook="05-other"))
    after = scenario_players(WB, folder, journal=journal)
    ids = [child.player.content.id for child in after.children]
    assert len(after.children) == len(before.children) + 1
    assert ids[-1] == "a-new-one"
    assert "elsewhere" not in ids


def test_a_broken_file_is_left_out_and_the_others_still_play(tmp_path: Path, journal: Journal) -> None:
    write(tmp_path, "01-good.yaml", good_scenario("good-one"))
    broken = good_scenario("broken-one")
    broken["nodes"][0]["choices"][0]["next"] = "nowhere"
    write(tmp_path, "02-broken.yaml", broken)
    box = scenario_players(WB, tmp_path / "scenarios", journal=journal)
    assert box.children[0].player.content.id == "good-one"
    note = box.children[-1].value
    assert "02-broken.yaml was left out" in note and "check-content" in note


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
        first.choose(c)
    block = pattern_summary(WB, journal=journal)
    summary, reflection = block.summary, block.reflection
    assert summary.pattern.first == Counter({"rescuer": 2, "coach": 1})
    assert "Rescuer moves twice and Coach moves once" in summary.value
    assert reflection.prompt.startswith("Your first choices went most often to Rescuer moves (2 of 3).")
    assert reflection.prompt.endswith(load("prompts", WB).get("my-pattern").text)

    # Playing on the same page updates it straight away.
    block_two = scenario_block(WB, load_scenario("cannot-say-no"), journal=journal)
    block_two.player.choose("reply-with-a-boundary")
    assert summary.pattern.first == Counter({"rescuer": 2, "coach": 1, "creator": 1})
    assert "Across 2 scenarios" in summary.value

    # The page cannot replace the summary with its own markup.
    summary.value = "<img src=x onerror=alert(1)>"
    assert "Across 2 scenarios" in summary.value

    # On return, the same summary is there.
    again = pattern_summary(WB, journal=journal)
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
