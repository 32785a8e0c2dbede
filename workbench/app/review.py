"""Stress-testing review operations: start and close sessions, raise and answer challenges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.app.changes import ChangeSet, put
from workbench.app.clock import utc_now
from workbench.app.workspace import Workspace
from workbench.domain import (
    PARTICIPANT_FORM,
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    InputError,
    NotFoundError,
    Participant,
    PermissionDenied,
    Response,
    ReviewRole,
    ReviewSession,
    TargetKind,
    labels,
)
from workbench.domain.base import Model
from workbench.domain.errors import describe_validation_error

RecordT = TypeVar("RecordT")
RecordModelT = TypeVar("RecordModelT", bound=Model)
ModelT = TypeVar("ModelT", bound=BaseModel)
EnumT = TypeVar("EnumT", bound=StrEnum)

_S = ChallengeStatus
#: The statuses a response may move a challenge to, by its current status.
#: A resolved challenge (accepted, refuted, risk accepted) is final unless a response
#: explicitly reopens it (status ``open`` with a reason); only then can it be answered or
#: resolved again, so the history always shows why a decision was revisited.
ALLOWED_TRANSITIONS: dict[ChallengeStatus, frozenset[ChallengeStatus]] = {
    _S.open: frozenset({_S.answered, _S.accepted, _S.refuted, _S.risk_accepted}),
    _S.answered: frozenset({_S.answered, _S.open, _S.accepted, _S.refuted, _S.risk_accepted}),
    _S.accepted: frozenset({_S.open}),
    _S.refuted: frozenset({_S.open}),
    _S.risk_accepted: frozenset({_S.open}),
}


@dataclass(frozen=True)
class Recorded(Generic[RecordT]):
    """What one user operation wrote: the record it created or changed, and the change set
    that was applied (``ws.apply(change_set.inverse())`` undoes it)."""

    record: RecordT
    change_set: ChangeSet


def write_record(
    ws: Workspace,
    kind: str,
    record_id: str,
    before: RecordModelT | None,
    after: RecordModelT,
    *,
    label: str,
    action: str,
) -> Recorded[RecordModelT]:
    """Write one record as one user action (one transaction, audited) and say what was done."""
    change_set = ChangeSet(label, action, (put(kind, record_id, before, after),))
    ws.apply(change_set)
    return Recorded(after, change_set)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC, whole seconds; a naive time is refused (its zone is unknown)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time {moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def required_text(value: str, what: str, *, about: str | None = None) -> str:
    """``value`` without surrounding white space; InputError (about ``about``) when nothing
    is left."""
    text = value.strip()
    if not text:
        raise InputError(f"the {what} is empty; give some text", about=about)
    return text


def parse_choice(enum: type[EnumT], value: str | EnumT, what: str) -> EnumT:
    """An enum member from its value (``-`` accepted for ``_``); InputError naming the choices."""
    if isinstance(value, enum):
        return value
    try:
        return enum(str(value).strip().replace("-", "_"))
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InputError(f"unknown {what} {value!r} (one of: {choices})") from None


def find_session(doc: CaseDocument, session_id: str) -> ReviewSession:
    """The session with this id (the document's look-up; NotFoundError names the others)."""
    return doc.session(session_id)


def find_challenge(doc: CaseDocument, challenge_id: str) -> Challenge:
    """The challenge with this id (the document's look-up)."""
    return doc.challenge(challenge_id)


def challenges_of(doc: CaseDocument, session_id: str) -> list[Challenge]:
    return [c for c in doc.review.challenges if c.session == session_id]


def target_kind_of(doc: CaseDocument, target: str) -> TargetKind:
    """Whether ``target`` names an argument element or an evidence item of the case."""
    if target in doc.case.by_id:
        return TargetKind.element
    if target in doc.evidence_by_id():
        return TargetKind.evidence
    raise NotFoundError(
        f"{target!r} is neither an element nor an evidence id of this case", about="target"
    )


def cited_evidence(doc: CaseDocument, evidence: Sequence[str]) -> list[str]:
    """The evidence ids a record cites, each once; NotFoundError for one the case lacks."""
    for evidence_id in evidence:
        doc.evidence_item(evidence_id)
    return list(dict.fromkeys(evidence))


def validated(model: type[ModelT], data: dict[str, object], what: str) -> ModelT:
    """``model`` built from ``data``; a validation failure becomes a one-line InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, what)) from None


def start_session(
    ws: Workspace,
    *,
    title: str,
    participants: Sequence[Participant],
    scope: str = "",
    now: dt.datetime | None = None,
) -> Recorded[ReviewSession]:
    """Open a stress-testing session; participants' names must be unique (roles are by name)."""
    doc = ws.document
    if not participants:
        raise InputError(
            f"a review session needs at least one participant ({PARTICIPANT_FORM})",
            about="participant",
        )
    names = [p.name for p in participants]
    for participant in participants:
        if not participant.name.strip():
            raise InputError(f"a participant has an empty name; write {PARTICIPANT_FORM}")
        if names.count(participant.name) > 1:
            raise InputError(
                f"participant {participant.name!r} is listed twice; list each person once"
            )
    session = validated(
        ReviewSession,
        {
            "id": doc.id_marks.mint("session", "R", doc.sessions_by_id),
            "title": required_text(title, "session title"),
            "scope": scope.strip(),
            "participants": [p.model_dump() for p in participants],
            "started": as_utc(now or utc_now()),
        },
        "review session",
    )
    return write_record(
        ws,
        "session",
        session.id,
        None,
        session,
        label=f"Start review session {session.id}",
        action="start review session",
    )


def raise_challenge(
    ws: Workspace,
    *,
    session: str,
    target: str,
    kind: ChallengeKind | str,
    severity: ChallengeSeverity | str,
    text: str,
    raised_by: str,
    now: dt.datetime | None = None,
) -> Recorded[Challenge]:
    """Record a challenge to an element or evidence item in an open session."""
    doc = ws.document
    owner = find_session(doc, session)
    if owner.ended is not None:
        raise InputError(
            f"review session {owner.id} was closed on {owner.ended.date().isoformat()}; "
            "start a new session to raise more challenges"
        )
    challenge = validated(
        Challenge,
        {
            "id": doc.id_marks.mint("challenge", "CH", doc.challenges_by_id),
            "session": owner.id,
            "target": target,
            "target_kind": target_kind_of(doc, target),
            "kind": parse_choice(ChallengeKind, kind, "challenge kind"),
            "severity": parse_choice(ChallengeSeverity, severity, "challenge severity"),
            "text": required_text(text, "challenge text"),
            "raised_by": required_text(raised_by, "name of who raised the challenge"),
            "raised_at": as_utc(now or utc_now()),
        },
        "challenge",
    )
    return write_record(
        ws,
        "challenge",
        challenge.id,
        None,
        challenge,
        label=f"Challenge {challenge.target} ({challenge.id})",
        action="raise challenge",
    )


def check_transition(challenge: Challenge, status: ChallengeStatus) -> None:
    """Refuse a response that moves ``challenge`` to a status ALLOWED_TRANSITIONS forbids."""
    current = challenge.status
    if status in ALLOWED_TRANSITIONS[current]:
        return
    if current == ChallengeStatus.open and status == ChallengeStatus.open:
        raise InputError(f"challenge {challenge.id} is already open; answer or resolve it")
    if current.resolved:
        raise InputError(
            f"challenge {challenge.id} is already {labels.label(current)}; reopen it first "
            "(status open, with the reason) before answering or resolving it again",
            about="reopen",
        )
    allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[current]))
    raise InputError(
        f"challenge {challenge.id} is {current.value} and cannot become {status.value} "
        f"(allowed: {allowed})"
    )


