"""The packet's optional "Coverage of other frameworks" section (``packet --also``)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.app.catalogs import load_framework_file
from workbench.app.crosswalks import load_mapping_file
from workbench.checks import requirement_status, run_checks
from workbench.checks.crosswalk import FrameworkCoverage, coverage_of
from workbench.domain import CaseDocument
from workbench.report import build_packet

from .conftest import NOW, PACKET_ID

DATA = Path(__file__).parents[1] / "checks" / "data" / "crosswalk"


@pytest.fixture(scope="module")
def coverage(document: CaseDocument) -> FrameworkCoverage:
    """The report test case (under RSP-2.2) read against the toy framework."""
    toy = load_framework_file(DATA / "toy-1.json")
    mapping = load_mapping_file(DATA / "rsp-2.2--toy-1.json")
    return coverage_of(document, requirement_status(document), toy, mapping)


def _packet(path: Path, doc: CaseDocument, also: list[FrameworkCoverage]) -> Path:
    pdf = build_packet(
        doc,
        run_checks(doc, today=NOW.date()),
        packet_id=PACKET_ID,
        generated_at=NOW,
        audit_head=None,
        blob_status={},
        also=also,
    )
    path.write_bytes(pdf)
    return path


def test_the_section_lists_every_demanded_item_with_its_coverage(
    tmp_path: Path,
    document: CaseDocument,
    coverage: FrameworkCoverage,
    pdf_text: Callable[..., str],
) -> None:
    text = pdf_text(_packet(tmp_path / "also.pdf", document, [coverage]))
    flat = " ".join(text.split())
    assert "Coverage of other frameworks" in flat
    assert "Toy Safety Code (TOY-1)" in flat
    counts = coverage.counts
    assert (
        f"Through crosswalk RSP-2.2--TOY-1: {counts['covered']} covered, "
        f"{counts['partial']} partly covered, {counts['not_addressed']} not addressed of 5 "
        "demanded items."
    ) in flat
    for item in coverage.items:
        assert item.title in flat
    # the one item nothing links to is named in the closing paragraph, not a table row
    assert (
        "Not addressed: 1 item TOY-1 demands that no RSP-2.2 item is linked to — Something "
        "only the toy asks (Measure 1.4)."
    ) in flat


def test_without_also_there_is_no_such_section(
    tmp_path: Path, document: CaseDocument, pdf_text: Callable[..., str]
) -> None:
    text = pdf_text(_packet(tmp_path / "plain.pdf", document, []))
    assert "Coverage of other frameworks" not in text


@pytest.mark.requires_tool("pdftoppm")
def test_the_section_page_renders(
    tmp_path: Path,
    document: CaseDocument,
    coverage: FrameworkCoverage,
    pdf_text: Callable[..., str],
) -> None:
    packet = _packet(tmp_path / "also.pdf", document, [coverage])
    page = next(n for n in range(1, 40) if "Coverage of other frameworks" in pdf_text(packet, n, n))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(packet),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    [png] = list(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 5_000  # a page with a table on it, not a blank one
