"""Certificate validation for signing and verifying: trust roots, CRLs, revocation, PAdES level.

Signing refuses an identity that could not make a trusted signature (expired, not yet
valid, without the key usages of a signer, revoked in a CRL the signer holds, or outside
the configured trust roots) and builds the validation data a PAdES B-LT signature embeds
(the chain and the signer's latest CRL). Verifying says why a signer is not trusted
(expired, revoked, unknown CA, self-signed) and whether a revocation came before or after
the signature, and names the PAdES level a signature reaches. Nothing is fetched from the
network; the only connection ever made is to a timestamp authority the user names.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext

from workbench.domain import InputError, PermissionDenied
from workbench.runtime.inputs import read_input_bytes
from workbench.signing.identity import Identity, certificate_sha256, common_name
from workbench.signing.revocation import Revocation, entries, issued_by, parse_crl

#: The PAdES baseline levels (ETSI EN 319 142-1), lowest first.
PADES_LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
#: Seconds a timestamp authority may take to answer.
TSA_TIMEOUT = 20


def _when(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


# ------------------------------------------------------------------------------------- CRLs
def load_crls(paths: Iterable[Path]) -> list[x509.CertificateRevocationList]:
    """CRLs from PEM or DER files (``--crl``)."""
    result = []
    for path in paths:
        path = Path(path)
        result.append(parse_crl(read_input_bytes(path, "CRL file"), str(path)))
    return result


def require_issued_by_roots(
    crls: Sequence[x509.CertificateRevocationList], roots: Sequence[x509.Certificate], what: str
) -> None:
    """Refuse a CRL that none of ``roots`` signed: it could say anything."""
    for crl in crls:
        if not any(issued_by(crl, root) for root in roots):
            raise InputError(
                f"the CRL of {crl.issuer.rfc4514_string()} is not signed by {what}; "
                "give the CA certificate that issued it"
            )


def revocation_in(
    certificate: x509.Certificate,
    issuer: x509.Certificate,
    crls: Iterable[x509.CertificateRevocationList],
) -> tuple[bool, Revocation | None]:
    """Whether a CRL signed by ``issuer`` was available, and the certificate's entry in one."""
    checked = False
    for crl in crls:
        if not issued_by(crl, issuer):
            continue
        checked = True
        for entry in entries(crl):
            if entry.serial == certificate.serial_number:
                return True, entry
    return checked, None


