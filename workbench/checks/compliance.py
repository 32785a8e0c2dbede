"""CMP-* rules: assessment deadlines and delays, re-assessment triggers, noncompliance register."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, plural
from workbench.checks.triggers import (
    PRELIMINARY_COMPUTE_RATIO,
    PRELIMINARY_POST_TRAINING_MONTHS,
    REAPPROVAL_DAYS,
    newest_approval,
    preliminary_triggers,
)
from workbench.domain import Finding, NoncomplianceStatus, Severity

FAMILY = "CMP"
#: Overdue by up to this many days: minor; up to MAJOR_DAYS: major; more: blocker.
MINOR_OVERDUE_DAYS = 7
MAJOR_OVERDUE_DAYS = 30

OVERDUE = Rule(
    FAMILY + "-OVERDUE",
    Severity.major,
    FAMILY,
    "scheduled assessment overdue (1-7 days minor, 8-30 major, more blocker)",
)
LATE = Rule(FAMILY + "-LATE", Severity.info, FAMILY, "scheduled assessment completed late")
PRELIMINARY_DUE = Rule(
    FAMILY + "-PRELIMINARY-DUE",
    Severity.major,
    FAMILY,
    "preliminary assessment due (4x effective compute or 6 months of post-training)",
)
REAPPROVAL = Rule(
    FAMILY + "-REAPPROVAL",
    Severity.major,
    FAMILY,
    "safeguards not re-approved within a year",
)
NONCOMPLIANCE = Rule(
    FAMILY + "-NONCOMPLIANCE",
    Severity.major,
    FAMILY,
    "open noncompliance item (minor unless the Board must be notified)",
)

RULES = (OVERDUE, LATE, PRELIMINARY_DUE, REAPPROVAL, NONCOMPLIANCE)


def overdue_severity(days: int) -> Severity:
    """The severity of an assessment this many days past its due date."""
    if days <= MINOR_OVERDUE_DAYS:
        return Severity.minor
    if days <= MAJOR_OVERDUE_DAYS:
        return Severity.major
    return Severity.blocker


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _schedule(ctx)
    yield from _preliminary(ctx)
    yield from _reapproval(ctx)
    yield from _noncompliance(ctx)


def _schedule(ctx: CheckContext) -> Iterator[Finding]:
    for item in ctx.doc.compliance.schedule:
        owner = f" (owner {item.owner})" if item.owner else ""
        if item.completed is None:
            days = item.overdue_days(ctx.today)
            if days > 0:
                yield OVERDUE.finding(
                    item.id,
                    f"{item.what}{owner} was due {item.due.isoformat()} and is "
                    f"{plural(days, 'day')} overdue",
                    "Complete it and record the date (workbench schedule done), or record why "
                    "it is delayed in the noncompliance register.",
                    overdue_severity(days),
                )
        elif item.delay_days > 0:
            yield LATE.finding(
                item.id,
                f"{item.what}{owner} was due {item.due.isoformat()} and completed "
                f"{item.completed.isoformat()}, {plural(item.delay_days, 'day')} late",
                "Nothing to fix; the delay is reported in the compliance section of the packet.",
            )


def _preliminary(ctx: CheckContext) -> Iterator[Finding]:
    model = ctx.doc.assessment.model
    triggers = preliminary_triggers(model)
    if not triggers.due:
        return
    reasons: list[str] = []
    if triggers.compute_reached:
        reasons.append(
            f"effective compute is {model.effective_compute_ratio:g}x the last assessed model "
            f"(limit {PRELIMINARY_COMPUTE_RATIO:g}x)"
        )
    if triggers.months_reached:
        reasons.append(
            f"{model.post_training_months:g} months of post-training improvement have "
            f"accumulated (limit {PRELIMINARY_POST_TRAINING_MONTHS:g})"
        )
    last_full, last_pre = model.last_comprehensive, model.last_preliminary
    since = (
        f"last comprehensive assessment {last_full.isoformat()}"
        if last_full is not None
        else "no comprehensive assessment recorded"
    )
    done = (
        f"last preliminary assessment {last_pre.isoformat()}, before it"
        if last_pre is not None
        else "no preliminary assessment recorded since"
    )
    yield PRELIMINARY_DUE.finding(
        ctx.doc.assessment.id,
        f"a preliminary assessment of {model.name} is due: "
        + "; ".join(reasons)
        + f" ({since}; {done})",
        "Run the preliminary assessment and record its date "
        "(workbench model set --last-preliminary DATE).",
    )


def _reapproval(ctx: CheckContext) -> Iterator[Finding]:
    approval = newest_approval(ctx.doc, ctx.today)
    if approval is not None and approval.due:
        newest = approval.signoff
        yield REAPPROVAL.finding(
            newest.id,
            f"the newest approval ({newest.signer}, {approval.signed_on.isoformat()}) is "
            f"{plural(approval.age_days, 'day')} old; safeguards must be re-approved every "
            f"{REAPPROVAL_DAYS} days",
            "Have an approver review the safeguards and sign off the current state.",
        )


def _noncompliance(ctx: CheckContext) -> Iterator[Finding]:
    for item in ctx.doc.compliance.noncompliance:
        if item.status == NoncomplianceStatus.resolved:
            continue
        board = " and must be notified to the Board" if item.board_notification else ""
        yield NONCOMPLIANCE.finding(
            item.id,
            f"noncompliance {item.id} ({item.severity.value}, reported "
            f"{item.reported.isoformat()}) is {item.status.value}{board}",
            "Investigate and resolve it; the Responsible Scaling Officer tracks it.",
            None if item.board_notification else Severity.minor,
        )
