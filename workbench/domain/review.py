"""Stress-testing review: sessions, participants and challenges with their response history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from workbench.domain.base import Ident, Model, Text


class ReviewRole(StrEnum):
    author = "author"
    reviewer = "reviewer"
    approver = "approver"
    observer = "observer"


class ChallengeKind(StrEnum):
    rebutting = "rebutting"  # says the claim is false
    undermining = "undermining"  # doubts the evidence
    undercutting = "undercutting"  # doubts the inference from premises to claim


class ChallengeSeverity(StrEnum):
    blocker = "blocker"
    major = "major"
    minor = "minor"


class ChallengeStatus(StrEnum):
    open = "open"
    answered = "answered"
    accepted = "accepted"  # the case was changed
    refuted = "refuted"  # with argument or evidence
    risk_accepted = "risk_accepted"  # only by an approver, with a rationale

    @property
    def resolved(self) -> bool:
        return self in (
            ChallengeStatus.accepted,
            ChallengeStatus.refuted,
            ChallengeStatus.risk_accepted,
        )


class TargetKind(StrEnum):
    element = "element"
    evidence = "evidence"


class Participant(Model):
    name: str
    team: str = ""
    role: ReviewRole = ReviewRole.reviewer


class ReviewSession(Model):
    id: Ident
    title: str
    scope: Text = ""
    participants: list[Participant] = Field(default_factory=list)
    started: dt.datetime
    ended: dt.datetime | None = None
    minutes: Text | None = None

    def role_of(self, name: str) -> ReviewRole | None:
        return next((p.role for p in self.participants if p.name == name), None)


class Response(Model):
    by: str
    at: dt.datetime
    status: ChallengeStatus
    text: Text
    evidence: list[Ident] = Field(default_factory=list)
    role: ReviewRole | None = None


class Challenge(Model):
    id: Ident
    session: Ident
    target: Ident
    target_kind: TargetKind = TargetKind.element
    kind: ChallengeKind
    severity: ChallengeSeverity
    text: Text
    raised_by: str
    raised_at: dt.datetime
    status: ChallengeStatus = ChallengeStatus.open
    responses: list[Response] = Field(default_factory=list)
