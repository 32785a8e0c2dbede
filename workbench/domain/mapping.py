"""Mapping crosswalk: how the requirements of two frameworks relate, link by link (format 2).

A migration crosswalk (``crosswalk.py``) says what became of every item of an older version;
a mapping says, for two frameworks in force side by side, which items of one demand what
items of the other demand: many-to-many links, each with a relation and a one-line rationale
that cites the sections of both texts (docs/crosswalk-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Model, require_unique
from workbench.domain.catalog import Framework, Modality, Obligation, Requirement, Threshold


class Relation(StrEnum):
    """How the ``a`` items of a link relate to its ``b`` items, read "a is … b"."""

    equivalent = "equivalent"  # the same demand: meeting either meets the other
    stronger = "stronger"  # a demands all that b demands, and more: meeting a meets b
    weaker = "weaker"  # a demands part of what b demands: meeting a leaves part of b open
    partial = "partial"  # they overlap, neither contains the other

    @property
    def inverse(self) -> Relation:
        """The relation read from the other side ("a stronger than b" is "b weaker than a")."""
        if self is Relation.stronger:
            return Relation.weaker
        if self is Relation.weaker:
            return Relation.stronger
        return self

    @property
    def satisfies(self) -> bool:
        """Whether meeting the ``a`` items meets the ``b`` items in full."""
        return self in (Relation.equivalent, Relation.stronger)


#: Items a link may name: what a case claims (requirements), schedules (obligations) or
#: determines (thresholds).
LinkedItem = Threshold | Requirement | Obligation


class Link(Model):
    """A group of ``a`` items, taken together, related to a group of ``b`` items."""

    a: list[Ident] = Field(min_length=1)
    b: list[Ident] = Field(min_length=1)
    relation: Relation
    rationale: str = Field(min_length=1, max_length=400, pattern=r"^[^\n]+$")

    @model_validator(mode="after")
    def _distinct(self) -> Link:
        require_unique(f"a item of the link to {self.b[0]}", self.a)
        require_unique(f"b item of the link from {self.a[0]}", self.b)
        return self

    def reversed(self) -> Link:
        """The same link read from the ``b`` side."""
        return Link(a=self.b, b=self.a, relation=self.relation.inverse, rationale=self.rationale)


class FrameworkMapping(Model):
    """The links between the requirements of framework ``a`` and framework ``b``
    (``resources/crosswalks/*.json`` with ``kind: mapping``)."""

    format: Literal[2] = 2
    kind: Literal["mapping"] = "mapping"
    id: Ident
    a: Ident
    b: Ident
    title: str = Field(min_length=1)
    description: str = ""
    links: list[Link] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkMapping:
        if self.a == self.b:
            raise ValueError(f"mapping {self.id!r} links {self.a} with itself")
        require_unique("link", (f"{sorted(link.a)} -> {sorted(link.b)}" for link in self.links))
        return self

    @property
    def frameworks(self) -> tuple[str, str]:
        return (self.a, self.b)

    def oriented(self, a: str) -> FrameworkMapping:
        """The mapping read from framework ``a`` (itself, or every link reversed)."""
        if a == self.a:
            return self
        if a != self.b:
            raise ValueError(f"mapping {self.id} does not link {a}")
        return self.model_copy(
            update={"a": self.b, "b": self.a, "links": [link.reversed() for link in self.links]}
        )

    @cached_property
    def links_of_b(self) -> dict[str, list[Link]]:
        """Every ``b`` item named by a link, with its links in file order."""
        result: dict[str, list[Link]] = {}
        for link in self.links:
            for item in link.b:
                result.setdefault(item, []).append(link)
        return result

    @cached_property
    def links_of_a(self) -> dict[str, list[Link]]:
        """Every ``a`` item named by a link, with its links in file order."""
        result: dict[str, list[Link]] = {}
        for link in self.links:
            for item in link.a:
                result.setdefault(item, []).append(link)
        return result

    def problems(self, a: Framework, b: Framework) -> list[str]:
        """What does not match the two catalogues: wrong frameworks, unknown ids, rationales
        that do not cite a linked item's section. Empty when the mapping fits them."""
        if {a.id, b.id} != {self.a, self.b}:
            return [f"mapping {self.id} links {self.a} and {self.b}, not {a.id} and {b.id}"]
        if a.id != self.a:
            a, b = b, a
        found: list[str] = []
        for number, link in enumerate(self.links, 1):
            for framework, ids in ((a, link.a), (b, link.b)):
                for item_id in ids:
                    item = linkable(framework).get(item_id)
                    if item is None:
                        found.append(
                            f"link {number}: {item_id} is not a threshold, requirement or "
                            f"obligation of {framework.id}"
                        )
                    elif item.source is not None and cited(item.source.section) not in (
                        link.rationale
                    ):
                        found.append(
                            f"link {number}: the rationale does not cite {item_id}'s section "
                            f"{cited(item.source.section)!r} of {framework.id}"
                        )
        return found


def cited(section: str) -> str:
    """The part of an item's section a rationale must cite: up to the first ";" ("§4.1,
    criterion 3" of "§4.1, criterion 3; fn 10")."""
    return section.split(";", 1)[0].strip()


def linkable(framework: Framework) -> dict[str, LinkedItem]:
    """The items of ``framework`` a link may name, by id."""
    items: list[LinkedItem] = [*framework.thresholds, *framework.requirements]
    items += framework.obligations
    return {item.id: item for item in items}


def demanded_items(framework: Framework) -> list[Requirement | Obligation]:
    """The requirements and obligations the text demands (must or should), in catalogue order:
    what a coverage or a comparison goes through."""
    items: list[Requirement | Obligation] = [*framework.requirements, *framework.obligations]
    return [item for item in items if item.modality in (Modality.must, Modality.should)]


@dataclass(frozen=True)
class Demand:
    """An item one framework demands that the other demands not at all, or only in part."""

    id: str
    title: str
    section: str
    quote: str
    partly: tuple[Link, ...]  # links to the other's items that demand less or only a part

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "quote": self.quote,
            "partly": [
                {"other": link.b, "relation": link.relation.value, "rationale": link.rationale}
                for link in self.partly
            ],
        }


@dataclass(frozen=True)
class Comparison:
    """What framework ``a`` demands that ``b`` does not, the reverse, and what both demand."""

    a: Framework
    b: Framework
    mapping_id: str
    only_a: tuple[Demand, ...]
    only_b: tuple[Demand, ...]
    both: tuple[Link, ...]  # links read from a's side, equivalent ones first

    def to_json(self) -> dict[str, object]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "crosswalk": self.mapping_id,
            "a_not_b": [d.to_json() for d in self.only_a],
            "b_not_a": [d.to_json() for d in self.only_b],
            "both": [
                {
                    "a": link.a,
                    "b": link.b,
                    "relation": link.relation.value,
                    "rationale": link.rationale,
                }
                for link in self.both
            ],
        }


def compare(a: Framework, b: Framework, mapping: FrameworkMapping) -> Comparison:
    """Compare two frameworks through ``mapping`` (either way round): an item of one is
    demanded by the other when a link relates it to items that are equivalent or demand
    more; linked only to items demanding less or a part, it is listed with those links."""
    forward = mapping.oriented(a.id)
    backward = mapping.oriented(b.id)
    both = sorted(
        (link for link in forward.links if _item_kinds_demanded(link, a, b)),
        key=lambda link: list(Relation).index(link.relation),
    )
    return Comparison(
        a,
        b,
        mapping.id,
        _unmatched(a, forward),
        _unmatched(b, backward),
        tuple(both),
    )


def _item_kinds_demanded(link: Link, a: Framework, b: Framework) -> bool:
    demanded_a = {item.id for item in demanded_items(a)}
    demanded_b = {item.id for item in demanded_items(b)}
    return bool(demanded_a & set(link.a)) and bool(demanded_b & set(link.b))


def _unmatched(framework: Framework, oriented: FrameworkMapping) -> tuple[Demand, ...]:
    """The demanded items of ``oriented.a`` that no link answers in full from the other side."""
    result: list[Demand] = []
    for item in demanded_items(framework):
        links = oriented.links_of_a.get(item.id, [])
        # read from this side: "equivalent" or "weaker" means the other demands at least as much
        if any(link.relation in (Relation.equivalent, Relation.weaker) for link in links):
            continue
        result.append(
            Demand(
                item.id,
                item.title,
                item.source.section if item.source else "",
                item.source.text if item.source else "",
                tuple(links),
            )
        )
    return tuple(result)
