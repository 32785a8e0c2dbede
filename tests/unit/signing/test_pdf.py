"""PAdES signing and verification, checked with our verifier (pyHanko) and poppler's pdfsig."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from workbench.domain import InputError, Meaning, PermissionDenied
from workbench.report import signature_appearance
from workbench.signing import (
    ExpectedState,
    Identity,
    read_manifest,
    sign_pdf,
    verify_pdf,
)

Pdfsig = Callable[[Path], list[Any]]


def sign(pdf: bytes, identity: Identity, meaning: Meaning, **options: Any) -> bytes:
    """Sign with the packet's own appearance renderer."""
    return sign_pdf(pdf, identity, meaning, appearance=signature_appearance, **options)


@pytest.fixture(scope="module")
def countersigned(clean_packet: bytes, ids: Any) -> bytes:
    """The clean packet signed by the author, then the reviewer, then the approver."""
    pdf = sign(clean_packet, ids.author, Meaning.authored)
    pdf = sign(pdf, ids.reviewer, Meaning.reviewed)
    return sign(pdf, ids.approver, Meaning.approved)


def write(tmp_path: Path, pdf: bytes, name: str = "packet.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def flip(pdf: bytes, offset: int) -> bytes:
    damaged = bytearray(pdf)
    damaged[offset] ^= 0x01
    return bytes(damaged)


def test_signed_packet_verifies_intact_trusted_whole(clean_packet: bytes, ids: Any) -> None:
    signed = sign(clean_packet, ids.author, Meaning.authored)
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate])
    assert report.valid
    [signature] = report.signatures
    assert (signature.signer, signature.role, signature.meaning) == (
        "Zoë Ångström",
        "author",
        "authored",
    )
    assert signature.intact and signature.trusted and signature.covers_whole_document
    assert signature.signed_at is not None


def test_countersigning_keeps_every_earlier_signature_valid(countersigned: bytes, ids: Any) -> None:
    report = verify_pdf(countersigned, trust_roots=[ids.ca.certificate])
    assert report.valid
    assert [s.meaning for s in report.signatures] == ["authored", "reviewed", "approved"]
    assert [s.covers_whole_document for s in report.signatures] == [False, False, True]
    assert all(s.intact and s.trusted for s in report.signatures)
    # One revision per signer on top of the packet and its manifest revision.
    assert [s.revision for s in report.signatures] == [3, 4, 5]
    assert report.revisions == 5


def test_pdfsig_validates_every_signature_with_field_and_signer(
    countersigned: bytes, tmp_path: Path, pdfsig: Pdfsig
) -> None:
    seen = pdfsig(write(tmp_path, countersigned))
    assert [s.field for s in seen] == [
        "Sig-author-authored",
        "Sig-reviewer-reviewed",
        "Sig-approver-approved",
    ]
    assert [s.signer for s in seen] == ["Zoë Ångström", "李雷", "Ибрагим Алиев"]
    assert all(s.validation == "Signature is Valid." for s in seen)
    assert [s.whole_document for s in seen] == [False, False, True]


def test_flipped_byte_in_the_signed_range_breaks_every_signature(
    countersigned: bytes, ids: Any, tmp_path: Path, pdfsig: Pdfsig
) -> None:
    damaged = flip(countersigned, 2000)  # inside the first revision: covered by all three
    report = verify_pdf(damaged, trust_roots=[ids.ca.certificate])
    assert not report.valid
    assert [s.intact for s in report.signatures] == [False, False, False]
    assert all(s.validation == "Digest Mismatch." for s in pdfsig(write(tmp_path, damaged)))


def test_flipped_byte_in_the_last_revision_breaks_only_the_last_signature(
    countersigned: bytes, ids: Any, tmp_path: Path, pdfsig: Pdfsig
) -> None:
    report = verify_pdf(countersigned, trust_roots=[ids.ca.certificate])
    assert report.valid
    # A byte of a stream (the appearance) in the last revision, before its signature's contents.
    first_revisions_end = len(sign_pdf_prefix(countersigned))
    damaged = flip(countersigned, countersigned.index(b"stream", first_revisions_end) + 20)
    report = verify_pdf(damaged, trust_roots=[ids.ca.certificate])
    assert [s.intact for s in report.signatures][2] is False
    seen = pdfsig(write(tmp_path, damaged))
    assert seen[2].validation == "Digest Mismatch."
    assert seen[0].validation == "Signature is Valid."


def sign_pdf_prefix(pdf: bytes) -> bytes:
    """The file up to the end of its second-to-last revision (two %%EOF markers back)."""
    end = pdf.rstrip().rfind(b"%%EOF")
    return pdf[: pdf.rfind(b"%%EOF", 0, end) + len(b"%%EOF")]


def test_signature_is_untrusted_without_its_trust_root(countersigned: bytes, ids: Any) -> None:
    report = verify_pdf(countersigned, trust_roots=[])
    assert not report.valid
    assert all(s.intact and not s.trusted for s in report.signatures)


