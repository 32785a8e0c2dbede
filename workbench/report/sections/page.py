"""Page geometry and the small pieces every section of the packet shares (bands, cells)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from workbench.domain import (
    Determination,
    Severity,
    required_level,
)
from workbench.report.content import (
    OUTCOME_WORDS,
    PacketFacts,
)
from workbench.report.fonts import markup
from workbench.report.styles import (
    GREEN,
    RED,
    RULE,
    coloured,
    rich,
    styles,
)

PAGE = A4


LANDSCAPE = landscape(A4)


MARGIN = 18 * mm


TOP_MARGIN = 22 * mm


BOTTOM_MARGIN = 18 * mm


WIDTH = PAGE[0] - 2 * MARGIN


HEIGHT = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN


WIDE = LANDSCAPE[0] - 2 * MARGIN


WIDE_HEIGHT = LANDSCAPE[1] - TOP_MARGIN - BOTTOM_MARGIN


#: Room a diagram gets under its heading on a landscape page.
DIAGRAM_HEIGHT = WIDE_HEIGHT - 48


OUTCOME_KEY = {"ruled_out": "met", "crossed": "blocker", "cannot_rule_out": "major"}


SEVERITY_TITLE = {
    Severity.blocker: "Blocking findings",
    Severity.major: "Major findings",
    Severity.minor: "Minor findings",
    Severity.info: "For information",
}


def short_requirement(requirement_id: str) -> str:
    """The last part of a catalogue id: ``RSP-2.2/ASL3-D/threat-modeling`` → ``threat-modeling``."""
    return requirement_id.rsplit("/", 1)[-1]


def verdict_band(facts: PacketFacts, width: float) -> Table:
    s = styles()
    band = Table([[Paragraph(markup(facts.verdict_label), s.verdict)]], colWidths=[width])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), GREEN if facts.ready else RED),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return band


def key_facts(rows: list[tuple[str, Flowable]], width: float) -> Table:
    s = styles()
    table = Table(
        [[Paragraph(markup(k), s.muted), v] for k, v in rows],
        colWidths=[34 * mm, width - 34 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def outcome_cell(
    determination: Determination | None, undetermined: Severity = Severity.blocker
) -> Paragraph:
    """A table cell with a determination's outcome in its colour.

    Without a determination it reads "not determined", coloured by ``undetermined``: the
    severity the checks give the missing determination (see PacketFacts.undetermined_severity).
    """
    if determination is None:
        text = coloured("not determined", undetermined.value)
    else:
        outcome = determination.outcome
        text = coloured(OUTCOME_WORDS[outcome], OUTCOME_KEY[outcome.value])
    return rich(text, styles().cell)


def required_asl_text(facts: PacketFacts) -> str:
    """What the determinations require, in the framework's terms ("ASL-3 (deployment ASL-3,
    security ASL-3)", "safeguards level High (deployment High, security High)")."""
    return required_level(facts.doc.framework, facts.report.required_asl).required()


def required_level_label(facts: PacketFacts) -> str:
    """The summary row's label: "Required ASL" or "Required safeguards level"."""
    return f"Required {required_level(facts.doc.framework, facts.report.required_asl).label}"
