"""A case judged against the Frontier Safety Framework v3.1: determinations per CCL and alert
threshold, the safeguards a reached T/CCL demands, the obligations it starts."""

from __future__ import annotations

import datetime as dt
import hashlib

from tests.builders import case
from workbench.checks import run_checks
from workbench.domain import (
    CaseDocument,
    CheckReport,
    Determination,
    Evidence,
    EvidenceKind,
    Outcome,
    ScheduledAssessment,
)
from workbench.domain.evidence import evidence_id

P = "GDM-FSF-3.1"
TODAY = dt.date(2026, 12, 1)


def _report() -> Evidence:
    content = b"critical capability assessment"
    sha = hashlib.sha256(content).hexdigest()
    return Evidence(
        id=evidence_id(sha),
        sha256=sha,
        size=len(content),
        filename="cca.pdf",
        title="Critical capability assessment",
        kind=EvidenceKind.capability_report,
        collected=TODAY - dt.timedelta(days=30),
        imported_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )


def _case(
    outcomes: dict[str, Outcome],
    *,
    undetermined: tuple[str, ...] = (),
    schedule: tuple[str, ...] = (),
) -> CaseDocument:
    """A small GDM case: every threshold ruled out unless ``outcomes`` says otherwise."""
    report = _report()
    doc = (
        case("Gemini-X", framework=P)
        .goal("G1", "The model's residual risk is acceptable under the FSF v3.1")
        .goal("G2", addresses=[f"{P}/MISUSE-DEPLOYMENT/safeguards-suite"])
        .solution("Sn1")
        .document()
    )
    determinations = [
        Determination(
            threshold=t.id,
            outcome=outcomes.get(t.id.removeprefix(f"{P}/"), Outcome.ruled_out),
            evidence=[report.id],
        )
        for t in doc.framework.thresholds
        if t.id.removeprefix(f"{P}/") not in undetermined
    ]
    items = [
        ScheduledAssessment(id=f"SCH-{i}", what=o, due=TODAY + dt.timedelta(days=20), obligation=o)
        for i, o in enumerate(f"{P}/{s}" for s in schedule)
    ]
    assessment = doc.assessment.model_copy(update={"determinations": determinations})
    compliance = doc.compliance.model_copy(update={"schedule": items})
    return doc.model_copy(
        update={"evidence": [report], "assessment": assessment, "compliance": compliance}
    )


def _subjects(report: CheckReport, rule: str) -> list[str]:
    return sorted(f.subject.removeprefix(f"{P}/") for f in report.findings if f.rule == rule)


def test_built_case_is_judged_against_the_framework() -> None:
    doc = _case({})
    assert (doc.framework.id, doc.assessment.framework_id) == (P, P)


def test_every_ccl_and_alert_threshold_needs_a_determination() -> None:
    report = run_checks(_case({}, undetermined=("MLRD-AUTOMATION-1-ALERT",)), today=TODAY)
    assert _subjects(report, "DET-MISSING") == ["MLRD-AUTOMATION-1-ALERT"]
    # Nothing reached: only the baseline risk management process is demanded.
    assert report.required_asl.standards == [f"{P}/RISK-MANAGEMENT"]
    assert _subjects(report, "CMP-TRIGGER-UNANSWERED") == []


def test_a_reached_alert_threshold_starts_the_response_not_safeguards() -> None:
    report = run_checks(_case({"CBRN-UPLIFT-1-ALERT": Outcome.crossed}), today=TODAY)
    assert _subjects(report, "DET-ALERT") == ["CBRN-UPLIFT-1-ALERT"]
    assert _subjects(report, "DET-UNSPECIFIED-STANDARD") == []
    assert report.required_asl.standards == [f"{P}/RISK-MANAGEMENT"]
    # Only the alert's obligations start: no residual risk assessment, no pre-deployment review.
    assert _subjects(report, "CMP-TRIGGER-UNANSWERED") == [
        "P/alert-proximity-assessment",
        "P/response-plan",
    ]
    alert = next(f for f in report.findings if f.rule == "DET-ALERT")
    assert "response plan" in alert.message


def test_a_misuse_ccl_demands_its_safeguards_and_reports_the_recommended_level() -> None:
    report = run_checks(_case({"CYBER-UPLIFT-1": Outcome.cannot_rule_out}), today=TODAY)
    assert report.required_asl.standards == [
        f"{P}/RISK-MANAGEMENT",
        f"{P}/MISUSE-DEPLOYMENT",
        f"{P}/MISUSE-SAFETY-CASE",
        f"{P}/MISUSE-ACCEPTANCE",
    ]
    # Security level 2+ is recommended: reported, never demanded.
    expected = [f for f in report.findings if f.rule == "DET-EXPECTED-STANDARD"]
    assert [f.subject for f in expected] == [f"{P}/CYBER-UPLIFT-1"]
    assert f"{P}/SL2-PLUS" in expected[0].message
    missing = _subjects(report, "COV-MISSING")
    assert "MISUSE-SAFETY-CASE/supplements-residual-risk-assessment" in missing
    assert "MISUSE-ACCEPTANCE/security-adequate" in missing
    assert "MISUSE-DEPLOYMENT/safeguards-suite" not in missing  # G2 claims it
    assert not [m for m in missing if m.endswith("-example") or m.startswith("SL2-PLUS")]
    assert _subjects(report, "CMP-TRIGGER-UNANSWERED") == [
        "G/misuse-pre-deployment-review",
        "P/residual-risk-assessment",
        "P/supplemental-safety-case",
        "T/government-disclosure",
    ]


def test_a_tcl_starts_no_ccl_obligations() -> None:
    report = run_checks(_case({"CBRN-UPLIFT-TCL": Outcome.crossed}), today=TODAY)
    assert report.required_asl.standards == [
        f"{P}/RISK-MANAGEMENT",
        f"{P}/MISUSE-DEPLOYMENT",
        f"{P}/MISUSE-ACCEPTANCE",
    ]
    assert _subjects(report, "CMP-TRIGGER-UNANSWERED") == [
        "G/misuse-pre-deployment-review",
        "P/residual-risk-assessment",
    ]


def test_the_misalignment_tcl_starts_the_ml_rd_review_and_periodic_assessments() -> None:
    doc = _case(
        {"STEALTH-SITUATIONAL-AWARENESS-TCL": Outcome.crossed},
        schedule=("P/residual-risk-assessment",),
    )
    report = run_checks(doc, today=TODAY)
    assert report.required_asl.standards == [
        f"{P}/RISK-MANAGEMENT",
        f"{P}/MLRD-DEPLOYMENT",
        f"{P}/MISALIGNMENT-TCL-ACCEPTANCE",
    ]
    # The scheduled residual risk assessment answers its trigger; the rest stay open.
    assert _subjects(report, "CMP-TRIGGER-UNANSWERED") == [
        "G/mlrd-pre-deployment-review",
        "P/stealth-tcl-periodic-assessment",
    ]
