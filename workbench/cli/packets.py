"""Command line for identities, packets, signing and verification.

Passphrases come from ``--passphrase-file`` (first line), else ``$WORKBENCH_PASSPHRASE``, else
a prompt on the terminal; a CA's from ``--ca-passphrase-file``, else
``$WORKBENCH_CA_PASSPHRASE``, else ``$WORKBENCH_PASSPHRASE``, else a prompt. They are never
printed, logged or stored.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Parser,
    add_force,
    add_format,
    emit_json,
    out,
)
from workbench.cli.crosswalks import add_also_options
from workbench.domain import InputError, Meaning, SignerRole
from workbench.domain.wording import plural

MEANINGS = [m.value for m in Meaning]
ROLES = [r.value for r in SignerRole]


# -------------------------------------------------------------------------------- passphrases
def _from_file(path: str) -> str:
    from workbench.runtime.inputs import read_input_text

    # The first line, split at a newline only: a control character inside it (a lone CR,
    # a form feed) is refused with the passphrase, not silently taken as its end.
    passphrase = read_input_text(Path(path), "passphrase file").split("\n", 1)[0]
    passphrase = passphrase.removesuffix("\r")
    if not passphrase:
        raise InputError(f"passphrase file {path} is empty")
    return passphrase


def _prompt(label: str, *, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise InputError(
            f"no passphrase for {label}: give --passphrase-file FILE or set WORKBENCH_PASSPHRASE"
        )
    first = getpass.getpass(f"Passphrase for {label}: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise InputError("the passphrases do not match")
    return first


def passphrase(args: argparse.Namespace, label: str, *, confirm: bool = False) -> str:
    if getattr(args, "passphrase_file", None):
        return _from_file(args.passphrase_file)
    env = os.environ.get("WORKBENCH_PASSPHRASE")
    if env:
        return env
    return _prompt(label, confirm=confirm)


def ca_passphrase(args: argparse.Namespace, label: str) -> str:
    if getattr(args, "ca_passphrase_file", None):
        return _from_file(args.ca_passphrase_file)
    env = os.environ.get("WORKBENCH_CA_PASSPHRASE") or os.environ.get("WORKBENCH_PASSPHRASE")
    if env:
        return env
    return _prompt(label, confirm=False)


def _add_passphrase(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the identity passphrase from the first line of FILE",
    )


# ------------------------------------------------------------------------------- identities
def cmd_identity_ca(args: argparse.Namespace) -> int:
    from workbench.app.packets import make_ca

    secret = passphrase(args, str(args.file), confirm=True)
    identity = make_ca(Path(args.file), args.name, secret)
    out(f"organisation CA {identity.name} written to {args.file}")
    out(f"export its certificate for verifiers with: workbench identity export-cert {args.file}")
    out(f"created CA certificate {identity.fingerprint}")
    return EXIT_OK


def cmd_identity_create(args: argparse.Namespace) -> int:
    from workbench.app.packets import make_identity

    ca_secret = ca_passphrase(args, str(args.ca)) if args.ca else None
    secret = passphrase(args, str(args.file), confirm=True)
    identity = make_identity(
        Path(args.file),
        args.name,
        args.role,
        secret,
        ca_path=Path(args.ca) if args.ca else None,
        ca_passphrase=ca_secret,
    )
    issuer = f"issued by {identity.chain[0].subject.rfc4514_string()}" if args.ca else "self-signed"
    out(f"{identity.name} ({args.role}), {issuer}, written to {args.file}")
    out(f"created signing certificate {identity.fingerprint}")
    return EXIT_OK


def cmd_identity_export(args: argparse.Namespace) -> int:
    from workbench.app.packets import export_identity_certificate

    identity = export_identity_certificate(
        Path(args.file), Path(args.out), passphrase(args, str(args.file)), force=args.force
    )
    out(f"certificate of {identity.name} written to {args.out}")
    out(f"exported certificate {identity.fingerprint}")
    return EXIT_OK


def cmd_identity_revoke(args: argparse.Namespace) -> int:
    from workbench.app.packets import is_identity_file, revoke_identity

    ca_secret = ca_passphrase(args, str(args.ca))
    target = Path(args.certificate)
    secret = passphrase(args, str(target)) if is_identity_file(target) else ""
    revoked = revoke_identity(
        Path(args.ca), ca_secret, target, target_passphrase=secret, reason=args.reason
    )
    entry = revoked.entry
    out(
        f"revoked the certificate of {revoked.holder} on {entry.at:%Y-%m-%d %H:%M} UTC "
        f"({entry.reason_text}); recorded in {revoked.record}"
    )
    out(f"publish it with: workbench identity crl {args.ca} OUT.crl")
    out(f"revoked certificate {entry.serial:x}")
    return EXIT_OK


def cmd_identity_crl(args: argparse.Namespace) -> int:
    from workbench.app.packets import write_crl

    count = write_crl(
        Path(args.ca), ca_passphrase(args, str(args.ca)), Path(args.out), force=args.force
    )
    out(f"CRL listing {plural(count, 'revoked certificate')} written to {args.out}")
    return EXIT_OK


# --------------------------------------------------------------------------------- packets
def _long_term(args: argparse.Namespace) -> Any:
    from workbench.app.packets import LongTermOptions

    return LongTermOptions(
        trust=[Path(t) for t in args.trust],
        crls=[Path(c) for c in args.crl],
        tsa=args.tsa,
        archive=args.archive_timestamp,
    )


def _add_long_term(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA.pem",
        help="trusted CA: refuse to sign unless the identity chains to one; also the issuer "
        "of the --tsa certificate (repeat for several)",
    )
    p.add_argument(
        "--crl",
        action="append",
        default=[],
        metavar="FILE",
        help="the latest CRL this machine holds: refuse a revoked identity, embed it (B-LT)",
    )
    p.add_argument("--tsa", metavar="URL", help="RFC 3161 timestamp authority (B-T, B-LT)")
    p.add_argument(
        "--archive-timestamp",
        action="store_true",
        help="also add a document timestamp from --tsa (B-LTA)",
    )


def _print_blockers(exc: Exception) -> int:
    from workbench.app.packets import ApprovalBlocked

    assert isinstance(exc, ApprovalBlocked)
    print(f"workbench: {exc}", file=sys.stderr)
    for finding in exc.blockers:
        print(f"  {finding.rule} {finding.subject}: {finding.message}", file=sys.stderr)
    return EXIT_FAILED


def cmd_packet(args: argparse.Namespace) -> int:
    from workbench.app.packets import ApprovalBlocked, write_packet
    from workbench.app.workspace import Workspace
    from workbench.checks.asl import required_asl
    from workbench.domain import required_level

    if args.meaning and not args.sign:
        raise InputError("--meaning is given without --sign ID.p12")
    if args.crosswalk and not args.also:
        raise InputError("--crosswalk goes with --also ID")
    if args.sign and not args.meaning:
        raise InputError("--sign needs --meaning (authored, reviewed or approved)")
    secret = passphrase(args, str(args.sign)) if args.sign else ""
    with Workspace.open(Path(args.store)) as ws:
        try:
            result = write_packet(
                ws,
                Path(args.out),
                public=args.public,
                sign_with=Path(args.sign) if args.sign else None,
                passphrase=secret,
                meaning=args.meaning,
                also=args.also,
                crosswalk_files=args.crosswalk,
                long_term=_long_term(args),
                force=args.force,
            )
        except ApprovalBlocked as exc:
            return _print_blockers(exc)
        level = required_level(ws.document.framework, required_asl(ws.document))
    manifest = result.manifest
    kind = "public summary" if args.public else "packet"
    words = "" if level.asl else f"{level.label} "
    out(
        f"{kind} of state {manifest.state_hash[:16]}… written to {result.path} "
        f"(required {words}{level.overall_name}, "
        f"{manifest.findings.get('blocker', 0)} blocking)"
    )
    if result.signature is not None:
        signoff = result.signature.signoff
        out(
            f"signed by {result.signature.identity.name} as {result.signature.meaning.value}"
            + (f"; sign-off {signoff.id} recorded" if signoff else "")
        )
    out(f"wrote packet {result.packet_id}")
    return EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    from workbench.app.packets import ApprovalBlocked, sign_packet

    secret = passphrase(args, str(args.identity))
    try:
        record = sign_packet(
            Path(args.packet),
            Path(args.identity),
            secret,
            args.meaning,
            out=Path(args.out) if args.out else None,
            store=Path(args.store) if args.store else None,
            long_term=_long_term(args),
            force=args.force,
        )
    except ApprovalBlocked as exc:
        return _print_blockers(exc)
    target = args.out or args.packet
    out(f"{record.identity.name} signed {target} as {record.meaning.value}")
    if record.signoff is not None:
        out(f"recorded sign-off {record.signoff.id} in {args.store}")
    out(f"added signature {record.field}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from workbench.app.packets import verify_packet

    report = verify_packet(
        Path(args.packet),
        trust=[Path(t) for t in args.trust],
        store=Path(args.store) if args.store else None,
        crls=[Path(c) for c in args.crl],
    )
    if args.format == "json":
        emit_json(report.to_json())
    else:
        for number, sig in enumerate(report.signatures, 1):
            when = sig.signed_at.isoformat() if sig.signed_at else "unknown time"
            coverage = (
                "covers the whole document"
                if sig.covers_whole_document
                else f"covers revision {sig.revision} of {sig.revisions}"
            )
            out(
                f"signature {number}: {sig.signer} ({sig.role or 'no role'}) "
                f"{sig.meaning or 'no meaning'} at {when} in field {sig.field}"
                f"{' (certifies the packet)' if sig.certified else ''}: "
                f"{'intact' if sig.intact else 'NOT INTACT'}, "
                f"{'trusted' if sig.trusted else 'NOT TRUSTED'}, {coverage}"
                + (f", PAdES {sig.pades_level}" if sig.pades_level else ", not PAdES")
            )
            for problem in (*sig.problems, *sig.notes):
                out(f"  - {problem}")
        if not report.signatures:
            out("no signatures")
        for rev in report.revision_checks:
            verdict = "" if rev.allowed else " — NOT ALLOWED after signing"
            out(f"revision {rev.revision} ({rev.kind}{verdict}): {'; '.join(rev.changes)}")
        for problem in report.problems:
            out(f"  - {problem}")
        manifest = report.manifest
        if manifest.claims is not None:
            store = {True: "matches the store", False: "DOES NOT match the store", None: ""}[
                manifest.matches_store
            ]
            out(
                f"manifest: packet {manifest.claims.packet_id}, state "
                f"{manifest.claims.state_hash[:16]}…, {len(manifest.claims.evidence)} evidence"
                + (f", {store}" if store else "")
                + ("" if manifest.consistent else ", CHANGED after signing")
            )
        for problem in (*manifest.problems, *report.problems):
            out(f"  - {problem}")
        out("valid" if report.valid else "NOT valid")
    return EXIT_OK if report.valid else EXIT_FAILED


# -------------------------------------------------------------------------------- register
def register(sub: argparse._SubParsersAction) -> None:
    """Add ``identity``, ``packet``, ``sign`` and ``verify`` to the workbench command line."""
    p = sub.add_parser("identity", help="signing identities (offline CA, signer certificates)")
    isub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)

    q = isub.add_parser("ca", help="make an offline organisation CA in FILE.p12")
    q.add_argument("file", metavar="FILE.p12")
    q.add_argument("--name", required=True, metavar="ORG", help="organisation name")
    _add_passphrase(q)
    q.set_defaults(func=cmd_identity_ca)

    q = isub.add_parser("create", help="issue a signing certificate with a role in FILE.p12")
    q.add_argument("file", metavar="FILE.p12")
    q.add_argument("--name", required=True, help="the signer's printed name")
    q.add_argument("--role", required=True, choices=ROLES)
    q.add_argument("--ca", metavar="CA.p12", help="issue with this CA (default: self-signed)")
    _add_passphrase(q)
    q.add_argument(
        "--ca-passphrase-file", metavar="FILE", help="read the CA's passphrase from FILE"
    )
    q.set_defaults(func=cmd_identity_create)

    q = isub.add_parser(
        "revoke", help="record in the CA's revocation record that a certificate is revoked"
    )
    q.add_argument("ca", metavar="CA.p12")
    q.add_argument("certificate", metavar="CERT.pem|ID.p12")
    q.add_argument(
        "--reason",
        default="unspecified",
        metavar="R",
        help="unspecified (default), key-compromise, affiliation-changed, superseded, "
        "cessation-of-operation or privilege-withdrawn",
    )
    q.add_argument(
        "--ca-passphrase-file", metavar="FILE", help="read the CA's passphrase from FILE"
    )
    _add_passphrase(q)
    q.set_defaults(func=cmd_identity_revoke)

    q = isub.add_parser("crl", help="write a CRL signed by the CA of every revocation it recorded")
    q.add_argument("ca", metavar="CA.p12")
    q.add_argument("out", metavar="OUT.crl")
    q.add_argument(
        "--ca-passphrase-file", metavar="FILE", help="read the CA's passphrase from FILE"
    )
    add_force(q, "OUT.crl")
    q.set_defaults(func=cmd_identity_crl)

    q = isub.add_parser("export-cert", help="write the certificate of FILE.p12 as PEM")
    q.add_argument("file", metavar="FILE.p12")
    q.add_argument("out", metavar="OUT.pem")
    add_force(q, "OUT.pem")
    _add_passphrase(q)
    q.set_defaults(func=cmd_identity_export)

    p = sub.add_parser("packet", help="write the PDF packet of STORE (optionally signed)")
    p.add_argument("store", metavar="STORE")
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--sign", metavar="ID.p12", help="sign with this identity")
    p.add_argument("--meaning", choices=MEANINGS, help="what the signature means")
    p.add_argument("--public", action="store_true", help="the redacted summary for publication")
    add_also_options(p, "add a section on")
    _add_long_term(p)
    add_force(p, "OUT.pdf")
    _add_passphrase(p)
    p.set_defaults(func=cmd_packet)

    p = sub.add_parser("sign", help="countersign a packet (a new incremental revision)")
    p.add_argument("packet", metavar="PACKET.pdf")
    p.add_argument("--identity", required=True, metavar="ID.p12")
    p.add_argument("--meaning", required=True, choices=MEANINGS)
    p.add_argument("--out", metavar="OUT.pdf", help="write here (default: PACKET.pdf in place)")
    add_force(p, "--out OUT.pdf")
    p.add_argument(
        "--store", metavar="STORE", help="the packet's store: check it and record the sign-off"
    )
    _add_long_term(p)
    _add_passphrase(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("verify", help="check a packet's signatures and manifest")
    p.add_argument("packet", metavar="PACKET.pdf")
    p.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA.pem",
        help="trusted certificate (repeat for several)",
    )
    p.add_argument("--store", metavar="STORE", help="also check against this store")
    p.add_argument(
        "--crl",
        action="append",
        default=[],
        metavar="FILE",
        help="CRL of a trusted CA: a signer revoked before signing is not trusted (repeat)",
    )
    add_format(p)
    p.set_defaults(func=cmd_verify)
