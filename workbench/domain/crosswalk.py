"""Crosswalk between two framework catalogues: the fate of every item of the older one."""

from __future__ import annotations

from enum import Enum
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Model, require_unique
from workbench.domain.catalog import Framework, Modality, Obligation, Requirement, Threshold


class Fate(Enum):
    """What became of an item of the source framework in the target framework."""

    kept = "kept"  # the same commitment, under the target's id
    renamed = "renamed"  # the same substance under another name or wording
    split = "split"  # spread over several target items
    dropped = "dropped"  # no counterpart in the target
    new = "new"  # a target item with no source (``source`` is None)

    @property
    def carries_over(self) -> bool:
        """Whether a claim on the source item becomes a claim on the target items."""
        return self in (Fate.kept, Fate.renamed, Fate.split)


class Mapping(Model):
    """One row of a crosswalk: a source item, its fate and the target items it became."""

    source: Ident | None = None
    fate: Fate
    targets: list[Ident] = Field(default_factory=list)
    rationale: str = Field(min_length=1, max_length=300, pattern=r"^[^\n]+$")
    see_also: list[Ident] = Field(
        default_factory=list, description="nearest target items of a dropped one (not mapped)"
    )

    @model_validator(mode="after")
    def _shape(self) -> Mapping:
        name = self.source or (self.targets[0] if self.targets else "?")
        if self.fate == Fate.new:
            if self.source is not None or len(self.targets) != 1:
                raise ValueError(f"new item {name!r} needs no source and exactly one target")
        elif self.source is None:
            raise ValueError(f"a {self.fate.value} mapping needs a source (to {self.targets})")
        elif self.fate in (Fate.kept, Fate.renamed) and len(self.targets) != 1:
            raise ValueError(f"{self.fate.value} item {name!r} needs exactly one target")
        elif self.fate == Fate.split and len(self.targets) < 2:
            raise ValueError(f"split item {name!r} needs two or more targets")
        elif self.fate == Fate.dropped and self.targets:
            raise ValueError(f"dropped item {name!r} has targets; name them in see_also")
        require_unique(f"target of {name}", self.targets)
        return self


class Crosswalk(Model):
    """Every threshold, requirement and obligation of ``source_framework`` with its fate in
    ``target_framework``, and the target's new items (``resources/crosswalks/*.json``)."""

    format: Literal[1] = 1
    id: Ident
    source_framework: Ident
    target_framework: Ident
    title: str
    description: str = ""
    mappings: list[Mapping]

    @model_validator(mode="after")
    def _consistent(self) -> Crosswalk:
        if self.source_framework == self.target_framework:
            raise ValueError(f"crosswalk {self.id!r} maps {self.source_framework} onto itself")
        require_unique("crosswalk source", (m.source for m in self.mappings if m.source))
        require_unique("new item", (m.targets[0] for m in self.mappings if m.fate == Fate.new))
        mapped = {t for m in self.mappings if m.fate != Fate.new for t in m.targets}
        for m in self.mappings:
            if m.fate == Fate.new and m.targets[0] in mapped:
                raise ValueError(f"{m.targets[0]!r} is listed as new but is also a mapping target")
        return self

    @cached_property
    def by_source(self) -> dict[str, Mapping]:
        return {m.source: m for m in self.mappings if m.source is not None}

    @property
    def new_items(self) -> list[str]:
        return [m.targets[0] for m in self.mappings if m.fate == Fate.new]

    def problems(self, source: Framework, target: Framework) -> list[str]:
        """What does not match the two catalogues: unknown ids, unmapped or unlisted items."""
        found: list[str] = []
        if source.id != self.source_framework or target.id != self.target_framework:
            found.append(
                f"crosswalk {self.id} is for {self.source_framework} -> {self.target_framework}, "
                f"not {source.id} -> {target.id}"
            )
            return found
        old, new = mappable_ids(source), mappable_ids(target)
        known_old, known_new = set(mappable_ids(source, True)), set(mappable_ids(target, True))
        for m in self.mappings:
            if m.source is not None and m.source not in known_old:
                found.append(
                    f"{m.source} is not a threshold, requirement or obligation of {source.id}"
                )
            for t in [*m.targets, *m.see_also]:
                if t not in known_new:
                    found.append(
                        f"{t} is not a threshold, requirement or obligation of {target.id}"
                    )
        found += [f"{i} of {source.id} has no mapping" for i in old if i not in self.by_source]
        covered = {t for m in self.mappings for t in m.targets}
        found += [
            f"{i} of {target.id} is neither mapped to nor new" for i in new if i not in covered
        ]
        return found


def mappable_ids(framework: Framework, examples: bool = False) -> list[str]:
    """The ids a crosswalk must map: thresholds, requirements and obligations, in catalogue
    order; examples (never requirements, nothing to carry over) only when asked for."""
    items: list[Threshold | Requirement | Obligation] = [
        *framework.thresholds,
        *framework.requirements,
        *framework.obligations,
    ]
    return [item.id for item in items if examples or item.modality != Modality.example]
