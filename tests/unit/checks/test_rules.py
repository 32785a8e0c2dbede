"""Every rule fires on a case broken in one way, and stays silent on the correct case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from workbench.checks import RULES, run_checks
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    ChallengeSeverity,
    ChallengeStatus,
    Determination,
    Element,
    ElementType,
    Evidence,
    Meaning,
    Module,
    NoncomplianceItem,
    NotApplicable,
    Obligation,
    ObligationKind,
    Outcome,
    Response,
    ScheduledAssessment,
    Severity,
    SignerRole,
)
from workbench.domain.catalog import TimeRange, TimeUnit
from workbench.domain.catalog import Trigger as CatalogTrigger

TODAY = dt.date(2025, 6, 2)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Trigger:
    """One way to break the correct case, and the finding it must produce.

    ``subject`` and ``fragment`` may name evidence as ``{audit}`` etc. (ids depend on hashes).
    """

    change: Callable[[Any], CaseDocument]
    subject: str
    severity: Severity
    fragment: str
    blob_status: dict[str, BlobStatus] = field(default_factory=dict)


def _goal(gid: str, **kw: Any) -> Element:
    return Element(id=gid, type=ElementType.goal, text=f"claim {gid}", **kw)


def _second_eval_log(kit: Any) -> Evidence:
    base = next(e for e in kit.unsigned.evidence if e.id == kit.ev["evallog"])
    sha = "ab" * 32
    return base.model_copy(
        update={
            "id": f"EV-{sha[:12]}",
            "sha256": sha,
            "methodology_version": "2.0",
            "collected": TODAY - 5 * DAY,
        }
    )


def _periodic_reports(kit: Any, first: dt.date, second: dt.date) -> CaseDocument:
    """The case under a framework with a report due every 3-6 months, published twice."""
    report = Obligation(
        id="TF/P/report",
        kind=ObligationKind.reporting,
        title="Periodic report",
        statement="A report every 3-6 months.",
        cadence=TimeRange(min=3, max=6, unit=TimeUnit.months),
    )
    schedule = [
        ScheduledAssessment(
            id=f"REP{n}", what=f"Report {n}", due=day, completed=day, obligation=report.id
        )
        for n, day in ((1, first), (2, second))
    ]
    framework = kit.unsigned.framework.model_copy(update={"obligations": [report]})
    return kit.replace(
        framework=framework,
        compliance=kit.unsigned.compliance.model_copy(update={"schedule": schedule}),
    )


def _with_framework(kit: Any, **update: Any) -> CaseDocument:
    """The case under a copy of its framework with some parts replaced."""
    return kit.replace(framework=kit.unsigned.framework.model_copy(update=update))


def _soft_target(kit: Any) -> CaseDocument:
    """A comprehensive assessment scheduled against a soft one-month target, 3 days past it."""
    comprehensive = Obligation(
        id="TF/P/comprehensive",
        kind=ObligationKind.process,
        title="Comprehensive assessment",
        statement="Should ideally be concluded within about a month.",
        deadline=TimeRange(max=1, unit=TimeUnit.months, hard=False),
    )
    item = ScheduledAssessment(
        id="SCH9", what="Comprehensive", due=TODAY - 3 * DAY, obligation=comprehensive.id
    )
    doc = _with_framework(kit, obligations=[comprehensive])
    return doc.model_copy(
        update={"compliance": doc.compliance.model_copy(update={"schedule": [item]})}
    )


def _unanswered_trigger(kit: Any) -> CaseDocument:
    notice = Obligation(
        id="TF/G/notice",
        kind=ObligationKind.notification,
        title="Government notice",
        statement="Notify a government entity when a threshold is crossed.",
        trigger=CatalogTrigger(event="threshold_crossed"),
    )
    return _with_framework(kit, obligations=[notice])


def _thresholds_with(kit: Any, threshold_id: str, **update: Any) -> list[Any]:
    return [
        t.model_copy(update=update) if t.id == threshold_id else t
        for t in kit.unsigned.framework.thresholds
    ]


def _alert_reached(kit: Any) -> CaseDocument:
    """The checkpoint turned into an alert threshold (GDM FSF §1.3.2), determined crossed."""
    thresholds = _thresholds_with(kit, "TF/CP-AUTO", checkpoint=False, alert=True)
    determinations = [
        d.model_copy(update={"outcome": Outcome.crossed}) if d.threshold == "TF/CP-AUTO" else d
        for d in kit.unsigned.assessment.determinations
    ]
    return kit.replace(
        framework=kit.unsigned.framework.model_copy(update={"thresholds": thresholds}),
        assessment=kit.unsigned.assessment.model_copy(update={"determinations": determinations}),
    )


def _ruled_out_by_checkpoint(kit: Any) -> CaseDocument:
    thresholds = _thresholds_with(kit, "TF/CP-AUTO", rules_out=["TF/AIRD-4"])
    doc = _with_framework(kit, thresholds=thresholds)
    kept = [d for d in doc.assessment.determinations if d.threshold != "TF/AIRD-4"]
    return doc.model_copy(
        update={"assessment": doc.assessment.model_copy(update={"determinations": kept})}
    )


def _instance(k: Any, **record: Any) -> CaseDocument:
    """G4 as the root of an instance of a pattern repeating over TF/ASL3-D's requirements."""
    body: dict[str, Any] = {
        "name": "criteria",
        "bindings": [{"name": "standard", "kind": "standard", "value": "TF/ASL3-D"}],
        "members": [
            {"id": "G4", "role": "top", "type": "goal"},
            {"id": "Sn3", "role": "ev", "type": "solution", "parent": "G4", "link": "supported_by"},
        ],
        "repetitions": [
            {"role": "crit", "over": "requirements", "of": "TF/ASL3-D", "parent": "G4"}
        ],
        **record,
    }
    return k.elements({"G4": {"metadata": {"pattern": body}}})


