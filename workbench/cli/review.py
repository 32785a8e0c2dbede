"""Command line for stress-testing reviews: start, challenge, respond, close and list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from workbench.cli.common import EXIT_OK, Parser, add_format, emit_json, open_workspace, out
from workbench.domain import (
    PARTICIPANT_FORM,
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    InputError,
    ReviewRole,
    ReviewSession,
    labels,
    parse_participant,
)
from workbench.domain.wording import plural


def cmd_start(args: argparse.Namespace) -> int:
    from workbench.app.operations import call
    from workbench.app.review import start_session

    participants = [parse_participant(p) for p in args.participant]
    with open_workspace(args.store) as ws:
        session = call(
            ws,
            lambda w: start_session(
                w, title=args.title, participants=participants, scope=args.scope or ""
            ),
        ).record
    out(f"{session.title}: {plural(len(session.participants), 'participant')}")
    out(f"started review session {session.id}")
    return EXIT_OK


def cmd_challenge(args: argparse.Namespace) -> int:
    from workbench.app.operations import call
    from workbench.app.review import raise_challenge

    with open_workspace(args.store) as ws:
        challenge = call(
            ws,
            lambda w: raise_challenge(
                w,
                session=args.session,
                target=args.target,
                kind=args.kind,
                severity=args.severity,
                text=args.text,
                raised_by=args.by,
            ),
        ).record
    out(
        f"{labels.label(challenge.severity)} {labels.label(challenge.kind)} challenge on "
        f"{challenge.target_kind.value} {challenge.target} in session {challenge.session}"
    )
    out(f"raised challenge {challenge.id}")
    return EXIT_OK


def cmd_respond(args: argparse.Namespace) -> int:
    from workbench.app.operations import call
    from workbench.app.review import find_challenge, respond

    with open_workspace(args.store) as ws:
        previous = find_challenge(ws.document, args.challenge).status
        challenge = call(
            ws,
            lambda w: respond(
                w,
                args.challenge,
                status=args.status,
                text=args.text,
                by=args.by,
                evidence=args.evidence or (),
            ),
        ).record
    out(
        f"challenge {challenge.id}: {labels.label(previous)} -> {labels.label(challenge.status)} "
        f"({plural(len(challenge.responses), 'response')})"
    )
    return EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    from workbench.app.operations import call
    from workbench.app.review import close_session
    from workbench.runtime.inputs import read_input_bytes

    minutes: str | None = None
    if args.minutes is not None:
        raw = read_input_bytes(Path(args.minutes), "minutes file")
        try:
            minutes = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"minutes file {args.minutes} is not UTF-8 text") from None
        if not minutes.strip():
            raise InputError(f"minutes file {args.minutes} is empty")
    with open_workspace(args.store) as ws:
        session = call(ws, lambda w: close_session(w, args.session, minutes=minutes)).record
        challenges = [c for c in ws.document.review.challenges if c.session == session.id]
    unresolved = sum(1 for c in challenges if not c.status.resolved)
    note = "with minutes" if session.minutes else "without minutes"
    out(
        f"closed review session {session.id} {note}: {plural(len(challenges), 'challenge')}, "
        f"{unresolved} not yet resolved"
    )
    return EXIT_OK


def _session_line(session: ReviewSession, challenges: list[Challenge]) -> str:
    if session.ended is None:
        state = f"open since {session.started.date().isoformat()}"
    else:
        state = f"closed {session.ended.date().isoformat()}"
        if not session.minutes:
            state += " (no minutes)"
    return (
        f"{session.id:<6} {state}  {session.title} "
        f"({plural(len(session.participants), 'participant')}, "
        f"{plural(len(challenges), 'challenge')})"
    )


def _challenge_line(challenge: Challenge) -> str:
    return (
        f"  {challenge.id:<6} {labels.label(challenge.status):<13} {challenge.severity.value:<7} "
        f"{challenge.kind.value:<12} {challenge.target_kind.value} {challenge.target} "
        f"- {challenge.raised_by}: {' '.join(challenge.text.split())}"
    )


def format_review(doc: CaseDocument) -> str:
    sessions = doc.review.sessions
    if not sessions:
        return "no review sessions yet; start one with 'workbench review start'"
    lines: list[str] = []
    for session in sessions:
        challenges = [c for c in doc.review.challenges if c.session == session.id]
        lines.append(_session_line(session, challenges))
        lines.extend(_challenge_line(c) for c in challenges)
    everything = doc.review.challenges
    unresolved = sum(1 for c in everything if not c.status.resolved)
    lines.append(
        f"{plural(len(sessions), 'session')}, {plural(len(everything), 'challenge')}, "
        f"{unresolved} not yet resolved"
    )
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    with open_workspace(args.store) as ws:
        doc = ws.document
    if args.format == "json":
        emit_json(doc.review.model_dump(mode="json"))
    else:
        out(format_review(doc))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``workbench review …`` to the top-level subcommands."""
    p = sub.add_parser("review", help="stress-testing sessions and challenges")
    rsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)

    q = rsub.add_parser("start", help="start a stress-testing session; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--title", required=True)
    q.add_argument(
        "--participant",
        action="append",
        required=True,
        metavar=PARTICIPANT_FORM,
        help="repeat for each participant; TEAM may be empty, ROLE (default reviewer): "
        + ", ".join(r.value for r in ReviewRole),
    )
    q.add_argument("--scope", help="what the session stress-tests")
    q.set_defaults(func=cmd_start)

    q = rsub.add_parser("challenge", help="challenge an element or evidence; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--session", required=True, metavar="SESSION")
    q.add_argument("--target", required=True, metavar="ID", help="element id or evidence id")
    q.add_argument("--kind", required=True, choices=[k.value for k in ChallengeKind])
    q.add_argument("--severity", required=True, choices=[s.value for s in ChallengeSeverity])
    q.add_argument("--text", required=True)
    q.add_argument("--by", required=True, metavar="NAME", help="who raises the challenge")
    q.set_defaults(func=cmd_challenge)

    q = rsub.add_parser(
        "respond",
        help="answer, resolve or reopen a challenge (resolved ones must be reopened first)",
        description="Add a response to a challenge and move it to --status. An open challenge "
        "may be answered or resolved (accepted, refuted, risk_accepted); an answered one may be "
        "answered again, reopened or resolved; a resolved one must first be reopened "
        "(--status open, with the reason in --text). Only an approver participant of the "
        "challenge's session may accept the risk. Every response is kept as history.",
    )
    q.add_argument("store", metavar="STORE")
    q.add_argument("challenge", metavar="CHALLENGE")
    q.add_argument("--status", required=True, choices=[s.value for s in ChallengeStatus])
    q.add_argument("--text", required=True, help="the answer, argument or rationale")
    q.add_argument("--by", required=True, metavar="NAME")
    q.add_argument(
        "--evidence", action="append", metavar="EID", help="evidence backing the response"
    )
    q.set_defaults(func=cmd_respond)

    q = rsub.add_parser("close", help="close a session, with its minutes")
    q.add_argument("store", metavar="STORE")
    q.add_argument("session", metavar="SESSION")
    q.add_argument("--minutes", metavar="FILE", help="UTF-8 text file with the minutes")
    q.set_defaults(func=cmd_close)

    q = rsub.add_parser("list", help="list sessions and their challenges")
    q.add_argument("store", metavar="STORE")
    add_format(q)
    q.set_defaults(func=cmd_list)
