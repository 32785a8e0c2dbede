"""Compliance summaries: how scheduled assessments stand, noncompliance items by quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workbench.domain.compliance import (
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    ScheduledAssessment,
)
from workbench.domain.document import CaseDocument
from workbench.domain.errors import InputError
from workbench.domain.wording import plural


# --------------------------------------------------------------------- schedule
class ScheduleState(StrEnum):
    """Where a scheduled assessment stands on a given day."""

    on_time = "on_time"  # completed on or before its due date
    late = "late"  # completed after its due date
    overdue = "overdue"  # not completed, due date passed
    upcoming = "upcoming"  # not completed, due today or later


def schedule_state(item: ScheduledAssessment, today: dt.date) -> ScheduleState:
    """The state of ``item`` on ``today`` (a completed item keeps its state for ever)."""
    if item.completed is not None:
        return ScheduleState.late if item.delay_days else ScheduleState.on_time
    return ScheduleState.overdue if item.overdue_days(today) else ScheduleState.upcoming


def schedule_status(item: ScheduledAssessment, today: dt.date) -> str:
    """How an item stands on ``today``: "completed 3 days late", "2 days overdue", "due today"."""
    state = schedule_state(item, today)
    if state is ScheduleState.late:
        return f"completed {plural(item.delay_days, 'day')} late"
    if state is ScheduleState.on_time:
        return "completed on time"
    if state is ScheduleState.overdue:
        return f"{plural(item.overdue_days(today), 'day')} overdue"
    remaining = (item.due - today).days
    return "due today" if remaining == 0 else f"due in {plural(remaining, 'day')}"


# ---------------------------------------------------------------- noncompliance
@dataclass(frozen=True)
class QuarterlySummary:
    """The noncompliance register for one calendar quarter, as the packet reports it.

    ``reported`` holds the items reported within the quarter; severities and statuses count
    those items (statuses as they stand now: the register keeps no status history).
    ``carried_over`` lists items reported before the quarter that are still not resolved.
    """

    year: int
    quarter: int
    first_day: dt.date
    last_day: dt.date
    reported: tuple[NoncomplianceItem, ...]
    by_severity: dict[NoncomplianceSeverity, int]
    by_status: dict[NoncomplianceStatus, int]
    board_notifications: tuple[str, ...]
    anonymous: int
    carried_over: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    def to_json(self) -> dict[str, object]:
        return {
            "quarter": self.label,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "reported": len(self.reported),
            "items": [i.id for i in self.reported],
            "by_severity": {k.value: v for k, v in self.by_severity.items()},
            "by_status": {k.value: v for k, v in self.by_status.items()},
            "board_notifications": list(self.board_notifications),
            "anonymous": self.anonymous,
            "carried_over": list(self.carried_over),
        }


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar quarter (Q1 = January to March)."""
    if quarter not in (1, 2, 3, 4):
        raise InputError(f"quarter must be 1, 2, 3 or 4, not {quarter}")
    if not dt.MINYEAR <= year < dt.MAXYEAR:
        raise InputError(f"year {year} is out of range")
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The (year, quarter) a day falls in: 2024-02-29 is (2024, 1)."""
    return day.year, (day.month - 1) // 3 + 1


def summarise_quarter(
    register: Sequence[NoncomplianceItem], year: int, quarter: int
) -> QuarterlySummary:
    """Counts of the items of ``register`` reported in one quarter."""
    first, last = quarter_bounds(year, quarter)
    reported = tuple(i for i in register if first <= i.reported <= last)
    by_severity = dict.fromkeys(NoncomplianceSeverity, 0)
    by_status = dict.fromkeys(NoncomplianceStatus, 0)
    for item in reported:
        by_severity[item.severity] += 1
        by_status[item.status] += 1
    return QuarterlySummary(
        year=year,
        quarter=quarter,
        first_day=first,
        last_day=last,
        reported=reported,
        by_severity=by_severity,
        by_status=by_status,
        board_notifications=tuple(i.id for i in reported if i.board_notification),
        anonymous=sum(1 for i in reported if i.reporter is None),
        carried_over=tuple(
            i.id
            for i in register
            if i.reported < first and i.status != NoncomplianceStatus.resolved
        ),
    )


def quarterly_summary(doc: CaseDocument, year: int, quarter: int) -> QuarterlySummary:
    """Counts of the noncompliance items reported in a quarter, for the packet and the RSO."""
    return summarise_quarter(doc.compliance.noncompliance, year, quarter)


def register_quarters(register: Iterable[NoncomplianceItem]) -> list[tuple[int, int]]:
    """The (year, quarter) pairs in which at least one item was reported, oldest first."""
    return sorted({quarter_of(item.reported) for item in register})


def summaries_by_quarter(register: Sequence[NoncomplianceItem]) -> list[QuarterlySummary]:
    """One summary per quarter in which items were reported, oldest first."""
    return [summarise_quarter(register, y, q) for y, q in register_quarters(register)]
