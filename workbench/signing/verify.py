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
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from cryptography import x509
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DSSCompareRule,
    FormUpdatingRule,
    GenericFieldModificationRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    ReferenceUpdate,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    WhitelistRule,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.commons import safe_whitelist
from pyhanko.sign.diff_analysis.rules_api import Context
from pyhanko.sign.validation import (
    read_certification_data,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from workbench.domain import AuditHead, ChainState, InputError, Meaning
from workbench.domain.wording import plural
from workbench.runtime.inputs import check_json_limits
from workbench.signing.identity import certificate_sha256, common_name, role_of
from workbench.signing.pdfsign import (
    FIELD_PREFIX,
    MANIFEST_NAME,
    asn1_certificate,
    open_pdf,
    read_embedded_file,
)
from workbench.signing.validation import (
    DocumentTimestamp,
    ProofOfExistence,
    RevocationState,
    assess_signature,
    dss_crls,
    require_issued_by_roots,
    signature_timestamp_proof,
)

# pyHanko logs each failed trust path with a traceback; the report says it in one line.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko_certvalidator").addHandler(logging.NullHandler())

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
    #: The store's audit head when the packet was written; None in packets written before.
    audit: AuditHead | None = None


@dataclass(frozen=True)
class ExpectedState:
    """What the store says now: its state hash and evidence id -> SHA-256."""

    state_hash: str
    evidence: Mapping[str, str]
    #: The same state's hash under each earlier state-hash format, by format: a packet
    #: written with one of them still matches, and is reported as such.
    earlier_hashes: Mapping[int, str] = field(default_factory=dict)
    #: Evidence whose stored bytes no longer hash to the SHA-256 recorded for them.
    damaged: frozenset[str] = frozenset()
    #: The store's audit chain, to judge the packet's recorded head by (None: not checked).
    audit: ChainState | None = None


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
    certified: bool = False
    """The certification (DocMDP) signature: the first, limiting later changes to signing."""
    # Long-term validation (validation.py): revocation against the signing time, PAdES level.
    revocation: RevocationState | None = None
    pades_level: str | None = None
    notes: tuple[str, ...] = ()
    """What the verifier should know that does not void the signature (revoked after it signed)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "certified": self.certified,
            "signer": self.signer,
            "role": self.role,
            "meaning": self.meaning,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "covers_whole_document": self.covers_whole_document,
            "revoked": self.revocation.to_json() if self.revocation else None,
            "revocation_checked": bool(self.revocation and self.revocation.checked),
            "pades_level": self.pades_level,
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
    """What fails the packet besides its signatures and manifest: a revision that is not a
    signature, bytes after the last %%EOF, a file that cannot be read."""
    revision_checks: tuple[RevisionCheck, ...] = ()
    timestamps_intact: bool = True
    """Every document timestamp matches the revision it covers."""

    @property
    def valid(self) -> bool:
        """At least one signature, all intact and trusted, every later revision a signature,
        nothing appended, no document timestamp changed, and the manifest matches."""
        return (
            bool(self.signatures)
            and all(s.intact and s.trusted for s in self.signatures)
            and self.manifest.ok
            and not self.problems
            and self.timestamps_intact
        )

    def to_json(self) -> dict[str, Any]:
        """The ``verify --format json`` document of SPEC §5."""
        return {
            "valid": self.valid,
            "signatures": [s.to_json() for s in self.signatures],
            "revisions": [r.to_json() for r in self.revision_checks],
            "problems": list(self.problems),
            "manifest": self.manifest.to_json(),
        }


# ---------------------------------------------------------------------------------------------
# Manifest


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
        anchoring = _store_integrity_problems(claims, expected)
        if anchoring:
            matches = False
            problems.extend(anchoring)
    return ManifestCheck(claims, consistent, matches, tuple(problems))


# --- store integrity (issue 15 item 5): evidence bytes re-hashed, the audit head anchored ---
def _store_integrity_problems(claims: PacketClaims, expected: ExpectedState) -> list[str]:
    """What is wrong with the store the packet is checked against, beyond state and hashes:
    evidence bytes changed in place, and an audit chain that no longer holds the head the
    packet recorded (cut back, erased, or rewritten with recomputed hashes)."""
    problems: list[str] = []
    if expected.damaged:
        ids = sorted(expected.damaged)
        problems.append(
            f"the store's bytes of {', '.join(ids[:5])}"
            + (" …" if len(ids) > 5 else "")
            + " no longer hash to the SHA-256 recorded for them (changed in place)"
        )
    chain = expected.audit
    if chain is not None:
        problem = (
            chain.anchor_problem(claims.audit, "the packet")
            if claims.audit is not None
            else None
            if chain.intact
            else f"the store's audit chain is broken: {chain.message}"
        )
        if problem:
            problems.append(problem)
    return problems


# --- end of store integrity ---


# ---------------------------------------------------------------------------------------------
# Revisions: what each incremental update changed, and whether a signed packet allows it

#: /Info entries every PDF writer may restamp when it appends a revision (a signature's).
_RESTAMPED_INFO = frozenset({"/ModDate", "/Producer"})


def printable(text: str) -> str:
    """``text`` with control and bidi-format characters escaped (``\\x1b``, ``\\u202e``)."""
    out = []
    for ch in text:
        if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _info(resolver: HistoricalResolver) -> dict[str, Any]:
    """The /Info entries as of ``resolver``'s revision (read through it, not the latest)."""
    try:
        ref = resolver.trailer_view.get_value_as_reference("/Info", optional=True)
        info = resolver(ref) if ref is not None else None
    except (PdfError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(k): info.raw_get(k) for k in info}


def _info_changes(old: HistoricalResolver, new: HistoricalResolver) -> list[str]:
    """The /Info entries a revision added, changed or removed, but for the restamped ones."""
    before, after = _info(old), _info(new)
    keys = sorted(k for k in set(before) | set(after) if k not in _RESTAMPED_INFO)
    return [k for k in keys if _plain(before.get(k)) != _plain(after.get(k))]


def _plain(value: Any) -> Any:
    if isinstance(value, generic.IndirectObject):
        value = value.get_object()
    return str(value) if value is not None else None


class _RestampedInfoRule(WhitelistRule):
    """Approve an /Info update that only restamps /ModDate and /Producer.

    pyHanko's DocInfoRule approves any /Info change (a new /Title included); a packet allows
    none but the dates and producer each signing tool writes.
    """

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        new_info = new.trailer_view.get_value_as_reference("/Info", optional=True)
        if new_info is None or _info_changes(old, new):
            return
        old_info = old.trailer_view.get_value_as_reference("/Info", optional=True)
        yield from map(
            ReferenceUpdate.curry_ref(
                context_checked=Context.from_absolute(old, RawPdfPath("/Info"))
            ),
            safe_whitelist(old, old_info, new_info),
        )


#: pyHanko's default difference analysis, but an /Info update may only restamp the dates.
PACKET_DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        _RestampedInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
        # pyHanko restamps the XMP metadata with every signature it writes (PDF 2.0 output).
        MetadataUpdateRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(),
            SigFieldModificationRule(),
            GenericFieldModificationRule(),
        ],
    ),
)


