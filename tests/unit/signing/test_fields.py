"""The packet's signature fields: one per required signer, earmarked for its role, filled once,
the first certifying the document and each locking itself, each showing who signed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from reportlab.pdfgen.canvas import Canvas

from tests.unit.signing.conftest import NOW
from workbench.domain import InputError, Meaning
from workbench.report import signature_appearance
from workbench.signing import (
    Identity,
    next_field_name,
    read_manifest,
    sign_pdf,
    signature_fields,
    verify_pdf,
)
from workbench.signing.pdfsign import _signer

ROLE_FIELDS = ["Sig-author-authored", "Sig-reviewer-reviewed", "Sig-approver-approved"]


def sign(pdf: bytes, identity: Identity, meaning: Meaning, **options: Any) -> bytes:
    return sign_pdf(pdf, identity, meaning, appearance=signature_appearance, **options)


@pytest.fixture(scope="module")
def author_and_reviewer(clean_packet: bytes, ids: Any) -> bytes:
    """The acceptance case: signed by the author, countersigned by the reviewer."""
    pdf = sign(clean_packet, ids.author, Meaning.authored, signed_at=NOW)
    return sign(pdf, ids.reviewer, Meaning.reviewed, signed_at=NOW + dt.timedelta(hours=2))


def test_an_unsigned_packet_has_an_empty_field_per_required_signature(clean_packet: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(clean_packet))
    found = reader.get_fields() or {}
    assert sorted(found) == sorted(ROLE_FIELDS)
    assert all(f.get("/FT") == "/Sig" and "/V" not in f for f in found.values())
    assert [f.name for f in signature_fields(clean_packet)] == ROLE_FIELDS
    assert not any(f.filled for f in signature_fields(clean_packet))


def test_author_and_reviewer_fill_their_fields_and_the_approver_field_stays(
    author_and_reviewer: bytes, ids: Any
) -> None:
    reader = pypdf.PdfReader(io.BytesIO(author_and_reviewer))
    found = reader.get_fields() or {}
    assert sorted(found) == sorted(ROLE_FIELDS)  # every field is still there
    states = {f.name: f for f in signature_fields(author_and_reviewer)}
    assert states["Sig-author-authored"].filled and states["Sig-author-authored"].signer == (
        "Zoë Ångström"
    )
    assert states["Sig-reviewer-reviewed"].filled
    assert not states["Sig-approver-approved"].filled
    report = verify_pdf(author_and_reviewer, trust_roots=[ids.ca.certificate])
    assert report.valid
    assert [(s.field, s.certified) for s in report.signatures] == [
        ("Sig-author-authored", True),
        ("Sig-reviewer-reviewed", False),
    ]


def test_the_first_signature_certifies_and_each_field_locks_itself(
    author_and_reviewer: bytes,
) -> None:
    reader = PdfFileReader(io.BytesIO(author_and_reviewer))
    author, reviewer = reader.embedded_signatures
    assert author.docmdp_level == fields.MDPPerm.FILL_FORMS  # changes limited to form filling
    assert reader.root["/Perms"]["/DocMDP"].get_object()["/Reason"] == "authored"
    assert reviewer.docmdp_level is None
    lock = reviewer.fieldmdp
    assert lock is not None
    assert (lock.action, lock.fields) == (fields.FieldMDPAction.INCLUDE, ["Sig-reviewer-reviewed"])


def test_a_filled_field_shows_name_role_meaning_time_and_state(
    clean_packet: bytes, ids: Any
) -> None:
    drawn: list[tuple[list[str], float, float]] = []

    def recording(lines: Sequence[str], width: float, height: float) -> bytes:
        drawn.append((list(lines), width, height))
        return signature_appearance(lines, width, height)

    signed = sign_pdf(
        clean_packet, ids.reviewer, Meaning.reviewed, appearance=recording, signed_at=NOW
    )
    claims = read_manifest(clean_packet)
    assert claims is not None
    [(lines, width, height)] = drawn
    assert lines == [
        "Digitally signed by 李雷",
        "Role: reviewer  ·  Meaning: reviewed",
        "Signed: 2026-11-02 09:30:00 UTC",
        f"Approves state {claims.state_hash[:16]}…",
    ]
    # The appearance fills the field and is the filled widget's normal appearance.
    reader = pypdf.PdfReader(io.BytesIO(signed))
    annots = reader.pages[-1].get("/Annots", [])
    assert isinstance(annots, list)
    widget = next(a.get_object() for a in annots if a.get_object()["/T"] == "Sig-reviewer-reviewed")
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert (round(x2 - x1), round(y2 - y1)) == (round(width), round(height))
    assert "/N" in widget["/AP"]
    # The drawing is text in the packet's fonts, every character of the name kept.
    text = pypdf.PdfReader(io.BytesIO(signature_appearance(lines, width, height))).pages[0]
    assert "李雷" in text.extract_text() and "Meaning: reviewed" in text.extract_text()


def test_the_signature_carries_the_time_its_field_shows(clean_packet: bytes, ids: Any) -> None:
    """The page and the signature tell one time (pyHanko would read its own clock later)."""
    signed = sign(clean_packet, ids.reviewer, Meaning.reviewed, signed_at=NOW)
    [signature] = verify_pdf(signed, trust_roots=[ids.ca.certificate]).signatures
    assert signature.signed_at == NOW
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert embedded.self_reported_timestamp == NOW


def test_the_filled_fields_render_on_the_sign_off_page(
    author_and_reviewer: bytes, tmp_path: Path, require_tool: Any
) -> None:
    require_tool("pdftoppm")
    packet = tmp_path / "signed.pdf"
    packet.write_bytes(author_and_reviewer)
    pages = len(pypdf.PdfReader(packet).pages)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            str(pages),
            "-l",
            str(pages),
            packet,
            tmp_path / "p",
        ],
        check=True,
    )
    [png] = tmp_path.glob("p-*.png")
    assert png.stat().st_size > 5000  # rendered (the PNG itself was looked at by hand)


def test_a_role_whose_field_is_filled_is_refused(author_and_reviewer: bytes, ids: Any) -> None:
    with pytest.raises(InputError, match="the author's signature field Sig-author-authored is"):
        sign(author_and_reviewer, ids.author, Meaning.authored)
    with pytest.raises(InputError, match="already signed by 李雷"):
        next_field_name(author_and_reviewer, Meaning.reviewed)


def test_a_packet_without_the_role_field_is_refused(ids: Any) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "An older packet, written before signature fields")
    canvas.save()
    with pytest.raises(InputError, match="has no signature field for the approver"):
        sign(buffer.getvalue(), ids.approver, Meaning.approved, state_hash="0" * 64)


def test_a_field_is_earmarked_for_its_role_by_its_seed_value(clean_packet: bytes, ids: Any) -> None:
    """pyHanko itself refuses a certificate without the field's role in its subject."""
    reader = PdfFileReader(io.BytesIO(clean_packet))
    [(_, _, ref)] = [
        f for f in fields.enumerate_sig_fields(reader) if f[0] == "Sig-approver-approved"
    ]
    seed = fields.SigSeedValueSpec.from_pdf_object(ref.get_object()["/SV"])
    assert seed.cert is not None and seed.cert.subject_dn is not None
    assert seed.cert.subject_dn.native == {"title": "approver"}
    meta = signers.PdfSignatureMetadata(field_name="Sig-approver-approved")
    writer = IncrementalPdfFileWriter(io.BytesIO(clean_packet))
    with pytest.raises(SigningError, match="Subject does not have"):
        signers.sign_pdf(writer, meta, signer=_signer(ids.reviewer))
    writer = IncrementalPdfFileWriter(io.BytesIO(clean_packet))
    signers.sign_pdf(writer, meta, signer=_signer(ids.approver))  # the approver may
