"""RSP v3.4 checks: a Risk Report past its 3-6 month window, claims on another framework."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.demo import demo_document
from workbench.checks import run_checks
from workbench.checks.dates import add_months
from workbench.domain import CaseDocument, ScheduledAssessment, Severity
from workbench.store import Store

Cli = Callable[..., Any]
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
#: The obligation the demo's Risk Reports (resources/demo/rsp-3.4) fulfil.
RISK_REPORT_CADENCE = "RSP-3.4/P/risk-report-cadence"


@pytest.fixture(scope="module")
def demo34() -> CaseDocument:
    return demo_document(NOW, "RSP-3.4")[0]


def with_schedule(doc: CaseDocument, schedule: list[ScheduledAssessment]) -> CaseDocument:
    return doc.model_copy(
        update={"compliance": doc.compliance.model_copy(update={"schedule": schedule})}
    )


def risk_report(n: int, due: dt.date, completed: dt.date | None) -> ScheduledAssessment:
    return ScheduledAssessment(
        id=f"RR{n}",
        what=f"Risk Report {n}",
        due=due,
        completed=completed,
        obligation=RISK_REPORT_CADENCE,
    )


def cadence_findings(doc: CaseDocument, today: dt.date) -> list[Any]:
    report = run_checks(doc, today=today)
    return [f for f in report.findings if f.rule == "CMP-CADENCE-LATE"]


def test_the_demo_risk_report_is_late_by_its_days(demo34: CaseDocument) -> None:
    found = cadence_findings(demo34, NOW.date())
    assert [(f.subject, f.severity) for f in found] == [("RR-2026-2", Severity.major)]
    items = {s.id: s for s in demo34.compliance.schedule}
    first, second = items["RR-2026-1"].completed, items["RR-2026-2"].completed
    assert first is not None and second is not None
    late = (second - add_months(first, 6)).days  # the window closes six months after
    assert late > 0 and f"{late} days late" in found[0].message
    assert "every 3-6 months" in found[0].message


def test_the_demo_cli_writes_a_v34_store_with_the_late_finding(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "v34.db"
    result = cli("demo", store, "--framework", "RSP-3.4")
    assert result.code == 0
    with Store.open(store) as s:
        doc = s.load()
    assert doc.framework.id == "RSP-3.4"
    assert len(doc.evidence) >= 5
    check = cli("check", store, "--format", "json", "--today", NOW.date().isoformat())
    rules = {f["rule"] for f in json.loads(check.out)["findings"]}
    assert "CMP-CADENCE-LATE" in rules


def test_demo_size_with_another_framework_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", tmp_path / "x.db", "--size", "50", "--framework", "RSP-3.4")
    assert result.code == 2
    assert "--size" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_a_report_within_six_months_is_on_time(demo34: CaseDocument) -> None:
    first = dt.date(2026, 1, 10)
    second = add_months(first, 6)  # the last day of the window
    doc = with_schedule(demo34, [risk_report(1, first, first), risk_report(2, second, second)])
    assert cadence_findings(doc, dt.date(2026, 11, 1)) == []


def test_one_day_past_the_window_is_late(demo34: CaseDocument) -> None:
    first = dt.date(2026, 1, 10)
    late = add_months(first, 6) + dt.timedelta(days=1)
    doc = with_schedule(demo34, [risk_report(1, first, first), risk_report(2, late, late)])
    found = cadence_findings(doc, dt.date(2026, 11, 1))
    assert [f.subject for f in found] == ["RR2"]
    assert "1 day late" in found[0].message


def test_an_unpublished_report_past_the_window_is_a_blocker(demo34: CaseDocument) -> None:
    first = dt.date(2026, 1, 10)
    doc = with_schedule(
        demo34, [risk_report(1, first, first), risk_report(2, add_months(first, 5), None)]
    )
    today = add_months(first, 6) + dt.timedelta(days=20)
    found = cadence_findings(doc, today)
    assert [(f.subject, f.severity) for f in found] == [("RR2", Severity.blocker)]
    assert "20 days late" in found[0].message
    assert cadence_findings(doc, add_months(first, 6)) == []


def test_items_without_an_obligation_or_cadence_are_not_judged(demo34: CaseDocument) -> None:
    first = dt.date(2026, 1, 10)
    late = add_months(first, 9)
    plain = [
        ScheduledAssessment(id="A", what="a", due=first, completed=first),
        ScheduledAssessment(id="B", what="b", due=late, completed=late),
    ]
    no_cadence = [s.model_copy(update={"obligation": "RSP-3.4/P/risk-report-scope"}) for s in plain]
    for schedule in (plain, no_cadence):
        assert cadence_findings(with_schedule(demo34, schedule), dt.date(2026, 12, 1)) == []


def test_the_obligation_field_is_left_out_of_json_when_unset() -> None:
    item = ScheduledAssessment(id="A", what="a", due=dt.date(2026, 1, 1))
    assert "obligation" not in item.model_dump(mode="json")
    linked = item.model_copy(update={"obligation": RISK_REPORT_CADENCE})
    assert linked.model_dump(mode="json")["obligation"] == RISK_REPORT_CADENCE


def test_a_claim_on_another_frameworks_requirement_is_cov_unmapped(
    demo34: CaseDocument,
) -> None:
    goal = demo34.case.by_id["G3.1"]
    odd = goal.model_copy(update={"addresses": [*goal.addresses, "RSP-2.2/ASL3-D/red-teaming"]})
    elements = [odd if e.id == "G3.1" else e for e in demo34.case.elements]
    doc = demo34.model_copy(update={"case": demo34.case.model_copy(update={"elements": elements})})
    findings = run_checks(doc, today=NOW.date()).findings
    unmapped = [f for f in findings if f.rule == "COV-UNMAPPED"]
    assert [(f.subject, f.severity) for f in unmapped] == [("G3.1", Severity.major)]
    assert "RSP-2.2/ASL3-D/red-teaming, a requirement of RSP-2.2" in unmapped[0].message
    assert not [f for f in findings if f.rule == "GSN-UNKNOWN-REQUIREMENT"]
    assert not [
        f for f in run_checks(demo34, today=NOW.date()).findings if f.rule == "COV-UNMAPPED"
    ]


def test_an_unknown_id_of_the_own_framework_stays_gsn_unknown(demo34: CaseDocument) -> None:
    goal = demo34.case.by_id["G3.1"]
    odd = goal.model_copy(update={"addresses": ["RSP-3.4/NOPE/x"]})
    elements = [odd if e.id == "G3.1" else e for e in demo34.case.elements]
    doc = demo34.model_copy(update={"case": demo34.case.model_copy(update={"elements": elements})})
    rules = {f.rule for f in run_checks(doc, today=NOW.date()).findings if f.subject == "G3.1"}
    assert "GSN-UNKNOWN-REQUIREMENT" in rules and "COV-UNMAPPED" not in rules
