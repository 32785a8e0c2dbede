"""Offline revocation: the CA's revocation record, the CRLs it issues, and reading CRLs back.

The CA keeps its revocations in a sidecar next to its PKCS#12 file (``ca.p12`` →
``ca.revocations.crl``). The record is itself a CRL signed by the CA's key, so a record
that was edited, or belongs to another CA, is refused when it is read; ``identity crl``
issues a fresh CRL (new dates, next CRL number) from it for verifiers and signers. The
PKCS#12 file holds only the key and certificates: rewriting the CA's only key file on every
revocation would put the key at risk for no gain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization

from workbench.domain import InputError
from workbench.signing.identity import Identity, common_name

#: How long an issued CRL says it is current (its nextUpdate).
CRL_VALID_DAYS = 30

#: Reasons ``identity revoke --reason`` accepts (RFC 5280 CRLReason, without certificate
#: hold: a revocation here is final).
REASONS: dict[str, x509.ReasonFlags] = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key-compromise": x509.ReasonFlags.key_compromise,
    "affiliation-changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation-of-operation": x509.ReasonFlags.cessation_of_operation,
    "privilege-withdrawn": x509.ReasonFlags.privilege_withdrawn,
}


def reason_words(reason: x509.ReasonFlags | None) -> str:
    """``key_compromise`` → "key compromise"; no reason recorded → "unspecified"."""
    return (reason or x509.ReasonFlags.unspecified).name.replace("_", " ")


def record_path(ca_path: Path) -> Path:
    """Where the CA at ``ca_path`` keeps its revocations."""
    ca_path = Path(ca_path)
    return ca_path.with_name(f"{ca_path.stem}.revocations.crl")


@dataclass(frozen=True)
class Revocation:
    """One certificate the CA has revoked, as a CRL records it."""

    serial: int
    at: dt.datetime
    reason: x509.ReasonFlags | None

    @property
    def reason_text(self) -> str:
        return reason_words(self.reason)


def entries(crl: x509.CertificateRevocationList) -> list[Revocation]:
    result = []
    for revoked in crl:
        try:
            reason: x509.ReasonFlags | None = revoked.extensions.get_extension_for_class(
                x509.CRLReason
            ).value.reason
        except x509.ExtensionNotFound:
            reason = None
        result.append(Revocation(revoked.serial_number, revoked.revocation_date_utc, reason))
    return result


def parse_crl(data: bytes, source: str) -> x509.CertificateRevocationList:
    """A CRL from PEM or DER bytes; anything else is an InputError naming ``source``."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise InputError(f"{source} is not a certificate revocation list (PEM or DER)") from None


def issued_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    """The CRL names ``issuer`` and carries a valid signature by its key."""
    if crl.issuer != issuer.subject:
        return False
    try:
        return bool(crl.is_signature_valid(issuer.public_key()))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def read_record(data: bytes | None, ca: Identity, source: str) -> list[Revocation]:
    """The revocations a CA's record holds (none when it has no record yet)."""
    if data is None:
        return []
    crl = parse_crl(data, source)
    if not issued_by(crl, ca.certificate):
        raise InputError(
            f"{source} is not a revocation record signed by {ca.name}'s CA key; "
            "it was changed or belongs to another CA"
        )
    return entries(crl)


def _require_ca(ca: Identity) -> None:
    if not ca.is_ca:
        raise InputError(f"{ca.name} is a signing identity, not a CA; pass the CA's .p12 file")


def _next_number(previous: int, now: dt.datetime) -> int:
    """CRL numbers only grow (RFC 5280): the time in seconds, or one more than the last."""
    return max(previous + 1, int(now.timestamp()))


def build_crl(
    ca: Identity,
    revocations: Iterable[Revocation],
    *,
    now: dt.datetime,
    number: int = 1,
) -> x509.CertificateRevocationList:
    """A CRL signed by ``ca`` listing ``revocations``, current from ``now`` for 30 days."""
    _require_ca(ca)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now)
        .next_update(now + dt.timedelta(days=CRL_VALID_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.private_key.public_key()),
            critical=False,
        )
    )
    for revocation in revocations:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(revocation.serial)
            .revocation_date(revocation.at)
        )
        if revocation.reason is not None and revocation.reason != x509.ReasonFlags.unspecified:
            entry = entry.add_extension(x509.CRLReason(revocation.reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(ca.private_key, hashes.SHA256())


def crl_number(crl: x509.CertificateRevocationList) -> int:
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return 0


def revoke(
    ca: Identity,
    record: bytes | None,
    certificate: x509.Certificate,
    reason: str,
    *,
    now: dt.datetime,
    source: str,
) -> tuple[bytes, Revocation]:
    """Add ``certificate`` to the CA's revocation record; the new record (DER) and the entry.

    Refused: a certificate this CA did not issue, the CA's own, or one already revoked.
    """
    _require_ca(ca)
    if reason not in REASONS:
        raise InputError(f"unknown revocation reason {reason!r} (one of: {', '.join(REASONS)})")
    if certificate.serial_number == ca.certificate.serial_number:
        raise InputError("a CA cannot revoke its own certificate; make a new CA instead")
    if certificate.issuer != ca.certificate.subject or not _signed_by(certificate, ca):
        raise InputError(
            f"the certificate of {common_name(certificate.subject)} was not issued by "
            f"{ca.name}'s CA"
        )
    known = read_record(record, ca, source)
    for entry in known:
        if entry.serial == certificate.serial_number:
            raise InputError(
                f"the certificate of {common_name(certificate.subject)} was already revoked "
                f"on {entry.at:%Y-%m-%d %H:%M} UTC"
            )
    previous = crl_number(parse_crl(record, source)) if record is not None else 0
    added = Revocation(
        certificate.serial_number, now.replace(microsecond=0).astimezone(dt.UTC), REASONS[reason]
    )
    crl = build_crl(ca, [*known, added], now=now, number=_next_number(previous, now))
    return crl.public_bytes(serialization.Encoding.DER), added


def _signed_by(certificate: x509.Certificate, ca: Identity) -> bool:
    try:
        certificate.verify_directly_issued_by(ca.certificate)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def issue_crl(
    ca: Identity, record: bytes | None, *, now: dt.datetime, source: str
) -> tuple[bytes, bytes]:
    """A fresh CRL (DER) of every revocation the CA has recorded, and the record to keep
    after it (the same revocations, carrying the CRL number just used, so the next CRL's
    is higher)."""
    known = read_record(record, ca, source)
    previous = crl_number(parse_crl(record, source)) if record is not None else 0
    crl = build_crl(ca, known, now=now, number=_next_number(previous, now))
    data = crl.public_bytes(serialization.Encoding.DER)
    return data, data
