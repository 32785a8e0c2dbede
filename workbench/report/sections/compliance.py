"""Compliance: the assessment timeline, triggers, methodology changes and noncompliance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbench.domain import (
    NoncomplianceSeverity,
    NoncomplianceStatus,
)
from workbench.domain.compliance_summary import (
    QuarterlySummary,
    ScheduleState,
    schedule_state,
    summaries_by_quarter,
)
from workbench.report.charts import schedule_timeline
from workbench.report.content import (
    PacketFacts,
    date_text,
    plural,
    schedule_status,
)
from workbench.report.fonts import markup
from workbench.report.sections.page import WIDTH
from workbench.report.styles import (
    HEAD_FILL,
    MUTED,
    RULE,
    Heading,
    clip,
    coloured,
    grid,
    id_list,
    para,
    rich,
    styles,
)
from workbench.report.triggers import trigger_rows, unstated_triggers


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
    story: list[Flowable] = [
        Heading("Re-assessment triggers", 1),
        para(
            "What calls for a new assessment of the model, measured against the limits the "
            "check engine applies; the rule under each status reports it among the findings "
            "when it is due.",
            s.muted,
        ),
        Spacer(1, 2 * mm),
    ]
    if len(rows) > 1:
        story.append(grid(rows, [w * 0.27, w * 0.19, w * 0.22, w * 0.32]))
    unstated = unstated_triggers(facts.doc.framework)
    if unstated:
        story.append(para(unstated, s.muted))
    return story


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