def respond(
    ws: Workspace,
    challenge_id: str,
    *,
    status: ChallengeStatus | str,
    text: str,
    by: str,
    evidence: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Recorded[Challenge]:
    """Add a response to a challenge, moving it to ``status``; earlier responses are kept.

    Risk acceptance is refused (PermissionDenied) unless ``by`` is an approver participant
    of the challenge's session. Responses are allowed after the session has closed: authors
    often answer later.
    """
    doc = ws.document
    challenge = find_challenge(doc, challenge_id)
    new_status = parse_choice(ChallengeStatus, status, "challenge status")
    check_transition(challenge, new_status)
    who = required_text(by, "name of who responds")
    reason = required_text(text, "response text")
    session = find_session(doc, challenge.session)
    role = session.role_of(who)
    if new_status == ChallengeStatus.risk_accepted and role != ReviewRole.approver:
        shown = f"takes part as {role.value}" if role is not None else "is not a participant"
        raise PermissionDenied(
            f"only an approver of session {session.id} may accept the risk of "
            f"{challenge.id}; {who} {shown}"
        )
    cited = cited_evidence(doc, evidence)
    response = validated(
        Response,
        {
            "by": who,
            "at": as_utc(now or utc_now()),
            "status": new_status,
            "text": reason,
            "evidence": cited,
            "role": role,
        },
        "response",
    )
    updated = challenge.model_copy(
        update={"status": new_status, "responses": [*challenge.responses, response]}
    )
    return write_record(
        ws,
        "challenge",
        updated.id,
        challenge,
        updated,
        label=f"Respond to {challenge.id}: {new_status.value}",
        action="respond to challenge",
    )


def close_session(
    ws: Workspace,
    session_id: str,
    *,
    minutes: str | None = None,
    now: dt.datetime | None = None,
) -> Recorded[ReviewSession]:
    """End a session, with its minutes (closing without minutes is allowed; REV flags it)."""
    doc = ws.document
    session = find_session(doc, session_id)
    if session.ended is not None:
        raise InputError(
            f"review session {session.id} was already closed on {session.ended.date().isoformat()}"
        )
    ended = as_utc(now or utc_now())
    if ended < session.started:
        raise InputError(
            f"review session {session.id} started {session.started.isoformat()}; "
            f"it cannot end earlier ({ended.isoformat()})"
        )
    text = minutes.strip() if minutes is not None else None
    updated = validated(
        ReviewSession,
        {**session.model_dump(), "ended": ended, "minutes": text or None},
        "review session",
    )
    return write_record(
        ws,
        "session",
        updated.id,
        session,
        updated,
        label=f"Close review session {session.id}",
        action="close review session",
    )
