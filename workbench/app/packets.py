"""Packet operations: signing identities, writing packets, signing, countersigning, verifying."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.app import checking, clock
from workbench.app.changes import ChangeSet, put
from workbench.app.operations import call
from workbench.app.workspace import Workspace
from workbench.checks import requirement_status, run_checks
from workbench.domain import (
    STATE_HASH_FORMAT,
    STATE_HASH_FORMATS,
    BlobStatus,
    CaseDocument,
    CheckReport,
    Finding,
    InputError,
    Meaning,
    Severity,
    SignerRole,
    SignOff,
)
from workbench.domain.wording import plural
from workbench.report import PacketManifest, build_packet_with_manifest
from workbench.runtime.fileio import atomic_write_bytes
from workbench.runtime.inputs import read_input_bytes
from workbench.signing import (
    ExpectedState,
    Identity,
    PacketClaims,
    VerificationReport,
    check_meaning,
    create_ca,
    create_identity,
    export_certificate,
    load_certificates,
    load_identity,
    next_field_name,
    read_manifest,
    require_signer,
    sign_pdf,
    verify_pdf,
)


class ApprovalBlocked(Exception):
    """Signing with meaning 'approved' was refused because the checks report blockers.

    Not a WorkbenchError: the input was fine, the case is not ready (the CLI exits 1 and
    lists ``blockers``).
    """

    def __init__(self, blockers: Sequence[Finding]) -> None:
        self.blockers = list(blockers)
        super().__init__(
            f"approval refused: {plural(len(self.blockers), 'blocking finding')} must be "
            "resolved first"
        )


def _blockers(report: CheckReport) -> list[Finding]:
    return [f for f in report.findings if f.severity == Severity.blocker]


@dataclass(frozen=True)
class SignatureRecord:
    """One signature added to a packet, and the sign-off recorded for it (None without store)."""

    identity: Identity
    meaning: Meaning
    field: str
    signoff: SignOff | None


@dataclass(frozen=True)
class PacketResult:
    path: Path
    packet_id: str
    manifest: PacketManifest
    signature: SignatureRecord | None = None


# ---------------------------------------------------------------------------------- identities
def make_ca(path: Path, name: str, passphrase: str) -> Identity:
    return create_ca(Path(path), name, passphrase)


def make_identity(
    path: Path,
    name: str,
    role: SignerRole | str,
    passphrase: str,
    *,
    ca_path: Path | None = None,
    ca_passphrase: str | None = None,
) -> Identity:
    """Issue a signing identity; with ``ca_path`` the organisation CA signs its certificate."""
    try:
        signer_role = SignerRole(role)
    except ValueError:
        roles = ", ".join(r.value for r in SignerRole)
        raise InputError(f"unknown role {role!r} (one of: {roles})") from None
    ca = None
    if ca_path is not None:
        ca = load_identity(Path(ca_path), ca_passphrase or "")
    return create_identity(Path(path), name, signer_role, passphrase, ca=ca)


def export_identity_certificate(path: Path, out: Path, passphrase: str) -> Identity:
    identity = load_identity(Path(path), passphrase)
    export_certificate(identity, Path(out))
    return identity


# ------------------------------------------------------------------------------------ packets
def new_packet_id(now: dt.datetime) -> str:
    return f"PKT-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _meaning(meaning: Meaning | str) -> Meaning:
    try:
        return Meaning(meaning)
    except ValueError:
        meanings = ", ".join(m.value for m in Meaning)
        raise InputError(f"unknown meaning {meaning!r} (one of: {meanings})") from None


def _signer(identity_path: Path, passphrase: str, meaning: Meaning) -> Identity:
    identity = load_identity(Path(identity_path), passphrase)
    require_signer(identity, Path(identity_path))
    check_meaning(identity, meaning)
    return identity


def _next_signoff_id(doc: CaseDocument) -> str:
    return doc.id_marks.mint("signoff", "SO-", [s.id for s in doc.signoffs])


def record_signoff(
    ws: Workspace,
    identity: Identity,
    meaning: Meaning,
    *,
    state_hash: str,
    packet_id: str,
    signed_at: dt.datetime,
) -> SignOff:
    """Record a signature as a sign-off of the state it signed (one audited change)."""
    assert identity.role is not None
    signoff = SignOff(
        id=_next_signoff_id(ws.document),
        signer=identity.name,
        role=identity.role,
        meaning=meaning,
        signed_at=signed_at,
        state_hash=state_hash,
        packet_id=packet_id,
        certificate_sha256=identity.fingerprint,
        # The format the signed state was pinned with (a countersignature may pin an older
        # packet's format): checks then hash the case in that format only.
        state_hash_format=ws.document.pinned_format(state_hash),
    )
    ws.apply(signoff_change_set(signoff))
    return signoff


def signoff_change_set(signoff: SignOff) -> ChangeSet:
    """The change set that records a sign-off (what ``record_signoff`` writes)."""
    return ChangeSet(
        f"Sign-off {signoff.id} ({signoff.meaning.value}) by {signoff.signer}",
        "sign off",
        (put("signoff", signoff.id, None, signoff),),
    )


def write_packet(
    ws: Workspace,
    out: Path,
    *,
    public: bool = False,
    sign_with: Path | None = None,
    passphrase: str = "",
    meaning: Meaning | str | None = None,
    now: dt.datetime | None = None,
    also: Sequence[str] = (),
    crosswalk_files: Sequence[Path] = (),
) -> PacketResult:
    """Write the packet of the store's current state, optionally signed by ``sign_with``.

    ``also`` names other frameworks whose coverage through a crosswalk (the shipped one, or
    one of ``crosswalk_files``) gets its own section; nothing is written when one cannot be read.

    Signing with meaning 'approved' is refused with ApprovalBlocked while the checks report
    blockers; a signature is recorded in the store as a sign-off of the state it signed.
    """
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    identity: Identity | None = None
    chosen: Meaning | None = None
    if sign_with is not None:
        if meaning is None:
            raise InputError(
                "a signature needs its meaning (authored, reviewed or approved)", about="meaning"
            )
        chosen = _meaning(meaning)
        identity = _signer(sign_with, passphrase, chosen)
    elif meaning is not None:
        raise InputError("a meaning is given but no identity to sign with", about="sign")
    doc = ws.document
    # One look at the stored bytes serves both the checks and the packet's evidence index.
    blob_status = checking.blob_status(ws)
    report = run_checks(doc, today=moment.date(), blob_status=blob_status)
    if chosen == Meaning.approved and report.blocking:
        raise ApprovalBlocked(_blockers(report))
    coverage = []
    if also:
        if public:
            raise InputError(
                "the coverage of other frameworks goes in the internal packet, not the public "
                "summary"
            )
        matrix = requirement_status(doc, report, blob_status=blob_status)
        coverage = checking.other_coverage(doc, matrix, also, crosswalk_files)
    packet_id = new_packet_id(moment)
    pdf, manifest = build_packet_with_manifest(
        doc,
        report,
        packet_id=packet_id,
        generated_at=moment,
        audit_head=ws.store.audit_head(),
        blob_status=blob_status,
        public=public,
        also=coverage,
    )
    signature = None
    field = ""
    if identity is not None and chosen is not None:
        field = next_field_name(pdf, chosen)
        pdf = sign_pdf(pdf, identity, chosen)
    atomic_write_bytes(Path(out), pdf)
    if identity is not None and chosen is not None:
        signer, meaning_chosen, state_hash = identity, chosen, manifest.state_hash
        signoff = call(
            ws,
            lambda w: record_signoff(
                w,
                signer,
                meaning_chosen,
                state_hash=state_hash,
                packet_id=packet_id,
                signed_at=moment,
            ),
        )
        signature = SignatureRecord(identity, chosen, field, signoff)
    return PacketResult(Path(out), packet_id, manifest, signature)


def _claims(pdf: bytes, path: Path) -> PacketClaims:
    claims = read_manifest(pdf, source=str(path))
    if claims is None:
        raise InputError(f"{path} is not a workbench packet (it has no embedded manifest.json)")
    return claims


def _manifest_blockers(claims: PacketClaims) -> list[Finding]:
    return [
        Finding(
            rule=b.get("rule", "?"),
            severity=Severity.blocker,
            subject=b.get("subject", ""),
            message="blocking finding recorded in the packet's manifest",
        )
        for b in claims.blocking
    ]


def sign_packet(
    packet: Path,
    identity_path: Path,
    passphrase: str,
    meaning: Meaning | str,
    *,
    out: Path | None = None,
    store: Path | None = None,
    now: dt.datetime | None = None,
) -> SignatureRecord:
    """Countersign a packet as a new incremental revision (earlier signatures stay valid).

    With ``store``, the packet must be of the store's current state, approval is judged by the
    store's current checks and the sign-off is recorded there; without it, approval is refused
    when the packet's manifest lists blocking findings.
    """
    packet = Path(packet)
    chosen = _meaning(meaning)
    pdf = read_input_bytes(packet, "packet")
    claims = _claims(pdf, packet)
    identity = _signer(identity_path, passphrase, chosen)
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    target = Path(out) if out is not None else packet
    field = next_field_name(pdf, chosen)
    if store is None:
        if chosen == Meaning.approved and claims.blocking:
            raise ApprovalBlocked(_manifest_blockers(claims))
        atomic_write_bytes(target, sign_pdf(pdf, identity, chosen))
        return SignatureRecord(identity, chosen, field, None)
    with Workspace.open(Path(store)) as ws:
        state = ws.document.state_hash()
        if ws.document.pinned_format(claims.state_hash) is None:
            raise InputError(
                f"{packet} was written for state {claims.state_hash[:16]}… but the store is now "
                f"at {state[:16]}…; write a new packet and sign that"
            )
        if chosen == Meaning.approved:
            report = checking.check(ws, on=moment.date())
            if report.blocking:
                raise ApprovalBlocked(_blockers(report))
        atomic_write_bytes(target, sign_pdf(pdf, identity, chosen))
        signoff = call(
            ws,
            lambda w: record_signoff(
                w,
                identity,
                chosen,
                state_hash=claims.state_hash,
                packet_id=claims.packet_id,
                signed_at=moment,
            ),
        )
    return SignatureRecord(identity, chosen, field, signoff)


def expected_state(ws: Workspace) -> ExpectedState:
    """The store's state hash and the hashes of its evidence whose bytes are intact."""
    doc = ws.document
    status = checking.blob_status(ws)
    return ExpectedState(
        state_hash=doc.state_hash(),
        earlier_hashes={f: doc.state_hash(f) for f in STATE_HASH_FORMATS if f != STATE_HASH_FORMAT},
        evidence={
            e.id: e.sha256
            for e in doc.evidence
            if status.get(e.id, BlobStatus.present) != BlobStatus.corrupt
        },
    )


def verify_packet(
    packet: Path, *, trust: Sequence[Path] = (), store: Path | None = None
) -> VerificationReport:
    """Check a packet's signatures against the ``trust`` certificates, and with ``store``
    whether it still matches the store's state and evidence."""
    pdf = read_input_bytes(Path(packet), "packet")
    roots = load_certificates(trust)
    expected = None
    if store is not None:
        with Workspace.open(Path(store)) as ws:
            expected = expected_state(ws)
    return verify_pdf(pdf, trust_roots=roots, expected=expected, source=str(packet))