TRIGGERS: dict[str, Trigger] = {
    # ------------------------------------------------------------------ GSN
    "GSN-DUPLICATE-ID": Trigger(
        lambda k: k.unvalidated_elements([*k.unsigned.case.elements, k.unsigned.case.elements[-1]]),
        "Sn5",
        Severity.blocker,
        "element id Sn5 is used by more than one element",
    ),
    "GSN-DANGLING-LINK": Trigger(
        lambda k: k.unvalidated_elements(
            [
                e.model_copy(update={"supported_by": ["Sn5", "G99"]}) if e.id == "G5" else e
                for e in k.unsigned.case.elements
            ]
        ),
        "G5",
        Severity.blocker,
        "SupportedBy link to G99, which does not exist",
    ),
    "GSN-LINK-TYPE": Trigger(
        lambda k: k.elements({"G2": {"supported_by": ["Sn1", "C1"]}}),
        "G2",
        Severity.major,
        "goal G2 is SupportedBy context C1",
    ),
    "GSN-NON-LEAF": Trigger(
        lambda k: k.elements({"Sn1": {"in_context_of": ["C1"]}}),
        "Sn1",
        Severity.major,
        "solution Sn1 links to C1, but a solution must be a leaf",
    ),
    "GSN-CYCLE": Trigger(
        lambda k: k.elements({"G5": {"supported_by": ["Sn5", "S1"]}}),
        "S1",
        Severity.blocker,
        "cycle through 2 elements: S1, G5",
    ),
    "GSN-UNSUPPORTED": Trigger(
        lambda k: k.elements({"G5": {"supported_by": []}, "G3": {"supported_by": ["Sn2", "Sn5"]}}),
        "G5",
        Severity.major,
        "goal G5 has no SupportedBy link and is not marked undeveloped",
    ),
    "GSN-UNDEVELOPED-WITH-CHILDREN": Trigger(
        lambda k: k.elements({"G5": {"undeveloped": True}}),
        "G5",
        Severity.major,
        "goal G5 is marked undeveloped but is SupportedBy Sn5",
    ),
    "GSN-STRATEGY-NO-GOAL": Trigger(
        lambda k: k.elements(
            {"G1": {"supported_by": ["S1", "S2"]}},
            add=[
                Element(
                    id="S2", type=ElementType.strategy, text="Argue directly", supported_by=["Sn6"]
                ),
                Element(
                    id="Sn6", type=ElementType.solution, text="Policy", evidence=[k.ev["policy"]]
                ),
            ],
        ),
        "S2",
        Severity.major,
        "strategy S2 has no sub-goal (it is SupportedBy Sn6)",
    ),
    "GSN-NO-ROOT-GOAL": Trigger(
        lambda k: k.elements(
            add=[
                Element(
                    id="S9",
                    type=ElementType.strategy,
                    text="Security argument",
                    module="sec",
                    undeveloped=True,
                )
            ],
            modules=[Module(id="main"), Module(id="sec")],
        ),
        "sec",
        Severity.major,
        "module sec has no top goal (its top-level elements: S9)",
    ),
    "GSN-ROOT-NOT-GOAL": Trigger(
        lambda k: k.elements(add=[Element(id="C9", type=ElementType.context, text="Orphan")]),
        "C9",
        Severity.major,
        "context C9 is at the top of module main; only a goal may be",
    ),
    "GSN-MULTIPLE-TOP": Trigger(
        lambda k: k.elements(add=[_goal("G9", undeveloped=True)]),
        "main",
        Severity.minor,
        "module main has 2 top goals: G1, G9",
    ),
    "GSN-UNREACHABLE": Trigger(
        lambda k: k.elements(
            add=[
                Element(id="S9", type=ElementType.strategy, text="Orphan", supported_by=["G9"]),
                _goal("G9", undeveloped=True),
            ]
        ),
        "G9",
        Severity.major,
        "goal G9 cannot be reached from any top goal",
    ),
    "GSN-COUNTER-NO-TARGET": Trigger(
        lambda k: k.elements(
            add=[Element(id="CG9", type=ElementType.counter_goal, text="Nothing in view")]
        ),
        "CG9",
        Severity.major,
        "counter goal CG9 challenges nothing and supports no counter element",
    ),
    "GSN-AWAY-UNRESOLVED": Trigger(
        lambda k: k.elements(
            {"S1": {"supported_by": ["G2", "G3", "G4", "G5", "AG1"]}},
            add=[
                Element(
                    id="AG1", type=ElementType.away_goal, text="Elsewhere", away_module="nowhere"
                )
            ],
        ),
        "AG1",
        Severity.major,
        "away goal AG1 refers to module nowhere, which does not exist",
    ),
    "GSN-UNDEVELOPED": Trigger(
        lambda k: k.elements(
            {"S1": {"supported_by": ["G2", "G3", "G4", "G5", "G9"]}},
            add=[_goal("G9", undeveloped=True)],
        ),
        "G9",
        Severity.info,
        "goal G9 is undeveloped",
    ),
    "GSN-UNKNOWN-REQUIREMENT": Trigger(
        lambda k: k.elements(
            {"G2": {"addresses": ["TF/ASL2-D/model-card", "TF/ASL2-D/nonexistent"]}}
        ),
        "G2",
        Severity.major,
        "names requirement TF/ASL2-D/nonexistent, which framework TF does not have",
    ),
    "COV-UNMAPPED": Trigger(
        lambda k: k.elements({"G2": {"addresses": ["TF/ASL2-D/model-card", "OLD-1/ASL2-D/x"]}}),
        "G2",
        Severity.major,
        "G2 claims OLD-1/ASL2-D/x, a requirement of OLD-1; the case is judged against TF",
    ),
    "GSN-CLAIM-NOT-GOAL": Trigger(
        lambda k: k.elements({"Sn1": {"addresses": ["TF/ASL2-D/model-card"]}}),
        "Sn1",
        Severity.minor,
        "solution Sn1 claims TF/ASL2-D/model-card, but only goals claim requirements",
    ),
    # ------------------------------------------------------------------ DET
    "DET-MISSING": Trigger(
        lambda k: k.without_determination("TF/CBRN-4"),
        "TF/CBRN-4",
        Severity.blocker,
        "threshold TF/CBRN-4 (CBRN-4) has no capability determination",
    ),
    "DET-UNKNOWN-THRESHOLD": Trigger(
        lambda k: k.determinations(
            [
                *k.unsigned.assessment.determinations,
                Determination(
                    threshold="TF/NOPE", outcome=Outcome.ruled_out, evidence=[k.ev["capability"]]
                ),
            ]
        ),
        "TF/NOPE",
        Severity.major,
        "names threshold TF/NOPE, which framework TF does not have",
    ),
    "DET-NO-EVIDENCE": Trigger(
        lambda k: k.determination("TF/CBRN-4", evidence=[]),
        "TF/CBRN-4",
        Severity.blocker,
        "the determination of TF/CBRN-4 (ruled_out) cites no evidence",
    ),
    "DET-UNKNOWN-EVIDENCE": Trigger(
        lambda k: k.determination("TF/CBRN-4", evidence=["EV-000000000000"]),
        "TF/CBRN-4",
        Severity.blocker,
        "cites evidence EV-000000000000, which is not in the case",
    ),
    "DET-EVIDENCE-KIND": Trigger(
        lambda k: k.determination("TF/CBRN-4", evidence=[k.ev["audit"]]),
        "TF/CBRN-4",
        Severity.major,
        "cites {audit} (audit document) of kind audit; determinations rest on "
        "capability_report, eval_log",
    ),
    "DET-ONGOING-NO-REPORT": Trigger(
        lambda k: k.determination("TF/CYBER", evidence=[k.ev["evallog"]]),
        "TF/CYBER",
        Severity.minor,
        "ongoing threshold TF/CYBER is assessed continuously but its determination cites no "
        "capability report",
    ),
    "DET-UNSPECIFIED-STANDARD": Trigger(
        lambda k: k.determination("TF/CBRN-4", outcome=Outcome.cannot_rule_out),
        "TF/CBRN-4",
        Severity.blocker,
        "requires TF/ASL4-D, TF/ASL4-S: the framework has not defined these safeguards; the "
        "model cannot be deployed under this framework until they exist",
    ),
    "DET-CHECKPOINT": Trigger(
        lambda k: k.determination("TF/CP-AUTO", outcome=Outcome.crossed),
        "TF/CP-AUTO",
        Severity.info,
        "checkpoint TF/CP-AUTO is crossed; the framework asks: prepare ASL-3 security",
    ),
    "DET-ALERT": Trigger(
        _alert_reached,
        "TF/CP-AUTO",
        Severity.info,
        "alert threshold TF/CP-AUTO is crossed; the framework asks: prepare ASL-3 security",
    ),
    "DET-EXPECTED-STANDARD": Trigger(
        lambda k: _with_framework(
            k, thresholds=_thresholds_with(k, "TF/CBRN-3", expected_standards=["TF/AFFIRM"])
        ),
        "TF/CBRN-3",
        Severity.minor,
        "beyond what it requires, the text expects TF/AFFIRM; expected standards are reported",
    ),
    "DET-RULED-OUT-BY-CHECKPOINT": Trigger(
        _ruled_out_by_checkpoint,
        "TF/AIRD-4",
        Severity.info,
        "checkpoint TF/CP-AUTO is ruled out, which the framework treats as ruling out TF/AIRD-4",
    ),
    "DET-REQUIRED-ASL": Trigger(
        lambda k: k.determination("TF/CBRN-3", outcome=Outcome.ruled_out),
        "ASM1",
        Severity.info,
        "required ASL-2 (deployment ASL-2, security ASL-2): no threshold that demands safeguards "
        "is crossed",
    ),
    # ------------------------------------------------------------------ COV
    "COV-MISSING": Trigger(
        lambda k: k.elements({"G5": {"addresses": []}}),
        "TF/ASL3-S/audits",
        Severity.blocker,
        "requirement TF/ASL3-S/audits of TF/ASL3-S (ASL-3 security) is demanded but no goal "
        "claims it",
    ),
    "COV-PARTIAL": Trigger(
        lambda k: k.elements(
            {"G5": {"supported_by": ["S5"]}, "G3": {"supported_by": ["Sn2", "Sn5"]}},
            add=[
                Element(id="S5", type=ElementType.strategy, text="By audit", supported_by=["G6"]),
                _goal("G6", undeveloped=True),
            ],
        ),
        "TF/ASL3-S/audits",
        Severity.major,
        "goal G5 claims TF/ASL3-S/audits but its branch via S5 ends in undeveloped goal G6",
    ),
    "COV-NA-UNJUSTIFIED": Trigger(
        lambda k: k.elements(
            {
                "G5": {
                    "addresses": [],
                    "not_applicable": [
                        NotApplicable(requirement="TF/ASL3-S/audits", justification=" ")
                    ],
                }
            }
        ),
        "G5",
        Severity.major,
        "element G5 marks TF/ASL3-S/audits not applicable without a justification",
    ),
    "COV-NOT-DEMANDED": Trigger(
        lambda k: k.elements(
            {"G5": {"addresses": ["TF/ASL3-S/audits", "TF/AFFIRM/affirmative-case"]}}
        ),
        "TF/AFFIRM/affirmative-case",
        Severity.info,
        "is claimed by G5, but its standard TF/AFFIRM is not demanded at the required ASL",
    ),
    # ------------------------------------------------------------------ EVD
    "EVD-UNKNOWN": Trigger(
        lambda k: k.elements({"Sn5": {"evidence": ["EV-ffffffffffff"]}}),
        "Sn5",
        Severity.blocker,
        "solution Sn5 cites evidence EV-ffffffffffff, which is not in the case",
    ),
    "EVD-NO-EVIDENCE": Trigger(
        lambda k: k.elements({"Sn5": {"evidence": []}}),
        "Sn5",
        Severity.major,
        "solution Sn5 cites no evidence",
    ),
    "EVD-BLOB-MISSING": Trigger(
        lambda k: k.doc,
        "{audit}",
        Severity.major,
        "evidence {audit} (audit.txt) has no stored bytes",
        {"audit": BlobStatus.missing},
    ),
    "EVD-BLOB-CORRUPT": Trigger(
        lambda k: k.doc,
        "{audit}",
        Severity.blocker,
        "stored bytes no longer match SHA-256",
        {"audit": BlobStatus.corrupt},
    ),
    "EVD-EXPIRED": Trigger(
        lambda k: k.evidence("audit", expires=TODAY - DAY),
        "{audit}",
        Severity.major,
        "expired on 2025-06-01, 1 day ago, and is cited by Sn2, Sn5",
    ),
    "EVD-SUPERSEDED": Trigger(
        lambda k: k.evidence("audit", superseded_by=k.ev["safeguards"]),
        "{audit}",
        Severity.major,
        "is superseded by {safeguards} but still cited by Sn2, Sn5",
    ),
    "EVD-STALE-ASSESSMENT": Trigger(
        lambda k: k.model(last_comprehensive=dt.date(2024, 12, 1)),
        "ASM1",
        Severity.blocker,
        "the last comprehensive assessment (2024-12-01) is more than 6 months before "
        "2025-06-02 (limit 2024-12-02)",
    ),
    "EVD-ASSESSMENT-UNDATED": Trigger(
        lambda k: k.model(last_comprehensive=None),
        "ASM1",
        Severity.minor,
        "model Model X has no date of its last comprehensive assessment",
    ),
    "EVD-METHODOLOGY-CHANGE": Trigger(
        lambda k: k.add_evidence(_second_eval_log(k)),
        "EV-abababababab",
        Severity.major,
        "evaluation bio has evidence under methodology version 1.0 ({evallog}) and 2.0 "
        "(EV-abababababab) but no methodology-change record between them",
    ),
    "EVD-EVAL-FAILED": Trigger(
        lambda k: k.evidence("evallog", metadata={"status": "error"}),
        "{evallog}",
        Severity.major,
        "eval run did not succeed (status error)",
    ),
    # ------------------------------------------------------------------ REV
    "REV-OPEN-BLOCKING": Trigger(
        lambda k: k.challenge(status=ChallengeStatus.open, responses=[]),
        "CH1",
        Severity.blocker,
        "major undermining challenge CH1 on G4 (raised by Rob Reviewer) is open and blocks "
        "approval",
    ),
    "REV-ANSWERED-UNRESOLVED": Trigger(
        lambda k: k.challenge(status=ChallengeStatus.answered),
        "CH1",
        Severity.major,
        "has been answered but not resolved",
    ),
    "REV-OPEN-MINOR": Trigger(
        lambda k: k.challenge(
            status=ChallengeStatus.open, severity=ChallengeSeverity.minor, responses=[]
        ),
        "CH1",
        Severity.minor,
        "minor undermining challenge CH1 on G4 (raised by Rob Reviewer) is open",
    ),
    "REV-SESSION-OPEN": Trigger(
        lambda k: k.session(ended=None),
        "RS1",
        Severity.minor,
        "review session RS1 (Stress test) started 2025-05-23 and was never closed",
    ),
    "REV-NO-MINUTES": Trigger(
        lambda k: k.session(minutes=""),
        "RS1",
        Severity.minor,
        "review session RS1 (Stress test) was closed without minutes",
    ),
    "REV-RISK-ACCEPTED-NOT-APPROVER": Trigger(
        lambda k: k.challenge(
            status=ChallengeStatus.risk_accepted,
            responses=[
                Response(
                    by="Ann Author",
                    at=dt.datetime(2025, 5, 25, tzinfo=dt.UTC),
                    status=ChallengeStatus.risk_accepted,
                    text="We accept it.",
                )
            ],
        ),
        "CH1",
        Severity.blocker,
        "the risk was accepted by Ann Author (author), who is not an approver",
    ),
    "REV-TARGET-GONE": Trigger(
        lambda k: k.challenge(target="G99"),
        "CH1",
        Severity.minor,
        "challenge CH1 targets element G99, which no longer exists",
    ),
    "REV-COUNTER-NO-CHALLENGE": Trigger(
        lambda k: k.elements(
            add=[Element(id="CG9", type=ElementType.counter_goal, text="Not so", challenges="G1")]
        ),
        "CG9",
        Severity.minor,
        "counter goal CG9 challenges G1, but no review challenge states it",
    ),
    # ------------------------------------------------------------------ CMP
    "CMP-OVERDUE": Trigger(
        lambda k: k.schedule("SCH2", due=TODAY - 10 * DAY),
        "SCH2",
        Severity.major,
        "Re-approval was due 2025-05-23 and is 10 days overdue",
    ),
    "CMP-PAST-TARGET": Trigger(
        _soft_target,
        "SCH9",
        Severity.minor,
        "is 3 days past its target 2025-05-30 (TF/P/comprehensive: within 1 month (soft target))",
    ),
    "CMP-TRIGGER-UNANSWERED": Trigger(
        _unanswered_trigger,
        "TF/G/notice",
        Severity.minor,
        "threshold TF/CBRN-3 is cannot_rule_out, which starts TF/G/notice (Government notice)",
    ),
    "CMP-LATE": Trigger(
        lambda k: k.schedule("SCH1", completed=TODAY - 27 * DAY),
        "SCH1",
        Severity.info,
        "completed 2025-05-06, 3 days late",
    ),
    "CMP-CADENCE-LATE": Trigger(
        lambda k: _periodic_reports(k, TODAY - 200 * DAY, TODAY - 10 * DAY),
        "REP2",
        Severity.major,
        "was completed 2025-05-23, 9 days late: its window closed 2025-05-14",
    ),
    "CMP-PRELIMINARY-DUE": Trigger(
        lambda k: k.model(post_training_months=6),
        "ASM1",
        Severity.major,
        "6 months of post-training improvement have accumulated (limit 6)",
    ),
    "CMP-REAPPROVAL": Trigger(
        lambda k: k.signoffs(
            [
                k.signoff(k.unsigned, "SO1", "Ann Author", SignerRole.author, Meaning.authored),
                k.signoff(k.unsigned, "SO2", "Rob Reviewer", SignerRole.reviewer, Meaning.reviewed),
                k.signoff(
                    k.unsigned,
                    "SO3",
                    "Ada Approver",
                    SignerRole.approver,
                    Meaning.approved,
                    dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC),
                ),
            ]
        ),
        "SO3",
        Severity.major,
        "the newest approval (Ada Approver, 2024-06-01) is 366 days old",
    ),
    "CMP-NONCOMPLIANCE": Trigger(
        lambda k: k.compliance(
            noncompliance=[
                NoncomplianceItem(
                    id="NC2",
                    description="Evaluation skipped.",
                    reported=TODAY - 3 * DAY,
                    board_notification=True,
                )
            ]
        ),
        "NC2",
        Severity.major,
        "noncompliance NC2 (medium, reported 2025-05-30) is open and must be notified to the Board",
    ),
    # ------------------------------------------------------------------ SIG
    "SIG-VOID": Trigger(
        lambda k: k.doc.model_copy(
            update={"assessment": k.doc.assessment.model_copy(update={"title": "Changed"})}
        ),
        "SO1",
        Severity.major,
        "sign-off by Ann Author (authored) was given for state",
    ),
    "SIG-OLD-HASH-FORMAT": Trigger(
        lambda k: k.signoffs(
            [
                s.model_copy(update={"state_hash": k.doc.state_hash(1)}) if s.id == "SO1" else s
                for s in k.doc.signoffs
            ]
        ),
        "SO1",
        Severity.info,
        "pinned this state with state-hash format 1",
    ),
    "SIG-ROLE-MEANING": Trigger(
        lambda k: k.signoffs(
            [
                *k.doc.signoffs,
                k.signoff(k.unsigned, "SO4", "Rob Reviewer", SignerRole.reviewer, Meaning.approved),
            ]
        ),
        "SO4",
        Severity.blocker,
        "Rob Reviewer signed as reviewer with meaning approved; a reviewer may only sign reviewed",
    ),
    "SIG-NO-AUTHORED": Trigger(
        lambda k: k.signoffs([s for s in k.doc.signoffs if s.meaning != Meaning.authored]),
        "ASM1",
        Severity.minor,
        "no current sign-off by an author",
    ),
    "SIG-NO-REVIEWED": Trigger(
        lambda k: k.signoffs([s for s in k.doc.signoffs if s.meaning != Meaning.reviewed]),
        "ASM1",
        Severity.minor,
        "no current sign-off by a reviewer",
    ),
    "SIG-NO-APPROVED": Trigger(
        lambda k: k.signoffs([s for s in k.doc.signoffs if s.meaning != Meaning.approved]),
        "ASM1",
        Severity.info,
        "not yet approved",
    ),
    "PAT-DEFINITION": Trigger(
        lambda k: _instance(k, bindings="none"),
        "G4",
        Severity.major,
        "keeps a record of pattern 'criteria' that is not well formed",
    ),
    "PAT-UNBOUND": Trigger(
        lambda k: _instance(k, bindings=[{"name": "standard", "kind": "standard"}]),
        "G4",
        Severity.major,
        "whose parameter standard is unbound",
    ),
    "PAT-MULTIPLICITY": Trigger(
        lambda k: _instance(
            k,
            repetitions=[
                {"role": "crit", "over": "requirements", "of": "TF/ASL3-S", "parent": "G4"}
            ],
        ),
        "G4",
        Severity.major,
        "has no sub-goal for requirement",
    ),
    "PAT-DRIFT": Trigger(
        lambda k: _instance(
            k,
            members=[
                {"id": "G4", "role": "top", "type": "goal"},
                {
                    "id": "Sn3",
                    "role": "ev",
                    "type": "solution",
                    "parent": "G2",
                    "link": "supported_by",
                },
                {"id": "Sn9", "role": "gone", "type": "solution", "parent": "G4"},
            ],
        ),
        "G4",
        Severity.minor,
        "edited away from the pattern: deleted Sn9; moved Sn3",
    ),
}

