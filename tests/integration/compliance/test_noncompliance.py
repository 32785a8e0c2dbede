"""The noncompliance register: add, update, list, CMP findings and the quarterly summary."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.compliance import (
    quarter_bounds,
    quarterly_summary,
    report_noncompliance,
    set_noncompliance_status,
)
from workbench.app.workspace import Workspace
from workbench.domain import InputError, NoncomplianceSeverity, NoncomplianceStatus

Cli = Callable[..., Any]
Findings = Callable[..., list[dict[str, Any]]]
Head = Callable[[Path], tuple[int, str]]

TODAY = "2026-11-23"


def add(cli: Cli, store: Path, *extra: str) -> Any:
    return cli("noncompliance", "add", store, "--description", "Onboarded too early.", *extra)


def register(cli: Cli, store: Path) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(
        cli("noncompliance", "list", store, "--format", "json").out
    )
    return listed


def test_add_prints_the_new_id_as_last_word(cli: Cli, store: Path) -> None:
    assert add(cli, store).out.splitlines()[-1] == "registered noncompliance NC1"


def test_add_without_reporter_is_anonymous(cli: Cli, store: Path) -> None:
    add(cli, store)
    assert register(cli, store)[0]["reporter"] is None


def test_add_records_reporter_severity_and_board_flag(cli: Cli, store: Path) -> None:
    add(cli, store, "--reporter", "Jo Park", "--severity", "high", "--board")
    item = register(cli, store)[0]
    assert (item["reporter"], item["severity"], item["board_notification"]) == (
        "Jo Park",
        "high",
        True,
    )


def test_reporter_and_anonymous_together_are_a_usage_error(cli: Cli, store: Path) -> None:
    result = add(cli, store, "--reporter", "Jo", "--anonymous")
    assert result.code == 2
    assert "not allowed with argument" in result.err


def test_empty_description_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli("noncompliance", "add", store, "--description", "  ")
    assert (result.code, result.err.strip()) == (
        2,
        "workbench: error: the description is empty; give some text",
    )
    assert audit_head(store) == head


def test_update_changes_the_status(cli: Cli, store: Path) -> None:
    item = add(cli, store).last_word
    result = cli("noncompliance", "update", store, item, "--status", "investigating")
    assert result.out.strip() == f"noncompliance {item}: open -> investigating"


def test_update_to_the_same_status_is_exit_2(cli: Cli, store: Path, audit_head: Head) -> None:
    item = add(cli, store).last_word
    head = audit_head(store)
    result = cli("noncompliance", "update", store, item, "--status", "open")
    assert (result.code, f"{item} is already open" in result.err) == (2, True)
    assert audit_head(store) == head


def test_update_of_unknown_id_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli("noncompliance", "update", store, "NC42", "--status", "resolved")
    assert (result.code, len(result.err.splitlines())) == (2, 1)
    assert "no noncompliance item 'NC42'" in result.err
    assert audit_head(store) == head


def test_update_with_unknown_status_is_exit_2(cli: Cli, store: Path) -> None:
    item = add(cli, store).last_word
    result = cli("noncompliance", "update", store, item, "--status", "closed")
    assert (result.code, "invalid choice: 'closed'" in result.err) == (2, True)


def test_open_item_for_the_board_is_a_major_finding(
    cli: Cli, store: Path, findings: Findings
) -> None:
    item = add(cli, store, "--board").last_word
    found = findings(store, TODAY, "CMP-NONCOMPLIANCE")
    assert [(f["subject"], f["severity"]) for f in found] == [(item, "major")]


def test_open_item_not_for_the_board_is_a_minor_finding(
    cli: Cli, store: Path, findings: Findings
) -> None:
    item = add(cli, store).last_word
    found = findings(store, TODAY, "CMP-NONCOMPLIANCE")
    assert [(f["subject"], f["severity"]) for f in found] == [(item, "minor")]


def test_resolved_item_has_no_finding(cli: Cli, store: Path, findings: Findings) -> None:
    item = add(cli, store, "--board").last_word
    cli("noncompliance", "update", store, item, "--status", "resolved")
    assert findings(store, TODAY, "CMP-NONCOMPLIANCE") == []


def test_list_text_marks_board_items_and_anonymous_reporters(cli: Cli, store: Path) -> None:
    add(cli, store, "--board")
    lines = cli("noncompliance", "list", store).out.splitlines()
    assert "anonymous: Onboarded too early." in lines[0]
    assert lines[0].endswith("[Board]")
    assert lines[-1] == "1 item, 1 not resolved"


def test_reported_date_is_the_utc_date(ws: Workspace) -> None:
    karachi = dt.timezone(dt.timedelta(hours=5))
    item = report_noncompliance(
        ws, description="x", now=dt.datetime(2024, 3, 1, 1, 30, tzinfo=karachi)
    ).record
    assert item.reported == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (2, dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (4, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ],
)
def test_quarter_bounds(quarter: int, first: dt.date, last: dt.date) -> None:
    assert quarter_bounds(2024, quarter) == (first, last)


def test_quarter_outside_one_to_four_is_refused() -> None:
    with pytest.raises(InputError, match="quarter must be 1, 2, 3 or 4, not 5"):
        quarter_bounds(2024, 5)


def at(year: int, month: int, day: int, hour: int, offset_hours: int = 0) -> dt.datetime:
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    return dt.datetime(year, month, day, hour, tzinfo=zone)


def test_item_reported_late_on_31_march_utc_counts_in_q1(ws: Workspace) -> None:
    # 02:00 on 1 April in Moscow (+03:00) is 23:00 on 31 March UTC.
    report_noncompliance(ws, description="edge", now=at(2024, 4, 1, 2, offset_hours=3))
    counts = (
        len(quarterly_summary(ws.document, 2024, 1).reported),
        len(quarterly_summary(ws.document, 2024, 2).reported),
    )
    assert counts == (1, 0)


@pytest.fixture
def q1_register(ws: Workspace) -> Workspace:
    """Four items: one from December (still open), three in 2024 Q1, one in Q2."""
    report_noncompliance(ws, description="old", now=at(2023, 12, 20, 9))
    high = report_noncompliance(
        ws,
        description="a",
        reporter="Jo",
        severity="high",
        board_notification=True,
        now=at(2024, 1, 5, 9),
    ).record
    report_noncompliance(ws, description="b", severity="low", now=at(2024, 2, 29, 9))
    low = report_noncompliance(ws, description="c", severity="low", now=at(2024, 3, 31, 9)).record
    report_noncompliance(ws, description="d", now=at(2024, 4, 1, 0))
    set_noncompliance_status(ws, high.id, status="resolved")
    set_noncompliance_status(ws, low.id, status="investigating")
    return ws


def test_summary_counts_items_of_the_quarter_by_severity(q1_register: Workspace) -> None:
    summary = quarterly_summary(q1_register.document, 2024, 1)
    assert summary.by_severity == {
        NoncomplianceSeverity.high: 1,
        NoncomplianceSeverity.medium: 0,
        NoncomplianceSeverity.low: 2,
    }


def test_summary_counts_items_of_the_quarter_by_status(q1_register: Workspace) -> None:
    summary = quarterly_summary(q1_register.document, 2024, 1)
    assert summary.by_status == {
        NoncomplianceStatus.open: 1,
        NoncomplianceStatus.investigating: 1,
        NoncomplianceStatus.resolved: 1,
    }


def test_summary_lists_board_notifications(q1_register: Workspace) -> None:
    assert quarterly_summary(q1_register.document, 2024, 1).board_notifications == ("NC2",)


def test_summary_counts_anonymous_reports(q1_register: Workspace) -> None:
    assert quarterly_summary(q1_register.document, 2024, 1).anonymous == 2


def test_summary_carries_over_unresolved_items_from_earlier(q1_register: Workspace) -> None:
    assert quarterly_summary(q1_register.document, 2024, 1).carried_over == ("NC1",)


def test_summary_command_prints_counts(cli: Cli, store: Path, q1_register: Workspace) -> None:
    result = cli("noncompliance", "summary", store, "--year", "2024", "--quarter", "1")
    assert result.out.splitlines()[:2] == [
        "2024 Q1 (2024-01-01 to 2024-03-31): 3 reported, 2 anonymously",
        "by severity: 1 high, 0 medium, 2 low",
    ]


def test_summary_json_matches_the_service(cli: Cli, store: Path, q1_register: Workspace) -> None:
    result = cli(
        "noncompliance", "summary", store, "--year", "2024", "--quarter", "1", "--format", "json"
    )
    assert json.loads(result.out) == quarterly_summary(q1_register.document, 2024, 1).to_json()
