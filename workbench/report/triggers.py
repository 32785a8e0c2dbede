"""Re-assessment triggers: value, limit and status of each by the CMP/EVD rules, the one source
of the packet's trigger table and of the Compliance tab's gauges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from workbench.checks.compliance import PRELIMINARY_DUE, REAPPROVAL
from workbench.checks.evidence import STALE_ASSESSMENT
from workbench.checks.triggers import (
    Limits,
    PreliminaryTriggers,
    limits,
    newest_approval,
    preliminary_triggers,
    staleness,
    unstated_triggers,
)

__all__ = ["Gauge", "TriggerRow", "TriggerState", "trigger_rows", "unstated_triggers"]
from workbench.domain import CaseDocument, ModelUnderReview
from workbench.domain.wording import plural


class TriggerState(StrEnum):
    ok = "ok"
    due = "due"
    not_recorded = "not recorded"


@dataclass(frozen=True)
class Gauge:
    """A trigger's numbers, for drawing it against its limit (amount None: nothing recorded)."""

    key: str
    amount: float | None
    bound: float
    unit: str


@dataclass(frozen=True)
class TriggerRow:
    """One line of the trigger table; ``rule`` is the check that reports it when due, and
    ``gauge`` its numbers where it is a measured quantity against a limit."""

    trigger: str
    value: str
    limit: str
    state: TriggerState
    note: str
    rule: str
    gauge: Gauge | None = None


def _threshold_row(
    key: str,
    trigger: str,
    value: float | None,
    unit: str,
    limit: float,
    reached: bool,
    answered: str | None,
    what: str,
) -> TriggerRow:
    """A measured quantity against its limit: due once it reaches the limit, unless answered."""
    gap = "" if unit == "×" else " "
    limit_text = f"{limit:g}{gap}{unit}"
    gauge = Gauge(key, value, limit, unit)
    if value is None:
        return TriggerRow(
            trigger,
            "—",
            limit_text,
            TriggerState.not_recorded,
            f"no {what} recorded",
            PRELIMINARY_DUE.id,
            gauge,
        )
    value_text = f"{value:g}{gap}{unit}"
    if not reached:
        state, note = TriggerState.ok, "below the limit"
    elif answered is not None:
        state, note = (
            TriggerState.ok,
            f"limit reached; answered by the preliminary assessment of {answered}",
        )
    else:
        state, note = TriggerState.due, "a preliminary assessment is due"
    return TriggerRow(trigger, value_text, limit_text, state, note, PRELIMINARY_DUE.id, gauge)


def trigger_rows(doc: CaseDocument, today: dt.date) -> list[TriggerRow]:
    """The re-assessment triggers of the model under review as of ``today``.

    Effective compute and post-training months call for a preliminary assessment once they
    reach their limits (CMP-PRELIMINARY-DUE), unless one was made after the last comprehensive
    assessment; a comprehensive assessment older than the stale limit is reported by
    EVD-STALE-ASSESSMENT; the newest approval must be younger than the re-approval limit
    (CMP-REAPPROVAL). A trigger the framework does not state has no row
    (``unstated_triggers`` names it).
    """
    model = doc.assessment.model
    last_pre = model.last_preliminary
    lim = limits(doc.framework)
    triggers = preliminary_triggers(model, lim)
    answered = last_pre.isoformat() if last_pre and triggers.answered else None
    rows: list[TriggerRow] = []
    if lim.compute_ratio is not None:
        rows.append(
            _threshold_row(
                "compute",
                "Effective compute vs the last comprehensively assessed model",
                model.effective_compute_ratio,
                "×",
                lim.compute_ratio,
                triggers.compute_reached,
                answered,
                "effective-compute ratio",
            )
        )
    if lim.elicitation_months is not None:
        rows.append(
            _threshold_row(
                "post_training",
                "Post-training improvement since the last assessment",
                model.post_training_months,
                "months",
                lim.elicitation_months,
                triggers.months_reached,
                answered,
                "post-training months",
            )
        )
    if lim.stale_months is not None:
        rows.append(_comprehensive_row(model, today, lim))
    if lim.preliminary:
        rows.append(_preliminary_row(model, triggers))
    if lim.reapproval_days is not None:
        rows.append(_approval_row(doc, today, lim.reapproval_days))
    return rows