#: Rules whose finding the correct case legitimately carries.
EXPECTED_ON_CORRECT_CASE = {"DET-REQUIRED-ASL"}


def test_every_rule_has_a_trigger() -> None:
    assert sorted(TRIGGERS) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_fires_on_broken_case(kit: Any, rule_id: str) -> None:
    trigger = TRIGGERS[rule_id]
    doc = trigger.change(kit)
    blobs = {kit.ev[name]: status for name, status in trigger.blob_status.items()}
    report = run_checks(doc, today=TODAY, blob_status=blobs or None)
    subject = trigger.subject.format(**kit.ev)
    matching = [f for f in report.findings if f.rule == rule_id and f.subject == subject]
    assert matching, [f"{f.rule} {f.subject}: {f.message}" for f in report.findings]
    finding = matching[0]
    assert finding.severity == trigger.severity
    assert trigger.fragment.format(**kit.ev) in finding.message
    assert finding.hint


@pytest.mark.parametrize("rule_id", sorted(set(RULES) - EXPECTED_ON_CORRECT_CASE))
def test_rule_silent_on_correct_case(kit: Any, rule_id: str) -> None:
    present = {kit.ev[name]: BlobStatus.present for name in kit.ev}
    report = run_checks(kit.doc, today=TODAY, blob_status=present)
    assert [f.message for f in report.findings if f.rule == rule_id] == []


