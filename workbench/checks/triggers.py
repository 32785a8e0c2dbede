"""Re-assessment triggers: when a preliminary assessment, a new comprehensive assessment or a
re-approval is due. The CMP and EVD checks decide with these functions, and so do the packet's
trigger table and the Compliance tab's gauges, so that the three always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.checks.dates import add_months, months_before
from workbench.domain import CaseDocument, Meaning, ModelUnderReview, SignOff

#: Effective-compute increase that calls for a preliminary assessment.
PRELIMINARY_COMPUTE_RATIO = 4.0
#: Months of accumulated post-training improvement that call for a preliminary assessment.
PRELIMINARY_POST_TRAINING_MONTHS = 6.0
#: Safeguards must be re-approved at least this often.
REAPPROVAL_DAYS = 365
#: A comprehensive assessment older than this many calendar months is stale.
STALE_MONTHS = 6
#: An effective-compute increase of this factor or more makes the assessment stale.
STALE_COMPUTE_RATIO = 4.0


@dataclass(frozen=True)
class PreliminaryTriggers:
    """Effective compute and post-training months against their limits (CMP-PRELIMINARY-DUE).

    Both are measured against the last comprehensively assessed model, so a preliminary
    assessment recorded after that comprehensive one answers a reached limit.
    """

    compute_reached: bool
    months_reached: bool
    answered: bool

    @property
    def reached(self) -> bool:
        return self.compute_reached or self.months_reached

    @property
    def due(self) -> bool:
        return self.reached and not self.answered


def preliminary_answered(model: ModelUnderReview) -> bool:
    last_full, last_pre = model.last_comprehensive, model.last_preliminary
    return last_pre is not None and (last_full is None or last_pre > last_full)


def preliminary_triggers(model: ModelUnderReview) -> PreliminaryTriggers:
    ratio, months = model.effective_compute_ratio, model.post_training_months
    return PreliminaryTriggers(
        compute_reached=ratio is not None and ratio >= PRELIMINARY_COMPUTE_RATIO,
        months_reached=months is not None and months >= PRELIMINARY_POST_TRAINING_MONTHS,
        answered=preliminary_answered(model),
    )


@dataclass(frozen=True)
class Staleness:
    """Whether the last comprehensive assessment is stale (EVD-STALE-ASSESSMENT)."""

    last: dt.date | None
    stale_before: dt.date  # assessed before this day: older than STALE_MONTHS
    too_old: bool
    compute_increase: bool  # effective compute reached STALE_COMPUTE_RATIO since

    @property
    def stale(self) -> bool:
        return self.too_old or self.compute_increase

    @property
    def stale_after(self) -> dt.date | None:
        """The last day it is fresh by age alone (None: no assessment recorded)."""
        return add_months(self.last, STALE_MONTHS) if self.last is not None else None


def staleness(model: ModelUnderReview, today: dt.date) -> Staleness:
    stale_before = months_before(today, STALE_MONTHS)
    last = model.last_comprehensive
    ratio = model.effective_compute_ratio
    return Staleness(
        last=last,
        stale_before=stale_before,
        too_old=last is not None and last < stale_before,
        compute_increase=ratio is not None and ratio >= STALE_COMPUTE_RATIO,
    )


@dataclass(frozen=True)
class Approval:
    """The newest approval sign-off and how old it is (CMP-REAPPROVAL)."""

    signoff: SignOff
    signed_on: dt.date
    age_days: int

    @property
    def due(self) -> bool:
        return self.age_days > REAPPROVAL_DAYS

    @property
    def renew_by(self) -> dt.date:
        return self.signed_on + dt.timedelta(days=REAPPROVAL_DAYS)


def newest_approval(doc: CaseDocument, today: dt.date) -> Approval | None:
    approvals = [s for s in doc.signoffs if s.meaning == Meaning.approved]
    if not approvals:
        return None
    newest = max(approvals, key=lambda s: s.signed_at)
    signed_on = newest.signed_at.astimezone(dt.UTC).date()
    return Approval(newest, signed_on, (today - signed_on).days)