# ------------------------------------------------------------------------------ trust paths
def _directly_issued(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    if certificate.issuer != issuer.subject:
        return False
    try:
        certificate.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def self_signed(certificate: x509.Certificate) -> bool:
    return _directly_issued(certificate, certificate)


def trust_path(
    certificate: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    roots: Sequence[x509.Certificate],
) -> list[x509.Certificate] | None:
    """The certificates from ``certificate`` up to a trust root (both ends included), or None.

    A trust root is trusted as itself: a self-signed certificate passed as a root is its own path.
    """
    fingerprints = {certificate_sha256(r) for r in roots}
    path = [certificate]
    for _ in range(8):
        current = path[-1]
        if certificate_sha256(current) in fingerprints:
            return path
        issuer = next((r for r in roots if _directly_issued(current, r)), None)
        if issuer is not None:
            return [*path, issuer]
        step = next(
            (c for c in intermediates if c not in path and _directly_issued(current, c)), None
        )
        if step is None:
            return None
        path.append(step)
    return None


def _expiry_problem(certificate: x509.Certificate, at: dt.datetime) -> str | None:
    name = common_name(certificate.subject)
    if at < certificate.not_valid_before_utc:
        return (
            f"the certificate of {name} is not valid until "
            f"{_when(certificate.not_valid_before_utc)}"
        )
    if at > certificate.not_valid_after_utc:
        return f"the certificate of {name} expired on {_when(certificate.not_valid_after_utc)}"
    return None


def _usage_problem(certificate: x509.Certificate) -> str | None:
    name = common_name(certificate.subject)
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return f"the certificate of {name} records no key usage, so it is not a signing certificate"
    if not (usage.digital_signature and usage.content_commitment):
        return (
            f"the certificate of {name} may not sign documents: its key usage lacks "
            "digitalSignature and nonRepudiation"
        )
    return None


def _untrusted_problem(
    certificate: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    roots: Sequence[x509.Certificate],
) -> str | None:
    name = common_name(certificate.subject)
    if trust_path(certificate, intermediates, roots) is not None:
        return None
    if self_signed(certificate):
        return f"the certificate of {name} is self-signed and is not one of the trust roots"
    return (
        f"the certificate of {name} was issued by {common_name(certificate.issuer)}, "
        "which is not a trusted CA"
    )


# --------------------------------------------------------------------------------- signing
def check_signer(
    identity: Identity,
    path: Path,
    *,
    now: dt.datetime,
    trust_roots: Sequence[x509.Certificate] = (),
    crls: Sequence[x509.CertificateRevocationList] = (),
) -> None:
    """Refuse, with the real reason, an identity whose signature would not be trusted.

    The certificate must be valid ``now`` and carry the signer's key usages; with
    ``trust_roots`` it must chain to one of them, and with ``crls`` it must not be revoked.
    """
    certificate = identity.certificate
    for problem in (_expiry_problem(certificate, now), _usage_problem(certificate)):
        if problem is not None:
            raise PermissionDenied(f"{path}: {problem}; it cannot sign")
    if trust_roots:
        problem = _untrusted_problem(certificate, identity.chain, trust_roots)
        if problem is not None:
            raise PermissionDenied(f"{path}: {problem}; it cannot sign")
        require_issued_by_roots(crls, trust_roots, "a trust root")
    chain = trust_path(certificate, identity.chain, [*trust_roots, *identity.chain]) or []
    for holder, issuer in itertools.pairwise(chain):
        problem = _expiry_problem(issuer, now)
        if problem is not None:
            raise PermissionDenied(f"{path}: {problem}; it cannot sign")
        _, revoked = revocation_in(holder, issuer, crls)
        if revoked is not None:
            raise PermissionDenied(
                f"{path}: the certificate of {common_name(holder.subject)} was revoked on "
                f"{_when(revoked.at)} ({revoked.reason_text}); it cannot sign"
            )


def _asn1(certificate: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def signing_context(
    identity: Identity,
    *,
    trust_roots: Sequence[x509.Certificate] = (),
    crls: Sequence[x509.CertificateRevocationList] = (),
) -> ValidationContext:
    """What pyHanko embeds as the signature's validation data (DSS): the chain to the
    identity's CA and the CRLs given; never fetched."""
    roots = [*trust_roots, *(c for c in identity.chain if self_signed(c))]
    if self_signed(identity.certificate):
        roots.append(identity.certificate)
    return ValidationContext(
        trust_roots=[_asn1(c) for c in roots],
        other_certs=[_asn1(c) for c in identity.chain],
        crls=[
            asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER)) for c in crls
        ],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def timestamper(url: str) -> HTTPTimeStamper:
    """An RFC 3161 client for the timestamp authority at ``url`` (http or https)."""
    if not url.startswith(("http://", "https://")):
        raise InputError(f"the timestamp authority {url!r} is not an http:// or https:// URL")
    return HTTPTimeStamper(url, timeout=TSA_TIMEOUT)


# ------------------------------------------------------------------------------- verifying
@dataclass(frozen=True)
class RevocationState:
    """What the CRLs at hand say about a signer's certificate, judged at its signing time.

    A revocation voids a signature unless a trusted timestamp proves the signature existed
    before it: the time a signature claims comes from the signer's own clock, which a
    signer whose certificate was revoked could set back (the AdES "revoked, no proof of
    existence" rule).
    """

    checked: bool
    """A CRL of the certificate's issuer, signed by it, was available."""
    revocation: Revocation | None = None
    claimed_at: dt.datetime | None = None
    """The signing time the signature reports (the signer's clock)."""
    proven_at: dt.datetime | None = None
    """The earliest trusted timestamp over the signature's revision."""

    @property
    def made_while_valid(self) -> bool:
        return (
            self.revocation is not None
            and self.proven_at is not None
            and self.proven_at < self.revocation.at
        )

    @property
    def before_signing(self) -> bool:
        """Revoked before the signature, as far as anything shows (not even its claim is
        earlier)."""
        if self.revocation is None or self.made_while_valid:
            return False
        return self.claimed_at is None or self.claimed_at >= self.revocation.at

    @property
    def trusted(self) -> bool:
        """No revocation, or one a timestamp proves came after the signature."""
        return self.revocation is None or self.made_while_valid

    def message(self, signer: str) -> str | None:
        if self.revocation is None:
            return None
        revoked = (
            f"the certificate of {signer} was revoked on {_when(self.revocation.at)} "
            f"({self.revocation.reason_text})"
        )
        if self.made_while_valid and self.proven_at is not None:
            return (
                f"{revoked}, after it signed (a trusted timestamp shows the signature by "
                f"{_when(self.proven_at)}): the signature was made while it was valid"
            )
        if self.before_signing:
            claimed = _when(self.claimed_at) if self.claimed_at else "an unknown time"
            return f"{revoked}, before it signed at {claimed}: not trusted"
        claimed = _when(self.claimed_at) if self.claimed_at else "an unknown time"
        return (
            f"{revoked}; the signature claims {claimed}, before that, but no trusted "
            "timestamp proves it (a timestamp authority at signing would): not trusted"
        )

    def to_json(self) -> dict[str, Any] | None:
        if self.revocation is None:
            return None
        return {
            "revoked_at": self.revocation.at.isoformat(),
            "reason": self.revocation.reason_text,
            "before_signing": self.before_signing,
            "made_while_valid": self.made_while_valid,
        }


def revocation_state(
    certificate: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    roots: Sequence[x509.Certificate],
    crls: Sequence[x509.CertificateRevocationList],
    *,
    claimed_at: dt.datetime | None,
    proven_at: dt.datetime | None,
) -> RevocationState:
    """The revocation of ``certificate`` (or a CA above it) in ``crls``, against its signing time.

    Only CRLs signed by the issuer on the certificate's path to a trust root count.
    """
    path = trust_path(certificate, intermediates, roots)
    if path is None or len(path) < 2:
        return RevocationState(False, claimed_at=claimed_at, proven_at=proven_at)
    checked = False
    for holder, issuer in itertools.pairwise(path):
        seen, revoked = revocation_in(holder, issuer, crls)
        checked = checked or seen
        if revoked is not None:
            return RevocationState(True, revoked, claimed_at, proven_at)
    return RevocationState(checked, claimed_at=claimed_at, proven_at=proven_at)


def untrusted_reason(
    certificate: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    roots: Sequence[x509.Certificate],
    *,
    at: dt.datetime,
) -> str:
    """Why pyHanko did not trust a signer: the first of no roots, unknown CA, self-signed,
    expired, not yet valid, key usage."""
    if not roots:
        return "no trust root was given (--trust CA.pem)"
    problem = _untrusted_problem(certificate, intermediates, roots)
    if problem is not None:
        return problem
    path = trust_path(certificate, intermediates, roots) or [certificate]
    for holder in path:
        problem = _expiry_problem(holder, at)
        if problem is not None:
            return problem
    return _usage_problem(certificate) or (
        f"the certificate of {common_name(certificate.subject)} is not valid for signing"
    )


def pades_level(
    *,
    pades: bool,
    signature_timestamp: bool,
    validation_data: bool,
    archive_timestamp: bool,
) -> str | None:
    """The PAdES baseline level a signature reaches (None: not a PAdES signature).

    B-T needs a signature timestamp, B-LT also the validation data (the chain and
    revocation data in the DSS), B-LTA also a document timestamp after them.
    """
    if not pades:
        return None
    if not signature_timestamp:
        return "B-B"
    if not validation_data:
        return "B-T"
    return "B-LTA" if archive_timestamp else "B-LT"


# ------------------------------------------------------------------ one signature, long term
@dataclass(frozen=True)
class LongTermCheck:
    """What a signature's validation data says: revocation, untrust reason, PAdES level."""

    revocation: RevocationState
    pades_level: str | None
    trusted: bool
    """pyHanko's trust, less a revocation that voids the signature."""
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentTimestamp:
    """An intact, trusted document timestamp: the revision it covers (0-based, as pyHanko
    counts), and whether the document's DSS held validation data by then."""

    revision: int
    over_validation_data: bool
    at: dt.datetime


@dataclass(frozen=True)
class ProofOfExistence:
    """A trusted timestamp showing that revision ``revision`` (0-based), and so every
    signature it contains, existed at ``at``."""

    revision: int
    at: dt.datetime


def signature_timestamp_proof(signature: Any, status: Any) -> ProofOfExistence | None:
    """The proof a signature's own intact, trusted timestamp gives, if it has one."""
    timestamp = getattr(status, "timestamp_validity", None)
    if timestamp is None or not (timestamp.intact and timestamp.valid and timestamp.trusted):
        return None
    return ProofOfExistence(signature.signed_revision, timestamp.timestamp)


def _certificate(asn1_certificate: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(asn1_certificate.dump())


def dss_crls(reader: Any) -> list[x509.CertificateRevocationList]:
    """The CRLs in a document's security store (DSS); unreadable entries are skipped."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except (NoDSSFoundError, KeyError, ValueError, TypeError):
        return []
    result = []
    for ref in dss.crls:
        try:
            result.append(x509.load_der_x509_crl(ref.get_object().data))
        except (ValueError, TypeError, AttributeError):
            continue
    return result


def assess_signature(
    signature: Any,
    status: Any,
    *,
    roots: Sequence[x509.Certificate],
    crls: Sequence[x509.CertificateRevocationList],
    embedded_crls: Sequence[x509.CertificateRevocationList],
    document_timestamps: Sequence[DocumentTimestamp],
    proofs: Sequence[ProofOfExistence] = (),
    now: dt.datetime,
) -> LongTermCheck:
    """Judge one pyHanko-validated signature (``status``) with the CRLs at hand.

    ``crls`` come from the verifier (``--crl``), ``embedded_crls`` from the document's DSS;
    ``document_timestamps`` are the document's intact, trusted document timestamps;
    ``proofs`` every trusted timestamp of the document: the earliest one over the
    signature's revision proves when it was made.
    """
    certificate = _certificate(signature.signer_cert)
    intermediates = [_certificate(c) for c in signature.other_embedded_certs]
    problems: list[str] = []
    timestamp = status.timestamp_validity
    covering = [p.at for p in proofs if p.revision >= signature.signed_revision]
    if timestamp is not None and not (timestamp.intact and timestamp.valid):
        problems.append("the signature's timestamp does not match the signature")
    elif timestamp is not None and not timestamp.trusted:
        problems.append("the signature's timestamp is not from a trusted timestamp authority")
    state = revocation_state(
        certificate,
        intermediates,
        roots,
        [*crls, *embedded_crls],
        claimed_at=status.signer_reported_dt,
        proven_at=min(covering) if covering else None,
    )
    trusted = bool(status.trusted) and state.trusted
    notes: list[str] = []
    message = state.message(common_name(certificate.subject))
    if message is not None:
        (notes if state.trusted else problems).append(message)
    if not status.trusted and status.intact and status.valid:
        problems.append(untrusted_reason(certificate, intermediates, roots, at=now))
    issuer_crls = [
        crl
        for crl in embedded_crls
        if crl.issuer == certificate.issuer
        and any(issued_by(crl, c) for c in [*roots, *intermediates])
    ]
    later = [t for t in document_timestamps if t.revision > signature.signed_revision]
    level = pades_level(
        pades=str(signature.sig_object.get("/SubFilter", "")) == "/ETSI.CAdES.detached",
        signature_timestamp=timestamp is not None or bool(later),
        validation_data=bool(issuer_crls) or self_signed(certificate),
        archive_timestamp=any(t.over_validation_data for t in later),
    )
    return LongTermCheck(state, level, trusted, tuple(problems), tuple(notes))
