"""The sections of the full (internal) packet, each a list of reportlab flowables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbench.checks import CoverageStatus
from workbench.domain import (
    CONTEXTUAL,
    MEANING_FOR_ROLE,
    BlobStatus,
    Challenge,
    Determination,
    Element,
    ElementType,
    Finding,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    Requirement,
    Severity,
    asl_name,
    labels,
)
from workbench.domain.compliance_summary import (
    QuarterlySummary,
    ScheduleState,
    schedule_state,
    summaries_by_quarter,
)
from workbench.domain.review import RESOLUTION, challenge_history
from workbench.report.charts import schedule_timeline
from workbench.report.content import (
    OUTCOME_WORDS,
    STATUS_WORDS,
    PacketFacts,
    date_text,
    plural,
    schedule_status,
    utc_text,
)
from workbench.report.diagram import GsnDiagram, plan_diagrams
from workbench.report.fonts import MONO, SANS_BOLD, markup, text_width
from workbench.report.outline import OutlineBlock, OutlineEntry
from workbench.report.styles import (
    CELL_PAD_X,
    GREEN,
    HEAD_FILL,
    MUTED,
    RED,
    RULE,
    STATUS_COLOUR,
    Heading,
    SectionBreak,
    clip,
    coloured,
    grid,
    id_cell,
    id_list,
    para,
    rich,
    styles,
)
from workbench.report.triggers import trigger_rows

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
    asl = facts.report.required_asl
    return (
        f"{asl_name(asl.overall)} (deployment {asl_name(asl.deployment)}, "
        f"security {asl_name(asl.security)})"
    )


# ---------------------------------------------------------------------------------------------
# Cover and executive summary


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
        ("Required ASL", rich(f"<b>{markup(required_asl_text(facts))}</b>")),
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


# ---------------------------------------------------------------------------------------------
# Determinations and the requirements matrix


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
    story: list[Flowable] = [
        Heading("Safeguards compliance matrix", 0),
        para(
            "Every requirement of every standard the required ASL demands, cited by section "
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


# ---------------------------------------------------------------------------------------------
# The argument: diagrams and outline


def argument(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    flagged = facts.flagged_elements
    story: list[Flowable] = [
        NextPageTemplate("landscape"),
        PageBreak(),
        Heading("The argument", 0),
        para(
            "The safety case in Goal Structuring Notation: goals (rectangles), strategies "
            "(parallelograms), solutions citing evidence (circles), context (rounded), "
            "assumptions (A) and justifications (J). A diamond marks an undeveloped goal; a red "
            "outline marks an element with a blocking finding, on the element itself or on a "
            "challenge to it.",
            s.muted,
        ),
    ]
    pages = plan_diagrams(facts.doc.case, WIDE, DIAGRAM_HEIGHT)
    if not pages:
        story.append(para("The case has no elements yet."))
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story.append(Heading(page.title, 1, s.h2))
        if page.note:
            story.append(para(page.note, s.muted))
        if page.layout is not None:
            story.append(Spacer(1, 2 * mm))
            story.append(
                GsnDiagram(
                    page.layout, WIDE, DIAGRAM_HEIGHT, flagged=flagged, continued=page.continued
                )
            )
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += outline(facts)
    return story


def _outline_entry(element: Element, depth: int, seen_before: bool) -> OutlineEntry:
    kind = labels.label(element.type)
    if seen_before:
        return OutlineEntry(depth, element.id, f"({kind}) shown above")
    notes = []
    if element.undeveloped:
        notes.append("undeveloped")
    if element.addresses:
        notes.append("claims " + ", ".join(short_requirement(r) for r in element.addresses))
    if element.not_applicable:
        notes.append(
            "not applicable: "
            + ", ".join(short_requirement(n.requirement) for n in element.not_applicable)
        )
    if element.evidence:
        notes.append("evidence " + ", ".join(element.evidence))
    if element.type == ElementType.away_goal:
        notes.append(f"see module {element.away_module}")
    return OutlineEntry(
        depth, element.id, f"({kind}) {element.text}", f"[{'; '.join(notes)}]" if notes else ""
    )


def outline_lines(facts: PacketFacts) -> Iterator[tuple[Element, int, bool]]:
    """Depth-first walk of each module from its roots: (element, depth, already shown)."""
    case = facts.doc.case
    by_id = case.by_id
    shown: set[str] = set()
    for module in case.modules:
        members = [e for e in case.elements if e.module == module.id]
        ids = {e.id for e in members}
        tops = [e for e in members if not any(p in ids for p in case.parents[e.id])]
        # Arguing elements first, then stray context elements.
        roots = [e for e in tops if e.type not in CONTEXTUAL]
        roots += [e for e in tops if e.type in CONTEXTUAL]
        stack: list[tuple[str, int]] = [(e.id, 0) for e in reversed(roots)]
        while stack:
            node, depth = stack.pop()
            element = by_id[node]
            if node in shown:
                yield element, depth, True
                continue
            shown.add(node)
            yield element, depth, False
            kids = [c for c in element.in_context_of if c in ids]
            kids += [c for c in element.supported_by if c in ids]
            stack.extend((c, depth + 1) for c in reversed(kids))
        for element in members:  # anything only reachable through a cycle
            if element.id not in shown:
                shown.add(element.id)
                yield element, 0, False


def outline(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Heading("Argument outline", 1, s.h1),
        para(
            "Every element of the argument, indented under the element it supports or gives "
            "context to; an element reached a second time is listed once and then referred to.",
            s.muted,
        ),
        Spacer(1, 2 * mm),
    ]
    case = facts.doc.case
    current_module = None
    entries: list[OutlineEntry] = []
    for element, depth, seen in outline_lines(facts):
        if len(case.modules) > 1 and element.module != current_module:
            if entries:
                story.append(OutlineBlock(entries))
                entries = []
            current_module = element.module
            module = next(m for m in case.modules if m.id == current_module)
            story.append(Heading(f"Module {module.title or module.id}", 2, s.h3))
        entries.append(_outline_entry(element, depth, seen))
    if entries:
        story.append(OutlineBlock(entries))
    return story


# ---------------------------------------------------------------------------------------------
# Evidence, findings, review, compliance, audit, sign-off


def evidence_index(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    doc = facts.doc
    story: list[Flowable] = [Heading("Evidence index", 0)]
    if not doc.evidence:
        return [*story, para("No evidence is recorded.")]
    story.append(
        para(
            f"{plural(len(doc.evidence), 'evidence file')}, each identified by the SHA-256 of "
            "its bytes as stored.",
            s.muted,
        )
    )
    # One paragraph per row; the other cells are plain strings (much cheaper to lay out).
    rows: list[list[Flowable | str]] = [["Evidence", "Kind and dates", "SHA-256", "Bytes"]]
    commands: list[tuple[object, ...]] = [
        ("FONT", (2, 1), (2, -1), MONO, 6.4),
        ("FONT", (3, 1), (3, -1), SANS_BOLD, 7),
    ]
    for row, e in enumerate(doc.evidence, 1):
        status = facts.blob_status.get(e.id, BlobStatus.present)
        notes = []
        if e.expires and e.expires < facts.today:
            notes.append(f"expired {e.expires.isoformat()}")
        if e.superseded_by:
            notes.append(f"superseded by {e.superseded_by}")
        text = f"<b>{markup(e.id)}</b> {markup(clip(e.title, 300))}<br/>"
        text += f'<font color="{MUTED.hexval()}">{markup(e.filename)}'
        text += f" · {markup(e.team)}</font>" if e.team else "</font>"
        if notes:
            text += "<br/>" + coloured("; ".join(notes), "blocker")
        dates = [labels.label(e.kind), f"collected {date_text(e.collected)}"]
        if e.expires:
            dates.append(f"expires {e.expires.isoformat()}")
        rows.append(
            [
                Paragraph(text, s.cell),
                "\n".join(dates),
                f"{e.sha256[:32]}\n{e.sha256[32:]}",
                status.value,
            ]
        )
        colour = STATUS_COLOUR["met" if status == BlobStatus.present else "blocker"]
        commands.append(("TEXTCOLOR", (3, row), (3, row), colour))
    w = WIDTH
    story.append(Spacer(1, 2 * mm))
    table = grid(rows, [w * 0.42, w * 0.2, w * 0.29, w * 0.09], plain_columns=(1, 2, 3))
    table.setStyle(TableStyle(commands))
    story.append(table)
    return story


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


def _challenge_block(challenge: Challenge) -> Flowable:
    s = styles()
    status = labels.label(challenge.status)
    severity = challenge.severity.value
    key = "met" if challenge.status.resolved else challenge.severity.value
    parts: list[Flowable] = [
        rich(
            f"<b>{markup(challenge.id)}</b> · {coloured(severity, severity)}"
            f" · {markup(challenge.kind.value)} · on {markup(challenge.target_kind.value)} "
            f"<b>{markup(challenge.target)}</b> · status {coloured(status, key)}",
            s.cell,
        ),
        rich(
            f"Raised by <b>{markup(challenge.raised_by)}</b>, {utc_text(challenge.raised_at)}: "
            f"{markup(challenge.text)}",
            s.cell,
        ),
    ]
    # The words are the window's (workbench.domain.review.challenge_history).
    for line in challenge_history(challenge)[2:-1]:
        parts.append(rich(markup(line), s.response))
    parts.append(rich(f"<i>{markup(RESOLUTION[challenge.status])}</i>", s.muted))
    parts.append(Spacer(1, 2 * mm))
    return KeepTogether(parts)


def review_log(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    review = facts.doc.review
    story: list[Flowable] = [Heading("Stress-testing log", 0)]
    if not review.sessions:
        return [*story, para("No stress-testing session is recorded.")]
    for session in review.sessions:
        story.append(Heading(session.title, 1))
        people = "; ".join(
            f"{p.name}" + (f" ({p.team})" if p.team else "") + f" — {p.role.value}"
            for p in session.participants
        )
        rows: list[tuple[str, Flowable]] = [
            ("Session", para(session.id)),
            (
                "Held",
                para(
                    f"{utc_text(session.started)} to "
                    f"{utc_text(session.ended) if session.ended else 'still open'}"
                ),
            ),
            ("Participants", para(clip(people) or "none recorded")),
        ]
        if session.scope:
            rows.append(("Scope", para(clip(session.scope))))
        story.append(key_facts(rows, WIDTH))
        story.append(Heading("Minutes", 2, s.h3))
        story.append(para(session.minutes or "No minutes were recorded.", s.body))
        challenges = [c for c in review.challenges if c.session == session.id]
        story.append(Heading(f"Challenges ({len(challenges)})", 2, s.h3))
        if not challenges:
            story.append(para("No challenge was raised in this session.", s.muted))
        story.extend(_challenge_block(c) for c in challenges)
    return story


def schedule_counts(facts: PacketFacts) -> str:
    """The schedule in one sentence of counts and days (no names: the public summary uses it)."""
    items = facts.doc.compliance.schedule
    state_of = [(i, schedule_state(i, facts.today)) for i in items]
    states = Counter(state for _, state in state_of)
    parts = [f"{states[ScheduleState.on_time]} completed on time"]
    late = [i.delay_days for i, state in state_of if state is ScheduleState.late]
    overdue = [
        i.overdue_days(facts.today) for i, state in state_of if state is ScheduleState.overdue
    ]
    if late:
        parts.append(f"{len(late)} completed late (longest delay {plural(max(late), 'day')})")
    else:
        parts.append("none completed late")
    if overdue:
        parts.append(f"{len(overdue)} overdue (longest by {plural(max(overdue), 'day')})")
    else:
        parts.append("none overdue")
    parts.append(f"{states[ScheduleState.upcoming]} not yet due")
    return f"{plural(len(items), 'scheduled assessment')}: " + ", ".join(parts) + "."


def compliance_timeline(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    heading = Heading("Assessment timeline", 1)
    items = facts.doc.compliance.schedule
    if not items:
        return [heading, para("No scheduled assessment is recorded.")]
    chart = schedule_timeline(items, facts.today, WIDTH)
    return [
        KeepTogether([heading, para(schedule_counts(facts), s.small), Spacer(1, 2 * mm), chart])
    ]


def trigger_table(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    rows: list[list[Flowable | str]] = [["Trigger", "Value", "Limit", "Status"]]
    for row in trigger_rows(facts.doc, facts.today):
        rows.append(
            [
                row.trigger,
                row.value,
                row.limit,
                rich(
                    f"{coloured(row.state.value, row.state.value)} — {markup(row.note)}"
                    f'<br/><font color="{MUTED.hexval()}" size="6.5">{markup(row.rule)}</font>',
                    s.cell,
                ),
            ]
        )
    w = WIDTH
    return [
        Heading("Re-assessment triggers", 1),
        para(
            "What calls for a new assessment of the model, measured against the limits the "
            "check engine applies; the rule under each status reports it among the findings "
            "when it is due.",
            s.muted,
        ),
        Spacer(1, 2 * mm),
        grid(rows, [w * 0.27, w * 0.19, w * 0.22, w * 0.32]),
    ]


def quarterly_table(summaries: Sequence[QuarterlySummary], *, with_ids: bool) -> Table:
    """Counts per quarter under a two-row header (severity and status grouped), with totals.

    ``with_ids`` adds the ids of the items notified to the Board (internal packet only).
    """
    s = styles()
    severities = list(NoncomplianceSeverity)
    statuses = list(NoncomplianceStatus)
    head = [
        "Quarter",
        "Reported",
        "Severity",
        *[""] * (len(severities) - 1),
        "Status as of now",
        *[""] * (len(statuses) - 1),
        "Board notified",
        "Anonymous",
        "Unresolved from earlier",
    ]
    sub = ["", "", *(v.value for v in severities), *(v.value for v in statuses), "", "", ""]
    body: list[list[str]] = []
    for q in summaries:
        board = str(len(q.board_notifications))
        if with_ids and q.board_notifications:
            board += f" ({', '.join(q.board_notifications)})"
        body.append(
            [
                q.label,
                str(len(q.reported)),
                *(str(q.by_severity[v]) for v in severities),
                *(str(q.by_status[v]) for v in statuses),
                board,
                str(q.anonymous),
                str(len(q.carried_over)),
            ]
        )
    total = [
        "Total",
        str(sum(len(q.reported) for q in summaries)),
        *(str(sum(q.by_severity[v] for q in summaries)) for v in severities),
        *(str(sum(q.by_status[v] for q in summaries)) for v in statuses),
        str(sum(len(q.board_notifications) for q in summaries)),
        str(sum(q.anonymous for q in summaries)),
        "",
    ]
    cells = [
        [Paragraph(markup(text), s.cell_head) for text in head],
        [Paragraph(markup(text), s.cell) for text in sub],
        *[[Paragraph(markup(text), s.cell) for text in line] for line in body],
        [Paragraph(f"<b>{markup(text)}</b>", s.cell) for text in total],
    ]
    # Relative widths: each column as wide as its longest header word plus padding.
    points = (42, 48, 30, 40, 30, 32, 58, 42, 54, 56, 61)
    widths = [WIDTH * p / sum(points) for p in points]
    table = Table(cells, colWidths=widths, repeatRows=2)
    first_status = 2 + len(severities)
    after = first_status + len(statuses)
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (2, 0), (first_status - 1, 0)),
                ("SPAN", (first_status, 0), (after - 1, 0)),
                *[("SPAN", (c, 0), (c, 1)) for c in (0, 1, after, after + 1, after + 2)],
                ("BACKGROUND", (0, 0), (-1, 1), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def noncompliance_by_quarter(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Heading("Noncompliance by quarter", 1)]
    summaries = summaries_by_quarter(facts.doc.compliance.noncompliance)
    if not summaries:
        return [*story, para("No noncompliance is recorded.")]
    note = para(
        "Items reported in each calendar quarter that has any. Statuses are as they stand on "
        "the packet date (the register keeps no status history); the last column counts items "
        "reported earlier and not yet resolved when the quarter began.",
        s.muted,
    )
    table = quarterly_table(summaries, with_ids=not facts.public)
    # A short table stays with its heading; a long one may split (its header repeats).
    group: list[Flowable] = [*story, note, Spacer(1, 2 * mm), table]
    return [KeepTogether(group)] if len(summaries) <= 12 else group


def compliance(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    data = facts.doc.compliance
    w = WIDTH
    story: list[Flowable] = [
        Heading("Compliance", 0),
        para(
            f"Deadlines, delays and re-assessment triggers as of the packet date, "
            f"{facts.today.isoformat()}; methodology changes and the noncompliance register.",
            s.muted,
        ),
        *compliance_timeline(facts),
        *trigger_table(facts),
        Heading("Assessment schedule", 1),
    ]
    if data.schedule:
        rows: list[list[Flowable | str]] = [["Assessment", "Owner", "Due", "Completed", "Status"]]
        for item in data.schedule:
            words, key = schedule_status(item, facts.today)
            rows.append(
                [
                    rich(f"<b>{markup(item.id)}</b> {markup(clip(item.what))}", s.cell),
                    item.owner or "—",
                    date_text(item.due),
                    date_text(item.completed),
                    rich(coloured(words, key), s.cell),
                ]
            )
        story.append(grid(rows, [w * 0.34, w * 0.16, w * 0.12, w * 0.12, w * 0.26]))
    else:
        story.append(para("No scheduled assessment is recorded."))
    story.append(Heading("Methodology changes", 1))
    if data.methodology_changes:
        rows = [["Evaluation", "Change", "Reason", "Recorded"]]
        for m in data.methodology_changes:
            rows.append(
                [
                    rich(f"<b>{markup(m.id)}</b> {markup(m.evaluation)}", s.cell),
                    f"{m.from_version} → {m.to_version}",
                    m.reason + (f" (evidence {id_list(m.evidence)})" if m.evidence else ""),
                    date_text(m.recorded),
                ]
            )
        story.append(grid(rows, [w * 0.25, w * 0.17, w * 0.45, w * 0.13]))
    else:
        story.append(para("No methodology change is recorded."))
    story.append(Heading("Noncompliance register", 1))
    if data.noncompliance:
        rows = [["Item", "Reported", "Severity", "Status", "Board"]]
        for n in data.noncompliance:
            rows.append(
                [
                    rich(f"<b>{markup(n.id)}</b> {markup(clip(n.description))}", s.cell),
                    f"{date_text(n.reported)} by {n.reporter or 'anonymous'}",
                    n.severity.value,
                    n.status.value,
                    "notified" if n.board_notification else "—",
                ]
            )
        story.append(grid(rows, [w * 0.44, w * 0.22, w * 0.11, w * 0.12, w * 0.11]))
    else:
        story.append(para("No noncompliance is recorded."))
    story += noncompliance_by_quarter(facts)
    story.append(Spacer(1, 6 * mm))
    return story


def audit(facts: PacketFacts) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [CondPageBreak(60 * mm), Heading("Audit chain", 0)]
    if facts.audit_head is None:
        story.append(para("No audit log was given when this packet was written."))
        return story
    count, head = facts.audit_head
    story.append(
        key_facts(
            [
                ("Events", para(str(count))),
                ("Head hash", Paragraph(head, s.mono)),
            ],
            WIDTH,
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            "Every change to the store is an event chained to the previous one by its hash. "
            "The store this packet was written from had the head above; "
            "“workbench audit verify STORE” re-walks the chain.",
            s.muted,
        )
    )
    return story


def _blank_block(role: str, meaning: str) -> Table:
    s = styles()
    line = "_" * 46
    rows = [
        [Paragraph("Printed name", s.muted), Paragraph(line, s.body)],
        [Paragraph("Role", s.muted), para(role)],
        [Paragraph("Meaning", s.muted), para(meaning)],
        [Paragraph("Date (UTC)", s.muted), Paragraph(line, s.body)],
        [Paragraph("Signature", s.muted), Paragraph(line, s.body)],
    ]
    table = Table(rows, colWidths=[32 * mm, WIDTH - 32 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def signoff(facts: PacketFacts, *, redact_names: bool = False) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [PageBreak(), Heading("Sign-off", 0)]
    story.append(
        para(
            "A sign-off approves the exact state of the case identified by its state hash. "
            f"This packet shows state {facts.state_hash[:16]}…; a sign-off for any other state "
            "is void.",
            s.muted,
        )
    )
    if facts.doc.signoffs:
        rows: list[list[Flowable | str]] = [["Printed name", "Role", "Meaning", "Time", "State"]]
        for so in facts.doc.signoffs:
            current = so.state_hash == facts.state_hash
            rows.append(
                [
                    "[redacted]" if redact_names else so.signer,
                    so.role.value,
                    so.meaning.value,
                    utc_text(so.signed_at),
                    rich(
                        coloured("this state", "met")
                        if current
                        else coloured(f"earlier state {so.state_hash[:10]}… — void", "blocker"),
                        s.cell,
                    ),
                ]
            )
        w = WIDTH
        story.append(Spacer(1, 2 * mm))
        story.append(grid(rows, [w * 0.3, w * 0.13, w * 0.13, w * 0.2, w * 0.24]))
    else:
        story.append(para("No sign-off is recorded yet."))
    if facts.roles_to_sign:
        story.append(Heading("Signatures still to come", 1))
        for role in facts.roles_to_sign:
            story.append(_blank_block(role.value, MEANING_FOR_ROLE[role].value))
            story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "Digital signatures are embedded in this PDF as PAdES signatures, one revision per "
            "signer; “workbench verify PACKET.pdf --trust CA.pem” reports each signer, role, "
            "meaning and time and whether the document is intact.",
            s.muted,
        )
    )
    return story


def full_packet(facts: PacketFacts) -> list[Flowable]:
    """The internal packet, section by section."""
    story: list[Flowable] = []
    story += cover(facts)
    story += [PageBreak(), *executive_summary(facts)]
    story += [PageBreak(), *determinations(facts)]
    story += [Spacer(1, 6 * mm), *matrix(facts)]
    story += argument(facts)
    # A section starts a new page unless the one before only spilled a short tail onto it.
    story += [SectionBreak(), *evidence_index(facts)]
    story += [SectionBreak(), *findings(facts)]
    story += [SectionBreak(), *review_log(facts)]
    story += [SectionBreak(), *compliance(facts)]
    story += audit(facts)
    story += signoff(facts)
    return story
