"""What verify says about each revision after signing: a page, an annotation, an info change,
appended bytes or any other update that is not a signature fails the packet and is named; no
damaged file crashes it; names are printed with their control characters escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject

from workbench.domain import InputError, Meaning, SignerRole
from workbench.report import signature_appearance
from workbench.signing import Identity, sign_pdf, verify_pdf
from workbench.signing.verify import printable

Edit = Callable[[IncrementalPdfFileWriter], None]


def sign(pdf: bytes, identity: Identity, meaning: Meaning) -> bytes:
    return sign_pdf(pdf, identity, meaning, appearance=signature_appearance)


@pytest.fixture(scope="module")
def signed(clean_packet: bytes, ids: Any) -> bytes:
    pdf = sign(clean_packet, ids.author, Meaning.authored)
    return sign(pdf, ids.reviewer, Meaning.reviewed)


def revise(pdf: bytes, edit: Edit) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_page(writer: IncrementalPdfFileWriter) -> None:
    contents = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
    writer.insert_page(PageObject(contents=contents, media_box=(0, 0, 595, 842)))


def add_annotation(writer: IncrementalPdfFileWriter) -> None:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/FreeText"),
            pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (50, 50, 300, 90)]
            ),
            pdf_name("/Contents"): generic.TextStringObject("Approved without findings"),
        }
    )
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(writer.add_object(note))
    page[pdf_name("/Annots")] = annots
    writer.update_container(page)


def retitle(writer: IncrementalPdfFileWriter) -> None:
    info = writer.trailer["/Info"].get_object()
    info[pdf_name("/Title")] = generic.TextStringObject("Approved without findings")
    writer.update_container(info)


def orphan(writer: IncrementalPdfFileWriter) -> None:
    """An update pyHanko's own analysis lets pass (an unused object, the dates restamped)."""
    writer.add_object(generic.DictionaryObject({pdf_name("/Note"): generic.TextStringObject("x")}))


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (add_page, "1 page added"),
        (add_annotation, "a FreeText annotation added on page 1"),
        (retitle, "the document information changed (/Title)"),
        (orphan, "the XMP metadata updated"),
    ],
)
def test_a_third_revision_that_is_not_a_signature_fails_and_is_named(
    signed: bytes, ids: Any, edit: Edit, named: str
) -> None:
    assert verify_pdf(signed, trust_roots=[ids.ca.certificate]).valid
    report = verify_pdf(revise(signed, edit), trust_roots=[ids.ca.certificate])
    assert not report.valid
    [problem] = report.problems
    assert problem.startswith("revision 5 is not a signature: ") and named in problem
    last = report.revision_checks[-1]
    assert (last.revision, last.kind, last.allowed) == (5, "other", False)
    assert [r.allowed for r in report.revision_checks[:-1]] == [True] * 4


def test_bytes_appended_after_the_last_eof_fail_the_packet(signed: bytes, ids: Any) -> None:
    assert verify_pdf(signed + b"\r\n", trust_roots=[ids.ca.certificate]).valid  # a line end
    report = verify_pdf(signed + b"\nApproved without findings\n", trust_roots=[ids.ca.certificate])
    assert not report.valid
    assert report.problems == ("25 bytes appended after the last %%EOF",)


def test_five_flipped_bytes_never_crash_verify(signed: bytes, ids: Any) -> None:
    for seed in range(12):
        damaged = bytearray(signed)
        for offset in random.Random(seed).sample(range(len(signed)), 5):
            damaged[offset] ^= 0xFF
        report = verify_pdf(bytes(damaged), trust_roots=[ids.ca.certificate])
        assert not report.valid


def test_a_damaged_pdf_is_not_a_readable_pdf(signed: bytes, ids: Any) -> None:
    report = verify_pdf(signed[: len(signed) // 2], trust_roots=[ids.ca.certificate])
    assert not report.valid and report.signatures == ()
    [problem] = report.problems
    assert problem.startswith("the packet is not a readable PDF (")
    with pytest.raises(InputError, match="is not a PDF file"):
        verify_pdf(b"hello", trust_roots=[])


def test_control_characters_in_a_signer_name_are_escaped(clean_packet: bytes, ids: Any) -> None:
    hostile = "Eve\x1b[2J\u202eroot"
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, hostile),
                    x509.NameAttribute(NameOID.TITLE, "author"),
                ]
            )
        )
        .issuer_name(ids.ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ids.ca.private_key, hashes.SHA256())
    )
    eve = dataclasses.replace(
        ids.author, name=hostile, certificate=certificate, private_key=key, role=SignerRole.author
    )
    report = verify_pdf(sign(clean_packet, eve, Meaning.authored), trust_roots=[ids.ca.certificate])
    [signature] = report.signatures
    assert signature.signer == "Eve\\x1b[2J\\u202eroot"
    assert printable("Zoë Ångström 李雷") == "Zoë Ångström 李雷"
