"""Fixtures for the check engine: a small framework and a fully correct, signed case to break."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import pytest

from workbench.domain import (
    Assessment,
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    Compliance,
    Determination,
    Element,
    ElementType,
    Evidence,
    EvidenceKind,
    Figure,
    Framework,
    Meaning,
    ModelUnderReview,
    Module,
    NoncomplianceItem,
    NoncomplianceStatus,
    Outcome,
    Participant,
    Requirement,
    Response,
    Review,
    ReviewRole,
    ReviewSession,
    SafetyCase,
    ScheduledAssessment,
    SignerRole,
    SignOff,
    Source,
    Standard,
    StandardKind,
    Threshold,
    evidence_id,
)

TODAY = dt.date(2025, 6, 2)
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


def _requirement(standard: str, slug: str, title: str) -> Requirement:
    return Requirement(id=f"{standard}/{slug}", title=title, statement=f"{title} is in place.")


def make_framework() -> Framework:
    """A miniature of the RSP structure with its own ids (no dependency on shipped data)."""
    standards = [
        Standard(
            id="TF/ASL2-D",
            title="ASL-2 Deployment",
            kind=StandardKind.deployment,
            asl=2,
            requirements=[_requirement("TF/ASL2-D", "model-card", "Model card")],
        ),
        Standard(
            id="TF/ASL2-S",
            title="ASL-2 Security",
            kind=StandardKind.security,
            asl=2,
            requirements=[_requirement("TF/ASL2-S", "supply-chain", "Supply chain")],
        ),
        Standard(
            id="TF/ASL3-D",
            title="ASL-3 Deployment",
            kind=StandardKind.deployment,
            asl=3,
            requirements=[
                _requirement("TF/ASL3-D", "red-teaming", "Red-teaming"),
                _requirement("TF/ASL3-D", "monitoring", "Monitoring"),
            ],
        ),
        Standard(
            id="TF/ASL3-S",
            title="ASL-3 Security",
            kind=StandardKind.security,
            asl=3,
            requirements=[_requirement("TF/ASL3-S", "audits", "Audits")],
        ),
        Standard(
            id="TF/ASL4-D",
            title="ASL-4 Deployment",
            kind=StandardKind.deployment,
            asl=4,
            specified=False,
        ),
        Standard(
            id="TF/ASL4-S",
            title="ASL-4 Security",
            kind=StandardKind.security,
            asl=4,
            specified=False,
        ),
        Standard(
            id="TF/AFFIRM",
            title="Affirmative case on misalignment",
            kind=StandardKind.other,
            asl=3,
            requirements=[_requirement("TF/AFFIRM", "affirmative-case", "Affirmative case")],
        ),
    ]
    thresholds = [
        Threshold(
            id="TF/CBRN-3",
            title="CBRN-3",
            domain="CBRN",
            definition="Uplift to people with a basic technical background.",
            required_standards=["TF/ASL3-D", "TF/ASL3-S"],
        ),
        Threshold(
            id="TF/CBRN-4",
            title="CBRN-4",
            domain="CBRN",
            definition="Uplift to moderately resourced state programmes.",
            required_standards=["TF/ASL4-D", "TF/ASL4-S"],
        ),
        Threshold(
            id="TF/AIRD-4",
            title="AI R&D-4",
            domain="AI R&D",
            definition="Automates an entry-level remote researcher.",
            required_standards=["TF/ASL3-S", "TF/AFFIRM"],
        ),
        Threshold(
            id="TF/CP-AUTO",
            title="Autonomy checkpoint",
            domain="autonomy",
            definition="Completes 2-8 hour software tasks.",
            checkpoint=True,
            response="prepare ASL-3 security and begin AI R&D testing",
        ),
        Threshold(
            id="TF/CYBER",
            title="Cyber",
            domain="cyber",
            definition="Assessed continuously.",
            ongoing=True,
        ),
    ]
    return Framework(
        id="TF",
        title="Test Framework",
        publisher="Tests",
        version="1",
        source=Source(title="Test Framework", version="1"),
        thresholds=thresholds,
        standards=standards,
        baseline_standards=["TF/ASL2-D", "TF/ASL2-S"],
        # The trigger limits the checks apply, stated (a catalogue without them has none).
        figures=[
            Figure(name="effective_compute_multiplier", value=4, unit="x"),
            Figure(name="elicitation_months", value=6, unit="months"),
            Figure(name="reapproval_days", value=365, unit="days"),
        ],
    )


def _evidence(
    name: str, kind: EvidenceKind, *, evaluation: str | None = None, **extra: Any
) -> Evidence:
    content = f"evidence {name}".encode()
    sha = hashlib.sha256(content).hexdigest()
    return Evidence(
        id=evidence_id(sha),
        sha256=sha,
        size=len(content),
        filename=f"{name}.txt",
        title=f"{name} document",
        kind=kind,
        team="Frontier Red Team",
        collected=TODAY - dt.timedelta(days=20),
        imported_at=NOW - dt.timedelta(days=19),
        expires=TODAY + dt.timedelta(days=200),
        evaluation=evaluation,
        methodology_version="1.0" if evaluation else None,
        **extra,
    )


def _goal(gid: str, text: str, supported_by: list[str], addresses: list[str]) -> Element:
    return Element(
        id=gid, type=ElementType.goal, text=text, supported_by=supported_by, addresses=addresses
    )


def _solution(sid: str, evidence: str) -> Element:
    return Element(id=sid, type=ElementType.solution, text=f"{sid} report", evidence=[evidence])


class CaseKit:
    """The correct case and ways to change one thing in it (each returns a new document)."""

    def __init__(self) -> None:
        evidence = {
            "capability": _evidence("capability", EvidenceKind.capability_report),
            "evallog": _evidence(
                "evallog", EvidenceKind.eval_log, evaluation="bio", metadata={"status": "success"}
            ),
            "safeguards": _evidence("safeguards", EvidenceKind.safeguards_report),
            "redteam": _evidence("redteam", EvidenceKind.red_team_report),
            "audit": _evidence("audit", EvidenceKind.audit),
            "policy": _evidence("policy", EvidenceKind.policy),
        }
        self.ev = {name: e.id for name, e in evidence.items()}
        cap = self.ev["capability"]
        elements = [
            _goal("G1", "Deployment poses no unacceptable risk", ["S1"], []),
            Element(id="C1", type=ElementType.context, text="The model and its deployment"),
            Element(
                id="S1",
                type=ElementType.strategy,
                text="Argue over each demanded requirement",
                supported_by=["G2", "G3", "G4", "G5"],
            ),
            _goal("G2", "A model card is published", ["Sn1"], ["TF/ASL2-D/model-card"]),
            _goal("G3", "The supply chain is secured", ["Sn2"], ["TF/ASL2-S/supply-chain"]),
            _goal(
                "G4",
                "Red-teaming and monitoring are effective",
                ["Sn3", "Sn4"],
                ["TF/ASL3-D/red-teaming", "TF/ASL3-D/monitoring"],
            ),
            _goal("G5", "Security is independently audited", ["Sn5"], ["TF/ASL3-S/audits"]),
            _solution("Sn1", self.ev["policy"]),
            _solution("Sn2", self.ev["audit"]),
            _solution("Sn3", self.ev["redteam"]),
            _solution("Sn4", self.ev["safeguards"]),
            _solution("Sn5", self.ev["audit"]),
        ]
        elements[0] = elements[0].model_copy(update={"in_context_of": ["C1"]})
        determinations = [
            Determination(
                threshold="TF/CBRN-3",
                outcome=Outcome.cannot_rule_out,
                evidence=[cap, self.ev["evallog"]],
            ),
            Determination(threshold="TF/CBRN-4", outcome=Outcome.ruled_out, evidence=[cap]),
            Determination(threshold="TF/AIRD-4", outcome=Outcome.ruled_out, evidence=[cap]),
            Determination(threshold="TF/CP-AUTO", outcome=Outcome.ruled_out, evidence=[cap]),
            Determination(threshold="TF/CYBER", outcome=Outcome.ruled_out, evidence=[cap]),
        ]
        session = ReviewSession(
            id="RS1",
            title="Stress test",
            participants=[
                Participant(name="Ann Author", role=ReviewRole.author),
                Participant(name="Rob Reviewer", role=ReviewRole.reviewer),
                Participant(name="Ada Approver", role=ReviewRole.approver),
            ],
            started=NOW - dt.timedelta(days=10),
            ended=NOW - dt.timedelta(days=9),
            minutes="All challenges discussed.",
        )
        challenge = Challenge(
            id="CH1",
            session="RS1",
            target="G4",
            kind=ChallengeKind.undermining,
            severity=ChallengeSeverity.major,
            text="Was the red team realistic?",
            raised_by="Rob Reviewer",
            raised_at=NOW - dt.timedelta(days=10),
            status=ChallengeStatus.refuted,
            responses=[
                Response(
                    by="Ann Author",
                    at=NOW - dt.timedelta(days=10),
                    status=ChallengeStatus.answered,
                    text="The red team had expert access.",
                ),
                Response(
                    by="Rob Reviewer",
                    at=NOW - dt.timedelta(days=9),
                    status=ChallengeStatus.refuted,
                    text="Agreed.",
                ),
            ],
        )
        unsigned = CaseDocument(
            framework=make_framework(),
            assessment=Assessment(
                id="ASM1",
                title="Assessment of Model X",
                model=ModelUnderReview(
                    name="Model X",
                    effective_compute_ratio=1.5,
                    last_comprehensive=TODAY - dt.timedelta(days=60),
                    post_training_months=1,
                ),
                framework_id="TF",
                created=NOW - dt.timedelta(days=30),
                determinations=determinations,
            ),
            case=SafetyCase(elements=elements),
            evidence=list(evidence.values()),
            review=Review(sessions=[session], challenges=[challenge]),
            compliance=Compliance(
                schedule=[
                    ScheduledAssessment(
                        id="SCH1",
                        what="Comprehensive assessment",
                        due=TODAY - dt.timedelta(days=30),
                        completed=TODAY - dt.timedelta(days=31),
                    ),
                    ScheduledAssessment(
                        id="SCH2", what="Re-approval", due=TODAY + dt.timedelta(days=30)
                    ),
                ],
                noncompliance=[
                    NoncomplianceItem(
                        id="NC1",
                        description="A report was filed late.",
                        reported=TODAY - dt.timedelta(days=40),
                        status=NoncomplianceStatus.resolved,
                        board_notification=True,
                    )
                ],
            ),
        )
        self.unsigned = unsigned
        self.doc = self.signed(unsigned)

    # --------------------------------------------------------------- sign-offs
    @staticmethod
    def signoff(
        doc: CaseDocument,
        sid: str,
        signer: str,
        role: SignerRole,
        meaning: Meaning,
        signed_at: dt.datetime = NOW - dt.timedelta(days=1),
    ) -> SignOff:
        return SignOff(
            id=sid,
            signer=signer,
            role=role,
            meaning=meaning,
            signed_at=signed_at,
            state_hash=doc.state_hash(),
        )

    def signed(self, doc: CaseDocument) -> CaseDocument:
        """``doc`` with current authored, reviewed and approved sign-offs."""
        signoffs = [
            self.signoff(doc, "SO1", "Ann Author", SignerRole.author, Meaning.authored),
            self.signoff(doc, "SO2", "Rob Reviewer", SignerRole.reviewer, Meaning.reviewed),
            self.signoff(doc, "SO3", "Ada Approver", SignerRole.approver, Meaning.approved),
        ]
        return doc.model_copy(update={"signoffs": signoffs})

    # --------------------------------------------------------------- changes
    def replace(self, **parts: Any) -> CaseDocument:
        """The signed case with whole parts replaced, re-signed so SIG rules stay silent."""
        return self.signed(self.unsigned.model_copy(update=parts))

    def elements(
        self,
        updates: dict[str, dict[str, Any]] | None = None,
        add: Sequence[Element] = (),
        modules: Sequence[Module] | None = None,
    ) -> CaseDocument:
        updates = updates or {}
        elements = [
            e.model_copy(update=updates[e.id]) if e.id in updates else e
            for e in self.unsigned.case.elements
        ]
        case = SafetyCase(
            modules=list(modules) if modules is not None else self.unsigned.case.modules,
            elements=[*elements, *add],
        )
        return self.replace(case=case)

    def unvalidated_elements(self, elements: list[Element]) -> CaseDocument:
        """A case built without validation, as a careless importer might (model_construct)."""
        case = SafetyCase.model_construct(modules=self.unsigned.case.modules, elements=elements)
        return self.replace(case=case)

    def evidence(self, name: str, **updates: Any) -> CaseDocument:
        target = self.ev[name]
        evidence = [
            e.model_copy(update=updates) if e.id == target else e for e in self.unsigned.evidence
        ]
        return self.replace(evidence=evidence)

    def add_evidence(self, evidence: Evidence) -> CaseDocument:
        return self.replace(evidence=[*self.unsigned.evidence, evidence])

    def determinations(self, determinations: list[Determination]) -> CaseDocument:
        assessment = self.unsigned.assessment.model_copy(update={"determinations": determinations})
        return self.replace(assessment=assessment)

    def determination(self, threshold: str, **updates: Any) -> CaseDocument:
        return self.determinations(
            [
                d.model_copy(update=updates) if d.threshold == threshold else d
                for d in self.unsigned.assessment.determinations
            ]
        )

    def without_determination(self, threshold: str) -> CaseDocument:
        return self.determinations(
            [d for d in self.unsigned.assessment.determinations if d.threshold != threshold]
        )

    def model(self, **updates: Any) -> CaseDocument:
        assessment = self.unsigned.assessment
        model = assessment.model.model_copy(update=updates)
        return self.replace(assessment=assessment.model_copy(update={"model": model}))

    def challenge(self, **updates: Any) -> CaseDocument:
        review = self.unsigned.review
        challenge = review.challenges[0].model_copy(update=updates)
        return self.replace(review=review.model_copy(update={"challenges": [challenge]}))

    def session(self, **updates: Any) -> CaseDocument:
        review = self.unsigned.review
        session = review.sessions[0].model_copy(update=updates)
        return self.replace(review=review.model_copy(update={"sessions": [session]}))

    def compliance(self, **updates: Any) -> CaseDocument:
        return self.replace(compliance=self.unsigned.compliance.model_copy(update=updates))

    def schedule(self, sid: str, **updates: Any) -> CaseDocument:
        schedule = [
            s.model_copy(update=updates) if s.id == sid else s
            for s in self.unsigned.compliance.schedule
        ]
        return self.compliance(schedule=schedule)

    def signoffs(self, signoffs: list[SignOff]) -> CaseDocument:
        return self.unsigned.model_copy(update={"signoffs": signoffs})


@pytest.fixture(scope="session")
def kit() -> CaseKit:
    return CaseKit()


@pytest.fixture(scope="session")
def framework() -> Framework:
    return make_framework()


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def now() -> dt.datetime:
    return NOW
