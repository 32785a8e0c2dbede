"""PAdES signing of packets: one incremental revision per signer, earlier signatures kept valid.

The signature records its meaning twice so any reader can report it: in the signature
dictionary's /Reason ("authored", "reviewed" or "approved") and in the field name
(``Sig2-approved``). The signer's role comes from the certificate (see identity.py), and a
meaning must fit the role.
"""

from __future__ import annotations

from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError
from pyhanko_certvalidator.errors import ValidationError as CertValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from workbench.domain import MEANING_FOR_ROLE, InputError, Meaning, PermissionDenied
from workbench.signing.identity import Identity

FIELD_PREFIX = "Sig"


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _signer(identity: Identity) -> signers.SimpleSigner:
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


def check_meaning(identity: Identity, meaning: Meaning) -> None:
    """Refuse a meaning the certificate's role may not give (approver→approved, …)."""
    if identity.role is None:
        raise PermissionDenied(f"the certificate of {identity.name} records no signer role")
    allowed = MEANING_FOR_ROLE[identity.role]
    if Meaning(meaning) != allowed:
        raise PermissionDenied(
            f"{identity.name} holds the {identity.role.value} role and may only sign with "
            f"meaning '{allowed.value}', not '{Meaning(meaning).value}'"
        )


def open_pdf(pdf: bytes, what: str = "the packet") -> PdfFileReader:
    """A reader over PDF bytes; anything that is not a readable PDF is an InputError."""
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{what} is not a PDF file")
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - parse the trailer and catalogue now, not later
    except (PdfError, ValueError, KeyError) as exc:
        raise InputError(f"{what} is a damaged PDF: {exc}") from None
    if reader.encrypted:
        raise InputError(f"{what} is encrypted; packets are never encrypted")
    return reader


def signature_count(pdf: bytes) -> int:
    return len(open_pdf(pdf).embedded_signatures)


def next_field_name(pdf: bytes, meaning: Meaning) -> str:
    """The name the next signature's field gets: ``Sig<n>-<meaning>``."""
    return f"{FIELD_PREFIX}{signature_count(pdf) + 1}-{Meaning(meaning).value}"


def sign_pdf(
    pdf: bytes,
    identity: Identity,
    meaning: Meaning,
    *,
    validation_context: ValidationContext | None = None,
    timestamper: TimeStamper | None = None,
    archive: bool = False,
) -> bytes:
    """Append a PAdES signature by ``identity`` with ``meaning`` as a new revision.

    Earlier signatures stay valid: the new revision only adds a signature field, named by
    :func:`next_field_name`. ``validation_context`` (validation.signing_context) embeds the
    chain and CRLs in the DSS, ``timestamper`` adds a signature timestamp (B-T; B-LT with
    the validation data) and ``archive`` a document timestamp after them (B-LTA).
    """
    check_meaning(identity, meaning)
    metadata = signers.PdfSignatureMetadata(
        field_name=next_field_name(pdf, meaning),
        reason=Meaning(meaning).value,
        name=identity.name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        # Long-term validation (validation.py): DSS, signature and document timestamps.
        validation_context=validation_context,
        embed_validation_info=validation_context is not None,
        use_pades_lta=archive,
        # In the signature's own revision (covered by it), so each signer adds one revision.
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
        ),
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        signed = signers.sign_pdf(
            writer, metadata, signer=_signer(identity), timestamper=timestamper
        )
    except PdfError as exc:
        raise InputError(f"cannot sign the packet: {exc}") from None
    except TimestampRequestError as exc:
        raise InputError(f"the timestamp authority did not answer: {exc}") from None
    except SigningError as exc:
        raise InputError(f"cannot sign the packet: {exc}") from None
    except (PathError, CertValidationError) as exc:  # building the DSS or archive timestamp
        raise InputError(
            f"cannot gather the validation data to embed: {exc}; give the CA that issued that "
            "certificate as a trust root"
        ) from None
    return signed.getvalue()
