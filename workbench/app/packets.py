"""Packet operations: signing identities, writing packets, signing, countersigning, verifying."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.app import checking, clock
from workbench.app.anchors import chain_state
from workbench.app.changes import ChangeSet, put
from workbench.app.operations import call
from workbench.app.outputs import check_output, write_output
from workbench.app.workspace import Workspace
from workbench.checks import requirement_status, run_checks
from workbench.domain import (
    STATE_HASH_FORMAT,
    STATE_HASH_FORMATS,
    AuditHead,
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
from workbench.report import PacketManifest, build_packet_with_manifest, signature_appearance
from workbench.runtime.fileio import atomic_write_bytes
from workbench.runtime.inputs import read_input_bytes
from workbench.signing import (
    ExpectedState,
    Identity,
    PacketClaims,
    VerificationReport,
    check_meaning,
    common_name,
    create_ca,
    create_identity,
    load_certificates,
    load_identity,
    next_field_name,
    read_manifest,
    require_signer,
    revocation,
    sign_pdf,
    validation,
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


def export_identity_certificate(
    path: Path, out: Path, passphrase: str, *, force: bool = False
) -> Identity:
    """Write the identity's certificate (public, PEM), what verifiers pass as trust roots."""
    check_output(Path(out), force=force, inputs=[Path(path)])
    identity = load_identity(Path(path), passphrase)
    write_output(Path(out), identity.certificate_pem(), force=force, inputs=[Path(path)])
    return identity


# ---------------------------------------------------------------------------------- revocation
def is_identity_file(path: Path) -> bool:
    """A PKCS#12 identity (needs its passphrase to read the certificate) rather than a
    certificate file."""
    return Path(path).suffix.lower() in (".p12", ".pfx")


def _ca(ca_path: Path, passphrase: str) -> Identity:
    ca = load_identity(Path(ca_path), passphrase)
    if not ca.is_ca:
        raise InputError(f"{ca_path} is a signing identity, not a CA; pass the CA's .p12 file")
    return ca


def _record(ca_path: Path) -> bytes | None:
    path = revocation.record_path(Path(ca_path))
    return read_input_bytes(path, "revocation record") if path.exists() else None


def revoke_identity(
    ca_path: Path,
    ca_passphrase: str,
    target: Path,
    *,
    target_passphrase: str = "",
    reason: str = "unspecified",
    now: dt.datetime | None = None,
) -> RevokedCertificate:
    """Record in the CA's revocation record (beside its .p12) that ``target`` is revoked.

    ``target`` is a certificate (PEM/DER, as ``identity export-cert`` writes) or an identity
    file (with its passphrase). Nothing is written when it is refused.
    """
    if reason not in revocation.REASONS:
        raise InputError(
            f"unknown revocation reason {reason!r} (one of: {', '.join(revocation.REASONS)})",
            about="reason",
        )
    ca = _ca(ca_path, ca_passphrase)
    if is_identity_file(target):
        certificate = load_identity(Path(target), target_passphrase).certificate
    else:
        read_input_bytes(Path(target), "certificate file")
        certificates = load_certificates([Path(target)])
        if len(certificates) != 1:
            raise InputError(f"{target} holds {len(certificates)} certificates; give one")
        certificate = certificates[0]
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    path = revocation.record_path(Path(ca_path))
    data, entry = revocation.revoke(
        ca, _record(ca_path), certificate, reason, now=moment, source=str(path)
    )
    atomic_write_bytes(path, data)
    return RevokedCertificate(common_name(certificate.subject), entry, path)


@dataclass(frozen=True)
class RevokedCertificate:
    holder: str
    entry: revocation.Revocation
    record: Path


