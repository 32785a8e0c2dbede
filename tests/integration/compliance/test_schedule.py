"""workbench schedule add / done / list and the schedule services behind them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.catalogs import builtin_framework
from workbench.app.compliance import (
    add_schedule_item,
    complete_schedule_item,
    obligation_due_date,
    schedule_status,
)
from workbench.app.workspace import Workspace
from workbench.domain import InputError, NotFoundError, ScheduledAssessment

Cli = Callable[..., Any]
Head = Callable[[Path], tuple[int, str]]

COMPREHENSIVE = "RSP-2.2/P/comprehensive-assessment"


def assert_refused(result: Any, expected: str) -> None:
    assert (result.code, result.out) == (2, "")
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert expected in lines[0]


def test_add_prints_the_new_id_as_last_word(cli: Cli, store: Path) -> None:
    result = cli("schedule", "add", store, "--what", "Safeguards Report", "--due", "2026-12-01")
    assert result.out.splitlines()[-1] == "scheduled SCH1"


def test_add_keeps_owner_and_due_date(cli: Cli, store: Path) -> None:
    cli("schedule", "add", store, "--what", "Audit", "--due", "2026-12-01", "--owner", "Security")
    listed = json.loads(cli("schedule", "list", store, "--format", "json").out)
    assert (listed[0]["due"], listed[0]["owner"]) == ("2026-12-01", "Security")


@pytest.mark.parametrize(
    ("started", "due"),
    [
        (dt.date(2024, 2, 1), dt.date(2024, 3, 1)),  # about a month: a calendar month
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),  # clamped to the month's end
        (dt.date(2024, 12, 15), dt.date(2025, 1, 15)),  # across the year end
    ],
)
def test_comprehensive_assessment_target_is_a_month_after_it_began(
    started: dt.date, due: dt.date
) -> None:
    assert obligation_due_date(builtin_framework(), COMPREHENSIVE, started) == due


def test_soft_target_is_printed_as_a_target(cli: Cli, store: Path) -> None:
    result = cli(
        "schedule", "add", store, "--what", "Comprehensive", "--obligation", COMPREHENSIVE,
        "--started", "2024-02-01",
    )  # fmt: skip
    assert result.out.splitlines()[0] == "Comprehensive, target 2024-03-01"
    listed = json.loads(cli("schedule", "list", store, "--format", "json").out)
    assert listed[0]["due"] == "2024-03-01"


def test_obligation_with_a_due_date_is_linked(cli: Cli, store: Path) -> None:
    notice = "RSP-2.2/G/government-notice"
    result = cli(
        "schedule", "add", store, "--what", "Notice", "--obligation", notice, "--due", "2024-05-01"
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Notice, due 2024-05-01"


def test_unknown_obligation_with_a_due_date_is_exit_2(cli: Cli, store: Path) -> None:
    result = cli(
        "schedule", "add", store, "--what", "X", "--obligation", "RSP-2.2/P/nope", "--due",
        "2024-01-01",
    )  # fmt: skip
    assert_refused(result, "has no obligation 'RSP-2.2/P/nope'")


def test_obligation_without_deadline_is_refused() -> None:
    with pytest.raises(InputError, match="has no deadline"):
        obligation_due_date(
            builtin_framework(), "RSP-2.2/P/preliminary-assessment", dt.date(2024, 1, 1)
        )


def test_unknown_obligation_is_exit_2(cli: Cli, store: Path, audit_head: Head) -> None:
    head = audit_head(store)
    result = cli(
        "schedule", "add", store, "--what", "X", "--obligation", "RSP-2.2/P/nope",
        "--started", "2024-01-01",
    )  # fmt: skip
    assert_refused(result, "has no obligation 'RSP-2.2/P/nope'")
    assert audit_head(store) == head


def test_deadline_past_the_calendar_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli(
        "schedule", "add", store, "--what", "X", "--obligation", COMPREHENSIVE,
        "--started", "9999-12-31",
    )  # fmt: skip
    assert_refused(result, "past the last date the calendar holds")
    assert audit_head(store) == head


def test_due_and_obligation_together_are_a_usage_error(cli: Cli, store: Path) -> None:
    result = cli(
        "schedule", "add", store, "--what", "X", "--due", "2024-01-01",
        "--obligation", COMPREHENSIVE, "--started", "2024-01-01",
    )  # fmt: skip
    assert_refused(result, "give either --due DATE or --obligation ID")


@pytest.mark.parametrize("bad", ["2023-02-29", "2024-13-01", "01/03/2024", "next week"])
def test_bad_due_date_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head, bad: str
) -> None:
    head = audit_head(store)
    result = cli("schedule", "add", store, "--what", "X", "--due", bad)
    assert_refused(result, f"argument --due: '{bad}' is not a date like")
    assert audit_head(store) == head


def test_leap_day_is_a_valid_due_date(cli: Cli, store: Path) -> None:
    assert cli("schedule", "add", store, "--what", "X", "--due", "2024-02-29").code == 0


def test_empty_description_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    result = cli("schedule", "add", store, "--what", " ", "--due", "2024-02-29")
    assert_refused(result, "the description of what is scheduled is empty")
    assert audit_head(store) == head


def test_done_late_prints_the_delay_across_leap_day(cli: Cli, store: Path) -> None:
    item = cli("schedule", "add", store, "--what", "Report", "--due", "2024-02-27").last_word
    result = cli("schedule", "done", store, item, "--on", "2024-03-01")
    assert result.out.strip() == f"{item} Report: completed 3 days late"


def test_done_late_in_a_common_year_counts_one_day_less(cli: Cli, store: Path) -> None:
    item = cli("schedule", "add", store, "--what", "Report", "--due", "2023-02-27").last_word
    result = cli("schedule", "done", store, item, "--on", "2023-03-01")
    assert result.out.strip().endswith("completed 2 days late")


def test_done_for_unknown_id_is_exit_2_and_store_unchanged(
    cli: Cli, store: Path, audit_head: Head
) -> None:
    head = audit_head(store)
    assert_refused(
        cli("schedule", "done", store, "SCH9", "--on", "2024-01-01"),
        "no scheduled assessment 'SCH9'",
    )
    assert audit_head(store) == head


def test_done_with_bad_date_is_exit_2(cli: Cli, store: Path) -> None:
    item = cli("schedule", "add", store, "--what", "Report", "--due", "2024-02-27").last_word
    assert_refused(cli("schedule", "done", store, item, "--on", "2024-02-30"), "--on")


def test_done_twice_is_refused(ws: Workspace) -> None:
    item = add_schedule_item(ws, what="Report", due=dt.date(2024, 1, 10)).record
    complete_schedule_item(ws, item.id, on=dt.date(2024, 1, 9), today=dt.date(2024, 1, 20))
    with pytest.raises(InputError, match="already completed on 2024-01-09"):
        complete_schedule_item(ws, item.id, on=dt.date(2024, 1, 12), today=dt.date(2024, 1, 20))


def test_completion_in_the_future_is_refused(ws: Workspace) -> None:
    item = add_schedule_item(ws, what="Report", due=dt.date(2024, 1, 10)).record
    with pytest.raises(InputError, match="2024-01-21 is in the future"):
        complete_schedule_item(ws, item.id, on=dt.date(2024, 1, 21), today=dt.date(2024, 1, 20))


def test_unknown_item_is_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFoundError):
        complete_schedule_item(ws, "SCH404", on=dt.date(2024, 1, 1), today=dt.date(2024, 1, 2))


def test_list_shows_days_overdue_as_of_today_across_month_end(cli: Cli, store: Path) -> None:
    cli("schedule", "add", store, "--what", "Safeguards Report", "--due", "2024-02-28")
    lines = cli("schedule", "list", store, "--today", "2024-03-01").out.splitlines()
    assert lines[0] == "as of 2024-03-01"
    assert "2 days overdue" in lines[1]


def test_list_shows_late_completion(cli: Cli, store: Path) -> None:
    item = cli("schedule", "add", store, "--what", "Report", "--due", "2024-02-27").last_word
    cli("schedule", "done", store, item, "--on", "2024-03-01")
    lines = cli("schedule", "list", store, "--today", "2024-04-01").out.splitlines()
    assert "completed 3 days late" in lines[1]


def test_list_json_gives_delay_and_overdue_days(cli: Cli, store: Path) -> None:
    late = cli("schedule", "add", store, "--what", "A", "--due", "2024-02-27").last_word
    cli("schedule", "done", store, late, "--on", "2024-03-01")
    cli("schedule", "add", store, "--what", "B", "--due", "2024-02-28")
    listed = json.loads(
        cli("schedule", "list", store, "--today", "2024-03-01", "--format", "json").out
    )
    assert [(i["what"], i["delay_days"], i["overdue_days"]) for i in listed] == [
        ("A", 3, 0),
        ("B", 0, 2),
    ]


def test_list_of_empty_schedule_says_how_to_add(cli: Cli, store: Path) -> None:
    assert "workbench schedule add" in cli("schedule", "list", store).out


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2024, 2, 28), "due in 1 day"),
        (dt.date(2024, 2, 29), "due today"),
        (dt.date(2024, 3, 1), "1 day overdue"),
    ],
)
def test_status_around_the_due_date(today: dt.date, status: str) -> None:
    item = ScheduledAssessment(id="SCH1", what="X", due=dt.date(2024, 2, 29))
    assert schedule_status(item, today) == status


def test_status_completed_on_time() -> None:
    item = ScheduledAssessment(
        id="SCH1", what="X", due=dt.date(2024, 2, 29), completed=dt.date(2024, 2, 29)
    )
    assert schedule_status(item, dt.date(2024, 6, 1)) == "completed on time"