def _comprehensive_row(model: ModelUnderReview, today: dt.date, lim: Limits) -> TriggerRow:
    trigger = "Last comprehensive assessment"
    state = staleness(model, today, lim)
    stale_before = state.stale_before or today
    limit = f"{state.months} months (stale if before {stale_before.isoformat()})"
    last = state.last
    bound = (today - stale_before).days
    if last is None or state.stale_after is None:
        # EVD-ASSESSMENT-UNDATED reports it; staleness cannot be judged, so nothing is due.
        return TriggerRow(
            trigger,
            "—",
            limit,
            TriggerState.not_recorded,
            "no comprehensive assessment recorded",
            STALE_ASSESSMENT.id,
            Gauge("comprehensive_age", None, bound, "days"),
        )
    gauge = Gauge("comprehensive_age", (today - last).days, bound, "days")
    value = f"{last.isoformat()} ({plural((today - last).days, 'day')} old)"
    reasons = []
    if state.too_old:
        reasons.append(f"older than {state.months} months")
    if state.compute_increase:
        reasons.append(f"made before a {lim.compute_ratio or 0:g}× effective-compute increase")
    if reasons:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.due,
            f"stale ({' and '.join(reasons)}): a new comprehensive assessment is due",
            STALE_ASSESSMENT.id,
            gauge,
        )
    return TriggerRow(
        trigger,
        value,
        limit,
        TriggerState.ok,
        f"within the limit; stale after {state.stale_after.isoformat()}",
        STALE_ASSESSMENT.id,
        gauge,
    )


def _preliminary_row(model: ModelUnderReview, triggers: PreliminaryTriggers) -> TriggerRow:
    trigger = "Last preliminary assessment"
    limit = "after the last comprehensive one, once a trigger is reached"
    last = model.last_preliminary
    value = last.isoformat() if last else "—"
    if triggers.due:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.due,
            "a trigger is reached and no preliminary assessment followed the comprehensive one",
            PRELIMINARY_DUE.id,
        )
    if last is None:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.not_recorded,
            "none is called for: no trigger is reached",
            PRELIMINARY_DUE.id,
        )
    if triggers.answered:
        note = "after the last comprehensive assessment"
    else:
        note = "before the last comprehensive assessment; none is called for"
    return TriggerRow(trigger, value, limit, TriggerState.ok, note, PRELIMINARY_DUE.id)


def _approval_row(doc: CaseDocument, today: dt.date, limit_days: int) -> TriggerRow:
    trigger = "Newest safeguards approval"
    limit = f"{limit_days} days"
    approval = newest_approval(doc, today)
    if approval is None:
        return TriggerRow(
            trigger,
            "—",
            limit,
            TriggerState.not_recorded,
            "no approval has been signed",
            REAPPROVAL.id,
            Gauge("approval_age", None, limit_days, "days"),
        )
    gauge = Gauge("approval_age", approval.age_days, limit_days, "days")
    value = f"{approval.signed_on.isoformat()} ({plural(approval.age_days, 'day')} old)"
    renew_by = approval.signed_on + dt.timedelta(days=limit_days)
    if approval.due:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.due,
            f"re-approval was due by {renew_by.isoformat()}",
            REAPPROVAL.id,
            gauge,
        )
    return TriggerRow(
        trigger,
        value,
        limit,
        TriggerState.ok,
        f"approved by {approval.signoff.signer}; re-approve by {renew_by.isoformat()}",
        REAPPROVAL.id,
        gauge,
    )
