"""Write the PDF packet: page templates, running header, page numbers, bookmarks and manifest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from io import BytesIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from workbench.checks.crosswalk import FrameworkCoverage
from workbench.domain import BlobStatus, CaseDocument, CheckReport
from workbench.report.content import PacketFacts
from workbench.report.fonts import MONO, SANS, draw_text, register_fonts
from workbench.report.manifest import PacketManifest, build_manifest, embed_manifest
from workbench.report.public import public_packet
from workbench.report.sections import (
    BOTTOM_MARGIN,
    LANDSCAPE,
    MARGIN,
    PAGE,
    TOP_MARGIN,
    full_packet,
)
from workbench.report.sections.signoff import signature_boxes
from workbench.report.styles import MUTED, RULE, Heading


def _text_frame(name: str, page: tuple[float, float]) -> Frame:
    """The frame inside the margins of a page of size ``page``, without padding."""
    return Frame(
        MARGIN,
        BOTTOM_MARGIN,
        page[0] - 2 * MARGIN,
        page[1] - TOP_MARGIN - BOTTOM_MARGIN,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


class PacketTemplate(BaseDocTemplate):
    """Portrait pages for text, landscape pages for diagrams; headings become bookmarks."""

    def __init__(self, target: BytesIO, facts: PacketFacts) -> None:
        model = facts.doc.assessment.model.name
        kind = "public summary" if facts.public else "safety case packet"
        super().__init__(
            target,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=f"{model} — {kind}",
            subject=f"state {facts.state_hash}",
            author="Safety Case Workbench",
            creator="Safety Case Workbench",
            keywords=[facts.packet_id],
            invariant=1,
            displayDocTitle=1,
            lang="en",
        )
        self.facts = facts
        self._bookmarks = 0
        self._outline_level = -1
        self.addPageTemplates(
            [
                PageTemplate(name, [_text_frame(name, size)], onPage=self._decorate, pagesize=size)
                for name, size in (("portrait", PAGE), ("landscape", LANDSCAPE))
            ]
        )

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (packet id, state hash) and footer (classification, page number)."""
        facts = self.facts
        width, height = canvas._pagesize
        canvas.saveState()
        if doc.page == 1:
            canvas.showOutline()
        canvas.setFillColor(MUTED)
        top = height - 12 * 2.835
        draw_text(canvas, MARGIN, top, f"Packet {facts.packet_id}", 7)
        draw_text(
            canvas, width - MARGIN, top, f"state {facts.state_hash}", 6.5, MONO, align="right"
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        bottom = 10 * 2.835
        label = "Public summary" if facts.public else "Confidential — internal safety case packet"
        draw_text(canvas, MARGIN, bottom, label, 7, SANS)
        draw_text(canvas, width / 2, bottom, f"Page {doc.page}", 7.5, SANS, align="centre")
        draw_text(
            canvas, width - MARGIN, bottom, facts.doc.assessment.model.name, 7, SANS, align="right"
        )
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            key = f"section-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            # An outline may not skip a level (reportlab refuses): clamp to one below the last.
            level = min(flowable.outline_level, self._outline_level + 1)
            self._outline_level = level
            self.canv.addOutlineEntry(flowable.outline_title, key, level=level, closed=False)


def build_packet(
    doc: CaseDocument,
    report: CheckReport,
    *,
    packet_id: str,
    generated_at: dt.datetime,
    audit_head: tuple[int, str] | None,
    blob_status: Mapping[str, BlobStatus],
    public: bool = False,
    also: Sequence[FrameworkCoverage] = (),
) -> bytes:
    """The packet PDF for a case and its check report, with ``manifest.json`` embedded.

    ``report`` comes from ``workbench.checks.run_checks`` on the same document; ``audit_head``
    is (event count, head hash) of the store's audit chain, None when there is no store;
    ``blob_status`` is the store's answer for each evidence id. ``public`` writes the redacted
    summary for publication instead of the internal packet; ``also`` adds the section on the
    coverage of other frameworks (``workbench.checks.crosswalk``) to the internal one. The
    result is deterministic for the same inputs.
    """
    pdf, _ = build_packet_with_manifest(
        doc,
        report,
        packet_id=packet_id,
        generated_at=generated_at,
        audit_head=audit_head,
        blob_status=blob_status,
        public=public,
        also=also,
    )
    return pdf


def build_packet_with_manifest(
    doc: CaseDocument,
    report: CheckReport,
    *,
    packet_id: str,
    generated_at: dt.datetime,
    audit_head: tuple[int, str] | None,
    blob_status: Mapping[str, BlobStatus],
    public: bool = False,
    also: Sequence[FrameworkCoverage] = (),
) -> tuple[bytes, PacketManifest]:
    """:func:`build_packet`, also returning the manifest it embedded."""
    register_fonts()
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=dt.UTC)
    facts = PacketFacts(
        doc=doc,
        report=report,
        packet_id=packet_id,
        generated_at=generated_at,
        audit_head=audit_head,
        blob_status=blob_status,
        public=public,
        also=tuple(also),
    )
    story = public_packet(facts) if public else full_packet(facts)
    boxes = signature_boxes(story)  # build() consumes the story
    buffer = BytesIO()
    PacketTemplate(buffer, facts).build(story)
    slots = [box.placed for box in boxes if box.placed is not None]
    manifest = build_manifest(
        doc,
        report,
        packet_id=packet_id,
        generated_at=generated_at,
        public=public,
        state_hash=facts.state_hash,
        audit_head=audit_head,
    )
    return embed_manifest(buffer.getvalue(), manifest, slots), manifest
