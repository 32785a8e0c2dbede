"""Stress-testing review: sessions, participants and challenges with their response history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from workbench.domain.base import Ident, Metadata, Model, Text, is_empty
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
    #: The counter elements (CG, CSn) of the case that state this challenge: the root(s) of
    #: its counter-argument. Left out of the JSON form while empty.
    counter: list[Ident] = Field(default_factory=list, exclude_if=is_empty)
    #: What an imported file said about the challenge that its fields do not hold
    #: (gsn2x: the counter elements it came from), written back on export.
    metadata: Metadata = Field(default_factory=dict, exclude_if=is_empty)


#: What a challenge's status means for the case, as the review log and the window say it.
RESOLUTION: dict[ChallengeStatus, str] = {
    ChallengeStatus.open: "Unresolved: no response yet.",
    ChallengeStatus.answered: "Answered; awaiting the reviewer's decision.",
    ChallengeStatus.accepted: "Resolved: the case was changed.",
    ChallengeStatus.refuted: "Resolved: refuted with argument or evidence.",
    ChallengeStatus.risk_accepted: "Resolved: the residual risk was accepted by an approver.",
}


def _words(value: StrEnum) -> str:
    return value.value.replace("_", " ")


def utc_minute(moment: dt.datetime) -> str:
    """``2026-11-23 12:00 UTC``: the time of a challenge or a response as history shows it."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


def challenge_heading(challenge: Challenge) -> str:
    """``CH3: major undermining challenge by Ann (2026-11-23 12:00 UTC)``."""
    return (
        f"{challenge.id}: {_words(challenge.severity)} {_words(challenge.kind)} challenge by "
        f"{challenge.raised_by} ({utc_minute(challenge.raised_at)})"
    )


def response_line(response: Response) -> str:
    """``→ refuted by Bo, author (2026-11-24 09:30 UTC): text [evidence EV-1]``."""
    role = f", {_words(response.role)}" if response.role else ""
    cited = f" [evidence {', '.join(response.evidence)}]" if response.evidence else ""
    return (
        f"→ {_words(response.status)} by {response.by}{role} "
        f"({utc_minute(response.at)}): {response.text}{cited}"
    )


def challenge_history(challenge: Challenge) -> list[str]:
    """The challenge's history, one paragraph each: heading, its text, every response in
    order and what its status means. The window and the packet's review log both show it."""
    return [
        challenge_heading(challenge),
        challenge.text,
        *(response_line(r) for r in challenge.responses),
        RESOLUTION[challenge.status],
    ]
