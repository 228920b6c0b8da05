"""Issue 19: ideas from the seed texts that the course had not yet taught are now taught.

Each topic is looked for in the markdown of the workbook where it belongs, by its key
idea, and must name its source. ``verbatim-check`` (run separately) keeps the wording
our own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def markdown(workbook: str) -> str:
    cells = json.loads((REPO / "workbooks" / f"{workbook}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def section(text: str, heading: str) -> str:
    """The text from a heading to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading)
    rest = text[start + len(heading) :]
    ends = [rest.find("\n" + "#" * n + " ") for n in range(1, level + 1)]
    ends = [e for e in ends if e >= 0]
    return text[start : start + len(heading) + (min(ends) if ends else len(rest))]


TOPICS = {
    # topic: (workbook, heading, every phrase that must be there (lower case))
    "Hanan Kasmi: short-term programmes, funding for longer, sustaining a group": (
        "12-working-with-others",
        "## Keeping the group going",
        ["hanan kasmi", "short-term", "funders", "funding that lasts", "grassroots groups survive"],
    ),
    "a well-established host organisation: legitimacy and accountability": (
        "12-working-with-others",
        "## Keeping the group going",
        ["well established", "legitimacy", "accountability", "bad experiences with that organisation"],
    ),
    "running a networking event": (
        "12-working-with-others",
        "### Running a networking event",
        ["networking event", "invite both sectors", "consent", "follow up"],
    ),
    "MSA's Peer Support Essentials: what sustains recovery": (
        "01-peer-support-values",
        "### What keeps recovery going",
        ["peer support essentials", "work", "whānau", "purposeful", "community", "male survivors aotearoa"],
    ),
    "MSA: intense emotion or negativity can help a group and can drive members away": (
        "05-group-agreements-and-challenging-behaviour",
        "## When the agreement is tested",
        ["intense emotion or negativity", "it can help", "leave", "male survivors aotearoa"],
    ),
}


@pytest.mark.parametrize("topic", TOPICS)
def test_seed_topic_is_taught_where_it_belongs(topic: str) -> None:
    workbook, heading, phrases = TOPICS[topic]
    text = section(markdown(workbook), heading).lower()
    if "male survivors aotearoa" in phrases:
        text = text.replace("msa's guide", "male survivors aotearoa's guide")
    for phrase in phrases:
        assert phrase in text, f"{topic}: {phrase!r} not found under {heading!r} in {workbook}"
    assert "toolkit" in text or "guide" in text, "name the source"


def test_the_new_reflection_on_keeping_going_is_asked_in_workbook_12() -> None:
    cells = json.loads((REPO / "workbooks" / "12-working-with-others.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert 'wb.reflection("keeping-going", rows=5)' in code
