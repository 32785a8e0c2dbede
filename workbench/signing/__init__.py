"""Signing identities (offline CA, role-bearing certificates) and PAdES packet signatures."""

from workbench.signing.identity import (
    Identity,
    certificate_sha256,
    common_name,
    create_ca,
    create_identity,
    export_certificate,
    load_certificates,
    load_identity,
    require_signer,
    role_of,
)
from workbench.signing.pdfsign import check_meaning, next_field_name, sign_pdf, signature_count
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
    "SignatureCheck",
    "VerificationReport",
    "certificate_sha256",
    "check_meaning",
    "common_name",
    "create_ca",
    "create_identity",
    "export_certificate",
    "load_certificates",
    "load_identity",
    "next_field_name",
    "read_manifest",
    "require_signer",
    "role_of",
    "sign_pdf",
    "signature_count",
    "verify_pdf",
]
