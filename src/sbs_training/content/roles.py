"""The six roles: the drama triangle's three positions and their Empowerment Dynamic flips.

The one place role ids and names are defined; content models, the pattern
and the scenario player all read them from here. Roles are positions a
person can step into, never labels for people.

The drama triangle is Stephen Karpman's (1968). The Empowerment Dynamic
(TED*) and its role names are David Emerald's, from *The Power of TED** (2005).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["victim", "persecutor", "rescuer", "creator", "challenger", "coach"]
"""What a scenario choice's ``role:`` may say."""

DRAMA = "drama"
TED = "ted"
MODEL_NAMES = {
    DRAMA: "drama triangle",
    TED: "Empowerment Dynamic",
}


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    model: str
    flip: str
    colour: str
    """A dark colour shared by a role and its flip (white text on it passes WCAG AAA)."""

    @property
    def label(self) -> str:
        return f"{self.name} ({MODEL_NAMES[self.model]})"


ROLES: dict[str, RoleInfo] = {
    "victim": RoleInfo("victim", "Victim", DRAMA, "creator", "#5c3d8f"),
    "persecutor": RoleInfo("persecutor", "Persecutor", DRAMA, "challenger", "#8a1c1c"),
    "rescuer": RoleInfo("rescuer", "Rescuer", DRAMA, "coach", "#0b5563"),
    "creator": RoleInfo("creator", "Creator", TED, "victim", "#5c3d8f"),
    "challenger": RoleInfo("challenger", "Challenger", TED, "persecutor", "#8a1c1c"),
    "coach": RoleInfo("coach", "Coach", TED, "rescuer", "#0b5563"),
}

ROLE_IDS: tuple[str, ...] = tuple(ROLES)
assert get_args(Role) == ROLE_IDS, "Role and ROLES must list the same ids"
