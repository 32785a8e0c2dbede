"""Argument patterns (GSN Community Standard pattern notation): typed parameters, multiplicity
over catalogue items, optional branches and choices, and the record an instance keeps.

A pattern is data (``resources/patterns/*.json``, ``docs/pattern-format.md``): a tree of
nodes whose text holds placeholders (``{threshold}``, ``{requirement.title}``). A node
repeated ``many`` times is instantiated once per requirement of a standard, per standard a
threshold requires, or per threshold of the framework; an ``optional`` node appears only when
its parameter is given; the children of a ``choice`` node are alternatives, picked by a
parameter. Whether a definition is well formed is the check engine's business
(``workbench.checks.patterns``); instantiating one is ``workbench.domain.pattern_instances``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from workbench.domain.base import Ident, Model, Text
from workbench.domain.case import ElementType

FORMAT: Literal["safety-case-workbench-pattern/1"] = "safety-case-workbench-pattern/1"

#: A parameter or variable name: lower case, digits and underscores (``threshold``, ``budget``).
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
Name = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=NAME_PATTERN)]
#: A pattern's name: what ``workbench pattern apply STORE NAME`` takes.
PatternName = Annotated[
    str, StringConstraints(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
]

#: ``{name}`` or ``{name.attribute}`` in a node's text or claim.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z_]+))?\}")

#: The key under which an element keeps what it was instantiated from.
METADATA_KEY = "pattern"


class ParamKind(StrEnum):
    """What a parameter takes: a catalogue id of the case's framework, an evidence kind, a
    choice among the pattern's options, or free text."""

    threshold = "threshold"
    standard = "standard"
    requirement = "requirement"
    evidence_kind = "evidence_kind"
    choice = "choice"
    text = "text"


#: The attributes a placeholder may read from a bound value, by kind (``{x.title}``).
ATTRIBUTES: dict[ParamKind, frozenset[str]] = {
    ParamKind.threshold: frozenset({"id", "title", "definition", "domain"}),
    ParamKind.standard: frozenset({"id", "title", "objective"}),
    ParamKind.requirement: frozenset({"id", "title", "statement"}),
    ParamKind.evidence_kind: frozenset({"id", "label"}),
    ParamKind.choice: frozenset({"id"}),
    ParamKind.text: frozenset({"id"}),
}

#: Catalogue kinds: a parameter of one is validated against the case's framework.
CATALOGUE_KINDS = frozenset({ParamKind.threshold, ParamKind.standard, ParamKind.requirement})


class Parameter(Model):
    """A ``{name}`` the user binds when applying the pattern."""

    name: Name
    kind: ParamKind
    label: str = Field(min_length=1, description="what the form shows beside the field")
    description: Text = ""
    required: bool = True
    default: str | None = Field(default=None, description="used when no value is given")
    options: list[Name] = Field(
        default_factory=list, description="choice parameters: the options there are"
    )


#: What a repeated node is repeated over.
Over = Literal["requirements", "standards", "thresholds"]
#: The kind of the variable each repetition binds.
OVER_KIND: dict[str, ParamKind] = {
    "requirements": ParamKind.requirement,
    "standards": ParamKind.standard,
    "thresholds": ParamKind.threshold,
}
#: The kind ``of`` must name for each ``over`` (None: ``of`` is not given).
OF_KIND: dict[str, ParamKind | None] = {
    "requirements": ParamKind.standard,
    "standards": ParamKind.threshold,
    "thresholds": None,
}


class Many(Model):
    """GSN multiplicity: the node once per item, ``each`` naming the item in its branch.

    ``requirements`` of a standard (``of``: a standard parameter or variable; only the
    requirements the catalogue demands unless ``demanded_only`` is false), ``standards`` a
    threshold requires (``of``: a threshold), or ``thresholds`` of the case's framework that
    are in scope (every threshold but alert thresholds).
    """

    over: Over
    of: Name | None = None
    each: Name
    demanded_only: bool = True


class Choice(Model):
    """GSN choice: the children are alternatives (each names its ``option``); the parameter
    (kind ``choice``, comma-separated values) picks between ``min`` and ``max`` of them."""

    parameter: Name
    min: int = Field(default=1, ge=0)
    max: int = Field(default=1, ge=1)


class Node(Model):
    """One element of the pattern, with the elements it is supported by or in context of."""

    role: Ident = Field(description="names the node within the pattern; unique")
    type: ElementType
    text: Text = Field(min_length=1)
    claims: list[str] = Field(
        default_factory=list,
        description="requirement ids the goal claims, placeholders allowed ({requirement})",
    )
    undeveloped: bool = False
    optional: Name | None = Field(
        default=None, description="present only when this (optional) parameter is given"
    )
    option: Name | None = Field(default=None, description="under a choice: the option it is")
    choice: Choice | None = None
    many: Many | None = None
    children: list[Node] = Field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


class Pattern(Model):
    """A named argument shape, its parameters and its tree of nodes."""

    format: Literal["safety-case-workbench-pattern/1"] = FORMAT
    name: PatternName
    title: str = Field(min_length=1)
    summary: Text = ""
    frameworks: list[Ident] = Field(
        default_factory=list, description="framework ids it is written for (empty: any)"
    )
    written_from: list[str] = Field(
        default_factory=list, description="the texts and papers the argument shape comes from"
    )
    parameters: list[Parameter] = Field(default_factory=list)
    root: Node

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def nodes(self) -> Iterator[Node]:
        return self.root.walk()


def placeholders(text: str) -> list[tuple[str, str | None]]:
    """The (name, attribute) of every placeholder in ``text``, in order."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]


class Member(Model):
    """One element of an instance, as it was made: its role, and where it was put."""

    id: Ident
    role: Ident
    type: ElementType
    parent: Ident | None = None
    link: Literal["supported_by", "in_context_of"] | None = None
    item: Ident | None = Field(default=None, description="the catalogue item it repeats for")


class Repetition(Model):
    """One multiplicity as expanded: the role repeated, over what, and under which element."""

    role: Ident
    over: Over
    of: Ident | None = None
    parent: Ident
    demanded_only: bool = True


class Binding(Model):
    name: Name
    kind: ParamKind
    required: bool = True
    value: str | None = None


class InstanceRecord(Model):
    """What the root element of an instance keeps (``metadata["pattern"]``): the pattern and
    its bindings, the elements made and the multiplicities expanded."""

    name: PatternName
    title: str = ""
    digest: str = Field(default="", description="SHA-256 of the pattern definition applied")
    bindings: list[Binding] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    repetitions: list[Repetition] = Field(default_factory=list)


class MemberMark(Model):
    """What every other element of an instance keeps: the instance (its root) and its role."""

    instance: Ident
    role: Ident
    item: Ident | None = None


def instance_record(metadata: dict[str, Any]) -> dict[str, Any] | None:
    """The raw instance record of an element's metadata when it is an instance's root."""
    value = metadata.get(METADATA_KEY)
    if isinstance(value, dict) and "name" in value:
        return value
    return None
