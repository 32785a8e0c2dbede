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
#: A re-approval period stated as a figure (format-1 catalogues get it on upgrade).
REAPPROVAL_FIGURE = "reapproval_days"
#: The event a re-approval cadence counts from (``cadence.anchor``).
REAPPROVAL_ANCHOR = "safeguards_approved"


@dataclass(frozen=True)
class Limits:
    """The trigger limits of one framework, from its figures and cadences; None where the
    framework's text states no such limit (then no check applies it).

    ``compute_ratio``: the effective-compute increase since the last comprehensive
    assessment that makes a model notably more capable (RSP v2.2 §3.1: 4x);
    ``elicitation_months``: the calendar span of accumulated finetuning and elicitation that
    does the same (six months), and so the age at which a comprehensive assessment is stale;
    ``reapproval_days``: how often approved safeguards must be re-approved (§4.3: at least
    annually), from the catalogue's hard re-approval cadence.
    """

    compute_ratio: float | None = None
    elicitation_months: float | None = None
    reapproval_days: int | None = None

    @property
    def stale_months(self) -> int | None:
        months = self.elicitation_months
        return round(months) if months is not None else None

    @property
    def preliminary(self) -> bool:
        """Whether any limit calls for a preliminary assessment."""
        return self.compute_ratio is not None or self.elicitation_months is not None

    def reached_words(self) -> str:
        """``"4x effective compute or 6 months of elicitation"``: the stated limits."""
        words = []
        if self.compute_ratio is not None:
            words.append(f"{self.compute_ratio:g}x effective compute")
        if self.elicitation_months is not None:
            words.append(f"{self.elicitation_months:g} months of elicitation")
        return " or ".join(words)


def limits(framework: Framework) -> Limits:
    """The framework's own limits: each only where its catalogue states it."""
    reapproval: int | None = None
    for obligation in framework.obligations:
        cadence = obligation.cadence
        if cadence is not None and cadence.hard and cadence.anchor == REAPPROVAL_ANCHOR:
            days, months = cadence.days, cadence.months
            reapproval = days if days is not None else round((months or 12) * 365 / 12)
            break
    if reapproval is None:
        stated = framework.figure(REAPPROVAL_FIGURE)
        reapproval = round(stated.number) if stated is not None else None
    compute = framework.figure(COMPUTE_FIGURE)
    elicitation = framework.figure(ELICITATION_FIGURE)
    return Limits(
        compute_ratio=compute.number if compute is not None else None,
        elicitation_months=elicitation.number if elicitation is not None else None,
        reapproval_days=reapproval,
    )


def unstated_triggers(framework: Framework) -> str:
    """One line naming the triggers the framework's text does not state ("" when it states
    them all): the table and the gauges leave them out rather than show a made-up limit."""
    lim = limits(framework)
    missing = [
        what
        for what, stated in (
            ("effective-compute trigger", lim.compute_ratio is not None),
            ("post-training (elicitation) trigger", lim.elicitation_months is not None),
            ("comprehensive-assessment age limit", lim.stale_months is not None),
            ("re-approval period", lim.reapproval_days is not None),
        )
        if not stated
    ]
    if not missing:
        return ""
    if len(missing) > 1:
        listed = ", ".join(f"no {m}" for m in missing[:-1]) + f" and no {missing[-1]}"
    else:
        listed = f"no {missing[0]}"
    return f"{framework.id} states {listed}; none is checked."


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
        compute_reached=(
            ratio is not None and lim.compute_ratio is not None and ratio >= lim.compute_ratio
        ),
        months_reached=(
            months is not None
            and lim.elicitation_months is not None
            and months >= lim.elicitation_months
        ),
        answered=preliminary_answered(model),
    )


@dataclass(frozen=True)
class Staleness:
    """Whether the last comprehensive assessment is stale (EVD-STALE-ASSESSMENT).

    ``months`` and ``stale_before`` are None when the framework states no age limit.
    """

    last: dt.date | None
    stale_before: dt.date | None  # assessed before this day: older than the limit's months
    too_old: bool
    compute_increase: bool  # effective compute reached the limit's ratio since
    months: int | None

    @property
    def stale(self) -> bool:
        return self.too_old or self.compute_increase

    @property
    def stale_after(self) -> dt.date | None:
        """The last day it is fresh by age alone (None: no assessment recorded or no age
        limit)."""
        if self.last is None or self.months is None:
            return None
        return add_months(self.last, self.months)


def staleness(model: ModelUnderReview, today: dt.date, lim: Limits) -> Staleness:
    months = lim.stale_months
    stale_before = months_before(today, months) if months is not None else None
    last = model.last_comprehensive
    ratio = model.effective_compute_ratio
    return Staleness(
        last=last,
        stale_before=stale_before,
        too_old=last is not None and stale_before is not None and last < stale_before,
        compute_increase=(
            ratio is not None and lim.compute_ratio is not None and ratio >= lim.compute_ratio
        ),
        months=months,
    )


@dataclass(frozen=True)
class Approval:
    """The newest approval sign-off and how old it is (CMP-REAPPROVAL); ``limit_days`` is None
    when the framework states no re-approval period (then it is never due)."""

    signoff: SignOff
    signed_on: dt.date
    age_days: int
    limit_days: int | None

    @property
    def due(self) -> bool:
        return self.limit_days is not None and self.age_days > self.limit_days

    @property
    def renew_by(self) -> dt.date | None:
        if self.limit_days is None:
            return None
        return self.signed_on + dt.timedelta(days=self.limit_days)


def newest_approval(doc: CaseDocument, today: dt.date) -> Approval | None:
    approvals = [s for s in doc.signoffs if s.meaning == Meaning.approved]
    if not approvals:
        return None
    newest = max(approvals, key=lambda s: s.signed_at)
    signed_on = newest.signed_at.astimezone(dt.UTC).date()
    limit = limits(doc.framework).reapproval_days
    return Approval(newest, signed_on, (today - signed_on).days, limit)
