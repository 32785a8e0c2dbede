"""Verify a packet: every signature (intact, trusted, coverage, meaning) and its embedded manifest.

Trust is explicit: only the certificates passed as trust roots are trusted (a self-signed
identity is trusted only when its own certificate is passed). Nothing is fetched from the
network. The manifest must be the same in the final document and in every signed revision,
so a manifest swapped in after signing is caught.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from cryptography import x509
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from workbench.domain import InputError, Meaning
from workbench.runtime.inputs import check_json_limits
from workbench.signing.identity import certificate_sha256, common_name, role_of
from workbench.signing.pdfsign import FIELD_PREFIX, asn1_certificate, open_pdf

# pyHanko logs each failed trust path with a traceback; the report says it in one line.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko_certvalidator").addHandler(logging.NullHandler())

MANIFEST_NAME = "manifest.json"
#: Meanings a signature may record (its /Reason, or the suffix of its field name).
MEANINGS = frozenset(m.value for m in Meaning)


class PacketClaims(BaseModel):
    """The fields of the embedded manifest that verification relies on."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    packet_id: str
    state_hash: str
    #: How ``state_hash`` was computed (``STATE_HASH_FORMATS``); packets written before the
    #: format was recorded carry format 1.
    state_hash_format: int = 1
    evidence: dict[str, str]
    public: bool = False
    findings: dict[str, int] = Field(default_factory=dict)
    blocking: list[dict[str, str]] = Field(default_factory=list)


@dataclass(frozen=True)
class ExpectedState:
    """What the store says now: its state hash and evidence id -> SHA-256."""

    state_hash: str
    evidence: Mapping[str, str]
    #: The same state's hash under each earlier state-hash format, by format: a packet
    #: written with one of them still matches, and is reported as such.
    earlier_hashes: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    role: str | None
    meaning: str | None
    signed_at: dt.datetime | None
    intact: bool
    """The signed bytes are unchanged, and later revisions only added signatures."""
    trusted: bool
    covers_whole_document: bool
    revision: int
    """The revision (1 = the first) whose end the signature covers."""
    revisions: int
    certificate_sha256: str = ""
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "signer": self.signer,
            "role": self.role,
            "meaning": self.meaning,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "covers_whole_document": self.covers_whole_document,
        }


@dataclass(frozen=True)
class ManifestCheck:
    claims: PacketClaims | None
    consistent: bool
    """Present, readable, and identical in the final document and every signed revision."""
    matches_store: bool | None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.claims is not None and self.consistent and self.matches_store is not False

    def to_json(self) -> dict[str, Any]:
        return {
            "state_hash": self.claims.state_hash if self.claims else None,
            "evidence": len(self.claims.evidence) if self.claims else 0,
            "matches_store": self.matches_store,
        }


@dataclass(frozen=True)
class VerificationReport:
    signatures: tuple[SignatureCheck, ...]
    manifest: ManifestCheck
    revisions: int
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """At least one signature, all intact and trusted, and the manifest matches."""
        return (
            bool(self.signatures)
            and all(s.intact and s.trusted for s in self.signatures)
            and self.manifest.ok
        )

    def to_json(self) -> dict[str, Any]:
        """The ``verify --format json`` document of SPEC §5."""
        return {
            "valid": self.valid,
            "signatures": [s.to_json() for s in self.signatures],
            "manifest": self.manifest.to_json(),
        }


# ---------------------------------------------------------------------------------------------
# Manifest


