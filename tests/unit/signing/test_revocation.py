"""The CA's revocation record and the CRLs it issues (offline revocation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography import x509

from workbench.domain import InputError
from workbench.signing import revocation

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def test_revoking_records_the_certificate_in_a_crl_signed_by_the_ca(ids: Any) -> None:
    record, entry = revocation.revoke(
        ids.ca, None, ids.reviewer.certificate, "affiliation-changed", now=NOW, source="rec"
    )
    crl = x509.load_der_x509_crl(record)
    assert revocation.issued_by(crl, ids.ca.certificate)
    assert [e.serial for e in revocation.entries(crl)] == [ids.reviewer.certificate.serial_number]
    assert entry.at == NOW and entry.reason_text == "affiliation changed"
    assert revocation.read_record(record, ids.ca, "rec") == [entry]


def test_a_second_revocation_keeps_the_first_and_the_same_one_twice_is_refused(
    ids: Any,
) -> None:
    first, _ = revocation.revoke(
        ids.ca, None, ids.reviewer.certificate, "unspecified", now=NOW, source="rec"
    )
    later = NOW + dt.timedelta(days=1)
    both, _ = revocation.revoke(
        ids.ca, first, ids.approver.certificate, "key-compromise", now=later, source="rec"
    )
    entries = revocation.read_record(both, ids.ca, "rec")
    assert [e.serial for e in entries] == [
        ids.reviewer.certificate.serial_number,
        ids.approver.certificate.serial_number,
    ]
    assert entries[1].reason == x509.ReasonFlags.key_compromise
    with pytest.raises(InputError, match="already revoked on 2026-11-20 12:00 UTC"):
        revocation.revoke(
            ids.ca, both, ids.reviewer.certificate, "unspecified", now=later, source="rec"
        )


def test_a_certificate_of_another_issuer_or_the_ca_itself_is_not_revoked(
    ids: Any, other_ca: Any
) -> None:
    with pytest.raises(InputError, match="Sam Solo was not issued by Example Lab"):
        revocation.revoke(
            ids.ca, None, ids.self_signed.certificate, "unspecified", now=NOW, source="rec"
        )
    with pytest.raises(InputError, match="not issued by Example Lab"):
        revocation.revoke(ids.ca, None, other_ca.certificate, "unspecified", now=NOW, source="r")
    with pytest.raises(InputError, match="cannot revoke its own certificate"):
        revocation.revoke(ids.ca, None, ids.ca.certificate, "unspecified", now=NOW, source="r")
    with pytest.raises(InputError, match="not a CA"):
        revocation.revoke(
            ids.author, None, ids.reviewer.certificate, "unspecified", now=NOW, source="r"
        )
    with pytest.raises(InputError, match="unknown revocation reason 'fired'"):
        revocation.revoke(ids.ca, None, ids.reviewer.certificate, "fired", now=NOW, source="r")


def test_a_record_changed_or_signed_by_another_ca_is_refused(ids: Any, other_ca: Any) -> None:
    record, _ = revocation.revoke(
        ids.ca, None, ids.reviewer.certificate, "unspecified", now=NOW, source="rec"
    )
    foreign, _ = revocation.issue_crl(other_ca, None, now=NOW, source="other")
    with pytest.raises(InputError, match="not a revocation record signed by Example Lab"):
        revocation.read_record(foreign, ids.ca, "rec")
    damaged = bytearray(record)
    damaged[-5] ^= 0x01  # inside the signature
    with pytest.raises(InputError, match="rec is not"):
        revocation.read_record(bytes(damaged), ids.ca, "rec")
    with pytest.raises(InputError, match="rec is not a certificate revocation list"):
        revocation.read_record(b"not a crl", ids.ca, "rec")


def test_an_issued_crl_lists_every_revocation_with_a_growing_number(ids: Any) -> None:
    record, _ = revocation.revoke(
        ids.ca, None, ids.reviewer.certificate, "superseded", now=NOW, source="rec"
    )
    issued, kept = revocation.issue_crl(ids.ca, record, now=NOW, source="rec")
    first = x509.load_der_x509_crl(issued)
    # Issued again within the same second: the number still grows.
    again, _ = revocation.issue_crl(ids.ca, kept, now=NOW, source="rec")
    second = x509.load_der_x509_crl(again)
    assert revocation.issued_by(first, ids.ca.certificate)
    assert [r.serial_number for r in first] == [ids.reviewer.certificate.serial_number]
    assert revocation.crl_number(second) > revocation.crl_number(first)
    assert first.next_update_utc == NOW + dt.timedelta(days=revocation.CRL_VALID_DAYS)
    reason = first[0].extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason == x509.ReasonFlags.superseded


def test_the_record_sits_beside_the_ca_file(tmp_path: Any) -> None:
    assert revocation.record_path(tmp_path / "ca.p12") == tmp_path / "ca.revocations.crl"
