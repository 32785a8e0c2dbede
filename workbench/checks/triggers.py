"""Re-assessment triggers: when a preliminary assessment, a new comprehensive assessment or a
re-approval is due. The CMP and EVD checks decide with these functions, and so do the packet's
trigger table and the Compliance tab's gauges, so that the three always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.checks.dates import add_months, months_before
from workbench.domain import CaseDocument, Framework, Meaning, ModelUnderReview, SignOff

#: Figure names (catalogue ``figures``) the trigger limits are read from.
COMPUTE_FIGURE = "effective_compute_multiplier"
ELICITATION_FIGURE = "elicitation_months"
#: The event a re-approval cadence counts from (``cadence.anchor``).
REAPPROVAL_ANCHOR = "safeguards_approved"

#: Limits for a catalogue that states none (the SPEC's defaults, RSP v2.2's numbers).
DEFAULT_COMPUTE_RATIO = 4.0
DEFAULT_ELICITATION_MONTHS = 6.0
DEFAULT_REAPPROVAL_DAYS = 365


@dataclass(frozen=True)
class Limits:
    """The trigger limits of one framework, from its figures and cadences.

    ``compute_ratio``: the effective-compute increase since the last comprehensive
    assessment that makes a model notably more capable (RSP v2.2 §3.1: 4x);
    ``elicitation_months``: the calendar span of accumulated finetuning and elicitation that
    does the same (six months), and so the age at which a comprehensive assessment is stale;
    ``reapproval_days``: how often approved safeguards must be re-approved (§4.3: at least
    annually), from the catalogue's hard re-approval cadence.
    """

    compute_ratio: float = DEFAULT_COMPUTE_RATIO
    elicitation_months: float = DEFAULT_ELICITATION_MONTHS
    reapproval_days: int = DEFAULT_REAPPROVAL_DAYS

    @property
    def stale_months(self) -> int:
        return round(self.elicitation_months)


def limits(framework: Framework) -> Limits:
    """The framework's own limits; a catalogue without the figure keeps the default."""
    reapproval = DEFAULT_REAPPROVAL_DAYS
    for obligation in framework.obligations:
        cadence = obligation.cadence
        if cadence is not None and cadence.hard and cadence.anchor == REAPPROVAL_ANCHOR:
            days, months = cadence.days, cadence.months
            reapproval = days if days is not None else round((months or 12) * 365 / 12)
            break
    return Limits(
        compute_ratio=framework.figure_value(COMPUTE_FIGURE, DEFAULT_COMPUTE_RATIO),
        elicitation_months=framework.figure_value(ELICITATION_FIGURE, DEFAULT_ELICITATION_MONTHS),
        reapproval_days=reapproval,
    )


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


def preliminary_triggers(model: ModelUnderReview, lim: Limits) -> PreliminaryTriggers:
    ratio, months = model.effective_compute_ratio, model.post_training_months
    return PreliminaryTriggers(
        compute_reached=ratio is not None and ratio >= lim.compute_ratio,
        months_reached=months is not None and months >= lim.elicitation_months,
        answered=preliminary_answered(model),
    )


@dataclass(frozen=True)
class Staleness:
    """Whether the last comprehensive assessment is stale (EVD-STALE-ASSESSMENT)."""

    last: dt.date | None
    stale_before: dt.date  # assessed before this day: older than the limit's months
    too_old: bool
    compute_increase: bool  # effective compute reached the limit's ratio since
    months: int

    @property
    def stale(self) -> bool:
        return self.too_old or self.compute_increase

    @property
    def stale_after(self) -> dt.date | None:
        """The last day it is fresh by age alone (None: no assessment recorded)."""
        return add_months(self.last, self.months) if self.last is not None else None


def staleness(model: ModelUnderReview, today: dt.date, lim: Limits) -> Staleness:
    stale_before = months_before(today, lim.stale_months)
    last = model.last_comprehensive
    ratio = model.effective_compute_ratio
    return Staleness(
        last=last,
        stale_before=stale_before,
        too_old=last is not None and last < stale_before,
        compute_increase=ratio is not None and ratio >= lim.compute_ratio,
        months=lim.stale_months,
    )


@dataclass(frozen=True)
class Approval:
    """The newest approval sign-off and how old it is (CMP-REAPPROVAL)."""

    signoff: SignOff
    signed_on: dt.date
    age_days: int
    limit_days: int

    @property
    def due(self) -> bool:
        return self.age_days > self.limit_days

    @property
    def renew_by(self) -> dt.date:
        return self.signed_on + dt.timedelta(days=self.limit_days)


def newest_approval(doc: CaseDocument, today: dt.date) -> Approval | None:
    approvals = [s for s in doc.signoffs if s.meaning == Meaning.approved]
    if not approvals:
        return None
    newest = max(approvals, key=lambda s: s.signed_at)
    signed_on = newest.signed_at.astimezone(dt.UTC).date()
    limit = limits(doc.framework).reapproval_days
    return Approval(newest, signed_on, (today - signed_on).days, limit)
