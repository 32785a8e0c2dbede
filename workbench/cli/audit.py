"""Command line for the audit log: walk the chain (against anchors), seal its head."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import EXIT_FAILED, EXIT_OK, Parser, out
from workbench.cli.packets import passphrase


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from workbench.app.anchors import verify_chain

    report = verify_chain(
        Path(args.store),
        anchors=[Path(a) for a in args.anchor],
        trust=[Path(t) for t in args.trust],
    )
    result = report.verification
    if not result.ok:
        _err(f"audit chain broken: {result.message}")
        return EXIT_FAILED
    out(f"{result.message}; head {result.head[:16]}")
    for check in report.anchors:
        anchor = check.anchor
        when = f" at {anchor.made_at.isoformat()}" if anchor.made_at else ""
        made = "sealed" if anchor.kind == "seal" else "signed"
        if check.ok:
            out(
                f"holds the head of {anchor.kind} {anchor.path}: event {anchor.head.seq} "
                f"({anchor.head.hash[:16]}…), {made} by {anchor.signer}{when}"
            )
            continue
        for problem in anchor.problems:
            _err(f"anchor {anchor.path} does not count: {problem}")
        for problem in check.chain_problems:
            _err(f"anchor {anchor.path}: {problem}")
        if not check.chain_problems:
            _err(
                f"anchor {anchor.path}: the chain holds its event {anchor.head.seq}, but only an "
                "anchor that counts shows the store was not rolled back"
            )
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_audit_seal(args: argparse.Namespace) -> int:
    from workbench.app.anchors import seal_store

    secret = passphrase(args, str(args.identity))
    result = seal_store(Path(args.store), Path(args.identity), secret, Path(args.out))
    head = result.statement.audit
    out(f"{result.identity.name} sealed {args.store} at audit event {head.seq} ({head.hash[:16]}…)")
    out(
        f"check it later with: workbench audit verify {args.store} --anchor {args.out} "
        "--trust CA.pem"
    )
    out(f"wrote seal {result.path}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``audit verify`` and ``audit seal`` to the workbench command line."""
    p = sub.add_parser("audit", help="the store's audit log")
    asub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    q = asub.add_parser(
        "verify",
        help="walk the hash chain; exit 1 naming the first broken event, or an anchor the "
        "chain no longer holds",
    )
    q.add_argument("store", metavar="STORE")
    q.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="PACKET.pdf|SEAL",
        help="a signed packet or seal whose audit head the chain must still hold (repeat)",
    )
    q.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA.pem",
        help="certificate an anchor's signer must chain to (repeat for several)",
    )
    q.set_defaults(func=cmd_audit_verify)

    q = asub.add_parser("seal", help="write a signed seal of the store's audit head")
    q.add_argument("store", metavar="STORE")
    q.add_argument("out", metavar="OUT.seal")
    q.add_argument("--identity", required=True, metavar="ID.p12", help="sign with this identity")
    q.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the identity passphrase from the first line of FILE",
    )
    q.set_defaults(func=cmd_audit_seal)