def write_crl(
    ca_path: Path,
    ca_passphrase: str,
    out: Path,
    *,
    now: dt.datetime | None = None,
    force: bool = False,
) -> int:
    """Write a CRL signed by the CA of every revocation it recorded; the number listed.

    An existing ``out`` is replaced only with ``force`` (never the CA's files)."""
    inputs = [Path(ca_path), revocation.record_path(Path(ca_path))]
    check_output(Path(out), force=force, inputs=inputs)
    ca = _ca(ca_path, ca_passphrase)
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    record = _record(ca_path)
    source = str(revocation.record_path(Path(ca_path)))
    data, kept = revocation.issue_crl(ca, record, now=moment, source=source)
    write_output(Path(out), data, force=force, inputs=inputs)
    atomic_write_bytes(revocation.record_path(Path(ca_path)), kept)
    return len(revocation.read_record(record, ca, source))


@dataclass(frozen=True)
class LongTermOptions:
    """What a signer adds for long-term validation: trust roots the identity must chain to,
    the latest CRLs the signer's machine holds (checked, and embedded with the chain), and a
    timestamp authority (B-T, B-LT; with ``archive`` a document timestamp, B-LTA)."""

    trust: Sequence[Path] = ()
    crls: Sequence[Path] = ()
    tsa: str | None = None
    archive: bool = False


def _sign(
    pdf: bytes,
    identity: Identity,
    meaning: Meaning,
    options: LongTermOptions,
    *,
    state_hash: str,
    signed_at: dt.datetime,
) -> bytes:
    """Fill ``identity``'s field: its appearance shows ``signed_at`` and ``state_hash``."""
    roots = load_certificates(options.trust)
    crls = validation.load_crls(options.crls)
    if options.archive and not options.tsa:
        raise InputError("a document timestamp needs a timestamp authority", about="tsa")
    return sign_pdf(
        pdf,
        identity,
        meaning,
        appearance=signature_appearance,
        state_hash=state_hash,
        signed_at=signed_at,
        validation_context=validation.signing_context(identity, trust_roots=roots, crls=crls),
        timestamper=validation.timestamper(options.tsa) if options.tsa else None,
        archive=options.archive,
    )


# ------------------------------------------------------------------------------------ packets
def new_packet_id(now: dt.datetime) -> str:
    return f"PKT-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _meaning(meaning: Meaning | str) -> Meaning:
    try:
        return Meaning(meaning)
    except ValueError:
        meanings = ", ".join(m.value for m in Meaning)
        raise InputError(f"unknown meaning {meaning!r} (one of: {meanings})") from None


