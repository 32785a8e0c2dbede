"""Compliance tracking operations: assessment schedule, methodology changes, noncompliance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.app.changes import ChangeSet, put
from workbench.app.core import today as utc_today
from workbench.app.core import utc_now
from workbench.app.review import (
    Recorded,
    as_utc,
    next_numbered_id,
    parse_choice,
    required_text,
    validated,
)
from workbench.app.workspace import Workspace
from workbench.checks.rules import plural
from workbench.domain import (
    CaseDocument,
    Framework,
    InputError,
    MethodologyChange,
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    NotFoundError,
    ScheduledAssessment,
)


# --------------------------------------------------------------------- schedule
def obligation_due_date(framework: Framework, obligation_id: str, started: dt.date) -> dt.date:
    """When work on a catalogue obligation begun on ``started`` must finish (its deadline_days).

    For RSP v2.2 a comprehensive assessment begun 2024-02-01 is due 2024-03-02 (30 days).
    """
    for obligation in (*framework.process, *framework.governance):
        if obligation.id != obligation_id:
            continue
        if obligation.deadline_days is None:
            raise InputError(
                f"{obligation_id} ({obligation.title}) has no deadline in {framework.id}; "
                "give --due DATE instead"
            )
        return started + dt.timedelta(days=obligation.deadline_days)
    raise NotFoundError(
        f"framework {framework.id} has no obligation {obligation_id!r} "
        f"(see 'workbench catalog show {framework.id}')"
    )


def find_schedule_item(doc: CaseDocument, item_id: str) -> ScheduledAssessment:
    for item in doc.compliance.schedule:
        if item.id == item_id:
            return item
    raise NotFoundError(f"no scheduled assessment {item_id!r} (see 'workbench schedule list')")


def add_schedule_item(
    ws: Workspace, *, what: str, due: dt.date, owner: str = ""
) -> Recorded[ScheduledAssessment]:
    """Schedule an assessment or report with its due date."""
    doc = ws.document
    item = validated(
        ScheduledAssessment,
        {
            "id": next_numbered_id("SCH", [s.id for s in doc.compliance.schedule]),
            "what": required_text(what, "description of what is scheduled"),
            "due": due,
            "owner": owner.strip(),
        },
        "scheduled assessment",
    )
    change_set = ChangeSet(
        f"Schedule {item.id}: {item.what}",
        "schedule assessment",
        (put("schedule", item.id, None, item),),
    )
    ws.apply(change_set)
    return Recorded(item, change_set)


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
    change_set = ChangeSet(
        f"Complete {item.id}", "complete assessment", (put("schedule", item.id, item, updated),)
    )
    ws.apply(change_set)
    return Recorded(updated, change_set)


def schedule_status(item: ScheduledAssessment, today: dt.date) -> str:
    """How an item stands on ``today``: "completed 3 days late", "2 days overdue", "due today"."""
    if item.completed is not None:
        if item.delay_days:
            return f"completed {plural(item.delay_days, 'day')} late"
        return "completed on time"
    overdue = item.overdue_days(today)
    if overdue:
        return f"{plural(overdue, 'day')} overdue"
    remaining = (item.due - today).days
    return "due today" if remaining == 0 else f"due in {plural(remaining, 'day')}"


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
    old = required_text(from_version, "--from version")
    new = required_text(to_version, "--to version")
    if old == new:
        raise InputError(f"--from and --to are both {old!r}; a change needs two versions")
    known = doc.evidence_by_id()
    for evidence_id in evidence:
        if evidence_id not in known:
            raise NotFoundError(
                f"no evidence {evidence_id!r} in this case (see 'workbench evidence list')"
            )
    change = validated(
        MethodologyChange,
        {
            "id": next_numbered_id("MC", [m.id for m in doc.compliance.methodology_changes]),
            "evaluation": required_text(evaluation, "evaluation name"),
            "from_version": old,
            "to_version": new,
            "reason": required_text(reason, "reason"),
            "evidence": list(dict.fromkeys(evidence)),
            "recorded": as_utc(now or utc_now()).date(),
        },
        "methodology change",
    )
    change_set = ChangeSet(
        f"Record methodology change {change.id}",
        "record methodology change",
        (put("methodology", change.id, None, change),),
    )
    ws.apply(change_set)
    return Recorded(change, change_set)


# ----------------------------------------------------------------- noncompliance
def find_noncompliance(doc: CaseDocument, item_id: str) -> NoncomplianceItem:
    for item in doc.compliance.noncompliance:
        if item.id == item_id:
            return item
    raise NotFoundError(f"no noncompliance item {item_id!r} (see 'workbench noncompliance list')")


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
    change_set = ChangeSet(
        f"Report noncompliance {item.id}",
        "report noncompliance",
        (put("noncompliance", item.id, None, item),),
    )
    ws.apply(change_set)
    return Recorded(item, change_set)


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
    change_set = ChangeSet(
        f"Noncompliance {item.id}: {new_status.value}",
        "update noncompliance",
        (put("noncompliance", item.id, item, updated),),
    )
    ws.apply(change_set)
    return Recorded(updated, change_set)


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


def quarterly_summary(doc: CaseDocument, year: int, quarter: int) -> QuarterlySummary:
    """Counts of the noncompliance items reported in a quarter, for the packet and the RSO."""
    first, last = quarter_bounds(year, quarter)
    register = doc.compliance.noncompliance
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
