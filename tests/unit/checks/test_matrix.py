"""The requirements matrix: one status per requirement, with claiming goals and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.checks import CoverageStatus, RequirementStatus, requirement_status, run_checks
from workbench.domain import BlobStatus, Element, ElementType, NotApplicable


def _mixed_case(kit: Any) -> Any:
    """G2 met, G3 partial (undeveloped), monitoring missing, audits n/a, AFFIRM not required."""
    return kit.elements(
        {
            "G3": {"supported_by": [], "undeveloped": True},
            "G4": {"addresses": ["TF/ASL3-D/red-teaming"]},
            "G5": {
                "addresses": ["TF/AFFIRM/affirmative-case"],
                "not_applicable": [
                    NotApplicable(
                        requirement="TF/ASL3-S/audits",
                        justification="Weights never leave the air-gapped enclave.",
                    )
                ],
            },
        },
        add=[
            Element(
                id="G7",
                type=ElementType.goal,
                text="Supply chain evidence",
                supported_by=["Sn2"],
            )
        ],
    )


def test_every_status_appears_in_catalogue_order(kit: Any) -> None:
    rows = requirement_status(_mixed_case(kit))
    assert [(r.requirement, r.status) for r in rows.values()] == [
        ("TF/ASL2-D/model-card", CoverageStatus.met),
        ("TF/ASL2-S/supply-chain", CoverageStatus.partial),
        ("TF/ASL3-D/red-teaming", CoverageStatus.met),
        ("TF/ASL3-D/monitoring", CoverageStatus.missing),
        ("TF/ASL3-S/audits", CoverageStatus.not_applicable),
        ("TF/AFFIRM/affirmative-case", CoverageStatus.not_required),
    ]


def test_row_lists_claiming_goals_and_evidence_below_them(kit: Any) -> None:
    rows = requirement_status(kit.doc)
    assert rows["TF/ASL3-D/red-teaming"] == RequirementStatus(
        requirement="TF/ASL3-D/red-teaming",
        standard="TF/ASL3-D",
        status=CoverageStatus.met,
        goals=("G4",),
        evidence=(kit.ev["redteam"], kit.ev["safeguards"]),
        detail="claimed by G4",
    )


def test_partial_row_explains_where_the_branch_stops(kit: Any) -> None:
    rows = requirement_status(_mixed_case(kit))
    assert rows["TF/ASL2-S/supply-chain"].detail == (
        "goal G3 claims TF/ASL2-S/supply-chain but is marked undeveloped"
    )


def test_not_applicable_row_carries_the_justification(kit: Any) -> None:
    rows = requirement_status(_mixed_case(kit))
    assert rows["TF/ASL3-S/audits"].detail == "G5: Weights never leave the air-gapped enclave."


def test_not_required_row_still_lists_its_claims(kit: Any) -> None:
    rows = requirement_status(_mixed_case(kit))
    assert rows["TF/AFFIRM/affirmative-case"].goals == ("G5",)


def test_missing_bytes_make_a_claim_partial(kit: Any) -> None:
    rows = requirement_status(kit.doc, blob_status={kit.ev["policy"]: BlobStatus.missing})
    assert rows["TF/ASL2-D/model-card"].status == CoverageStatus.partial


def test_report_and_required_asl_give_the_same_matrix(kit: Any) -> None:
    report = run_checks(kit.doc, today=dt.date(2025, 6, 2))
    from_report = requirement_status(kit.doc, report)
    assert from_report == requirement_status(kit.doc, report.required_asl)
    assert from_report == requirement_status(kit.doc)