def test_correct_case_only_states_the_required_asl(kit: Any) -> None:
    report = run_checks(kit.doc, today=TODAY)
    assert [(f.rule, f.severity) for f in report.findings] == [("DET-REQUIRED-ASL", Severity.info)]
    assert report.findings[0].message == (
        "required ASL-3 (deployment ASL-3, security ASL-3): TF/CBRN-3 is cannot_rule_out; "
        "demanded standards: TF/ASL2-D, TF/ASL2-S, TF/ASL3-D, TF/ASL3-S"
    )


def test_rule_ids_are_prefixed_by_their_family() -> None:
    assert all(rule.id.startswith(f"{rule.family}-") for rule in RULES.values())
    assert {rule.family for rule in RULES.values()} == {
        "GSN",
        "DET",
        "COV",
        "EVD",
        "REV",
        "CMP",
        "SIG",
        "PAT",
    }


def test_undeveloped_goal_claiming_demanded_requirement_is_blocker(kit: Any) -> None:
    doc = kit.elements({"G5": {"undeveloped": True, "supported_by": []}}, add=[])
    report = run_checks(doc, today=TODAY)
    found = [f for f in report.findings if f.rule == "GSN-UNDEVELOPED" and f.subject == "G5"]
    assert [(f.severity, f.message) for f in found] == [
        (
            Severity.blocker,
            "goal G5 is undeveloped but claims demanded requirement TF/ASL3-S/audits",
        )
    ]


