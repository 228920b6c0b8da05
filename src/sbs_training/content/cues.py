"""Can the better move be found from wording alone? Two measures for authors of scenarios and cards.

A facilitator in a real room never gets options labelled by tone, so a scenario that can be
solved by skimming for a question mark or a "thank you" trains cue-reading, not judgement.
Both measures play the content without ever looking at roles or feedback:

- **The skimmer** scores each option on surface cues a reader skimming for tone would use
  (a question, thanks, a tell-tale adverb, an offer of choice count for; "honestly",
  "love"/"mate", promises and helplessness count against) and picks the highest.
- **The learner** is a small naive Bayes model over words and punctuation. For each file it
  is trained on every *other* file's options (better or not), then picks, at each point, the
  option whose wording looks most like the better moves elsewhere. If authors leak a
  consistent tell, it finds it, whatever the tell is.

A hit is the chance the pick is a better option (ties share it). Chance is the share of
better options at each point; the goal is hit rates close to chance. For scenarios "better"
is a Creator, Challenger or Coach option; for cards it is the option marked ``favoured``
(cards with two sound options and no favourite are left out of the rate).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sbs_training.content.roles import ROLES, TED

# (name, pattern, weight): the cues a reader skimming for tone is drawn to or away from.
SKIMMER_CUES: tuple[tuple[str, str, int], ...] = (
    ("question mark", r"\?", 1),
    ("thanks", r"\b(thank|thanks|glad|appreciate)", 1),
    ("tell-tale adverb", r"\b(gently|calmly|kindly|warmly|softly|quietly|simply|respectfully|carefully|openly)\b", 1),
    ("offers a choice", r"\b(choice|choose|up to you|you decide|would you like|what would|how would|together)\b", 1),
    ("names feelings", r"\b(feel|feels|feeling|sounds like|i notice|i wonder|i hear)\b", 1),
    ("honestly", r"\bhonest(ly)?\b", -1),
    ("endearment", r"\b(love|mate|bro|hun|darling|pet|sweetheart|babe)\b", -1),
    ("promise", r"\b(i'll|i will|leave it with me|any ?time|day or night|whatever it takes|don't worry)\b", -1),
    ("helpless", r"\b(can't|cannot|don't know|not sure|no idea|nothing i)\b", -1),
    ("absolute", r"\b(must|have to|won't|never|always|not on)\b", -1),
    ("exclamation", r"!", -1),
)
_COMPILED = [(name, re.compile(pattern, re.I), weight) for name, pattern, weight in SKIMMER_CUES]
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[?!]")


@dataclass(frozen=True)
class Point:
    """One decision: the options offered, in the order offered, and which are the better ones."""

    file: str
    where: str
    texts: tuple[str, ...]
    better: tuple[bool, ...]

    @property
    def chance(self) -> float:
        return sum(self.better) / len(self.better)


def normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def cues_in(text: str) -> list[str]:
    """The names of the skimmer's cues this text carries."""
    low = normalise(text)
    return [name for name, pattern, _ in _COMPILED if pattern.search(low)]


def skimmer_score(text: str) -> int:
    low = normalise(text)
    return sum(weight for _, pattern, weight in _COMPILED if pattern.search(low))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def expected_hit(scores: Sequence[float], better: Sequence[bool]) -> float:
    """The chance a reader who picks the top score (ties at random) picks a better option."""
    top = max(scores)
    tied = [b for s, b in zip(scores, better, strict=True) if math.isclose(s, top)]
    return sum(tied) / len(tied)


@dataclass
class Learner:
    """Multinomial naive Bayes over tokens: better options against the rest."""

    better: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)

    def train(self, points: Iterable[Point]) -> Learner:
        for point in points:
            for text, good in zip(point.texts, point.better, strict=True):
                (self.better if good else self.other).update(tokens(text))
        return self

    def score(self, text: str) -> float:
        """Mean log-odds per token that the wording is a better move's (length is kept out of it)."""
        words = tokens(text)
        if not words:
            return 0.0
        vocab = len(set(self.better) | set(self.other)) + 1
        nb, no = sum(self.better.values()) + vocab, sum(self.other.values()) + vocab
        return sum(math.log((self.better[w] + 1) / nb) - math.log((self.other[w] + 1) / no) for w in words) / len(words)


@dataclass(frozen=True)
class Result:
    points: int
    chance: float
    skimmer: float
    learner: float

    def line(self, label: str) -> str:
        return (
            f"{label:30} {self.points:6} {self.chance:7.0%} {self.skimmer:8.0%} {self.learner:8.0%}"
            if self.points
            else f"{label:30} {0:6}"
        )


def rates(points: Sequence[Point], training: Sequence[Point]) -> Result:
    """Skimmer and learner hit rates on ``points``; for each point the learner trains on the other files only."""
    if not points:
        return Result(0, 0.0, 0.0, 0.0)
    learners = {f: Learner().train(p for p in training if p.file != f) for f in {p.file for p in points}}
    skim = [expected_hit([skimmer_score(t) for t in p.texts], p.better) for p in points]
    learn = [expected_hit([learners[p.file].score(t) for t in p.texts], p.better) for p in points]
    n = len(points)
    return Result(n, sum(p.chance for p in points) / n, sum(skim) / n, sum(learn) / n)


# -- the content as points ---------------------------------------------------------------------


def is_better_role(role: str) -> bool:
    return ROLES[role].model == TED


def scenario_points(scenario: Any) -> list[Point]:
    """Every distinct set of options the scenario can offer (node and state), roles hidden."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    points = []
    for item in scenario._walk():
        if not isinstance(item, tuple):
            continue
        node, state, _ = item
        offered = node.offered(state)
        key = (node.id, tuple(c.id for c in offered))
        if key in seen:
            continue
        seen.add(key)
        points.append(
            Point(
                scenario.id,
                node.id,
                tuple(c.text for c in offered),
                tuple(is_better_role(c.role) for c in offered),
            )
        )
    return points


def skimmer_path(scenario: Any) -> tuple[list[Point], str]:
    """The skimmer plays once from the start (ties go to the first in file order); its points and ending outcome."""
    nodes = {n.id: n for n in scenario.nodes}
    endings = {e.id: e for e in scenario.endings}
    node, state, path = scenario.nodes[0], scenario.start_state, []
    while True:
        offered = node.offered(state)
        path.append(
            Point(scenario.id, node.id, tuple(c.text for c in offered), tuple(is_better_role(c.role) for c in offered))
        )
        pick = max(offered, key=lambda c: skimmer_score(c.text))
        state = pick.apply(state)
        to = pick.target(state)
        if to in endings:
            return path, endings[to].outcome
        node = nodes[to]


def card_points(card_set: Any) -> list[Point]:
    """One point per card that marks a favoured option (trade-off cards have none and are left out)."""
    return [
        Point(card_set.id, card.id, tuple(o.text for o in card.options), tuple(o.favoured for o in card.options))
        for card in card_set.cards
        if any(o.favoured for o in card.options)
    ]


def cue_table(points: Sequence[Point]) -> list[tuple[str, float, float]]:
    """Per cue: the share of better options and of the others that carry it."""
    options = {(p.file, t, b) for p in points for t, b in zip(p.texts, p.better, strict=True)}
    good = [t for _, t, b in options if b]
    rest = [t for _, t, b in options if not b]
    rows = []
    for name, _, _ in SKIMMER_CUES:
        share_good = sum(name in cues_in(t) for t in good) / max(len(good), 1)
        share_rest = sum(name in cues_in(t) for t in rest) / max(len(rest), 1)
        rows.append((name, share_good, share_rest))
    return rows
