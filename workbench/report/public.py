"""The redacted public summary: determinations, required ASL and safeguard status, no internals."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from workbench.checks import CoverageStatus
from workbench.checks.triggers import newest_approval
from workbench.domain.compliance_summary import summaries_by_quarter
from workbench.report.content import PacketFacts, date_text, plural
from workbench.report.fonts import markup
from workbench.report.sections import (
    WIDTH,
    audit,
    cover,
    executive_summary,
    outcome_cell,
    quarterly_table,
    required_asl_text,
    schedule_counts,
    signoff,
)
from workbench.report.styles import Heading, coloured, grid, para, rich, styles


def redactions(facts: PacketFacts) -> list[str]:
    """What the public summary leaves out, one line per kind of content."""
    doc = facts.doc
    lines: list[str] = []
    if facts.people:
        lines.append(
            f"The names of {plural(len(facts.people), 'person', 'people')} (assessors, "
            "reviewers, owners, reporters and signers)."
        )
    if facts.teams:
        lines.append(f"The names of {plural(len(facts.teams), 'team')}.")
    if doc.evidence:
        lines.append(
            f"The titles, file names, producing teams and contents of "
            f"{plural(len(doc.evidence), 'evidence file')}. Their SHA-256 hashes remain in the "
            "embedded manifest so this summary can be checked against the assessment's store."
        )
    if doc.case.elements:
        lines.append(
            f"The text of the {plural(len(doc.case.elements), 'element')} of the safety "
            "argument (its diagrams and outline)."
        )
    rationales = sum(1 for d in doc.assessment.determinations if d.rationale)
    if rationales:
        lines.append(f"The rationale of {plural(rationales, 'capability determination')}.")
    if doc.assessment.deployment:
        lines.append("The description of the deployment under assessment.")
    if doc.review.challenges or doc.review.sessions:
        lines.append(
            f"The text of {plural(len(doc.review.challenges), 'stress-testing challenge')} and "
            f"their responses, and the scope and minutes of "
            f"{plural(len(doc.review.sessions), 'review session')}."
        )
    if facts.report.findings:
        lines.append(
            f"The messages of {plural(len(facts.report.findings), 'finding')} of the check "
            "engine (their number by severity is kept)."
        )
    compliance = doc.compliance
    if compliance.schedule or compliance.methodology_changes or compliance.noncompliance:
        scheduled = plural(len(compliance.schedule), "scheduled assessment")
        lines.append(
            f"The descriptions and owners of {scheduled}, the details of "
            f"{plural(len(compliance.methodology_changes), 'methodology change')} and the "
            f"text, reporters and ids of the noncompliance register "
            f"({plural(len(compliance.noncompliance), 'item')}); only their counts and dates "
            "are given."
        )
    if doc.signoffs:
        lines.append("The names of the signers on the sign-off page (roles and times are kept).")
    return lines


def determinations_public(facts: PacketFacts) -> list[Flowable]:
    by_threshold = {d.threshold: d for d in facts.doc.assessment.determinations}
    rows: list[list[Flowable | str]] = [["Capability threshold", "Domain", "Determination"]]
    for threshold in facts.doc.framework.thresholds:
        outcome = outcome_cell(
            by_threshold.get(threshold.id), facts.undetermined_severity(threshold.id)
        )
        rows.append([threshold.title, threshold.domain, outcome])
    return [
        Heading("Capability determinations", 0),
        grid(rows, [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3]),
    ]


def safeguards_by_standard(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Heading("Safeguard status by standard", 0),
        para(f"The determinations require {required_asl_text(facts)}.", s.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[Flowable | str]] = [
        ["Standard", "Met", "Partial", "Missing", "Not applicable", "Status"]
    ]
    for summary in facts.demanded:
        c = summary.counts
        if not summary.rows:
            status = coloured("requirements not yet specified by the framework", "info")
        elif c[CoverageStatus.missing] or c[CoverageStatus.partial]:
            status = coloured("gaps remain", "missing" if c[CoverageStatus.missing] else "partial")
        else:
            status = coloured("all requirements met", "met")
        rows.append(
            [
                summary.standard.title,
                str(c[CoverageStatus.met]),
                str(c[CoverageStatus.partial]),
                str(c[CoverageStatus.missing]),
                str(c[CoverageStatus.not_applicable]),
                rich(status, s.cell),
            ]
        )
    w = WIDTH
    story.append(grid(rows, [w * 0.36, w * 0.08, w * 0.09, w * 0.09, w * 0.13, w * 0.25]))
    return story


def compliance_public(facts: PacketFacts) -> list[Flowable]:
    """Compliance in counts and dates only: schedule, assessment dates, noncompliance by quarter."""
    s = styles()
    doc = facts.doc
    model = doc.assessment.model
    approval = newest_approval(doc, facts.today)
    newest = approval.signed_on if approval is not None else None
    story: list[Flowable] = [
        Heading("Compliance", 0),
        para(f"As of {facts.today.isoformat()}. " + schedule_counts(facts), s.body),
        Spacer(1, 2 * mm),
        grid(
            [
                ["Assessment or approval", "Date"],
                ["Last comprehensive capability assessment", date_text(model.last_comprehensive)],
                ["Last preliminary capability assessment", date_text(model.last_preliminary)],
                ["Newest approval of the safeguards", date_text(newest)],
            ],
            [WIDTH * 0.6, WIDTH * 0.4],
        ),
        Spacer(1, 2 * mm),
        para(
            f"{plural(len(doc.compliance.methodology_changes), 'methodology change')} recorded.",
            s.body,
        ),
        Heading("Noncompliance by quarter", 1),
    ]
    summaries = summaries_by_quarter(doc.compliance.noncompliance)
    if summaries:
        story.append(quarterly_table(summaries, with_ids=False))
    else:
        story.append(para("No noncompliance is recorded."))
    return story


def redaction_list(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Heading("What was redacted", 0),
        para(
            "This summary is written for publication. The following were withheld from it; the "
            "internal packet of the same state (same state hash) contains them.",
            s.body,
        ),
        Spacer(1, 2 * mm),
    ]
    story += [Paragraph(markup(line), s.bullet, bulletText="•") for line in redactions(facts)]
    if len(story) == 3:
        story.append(para("Nothing: the case holds no internal names or evidence yet."))
    return story


def public_packet(facts: PacketFacts) -> list[Flowable]:
    """The public summary, section by section."""
    story: list[Flowable] = []
    story += cover(facts)
    story += [PageBreak(), *executive_summary(facts)]
    story += [PageBreak(), *determinations_public(facts)]
    story += [Spacer(1, 8 * mm), *safeguards_by_standard(facts)]
    story += [PageBreak(), *compliance_public(facts)]
    story += [PageBreak(), *redaction_list(facts)]
    story += [Spacer(1, 8 * mm), *audit(facts)]
    story += signoff(facts, redact_names=True)
    return story
