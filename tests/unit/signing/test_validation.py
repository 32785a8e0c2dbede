"""Validation beyond the signature itself: identities refused at signing with the real
reason, verify's reasons, revocation judged against the signing time, and PAdES levels."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from workbench.domain import InputError, Meaning, PermissionDenied, SignerRole
from workbench.report import signature_appearance
from workbench.signing import create_identity, pdfsign, revocation, validation, verify_pdf
from workbench.signing.identity import Identity

from .conftest import ENCIPHER_ONLY_USAGE, SIGNER_USAGE, issue


def sign_pdf(pdf: bytes, identity: Identity, meaning: Meaning, **options: Any) -> bytes:
    """Sign with the packet's own appearance renderer."""
    return pdfsign.sign_pdf(pdf, identity, meaning, appearance=signature_appearance, **options)


PASSPHRASE = "correct horse battery staple"
ID = Path("signer.p12")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def crl_of(ids: Any, *revoked: tuple[x509.Certificate, str, dt.datetime]) -> Any:
    """A CRL by the test CA listing each (certificate, reason, revoked at)."""
    record = None
    for certificate, reason, at in revoked:
        record, _ = revocation.revoke(ids.ca, record, certificate, reason, now=at, source="r")
    issued, _ = revocation.issue_crl(ids.ca, record, now=now(), source="r")
    return x509.load_der_x509_crl(issued)


# ---------------------------------------------------------------------- refused at signing
def test_a_good_identity_may_sign(ids: Any) -> None:
    validation.check_signer(
        ids.author, ID, now=now(), trust_roots=[ids.ca.certificate], crls=[crl_of(ids)]
    )


def test_an_expired_identity_is_refused_as_expired(ids: Any) -> None:
    then = now() - dt.timedelta(days=400)
    expired = issue(
        ids.ca,
        "Old Timer",
        SignerRole.author,
        not_before=then,
        not_after=then + dt.timedelta(days=30),
        usage=SIGNER_USAGE,
    )
    when = f"{expired.certificate.not_valid_after_utc:%Y-%m-%d %H:%M:%S}"
    with pytest.raises(PermissionDenied, match=f"Old Timer expired on {when} UTC; it cannot sign"):
        validation.check_signer(expired, ID, now=now())


def test_an_identity_not_yet_valid_is_refused_as_such(ids: Any) -> None:
    soon = now() + dt.timedelta(days=2)
    early = issue(
        ids.ca,
        "Early Bird",
        SignerRole.author,
        not_before=soon,
        not_after=soon + dt.timedelta(days=30),
        usage=SIGNER_USAGE,
    )
    with pytest.raises(PermissionDenied, match="Early Bird is not valid until"):
        validation.check_signer(early, ID, now=now())


def test_a_certificate_without_the_signing_key_usages_is_refused(ids: Any) -> None:
    moment = now()
    start, end = moment - dt.timedelta(hours=1), moment + dt.timedelta(days=1)
    wrong = issue(
        ids.ca,
        "Key Keeper",
        SignerRole.author,
        not_before=start,
        not_after=end,
        usage=ENCIPHER_ONLY_USAGE,
    )
    with pytest.raises(PermissionDenied, match="may not sign documents: its key usage lacks"):
        validation.check_signer(wrong, ID, now=moment)
    bare = issue(ids.ca, "No Usage", SignerRole.author, not_before=start, not_after=end)
    with pytest.raises(PermissionDenied, match="records no key usage"):
        validation.check_signer(bare, ID, now=moment)


def test_another_cas_identity_is_refused_when_a_trust_root_is_configured(
    ids: Any, other_ca: Any, tmp_path: Path
) -> None:
    stranger = create_identity(
        tmp_path / "s.p12", "Outsider", SignerRole.author, PASSPHRASE, ca=other_ca
    )
    validation.check_signer(stranger, ID, now=now())  # no trust root configured: allowed
    with pytest.raises(
        PermissionDenied, match="issued by Other Lab signing CA, which is not a trusted CA"
    ):
        validation.check_signer(stranger, ID, now=now(), trust_roots=[ids.ca.certificate])


def test_a_self_signed_identity_is_refused_when_a_trust_root_is_configured(ids: Any) -> None:
    with pytest.raises(PermissionDenied, match="Sam Solo is self-signed and is not one of"):
        validation.check_signer(ids.self_signed, ID, now=now(), trust_roots=[ids.ca.certificate])
    # Its own certificate configured as the trust root: allowed.
    validation.check_signer(
        ids.self_signed, ID, now=now(), trust_roots=[ids.self_signed.certificate]
    )


