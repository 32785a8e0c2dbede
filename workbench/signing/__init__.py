"""Signing identities (offline CA, role-bearing certificates) and PAdES packet signatures."""

from workbench.signing.identity import (
    Identity,
    certificate_sha256,
    create_ca,
    create_identity,
    export_certificate,
    load_certificates,
    load_identity,
    require_signer,
    role_of,
)
from workbench.signing.pdfsign import check_meaning, next_field_name, sign_pdf, signature_count
from workbench.signing.seal import SealCheck, SealedStore, SealStatement, seal_bytes, verify_seal
from workbench.signing.verify import (
    ExpectedState,
    ManifestCheck,
    PacketClaims,
    SignatureCheck,
    VerificationReport,
    read_manifest,
    verify_pdf,
)

__all__ = [
    "ExpectedState",
    "Identity",
    "ManifestCheck",
    "PacketClaims",
    "SealCheck",
    "SealStatement",
    "SealedStore",
    "SignatureCheck",
    "VerificationReport",
    "certificate_sha256",
    "check_meaning",
    "create_ca",
    "create_identity",
    "export_certificate",
    "load_certificates",
    "load_identity",
    "next_field_name",
    "read_manifest",
    "require_signer",
    "role_of",
    "seal_bytes",
    "sign_pdf",
    "signature_count",
    "verify_pdf",
    "verify_seal",
]
