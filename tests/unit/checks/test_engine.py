"""The engine: findings sorted, a pure function of document, date and blob status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.checks import RULES, run_checks, sort_findings
from workbench.domain import BlobStatus, Finding, SafetyCase, Severity

TODAY = dt.date(2025, 6, 2)


def test_findings_are_sorted_by_severity_rule_and_subject(kit: Any) -> None:
    doc = kit.elements({"Sn5": {"evidence": []}, "Sn1": {"evidence": []}, "G5": {"addresses": []}})
    report = run_checks(doc, today=TODAY)
    keys = [(f.severity.rank, f.rule, f.subject) for f in report.findings]
    assert keys == sorted(keys)
    assert report.findings[0].severity == Severity.blocker


def test_sort_findings_orders_within_a_rule_by_subject() -> None:
    findings = [
        Finding(rule="B-X", severity=Severity.minor, subject="b", message="m"),
        Finding(rule="A-X", severity=Severity.info, subject="a", message="m"),
        Finding(rule="B-X", severity=Severity.minor, subject="a", message="m"),
        Finding(rule="C-X", severity=Severity.blocker, subject="z", message="m"),
    ]
    assert [(f.rule, f.subject) for f in sort_findings(findings)] == [
        ("C-X", "z"),
        ("B-X", "a"),
        ("B-X", "b"),
        ("A-X", "a"),
    ]


def test_the_date_is_an_argument_not_the_clock(kit: Any) -> None:
    later = run_checks(kit.doc, today=TODAY + dt.timedelta(days=60))
    overdue = [f.message for f in later.findings if f.rule == "CMP-OVERDUE"]
    assert overdue == ["Re-approval was due 2025-07-02 and is 30 days overdue"]


def test_blob_status_mentioning_no_problem_changes_nothing(kit: Any) -> None:
    present = {evidence_id: BlobStatus.present for evidence_id in kit.ev.values()}
    assert run_checks(kit.doc, today=TODAY, blob_status=present) == run_checks(kit.doc, today=TODAY)


def test_blocking_count_matches_blocker_findings(kit: Any) -> None:
    doc = kit.elements({"G5": {"addresses": []}, "G2": {"addresses": []}})
    report = run_checks(doc, today=TODAY)
    assert report.blocking == 2
    assert [f.subject for f in report.findings if f.severity == Severity.blocker] == [
        "TF/ASL2-D/model-card",
        "TF/ASL3-S/audits",
    ]


def test_every_rule_is_documented() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.title and "\n" not in rule.title


def test_empty_argument_has_no_top_goal(kit: Any) -> None:
    doc = kit.replace(case=SafetyCase())
    report = run_checks(doc, today=TODAY)
    roots = [(f.subject, f.message) for f in report.findings if f.rule == "GSN-NO-ROOT-GOAL"]
    assert roots == [("main", "the argument has no elements, so it has no top goal")]