def test_a_revoked_identity_is_refused_with_the_date_and_reason(ids: Any) -> None:
    crl = crl_of(ids, (ids.reviewer.certificate, "key-compromise", now()))
    with pytest.raises(PermissionDenied, match=r"李雷 was revoked on .* \(key compromise\)"):
        validation.check_signer(ids.reviewer, ID, now=now(), crls=[crl])
    validation.check_signer(ids.author, ID, now=now(), crls=[crl])


def test_a_crl_no_trust_root_signed_is_refused(ids: Any, other_ca: Any) -> None:
    issued, _ = revocation.issue_crl(other_ca, None, now=now(), source="o")
    foreign = x509.load_der_x509_crl(issued)
    with pytest.raises(InputError, match="is not signed by a trust root"):
        validation.check_signer(
            ids.author, ID, now=now(), trust_roots=[ids.ca.certificate], crls=[foreign]
        )


def test_control_characters_are_refused_in_new_identity_names(ids: Any, tmp_path: Path) -> None:
    for name in ("Eve\x1b[31m", "Eve\nApproved", "Eve\u202eevE", "Eve\x00"):
        with pytest.raises(InputError, match="control character U\\+"):
            create_identity(tmp_path / "e.p12", name, SignerRole.author, PASSPHRASE, ca=ids.ca)
    assert not (tmp_path / "e.p12").exists()


# ------------------------------------------------------------------------- verify's reasons
def test_verify_names_an_expired_certificate(clean_packet: bytes, ids: Any) -> None:
    then = now() - dt.timedelta(days=400)
    expired = issue(
        ids.ca,
        "Old Timer",
        SignerRole.author,
        not_before=then,
        not_after=then + dt.timedelta(days=30),
        usage=SIGNER_USAGE,
    )
    report = verify_pdf(
        sign_pdf(clean_packet, expired, Meaning.authored), trust_roots=[ids.ca.certificate]
    )
    [signature] = report.signatures
    assert not signature.trusted and not report.valid
    assert any("Old Timer expired on" in p for p in signature.problems)
    assert not any("chain" in p for p in signature.problems)


def test_verify_names_an_unknown_ca_and_a_self_signed_signer(
    clean_packet: bytes, ids: Any, other_ca: Any, tmp_path: Path
) -> None:
    stranger = create_identity(
        tmp_path / "s.p12", "Outsider", SignerRole.author, PASSPHRASE, ca=other_ca
    )
    roots = [ids.ca.certificate]
    [signature] = verify_pdf(
        sign_pdf(clean_packet, stranger, Meaning.authored), trust_roots=roots
    ).signatures
    assert signature.problems == (
        "the certificate of Outsider was issued by Other Lab signing CA, which is not a trusted CA",
    )
    [signature] = verify_pdf(
        sign_pdf(clean_packet, ids.self_signed, Meaning.approved), trust_roots=roots
    ).signatures
    assert signature.problems == (
        "the certificate of Sam Solo is self-signed and is not one of the trust roots",
    )


# ------------------------------------------------------------------------------ revocation
def test_a_signer_revoked_before_signing_is_not_trusted(clean_packet: bytes, ids: Any) -> None:
    crl = crl_of(ids, (ids.reviewer.certificate, "affiliation-changed", now()))
    signed = sign_pdf(
        sign_pdf(clean_packet, ids.author, Meaning.authored), ids.reviewer, Meaning.reviewed
    )
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate], crls=[crl])
    author, reviewer = report.signatures
    assert author.trusted and author.revocation is not None and author.revocation.checked
    assert not reviewer.trusted and not report.valid
    assert reviewer.revocation is not None and reviewer.revocation.before_signing
    assert any("before it signed" in p for p in reviewer.problems)
    assert reviewer.to_json()["revoked"]["before_signing"] is True
    assert author.to_json()["revoked"] is None


def test_a_revocation_after_signing_without_a_timestamp_is_not_trusted(
    clean_packet: bytes, ids: Any
) -> None:
    signed = sign_pdf(clean_packet, ids.reviewer, Meaning.reviewed)
    time.sleep(1.1)  # revocation dates are whole seconds: revoke a second after signing
    crl = crl_of(ids, (ids.reviewer.certificate, "affiliation-changed", now()))
    [signature] = verify_pdf(signed, trust_roots=[ids.ca.certificate], crls=[crl]).signatures
    assert not signature.trusted
    assert any("no trusted timestamp proves it" in p for p in signature.problems)
    # Without the CRL the same packet verifies (nothing else changed).
    assert verify_pdf(signed, trust_roots=[ids.ca.certificate]).signatures[0].trusted


