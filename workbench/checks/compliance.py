"""CMP-* rules: assessment deadlines and delays, re-assessment triggers, noncompliance register."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule, plural
from workbench.checks.triggers import newest_approval, preliminary_triggers
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
PAST_TARGET = Rule(
    FAMILY + "-PAST-TARGET",
    Severity.minor,
    FAMILY,
    "scheduled item past the soft target of its obligation (a target, not a deadline)",
)
PRELIMINARY_DUE = Rule(
    FAMILY + "-PRELIMINARY-DUE",
    Severity.major,
    FAMILY,
    "preliminary assessment due (the catalogue's effective-compute or elicitation limit, "
    "RSP v2.2: 4x or 6 months)",
)
REAPPROVAL = Rule(
    FAMILY + "-REAPPROVAL",
    Severity.major,
    FAMILY,
    "safeguards not re-approved within the catalogue's re-approval cadence (RSP v2.2: a year)",
)
NONCOMPLIANCE = Rule(
    FAMILY + "-NONCOMPLIANCE",
    Severity.major,
    FAMILY,
    "open noncompliance item (minor unless the Board must be notified)",
)

TRIGGER_UNANSWERED = Rule(
    FAMILY + "-TRIGGER-UNANSWERED",
    Severity.minor,
    FAMILY,
    "a catalogue trigger fired but no scheduled item fulfils the obligation it starts",
)

RULES = (
    OVERDUE,
    LATE,
    PAST_TARGET,
    PRELIMINARY_DUE,
    REAPPROVAL,
    NONCOMPLIANCE,
    TRIGGER_UNANSWERED,
)


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
    yield from _triggered(ctx)


def _soft_target(ctx: CheckContext, obligation_id: str | None) -> str | None:
    """The soft deadline an item's obligation sets ("within about a month"), if soft."""
    obligation = ctx.framework.obligations_by_id.get(obligation_id or "")
    if obligation is None or obligation.deadline is None or obligation.deadline.hard:
        return None
    return f"{obligation.id}: {obligation.deadline.describe()}"


def _schedule(ctx: CheckContext) -> Iterator[Finding]:
    for item in ctx.doc.compliance.schedule:
        owner = f" (owner {item.owner})" if item.owner else ""
        soft = _soft_target(ctx, item.obligation)
        if soft is not None:
            late = item.overdue_days(ctx.today) if item.completed is None else item.delay_days
            if late > 0:
                state = "is" if item.completed is None else "was completed"
                yield PAST_TARGET.finding(
                    item.id,
                    f"{item.what}{owner} {state} {plural(late, 'day')} past its target "
                    f"{item.due.isoformat()} ({soft}); the text sets a target, not a deadline",
                    "Nothing is overdue; record why it took longer if the delay matters.",
                )
            continue
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
    lim = ctx.limits
    triggers = preliminary_triggers(model, lim)
    if not triggers.due:
        return
    reasons: list[str] = []
    if triggers.compute_reached:
        reasons.append(
            f"effective compute is {model.effective_compute_ratio:g}x the last assessed model "
            f"(limit {lim.compute_ratio:g}x)"
        )
    if triggers.months_reached:
        reasons.append(
            f"{model.post_training_months:g} months of post-training improvement have "
            f"accumulated (limit {lim.elicitation_months:g})"
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
            f"{approval.limit_days} days",
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


def fired_by_threshold(ctx: CheckContext) -> dict[str, dict[str, str]]:
    """Each fired event -> the thresholds that fire it, each with why (in case order).

    Events that no threshold fires (a notably more capable model) are keyed by ``""``.
    """
    fired: dict[str, dict[str, str]] = {}

    def fire(event: str, subject: str, why: str) -> None:
        fired.setdefault(event, {}).setdefault(subject, why)

    for d in ctx.doc.assessment.determinations:
        threshold = ctx.thresholds.get(d.threshold)
        if threshold is None or not d.outcome.counts_as_crossed:
            continue
        tid, outcome = threshold.id, d.outcome.value
        if threshold.checkpoint:
            fire("checkpoint_reached", tid, f"checkpoint {tid} is {outcome}")
        elif threshold.alert:
            fire("alert_threshold_reached", tid, f"alert threshold {tid} is {outcome}")
        elif not threshold.ongoing:
            fire("threshold_crossed", tid, f"threshold {tid} is {outcome}")
            if outcome == "cannot_rule_out":
                fire("threshold_cannot_be_ruled_out", tid, f"threshold {tid} cannot be ruled out")
    triggers = preliminary_triggers(ctx.doc.assessment.model, ctx.limits)
    if triggers.reached:
        fire(
            "preliminary_assessment_notably_more_capable",
            "",
            "the model is notably more capable than the last comprehensively assessed one "
            f"({ctx.limits.compute_ratio:g}x effective compute or "
            f"{ctx.limits.elicitation_months:g} months of elicitation reached)",
        )
    return fired


def _triggered(ctx: CheckContext) -> Iterator[Finding]:
    scheduled = {item.obligation for item in ctx.doc.compliance.schedule if item.obligation}
    for event, by in fired_by_threshold(ctx).items():
        for obligation in ctx.framework.obligations_triggered_by(event):
            if obligation.modality.value not in ("must", "should") or obligation.id in scheduled:
                continue
            trigger = obligation.trigger
            # A scoped trigger fires only for the thresholds in its scope (OAI-PF-2: "halt
            # further development" only at Critical; GDM FSF: a misuse T/CCL starts the misuse
            # review, not the ML R&D one). Events no threshold fires (subject "") always do.
            reasons = [
                why
                for tid, why in by.items()
                if trigger is None or not tid or trigger.fired_by(ctx.thresholds[tid])
            ]
            if not reasons:
                continue
            why = reasons[0]
            where = f", {obligation.source.section}" if obligation.source else ""
            yield TRIGGER_UNANSWERED.finding(
                obligation.id,
                f"{why}, which starts {obligation.id} ({obligation.title}{where}); no scheduled "
                "item fulfils it",
                f"Schedule it: workbench schedule add STORE --what TEXT --obligation "
                f"{obligation.id} --due DATE.",
            )
