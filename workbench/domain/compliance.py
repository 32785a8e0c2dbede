"""Compliance tracking: scheduled assessments, methodology changes, noncompliance register."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from workbench.domain.base import Ident, Model, Text


class ScheduledAssessment(Model):
    id: Ident
    what: str
    due: dt.date
    completed: dt.date | None = None
    owner: str = ""
    # Left out of the JSON form when unset, so that records written before the field existed
    # read back byte for byte (a stale-write check compares them).
    obligation: Ident | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the catalogue obligation the item fulfils (its cadence sets the window)",
    )

    @property
    def delay_days(self) -> int:
        """Days completed after the due date (0 when on time or not yet completed)."""
        if self.completed is None:
            return 0
        return max(0, (self.completed - self.due).days)

    def overdue_days(self, today: dt.date) -> int:
        if self.completed is not None:
            return 0
        return max(0, (today - self.due).days)


class MethodologyChange(Model):
    id: Ident
    evaluation: str
    from_version: str
    to_version: str
    reason: Text
    evidence: list[Ident] = Field(default_factory=list)
    recorded: dt.date


class NoncomplianceStatus(StrEnum):
    open = "open"
    investigating = "investigating"
    resolved = "resolved"


class NoncomplianceSeverity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class NoncomplianceItem(Model):
    id: Ident
    description: Text
    reporter: str | None = Field(default=None, description="None when reported anonymously")
    reported: dt.date
    severity: NoncomplianceSeverity = NoncomplianceSeverity.medium
    status: NoncomplianceStatus = NoncomplianceStatus.open
    board_notification: bool = False


class Compliance(Model):
    schedule: list[ScheduledAssessment] = Field(default_factory=list)
    methodology_changes: list[MethodologyChange] = Field(default_factory=list)
    noncompliance: list[NoncomplianceItem] = Field(default_factory=list)