def test_a_revocation_after_a_timestamped_signature_still_verifies_as_made_while_valid(
    clean_packet: bytes, ids: Any, tsa: Any
) -> None:
    signed = sign_pdf(clean_packet, ids.reviewer, Meaning.reviewed, timestamper=tsa.stamper)
    later = now() + dt.timedelta(minutes=5)
    crl = crl_of(ids, (ids.reviewer.certificate, "affiliation-changed", later))
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate], crls=[crl])
    [signature] = report.signatures
    assert signature.trusted, signature.problems
    assert signature.revocation is not None and signature.revocation.made_while_valid
    assert any("made while it was valid" in n for n in signature.notes)
    assert signature.to_json()["revoked"]["made_while_valid"] is True


def test_a_crl_embedded_by_a_later_signer_revokes_an_earlier_signer_who_signed_after(
    clean_packet: bytes, ids: Any
) -> None:
    # The reviewer signs after being revoked; the approver's machine holds the CRL and
    # embeds it: a verifier without any CRL of its own sees the revocation.
    crl = crl_of(ids, (ids.reviewer.certificate, "privilege-withdrawn", now()))
    pdf = sign_pdf(clean_packet, ids.reviewer, Meaning.reviewed)
    context = validation.signing_context(ids.approver, crls=[crl])
    pdf = sign_pdf(pdf, ids.approver, Meaning.approved, validation_context=context)
    reviewer, approver = verify_pdf(pdf, trust_roots=[ids.ca.certificate]).signatures
    assert not reviewer.trusted and approver.trusted
    assert any("privilege withdrawn" in p for p in reviewer.problems)


# ------------------------------------------------------------------------------ PAdES level
def test_pades_levels_b_b_b_t_b_lt_and_b_lta(clean_packet: bytes, ids: Any, tsa: Any) -> None:
    roots = [ids.ca.certificate]
    crl = crl_of(ids)
    context = validation.signing_context(ids.author, crls=[crl])

    def level(**options: Any) -> str | None:
        signed = sign_pdf(clean_packet, ids.author, Meaning.authored, **options)
        report = verify_pdf(signed, trust_roots=roots)
        assert report.valid, [s.problems for s in report.signatures]
        return report.signatures[0].pades_level

    assert level() == "B-B"
    assert level(validation_context=context) == "B-B"  # validation data, but no timestamp
    assert level(timestamper=tsa.stamper) == "B-T"
    assert level(validation_context=context, timestamper=tsa.stamper) == "B-LT"
    assert level(validation_context=context, timestamper=tsa.stamper, archive=True) == "B-LTA"


def test_b_lt_embeds_the_chain_and_the_crl_in_the_signed_revision(
    clean_packet: bytes, ids: Any, tsa: Any
) -> None:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    crl = crl_of(ids)
    context = validation.signing_context(ids.author, crls=[crl])
    signed = sign_pdf(
        clean_packet,
        ids.author,
        Meaning.authored,
        validation_context=context,
        timestamper=tsa.stamper,
    )
    reader = PdfFileReader(BytesIO(signed))
    assert [c.issuer for c in validation.dss_crls(reader)] == [ids.ca.certificate.subject]
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate])
    # One revision for the signature and its validation data: it covers the whole file.
    assert report.signatures[0].covers_whole_document


def test_a_timestamp_from_an_untrusted_authority_is_named(
    clean_packet: bytes, ids: Any, other_ca: Any
) -> None:
    from .conftest import _tsa

    stranger = _tsa(other_ca)
    signed = sign_pdf(clean_packet, ids.author, Meaning.authored, timestamper=stranger.stamper)
    [signature] = verify_pdf(signed, trust_roots=[ids.ca.certificate]).signatures
    assert "not from a trusted timestamp authority" in " ".join(signature.problems)


def test_validation_data_for_a_tsa_of_an_unknown_ca_is_refused_in_one_line(
    clean_packet: bytes, ids: Any, other_ca: Any
) -> None:
    from .conftest import _tsa

    stranger = _tsa(other_ca)
    context = validation.signing_context(ids.author)
    with pytest.raises(InputError, match="cannot gather the validation data to embed"):
        sign_pdf(
            clean_packet,
            ids.author,
            Meaning.authored,
            validation_context=context,
            timestamper=stranger.stamper,
            archive=True,
        )
    # With that CA as a trust root the archive timestamp's data is gathered.
    context = validation.signing_context(
        ids.author, trust_roots=[other_ca.certificate], crls=[crl_of(ids)]
    )
    signed = sign_pdf(
        clean_packet,
        ids.author,
        Meaning.authored,
        validation_context=context,
        timestamper=stranger.stamper,
        archive=True,
    )
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate, other_ca.certificate])
    assert report.valid and report.signatures[0].pades_level == "B-LTA"