@dataclass(frozen=True)
class RevisionCheck:
    """One revision of the file: what it is, what it changed, and whether that is allowed."""

    revision: int
    """1 = the first."""
    kind: str
    """``packet`` (written before any signature), ``signature``, ``timestamp``,
    ``validation data`` or ``other`` (an update that is none of these)."""
    changes: tuple[str, ...]
    modification_level: str | None
    """pyHanko's ModificationLevel of the revision against the one before (None: not judged,
    the revision is signed content or could not be compared)."""
    allowed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "kind": self.kind,
            "changes": list(self.changes),
            "modification_level": self.modification_level,
            "allowed": self.allowed,
        }


def _pages(resolver: HistoricalResolver) -> list[generic.DictionaryObject]:
    pages: list[generic.DictionaryObject] = []

    def walk(node: Any, depth: int) -> None:
        node = node.get_object()
        if depth > 32 or not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.get("/Kids", ()):
                walk(kid, depth + 1)
        else:
            pages.append(node)

    walk(resolver.root.raw_get("/Pages"), 0)
    return pages


def _refs(value: Any) -> tuple[Any, ...]:
    """The references a page entry holds (one, or an array of them)."""
    if value is None:
        return ()
    if isinstance(value, generic.IndirectObject):
        target = value.get_object()
        if isinstance(target, generic.ArrayObject):
            return (value.reference, *_refs(target))
        return (value.reference,)
    if isinstance(value, generic.ArrayObject):
        return tuple(r for item in value for r in _refs(item))
    return ()


