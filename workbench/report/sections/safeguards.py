"""Capability determinations and the safeguards compliance matrix (each requirement quoted)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Spacer,
)

from workbench.checks import CoverageStatus
from workbench.domain import (
    Requirement,
    required_level,
)
from workbench.report.content import (
    STATUS_WORDS,
    PacketFacts,
    date_text,
)
from workbench.report.fonts import markup
from workbench.report.sections.page import WIDTH, outcome_cell, short_requirement
from workbench.report.styles import (
    Heading,
    coloured,
    grid,
    id_list,
    para,
    rich,
    styles,
)


def determinations(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    doc = facts.doc
    by_threshold = {d.threshold: d for d in doc.assessment.determinations}
    rows: list[list[Flowable | str]] = [
        ["Threshold", "Outcome", "Evidence", "Rationale", "Determined"]
    ]
    for threshold in doc.framework.thresholds:
        d = by_threshold.get(threshold.id)
        name = rich(f"<b>{markup(threshold.title)}</b><br/>{markup(threshold.id)}", s.cell)
        if d is None:
            rows.append(
                [name, outcome_cell(None, facts.undetermined_severity(threshold.id)), "", "", ""]
            )
            continue
        rows.append(
            [
                name,
                outcome_cell(d),
                id_list(d.evidence) if d.evidence else "none",
                d.rationale or "—",
                ", ".join(x for x in (d.determined_by, date_text(d.determined_on)) if x),
            ]
        )
    w = WIDTH
    return [
        Heading("Capability determinations", 0),
        para(
            "One determination per capability threshold of the framework. A threshold that "
            "cannot be ruled out counts as crossed.",
            s.muted,
        ),
        Spacer(1, 3 * mm),
        grid(rows, [w * 0.24, w * 0.15, w * 0.17, w * 0.30, w * 0.14]),
    ]


def matrix(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    level = required_level(facts.doc.framework, facts.report.required_asl).label
    story: list[Flowable] = [
        Heading("Safeguards compliance matrix", 0),
        para(
            f"Every requirement of every standard the required {level} demands, cited by section "
            "and quoted from the policy text (the quote is the requirement; the title is ours): "
            "its status, the goals that claim it and the evidence beneath them. The text's "
            "examples and expectations are listed but never demanded.",
            s.muted,
        ),
    ]
    if not facts.demanded:
        story.append(para("The determinations demand no safeguard standard."))
    w = WIDTH
    for summary in facts.demanded:
        standard = summary.standard
        why = (
            "baseline for every model"
            if not summary.demanded_by
            else "demanded by " + ", ".join(summary.demanded_by)
        )
        story.append(Heading(f"{standard.title}", 1))
        counts = summary.counts
        story.append(
            rich(
                f"{markup(standard.id)} — {markup(why)}. "
                f"{coloured(str(counts[CoverageStatus.met]) + ' met', 'met')}, "
                f"{coloured(str(counts[CoverageStatus.partial]) + ' partial', 'partial')}, "
                f"{coloured(str(counts[CoverageStatus.missing]) + ' missing', 'missing')}, "
                f"{counts[CoverageStatus.not_applicable]} not applicable.",
                s.small,
            )
        )
        if not standard.specified or not summary.rows:
            story.append(
                para(
                    "The framework has not yet specified the requirements of this standard; "
                    "no requirement can be checked.",
                    s.body,
                )
            )
            continue
        rows: list[list[Flowable | str]] = [
            ["Requirement", "Status", "Claimed by", "Evidence", "Detail"]
        ]
        requirements = facts.doc.framework.requirements_by_id
        for row in summary.rows:
            requirement = requirements[row.requirement]
            rows.append(
                [
                    rich(requirement_cell(requirement), s.cell),
                    rich(coloured(STATUS_WORDS[row.status], row.status.value), s.cell),
                    id_list(row.goals),
                    id_list(row.evidence),
                    row.detail,
                ]
            )
        story.append(Spacer(1, 2 * mm))
        story.append(grid(rows, [w * 0.44, w * 0.10, w * 0.11, w * 0.15, w * 0.20]))
    return story


def requirement_cell(requirement: Requirement) -> str:
    """Title, section and modality, the quoted text, and the short id, as cell markup."""
    source = requirement.source
    where = markup(source.section) if source is not None else "no section"
    modality = requirement.modality.value
    if not requirement.demanded:
        modality += ", not demanded"
    quote = (
        f'<br/><font size="7"><i>\u201c{markup(source.text)}\u201d</i></font>'
        if source is not None
        else ""
    )
    return (
        f"<b>{markup(requirement.title)}</b>"
        f'<br/><font size="6.5">{where} · {markup(modality)}</font>{quote}'
        f'<br/><font size="6.5">{markup(short_requirement(requirement.id))}</font>'
    )
