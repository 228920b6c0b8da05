"""For authors: the shape of every scenario, and whether wording alone gives the better move away.

Run from the project root: ``.venv/bin/python scripts/scenario_stats.py``.

The first table is the shape: decision points, endings, distinct ways through, average option
length by side ("drama" is Victim/Persecutor/Rescuer, "TED" is Creator/Challenger/Coach), and the
widest spread of option lengths at any one point (longest / shortest, in words; the writing
rules ask for 1.25 or less).

The rest is the wording-cue measure (``sbs_training.content.cues``): a skimmer that picks by
tone, and a learner trained on the other files' wording, each picking without seeing roles or
feedback. Their hit rates should sit close to chance. The cue table shows which surface cues
lean to one side. For cards, "better" is the option marked ``favoured``.
"""

from __future__ import annotations

from statistics import mean

from sbs_training.content import load_checked
from sbs_training.content.cues import card_points, cue_table, rates, scenario_points, skimmer_path
from sbs_training.content.roles import DRAMA, ROLES


def words(text: str) -> int:
    return len(text.split())


def shape(scenarios: list) -> None:
    print(f"{'scenario':28} points endings ways drama-words ted-words worst-spread")
    for scenario in scenarios:
        drama = [words(c.text) for n in scenario.nodes for c in n.choices if ROLES[c.role].model == DRAMA]
        ted = [words(c.text) for n in scenario.nodes for c in n.choices if ROLES[c.role].model != DRAMA]
        spread = max(
            max(words(c.text) for c in n.choices) / min(words(c.text) for c in n.choices) for n in scenario.nodes
        )
        ways = sum(1 for _ in scenario.ways())
        print(
            f"{scenario.id:28} {len(scenario.nodes):6} {len(scenario.endings):7} {ways:4} "
            f"{mean(drama):11.1f} {mean(ted):9.1f} {spread:12.2f}"
        )


def cues(scenarios: list, card_sets: list) -> None:
    every_scenario = [p for s in scenarios for p in scenario_points(s)]
    every_card = [p for c in card_sets for p in card_points(c)]
    print("\nWording cues: hit = how often a reader who cannot see roles picks the better option")
    print(f"{'file':30} points  chance  skimmer  learner")
    for scenario in scenarios:
        print(rates(scenario_points(scenario), every_scenario).line(scenario.id))
    print(rates(every_scenario, every_scenario).line("ALL SCENARIOS (every point)"))
    paths = [skimmer_path(s) for s in scenarios]
    on_path = [p for path, _ in paths for p in path]
    settled = sum(outcome == "settled" for _, outcome in paths)
    print(rates(on_path, every_scenario).line("ALL SCENARIOS (skimmer's path)"))
    print(f"the skimmer's path ends settled in {settled} of {len(scenarios)} scenarios")
    for card_set in card_sets:
        print(rates(card_points(card_set), every_scenario + every_card).line(f"cards/{card_set.id}"))
    print(rates(every_card, every_scenario + every_card).line("ALL CARDS (with a favoured option)"))
    trade_offs = sum(1 for c in card_sets for card in c.cards if not any(o.favoured for o in card.options))
    print(f"cards with no favoured option (a trade-off): {trade_offs}")
    for label, points in (("scenarios", every_scenario), ("cards", every_card)):
        print(f"\nCue table, {label}: share of better options / of the others carrying each cue")
        for name, good, rest in cue_table(points):
            flag = "  <- leans" if abs(good - rest) >= 0.1 else ""
            print(f"  {name:18} {good:5.0%} / {rest:5.0%}{flag}")


def main() -> None:
    scenarios = load_checked("scenarios")
    card_sets = load_checked("cards")
    shape(scenarios.models())
    cues(scenarios.models(), card_sets.models())
    for problem in [*scenarios.problems, *card_sets.problems]:
        print(f"(left out) {problem}")


if __name__ == "__main__":
    main()
