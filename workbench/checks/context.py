"""Everything the rule families share for one check run, computed once from the document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from workbench.checks.asl import required_asl
from workbench.checks.index import ArgumentIndex, Gap, SupportAnalysis, index_of
from workbench.checks.triggers import limits
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    Determination,
    ElementType,
    Evidence,
    RequiredAsl,
    Requirement,
    Standard,
    Threshold,
    required_level,
)


@dataclass
class Citations:
    """Evidence citations of all solutions, and what is wrong with them."""

    cited_by: dict[str, list[str]] = field(default_factory=dict)  # evidence id -> solution ids
    uncited: list[int] = field(default_factory=list)  # solutions citing nothing
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (solution, evidence id)
    gaps: dict[int, Gap] = field(default_factory=dict)  # solution position -> why it fails


class CheckContext:
    """The document with its look-ups, the required ASL and the argument index.

    ``blob_status`` is what the store reports per evidence id; an id it does not mention (or
    no mapping at all) is taken as present, so only reported problems are flagged.
    """

    def __init__(
        self,
        doc: CaseDocument,
        today: dt.date,
        blob_status: Mapping[str, BlobStatus] | None = None,
        required: RequiredAsl | None = None,
    ) -> None:
        self.doc = doc
        self.today = today
        self.blob_status: Mapping[str, BlobStatus] = blob_status or {}
        framework = doc.framework
        self.framework = framework
        # The framework's own cached look-ups (it is frozen, so they are built once).
        self.standards: dict[str, Standard] = framework.standards_by_id
        self.thresholds: dict[str, Threshold] = framework.thresholds_by_id
        self.requirements: dict[str, Requirement] = framework.requirements_by_id
        self.standard_of: dict[str, Standard] = framework.standard_of_requirement
        self.required = required if required is not None else required_asl(doc)
        self.limits = limits(framework)
        #: What the required level is called: "ASL", or "safeguards level" outside the ASLs.
        self.level_label = required_level(framework, self.required).label
        self.demanded_requirement_set: set[str] = {
            r.id
            for sid in self.required.standards
            if sid in self.standards
            for r in self.standards[sid].requirements
            if r.demanded  # the text's examples, expectations and permissions never are
        }
        self.evidence: dict[str, Evidence] = {e.id: e for e in doc.evidence}
        # threshold id -> its determination (the last one, should a document repeat one)
        self.determinations: dict[str, Determination] = {
            d.threshold: d for d in doc.assessment.determinations
        }
        self.index: ArgumentIndex = index_of(doc.case)
        self.support = SupportAnalysis(self.index, self.solution_gap)
        # requirement id -> positions of the goals claiming it / (element id, justification)
        self.claims: dict[str, list[int]] = {}
        self.not_applicable: dict[str, list[tuple[str, str]]] = {}
        for i in self.index.naming:
            element = self.index.elements[i]
            if element.type is ElementType.goal:
                for requirement_id in element.addresses:
                    self.claims.setdefault(requirement_id, []).append(i)
            for mark in element.not_applicable:
                self.not_applicable.setdefault(mark.requirement, []).append(
                    (element.id, mark.justification)
                )

    @cached_property
    def citations(self) -> Citations:
        """What every solution cites, read once for the EVD rules and the support analysis."""
        result = Citations()
        index = self.index
        known = self.evidence
        blob_status = self.blob_status
        for i in index.solutions:
            cited = index.evidence[i]
            sid = index.ids[i]
            if not cited:
                result.uncited.append(i)
                result.gaps[i] = Gap(
                    sid, f"solution {sid}, which cites no evidence", "cites no evidence"
                )
                continue
            for evidence_id in cited:
                citers = result.cited_by.get(evidence_id)
                if citers is None:
                    result.cited_by[evidence_id] = [sid]
                else:
                    citers.append(sid)
                if evidence_id not in known:
                    result.unknown.append((sid, evidence_id))
                    result.gaps.setdefault(
                        i,
                        Gap(
                            sid,
                            f"solution {sid}, which cites unknown evidence {evidence_id}",
                            f"cites unknown evidence {evidence_id}",
                        ),
                    )
                elif blob_status and evidence_id in blob_status:
                    status = blob_status[evidence_id]
                    if status != BlobStatus.present:
                        result.gaps.setdefault(
                            i,
                            Gap(
                                sid,
                                f"solution {sid}, whose evidence {evidence_id} is {status.value}",
                                f"cites evidence {evidence_id} that is {status.value}",
                            ),
                        )
        return result

    def solution_gap(self, i: int) -> Gap | None:
        """Why the solution at position ``i`` does not end its branch in good evidence."""
        return self.citations.gaps.get(i)

    def justified(self, justification: str) -> bool:
        return bool(justification.strip())

    def valid_not_applicable(self, requirement_id: str) -> list[tuple[str, str]]:
        """(element id, justification) of the justified not-applicable marks on a requirement."""
        return [m for m in self.not_applicable.get(requirement_id, []) if self.justified(m[1])]
