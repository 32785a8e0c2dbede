"""REV-* rules: stress-testing challenges answered and resolved, sessions closed with minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workbench.checks.context import CheckContext
from workbench.checks.rules import Rule
from workbench.domain import (
    Challenge,
    ChallengeSeverity,
    ChallengeStatus,
    Finding,
    ReviewRole,
    ReviewSession,
    Severity,
    TargetKind,
)

FAMILY = "REV"

OPEN_BLOCKING = Rule(
    FAMILY + "-OPEN-BLOCKING",
    Severity.blocker,
    FAMILY,
    "open blocker or major challenge (blocks approval)",
)
ANSWERED_UNRESOLVED = Rule(
    FAMILY + "-ANSWERED-UNRESOLVED",
    Severity.major,
    FAMILY,
    "challenge answered but not resolved (minor when the challenge is minor)",
)
OPEN_MINOR = Rule(FAMILY + "-OPEN-MINOR", Severity.minor, FAMILY, "open minor challenge")
SESSION_OPEN = Rule(FAMILY + "-SESSION-OPEN", Severity.minor, FAMILY, "review session never closed")
NO_MINUTES = Rule(
    FAMILY + "-NO-MINUTES", Severity.minor, FAMILY, "review session closed without minutes"
)
RISK_ACCEPTED_NOT_APPROVER = Rule(
    FAMILY + "-RISK-ACCEPTED-NOT-APPROVER",
    Severity.blocker,
    FAMILY,
    "risk accepted by someone who is not an approver",
)
TARGET_GONE = Rule(
    FAMILY + "-TARGET-GONE",
    Severity.minor,
    FAMILY,
    "challenge whose target element or evidence no longer exists",
)

COUNTER_NO_CHALLENGE = Rule(
    FAMILY + "-COUNTER-NO-CHALLENGE",
    Severity.minor,
    FAMILY,
    "counter element challenging the argument that no review challenge states",
)

RULES = (
    OPEN_BLOCKING,
    ANSWERED_UNRESOLVED,
    OPEN_MINOR,
    SESSION_OPEN,
    NO_MINUTES,
    RISK_ACCEPTED_NOT_APPROVER,
    TARGET_GONE,
    COUNTER_NO_CHALLENGE,
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    sessions = {s.id: s for s in ctx.doc.review.sessions}
    for session in ctx.doc.review.sessions:
        yield from _session(session)
    for challenge in ctx.doc.review.challenges:
        yield from _status(challenge, sessions.get(challenge.session))
        yield from _target(ctx, challenge)
    yield from _unstated(ctx)


def _unstated(ctx: CheckContext) -> Iterator[Finding]:
    """A counter element challenging the argument (not another counter element) belongs to
    a review challenge, which tracks its answer and resolution; one that none names is lost."""
    index = ctx.index
    if not index.counters:
        return
    stated = {cid for c in ctx.doc.review.challenges for cid in c.counter}
    counters = {index.ids[i] for i in index.counters}
    for i in index.counters:
        element = index.elements[i]
        target = element.challenges
        if target is None or target in counters or element.id in stated:
            continue
        yield COUNTER_NO_CHALLENGE.finding(
            element.id,
            f"{index.label(i)} challenges {target}, but no review challenge states it",
            f"Raise a challenge on {target} stated by {element.id}, or delete {element.id}.",
        )


def _session(session: ReviewSession) -> Iterator[Finding]:
    if session.ended is None:
        yield SESSION_OPEN.finding(
            session.id,
            f"review session {session.id} ({session.title}) started "
            f"{session.started.astimezone(dt.UTC).date().isoformat()} and was never closed",
            "Close the session with its minutes (workbench review close).",
        )
    elif not (session.minutes or "").strip():
        yield NO_MINUTES.finding(
            session.id,
            f"review session {session.id} ({session.title}) was closed without minutes",
            "Record the minutes of the session: who attended, what was challenged, outcomes.",
        )


def _status(challenge: Challenge, session: ReviewSession | None) -> Iterator[Finding]:
    cid = challenge.id
    what = (
        f"{challenge.severity.value} {challenge.kind.value} challenge {cid} on "
        f"{challenge.target} (raised by {challenge.raised_by})"
    )
    status = challenge.status
    if status == ChallengeStatus.open:
        if challenge.severity == ChallengeSeverity.minor:
            yield OPEN_MINOR.finding(
                cid, f"{what} is open", "Answer the challenge, then resolve it with the reviewer."
            )
        else:
            yield OPEN_BLOCKING.finding(
                cid,
                f"{what} is open and blocks approval",
                "Answer it and resolve it (accept and change the case, or refute it with "
                "evidence); only an approver may accept the risk.",
            )
    elif status == ChallengeStatus.answered:
        yield ANSWERED_UNRESOLVED.finding(
            cid,
            f"{what} has been answered but not resolved",
            "The reviewer decides: accepted (case changed), refuted, or risk accepted by an "
            "approver.",
            Severity.minor if challenge.severity == ChallengeSeverity.minor else None,
        )
    elif status == ChallengeStatus.risk_accepted:
        accepting = next(
            (r for r in reversed(challenge.responses) if r.status == ChallengeStatus.risk_accepted),
            None,
        )
        if accepting is None:
            yield RISK_ACCEPTED_NOT_APPROVER.finding(
                cid,
                f"{what} is marked risk accepted but no response records who accepted it",
                "Have an approver record the risk acceptance with a rationale.",
            )
            return
        role = accepting.role
        if role is None and session is not None:
            role = session.role_of(accepting.by)
        if role != ReviewRole.approver:
            shown = role.value if role is not None else "no recorded role"
            yield RISK_ACCEPTED_NOT_APPROVER.finding(
                cid,
                f"{what}: the risk was accepted by {accepting.by} ({shown}), who is not an "
                "approver",
                "Only an approver may accept a risk: have one review and record the acceptance.",
            )


def _target(ctx: CheckContext, challenge: Challenge) -> Iterator[Finding]:
    if challenge.target_kind == TargetKind.evidence:
        exists = challenge.target in ctx.evidence
    else:
        exists = challenge.target in ctx.index.pos
    if not exists:
        yield TARGET_GONE.finding(
            challenge.id,
            f"challenge {challenge.id} targets {challenge.target_kind.value} "
            f"{challenge.target}, which no longer exists",
            "Retarget the challenge to what replaced it, or resolve it as accepted.",
        )
