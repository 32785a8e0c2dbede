"""Ids in the findings tables: rule ids on one line, long subjects broken only after - or /."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from reportlab.platypus import Flowable

from workbench.checks import RULES
from workbench.domain import CaseDocument, CheckReport, Finding, Severity
from workbench.report.content import PacketFacts
from workbench.report.fonts import SANS, SANS_BOLD, text_width
from workbench.report.sections import WIDTH, finding_column_widths, findings
from workbench.report.styles import CELL_PAD_X, id_lines, styles

RenderStory = Callable[[list[Flowable], Path], Path]
LONG_SUBJECT = "RSP-2.2/ASL3-D/third-party-environments"


def finding(rule: str, subject: str = "G1", severity: Severity = Severity.major) -> Finding:
    return Finding(rule=rule, severity=severity, subject=subject, message="see the case")


def test_id_lines_break_only_after_a_hyphen_or_slash() -> None:
    lines = id_lines(LONG_SUBJECT, 90, 7.5)
    assert len(lines) > 1
    assert "".join(lines) == LONG_SUBJECT
    assert all(line.endswith(("-", "/")) for line in lines[:-1])
    assert all(text_width(line, 7.5, SANS) <= 90 for line in lines)


def test_id_lines_keep_an_id_that_fits_on_one_line() -> None:
    assert id_lines("RSP-2.2/ASL3-S/resourcing", 200, 7.5) == ["RSP-2.2/ASL3-S/resourcing"]


def test_id_lines_give_a_piece_wider_than_the_line_a_line_of_its_own() -> None:
    assert id_lines("EV-0123456789abcdef0123", 40, 7.5) == ["EV-", "0123456789abcdef0123"]


def test_findings_rule_column_fits_every_rule_id_on_one_line() -> None:
    widths = finding_column_widths([finding(rule) for rule in RULES], WIDTH)
    for rule in RULES:
        needed = text_width(rule, styles().cell.fontSize, SANS_BOLD) + 2 * CELL_PAD_X
        assert needed <= widths[0], rule
    assert sum(widths) == pytest.approx(WIDTH)


def test_findings_table_prints_rule_ids_whole_and_breaks_subjects_after_separators(
    tmp_path: Path,
    document: CaseDocument,
    report: CheckReport,
    facts_for: Callable[..., PacketFacts],
    render_story: RenderStory,
) -> None:
    rules = ("CMP-NONCOMPLIANCE", "REV-ANSWERED-UNRESOLVED", "REV-RISK-ACCEPTED-NOT-APPROVER")
    listed = CheckReport(
        required_asl=report.required_asl,
        findings=[finding(rule, LONG_SUBJECT) for rule in rules],
    )
    path = render_story(findings(facts_for(document, listed)), tmp_path / "findings.pdf")
    lines = pypdf.PdfReader(path).pages[0].extract_text().splitlines()
    for rule in rules:
        assert rule in lines
    # Each rule's line is followed by its subject cell's lines, then the message.
    starts = [lines.index(rule) + 1 for rule in rules]
    for start in starts:
        end = lines.index("see the case", start)
        subject = lines[start:end]
        assert "".join(subject) == LONG_SUBJECT
        assert len(subject) > 1
        assert all(line.endswith(("-", "/")) for line in subject[:-1]), subject
