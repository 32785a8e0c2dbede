"""A case against the EU Code of Practice (EU-COP-SS): the four specified systemic risks need
determinations, its obligations' deadlines are counted in their own units (business days skip
weekends, "two weeks before placing on the market" counts back) and an overdue hard deadline is
CMP-OVERDUE."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.builders import CaseBuilder, case
from workbench.app.catalogs import builtin_framework
from workbench.app.compliance import deadline_date, obligation_due_date
from workbench.checks import run_checks
from workbench.domain import Direction, Finding, Outcome, Severity, TimeRange, TimeUnit

P = "EU-COP-SS"
FRAMEWORK_TO_AI_OFFICE = f"{P}/M1.4/notify"  # within five business days of confirmation
CONFIRM_BEFORE_MARKET = f"{P}/M1.1/confirm-before-market"  # two weeks before the market
DEATH_REPORT = f"{P}/M9.3/initial-death"  # 10 days after awareness
UPDATE_TIMELY = f"{P}/M7.6/update-timely"  # "within a reasonable amount of time": no deadline
FRIDAY = dt.date(2026, 11, 13)


def findings(built: CaseBuilder, today: dt.date, rule: str) -> list[Finding]:
    report = run_checks(built.document(), today=today)
    return [f for f in report.findings if f.rule == rule]


def test_five_business_days_from_a_friday_is_the_next_friday() -> None:
    eu = builtin_framework(P)
    assert FRIDAY.weekday() == 4
    assert obligation_due_date(eu, FRAMEWORK_TO_AI_OFFICE, FRIDAY) == dt.date(2026, 11, 20)
    # From a Wednesday: Thu, Fri, Mon, Tue, Wed.
    assert obligation_due_date(eu, FRAMEWORK_TO_AI_OFFICE, dt.date(2026, 11, 18)) == dt.date(
        2026, 11, 25
    )
    # Five calendar days would have been the Wednesday.
    assert FRIDAY + dt.timedelta(days=5) == dt.date(2026, 11, 18)


def test_two_weeks_before_placing_on_the_market_counts_back() -> None:
    eu = builtin_framework(P)
    market = dt.date(2026, 12, 1)
    assert obligation_due_date(eu, CONFIRM_BEFORE_MARKET, market) == dt.date(2026, 11, 17)


@pytest.mark.parametrize(
    ("limit", "unit", "due"),
    [
        (5, TimeUnit.business_days, dt.date(2026, 11, 6)),  # Thu, Wed, Tue, Mon, Fri
        (0, TimeUnit.days, FRIDAY),  # "by the time they place a model on the market"
        (1, TimeUnit.months, dt.date(2026, 10, 13)),
    ],
)
def test_deadlines_before_their_anchor(limit: int, unit: TimeUnit, due: dt.date) -> None:
    deadline = TimeRange(max=limit, unit=unit, direction=Direction.before)
    assert deadline_date(deadline, FRIDAY) == due
    assert deadline_date(deadline.model_copy(update={"direction": Direction.after}), due) == (
        FRIDAY
    )


def test_an_overdue_business_day_deadline_is_cmp_overdue_counted_from_its_due_date() -> None:
    due = obligation_due_date(builtin_framework(P), FRAMEWORK_TO_AI_OFFICE, FRIDAY)
    built = (
        case(framework=P)
        .goal("G1")
        .scheduled(
            "SCH1", "Framework access for the AI Office", due, obligation=FRAMEWORK_TO_AI_OFFICE
        )
    )
    assert findings(built, due, "CMP-OVERDUE") == []  # due today: not yet overdue
    found = findings(built, dt.date(2026, 11, 23), "CMP-OVERDUE")
    assert [(f.subject, f.severity) for f in found] == [("SCH1", Severity.minor)]
    assert "was due 2026-11-20 and is 3 days overdue" in found[0].message


def test_a_late_death_report_is_major_and_an_on_time_one_is_nothing() -> None:
    aware = dt.date(2026, 10, 1)
    due = obligation_due_date(builtin_framework(P), DEATH_REPORT, aware)
    assert due == dt.date(2026, 10, 11)
    late = (
        case(framework=P)
        .goal("G1")
        .scheduled("IR1", "Initial report", due, obligation=DEATH_REPORT)
    )
    found = findings(late, dt.date(2026, 10, 25), "CMP-OVERDUE")
    assert [(f.subject, f.severity) for f in found] == [("IR1", Severity.major)]  # 14 days
    done = (
        case(framework=P)
        .goal("G1")
        .scheduled(
            "IR1", "Initial report", due, obligation=DEATH_REPORT, completed=dt.date(2026, 10, 9)
        )
    )
    assert findings(done, dt.date(2026, 10, 25), "CMP-OVERDUE") == []
    assert findings(done, dt.date(2026, 10, 25), "CMP-LATE") == []


def test_the_framework_confirmed_too_close_to_the_market_is_late() -> None:
    due = obligation_due_date(builtin_framework(P), CONFIRM_BEFORE_MARKET, dt.date(2026, 12, 1))
    built = case(framework=P).goal("G1").scheduled(
        "FW1", "Framework confirmed", due, obligation=CONFIRM_BEFORE_MARKET,
        completed=dt.date(2026, 11, 24),
    )  # fmt: skip
    found = findings(built, dt.date(2026, 11, 30), "CMP-LATE")
    assert [f.subject for f in found] == ["FW1"]
    assert "2026-11-17" in found[0].message and "7 days late" in found[0].message


def test_every_specified_systemic_risk_needs_a_determination() -> None:
    eu = builtin_framework(P)
    missing = findings(case(framework=P).goal("G1"), dt.date(2026, 11, 23), "DET-MISSING")
    assert sorted(f.subject for f in missing) == sorted(t.id for t in eu.thresholds)
    built = case(framework=P).goal("G1")
    for t in eu.thresholds:
        built.determined(t.id, Outcome.ruled_out, determined_on=dt.date(2026, 11, 1))
    assert findings(built, dt.date(2026, 11, 23), "DET-MISSING") == []


def test_coverage_is_asked_of_must_and_should_items_only() -> None:
    eu = builtin_framework(P)
    report = run_checks(case(framework=P).goal("G1").document(), today=dt.date(2026, 11, 23))
    asked = Counter(f.rule for f in report.findings)["COV-MISSING"]
    demanded = [r for r in eu.requirements if r.demanded]
    assert asked == len(demanded)
    assert len(demanded) < len(eu.requirements)  # examples and permissions are left out
