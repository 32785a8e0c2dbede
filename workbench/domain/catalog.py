"""Framework catalogue: capability thresholds, ASL standards and their requirements, obligations."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Labels, Model, Text, require_unique


class StandardKind(StrEnum):
    deployment = "deployment"
    security = "security"
    other = "other"  # e.g. an affirmative case about misalignment risk


class ObligationKind(StrEnum):
    process = "process"
    governance = "governance"


class Source(Model):
    """Where a framework's content comes from (title, version, date of the public text)."""

    title: str
    version: str
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None


class Requirement(Model):
    id: Ident
    title: str
    statement: Text
    evidence_expectations: list[str] = Field(default_factory=list)
    labels: Labels = Field(default_factory=dict)


class ActorScope(Model):
    """Which attackers or misuse actors a standard is meant to withstand."""

    in_scope: list[str] = Field(default_factory=list)
    out_of_scope: list[str] = Field(default_factory=list)


class Standard(Model):
    id: Ident
    title: str
    kind: StandardKind
    asl: int | None = Field(default=None, ge=1, le=5, description="AI Safety Level, if graded")
    objective: Text = ""
    actor_scope: ActorScope = Field(default_factory=ActorScope)
    specified: bool = Field(
        default=True,
        description="False for placeholders whose requirements the framework has not yet defined",
    )
    requirements: list[Requirement] = Field(default_factory=list)


class Threshold(Model):
    id: Ident
    title: str
    domain: str
    definition: Text
    required_standards: list[Ident] = Field(default_factory=list)
    checkpoint: bool = False
    ongoing: bool = Field(default=False, description="assessed continuously, no fixed threshold")
    response: Text = Field(default="", description="what the framework asks when it is reached")


class Obligation(Model):
    id: Ident
    kind: ObligationKind
    title: str
    statement: Text
    cadence_days: int | None = Field(default=None, ge=1)
    deadline_days: int | None = Field(default=None, ge=1)


class Framework(Model):
    id: Ident
    title: str
    publisher: str
    version: str
    effective_date: dt.date | None = None
    source: Source
    description: Text = ""
    thresholds: list[Threshold] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    baseline_standards: list[Ident] = Field(
        default_factory=list, description="standards every model must meet regardless of thresholds"
    )
    process: list[Obligation] = Field(default_factory=list)
    governance: list[Obligation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        require_unique("threshold", (t.id for t in self.thresholds))
        require_unique("standard", (s.id for s in self.standards))
        require_unique("requirement", (r.id for s in self.standards for r in s.requirements))
        require_unique("obligation", (o.id for o in [*self.process, *self.governance]))
        known = {s.id for s in self.standards}
        for t in self.thresholds:
            for sid in t.required_standards:
                if sid not in known:
                    raise ValueError(f"threshold {t.id!r} requires unknown standard {sid!r}")
        for sid in self.baseline_standards:
            if sid not in known:
                raise ValueError(f"baseline names unknown standard {sid!r}")
        for o in self.process:
            if o.kind != ObligationKind.process:
                raise ValueError(f"obligation {o.id!r} is listed under process but is {o.kind}")
        for o in self.governance:
            if o.kind != ObligationKind.governance:
                raise ValueError(f"obligation {o.id!r} is listed under governance but is {o.kind}")
        return self

    # Derived look-ups (cached: the model is frozen).
    @cached_property
    def standards_by_id(self) -> dict[str, Standard]:
        return {s.id: s for s in self.standards}

    @cached_property
    def thresholds_by_id(self) -> dict[str, Threshold]:
        return {t.id: t for t in self.thresholds}

    @cached_property
    def requirements_by_id(self) -> dict[str, Requirement]:
        return {r.id: r for s in self.standards for r in s.requirements}

    @cached_property
    def standard_of_requirement(self) -> dict[str, Standard]:
        return {r.id: s for s in self.standards for r in s.requirements}

    @property
    def requirements(self) -> list[Requirement]:
        return [r for s in self.standards for r in s.requirements]
