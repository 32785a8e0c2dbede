"""Benchmark: the packet of a 10,000-element case against bare reportlab, and signing 1,000 pages.

1. ``build_packet`` for a synthetic case of 10,000 elements, compared with reportlab laying out
   the same number of paragraphs and table rows (same fonts, same page size, the case's own
   texts) without any of our code, measured in the same run. Target: at most 1.5x.
2. ``sign_pdf`` and ``verify_pdf`` on a packet of about 1,000 pages. Target: about a second.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Table

from workbench.app.catalogs import builtin_framework
from workbench.app.synthetic import synthetic_case
from workbench.checks import run_checks
from workbench.domain import CaseDocument, Meaning, SignerRole
from workbench.report import build_packet, signature_appearance
from workbench.report.content import PacketFacts
from workbench.report.fonts import markup, register_fonts
from workbench.report.outline import OutlineBlock
from workbench.report.sections import full_packet
from workbench.report.styles import styles
from workbench.signing import create_ca, create_identity, sign_pdf, verify_pdf

SIZE = 10_000
RUNS = 3
TARGET_RATIO = 1.5
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def count_story(story: list[Flowable]) -> tuple[int, int]:
    """Paragraphs outside tables (an outline entry counts as one), and table rows, in a story
    (nested groups included)."""
    paragraphs = rows = 0
    stack = list(story)
    while stack:
        item = stack.pop()
        if isinstance(item, Paragraph):
            paragraphs += 1
        elif isinstance(item, OutlineBlock):  # one paragraph per outline entry
            paragraphs += len(item.entries)
        elif isinstance(item, Table):
            rows += len(item._cellvalues)
        elif isinstance(item, KeepTogether | KeepInFrame):
            stack.extend(item._content)
    return paragraphs, rows


def packet_time(doc: CaseDocument) -> tuple[float, int, int, int]:
    report = run_checks(doc, today=NOW.date())
    facts = PacketFacts(doc, report, "PKT-bench", NOW, None, {}, False)
    paragraphs, rows = count_story(full_packet(facts))
    best = float("inf")
    size = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = build_packet(
            doc, report, packet_id="PKT-bench", generated_at=NOW, audit_head=None, blob_status={}
        )
        best = min(best, time.perf_counter() - start)
        size = len(pdf)
    return best, paragraphs, rows, size


def baseline_time(doc: CaseDocument, paragraphs: int, rows: int) -> float:
    """Reportlab alone: the same number of paragraphs and 4-column table rows of the case's text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    s = styles()
    texts = [f"{e.id} {e.type.value} — {e.text}" for e in doc.case.elements]
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        story: list[Flowable] = [
            Paragraph(markup(texts[i % len(texts)]), s.cell) for i in range(paragraphs)
        ]
        table_rows: list[list[Flowable | str]] = [
            [
                Paragraph(markup(texts[i % len(texts)][:40]), s.cell),
                Paragraph(markup(texts[(i + 1) % len(texts)][:60]), s.cell),
                Paragraph(markup(texts[(i + 2) % len(texts)][:30]), s.cell),
                Paragraph("status", s.cell),
            ]
            for i in range(rows)
        ]
        # Tables of 40 rows: one long reportlab table re-measures its remaining rows at every
        # page break, which would make the baseline slower than it needs to be.
        for first in range(0, len(table_rows), 40):
            story.append(Table(table_rows[first : first + 40], colWidths=[120, 180, 120, 70]))
        SimpleDocTemplate(BytesIO(), pagesize=A4).build(story)
        best = min(best, time.perf_counter() - start)
    return best


def signing_times(pdf: bytes) -> dict[str, float]:
    """Seconds to sign, verify, countersign and verify both signatures."""
    with tempfile.TemporaryDirectory() as folder:
        ca = create_ca(Path(folder) / "ca.p12", "Bench Lab", "bench")
        author = create_identity(
            Path(folder) / "a.p12", "Bench Author", SignerRole.author, "bench", ca=ca
        )
        approver = create_identity(
            Path(folder) / "b.p12", "Bench Approver", SignerRole.approver, "bench", ca=ca
        )
    times: dict[str, float] = {}
    start = time.perf_counter()
    signed = sign_pdf(pdf, author, Meaning.authored, appearance=signature_appearance)
    times["sign"] = time.perf_counter() - start
    start = time.perf_counter()
    assert verify_pdf(signed, trust_roots=[ca.certificate]).valid
    times["verify"] = time.perf_counter() - start
    start = time.perf_counter()
    countersigned = sign_pdf(signed, approver, Meaning.approved, appearance=signature_appearance)
    times["countersign"] = time.perf_counter() - start
    start = time.perf_counter()
    assert verify_pdf(countersigned, trust_roots=[ca.certificate]).valid
    times["verify both"] = time.perf_counter() - start
    return times


def main() -> int:
    framework = builtin_framework()
    doc = synthetic_case(SIZE, framework, seed=1, now=NOW).document
    ours, paragraphs, rows, size = packet_time(doc)
    base = baseline_time(doc, paragraphs, rows)
    ratio = ours / base
    print(
        f"packet of {len(doc.case.elements):,} elements ({paragraphs:,} paragraphs, "
        f"{rows:,} table rows, {size / 1e6:.1f} MB): build_packet best of {RUNS}: {ours:.2f} s"
    )
    print(f"bare reportlab, same paragraphs and rows: {base:.2f} s")
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"ratio: {ratio:.2f} ({verdict} the target of {TARGET_RATIO:g})")

    # A packet of about 1,000 pages: a larger synthetic case.
    big = synthetic_case(39_000, framework, seed=2, now=NOW).document
    pdf = build_packet(
        big,
        run_checks(big, today=NOW.date()),
        packet_id="PKT-bench-1000",
        generated_at=NOW,
        audit_head=None,
        blob_status={},
    )
    pages = int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])
    times = signing_times(pdf)
    print(
        f"a {pages:,}-page packet ({len(pdf) / 1e6:.1f} MB): "
        + ", ".join(f"{what} {seconds:.2f} s" for what, seconds in times.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
