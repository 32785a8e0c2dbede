"""The sections of the full (internal) packet, each a list of reportlab flowables.

One module a section (``summary``, ``safeguards``, ``other_frameworks``, ``argument``,
``evidence``, ``findings``, ``review``, ``compliance``, ``signoff``) over the shared page
geometry (``page``); ``full_packet`` puts them in order.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from workbench.report.content import PacketFacts
from workbench.report.sections.argument import argument, outline
from workbench.report.sections.compliance import compliance, quarterly_table, schedule_counts
from workbench.report.sections.evidence import evidence_index
from workbench.report.sections.findings import finding_column_widths, findings
from workbench.report.sections.other_frameworks import other_frameworks
from workbench.report.sections.page import (
    BOTTOM_MARGIN,
    HEIGHT,
    LANDSCAPE,
    MARGIN,
    PAGE,
    TOP_MARGIN,
    WIDTH,
    outcome_cell,
    required_asl_text,
    required_level_label,
)
from workbench.report.sections.review import review_log
from workbench.report.sections.safeguards import determinations, matrix, requirement_cell
from workbench.report.sections.signoff import audit, signoff
from workbench.report.sections.summary import cover, executive_summary
from workbench.report.styles import SectionBreak

__all__ = [
    "BOTTOM_MARGIN",
    "HEIGHT",
    "LANDSCAPE",
    "MARGIN",
    "PAGE",
    "TOP_MARGIN",
    "WIDTH",
    "argument",
    "audit",
    "compliance",
    "cover",
    "determinations",
    "evidence_index",
    "executive_summary",
    "finding_column_widths",
    "findings",
    "full_packet",
    "matrix",
    "other_frameworks",
    "outcome_cell",
    "outline",
    "quarterly_table",
    "required_asl_text",
    "required_level_label",
    "requirement_cell",
    "review_log",
    "schedule_counts",
    "signoff",
]


def full_packet(facts: PacketFacts) -> list[Flowable]:
    """The internal packet, section by section."""
    story: list[Flowable] = []
    story += cover(facts)
    story += [PageBreak(), *executive_summary(facts)]
    story += [PageBreak(), *determinations(facts)]
    story += [Spacer(1, 6 * mm), *matrix(facts)]
    if facts.also:
        story += [SectionBreak(), *other_frameworks(facts)]
    story += argument(facts)
    # A section starts a new page unless the one before only spilled a short tail onto it.
    story += [SectionBreak(), *evidence_index(facts)]
    story += [SectionBreak(), *findings(facts)]
    story += [SectionBreak(), *review_log(facts)]
    story += [SectionBreak(), *compliance(facts)]
    story += audit(facts)
    story += signoff(facts)
    return story