def test_answered_minor_challenge_is_minor(kit: Any) -> None:
    doc = kit.challenge(status=ChallengeStatus.answered, severity=ChallengeSeverity.minor)
    report = run_checks(doc, today=TODAY)
    found = [f.severity for f in report.findings if f.rule == "REV-ANSWERED-UNRESOLVED"]
    assert found == [Severity.minor]


def test_risk_accepted_by_session_approver_is_silent(kit: Any) -> None:
    doc = kit.challenge(
        status=ChallengeStatus.risk_accepted,
        responses=[
            Response(
                by="Ada Approver",
                at=dt.datetime(2025, 5, 25, tzinfo=dt.UTC),
                status=ChallengeStatus.risk_accepted,
                text="Residual risk accepted for this release.",
            )
        ],
    )
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule.startswith("REV-")] == []


def test_risk_accepted_with_approver_role_on_response_is_silent(kit: Any) -> None:
    doc = kit.challenge(
        status=ChallengeStatus.risk_accepted,
        responses=[
            Response(
                by="Someone Outside The Session",
                at=dt.datetime(2025, 5, 25, tzinfo=dt.UTC),
                status=ChallengeStatus.risk_accepted,
                text="Accepted.",
                role="approver",
            )
        ],
    )
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule.startswith("REV-")] == []


