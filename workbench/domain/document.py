"""The case document: everything one store holds, as one exchangeable, hashable value."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from workbench.domain.assessment import Assessment
from workbench.domain.base import Model, require_unique, sha256_hex
from workbench.domain.case import SafetyCase
from workbench.domain.catalog import Framework
from workbench.domain.compliance import Compliance
from workbench.domain.evidence import Evidence
from workbench.domain.review import Challenge, ReviewSession
from workbench.domain.signoff import SignOff

FORMAT = "safety-case-workbench/1"


class Review(Model):
    sessions: list[ReviewSession] = Field(default_factory=list)
    challenges: list[Challenge] = Field(default_factory=list)

    @cached_property
    def unresolved_by_target(self) -> dict[str, list[Challenge]]:
        """The challenges not yet resolved, by the element or evidence id they target."""
        result: dict[str, list[Challenge]] = {}
        for c in self.challenges:
            if not c.status.resolved:
                result.setdefault(c.target, []).append(c)
        return result

    @property
    def unresolved_count(self) -> int:
        return sum(len(found) for found in self.unresolved_by_target.values())


class CaseDocument(Model):
    """A whole assessment: exported and imported as JSON, hashed for sign-off.

    Evidence appears as records (hash, metadata); the bytes stay in the store.
    """

    format: Literal["safety-case-workbench/1"] = "safety-case-workbench/1"
    framework: Framework
    assessment: Assessment
    case: SafetyCase = Field(default_factory=SafetyCase)
    evidence: list[Evidence] = Field(default_factory=list)
    review: Review = Field(default_factory=Review)
    compliance: Compliance = Field(default_factory=Compliance)
    signoffs: list[SignOff] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> CaseDocument:
        if self.assessment.framework_id != self.framework.id:
            raise ValueError(
                f"assessment is judged against framework {self.assessment.framework_id!r} "
                f"but the document carries {self.framework.id!r}"
            )
        thresholds = self.framework.thresholds_by_id
        for d in self.assessment.determinations:
            if d.threshold not in thresholds:
                raise ValueError(f"determination for unknown threshold {d.threshold!r}")
        require_unique("evidence", (e.id for e in self.evidence))
        require_unique("evidence hash", (e.sha256 for e in self.evidence))
        require_unique("review session", (s.id for s in self.review.sessions))
        require_unique("challenge", (c.id for c in self.review.challenges))
        sessions = {s.id for s in self.review.sessions}
        for c in self.review.challenges:
            if c.session not in sessions:
                raise ValueError(f"challenge {c.id!r} belongs to unknown session {c.session!r}")
        require_unique("schedule item", (s.id for s in self.compliance.schedule))
        require_unique("methodology change", (m.id for m in self.compliance.methodology_changes))
        require_unique("noncompliance item", (n.id for n in self.compliance.noncompliance))
        require_unique("sign-off", (s.id for s in self.signoffs))
        return self

    @cached_property
    def _evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    def evidence_by_id(self) -> dict[str, Evidence]:
        """Evidence records by id, built once per document (read it, do not change it)."""
        return self._evidence_by_id

    def state_hash(self) -> str:
        """SHA-256 of the case state that a sign-off approves (everything but the sign-offs).

        The JSON form is canonical: fields come in schema order and free-form mappings are
        key-sorted on validation, so equal documents always hash alike.
        """
        return sha256_hex(self.model_dump_json(exclude={"signoffs"}).encode())