def test_self_signed_identity_is_trusted_only_with_its_own_certificate(
    clean_packet: bytes, ids: Any
) -> None:
    signed = sign(clean_packet, ids.self_signed, Meaning.approved)
    assert not verify_pdf(signed, trust_roots=[ids.ca.certificate]).signatures[0].trusted
    report = verify_pdf(signed, trust_roots=[ids.self_signed.certificate])
    assert report.signatures[0].trusted and report.valid


def test_meaning_must_fit_the_certificate_role(clean_packet: bytes, ids: Any) -> None:
    with pytest.raises(PermissionDenied, match="may only sign with meaning 'reviewed'"):
        sign(clean_packet, ids.reviewer, Meaning.approved)


def test_signing_something_that_is_not_a_pdf_is_an_input_error(ids: Any) -> None:
    with pytest.raises(InputError, match="not a PDF"):
        sign(b"hello", ids.author, Meaning.authored)


def test_manifest_round_trips_through_signing(clean_packet: bytes, ids: Any) -> None:
    before = read_manifest(clean_packet)
    after = read_manifest(sign(clean_packet, ids.author, Meaning.authored))
    assert before is not None and before == after
    assert before.packet_id == "PKT-clean"
    assert len(before.evidence) == 2


def test_manifest_swapped_after_signing_is_reported(clean_packet: bytes, ids: Any) -> None:
    signed = sign(clean_packet, ids.author, Meaning.authored)
    claims = read_manifest(signed)
    assert claims is not None
    forged = json.dumps({**claims.model_dump(), "state_hash": "0" * 64}).encode()
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    data = embed.EmbeddedFileObject.from_file_data(writer, forged)
    spec = names[1].get_object()
    spec["/EF"] = generic.DictionaryObject(
        {generic.NameObject("/F"): writer.add_object(data), generic.NameObject("/UF"): data}
    )
    writer.update_container(spec)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots=[ids.ca.certificate])
    assert not report.valid
    assert report.manifest.claims is not None and report.manifest.claims.state_hash == "0" * 64
    assert not report.manifest.consistent


def test_page_content_changed_in_a_later_revision_is_reported(
    countersigned: bytes, ids: Any
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(countersigned))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (APPROVED) Tj ET")
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots=[ids.ca.certificate])
    assert not report.valid
    assert not any(s.intact for s in report.signatures)
    assert not any(s.covers_whole_document for s in report.signatures)


def test_unsigned_packet_is_not_valid(clean_packet: bytes, ids: Any) -> None:
    report = verify_pdf(clean_packet, trust_roots=[ids.ca.certificate])
    assert report.signatures == ()
    assert not report.valid


def test_manifest_is_checked_against_the_expected_store_state(
    clean_packet: bytes, ids: Any
) -> None:
    signed = sign(clean_packet, ids.author, Meaning.authored)
    claims = read_manifest(signed)
    assert claims is not None
    same = ExpectedState(claims.state_hash, claims.evidence)
    assert verify_pdf(signed, trust_roots=[ids.ca.certificate], expected=same).valid
    changed = ExpectedState("f" * 64, claims.evidence)
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate], expected=changed)
    assert report.manifest.matches_store is False
    assert not report.valid


def test_a_packet_pinned_with_an_earlier_hash_format_still_matches_the_store(
    clean_packet: bytes, ids: Any
) -> None:
    signed = sign(clean_packet, ids.author, Meaning.authored)
    claims = read_manifest(signed)
    assert claims is not None and claims.state_hash_format == 2
    # The store's state now hashes differently under the current format, but the packet's
    # hash is that same state's under format 1 (a packet written before format 2).
    earlier = ExpectedState("f" * 64, claims.evidence, earlier_hashes={1: claims.state_hash})
    report = verify_pdf(signed, trust_roots=[ids.ca.certificate], expected=earlier)
    assert report.manifest.matches_store is True and report.valid


def test_verify_json_has_exactly_the_spec_shape(countersigned: bytes, ids: Any) -> None:
    data = verify_pdf(countersigned, trust_roots=[ids.ca.certificate]).to_json()
    assert set(data) == {"valid", "signatures", "revisions", "problems", "manifest"}
    assert set(data["manifest"]) == {"state_hash", "evidence", "matches_store"}
    assert all(
        set(s)
        == {
            "field",
            "certified",
            "signer",
            "role",
            "meaning",
            "signed_at",
            "intact",
            "trusted",
            "covers_whole_document",
            # issue 17: revocation and the PAdES level
            "revoked",
            "revocation_checked",
            "pades_level",
        }
        for s in data["signatures"]
    )
    assert data["manifest"]["evidence"] == 2
    assert data["manifest"]["matches_store"] is None
    assert [s["certified"] for s in data["signatures"]] == [True, False, False]
    assert [r["kind"] for r in data["revisions"]] == [
        "packet",
        "packet",
        "signature",
        "signature",
        "signature",
    ]
    assert all(r["allowed"] for r in data["revisions"]) and data["problems"] == []
    assert data["revisions"][3]["changes"][0] == "signature Sig-reviewer-reviewed filled"
    assert data["revisions"][3]["modification_level"] == "FORM_FILLING"
