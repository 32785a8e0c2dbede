"""Command line for compliance tracking: schedule, methodology changes, noncompliance register."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from workbench.cli.common import (
    EXIT_OK,
    Parser,
    UsageError,
    add_format,
    emit_json,
    open_workspace,
    out,
    parse_date,
)
from workbench.domain import (
    CaseDocument,
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    NotFoundError,
    ScheduledAssessment,
    labels,
)
from workbench.domain.compliance_summary import schedule_status
from workbench.domain.wording import plural


# --------------------------------------------------------------------- schedule
def cmd_schedule_add(args: argparse.Namespace) -> int:
    from workbench.app.compliance import add_schedule_item, obligation_due_date
    from workbench.app.operations import call

    if args.due is not None and args.started is not None:
        raise UsageError("give either --due DATE or --obligation ID with --started DATE")
    if args.due is None and args.obligation is None:
        raise UsageError("give either --due DATE or --obligation ID with --started DATE")
    if args.obligation is not None and args.due is None and args.started is None:
        raise UsageError("--obligation needs --started DATE (when the work began) or --due DATE")
    if args.obligation is None and args.started is not None:
        raise UsageError("--started goes with --obligation ID")
    with open_workspace(args.store) as ws:
        due = args.due
        if args.obligation is not None:
            framework = ws.document.framework
            if args.started is not None:
                due = obligation_due_date(framework, args.obligation, args.started)
            elif args.obligation not in framework.obligations_by_id:
                raise NotFoundError(
                    f"framework {framework.id} has no obligation {args.obligation!r} "
                    f"(see 'workbench catalog show {framework.id}')"
                )
        item = call(
            ws,
            lambda w: add_schedule_item(
                w, what=args.what, due=due, owner=args.owner or "", obligation=args.obligation
            ),
        ).record
        obligation = ws.document.framework.obligations_by_id.get(item.obligation or "")
    owner = f" (owner {item.owner})" if item.owner else ""
    soft = (
        obligation is not None and obligation.deadline is not None and not obligation.deadline.hard
    )
    out(f"{item.what}{owner}, {'target' if soft else 'due'} {item.due.isoformat()}")
    out(f"scheduled {item.id}")
    return EXIT_OK


def cmd_schedule_done(args: argparse.Namespace) -> int:
    from workbench.app.compliance import complete_schedule_item
    from workbench.app.operations import call

    with open_workspace(args.store) as ws:
        item = call(ws, lambda w: complete_schedule_item(w, args.id, on=args.on)).record
    out(f"{item.id} {item.what}: {schedule_status(item, args.on)}")
    return EXIT_OK


def _schedule_json(item: ScheduledAssessment, today: dt.date) -> dict[str, Any]:
    return {
        **item.model_dump(mode="json"),
        "status": schedule_status(item, today),
        "delay_days": item.delay_days,
        "overdue_days": item.overdue_days(today),
    }


def format_schedule(items: list[ScheduledAssessment], today: dt.date) -> str:
    if not items:
        return "nothing scheduled; add an item with 'workbench schedule add'"
    lines = [f"as of {today.isoformat()}"]
    for item in sorted(items, key=lambda i: (i.due, i.id)):
        owner = f" (owner {item.owner})" if item.owner else ""
        done = f", done {item.completed.isoformat()}" if item.completed else ""
        lines.append(
            f"{item.id:<7} due {item.due.isoformat()}{done}  {schedule_status(item, today)}  "
            f"{item.what}{owner}"
        )
    return "\n".join(lines)


def cmd_schedule_list(args: argparse.Namespace) -> int:
    from workbench.app.clock import today as utc_today

    today = args.today or utc_today()
    with open_workspace(args.store) as ws:
        items = ws.document.compliance.schedule
    if args.format == "json":
        emit_json([_schedule_json(i, today) for i in items])
    else:
        out(format_schedule(items, today))
    return EXIT_OK


# ------------------------------------------------------------------ methodology
def cmd_methodology_record(args: argparse.Namespace) -> int:
    from workbench.app.compliance import record_methodology_change
    from workbench.app.operations import call

    with open_workspace(args.store) as ws:
        change = call(
            ws,
            lambda w: record_methodology_change(
                w,
                evaluation=args.evaluation,
                from_version=args.from_version,
                to_version=args.to_version,
                reason=args.reason,
                evidence=args.evidence or (),
            ),
        ).record
    out(f"{change.evaluation}: methodology {change.from_version} -> {change.to_version}")
    out(f"recorded methodology change {change.id}")
    return EXIT_OK


# ----------------------------------------------------------------- noncompliance
def cmd_noncompliance_add(args: argparse.Namespace) -> int:
    from workbench.app.compliance import report_noncompliance
    from workbench.app.operations import call

    with open_workspace(args.store) as ws:
        item = call(
            ws,
            lambda w: report_noncompliance(
                w,
                description=args.description,
                reporter=None if args.anonymous else args.reporter,
                severity=args.severity,
                board_notification=args.board,
            ),
        ).record
    who = item.reporter or "anonymous"
    board = ", Board to be notified" if item.board_notification else ""
    out(f"{item.severity.value} noncompliance reported by {who} on {item.reported}{board}")
    out(f"registered noncompliance {item.id}")
    return EXIT_OK


def cmd_noncompliance_update(args: argparse.Namespace) -> int:
    from workbench.app.compliance import find_noncompliance, set_noncompliance_status
    from workbench.app.operations import call

    with open_workspace(args.store) as ws:
        previous = find_noncompliance(ws.document, args.id).status
        item = call(ws, lambda w: set_noncompliance_status(w, args.id, status=args.status)).record
    out(f"noncompliance {item.id}: {labels.label(previous)} -> {labels.label(item.status)}")
    return EXIT_OK


def _noncompliance_line(item: NoncomplianceItem) -> str:
    board = "  [Board]" if item.board_notification else ""
    return (
        f"{item.id:<6} {item.reported.isoformat()}  {item.severity.value:<6} "
        f"{labels.label(item.status):<13} {item.reporter or 'anonymous'}: "
        f"{' '.join(item.description.split())}{board}"
    )


def format_register(doc: CaseDocument) -> str:
    register = doc.compliance.noncompliance
    if not register:
        return "the noncompliance register is empty"
    lines = [_noncompliance_line(i) for i in register]
    unresolved = sum(1 for i in register if i.status != NoncomplianceStatus.resolved)
    lines.append(f"{plural(len(register), 'item')}, {unresolved} not resolved")
    return "\n".join(lines)


def cmd_noncompliance_list(args: argparse.Namespace) -> int:
    with open_workspace(args.store) as ws:
        doc = ws.document
    if args.format == "json":
        emit_json([i.model_dump(mode="json") for i in doc.compliance.noncompliance])
    else:
        out(format_register(doc))
    return EXIT_OK


def cmd_noncompliance_summary(args: argparse.Namespace) -> int:
    from workbench.app.compliance import quarterly_summary

    with open_workspace(args.store) as ws:
        summary = quarterly_summary(ws.document, args.year, args.quarter)
    if args.format == "json":
        emit_json(summary.to_json())
        return EXIT_OK
    severities = ", ".join(f"{n} {s.value}" for s, n in summary.by_severity.items())
    statuses = ", ".join(f"{n} {labels.label(s)}" for s, n in summary.by_status.items())
    board = ", ".join(summary.board_notifications) or "none"
    carried = ", ".join(summary.carried_over) or "none"
    out(
        f"{summary.label} ({summary.first_day.isoformat()} to {summary.last_day.isoformat()}): "
        f"{len(summary.reported)} reported, {summary.anonymous} anonymously"
    )
    out(f"by severity: {severities}")
    out(f"by status: {statuses}")
    out(f"Board notifications: {board}")
    out(f"unresolved from earlier quarters: {carried}")
    return EXIT_OK


# ------------------------------------------------------------------------ parser
def register(sub: Any) -> None:
    """Add ``workbench schedule|methodology|noncompliance …`` to the top-level subcommands."""
    p = sub.add_parser("schedule", help="scheduled assessments: due dates, completion, delays")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = ssub.add_parser("add", help="schedule an assessment or report; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--what", required=True, metavar="TEXT")
    q.add_argument("--due", type=parse_date, metavar="DATE")
    q.add_argument(
        "--obligation",
        metavar="ID",
        help="catalogue obligation the item fulfils (e.g. RSP-2.2/P/comprehensive-assessment); "
        "with --started its deadline sets the due date (a soft target is reported only as "
        "past target), or give --due",
    )
    q.add_argument(
        "--started",
        type=parse_date,
        metavar="DATE",
        help="when the work began (the obligation's anchor event; for a deadline that counts "
        "back, e.g. two weeks before placing on the market, the date of that event)",
    )
    q.add_argument("--owner", metavar="TEAM")
    q.set_defaults(func=cmd_schedule_add)
    q = ssub.add_parser("done", help="record the date a scheduled item was completed")
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument("--on", required=True, type=parse_date, metavar="DATE")
    q.set_defaults(func=cmd_schedule_done)
    q = ssub.add_parser("list", help="list scheduled items with delays and days overdue")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--today", type=parse_date, metavar="DATE", help="judge as of this date")
    add_format(q)
    q.set_defaults(func=cmd_schedule_list)

    p = sub.add_parser("methodology", help="methodology-change records of evaluations")
    msub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = msub.add_parser("record", help="record a methodology change; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--evaluation", required=True, metavar="NAME")
    q.add_argument("--from", dest="from_version", required=True, metavar="V1")
    q.add_argument("--to", dest="to_version", required=True, metavar="V2")
    q.add_argument("--reason", required=True, metavar="TEXT")
    q.add_argument("--evidence", action="append", metavar="EID", help="repeat for each item")
    q.set_defaults(func=cmd_methodology_record)

    p = sub.add_parser("noncompliance", help="the noncompliance register")
    nsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = nsub.add_parser("add", help="register a noncompliance report; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--description", required=True, metavar="TEXT")
    who = q.add_mutually_exclusive_group()
    who.add_argument("--reporter", metavar="NAME")
    who.add_argument("--anonymous", action="store_true", help="no reporter recorded (the default)")
    q.add_argument(
        "--severity",
        choices=[s.value for s in NoncomplianceSeverity],
        default=NoncomplianceSeverity.medium.value,
    )
    q.add_argument("--board", action="store_true", help="the Board must be notified")
    q.set_defaults(func=cmd_noncompliance_add)
    q = nsub.add_parser("update", help="change the status of a register item")
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument("--status", required=True, choices=[s.value for s in NoncomplianceStatus])
    q.set_defaults(func=cmd_noncompliance_update)
    q = nsub.add_parser("list", help="list the register")
    q.add_argument("store", metavar="STORE")
    add_format(q)
    q.set_defaults(func=cmd_noncompliance_list)
    q = nsub.add_parser("summary", help="quarterly summary: counts and Board notifications")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--year", required=True, type=int)
    q.add_argument("--quarter", required=True, type=int, choices=(1, 2, 3, 4))
    add_format(q)
    q.set_defaults(func=cmd_noncompliance_summary)
