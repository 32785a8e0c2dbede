"""Command line for moving an assessment to another framework (``workbench framework migrate``)."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.common import EXIT_OK, Parser, add_format, emit_json, open_workspace, out


def cmd_framework_migrate(args: argparse.Namespace) -> int:
    from workbench.app.migrate import migrate_framework

    with open_workspace(args.store) as ws:
        plan = migrate_framework(ws, args.to, dry_run=args.dry_run)
    if args.format == "json":
        emit_json(
            {
                "from": plan.source.id,
                "to": plan.target.id,
                "applied": not args.dry_run,
                "claims": [
                    {
                        "element": c.element,
                        "requirement": c.requirement,
                        "fate": c.fate,
                        "targets": list(c.targets),
                        "not_applicable": c.marked_not_applicable,
                        "rationale": c.rationale,
                    }
                    for c in plan.claims
                ],
                "determinations": [
                    {
                        "threshold": d.threshold,
                        "outcome": d.outcome,
                        "fate": d.fate,
                        "target": d.target,
                        "rationale": d.rationale,
                    }
                    for d in plan.determinations
                ],
                "new_requirements": plan.new_requirements,
            }
        )
        return EXIT_OK
    for line in plan.lines():
        out(line)
    out(plan.summary())
    if args.dry_run:
        out("dry run: nothing written")
    else:
        out(f"migrated {args.store} to {plan.target.id}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``workbench framework migrate …`` to the top-level subcommands."""
    p = sub.add_parser("framework", help="the framework an assessment is judged against")
    fsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = fsub.add_parser(
        "migrate",
        help="move the assessment to another framework through a shipped crosswalk "
        "(one undoable change)",
    )
    q.add_argument("store", metavar="STORE")
    q.add_argument("--to", required=True, metavar="ID", help="target framework id")
    q.add_argument("--dry-run", action="store_true", help="show the fates, write nothing")
    add_format(q)
    q.set_defaults(func=cmd_framework_migrate)
