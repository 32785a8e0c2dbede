"""The GSN grammar: which element type may sit under which, by SupportedBy or InContextOf.

GSN Community Standard v3, rule 1 of gsn-rules.md: SupportedBy goal→goal, goal→strategy,
goal→solution, strategy→goal (an away goal stands in for a goal of another module);
InContextOf goal or strategy → context, assumption, justification. Solutions and the
contextual types are leaves. Counter-arguments (gsn2x) stand apart: a counter goal is
supported by counter goals and counter solutions only, and no argument element by a counter
element nor the reverse; gsn2x gives counter elements no context (its V04), nor does the
workbench. The checks (GSN-BAD-LINK, GSN-NON-LEAF) and the window (the
"Add" menu, drag and drop in the outline) both ask here.
"""

from __future__ import annotations

from workbench.domain.case import ARGUING, CONTEXTUAL, COUNTER, ElementType

#: Element types a SupportedBy link may lead to, by the type it leads from.
SUPPORTED_BY: dict[ElementType, frozenset[ElementType]] = {
    ElementType.goal: frozenset(
        {ElementType.goal, ElementType.strategy, ElementType.solution, ElementType.away_goal}
    ),
    ElementType.strategy: frozenset({ElementType.goal, ElementType.away_goal}),
    ElementType.counter_goal: COUNTER,
}
#: Element types that may carry InContextOf links (an away goal keeps its own context).
CONTEXT_SOURCES = frozenset({ElementType.goal, ElementType.strategy, ElementType.away_goal})
#: Element types that may have nothing under them by SupportedBy or InContextOf.
LEAVES = frozenset({ElementType.solution, ElementType.counter_solution, *CONTEXTUAL})

__all__ = [
    "ARGUING",
    "CONTEXTUAL",
    "CONTEXT_SOURCES",
    "COUNTER",
    "LEAVES",
    "SUPPORTED_BY",
    "child_types",
    "may_give_context",
    "may_sit_under",
    "may_support",
]


def may_support(parent: ElementType, child: ElementType) -> bool:
    """Whether ``parent`` SupportedBy ``child`` is a permitted link."""
    return child in SUPPORTED_BY.get(parent, frozenset())


def may_give_context(parent: ElementType, child: ElementType) -> bool:
    """Whether ``parent`` InContextOf ``child`` is a permitted link."""
    return parent in CONTEXT_SOURCES and child in CONTEXTUAL


def may_sit_under(parent: ElementType, child: ElementType) -> bool:
    """Whether ``child`` may sit under ``parent`` by the one link its type calls for."""
    return may_give_context(parent, child) if child in CONTEXTUAL else may_support(parent, child)


def child_types(parent: ElementType) -> tuple[ElementType, ...]:
    """The types that may sit under ``parent``, in the order of ``ElementType``."""
    return tuple(kind for kind in ElementType if may_sit_under(parent, kind))