@pytest.mark.parametrize(
    ("days", "severity"),
    [
        (1, Severity.minor),
        (7, Severity.minor),
        (8, Severity.major),
        (30, Severity.major),
        (31, Severity.blocker),
    ],
)
def test_overdue_severity_grows_with_delay(kit: Any, days: int, severity: Severity) -> None:
    doc = kit.schedule("SCH2", due=TODAY - days * DAY)
    report = run_checks(doc, today=TODAY)
    found = [(f.severity, f.message) for f in report.findings if f.rule == "CMP-OVERDUE"]
    assert len(found) == 1
    assert found[0][0] == severity
    assert f"{days} day{'s' if days > 1 else ''} overdue" in found[0][1]


def test_due_today_is_not_overdue(kit: Any) -> None:
    doc = kit.schedule("SCH2", due=TODAY)
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule == "CMP-OVERDUE"] == []


def test_noncompliance_without_board_notification_is_minor(kit: Any) -> None:
    doc = kit.compliance(
        noncompliance=[
            NoncomplianceItem(id="NC2", description="Late report.", reported=TODAY - 3 * DAY)
        ]
    )
    report = run_checks(doc, today=TODAY)
    found = [f.severity for f in report.findings if f.rule == "CMP-NONCOMPLIANCE"]
    assert found == [Severity.minor]