def _annotation(value: Any) -> tuple[Any, str]:
    ref = value.reference if isinstance(value, generic.IndirectObject) else None
    target = value.get_object()
    subtype = (
        str(target.get("/Subtype", "?")) if isinstance(target, generic.DictionaryObject) else "?"
    )
    return ref, subtype.lstrip("/")


def _page_changes(old: HistoricalResolver, new: HistoricalResolver, written: set[Any]) -> list[str]:
    changes: list[str] = []
    before, after = _pages(old), _pages(new)
    if len(after) > len(before):
        changes.append(f"{plural(len(after) - len(before), 'page')} added")
    elif len(after) < len(before):
        changes.append(f"{plural(len(before) - len(after), 'page')} removed")
    for number, (was, now) in enumerate(zip(before, after, strict=False), 1):
        contents_now = _refs(now.raw_get("/Contents") if "/Contents" in now else None)
        contents_was = _refs(was.raw_get("/Contents") if "/Contents" in was else None)
        if contents_now != contents_was or written & set(contents_now):
            changes.append(f"the content of page {number} changed")
        if _plain(was.get("/MediaBox")) != _plain(now.get("/MediaBox")):
            changes.append(f"the size of page {number} changed")
        annots_was = [_annotation(a) for a in was.get("/Annots", ())]
        annots_now = [_annotation(a) for a in now.get("/Annots", ())]
        known = {ref for ref, _ in annots_was}
        for ref, subtype in annots_now:
            if ref not in known and subtype != "Widget":
                changes.append(f"a {subtype} annotation added on page {number}")
            elif ref in written and subtype != "Widget":
                changes.append(f"a {subtype} annotation changed on page {number}")
        if len(annots_now) < len(annots_was):
            changes.append(f"an annotation removed from page {number}")
    return changes


def _embedded_manifest(resolver: HistoricalResolver) -> bytes | None:
    try:
        return read_embedded_file(resolver, MANIFEST_NAME)
    except (PdfError, ValueError, KeyError, TypeError):
        return None


def _describe(
    reader: PdfFileReader, revision: int, signed_here: Sequence[EmbeddedPdfSignature]
) -> list[str]:
    """What revision ``revision`` (0-based, > 0) changed against the one before, in words."""
    old = reader.get_historical_resolver(revision - 1)
    new = reader.get_historical_resolver(revision)
    written = set(reader.xrefs.explicit_refs_in_revision(revision))
    changes = [
        f"{'document timestamp' if s.sig_object_type == '/DocTimeStamp' else 'signature'} "
        f"{printable(s.field_name or '?')} filled"
        for s in signed_here
    ]
    changes += _page_changes(old, new, written)
    keys = _info_changes(old, new)
    if keys:
        changes.append(f"the document information changed ({', '.join(keys)})")
    manifest_was, manifest_now = _embedded_manifest(old), _embedded_manifest(new)
    if manifest_was != manifest_now:
        what = "added" if manifest_was is None else "removed" if manifest_now is None else "changed"
        changes.append(f"the embedded {MANIFEST_NAME} {what}")
    for key, words in (("/DSS", "validation data (DSS)"), ("/Metadata", "the XMP metadata")):
        was, now = _catalog_entry(old, key), _catalog_entry(new, key)
        if was is None and now is not None:
            changes.append(f"{words} added")
        elif now != was or (now is not None and now in written):
            changes.append(f"{words} updated")
    added = sorted(_form_fields(new) - _form_fields(old))
    changes += [f"form field {printable(name)} added" for name in added]
    return changes


