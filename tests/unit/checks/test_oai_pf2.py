"""A case built against OAI-PF-2: determinations per threshold, the safeguards High demands,
the unspecified Critical standard, triggers scoped to their thresholds, the annual review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.builders import case
from workbench.app.catalogs import builtin_framework
from workbench.checks import run_checks
from workbench.checks.dates import add_months
from workbench.domain import (
    CaseDocument,
    Determination,
    Framework,
    Outcome,
    ScheduledAssessment,
    Severity,
)

P = "OAI-PF-2"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def base() -> CaseDocument:
    doc = case("PF model", framework=P).goal("G1", "The deployment is acceptably safe").document()
    assert doc.framework.id == P and doc.assessment.framework_id == P
    return doc


def decided(doc: CaseDocument, crossed: set[str]) -> CaseDocument:
    """Every threshold determined: those named crossed, the others ruled out."""
    determinations = [
        Determination(
            threshold=t.id,
            outcome=Outcome.crossed if t.id.removeprefix(f"{P}/") in crossed else Outcome.ruled_out,
        )
        for t in doc.framework.thresholds
    ]
    assessment = doc.assessment.model_copy(update={"determinations": determinations})
    return doc.model_copy(update={"assessment": assessment})


def findings(doc: CaseDocument, rule: str) -> list[Any]:
    return [f for f in run_checks(doc, today=TODAY).findings if f.rule == rule]


def short(ids: list[str]) -> set[str]:
    return {i.removeprefix(f"{P}/") for i in ids}


def test_each_tracked_threshold_needs_a_determination_research_categories_none(
    base: CaseDocument,
) -> None:
    missing = findings(base, "DET-MISSING")
    assert short([f.subject for f in missing]) == {
        "BIO-HIGH",
        "BIO-CRITICAL",
        "CYBER-HIGH",
        "CYBER-CRITICAL",
        "SELF-IMPROVEMENT-HIGH",
        "SELF-IMPROVEMENT-CRITICAL",
    }
    assert all(f.severity == Severity.blocker for f in missing)
    assert findings(decided(base, set()), "DET-MISSING") == []


def test_nothing_crossed_demands_only_the_capability_assessment(base: CaseDocument) -> None:
    doc = decided(base, set())
    missing = short([f.subject for f in findings(doc, "COV-MISSING")])
    assert missing == {
        "CAPABILITY-ASSESSMENT/scalable-evaluations",
        "CAPABILITY-ASSESSMENT/capabilities-report",
        "CAPABILITY-ASSESSMENT/full-elicitation",
        "CAPABILITY-ASSESSMENT/tailored-to-access",
        "CAPABILITY-ASSESSMENT/lower-bound",
        "CAPABILITY-ASSESSMENT/holistic-judgment",
    }
    assert findings(doc, "CMP-TRIGGER-UNANSWERED") == []


def test_bio_high_demands_security_misuse_and_the_safeguards_report(base: CaseDocument) -> None:
    doc = decided(base, {"BIO-HIGH"})
    missing = short([f.subject for f in findings(doc, "COV-MISSING")])
    assert "SECURITY-HIGH/change-management" in missing
    assert "SECURITY-HIGH/multi-person-approval" in missing  # a "should" is demanded
    assert "SECURITY-HIGH/additional-access-approvals" not in missing  # a "may" is not
    assert "MISUSE-HIGH/sufficient-before-deployment" in missing
    assert "SAFEGUARDS-REPORT/residual-risk" in missing
    # The claims are alternatives ("one or more of"), never demanded one by one.
    assert not {"MISUSE-HIGH/robustness", "MISUSE-HIGH/usage-monitoring"} & missing
    assert not any(m.startswith("MISALIGNMENT-HIGH/") for m in missing)  # Cybersecurity only
    required = findings(doc, "DET-REQUIRED-ASL")[0].message
    for standard in ("SECURITY-HIGH", "MISUSE-HIGH", "SAFEGUARDS-REPORT"):
        assert f"{P}/{standard}" in required
    assert findings(doc, "DET-UNSPECIFIED-STANDARD") == []


def test_cyber_high_adds_misalignment_safeguards(base: CaseDocument) -> None:
    missing = short([f.subject for f in findings(decided(base, {"CYBER-HIGH"}), "COV-MISSING")])
    assert "MISALIGNMENT-HIGH/vectors-addressed" in missing
    assert "MISALIGNMENT-HIGH/value-alignment" not in missing  # one claim among five


def test_critical_is_a_blocker_until_the_critical_standard_exists(base: CaseDocument) -> None:
    found = findings(decided(base, {"CYBER-HIGH", "CYBER-CRITICAL"}), "DET-UNSPECIFIED-STANDARD")
    assert [(f.subject, f.severity) for f in found] == [(f"{P}/CYBER-CRITICAL", Severity.blocker)]
    assert f"{P}/CRITICAL-SAFEGUARDS" in found[0].message


def test_triggers_fire_only_for_the_thresholds_in_their_scope(base: CaseDocument) -> None:
    unanswered = findings(decided(base, {"BIO-HIGH"}), "CMP-TRIGGER-UNANSWERED")
    high = short([f.subject for f in unanswered])
    assert {"P/safeguards-report", "P/high-safeguards-before-deployment"} <= high
    assert "P/critical-halt-development" not in high  # Critical only
    assert "P/cyber-high-cyberdefense" not in high  # Cybersecurity High only
    assert "P/long-range-autonomy-misalignment-report" not in high  # a potential response
    critical = findings(decided(base, {"BIO-CRITICAL"}), "CMP-TRIGGER-UNANSWERED")
    by_subject = {f.subject.removeprefix(f"{P}/"): f for f in critical}
    assert {"P/critical-halt-development", "P/bio-critical-public-policy"} <= set(by_subject)
    assert "P/high-safeguards-before-deployment" not in by_subject
    halt = by_subject["P/critical-halt-development"]
    assert f"threshold {P}/BIO-CRITICAL is crossed" in halt.message


def test_a_scheduled_item_answers_the_trigger(base: CaseDocument) -> None:
    doc = decided(base, {"BIO-CRITICAL"})
    halt = ScheduledAssessment(
        id="HALT",
        what="Development halted pending a Critical standard",
        due=TODAY,
        completed=TODAY,
        obligation=f"{P}/P/critical-halt-development",
    )
    doc = doc.model_copy(
        update={"compliance": doc.compliance.model_copy(update={"schedule": [halt]})}
    )
    subjects = short([f.subject for f in findings(doc, "CMP-TRIGGER-UNANSWERED")])
    assert "P/critical-halt-development" not in subjects


def review(n: int, on: dt.date) -> ScheduledAssessment:
    return ScheduledAssessment(
        id=f"PFR{n}",
        what=f"Framework review {n}",
        due=on,
        completed=on,
        obligation=f"{P}/P/annual-framework-review",
    )


def test_the_framework_review_is_due_at_least_once_a_year(base: CaseDocument) -> None:
    first = dt.date(2025, 4, 15)
    for second, late in ((add_months(first, 12), False), (add_months(first, 13), True)):
        schedule = [review(1, first), review(2, second)]
        doc = base.model_copy(
            update={"compliance": base.compliance.model_copy(update={"schedule": schedule})}
        )
        found = findings(doc, "CMP-CADENCE-LATE")
        assert bool(found) is late, second
    assert "every 1 year" in found[0].message


def test_a_trigger_scoped_to_an_unknown_threshold_is_refused() -> None:
    data = builtin_framework(P).model_dump(mode="json")
    for item in data["obligations"]:
        if item["id"] == f"{P}/P/critical-halt-development":
            item["trigger"]["thresholds"] = [f"{P}/NOPE"]
    with pytest.raises(ValueError, match="unknown threshold"):
        Framework.model_validate(data)
    for item in data["obligations"]:
        if item["id"] == f"{P}/P/critical-halt-development":
            item["trigger"] = {"event": "threshold_crossed", "levels": ["Extreme"]}
    with pytest.raises(ValueError, match="unknown level"):
        Framework.model_validate(data)
