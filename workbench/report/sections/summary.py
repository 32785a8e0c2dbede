"""The packet's cover and its one-page executive summary."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    Spacer,
)

from workbench.checks import CoverageStatus
from workbench.domain import (
    Finding,
    Severity,
)
from workbench.report.content import (
    PacketFacts,
    plural,
    utc_text,
)
from workbench.report.fonts import markup
from workbench.report.sections.page import (
    HEIGHT,
    WIDTH,
    key_facts,
    outcome_cell,
    required_asl_text,
    required_level_label,
    verdict_band,
)
from workbench.report.styles import (
    MUTED,
    Heading,
    coloured,
    grid,
    para,
    rich,
    styles,
)


def cover(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    doc = facts.doc
    model = doc.assessment.model
    label = "PUBLIC SUMMARY — REDACTED FOR PUBLICATION" if facts.public else "SAFETY CASE PACKET"
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        rich(f'<font color="{MUTED.hexval()}">{label}</font>', s.small),
        Spacer(1, 4 * mm),
        Heading(model.name, 0, s.title),
        para(doc.assessment.title, s.subtitle),
        verdict_band(facts, WIDTH),
        Spacer(1, 8 * mm),
    ]
    mono = s.mono
    rows: list[tuple[str, Flowable]] = [("Model", para(model.name))]
    if model.snapshot:
        rows.append(("Snapshot", para(model.snapshot)))
    if model.developer:
        rows.append(("Developer", para(model.developer)))
    rows += [
        ("Framework", para(f"{doc.framework.title} ({doc.framework.id})")),
        (required_level_label(facts), rich(f"<b>{markup(required_asl_text(facts))}</b>")),
        ("Verdict", para(facts.verdict_label)),
        ("Generated", para(utc_text(facts.generated_at))),
        ("Packet id", Paragraph(markup(facts.packet_id), mono)),
        ("State hash", Paragraph(facts.state_hash, mono)),
    ]
    story.append(key_facts(rows, WIDTH))
    story.append(Spacer(1, 10 * mm))
    if facts.public:
        note = (
            "This is the redacted summary for publication. It states the capability "
            "determinations, the AI Safety Level they require and the status of each required "
            "safeguard standard; evidence content and internal names are withheld (see "
            "“What was redacted”)."
        )
    else:
        note = (
            "Confidential. This packet records the state of the safety case identified by the "
            "state hash above. Any later change to the case voids sign-offs given for this "
            "state. Digital signatures, if present, are embedded in this PDF; check them with "
            "“workbench verify”."
        )
    story.append(para(note, s.muted))
    return story


def executive_summary(facts: PacketFacts) -> list[Flowable]:
    """One page for leadership; shrunk to fit if the lists are long."""
    s = styles()
    doc = facts.doc
    model = doc.assessment.model
    body: list[Flowable] = []
    assessed = (
        f"{model.name}{f' (snapshot {model.snapshot})' if model.snapshot else ''} was assessed "
        f"against {doc.framework.title}"
    )
    if doc.assessment.deployment and not facts.public:
        assessed += f" for this deployment: {doc.assessment.deployment.strip().rstrip('.')}"
    assessed += "."
    if model.effective_compute_ratio:
        assessed += (
            f" Its effective compute is {model.effective_compute_ratio:g}× that of the last "
            "comprehensively assessed model"
            + (f" ({model.last_comprehensive.isoformat()})." if model.last_comprehensive else ".")
        )
    body += [Heading("What was assessed", 1), para(assessed, s.lead)]

    body.append(Heading("Capability determinations", 1))
    rows: list[list[Flowable | str]] = [["Threshold", "Determination"]]
    by_threshold = {d.threshold: d for d in doc.assessment.determinations}
    for threshold in doc.framework.thresholds:
        outcome = outcome_cell(
            by_threshold.get(threshold.id), facts.undetermined_severity(threshold.id)
        )
        rows.append([threshold.title, outcome])
    body.append(grid(rows, [WIDTH * 0.62, WIDTH * 0.38]))

    counts = facts.requirement_counts
    demanded = sum(counts.values())
    body.append(Heading("Required safeguards", 1))
    standards = ", ".join(x.standard.title for x in facts.demanded) or "none"
    body.append(
        rich(
            f"The determinations require <b>{markup(required_asl_text(facts))}</b>: "
            f"{markup(standards)}.",
            s.body,
        )
    )
    body.append(
        rich(
            f"Of {plural(demanded, 'demanded requirement')}: "
            f"{coloured(f'{counts[CoverageStatus.met]} met', 'met')} · "
            f"{coloured(f'{counts[CoverageStatus.partial]} partial', 'partial')} · "
            f"{coloured(f'{counts[CoverageStatus.missing]} missing', 'missing')} · "
            f"{counts[CoverageStatus.not_applicable]} not applicable.",
            s.body,
        )
    )

    body.append(Heading(f"Blocking findings ({len(facts.blockers)})", 1))
    if facts.public:
        sev = facts.report.counts()
        body.append(
            para(
                f"{sev[Severity.blocker]} blocking, {sev[Severity.major]} major, "
                f"{sev[Severity.minor]} minor findings (details withheld in this summary).",
            )
        )
    elif not facts.blockers:
        body.append(para("None: nothing blocks sign-off."))
    else:
        # One line per rule (most frequent first), quoting its first finding.
        by_rule: dict[str, list[Finding]] = {}
        for finding in facts.blockers:
            by_rule.setdefault(finding.rule, []).append(finding)
        ranked = sorted(by_rule.items(), key=lambda item: -len(item[1]))
        for rule, group in ranked[:8]:
            first = group[0].message
            if len(first) > 150:
                first = first[:149].rstrip() + "…"
            count = f" ×{len(group)}" if len(group) > 1 else ""
            lead = "e.g. " if len(group) > 1 else ""
            body.append(rich(f"• <b>{markup(rule)}</b>{count} — {lead}{markup(first)}", s.small))
        if len(ranked) > 8:
            rest = sum(len(group) for _, group in ranked[8:])
            body.append(para(f"… and {rest} more (see Findings).", s.muted))

    body.append(Heading("Open challenges", 1))
    open_counts = facts.open_challenges
    total_open = sum(open_counts.values())
    if total_open == 0:
        body.append(para("No stress-testing challenge is open."))
    else:
        parts = ", ".join(
            f"{open_counts[sev]} {sev.value}" for sev in open_counts if open_counts[sev]
        )
        body.append(para(f"{plural(total_open, 'challenge')} still open ({parts})."))

    body.append(Heading("Verdict", 1))
    body.append(verdict_band(facts, WIDTH))
    body.append(Spacer(1, 3 * mm))
    body.append(para(facts.verdict_words, s.lead))
    frame = KeepInFrame(WIDTH, HEIGHT - 40, body, mode="shrink")
    return [Heading("Executive summary", 0), frame]
