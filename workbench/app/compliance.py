"""Compliance tracking operations: assessment schedule, methodology changes, noncompliance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.app.clock import today as utc_today
from workbench.app.clock import utc_now
from workbench.app.review import (
    Recorded,
    as_utc,
    cited_evidence,
    next_numbered_id,
    parse_choice,
    required_text,
    validated,
    write_record,
)
from workbench.app.workspace import Workspace
from workbench.checks.dates import add_months
from workbench.domain import (
    CaseDocument,
    Direction,
    Framework,
    InputError,
    MethodologyChange,
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    NotFoundError,
    ScheduledAssessment,
    TimeRange,
    TimeUnit,
)

# The pure summaries live in the domain so the packet can use them too; re-exported here.
from workbench.domain.compliance_summary import QuarterlySummary as QuarterlySummary
from workbench.domain.compliance_summary import quarter_bounds as quarter_bounds
from workbench.domain.compliance_summary import quarterly_summary as quarterly_summary
from workbench.domain.compliance_summary import schedule_status as schedule_status


# --------------------------------------------------------------------- schedule
def obligation_due_date(framework: Framework, obligation_id: str, started: dt.date) -> dt.date:
    """When work on a catalogue obligation begun on ``started`` is due: its deadline's limit.

    A hard deadline is a due date; a soft target ("should ideally be concluded within about a
    month", RSP v2.2 §3.2) gives a target date the checks report only as past target. For RSP
    v2.2 a comprehensive assessment begun 2024-02-01 has the target 2024-03-01.
    """
    obligation = framework.obligations_by_id.get(obligation_id)
    if obligation is None:
        raise NotFoundError(
            f"framework {framework.id} has no obligation {obligation_id!r}", about="obligation"
        )
    deadline = obligation.deadline
    if deadline is None:
        raise InputError(
            f"{obligation_id} ({obligation.title}) has no deadline in {framework.id}; "
            "give the due date instead",
            about="due",
        )
    try:
        return deadline_date(deadline, started)
    except (OverflowError, ValueError):
        raise InputError(
            f"{started.isoformat()} plus the deadline of {obligation_id} "
            f"({deadline.describe()}) is past the last date the calendar holds (9999-12-31)"
        ) from None


def deadline_date(deadline: TimeRange, started: dt.date) -> dt.date:
    """``started`` plus the deadline's limit, in its own unit (calendar months clamp).

    Business days skip Saturdays and Sundays (public holidays are not known). A deadline
    with direction ``before`` counts back: ``started`` is then the anchor's date (the day the
    model is to be placed on the market) and the due date lies the limit ahead of it.
    """
    limit = round(deadline.limit)
    sign = -1 if deadline.direction == Direction.before else 1
    if deadline.unit == TimeUnit.days:
        return started + dt.timedelta(days=sign * limit)
    if deadline.unit == TimeUnit.weeks:
        return started + dt.timedelta(weeks=sign * limit)
    if deadline.unit == TimeUnit.business_days:
        day, left = started, limit
        while left > 0:
            day += dt.timedelta(days=sign)
            if day.weekday() < 5:
                left -= 1
        return day
    months = limit if deadline.unit == TimeUnit.months else limit * 12
    return add_months(started, sign * months)


def find_schedule_item(doc: CaseDocument, item_id: str) -> ScheduledAssessment:
    """The scheduled assessment with this id (the document's look-up)."""
    return doc.schedule_item(item_id)


def add_schedule_item(
    ws: Workspace, *, what: str, due: dt.date, owner: str = "", obligation: str | None = None
) -> Recorded[ScheduledAssessment]:
    """Schedule an assessment or report with its due date (and the obligation it fulfils)."""
    doc = ws.document
    item = validated(
        ScheduledAssessment,
        {
            "id": next_numbered_id("SCH", [s.id for s in doc.compliance.schedule]),
            "what": required_text(what, "description of what is scheduled"),
            "due": due,
            "owner": owner.strip(),
            "obligation": obligation,
        },
        "scheduled assessment",
    )
    return write_record(
        ws,
        "schedule",
        item.id,
        None,
        item,
        label=f"Schedule {item.id}: {item.what}",
        action="schedule assessment",
    )


def complete_schedule_item(
    ws: Workspace, item_id: str, *, on: dt.date, today: dt.date | None = None
) -> Recorded[ScheduledAssessment]:
    """Record the completion date of a scheduled item; a delay is kept, in days, on the record."""
    doc = ws.document
    item = find_schedule_item(doc, item_id)
    if item.completed is not None:
        raise InputError(f"{item.id} was already completed on {item.completed.isoformat()}")
    current = today or utc_today()
    if on > current:
        raise InputError(
            f"completion date {on.isoformat()} is in the future (today is {current.isoformat()})"
        )
    updated = item.model_copy(update={"completed": on})
    return write_record(
        ws,
        "schedule",
        item.id,
        item,
        updated,
        label=f"Complete {item.id}",
        action="complete assessment",
    )


# ------------------------------------------------------------------ methodology
def record_methodology_change(
    ws: Workspace,
    *,
    evaluation: str,
    from_version: str,
    to_version: str,
    reason: str,
    evidence: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Recorded[MethodologyChange]:
    """Record why an evaluation's methodology changed between two versions (dated in UTC)."""
    doc = ws.document
    old = required_text(from_version, "version before the change", about="from")
    new = required_text(to_version, "version after the change", about="to")
    if old == new:
        raise InputError(
            f"the versions before and after are both {old!r}; a change needs two versions",
            about="versions",
        )
    cited = cited_evidence(doc, evidence)
    change = validated(
        MethodologyChange,
        {
            "id": next_numbered_id("MC", [m.id for m in doc.compliance.methodology_changes]),
            "evaluation": required_text(evaluation, "evaluation name"),
            "from_version": old,
            "to_version": new,
            "reason": required_text(reason, "reason"),
            "evidence": cited,
            "recorded": as_utc(now or utc_now()).date(),
        },
        "methodology change",
    )
    return write_record(
        ws,
        "methodology",
        change.id,
        None,
        change,
        label=f"Record methodology change {change.id}",
        action="record methodology change",
    )


# ----------------------------------------------------------------- noncompliance
def find_noncompliance(doc: CaseDocument, item_id: str) -> NoncomplianceItem:
    """The noncompliance item with this id (the document's look-up)."""
    return doc.noncompliance_item(item_id)


def report_noncompliance(
    ws: Workspace,
    *,
    description: str,
    reporter: str | None = None,
    severity: NoncomplianceSeverity | str = NoncomplianceSeverity.medium,
    board_notification: bool = False,
    now: dt.datetime | None = None,
) -> Recorded[NoncomplianceItem]:
    """Add an item to the noncompliance register; ``reporter`` None means anonymous."""
    doc = ws.document
    who = None if reporter is None else required_text(reporter, "reporter name")
    item = validated(
        NoncomplianceItem,
        {
            "id": next_numbered_id("NC", [n.id for n in doc.compliance.noncompliance]),
            "description": required_text(description, "description"),
            "reporter": who,
            "reported": as_utc(now or utc_now()).date(),
            "severity": parse_choice(NoncomplianceSeverity, severity, "severity"),
            "board_notification": board_notification,
        },
        "noncompliance item",
    )
    return write_record(
        ws,
        "noncompliance",
        item.id,
        None,
        item,
        label=f"Report noncompliance {item.id}",
        action="report noncompliance",
    )


def set_noncompliance_status(
    ws: Workspace, item_id: str, *, status: NoncomplianceStatus | str
) -> Recorded[NoncomplianceItem]:
    """Move a register item to another status (a resolved item may be reopened)."""
    doc = ws.document
    item = find_noncompliance(doc, item_id)
    new_status = parse_choice(NoncomplianceStatus, status, "noncompliance status")
    if new_status == item.status:
        raise InputError(f"{item.id} is already {item.status.value}")
    updated = item.model_copy(update={"status": new_status})
    return write_record(
        ws,
        "noncompliance",
        updated.id,
        item,
        updated,
        label=f"Noncompliance {item.id}: {new_status.value}",
        action="update noncompliance",
    )


@dataclass(frozen=True)
class TriggerGauge:
    """How far one re-assessment trigger has come towards its limit (None: nothing recorded)."""

    key: str
    title: str
    value: float | None
    limit: float
    unit: str
    reached: bool
    detail: str

    @property
    def fraction(self) -> float:
        """The value as a share of the limit, 0 when nothing is recorded."""
        if self.value is None or self.limit <= 0:
            return 0.0
        return max(0.0, self.value / self.limit)

    @property
    def reading(self) -> str:
        """``"2.5× of 4×"``, ``"41 of 181 days"`` or ``"none recorded"``."""
        if self.value is None:
            return "none recorded"
        if self.unit == "×":
            return f"{self.value:g}× of {self.limit:g}×"
        return f"{self.value:g} of {self.limit:g} {self.unit}"


def trigger_status(doc: CaseDocument, on: dt.date) -> list[TriggerGauge]:
    """The re-assessment triggers the CMP and EVD checks judge, as numbers against their limits:
    effective compute, post-training months, age of the last comprehensive assessment and age
    of the newest approval, with the framework's limits (RSP v2.2: 4×, 6 months, 6 months, 365
    days). They are the packet's trigger rows
    (workbench.report.triggers), so the tab and the packet give the same answer."""
    from workbench.report.triggers import TriggerState, trigger_rows

    return [
        TriggerGauge(
            row.gauge.key,
            row.trigger,
            row.gauge.amount,
            row.gauge.bound,
            row.gauge.unit,
            row.state is TriggerState.due,
            row.note,
        )
        for row in trigger_rows(doc, on)
        if row.gauge is not None
    ]
