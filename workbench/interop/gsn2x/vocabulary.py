"""gsn2x vocabulary: node types and id prefixes, the keys it reads, the import result."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from workbench.domain import (
    Challenge,
    ElementType,
    ReviewSession,
    SafetyCase,
)

#: Who imported challenges are raised by when the file does not say.
IMPORTED_BY = "gsn2x import"
SESSION_TITLE = "Imported from gsn2x"

COUNTER_GOAL = "CounterGoal"
COUNTER_SOLUTION = "CounterSolution"
COUNTER_KINDS = frozenset({COUNTER_GOAL, COUNTER_SOLUTION})
#: The workbench element type of each gsn2x counter kind, and back.
COUNTER_TYPES = {
    COUNTER_GOAL: ElementType.counter_goal,
    COUNTER_SOLUTION: ElementType.counter_solution,
}
KIND_OF_COUNTER_TYPE = {kind: name for name, kind in COUNTER_TYPES.items()}

# Order matters: the longer prefix of a pair (CG before G, Sn before S) must win.
PREFIX_KINDS: tuple[tuple[str, str], ...] = (
    ("CG", COUNTER_GOAL),
    ("CSn", COUNTER_SOLUTION),
    ("G", ElementType.goal.value),
    ("Sn", ElementType.solution.value),
    ("S", ElementType.strategy.value),
    ("C", ElementType.context.value),
    ("A", ElementType.assumption.value),
    ("J", ElementType.justification.value),
)
NODE_TYPES = {
    "Goal": ElementType.goal.value,
    "Strategy": ElementType.strategy.value,
    "Solution": ElementType.solution.value,
    "Context": ElementType.context.value,
    "Assumption": ElementType.assumption.value,
    "Justification": ElementType.justification.value,
    COUNTER_GOAL: COUNTER_GOAL,
    COUNTER_SOLUTION: COUNTER_SOLUTION,
}
NODE_TYPE_OF_KIND = {kind: name for name, kind in NODE_TYPES.items()}

#: Layout-only keys of gsn2x: they steer the diagram and mean nothing to the argument.
LAYOUT_KEYS = frozenset({"level", "horizontalIndex", "rankIncrement", "charWidth", "charWrap"})
#: Keys this module interprets (gsn2x's own and the workbench extensions).
NODE_KEYS = frozenset(
    {
        "text",
        "nodeType",
        "supportedBy",
        "inContextOf",
        "undeveloped",
        "challenges",
        "defeated",
        "defeatedRelation",
        # workbench extensions
        "addresses",
        "notApplicable",
        "evidence",
        "awayModule",
        "awayElement",
        "moduleId",
        "severity",
        "raisedBy",
        "raisedAt",
        "status",
        "challengeKind",
        "challengesEvidence",
        "role",
    }
)
MODULE_KEY = "module"
#: Module keys this module interprets; every other key is kept on the module as written.
MODULE_INTERPRETED = frozenset({"name", "brief", "title", "modules"})
LINK_PREFIX = re.compile(r"^\[link (\S+) -> (\S+)\] ")


#: Challenge metadata: the counter elements a challenge was read from, as written, and what
#: the challenge was then (so an export knows whether it may write them back unchanged).
COUNTER_NODES_KEY = "gsn2x-counter-elements"
AS_IMPORTED_KEY = "gsn2x-as-imported"


def challenge_fingerprint(challenge: Challenge) -> str:
    """What an export compares to tell whether a challenge is still as it was imported."""
    body = challenge.model_dump(mode="json", exclude={"session", "metadata"})
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Gsn2xImport:
    """What a gsn2x document becomes: the argument plus its counter-arguments as challenges."""

    case: SafetyCase
    sessions: list[ReviewSession] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