def _signer(
    identity_path: Path,
    passphrase: str,
    meaning: Meaning,
    options: LongTermOptions | None = None,
    now: dt.datetime | None = None,
) -> Identity:
    identity = load_identity(Path(identity_path), passphrase)
    require_signer(identity, Path(identity_path))
    check_meaning(identity, meaning)
    options = options or LongTermOptions()
    validation.check_signer(
        identity,
        Path(identity_path),
        now=(now or clock.utc_now()).astimezone(dt.UTC),
        trust_roots=load_certificates(options.trust),
        crls=validation.load_crls(options.crls),
    )
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
    """Record a signature as a sign-off of the state it signed (one audited change), with
    the store's audit head as it was: a chain later cut back below it no longer holds it."""
    assert identity.role is not None
    seq, head = ws.store.audit_head()
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
        audit_head=AuditHead(seq=seq, hash=head),
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
    long_term: LongTermOptions | None = None,
    force: bool = False,
) -> PacketResult:
    """Write the packet of the store's current state, optionally signed by ``sign_with``.

    ``also`` names other frameworks whose coverage through a crosswalk (the shipped one, or
    one of ``crosswalk_files``) gets its own section; nothing is written when one cannot be read.

    Signing with meaning 'approved' is refused with ApprovalBlocked while the checks report
    blockers; a signature is recorded in the store as a sign-off of the state it signed.
    """
    inputs = [ws.path, *([Path(sign_with)] if sign_with is not None else []), *crosswalk_files]
    check_output(Path(out), force=force, inputs=inputs)
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    identity: Identity | None = None
    chosen: Meaning | None = None
    if sign_with is not None:
        if meaning is None:
            raise InputError(
                "a signature needs its meaning (authored, reviewed or approved)", about="meaning"
            )
        chosen = _meaning(meaning)
        identity = _signer(sign_with, passphrase, chosen, long_term, moment)
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
    # Writing a long packet takes seconds: the field shows, and the sign-off records, the
    # moment of signing (what the signature's own signing time says), not of writing.
    signed_at = (now or clock.utc_now()).astimezone(dt.UTC)
    if identity is not None and chosen is not None:
        field = next_field_name(pdf, chosen)
        pdf = _sign(
            pdf,
            identity,
            chosen,
            long_term or LongTermOptions(),
            state_hash=manifest.state_hash,
            signed_at=signed_at,
        )
    write_output(Path(out), pdf, force=force, inputs=inputs)
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
                signed_at=signed_at,
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
    long_term: LongTermOptions | None = None,
    force: bool = False,
) -> SignatureRecord:
    """Countersign a packet as a new incremental revision (earlier signatures stay valid).

    With ``store``, the packet must be of the store's current state, approval is judged by the
    store's current checks and the sign-off is recorded there; without it, approval is refused
    when the packet's manifest lists blocking findings.
    """
    packet = Path(packet)
    if out is not None:  # without it the packet is signed in place, as asked
        inputs = [packet, Path(identity_path), *([Path(store)] if store is not None else [])]
        check_output(Path(out), force=force, inputs=inputs)
    chosen = _meaning(meaning)
    pdf = read_input_bytes(packet, "packet")
    claims = _claims(pdf, packet)
    moment = (now or clock.utc_now()).astimezone(dt.UTC)
    identity = _signer(identity_path, passphrase, chosen, long_term, moment)
    options = long_term or LongTermOptions()
    target = Path(out) if out is not None else packet
    field = next_field_name(pdf, chosen)

    def signed() -> bytes:
        return _sign(pdf, identity, chosen, options, state_hash=claims.state_hash, signed_at=moment)

    if store is None:
        if chosen == Meaning.approved and claims.blocking:
            raise ApprovalBlocked(_manifest_blockers(claims))
        atomic_write_bytes(target, signed())
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
        atomic_write_bytes(target, signed())
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


def expected_state(ws: Workspace, claims: PacketClaims | None = None) -> ExpectedState:
    """The store's state hash and evidence hashes, to check a packet against; with the
    packet's ``claims``, the bytes of the evidence it names re-hashed and the store's audit
    chain judged against the head it recorded."""
    doc = ws.document
    if claims is None:
        status = checking.blob_status(ws)
    else:
        named = [(e.id, e.sha256) for e in doc.evidence if e.id in claims.evidence]
        status = ws.store.blob_status(named, deep=True)
    seqs = [claims.audit.seq] if claims is not None and claims.audit is not None else []
    return ExpectedState(
        state_hash=doc.state_hash(),
        earlier_hashes={f: doc.state_hash(f) for f in STATE_HASH_FORMATS if f != STATE_HASH_FORMAT},
        evidence={e.id: e.sha256 for e in doc.evidence},
        damaged=frozenset(i for i, s in status.items() if s == BlobStatus.corrupt),
        audit=chain_state(ws, seqs),
    )


def verify_packet(
    packet: Path,
    *,
    trust: Sequence[Path] = (),
    store: Path | None = None,
    crls: Sequence[Path] = (),
) -> VerificationReport:
    """Check a packet's signatures against the ``trust`` certificates, and with ``store``
    whether it still matches the store: its state, its evidence bytes, and an audit chain
    that still holds the head the packet recorded; ``crls`` (signed by a trusted CA) say
    which signers were revoked, and when."""
    pdf = read_input_bytes(Path(packet), "packet")
    roots = load_certificates(trust)
    revocation_lists = validation.load_crls(crls)
    expected = None
    if store is not None:
        try:
            claims = read_manifest(pdf, source=str(packet))
        except InputError:  # not a PDF, or no readable manifest: verify_pdf says which
            claims = None
        with Workspace.open(Path(store)) as ws:
            expected = expected_state(ws, claims)
    return verify_pdf(
        pdf, trust_roots=roots, expected=expected, source=str(packet), crls=revocation_lists
    )