def test_stale_assessment_on_compute_increase_names_ratio(kit: Any) -> None:
    doc = kit.model(effective_compute_ratio=4.5)
    report = run_checks(doc, today=TODAY)
    found = [f.message for f in report.findings if f.rule == "EVD-STALE-ASSESSMENT"]
    assert len(found) == 1
    assert "effective compute is 4.5x that of the last comprehensively assessed model" in found[0]
    assert "(limit 4x)" in found[0]


def test_assessment_exactly_six_months_old_is_not_stale(kit: Any) -> None:
    doc = kit.model(last_comprehensive=dt.date(2024, 12, 2))
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule == "EVD-STALE-ASSESSMENT"] == []


@pytest.mark.parametrize(("old", "new"), [("1.0", "2.0"), ("2.0", "1.0")])
def test_recorded_methodology_change_silences_the_rule(kit: Any, old: str, new: str) -> None:
    from workbench.domain import MethodologyChange

    second = _second_eval_log(kit)
    change = MethodologyChange(
        id="MC1",
        evaluation="bio",
        from_version=old,
        to_version=new,
        reason="New grader",
        recorded=TODAY - DAY,
    )
    doc = kit.replace(
        evidence=[*kit.unsigned.evidence, second],
        compliance=kit.unsigned.compliance.model_copy(update={"methodology_changes": [change]}),
    )
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule == "EVD-METHODOLOGY-CHANGE"] == []