def _catalog_entry(resolver: HistoricalResolver, key: str) -> Any:
    """The reference (or, for a direct object, the text) of a catalogue entry, None if absent."""
    if key not in resolver.root:
        return None
    value = resolver.root.raw_get(key)
    return value.reference if isinstance(value, generic.IndirectObject) else _plain(value)


def _form_fields(resolver: HistoricalResolver) -> set[str]:
    try:
        found = resolver.root["/AcroForm"]["/Fields"]
    except (KeyError, TypeError):
        return set()
    names = set()
    for item in found:
        target = item.get_object()
        if isinstance(target, generic.DictionaryObject) and "/T" in target:
            names.add(str(target["/T"]))
    return names


def _trailing_bytes(pdf: bytes, reader: PdfFileReader) -> int:
    """How many bytes (other than line ends) follow the last revision's %%EOF."""
    last = reader.xrefs.total_revisions - 1
    startxref = reader.xrefs.get_startxref_for_revision(last)
    end_of_xref = reader.xrefs.get_xref_container_info(last).end_location
    marker = re.compile(rb"startxref\s+%d\s+%%%%EOF" % startxref)
    found = marker.search(pdf, max(0, end_of_xref - 1))
    if found is None:
        return 0
    return len(pdf[found.end() :].strip(b"\r\n\t\f\0 "))


def _check_revisions(
    pdf: bytes, reader: PdfFileReader, signatures: Sequence[EmbeddedPdfSignature]
) -> tuple[tuple[RevisionCheck, ...], tuple[str, ...]]:
    """Each revision judged, and the problems found (a revision not allowed, appended bytes).

    Revisions up to the first signature's are what its signer signed. After it, a revision
    must be a signature filling a field (at most form filling, in pyHanko's terms) or the
    validation data of one (DSS, at most an LTA update); anything else fails the packet.
    """
    by_revision: dict[int, list[EmbeddedPdfSignature]] = {}
    for signature in signatures:
        by_revision.setdefault(signature.signed_revision, []).append(signature)
    first = min(by_revision) if by_revision else None
    certification = read_certification_data(reader)
    docmdp = certification.permission if certification is not None else None
    checks: list[RevisionCheck] = []
    problems: list[str] = []
    for revision in range(reader.xrefs.total_revisions):
        here = by_revision.get(revision, [])
        changes = _describe(reader, revision, here) if revision else ["the packet as written"]
        level: ModificationLevel | None = None
        if first is None or revision <= first:
            kind, allowed = ("signature" if here else "packet"), True
        else:
            try:
                level = PACKET_DIFF_POLICY.apply(
                    old=reader.get_historical_resolver(revision - 1),
                    new=reader.get_historical_resolver(revision),
                    doc_mdp=docmdp,
                ).modification_level
            except SuspiciousModification:
                level = ModificationLevel.OTHER
            if here:
                timestamps = all(s.sig_object_type == "/DocTimeStamp" for s in here)
                kind = "timestamp" if timestamps else "signature"
                allowed = level <= ModificationLevel.FORM_FILLING
            elif any(c.startswith("validation data") for c in changes):
                kind, allowed = "validation data", level <= ModificationLevel.LTA_UPDATES
            else:
                kind, allowed = "other", False
        if not changes:
            changes = ["objects outside any signature changed"]
        if not allowed:
            problems.append(
                f"revision {revision + 1} is "
                + ("not a signature" if kind == "other" else f"a {kind} that also changes more")
                + f": {'; '.join(changes)}"
            )
        checks.append(
            RevisionCheck(
                revision + 1, kind, tuple(changes), level.name if level else None, allowed
            )
        )
    extra = _trailing_bytes(pdf, reader)
    if extra:
        problems.append(f"{plural(extra, 'byte')} appended after the last %%EOF")
    return tuple(checks), tuple(problems)


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