def read_embedded_file(reader: PdfFileReader, name: str) -> bytes | None:
    """The bytes of a document-level embedded file (flat name tree), or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return None
    for index in range(0, len(names) - 1, 2):
        key = names[index]
        label = key.original_bytes.decode("latin-1") if hasattr(key, "original_bytes") else key
        if str(label) != name:
            continue
        spec = names[index + 1].get_object()
        try:
            stream = spec["/EF"]["/F"].get_object()
        except KeyError:
            return None
        if isinstance(stream, generic.StreamObject):
            return bytes(stream.data)
    return None


def parse_claims(data: bytes) -> PacketClaims:
    check_json_limits(data, f"the packet's {MANIFEST_NAME}")
    try:
        return PacketClaims.model_validate(json.loads(data))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise InputError(f"the packet's {MANIFEST_NAME} is not a valid manifest: {exc}") from None


def read_manifest(pdf: bytes, *, source: str = "the packet") -> PacketClaims | None:
    """The manifest embedded in the final revision of a packet, None when it has none."""
    data = read_embedded_file(open_pdf(pdf, source), MANIFEST_NAME)
    return None if data is None else parse_claims(data)


def _signed_prefix(pdf: bytes, signature: EmbeddedPdfSignature) -> bytes:
    _, _, start, length = (int(x) for x in signature.byte_range)
    return pdf[: start + length]


def _check_manifest(
    pdf: bytes,
    reader: PdfFileReader,
    signatures: Sequence[EmbeddedPdfSignature],
    expected: ExpectedState | None,
) -> ManifestCheck:
    final = read_embedded_file(reader, MANIFEST_NAME)
    if final is None:
        return ManifestCheck(None, False, None, (f"the packet has no embedded {MANIFEST_NAME}",))
    try:
        claims = parse_claims(final)
    except InputError as exc:
        return ManifestCheck(None, False, None, (str(exc),))
    problems: list[str] = []
    consistent = True
    for signature in signatures:
        try:
            signed = read_embedded_file(
                PdfFileReader(BytesIO(_signed_prefix(pdf, signature)), strict=False),
                MANIFEST_NAME,
            )
        except (PdfError, ValueError, KeyError):
            signed = None
        if signed != final:
            consistent = False
            problems.append(
                f"the manifest differs from the one signed by {signature.field_name}"
                if signed is not None
                else f"{signature.field_name} was signed without this manifest"
            )
    matches: bool | None = None
    if expected is not None:
        matches = True
        earlier = {h: f for f, h in expected.earlier_hashes.items()}
        if claims.state_hash != expected.state_hash and claims.state_hash not in earlier:
            matches = False
            problems.append(
                f"the store's state is {expected.state_hash[:16]}…, the packet was written "
                f"for {claims.state_hash[:16]}… (state-hash format {claims.state_hash_format})"
            )
        if dict(claims.evidence) != dict(expected.evidence):
            matches = False
            changed = sorted(
                set(claims.evidence.items()).symmetric_difference(expected.evidence.items())
            )
            ids = sorted({eid for eid, _ in changed})
            problems.append(
                f"evidence differs from the store for {', '.join(ids[:5])}"
                + (" …" if len(ids) > 5 else "")
            )
    return ManifestCheck(claims, consistent, matches, tuple(problems))


# ---------------------------------------------------------------------------------------------
# Signatures


def _name_parts(certificate: x509.Certificate) -> tuple[str, str | None]:
    role = role_of(certificate)
    return common_name(certificate.subject), role.value if role else None


def _meaning(signature: EmbeddedPdfSignature) -> str | None:
    reason = signature.sig_object.get("/Reason")
    if reason is not None and str(reason) in MEANINGS:
        return str(reason)
    name = signature.field_name or ""
    if name.startswith(FIELD_PREFIX) and "-" in name:
        suffix = name.rsplit("-", 1)[1]
        if suffix in MEANINGS:
            return suffix
    return None


def _check_signature(
    signature: EmbeddedPdfSignature,
    roots: Sequence[x509.Certificate],
    revisions: int,
) -> SignatureCheck:
    problems: list[str] = []
    try:
        cert = x509.load_der_x509_certificate(signature.signer_cert.dump())
        signer, role = _name_parts(cert)
        fingerprint = certificate_sha256(cert)
    except (ValueError, KeyError):
        signer, role, fingerprint = "unknown", None, ""
    context = ValidationContext(
        trust_roots=[asn1_certificate(c) for c in roots], allow_fetching=False
    )
    status: PdfSignatureStatus | None
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except (ValueError, PdfError) as exc:  # a signature too damaged to evaluate
        status = None
        problems.append(f"cannot evaluate the signature: {exc}")
    revision = signature.signed_revision + 1
    if status is None:
        return SignatureCheck(
            signature.field_name or "?",
            signer,
            role,
            _meaning(signature),
            signature.self_reported_timestamp,
            False,
            False,
            False,
            revision,
            revisions,
            fingerprint,
            tuple(problems),
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    later_ok = whole or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.FORM_FILLING
        and status.docmdp_ok is not False
    )
    intact = bool(status.intact and status.valid)
    if not intact:
        problems.append("the signed bytes were changed after signing (digest mismatch)")
    if intact and not later_ok:
        problems.append("a later revision changed the signed content")
    if intact and not status.trusted:
        problems.append(
            "the signer's certificate does not chain to a given trust root"
            if roots
            else "no trust root was given (--trust CA.pem)"
        )
    return SignatureCheck(
        signature.field_name or "?",
        signer,
        role,
        _meaning(signature),
        status.signer_reported_dt or signature.self_reported_timestamp,
        intact and later_ok,
        bool(status.trusted),
        whole,
        revision,
        revisions,
        fingerprint,
        tuple(problems),
    )


def verify_pdf(
    pdf: bytes,
    *,
    trust_roots: Sequence[x509.Certificate],
    expected: ExpectedState | None = None,
    source: str = "the packet",
) -> VerificationReport:
    """Check every signature of a packet against ``trust_roots`` and its embedded manifest.

    ``expected`` (from the store) adds whether the packet still matches the store's state hash
    and evidence hashes; without it ``matches_store`` is None. ``source`` names the file in
    error messages.
    """
    reader = open_pdf(pdf, source)
    try:
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read the packet's signatures: {exc}") from None
    revisions = reader.xrefs.total_revisions
    checks = tuple(_check_signature(s, trust_roots, revisions) for s in signatures)
    manifest = _check_manifest(pdf, reader, signatures, expected)
    problems = () if signatures else ("the packet carries no signature",)
    return VerificationReport(checks, manifest, revisions, problems)
