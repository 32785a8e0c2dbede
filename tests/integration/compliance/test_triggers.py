"""CMP triggers at, just below and just above their limits, across month and leap-year ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.changes import ChangeSet, put
from workbench.app.workspace import Workspace
from workbench.domain import Meaning, SignerRole, SignOff

Cli = Callable[..., Any]
Findings = Callable[..., list[dict[str, Any]]]

COMPREHENSIVE = "RSP-2.2/P/comprehensive-assessment"


def rules(found: list[dict[str, Any]]) -> list[str]:
    return [f["rule"] for f in found]


@pytest.mark.parametrize(
    ("ratio", "fires"), [("3.99", False), ("4", True), ("4.01", True)], ids=str
)
def test_preliminary_due_at_four_times_effective_compute(
    cli: Cli, store: Path, findings: Findings, ratio: str, fires: bool
) -> None:
    assert cli("model", "set", store, "--effective-compute-ratio", ratio).code == 0
    found = findings(store, "2026-11-23", "CMP-PRELIMINARY-DUE")
    assert rules(found) == (["CMP-PRELIMINARY-DUE"] if fires else [])


def test_preliminary_due_message_names_the_ratio_and_limit(
    cli: Cli, store: Path, findings: Findings
) -> None:
    cli("model", "set", store, "--effective-compute-ratio", "4.01")
    (finding,) = findings(store, "2026-11-23", "CMP-PRELIMINARY-DUE")
    assert "effective compute is 4.01x the last assessed model (limit 4x)" in finding["message"]


@pytest.mark.parametrize(("months", "fires"), [("5.9", False), ("6", True), ("6.1", True)], ids=str)
def test_preliminary_due_after_six_months_of_post_training(
    cli: Cli, store: Path, findings: Findings, months: str, fires: bool
) -> None:
    assert cli("model", "set", store, "--post-training-months", months).code == 0
    found = findings(store, "2026-11-23", "CMP-PRELIMINARY-DUE")
    assert rules(found) == (["CMP-PRELIMINARY-DUE"] if fires else [])


@pytest.fixture
def comprehensive_begun_leap_february(cli: Cli, store: Path) -> str:
    """A comprehensive assessment begun 2024-02-01: its soft target is a month later."""
    result = cli(
        "schedule", "add", store, "--what", "Comprehensive assessment",
        "--obligation", COMPREHENSIVE, "--started", "2024-02-01",
    )  # fmt: skip
    assert result.code == 0, result.err
    return str(result.last_word)


@pytest.mark.parametrize("today", ["2024-03-01", "2024-03-02"])
def test_comprehensive_assessment_not_overdue_up_to_day_30(
    store: Path, findings: Findings, comprehensive_begun_leap_february: str, today: str
) -> None:
    assert findings(store, today, "CMP-OVERDUE") == []


def test_comprehensive_assessment_past_its_soft_target_is_minor_never_overdue(
    store: Path, findings: Findings, comprehensive_begun_leap_february: str
) -> None:
    """§3.2 "should ideally be concluded within about a month" is a target, not a deadline."""
    assert findings(store, "2024-06-03", "CMP-OVERDUE") == []
    assert findings(store, "2024-03-01", "CMP-PAST-TARGET") == []
    (finding,) = findings(store, "2024-03-03", "CMP-PAST-TARGET")
    assert finding["subject"] == comprehensive_begun_leap_february
    assert finding["severity"] == "minor"
    assert "2 days past its target 2024-03-01" in finding["message"]
    assert "soft target" in finding["message"]


@pytest.mark.parametrize(
    ("days", "severity"),
    [(1, "minor"), (7, "minor"), (8, "major"), (30, "major"), (31, "blocker")],
)
def test_overdue_severity_grows_with_days_overdue(
    cli: Cli, store: Path, findings: Findings, days: int, severity: str
) -> None:
    due = dt.date(2024, 2, 20)
    cli("schedule", "add", store, "--what", "Safeguards Report", "--due", due.isoformat())
    today = (due + dt.timedelta(days=days)).isoformat()
    (finding,) = findings(store, today, "CMP-OVERDUE")
    assert (finding["severity"], f"is {days} day" in finding["message"]) == (severity, True)


def test_completed_late_is_reported_in_days_across_leap_day(
    cli: Cli, store: Path, findings: Findings
) -> None:
    item = cli("schedule", "add", store, "--what", "Report", "--due", "2024-02-27").last_word
    cli("schedule", "done", store, item, "--on", "2024-03-01")
    (finding,) = findings(store, "2024-03-10", "CMP-LATE")
    assert "due 2024-02-27 and completed 2024-03-01, 3 days late" in finding["message"]


def approve(ws: Workspace, signed_at: dt.datetime) -> None:
    signoff = SignOff(
        id="SO1",
        signer="Dana Okafor",
        role=SignerRole.approver,
        meaning=Meaning.approved,
        signed_at=signed_at,
        state_hash=ws.document.state_hash(),
    )
    ws.apply(ChangeSet("Sign", "sign off", (put("signoff", signoff.id, None, signoff),)))


@pytest.mark.parametrize(
    ("today", "fires"),
    [("2025-02-27", False), ("2025-02-28", False), ("2025-03-01", True)],
)
def test_reapproval_due_after_365_days_across_leap_day(
    ws: Workspace, store: Path, findings: Findings, today: str, fires: bool
) -> None:
    # 2024-02-29 + 365 days is 2025-02-28: the last day the approval still counts.
    approve(ws, dt.datetime(2024, 2, 29, 10, 0, tzinfo=dt.UTC))
    found = findings(store, today, "CMP-REAPPROVAL")
    assert rules(found) == (["CMP-REAPPROVAL"] if fires else [])


def test_reapproval_finding_names_the_approval_date_and_age(
    ws: Workspace, store: Path, findings: Findings
) -> None:
    approve(ws, dt.datetime(2024, 2, 29, 10, 0, tzinfo=dt.UTC))
    (finding,) = findings(store, "2025-03-01", "CMP-REAPPROVAL")
    assert "(Dana Okafor, 2024-02-29) is 366 days old" in finding["message"]
