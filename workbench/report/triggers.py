"""Re-assessment triggers for the packet: value, limit and status of each, by the CMP/EVD rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from workbench.checks.cmp import (
    PRELIMINARY_COMPUTE_RATIO,
    PRELIMINARY_DUE,
    PRELIMINARY_POST_TRAINING_MONTHS,
    REAPPROVAL,
    REAPPROVAL_DAYS,
)
from workbench.checks.dates import months_before
from workbench.checks.evd import STALE_ASSESSMENT, STALE_COMPUTE_RATIO, STALE_MONTHS
from workbench.domain import CaseDocument, Meaning, ModelUnderReview


class TriggerState(StrEnum):
    ok = "ok"
    due = "due"
    not_recorded = "not recorded"


@dataclass(frozen=True)
class TriggerRow:
    """One line of the trigger table; ``rule`` is the check that reports it when due."""

    trigger: str
    value: str
    limit: str
    state: TriggerState
    note: str
    rule: str


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _preliminary_answered(model: ModelUnderReview) -> bool:
    """A preliminary assessment after the last comprehensive one answers a trigger (as CMP)."""
    last_full, last_pre = model.last_comprehensive, model.last_preliminary
    return last_pre is not None and (last_full is None or last_pre > last_full)


def _threshold_row(
    trigger: str, value: float | None, unit: str, limit: float, answered: str | None
) -> TriggerRow:
    """A measured quantity against its limit: due once it reaches the limit, unless answered."""
    limit_text = f"{limit:g}{unit}"
    if value is None:
        return TriggerRow(
            trigger,
            "—",
            limit_text,
            TriggerState.not_recorded,
            "record it with workbench model set",
            PRELIMINARY_DUE.id,
        )
    value_text = f"{value:g}{unit}"
    if value < limit:
        return TriggerRow(
            trigger, value_text, limit_text, TriggerState.ok, "below the limit", PRELIMINARY_DUE.id
        )
    if answered is not None:
        return TriggerRow(
            trigger,
            value_text,
            limit_text,
            TriggerState.ok,
            f"limit reached; answered by the preliminary assessment of {answered}",
            PRELIMINARY_DUE.id,
        )
    return TriggerRow(
        trigger,
        value_text,
        limit_text,
        TriggerState.due,
        "limit reached: a preliminary assessment is due",
        PRELIMINARY_DUE.id,
    )


def trigger_rows(doc: CaseDocument, today: dt.date) -> list[TriggerRow]:
    """The re-assessment triggers of the model under review as of ``today``.

    Effective compute and post-training months call for a preliminary assessment once they
    reach their limits (CMP-PRELIMINARY-DUE), unless one was made after the last comprehensive
    assessment; a comprehensive assessment older than the stale limit is reported by
    EVD-STALE-ASSESSMENT; the newest approval must be younger than the re-approval limit
    (CMP-REAPPROVAL).
    """
    model = doc.assessment.model
    last_pre = model.last_preliminary
    answered = last_pre.isoformat() if last_pre and _preliminary_answered(model) else None
    rows = [
        _threshold_row(
            "Effective compute vs the last comprehensively assessed model",
            model.effective_compute_ratio,
            "×",
            PRELIMINARY_COMPUTE_RATIO,
            answered,
        ),
        _threshold_row(
            "Post-training improvement since the last assessment",
            model.post_training_months,
            " months",
            PRELIMINARY_POST_TRAINING_MONTHS,
            answered,
        ),
    ]
    rows.append(_comprehensive_row(model, today))
    rows.append(_preliminary_row(model, any(r.state is TriggerState.due for r in rows[:2])))
    rows.append(_approval_row(doc, today))
    return rows


def _comprehensive_row(model: ModelUnderReview, today: dt.date) -> TriggerRow:
    trigger = "Last comprehensive assessment"
    stale_before = months_before(today, STALE_MONTHS)
    limit = f"{STALE_MONTHS} months (stale if before {stale_before.isoformat()})"
    last = model.last_comprehensive
    if last is None:
        return TriggerRow(
            trigger,
            "—",
            limit,
            TriggerState.not_recorded,
            "record it with workbench model set --last-comprehensive",
            STALE_ASSESSMENT.id,
        )
    value = f"{last.isoformat()} ({_days((today - last).days)} old)"
    reasons = []
    if last < stale_before:
        reasons.append(f"older than {STALE_MONTHS} months")
    ratio = model.effective_compute_ratio
    if ratio is not None and ratio >= STALE_COMPUTE_RATIO:
        reasons.append(f"made before a {STALE_COMPUTE_RATIO:g}× effective-compute increase")
    if reasons:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.due,
            f"stale ({' and '.join(reasons)}): a new comprehensive assessment is due",
            STALE_ASSESSMENT.id,
        )
    return TriggerRow(
        trigger, value, limit, TriggerState.ok, "within the limit", STALE_ASSESSMENT.id
    )


def _preliminary_row(model: ModelUnderReview, due: bool) -> TriggerRow:
    trigger = "Last preliminary assessment"
    limit = "after the last comprehensive one, once a trigger is reached"
    last = model.last_preliminary
    value = last.isoformat() if last else "—"
    if due:
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
    if _preliminary_answered(model):
        note = "after the last comprehensive assessment"
    else:
        note = "before the last comprehensive assessment; none is called for"
    return TriggerRow(trigger, value, limit, TriggerState.ok, note, PRELIMINARY_DUE.id)


def _approval_row(doc: CaseDocument, today: dt.date) -> TriggerRow:
    trigger = "Newest safeguards approval"
    limit = f"{REAPPROVAL_DAYS} days"
    approvals = [s for s in doc.signoffs if s.meaning == Meaning.approved]
    if not approvals:
        return TriggerRow(
            trigger,
            "—",
            limit,
            TriggerState.not_recorded,
            "no approval has been signed",
            REAPPROVAL.id,
        )
    newest = max(approvals, key=lambda s: s.signed_at)
    signed_on = newest.signed_at.astimezone(dt.UTC).date()
    age = (today - signed_on).days
    value = f"{signed_on.isoformat()} ({_days(age)} old)"
    renew_by = signed_on + dt.timedelta(days=REAPPROVAL_DAYS)
    if age > REAPPROVAL_DAYS:
        return TriggerRow(
            trigger,
            value,
            limit,
            TriggerState.due,
            f"re-approval was due by {renew_by.isoformat()}",
            REAPPROVAL.id,
        )
    return TriggerRow(
        trigger,
        value,
        limit,
        TriggerState.ok,
        f"re-approve by {renew_by.isoformat()}",
        REAPPROVAL.id,
    )
