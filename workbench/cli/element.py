"""Command line for the argument itself: add, edit, link, unlink, delete, claim, cite; and
capability determinations. The same change sets the window builds, through the same write path.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from workbench.cli.common import EXIT_OK, Parser, open_workspace, out
from workbench.domain import COUNTER, CaseDocument, ElementType, Outcome, labels
from workbench.domain.wording import plural

#: The element types ``element add`` makes (an away goal is made by a module import,
#: counter goals and counter solutions by a gsn2x import, each with its challenge).
ADDABLE = tuple(t for t in ElementType if t is not ElementType.away_goal and t not in COUNTER)


def _edit(store: str, build: Callable[[CaseDocument], Any]) -> CaseDocument:
    """Apply one change set built from the store's current document; the document after."""
    from workbench.app.operations import Edit, run

    with open_workspace(store) as ws:
        run(ws, Edit(build))
        return ws.document


def cmd_add(args: argparse.Namespace) -> int:
    from workbench.app.changes import add_element, next_id

    kind = ElementType(args.type)
    created: list[str] = []

    def build(doc: CaseDocument) -> Any:
        new_id = next_id(doc, kind)
        created.append(new_id)
        return add_element(
            doc, kind, args.text, parent=args.under, element_id=new_id, module=args.module
        )

    doc = _edit(args.store, build)
    element = doc.element(created[-1])
    where = f" under {args.under}" if args.under else ""
    out(f"{labels.title(kind)}{where} in module {element.module}")
    out(f"added {kind.value} {element.id}")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    from workbench.app.changes import edit_element

    doc = _edit(
        args.store,
        lambda d: edit_element(d, args.id, text=args.text, undeveloped=args.undeveloped),
    )
    element = doc.element(args.id)
    state = "undeveloped" if element.undeveloped else "developed"
    out(f"{labels.label(element.type)} {element.id} ({state}): {element.text}")
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    from workbench.app.changes import link_elements

    _edit(args.store, lambda d: link_elements(d, args.parent, args.child, context=args.context))
    how = "in context of" if args.context else "supported by"
    out(f"{args.parent} {how} {args.child}")
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    from workbench.app.changes import unlink_elements

    _edit(args.store, lambda d: unlink_elements(d, args.parent, args.child))
    out(f"{args.child} no longer under {args.parent}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from workbench.app.changes import delete_or_refuse

    with open_workspace(args.store) as ws:
        before = set(ws.document.case.by_id)
    doc = _edit(
        args.store, lambda d: delete_or_refuse(d, args.id, with_children=args.with_children)
    )
    gone = sorted(before - set(doc.case.by_id))
    out(f"deleted {plural(len(gone), 'element')}: {', '.join(gone)}")
    return EXIT_OK


def cmd_claim(args: argparse.Namespace) -> int:
    from workbench.app.changes import claim_requirements

    doc = _edit(args.store, lambda d: claim_requirements(d, args.id, args.requirements))
    claimed = doc.element(args.id).addresses
    out(f"{args.id} claims {plural(len(claimed), 'requirement')}: {', '.join(claimed)}")
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    from workbench.app.changes import cite_evidence

    doc = _edit(args.store, lambda d: cite_evidence(d, args.id, args.evidence))
    cited = doc.element(args.id).evidence
    out(f"{args.id} cites {plural(len(cited), 'evidence item')}: {', '.join(cited)}")
    return EXIT_OK


def cmd_determination_set(args: argparse.Namespace) -> int:
    from workbench.app.assessment import record_determination
    from workbench.app.operations import call

    with open_workspace(args.store) as ws:
        determination = call(
            ws,
            lambda w: record_determination(
                w,
                args.threshold,
                args.outcome,
                evidence=args.evidence or (),
                rationale=args.rationale or "",
            ),
        )
    backed = (
        f"backed by {', '.join(determination.evidence)}"
        if determination.evidence
        else "without evidence (the checks report it)"
    )
    out(f"{determination.threshold}: {labels.label(determination.outcome)}, {backed}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``workbench element …`` and ``workbench determination …`` to the subcommands."""
    p = sub.add_parser("element", help="build the argument: add, edit, link, delete elements")
    esub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)

    q = esub.add_parser("add", help="add an element; prints its id")
    q.add_argument("store", metavar="STORE")
    q.add_argument("--type", required=True, choices=[t.value for t in ADDABLE])
    q.add_argument("--text", required=True, help="what the element states")
    q.add_argument("--under", metavar="PARENT", help="the goal or strategy it goes under")
    q.add_argument(
        "--module", metavar="M", help="its module (default: the parent's, else main; made if new)"
    )
    q.set_defaults(func=cmd_add)

    q = esub.add_parser("edit", help="change an element's text or undeveloped mark")
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument("--text")
    mark = q.add_mutually_exclusive_group()
    mark.add_argument(
        "--undeveloped", dest="undeveloped", action="store_const", const=True, default=None
    )
    mark.add_argument("--developed", dest="undeveloped", action="store_const", const=False)
    q.set_defaults(func=cmd_edit)

    q = esub.add_parser("link", help="link CHILD under PARENT (SupportedBy, or InContextOf)")
    q.add_argument("store", metavar="STORE")
    q.add_argument("parent", metavar="PARENT")
    q.add_argument("child", metavar="CHILD")
    q.add_argument("--context", action="store_true", help="an InContextOf link")
    q.set_defaults(func=cmd_link)

    q = esub.add_parser("unlink", help="remove the link from PARENT to CHILD")
    q.add_argument("store", metavar="STORE")
    q.add_argument("parent", metavar="PARENT")
    q.add_argument("child", metavar="CHILD")
    q.set_defaults(func=cmd_unlink)

    q = esub.add_parser(
        "delete", help="delete an element (refused if it would leave children with no parent)"
    )
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument(
        "--with-children",
        action="store_true",
        help="also delete what is under it and linked from nowhere else",
    )
    q.set_defaults(func=cmd_delete)

    q = esub.add_parser("claim", help="a goal claims catalogue requirements")
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument("requirements", metavar="REQ", nargs="+")
    q.set_defaults(func=cmd_claim)

    q = esub.add_parser("cite", help="a solution cites evidence")
    q.add_argument("store", metavar="STORE")
    q.add_argument("id", metavar="ID")
    q.add_argument("evidence", metavar="EVIDENCE", nargs="+")
    q.set_defaults(func=cmd_cite)

    p = sub.add_parser("determination", help="capability determinations, one per threshold")
    dsub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = dsub.add_parser("set", help="record the determination of a threshold")
    q.add_argument("store", metavar="STORE")
    q.add_argument("threshold", metavar="THRESHOLD")
    q.add_argument("outcome", choices=[o.value for o in Outcome])
    q.add_argument("--evidence", nargs="+", metavar="EV", help="evidence backing it")
    q.add_argument("--rationale", metavar="T")
    q.set_defaults(func=cmd_determination_set)
