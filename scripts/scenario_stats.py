"""Per scenario: decision points, endings, distinct ways through, and option lengths by side.

Run from the project root: ``.venv/bin/python scripts/scenario_stats.py``.
"Drama" is Victim/Persecutor/Rescuer; "TED" is Creator/Challenger/Coach. The
last column is the widest spread of option lengths at any one decision point
(longest / shortest, in words): the writing rules ask for about 1.2 or less.
"""

from __future__ import annotations

from statistics import mean

from sbs_training.content import load_checked
from sbs_training.roles import DRAMA, ROLES


def words(text: str) -> int:
    return len(text.split())


def main() -> None:
    loaded = load_checked("scenarios")
    print(f"{'scenario':28} points endings ways drama-words ted-words worst-spread")
    for scenario in loaded.models():
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
    for problem in loaded.problems:
        print(f"(left out) {problem}")


if __name__ == "__main__":
    main()
