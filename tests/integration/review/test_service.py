"""Review operations in the service layer: status transitions, roles, history, time, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.app.changes import ChangeSet, put
from workbench.app.checking import check
from workbench.app.review import (
    close_session,
    raise_challenge,
    respond,
    start_session,
)
from workbench.app.workspace import Workspace
from workbench.domain import (
    ChallengeStatus,
    InputError,
    NotFoundError,
    Participant,
    PermissionDenied,
    ReviewRole,
    TargetKind,
)
from workbench.domain.ids import next_numbered_id

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ws(demo_store: Path) -> Iterator[Workspace]:
    with Workspace.open(demo_store, actor="review-tester") as workspace:
        yield workspace


@pytest.fixture
def session_id(ws: Workspace) -> str:
    people = [
        Participant(name="Ann", team="Alignment Science", role=ReviewRole.reviewer),
        Participant(name="Bea", team="RSP team", role=ReviewRole.approver),
        Participant(name="Cal", team="Frontier Red Team", role=ReviewRole.author),
    ]
    return start_session(ws, title="Round two", participants=people, now=T0).record.id


@pytest.fixture
def challenge_id(ws: Workspace, session_id: str) -> str:
    made = raise_challenge(
        ws,
        session=session_id,
        target="G3.3",
        kind="undercutting",
        severity="major",
        text="The inference does not follow.",
        raised_by="Ann",
        now=T0 + dt.timedelta(minutes=5),
    )
    return made.record.id


def status_of(ws: Workspace, challenge_id: str) -> ChallengeStatus:
    return next(c for c in ws.document.review.challenges if c.id == challenge_id).status


def test_session_and_challenge_ids_continue_after_the_demo(
    ws: Workspace, session_id: str, challenge_id: str
) -> None:
    assert (session_id, challenge_id) == ("R2", "CH4")


def test_next_numbered_id_uses_highest_number_not_count() -> None:
    assert next_numbered_id("CH", ["CH1", "CH7", "CHX", "X9"]) == "CH8"


def test_evidence_target_is_recorded_as_evidence(ws: Workspace, session_id: str) -> None:
    evidence_id = ws.document.evidence[0].id
    made = raise_challenge(
        ws,
        session=session_id,
        target=evidence_id,
        kind="undermining",
        severity="minor",
        text="Old audit period.",
        raised_by="Ann",
        now=T0,
    )
    assert made.record.target_kind == TargetKind.evidence


def test_unknown_target_is_refused(ws: Workspace, session_id: str) -> None:
    with pytest.raises(NotFoundError, match="'G99' is neither an element nor an evidence id"):
        raise_challenge(
            ws,
            session=session_id,
            target="G99",
            kind="rebutting",
            severity="minor",
            text="?",
            raised_by="Ann",
            now=T0,
        )


def test_challenge_in_closed_session_is_refused(ws: Workspace, session_id: str) -> None:
    close_session(ws, session_id, minutes="Done.", now=T0 + dt.timedelta(hours=1))
    with pytest.raises(InputError, match="R2 was closed on 2026-11-23; start a new session"):
        raise_challenge(
            ws,
            session=session_id,
            target="G3.3",
            kind="rebutting",
            severity="minor",
            text="Late thought.",
            raised_by="Ann",
            now=T0 + dt.timedelta(hours=2),
        )


def test_response_after_session_closed_is_allowed(
    ws: Workspace, session_id: str, challenge_id: str
) -> None:
    close_session(ws, session_id, minutes="Done.", now=T0 + dt.timedelta(hours=1))
    respond(ws, challenge_id, status="answered", text="See G3.3.1.", by="Cal", now=T0)
    assert status_of(ws, challenge_id) == ChallengeStatus.answered


def test_resolved_challenge_cannot_be_answered_again(ws: Workspace, challenge_id: str) -> None:
    respond(ws, challenge_id, status="refuted", text="Evidence X shows it.", by="Cal", now=T0)
    with pytest.raises(InputError, match="already refuted; reopen it first"):
        respond(ws, challenge_id, status="answered", text="More.", by="Cal", now=T0)


def test_resolved_challenge_cannot_change_resolution_directly(
    ws: Workspace, challenge_id: str
) -> None:
    respond(ws, challenge_id, status="accepted", text="Case changed.", by="Cal", now=T0)
    with pytest.raises(InputError, match="already accepted"):
        respond(ws, challenge_id, status="risk_accepted", text="Accept.", by="Bea", now=T0)


def test_open_challenge_cannot_be_set_open(ws: Workspace, challenge_id: str) -> None:
    with pytest.raises(InputError, match="already open"):
        respond(ws, challenge_id, status="open", text="Still open.", by="Ann", now=T0)


def test_reopening_keeps_the_whole_history(ws: Workspace, challenge_id: str) -> None:
    respond(ws, challenge_id, status="refuted", text="Shown false.", by="Cal", now=T0)
    respond(ws, challenge_id, status="open", text="New data contradicts.", by="Ann", now=T0)
    respond(ws, challenge_id, status="answered", text="Looking again.", by="Cal", now=T0)
    challenge = next(c for c in ws.document.review.challenges if c.id == challenge_id)
    assert [r.status.value for r in challenge.responses] == ["refuted", "open", "answered"]
    assert challenge.status == ChallengeStatus.answered


def test_refused_transition_leaves_the_store_unchanged(ws: Workspace, challenge_id: str) -> None:
    respond(ws, challenge_id, status="refuted", text="Shown false.", by="Cal", now=T0)
    head = ws.store.audit_head()
    with pytest.raises(InputError):
        respond(ws, challenge_id, status="accepted", text="Fine.", by="Cal", now=T0)
    assert ws.store.audit_head() == head


def test_risk_acceptance_by_reviewer_is_refused(ws: Workspace, challenge_id: str) -> None:
    with pytest.raises(PermissionDenied, match="Ann takes part as reviewer"):
        respond(ws, challenge_id, status="risk_accepted", text="OK.", by="Ann", now=T0)


def test_risk_acceptance_by_non_participant_is_refused(ws: Workspace, challenge_id: str) -> None:
    with pytest.raises(PermissionDenied, match="Zed is not a participant"):
        respond(ws, challenge_id, status="risk_accepted", text="OK.", by="Zed", now=T0)


def test_risk_acceptance_by_approver_records_the_role(ws: Workspace, challenge_id: str) -> None:
    made = respond(
        ws, challenge_id, status="risk_accepted", text="Residual risk is low.", by="Bea", now=T0
    )
    assert made.record.responses[-1].role == ReviewRole.approver


def test_rev_rule_flags_risk_acceptance_recorded_by_a_non_approver(
    ws: Workspace, challenge_id: str
) -> None:
    # Data imported from elsewhere can carry what the service refuses; the rule must see it.
    respond(ws, challenge_id, status="answered", text="Answer.", by="Cal", now=T0)
    answered = next(c for c in ws.document.review.challenges if c.id == challenge_id)
    forged = answered.model_copy(
        update={
            "status": ChallengeStatus.risk_accepted,
            "responses": [
                *answered.responses,
                answered.responses[0].model_copy(
                    update={"status": ChallengeStatus.risk_accepted, "by": "Ann", "role": None}
                ),
            ],
        }
    )
    ws.apply(ChangeSet("forge", "edit", (put("challenge", challenge_id, answered, forged),)))
    report = check(ws, on=T0.date())
    flagged = [(f.rule, f.subject) for f in report.findings if f.rule.startswith("REV-RISK")]
    assert flagged == [("REV-RISK-ACCEPTED-NOT-APPROVER", challenge_id)]


def test_response_citing_unknown_evidence_is_refused(ws: Workspace, challenge_id: str) -> None:
    with pytest.raises(NotFoundError, match="no evidence 'EV-000000000000'"):
        respond(
            ws,
            challenge_id,
            status="refuted",
            text="See the log.",
            by="Cal",
            evidence=["EV-000000000000"],
            now=T0,
        )


def test_response_keeps_cited_evidence(ws: Workspace, challenge_id: str) -> None:
    evidence_id = ws.document.evidence[1].id
    made = respond(
        ws, challenge_id, status="refuted", text="See.", by="Cal", evidence=[evidence_id], now=T0
    )
    assert made.record.responses[-1].evidence == [evidence_id]


def test_times_from_other_zones_are_stored_in_utc(ws: Workspace, challenge_id: str) -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    made = respond(
        ws,
        challenge_id,
        status="answered",
        text="Answer.",
        by="Cal",
        now=dt.datetime(2024, 3, 1, 8, 30, tzinfo=tokyo),
    )
    assert made.record.responses[-1].at == dt.datetime(2024, 2, 29, 23, 30, tzinfo=dt.UTC)


def test_naive_time_is_refused(ws: Workspace, challenge_id: str) -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        respond(
            ws, challenge_id, status="answered", text="A.", by="Cal", now=dt.datetime(2026, 1, 1)
        )


def test_session_cannot_end_before_it_started(ws: Workspace, session_id: str) -> None:
    with pytest.raises(InputError, match="cannot end earlier"):
        close_session(ws, session_id, minutes="x", now=T0 - dt.timedelta(minutes=1))


def test_session_cannot_be_closed_twice(ws: Workspace, session_id: str) -> None:
    close_session(ws, session_id, minutes="Done.", now=T0 + dt.timedelta(hours=1))
    with pytest.raises(InputError, match="already closed on 2026-11-23"):
        close_session(ws, session_id, minutes="Again.", now=T0 + dt.timedelta(hours=2))


def test_duplicate_participant_names_are_refused(ws: Workspace) -> None:
    twice = [Participant(name="Ann"), Participant(name="Ann", role=ReviewRole.approver)]
    with pytest.raises(InputError, match="'Ann' is listed twice"):
        start_session(ws, title="Dup", participants=twice, now=T0)


def test_undo_of_a_raised_challenge_removes_it(ws: Workspace, session_id: str) -> None:
    made = raise_challenge(
        ws,
        session=session_id,
        target="G3",
        kind="rebutting",
        severity="blocker",
        text="No.",
        raised_by="Ann",
        now=T0,
    )
    ws.apply(made.change_set.inverse())
    assert made.record.id not in {c.id for c in ws.document.review.challenges}


def test_each_operation_is_an_audit_event_and_the_chain_verifies(
    ws: Workspace, challenge_id: str
) -> None:
    respond(ws, challenge_id, status="answered", text="A.", by="Cal", now=T0)
    events = [(e.action, e.subject) for e in ws.store.audit_events()]
    assert events[-3:] == [
        ("start review session", "session:R2"),
        ("raise challenge", f"challenge:{challenge_id}"),
        ("respond to challenge", f"challenge:{challenge_id}"),
    ]
    assert ws.store.verify_audit().ok
