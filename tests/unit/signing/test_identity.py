"""Signing identities: CA and signer certificates, roles, key usage, protected key files."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from workbench.domain import InputError, PermissionDenied, SignerRole
from workbench.signing import (
    create_identity,
    load_certificates,
    load_identity,
    require_signer,
    role_of,
)

PASSPHRASE = "correct horse battery staple"


def test_identity_records_the_role_in_the_subject_title(ids: Any) -> None:
    loaded = load_identity(ids.p12("reviewer"), PASSPHRASE)
    titles = loaded.certificate.subject.get_attributes_for_oid(NameOID.TITLE)
    assert [t.value for t in titles] == ["reviewer"]
    assert role_of(loaded.certificate) == SignerRole.reviewer
    assert loaded.name == "李雷"


def test_signer_certificate_allows_signatures_and_non_repudiation_only(ids: Any) -> None:
    usage = ids.approver.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    constraints = ids.approver.certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca is False


def test_ca_certificate_signs_certificates_only(ids: Any) -> None:
    extensions = ids.ca.certificate.extensions
    assert extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    usage = extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and not usage.digital_signature


def test_identity_issued_by_ca_carries_the_ca_in_its_file(ids: Any) -> None:
    loaded = load_identity(ids.p12("author"), PASSPHRASE)
    assert loaded.certificate.issuer == ids.ca.certificate.subject
    assert [c.subject for c in loaded.chain] == [ids.ca.certificate.subject]
    ids.ca.certificate.public_key().verify(
        loaded.certificate.signature,
        loaded.certificate.tbs_certificate_bytes,
        *_ecdsa(loaded.certificate),
    )


def _ecdsa(certificate: x509.Certificate) -> tuple[Any, ...]:
    from cryptography.hazmat.primitives.asymmetric import ec

    assert certificate.signature_hash_algorithm is not None
    return (ec.ECDSA(certificate.signature_hash_algorithm),)


def test_self_signed_identity_is_its_own_issuer(ids: Any) -> None:
    certificate = ids.self_signed.certificate
    assert certificate.issuer == certificate.subject
    assert ids.self_signed.chain == ()


def test_wrong_passphrase_is_a_one_line_input_error(ids: Any) -> None:
    with pytest.raises(InputError) as caught:
        load_identity(ids.p12("author"), "not the passphrase")
    message = str(caught.value)
    assert "\n" not in message
    assert "wrong passphrase" in message


def test_identity_file_is_private_and_not_plain_text(ids: Any) -> None:
    path = ids.p12("approver")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" not in path.read_bytes()


def test_existing_identity_file_is_never_overwritten(ids: Any) -> None:
    before = ids.p12("author").read_bytes()
    with pytest.raises(InputError, match="already exists"):
        create_identity(ids.p12("author"), "Someone Else", SignerRole.author, PASSPHRASE)
    assert ids.p12("author").read_bytes() == before


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="passphrase is empty"):
        create_identity(tmp_path / "x.p12", "Ann", SignerRole.author, "")
    assert not (tmp_path / "x.p12").exists()


def test_identity_made_from_a_signer_instead_of_a_ca_is_refused(ids: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a CA"):
        create_identity(tmp_path / "x.p12", "Ann", SignerRole.author, "pw", ca=ids.author)


def test_ca_identity_may_not_sign(ids: Any) -> None:
    with pytest.raises(PermissionDenied, match="CA identity"):
        require_signer(load_identity(ids.p12("ca"), PASSPHRASE), ids.p12("ca"))


def test_exported_certificate_loads_as_a_trust_root(ids: Any) -> None:
    roots = load_certificates([ids.pem("ca"), ids.pem("self_signed")])
    assert roots == [ids.ca.certificate, ids.self_signed.certificate]


def test_trust_file_without_a_certificate_is_an_input_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("not a certificate")
    with pytest.raises(InputError, match="holds no certificate"):
        load_certificates([bogus])


def test_a_file_that_is_not_pkcs12_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.p12"
    path.write_text("hello")
    with pytest.raises(InputError, match="not a PKCS#12"):
        load_identity(path, PASSPHRASE)
