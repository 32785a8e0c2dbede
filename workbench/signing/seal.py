"""Audit seals: a signed statement of a store's audit head, kept outside the store.

A seal is a small JSON file: the ``statement`` (which store, its audit head, revision and
state, when) and ``signature``, a detached CMS signature (pyHanko) by a signing identity over
the statement's canonical JSON. Whoever can write the store can rewrite its chain, but not
the seal without the identity's key: ``workbench audit verify STORE --anchor SEAL`` then
finds a chain that no longer holds the sealed head. Trust is explicit, as for packets: only
the certificates given as trust roots are trusted; nothing is fetched from the network.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import BaseModel, ConfigDict, ValidationError
from pyhanko.sign import signers
from pyhanko.sign.validation import async_validate_detached_cms
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from workbench.domain import AuditHead, InputError, canonical_json
from workbench.domain.base import Sha256
from workbench.domain.errors import describe_validation_error
from workbench.runtime.inputs import loads_json
from workbench.signing.identity import Identity, common_name
from workbench.signing.pdfsign import asn1_certificate

# pyHanko logs each failed trust path with a traceback; the check says it in one line.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

SEAL_FORMAT = "safety-case-workbench-seal/1"
#: A seal is a few hundred bytes of statement and a few kB of signature and certificates.
MAX_SEAL_BYTES = 1024 * 1024


class SealedStore(BaseModel):
    """Which store a seal is of: the hash of its first audit event (which no other store's
    chain begins with) and, for people, the assessment it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chain_start: Sha256
    assessment: str
    title: str
    model: str


class SealStatement(BaseModel):
    """What a seal states; the signature covers its canonical JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["safety-case-workbench-seal/1"] = "safety-case-workbench-seal/1"
    store: SealedStore
    audit: AuditHead
    revision: int
    state_hash: Sha256
    sealed_at: dt.datetime


@dataclass(frozen=True)
class SealCheck:
    """A seal read back: its statement and whether its signature holds and is trusted."""

    statement: SealStatement
    signer: str
    intact: bool
    """The statement is exactly what was signed."""
    trusted: bool
    """The signer's certificate chains to a given trust root."""
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted


def _cms_signer(identity: Identity) -> signers.SimpleSigner:
    key_der = identity.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    registry = SimpleCertificateStore()
    registry.register_multiple([asn1_certificate(c) for c in identity.chain])
    return signers.SimpleSigner(
        signing_cert=asn1_certificate(identity.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=registry,
    )


def _signed_bytes(statement: dict[str, Any]) -> bytes:
    return canonical_json(statement)


def seal_bytes(statement: SealStatement, identity: Identity) -> bytes:
    """The seal file of ``statement``, signed by ``identity`` (detached CMS, SHA-256)."""
    body = statement.model_dump(mode="json")
    signed = asyncio.run(
        _cms_signer(identity).async_sign_general_data(_signed_bytes(body), "sha256", detached=True)
    )
    document = {
        "statement": body,
        "signature": base64.b64encode(signed.dump()).decode("ascii"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode() + b"\n"


def _parse(data: bytes, source: str) -> tuple[dict[str, Any], SealStatement, str]:
    if len(data) > MAX_SEAL_BYTES:
        raise InputError(f"{source} is not a seal: larger than {MAX_SEAL_BYTES // 1024} KiB")
    try:
        document = loads_json(data, source)
    except InputError:
        raise InputError(f"{source} is neither a packet (PDF) nor a seal (JSON)") from None
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("statement"), dict)
        or not isinstance(document.get("signature"), str)
    ):
        raise InputError(f"{source} is not a seal: it needs a statement and a signature")
    raw = document["statement"]
    try:
        statement = SealStatement.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, f"seal {source}")) from None
    return raw, statement, document["signature"]


def verify_seal(
    data: bytes, *, trust_roots: Sequence[x509.Certificate], source: str = "the seal"
) -> SealCheck:
    """Read a seal and check its signature over its statement against ``trust_roots``.

    A file that is not a seal is an InputError; a seal whose statement was changed, or whose
    signature is damaged or untrusted, comes back with ``ok`` False and the problems named.
    """
    raw, statement, signature = _parse(data, source)
    try:
        info = cms.ContentInfo.load(base64.b64decode(signature, validate=True))
        signed_data = info["content"]
        if info["content_type"].native != "signed_data":
            raise ValueError("not CMS signed data")
        context = ValidationContext(
            trust_roots=[asn1_certificate(c) for c in trust_roots], allow_fetching=False
        )
        status = asyncio.run(
            async_validate_detached_cms(
                _signed_bytes(raw), signed_data, signer_validation_context=context
            )
        )
    except (ValueError, TypeError, KeyError, binascii.Error, SignatureValidationError) as exc:
        return SealCheck(
            statement, "unknown", False, False, (f"the seal's signature cannot be read: {exc}",)
        )
    try:
        certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
        signer = common_name(certificate.subject)
    except ValueError:
        signer = "unknown"
    intact = bool(status.intact and status.valid)
    problems: list[str] = []
    if not intact:
        problems.append(
            "the signature does not match the statement: the seal was changed after sealing"
        )
    elif not status.trusted:
        problems.append(
            "the signer's certificate does not chain to a given trust root"
            if trust_roots
            else "no trust root was given (--trust CA.pem)"
        )
    return SealCheck(statement, signer, intact, bool(status.trusted), tuple(problems))
