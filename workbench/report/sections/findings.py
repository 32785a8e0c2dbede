"""The findings of the checks, blocking first."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import (
    Flowable,
)

from workbench.domain import (
    Finding,
    Severity,
)
from workbench.report.content import (
    PacketFacts,
)
from workbench.report.fonts import SANS_BOLD, markup, text_width
from workbench.report.sections.page import SEVERITY_TITLE, WIDTH
from workbench.report.styles import (
    CELL_PAD_X,
    MUTED,
    Heading,
    clip,
    grid,
    id_cell,
    para,
    rich,
    styles,
)


def finding_column_widths(findings: Sequence[Finding], width: float) -> list[float]:
    """Rule, Concerns and message columns of the findings tables, ``width`` in all.

    The Rule column fits the longest rule id among ``findings`` on one line (within 14-34% of
    the width; a longer id wraps after a "-"); Concerns takes a fifth and the message the rest.
    """
    cell = styles().cell
    longest = max(
        (text_width(f.rule, cell.fontSize, SANS_BOLD) for f in findings),
        default=0.0,
    )
    rule = min(max(longest + 2 * CELL_PAD_X + 1, width * 0.14), width * 0.34)
    concerns = width * 0.2
    return [rule, concerns, width - rule - concerns]


def findings(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    counts = facts.report.counts()
    story: list[Flowable] = [
        Heading("Findings", 0),
        para(
            f"The check engine reports {counts[Severity.blocker]} blocking, "
            f"{counts[Severity.major]} major, {counts[Severity.minor]} minor and "
            f"{counts[Severity.info]} informational findings.",
            s.body,
        ),
    ]
    w = WIDTH
    widths = finding_column_widths(facts.report.findings, w)
    for severity in Severity:
        group = [f for f in facts.report.findings if f.severity == severity]
        if not group:
            continue
        story.append(Heading(f"{SEVERITY_TITLE[severity]} ({len(group)})", 1))
        rows: list[list[Flowable | str]] = [["Rule", "Concerns", "Finding and what to do"]]
        for f in group:
            rows.append(
                [
                    id_cell(f.rule, widths[0], severity.value),
                    id_cell(f.subject, widths[1]),
                    rich(
                        markup(clip(f.message))
                        + (
                            f'<br/><font color="{MUTED.hexval()}">{markup(clip(f.hint))}</font>'
                            if f.hint
                            else ""
                        ),
                        s.cell,
                    ),
                ]
            )
        story.append(grid(rows, widths))
    return story