def test_void_sign_off_names_the_signed_state(kit: Any) -> None:
    doc = TRIGGERS["SIG-VOID"].change(kit)
    report = run_checks(doc, today=TODAY)
    messages = [f.message for f in report.findings if f.rule == "SIG-VOID"]
    signed = kit.doc.signoffs[0].state_hash[:12]
    assert len(messages) == 3
    assert f"was given for state {signed}… and is void after later changes" in messages[0]


def test_void_approval_leaves_case_not_yet_approved(kit: Any) -> None:
    doc = TRIGGERS["SIG-VOID"].change(kit)
    report = run_checks(doc, today=TODAY)
    rules = {f.rule for f in report.findings}
    assert {"SIG-NO-AUTHORED", "SIG-NO-REVIEWED", "SIG-NO-APPROVED"} <= rules


def test_cycle_is_reported_once(kit: Any) -> None:
    doc = kit.elements(
        {"G5": {"supported_by": ["Sn5", "S1"]}, "G4": {"supported_by": ["Sn3", "Sn4", "S1"]}}
    )
    report = run_checks(doc, today=TODAY)
    cycles = [f.message for f in report.findings if f.rule == "GSN-CYCLE"]
    assert cycles == ["SupportedBy links form a cycle through 3 elements: S1, G4, G5"]


def test_dangling_link_does_not_crash_coverage(kit: Any) -> None:
    doc = TRIGGERS["GSN-DANGLING-LINK"].change(kit)
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule.startswith("COV-")] == []


def test_away_goal_naming_missing_element(kit: Any) -> None:
    doc = kit.elements(
        {"S1": {"supported_by": ["G2", "G3", "G4", "G5", "AG1"]}},
        add=[
            Element(
                id="AG1",
                type=ElementType.away_goal,
                text="Security argument",
                away_module="main",
                away_element="G42",
            )
        ],
    )
    report = run_checks(doc, today=TODAY)
    found = [f.message for f in report.findings if f.rule == "GSN-AWAY-UNRESOLVED"]
    assert found == ["away goal AG1 refers to G42 in module main, which does not exist"]


def test_away_goal_into_another_module_counts_as_support(kit: Any) -> None:
    doc = kit.elements(
        {"G5": {"supported_by": ["AG1"]}, "G3": {"supported_by": ["Sn2", "Sn5"]}},
        add=[
            Element(
                id="AG1",
                type=ElementType.away_goal,
                text="Weights are secured",
                away_module="sec",
                away_element="G20",
            ),
            Element(
                id="G20",
                type=ElementType.goal,
                text="Weights are secured",
                module="sec",
                supported_by=["Sn20"],
            ),
            Element(
                id="Sn20",
                type=ElementType.solution,
                text="Audit",
                module="sec",
                evidence=[kit.ev["audit"]],
            ),
        ],
        modules=[Module(id="main"), Module(id="sec")],
    )
    report = run_checks(doc, today=TODAY)
    assert [(f.rule, f.subject) for f in report.findings if f.severity != Severity.info] == []


def test_evidence_kinds_for_determination_include_eval_logs(kit: Any) -> None:
    doc = kit.determination("TF/CBRN-4", evidence=[kit.ev["evallog"]])
    report = run_checks(doc, today=TODAY)
    assert [f for f in report.findings if f.rule == "DET-EVIDENCE-KIND"] == []


def test_cycle_detached_from_the_argument_is_unreachable(kit: Any) -> None:
    doc = kit.elements(
        add=[_goal("G8", supported_by=["G9"]), _goal("G9", supported_by=["G8"])],
    )
    report = run_checks(doc, today=TODAY)
    unreachable = [f.subject for f in report.findings if f.rule == "GSN-UNREACHABLE"]
    cycles = [f.message for f in report.findings if f.rule == "GSN-CYCLE"]
    assert unreachable == ["G8", "G9"]
    assert cycles == ["SupportedBy links form a cycle through 2 elements: G8, G9"]


def test_preliminary_trigger_is_answered_by_a_later_preliminary_assessment(
    kit: Any, today: dt.date
) -> None:
    facts = {"effective_compute_ratio": 4.0, "last_comprehensive": today - dt.timedelta(days=90)}
    due = kit.model(**facts, last_preliminary=today - dt.timedelta(days=120))
    prelim = [f for f in run_checks(due, today=today).findings if f.rule == "CMP-PRELIMINARY-DUE"]
    assert len(prelim) == 1
    assert f"last comprehensive assessment {facts['last_comprehensive']}" in prelim[0].message
    done = kit.model(**facts, last_preliminary=today - dt.timedelta(days=30))
    assert "CMP-PRELIMINARY-DUE" not in {f.rule for f in run_checks(done, today=today).findings}


def test_required_asl_finding_does_not_credit_a_crossed_checkpoint(
    kit: Any, today: dt.date
) -> None:
    doc = kit.determination("TF/CP-AUTO", outcome=Outcome.crossed)
    finding = next(f for f in run_checks(doc, today=today).findings if f.rule == "DET-REQUIRED-ASL")
    assert "TF/CP-AUTO" not in finding.message
