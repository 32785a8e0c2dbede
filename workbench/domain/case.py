"""GSN safety case: goals, strategies, solutions and context elements with their links."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Metadata, Model, Text, is_empty, require_unique


class ElementType(StrEnum):
    goal = "goal"
    strategy = "strategy"
    solution = "solution"
    context = "context"
    assumption = "assumption"
    justification = "justification"
    away_goal = "away_goal"
    #: A counter-argument (gsn2x CounterGoal / CounterSolution): it challenges an element of
    #: the argument, a link of it, or another counter element, and never argues for the case.
    counter_goal = "counter_goal"
    counter_solution = "counter_solution"


#: Element types that may only appear at the far end of an InContextOf link.
CONTEXTUAL = frozenset({ElementType.context, ElementType.assumption, ElementType.justification})
#: Element types that argue (carry SupportedBy links and may be undeveloped).
ARGUING = frozenset({ElementType.goal, ElementType.strategy})
#: Counter-argument element types: apart from the argument, each tree linked to a challenge.
COUNTER = frozenset({ElementType.counter_goal, ElementType.counter_solution})

#: The GSN shape each type is drawn with: a counter goal a goal's rectangle, a counter
#: solution a solution's circle (with a border of their own, ``diagram.palette``).
SHAPE: dict[ElementType, ElementType] = {
    **{kind: kind for kind in ElementType},
    ElementType.counter_goal: ElementType.goal,
    ElementType.counter_solution: ElementType.solution,
}

#: Short prefixes conventionally used in GSN ids, for new-element defaults.
ID_PREFIX = {
    ElementType.goal: "G",
    ElementType.strategy: "S",
    ElementType.solution: "Sn",
    ElementType.context: "C",
    ElementType.assumption: "A",
    ElementType.justification: "J",
    ElementType.away_goal: "AG",
    ElementType.counter_goal: "CG",
    ElementType.counter_solution: "CSn",
}


class NotApplicable(Model):
    """A requirement the claim declares not applicable, with the reason why."""

    requirement: Ident
    justification: Text


class Module(Model):
    id: Ident
    title: str = ""
    description: Text = ""
    #: What an imported file said about the module that the workbench does not interpret
    #: (gsn2x: uses, extends, stylesheets, layout keys …), written back on export.
    metadata: Metadata = Field(default_factory=dict, exclude_if=is_empty)


class Element(Model):
    id: Ident
    type: ElementType
    text: Text
    module: Ident = "main"
    supported_by: list[Ident] = Field(default_factory=list)
    in_context_of: list[Ident] = Field(default_factory=list)
    undeveloped: bool = False
    addresses: list[Ident] = Field(
        default_factory=list, description="catalogue requirement ids this goal claims"
    )
    not_applicable: list[NotApplicable] = Field(default_factory=list)
    evidence: list[Ident] = Field(default_factory=list, description="evidence ids a solution cites")
    away_module: Ident | None = Field(default=None, description="module an away goal refers to")
    away_element: Ident | None = Field(default=None, description="goal an away goal refers to")
    metadata: Metadata = Field(default_factory=dict)
    # Counter elements only; left out of the JSON form while unset, so that documents
    # without counter elements keep their bytes and their state hash.
    challenges: Ident | None = Field(
        default=None,
        exclude_if=is_empty,
        description="the element a counter element challenges (with challenges_link: a link)",
    )
    challenges_link: Ident | None = Field(
        default=None,
        exclude_if=is_empty,
        description="the far end of the challenged link (challenges -> challenges_link)",
    )
    defeated: bool = Field(default=False, exclude_if=is_empty)
    defeated_relation: list[Ident] = Field(
        default_factory=list,
        exclude_if=is_empty,
        description="links of this counter element to elements it no longer holds against",
    )

    @model_validator(mode="after")
    def _own_links(self) -> Element:
        # Runs once per element on every load: test the common case (no repeats) cheaply.
        for name, links in (
            ("supported_by", self.supported_by),
            ("in_context_of", self.in_context_of),
            ("addresses", self.addresses),
            ("evidence", self.evidence),
        ):
            if len(links) > 1 and len(set(links)) != len(links):
                require_unique(f"{name} link of {self.id}:", links)
        if self.id in self.supported_by or self.id in self.in_context_of:
            raise ValueError(f"element {self.id!r} links to itself")
        if self.type == ElementType.away_goal and not self.away_module:
            raise ValueError(f"away goal {self.id!r} must name the module it refers to")
        if self.type != ElementType.away_goal and (self.away_module or self.away_element):
            raise ValueError(f"only away goals refer to other modules ({self.id!r})")
        if self.type not in COUNTER and (
            self.challenges or self.challenges_link or self.defeated or self.defeated_relation
        ):
            raise ValueError(
                f"only counter elements challenge or are defeated ({self.id!r} is a "
                f"{self.type.value})"
            )
        if self.challenges_link and not self.challenges:
            raise ValueError(f"counter element {self.id!r} names a link end but no element")
        if self.challenges == self.id:
            raise ValueError(f"counter element {self.id!r} challenges itself")
        return self

    @property
    def is_counter(self) -> bool:
        return self.type in COUNTER

    @property
    def links(self) -> list[str]:
        return [*self.supported_by, *self.in_context_of]


class SafetyCase(Model):
    modules: list[Module] = Field(default_factory=lambda: [Module(id="main", title="Main")])
    elements: list[Element] = Field(default_factory=list)

    @model_validator(mode="after")
    def _links_resolve(self) -> SafetyCase:
        require_unique("module", (m.id for m in self.modules))
        require_unique("element", (e.id for e in self.elements))
        ids = {e.id for e in self.elements}
        modules = {m.id for m in self.modules}
        for e in self.elements:
            if e.module not in modules:
                raise ValueError(f"element {e.id!r} is in unknown module {e.module!r}")
            for target in e.links:
                if target not in ids:
                    raise ValueError(f"element {e.id!r} links to unknown element {target!r}")
        return self

    @cached_property
    def by_id(self) -> dict[str, Element]:
        return {e.id: e for e in self.elements}

    @cached_property
    def parents(self) -> dict[str, list[str]]:
        """Element id -> ids of the elements that link to it (SupportedBy or InContextOf)."""
        result: dict[str, list[str]] = {e.id: [] for e in self.elements}
        for e in self.elements:
            for target in e.links:
                result[target].append(e.id)
        return result

    def roots(self) -> list[Element]:
        """Elements nothing links to, in document order."""
        parents = self.parents
        return [e for e in self.elements if not parents[e.id]]
