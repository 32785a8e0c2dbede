"""The case document: everything one store holds, as one exchangeable, hashable value."""

from __future__ import annotations

from functools import cached_property
from typing import Literal, TypeVar

from pydantic import Field, model_validator

from workbench.domain.assessment import Assessment
from workbench.domain.base import Model, require_unique, sha256_hex
from workbench.domain.case import Element, SafetyCase
from workbench.domain.catalog import Framework
from workbench.domain.compliance import Compliance, NoncomplianceItem, ScheduledAssessment
from workbench.domain.errors import NotFoundError
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

    # One look-up per record kind, built once per document: every front end finds a record
    # by id here, and a missing one is the same NotFoundError everywhere (``about`` names
    # the kind, so the CLI can say which list command shows the ids).
    @cached_property
    def sessions_by_id(self) -> dict[str, ReviewSession]:
        return {s.id: s for s in self.review.sessions}

    @cached_property
    def challenges_by_id(self) -> dict[str, Challenge]:
        return {c.id: c for c in self.review.challenges}

    @cached_property
    def schedule_by_id(self) -> dict[str, ScheduledAssessment]:
        return {s.id: s for s in self.compliance.schedule}

    @cached_property
    def noncompliance_by_id(self) -> dict[str, NoncomplianceItem]:
        return {n.id: n for n in self.compliance.noncompliance}

    def element(self, element_id: str) -> Element:
        return _find(self.case.by_id, element_id, "element", "in this case")

    def evidence_item(self, evidence_id: str) -> Evidence:
        return _find(self._evidence_by_id, evidence_id, "evidence", "in this case")

    def session(self, session_id: str) -> ReviewSession:
        known = ", ".join(self.sessions_by_id) or "none yet"
        return _find(self.sessions_by_id, session_id, "session", f"(sessions: {known})")

    def challenge(self, challenge_id: str) -> Challenge:
        return _find(self.challenges_by_id, challenge_id, "challenge", "in this case")

    def schedule_item(self, item_id: str) -> ScheduledAssessment:
        return _find(self.schedule_by_id, item_id, "schedule", "in this case")

    def noncompliance_item(self, item_id: str) -> NoncomplianceItem:
        return _find(self.noncompliance_by_id, item_id, "noncompliance", "in this case")

    def state_hash(self) -> str:
        """SHA-256 of the case state that a sign-off approves (everything but the sign-offs).

        The JSON form is canonical: fields come in schema order and free-form mappings are
        key-sorted on validation, so equal documents always hash alike.
        """
        return sha256_hex(self.model_dump_json(exclude={"signoffs"}).encode())


_T = TypeVar("_T")

#: How a missing record of each kind is named in an error.
_NOUNS = {
    "element": "element",
    "evidence": "evidence",
    "session": "review session",
    "challenge": "challenge",
    "schedule": "scheduled assessment",
    "noncompliance": "noncompliance item",
}


def _find(table: dict[str, _T], record_id: str, kind: str, where: str) -> _T:
    """``table[record_id]``, or a NotFoundError about ``kind`` naming the id and ``where``."""
    try:
        return table[record_id]
    except KeyError:
        raise NotFoundError(f"no {_NOUNS[kind]} {record_id!r} {where}", about=kind) from None
