"""Assessment: the model under review and one capability determination per threshold."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from workbench.domain.base import Ident, Model, Text, require_unique


class Outcome(StrEnum):
    ruled_out = "ruled_out"
    crossed = "crossed"
    cannot_rule_out = "cannot_rule_out"

    @property
    def counts_as_crossed(self) -> bool:
        """A threshold that cannot be ruled out is treated as crossed."""
        return self is not Outcome.ruled_out


class ModelUnderReview(Model):
    name: str
    snapshot: str = ""
    developer: str = ""
    effective_compute_ratio: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="effective compute relative to the last assessed model",
    )
    last_comprehensive: dt.date | None = None
    last_preliminary: dt.date | None = None
    post_training_months: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="months of post-training improvement since last assessed",
    )


class Determination(Model):
    threshold: Ident
    outcome: Outcome
    evidence: list[Ident] = Field(default_factory=list)
    rationale: Text = ""
    determined_on: dt.date | None = None
    determined_by: str = ""


class Assessment(Model):
    id: Ident
    title: str
    model: ModelUnderReview
    framework_id: Ident
    deployment: Text = Field(default="", description="the deployment the case argues about")
    created: dt.datetime
    determinations: list[Determination] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_per_threshold(self) -> Assessment:
        require_unique("determination threshold", (d.threshold for d in self.determinations))
        return self

    def determination(self, threshold_id: str) -> Determination | None:
        return next((d for d in self.determinations if d.threshold == threshold_id), None)
