"""CMP-CADENCE-LATE: a periodic report (a Risk Report every 3-6 months) past its window.

The window follows from the catalogue, not from the due date typed in: a schedule item that
fulfils an obligation with a hard cadence (``ScheduledAssessment.obligation``) must be
completed within the cadence's longest span after the previous item of that obligation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.dates import add_months
from workbench.checks.rules import Rule, plural
from workbench.domain import Finding, Obligation, ScheduledAssessment, Severity

FAMILY = "CMP"

CADENCE_LATE = Rule(
    FAMILY + "-CADENCE-LATE",
    Severity.major,
    FAMILY,
    "periodic report (e.g. a Risk Report every 3-6 months) completed or due past its window",
)

RULES = (CADENCE_LATE,)


def window_closes(obligation: Obligation, previous: dt.date) -> dt.date | None:
    """The last day the next occurrence is on time, or None when the cadence sets no hard limit."""
    cadence = obligation.cadence
    if cadence is None or not cadence.hard:
        return None
    if cadence.months is not None:
        return add_months(previous, cadence.months)
    if cadence.days is not None:
        return previous + dt.timedelta(days=cadence.days)
    return None


def check(ctx: CheckContext) -> Iterator[Finding]:
    by_obligation: dict[str, list[ScheduledAssessment]] = {}
    for item in ctx.doc.compliance.schedule:
        if item.obligation is not None:
            by_obligation.setdefault(item.obligation, []).append(item)
    obligations = ctx.framework.obligations_by_id
    for oid, items in by_obligation.items():
        obligation = obligations.get(oid)
        if obligation is None or obligation.cadence is None:
            continue
        previous: ScheduledAssessment | None = None
        for item in sorted(items, key=lambda s: (s.completed or dt.date.max, s.due)):
            if previous is not None and previous.completed is not None:
                closes = window_closes(obligation, previous.completed)
                if closes is not None:
                    yield from _late(ctx, obligation, item, previous, closes)
            if item.completed is None:
                break  # the next one's window opens when this one is done
            previous = item


def _late(
    ctx: CheckContext,
    obligation: Obligation,
    item: ScheduledAssessment,
    previous: ScheduledAssessment,
    closes: dt.date,
) -> Iterator[Finding]:
    assert obligation.cadence is not None and previous.completed is not None
    span = obligation.cadence.describe("every")
    after = f"{previous.id} of {previous.completed.isoformat()}"
    if item.completed is not None:
        days = (item.completed - closes).days
        if days > 0:
            yield CADENCE_LATE.finding(
                item.id,
                f"{item.what} ({obligation.id}, {span}) was completed "
                f"{item.completed.isoformat()}, {plural(days, 'day')} late: its window closed "
                f"{closes.isoformat()}, after {after}",
                "Record why in the noncompliance register; the delay is reported in the packet.",
            )
        return
    days = (ctx.today - closes).days
    if days > 0:
        yield CADENCE_LATE.finding(
            item.id,
            f"{item.what} ({obligation.id}, {span}) is {plural(days, 'day')} late: its window "
            f"closed {closes.isoformat()}, after {after}",
            "Publish it and record the date (workbench schedule done).",
            Severity.blocker,
        )
