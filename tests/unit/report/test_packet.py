"""The PDF packet: what a reader finds in it, read back with pdftotext, pypdf and pdffonts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.builders import case
from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.domain import CaseDocument, CheckReport, Severity
from workbench.report import MANIFEST_NAME
from workbench.report.diagram import MAX_DIAGRAMS

PdfText = Callable[..., str]
PacketWriter = Callable[..., Path]


def outline_titles(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    titles: list[str] = []

    def walk(items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)
    return titles


def page_of(path: Path, pdf_text: PdfText, needle: str) -> int:
    pages = len(pypdf.PdfReader(path).pages)
    for number in range(1, pages + 1):
        if needle in pdf_text(path, number, number):
            return number
    raise AssertionError(f"{needle!r} is on no page")


def test_packet_text_renders_names_in_latin_cjk_and_cyrillic(
    packet_file: Path, pdf_text: PdfText
) -> None:
    text = pdf_text(packet_file)
    for person in ("Zoë Ångström", "李雷", "Ибрагим Алиев"):
        assert person in text


@pytest.mark.requires_tool("pdffonts")
def test_packet_embeds_the_cjk_fallback_font(packet_file: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(packet_file)], capture_output=True, text=True).stdout
    assert "DroidSansFallback" in fonts
    assert "DejaVuSans" in fonts


def test_packet_cover_names_model_asl_verdict_state_and_packet_id(
    packet_file: Path, pdf_text: PdfText, document: CaseDocument, report: CheckReport
) -> None:
    cover = pdf_text(packet_file, 1, 1)
    assert "Quill-3" in cover
    assert "ASL-3 (deployment ASL-3, security ASL-3)" in cover
    assert f"Not ready for approval — {report.blocking} blocking findings" in cover
    assert document.state_hash() in cover
    assert "PKT-test-0001" in cover


def test_packet_executive_summary_is_one_page(packet_file: Path, pdf_text: PdfText) -> None:
    summary = pdf_text(packet_file, 2, 2)
    assert summary.count("Executive summary") == 1
    assert "What was assessed" in summary
    assert "Verdict" in summary
    assert "The case is not ready for approval." in summary
    assert "Capability determinations" in pdf_text(packet_file, 3, 3)


def test_packet_summary_counts_requirements_by_status(packet_file: Path, pdf_text: PdfText) -> None:
    summary = " ".join(pdf_text(packet_file, 2, 2).split())
    # Two of the 27 demanded requirements are claimed and evidenced; G4 is undeveloped. The
    # text's examples and expectations (ASL-3 Deployment and Security) are not counted.
    assert "Of 27 demanded requirements: 2 met · 1 partial · 24 missing" in summary


def test_packet_running_header_carries_packet_id_and_state_hash(
    packet_file: Path, pdf_text: PdfText, document: CaseDocument
) -> None:
    pages = len(pypdf.PdfReader(packet_file).pages)
    last = pdf_text(packet_file, pages, pages)
    assert "Packet PKT-test-0001" in last
    assert f"state {document.state_hash()}" in last
    assert f"Page {pages}" in last


def test_packet_has_bookmarks_for_every_section(packet_file: Path) -> None:
    titles = outline_titles(packet_file)
    for section in (
        "Executive summary",
        "Capability determinations",
        "Safeguards compliance matrix",
        "The argument",
        "Argument outline",
        "Evidence index",
        "Findings",
        "Stress-testing log",
        "Compliance",
        "Audit chain",
        "Sign-off",
    ):
        assert section in titles


def test_packet_draws_diagrams_on_landscape_pages(packet_file: Path, pdf_text: PdfText) -> None:
    number = page_of(packet_file, pdf_text, "The argument")
    page = pypdf.PdfReader(packet_file).pages[number - 1]
    assert page.mediabox.width > page.mediabox.height
    text = pdf_text(packet_file, number, number)
    for element in ("G1", "S1", "Sn1", "C1", "A1", "J1", "AG1"):
        assert element in text


def test_packet_manifest_is_an_embedded_file_with_the_state_and_evidence_hashes(
    packet_file: Path, document: CaseDocument, report: CheckReport
) -> None:
    attachments = pypdf.PdfReader(packet_file).attachments
    assert list(attachments) == [MANIFEST_NAME]
    manifest = json.loads(attachments[MANIFEST_NAME][0])
    assert manifest["packet_id"] == "PKT-test-0001"
    assert manifest["state_hash"] == document.state_hash()
    assert manifest["evidence"] == {e.id: e.sha256 for e in document.evidence}
    assert manifest["findings"]["blocker"] == report.blocking
    assert manifest["required_asl"]["overall"] == "ASL-3"
    assert manifest["public"] is False
    assert dt.datetime.fromisoformat(manifest["generated_at"]) == dt.datetime(
        2026, 11, 2, 9, 30, tzinfo=dt.UTC
    )


def test_packet_evidence_index_lists_full_sha256(
    packet_file: Path, pdf_text: PdfText, document: CaseDocument
) -> None:
    text = pdf_text(packet_file)
    for evidence in document.evidence:
        assert evidence.sha256[:32] in text and evidence.sha256[32:] in text


def test_packet_compliance_reports_delay_in_days(packet_file: Path, pdf_text: PdfText) -> None:
    text = " ".join(pdf_text(packet_file).split())
    assert "completed 3 days late" in text
    assert "due in 12 days" in text
    assert "1.2 → 1.3" in text


def test_packet_review_log_shows_challenge_history_and_resolution(
    packet_file: Path, pdf_text: PdfText
) -> None:
    text = " ".join(pdf_text(packet_file).split())
    assert "Two weeks covered 40,000 attempts" in text
    assert "Resolved: refuted with argument or evidence." in text
    assert "Unresolved: no response yet." in text


def test_packet_signoff_page_lists_signers_and_a_field_per_required_signature(
    packet_file: Path, pdf_text: PdfText
) -> None:
    reader = pypdf.PdfReader(packet_file)
    pages = len(reader.pages)
    last = " ".join(pdf_text(packet_file, pages, pages).split())
    assert "Zoë Ångström author authored" in last
    assert "this state" in last
    # The fields are the signature lines: no blank "Printed name ____" blocks any more.
    assert last.count("Printed name") == 1  # the header of the recorded sign-offs
    assert "____" not in last and "still to come" not in last
    for role, meaning in (
        ("Author", "authored"),
        ("Reviewer", "reviewed"),
        ("Approver", "approved"),
    ):
        assert f"{role} — meaning: {meaning}" in last
    fields = reader.get_fields() or {}
    assert sorted(fields) == [
        "Sig-approver-approved",
        "Sig-author-authored",
        "Sig-reviewer-reviewed",
    ]
    assert all(f.get("/FT") == "/Sig" and f.get("/V") is None for f in fields.values())
    # Each field is a visible area on the sign-off page, one under the other.
    widgets = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]
    boxes = {str(w["/T"]): [float(v) for v in w["/Rect"]] for w in widgets}
    assert set(boxes) == set(fields)
    assert all(x2 - x1 > 300 and y2 - y1 > 40 for x1, y1, x2, y2 in boxes.values())
    tops = [
        boxes[f"Sig-{r}"][3] for r in ("author-authored", "reviewer-reviewed", "approver-approved")
    ]
    assert tops == sorted(tops, reverse=True)


def test_a_packet_with_no_sign_off_yet_prints_no_placeholder_lines(
    tmp_path: Path, pdf_text: PdfText, packet_writer: PacketWriter
) -> None:
    doc = case().goal("G1").document()
    path = packet_writer(tmp_path / "unsigned.pdf", doc, packet_id="PKT-none")
    pages = len(pypdf.PdfReader(path).pages)
    last = " ".join(pdf_text(path, pages, pages).split())
    assert "No sign-off is recorded yet" not in last and "Printed name" not in last
    assert "Awaiting the author's signature (field Sig-author-authored)" in last


def test_public_summary_leaves_out_people_teams_and_evidence(
    public_file: Path, pdf_text: PdfText, names: Any
) -> None:
    text = pdf_text(public_file)
    for secret in (
        *names.people,
        *names.teams,
        *names.evidence_titles,
        *names.filenames,
        "Two weeks covered",
    ):
        assert secret not in text
    titles = outline_titles(public_file)
    assert all(secret not in " ".join(titles) for secret in names.people)


def test_public_summary_states_determinations_asl_and_standards(
    public_file: Path, pdf_text: PdfText
) -> None:
    text = " ".join(pdf_text(public_file).split())
    assert "PUBLIC SUMMARY" in text
    assert "cannot be ruled out (treated as crossed)" in text
    assert "ASL-3 (deployment ASL-3, security ASL-3)" in text
    assert "ASL-3 Deployment Standard" in text
    assert "Safeguard status by standard" in text


def test_public_summary_lists_what_was_redacted(public_file: Path, pdf_text: PdfText) -> None:
    text = " ".join(pdf_text(public_file).split())
    assert "What was redacted" in text
    assert "The names of 3 people" in text
    assert "The names of 2 teams" in text
    assert "contents of 2 evidence files" in text


def test_public_manifest_is_flagged_public(public_file: Path) -> None:
    manifest = json.loads(pypdf.PdfReader(public_file).attachments[MANIFEST_NAME][0])
    assert manifest["public"] is True


def test_packet_for_a_large_case_splits_diagrams_and_keeps_the_outline(
    tmp_path: Path, pdf_text: PdfText, packet_writer: PacketWriter
) -> None:
    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    doc = synthetic_case(1500, builtin_framework(), seed=3, now=now).document
    path = packet_writer(tmp_path / "large.pdf", doc, packet_id="PKT-large", generated_at=now)
    reader = pypdf.PdfReader(path)
    landscape = sum(1 for p in reader.pages if p.mediabox.width > p.mediabox.height)
    assert 2 <= landscape <= MAX_DIAGRAMS + 1
    text = pdf_text(path)
    last_element = doc.case.elements[-1].id
    assert f"{last_element} " in text  # every element is in the outline


@pytest.mark.parametrize("public", [False, True])
def test_packet_of_an_empty_case_still_renders(
    tmp_path: Path, pdf_text: PdfText, packet_writer: PacketWriter, public: bool
) -> None:
    from workbench.app.stores import new_document

    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    doc = new_document("Empty-1", builtin_framework(), now=now)
    path = packet_writer(
        tmp_path / "empty.pdf", doc, packet_id="PKT-empty", generated_at=now, public=public
    )
    assert "Empty-1" in pdf_text(path, 1, 1)


def test_packet_without_blocking_findings_reads_ready_for_approval(
    tmp_path: Path,
    pdf_text: PdfText,
    packet_writer: PacketWriter,
    document: CaseDocument,
    report: CheckReport,
) -> None:
    calm = report.model_copy(
        update={"findings": [f for f in report.findings if f.severity != Severity.blocker]}
    )
    path = packet_writer(
        tmp_path / "ready.pdf",
        document,
        calm,
        packet_id="PKT-ready",
        generated_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    assert "Ready for approval" in pdf_text(path, 1, 1)
    assert "The case is ready for approval." in " ".join(pdf_text(path, 2, 2).split())
