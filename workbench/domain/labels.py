"""Names for people of the domain's enum values, the same in the CLI, the window and the packet.

``label(ChallengeStatus.risk_accepted)`` is "risk accepted"; ``title(ElementType.away_goal)``
is "Away goal". The enum value itself stays the token a file or a command line carries.
"""

from __future__ import annotations

from enum import StrEnum

from workbench.domain.case import ElementType

#: Values whose words are not simply the value with spaces for underscores.
_SPECIAL: dict[str, str] = {
    "not_applicable": "not applicable",
    "cannot_rule_out": "cannot rule out",
    "not_required": "not required at this ASL",
}


def label(value: StrEnum) -> str:
    """The value in lower-case words: ``risk_accepted`` -> ``risk accepted``."""
    return _SPECIAL.get(value.value, value.value.replace("_", " "))


def title(value: StrEnum) -> str:
    """The label with a capital first letter, for headings, menus and table cells."""
    words = label(value)
    return words[:1].upper() + words[1:]


#: Each element type's name as a menu or a legend shows it ("Goal", "Away goal").
TYPE_NAMES: dict[ElementType, str] = {kind: title(kind) for kind in ElementType}