def _validate(
    signature: EmbeddedPdfSignature, context: ValidationContext
) -> PdfSignatureStatus | str:
    """pyHanko's verdict on one signature, or why it cannot be evaluated."""
    try:
        return validate_pdf_signature(
            signature,
            signer_validation_context=context,
            ts_validation_context=context,
            diff_policy=PACKET_DIFF_POLICY,
        )
    except (ValueError, PdfError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return f"cannot evaluate the signature: {printable(str(exc))}"


def _check_signature(
    signature: EmbeddedPdfSignature,
    roots: Sequence[x509.Certificate],
    revisions: int,
    *,
    crls: Sequence[x509.CertificateRevocationList] = (),
    embedded_crls: Sequence[x509.CertificateRevocationList] = (),
    document_timestamps: Sequence[DocumentTimestamp] = (),
    validated: PdfSignatureStatus | str | None = None,
    proofs: Sequence[ProofOfExistence] = (),
) -> SignatureCheck:
    problems: list[str] = []
    try:
        cert = x509.load_der_x509_certificate(signature.signer_cert.dump())
        signer, role = _name_parts(cert)
        signer = printable(signer)
        fingerprint = certificate_sha256(cert)
    except (ValueError, KeyError):
        signer, role, fingerprint = "unknown", None, ""
    context = ValidationContext(
        trust_roots=[asn1_certificate(c) for c in roots], allow_fetching=False
    )
    outcome = validated if validated is not None else _validate(signature, context)
    status = outcome if isinstance(outcome, PdfSignatureStatus) else None
    if isinstance(outcome, str):
        problems.append(outcome)
    certified = signature.docmdp_level is not None and signature.sig_object_type == "/Sig"
    certified = certified and _is_certification(signature)
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
            certified,
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
    long_term = assess_signature(
        signature,
        status,
        roots=roots,
        crls=crls,
        embedded_crls=embedded_crls,
        document_timestamps=document_timestamps,
        proofs=proofs,
        now=dt.datetime.now(dt.UTC),
    )
    if intact:
        problems.extend(long_term.problems)
    return SignatureCheck(
        signature.field_name or "?",
        signer,
        role,
        _meaning(signature),
        status.signer_reported_dt or signature.self_reported_timestamp,
        intact and later_ok,
        long_term.trusted,
        whole,
        revision,
        revisions,
        fingerprint,
        tuple(problems),
        certified,
        long_term.revocation,
        long_term.pades_level,
        long_term.notes,
    )


def _is_certification(signature: EmbeddedPdfSignature) -> bool:
    """Whether the catalogue's /Perms /DocMDP names this signature (a certification)."""
    try:
        perms = signature.reader.root["/Perms"]
        return bool(perms.raw_get("/DocMDP").reference == signature.sig_object.container_ref)
    except (KeyError, AttributeError, TypeError):
        return False


def _check_document_timestamps(
    pdf: bytes, stamps: Sequence[EmbeddedPdfSignature], context: ValidationContext
) -> tuple[list[DocumentTimestamp], list[str]]:
    """The intact, trusted document timestamps, and a problem for each changed one."""
    good: list[DocumentTimestamp] = []
    problems: list[str] = []
    for stamp in stamps:
        revision = stamp.signed_revision + 1
        try:
            status = validate_pdf_timestamp(stamp, validation_context=context)
        except (ValueError, PdfError) as exc:
            problems.append(f"cannot evaluate the document timestamp of revision {revision}: {exc}")
            continue
        if not (status.intact and status.valid):
            problems.append(f"the document timestamp of revision {revision} was changed")
        elif status.trusted:
            try:
                prefix = PdfFileReader(BytesIO(_signed_prefix(pdf, stamp)), strict=False)
                over_data = bool(dss_crls(prefix))
            except (PdfError, ValueError, KeyError):
                over_data = False
            good.append(DocumentTimestamp(stamp.signed_revision, over_data, status.timestamp))
    return good, problems


def verify_pdf(
    pdf: bytes,
    *,
    trust_roots: Sequence[x509.Certificate],
    expected: ExpectedState | None = None,
    source: str = "the packet",
    crls: Sequence[x509.CertificateRevocationList] = (),
) -> VerificationReport:
    """Check every signature of a packet against ``trust_roots`` and its embedded manifest.

    ``expected`` (from the store) adds whether the packet still matches the store's state hash
    and evidence hashes; without it ``matches_store`` is None. ``source`` names the file in
    error messages. ``crls`` (each signed by a trust root) and the CRLs the packet embeds say
    which signers were revoked, and when.
    """
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{source} is not a PDF file")
    require_issued_by_roots(crls, trust_roots, "any trust root given (--trust)")
    try:
        reader = open_pdf(pdf, source)
        embedded = list(reader.embedded_signatures)
        revisions = reader.xrefs.total_revisions
    except _UNREADABLE as exc:
        # A damaged file is a failed verification, not a crash: say so and stop.
        return _unreadable(source, exc)
    # Document timestamps (B-LTA) are not signatures by a person: checked on their own.
    signatures = [s for s in embedded if s.sig_object_type != "/DocTimeStamp"]
    stamps = [s for s in embedded if s.sig_object_type == "/DocTimeStamp"]
    context = ValidationContext(
        trust_roots=[asn1_certificate(c) for c in trust_roots], allow_fetching=False
    )
    try:
        document_timestamps, stamp_problems = _check_document_timestamps(pdf, stamps, context)
        in_document = dss_crls(reader)
        validated = [_validate(s, context) for s in signatures]
        # What proves when a revision existed: trusted document and signature timestamps.
        proofs = [ProofOfExistence(t.revision, t.at) for t in document_timestamps] + [
            proof
            for s, status in zip(signatures, validated, strict=True)
            if (proof := signature_timestamp_proof(s, status)) is not None
        ]
        checks = tuple(
            _check_signature(
                s,
                trust_roots,
                revisions,
                crls=crls,
                embedded_crls=in_document,
                document_timestamps=document_timestamps,
                validated=status,
                proofs=proofs,
            )
            for s, status in zip(signatures, validated, strict=True)
        )
    except _UNREADABLE as exc:
        return _unreadable(source, exc)
    try:
        manifest = _check_manifest(pdf, reader, signatures, expected)
    except _UNREADABLE as exc:
        manifest = ManifestCheck(None, False, None, (f"cannot read the manifest: {exc}",))
    try:
        revision_checks, problems = _check_revisions(pdf, reader, embedded)
    except _UNREADABLE as exc:
        revision_checks = ()
        problems = (printable(f"the revisions cannot be compared (a damaged file?): {exc}"),)
    if not signatures:
        problems = ("the packet carries no signature", *problems)
    return VerificationReport(
        checks,
        manifest,
        revisions,
        (*problems, *stamp_problems),
        revision_checks,
        not stamp_problems,
    )


def _unreadable(source: str, exc: BaseException) -> VerificationReport:
    reason = exc if isinstance(exc, InputError) else f"{source} is not a readable PDF ({exc})"
    return VerificationReport((), ManifestCheck(None, False, None), 0, (printable(str(reason)),))


#: What reading a damaged PDF can raise (pyHanko's parser reports most damage as PdfError,
#: but a mangled object can surface as any of the others; RuntimeError covers the parser's
#: recursion limit and the stream features it declines to decode).
_UNREADABLE = (
    InputError,
    PdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RuntimeError,
    OverflowError,
)
