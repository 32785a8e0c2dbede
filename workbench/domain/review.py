"""Stress-testing review: sessions, participants and challenges with their response history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from workbench.domain.base import Ident, Model, Text
from workbench.domain.errors import InputError


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


PARTICIPANT_FORM = "NAME[:TEAM[:ROLE]]"


def parse_participant(text: str) -> Participant:
    """One participant from ``NAME[:TEAM[:ROLE]]``, the form the CLI and the GUI both accept.

    TEAM may be empty and ROLE defaults to reviewer (any case). When all three are given,
    NAME may itself contain colons: the last two colons separate TEAM and ROLE.
    """
    roles = ", ".join(r.value for r in ReviewRole)
    parts = [p.strip() for p in text.strip().rsplit(":", 2)]
    name = parts[0]
    team = parts[1] if len(parts) > 1 else ""
    role_text = parts[2] if len(parts) > 2 and parts[2] else ReviewRole.reviewer.value
    if not name:
        raise InputError(f"participant {text.strip()!r} has no name; write {PARTICIPANT_FORM}")
    try:
        role = ReviewRole(role_text.lower())
    except ValueError:
        raise InputError(
            f"participant {text.strip()!r}: unknown role {role_text!r} (one of: {roles})"
        ) from None
    return Participant(name=name, team=team, role=role)


def parse_participant_lines(text: str) -> list[Participant]:
    """Participants from one ``NAME[:TEAM[:ROLE]]`` per line; blank lines are skipped."""
    result: list[Participant] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result.append(parse_participant(line))
        except InputError as error:
            raise InputError(f"line {number}: {error}") from None
    return result


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
