"""The packet's compliance section: timeline chart, trigger status and noncompliance by quarter."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Group, Rect, Shape, String
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate

from workbench.checks import run_checks
from workbench.domain import (
    CaseDocument,
    Meaning,
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    ScheduledAssessment,
    SignerRole,
    SignOff,
)
from workbench.domain.compliance_summary import quarter_of, summaries_by_quarter
from workbench.report.charts import MAX_ROWS, schedule_timeline
from workbench.report.fonts import text_width
from workbench.report.sections import WIDTH, quarterly_table
from workbench.report.styles import GREEN, ORANGE, RED
from workbench.report.triggers import TriggerRow, TriggerState, trigger_rows

PdfText = Callable[..., str]
TODAY = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)


def late() -> ScheduledAssessment:
    return ScheduledAssessment(
        id="SCH1", what="Comprehensive assessment", due=TODAY - 44 * DAY, completed=TODAY - 41 * DAY
    )


def overdue() -> ScheduledAssessment:
    return ScheduledAssessment(id="SCH2", what="Safeguards report", due=TODAY - 5 * DAY)


def upcoming() -> ScheduledAssessment:
    return ScheduledAssessment(id="SCH3", what="Annual re-approval", due=TODAY + 120 * DAY)


def on_time() -> ScheduledAssessment:
    return ScheduledAssessment(
        id="SCH4", what="Preliminary assessment", due=TODAY - 20 * DAY, completed=TODAY - 22 * DAY
    )


def many(count: int) -> list[ScheduledAssessment]:
    """``count`` items a week apart, every third one still open."""
    first = TODAY - 200 * DAY
    return [
        ScheduledAssessment(
            id=f"SCH{n}",
            what=f"Assessment {n}",
            due=first + 7 * n * DAY,
            completed=None if n % 3 == 0 else first + (7 * n + n % 4) * DAY,
        )
        for n in range(1, count + 1)
    ]


def layout_lines(path: Path) -> list[str]:
    """The PDF's text as poppler lays it out (table rows stay on one line), spaces collapsed."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return [" ".join(line.split()) for line in result.stdout.decode().splitlines()]


def line_with(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


def render(flowables: list[Flowable], folder: Path) -> Path:
    path = folder / "chart.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(flowables)
    return path


def shapes(node: Group | Drawing) -> Iterator[Shape]:
    for child in node.contents:
        if isinstance(child, Group):
            yield from shapes(child)
        else:
            yield child


def filled(part: Group, kind: type[Shape], colour: Any) -> list[Shape]:
    return [s for s in shapes(part) if isinstance(s, kind) and s.fillColor == colour]


# --------------------------------------------------------------------------- timeline chart
@pytest.mark.parametrize("count", [0, 1, 3, 60])
def test_timeline_draws_into_a_pdf_for_any_number_of_items(
    count: int, tmp_path: Path, pdf_text: PdfText
) -> None:
    items = [late(), overdue(), upcoming()][:count] if count <= 3 else many(count)
    text = pdf_text(render([schedule_timeline(items, TODAY, WIDTH)], tmp_path))
    if count == 0:
        assert "No scheduled assessment to chart." in text
    else:
        assert items[-1].id in text and "packet date 2026-11-02" in text


def test_timeline_labels_a_late_completion_in_days(tmp_path: Path, pdf_text: PdfText) -> None:
    text = pdf_text(render([schedule_timeline([late()], TODAY, WIDTH)], tmp_path))
    assert "3 days late" in text


def test_timeline_labels_overdue_work_in_days(tmp_path: Path, pdf_text: PdfText) -> None:
    text = pdf_text(render([schedule_timeline([overdue()], TODAY, WIDTH)], tmp_path))
    assert "5 days overdue" in text


def test_timeline_draws_the_delay_of_a_late_completion_as_one_red_bar() -> None:
    drawing = schedule_timeline([late(), upcoming()], TODAY, WIDTH)
    assert len(filled(drawing.rows, Rect, RED)) == 1
    assert filled(drawing.rows, Rect, ORANGE) == []


def test_timeline_draws_overdue_work_as_one_orange_bar_up_to_the_packet_date() -> None:
    drawing = schedule_timeline([overdue()], TODAY, WIDTH)
    bars = filled(drawing.rows, Rect, ORANGE)
    (line,) = [s for s in shapes(drawing.packet_date) if not hasattr(s, "text")]
    assert len(bars) == 1
    assert bars[0].x + bars[0].width == pytest.approx(line.x1)


def test_timeline_marks_an_on_time_completion_green() -> None:
    drawing = schedule_timeline([on_time()], TODAY, WIDTH)
    assert len(filled(drawing.rows, Circle, GREEN)) == 1
    assert filled(drawing.rows, Rect, RED) == []


def test_timeline_axis_labels_every_month_it_spans() -> None:
    drawing = schedule_timeline([late(), overdue()], TODAY, WIDTH)
    labels = [s.text for s in shapes(drawing.axis) if hasattr(s, "text")]
    assert labels == ["Sep 2026", "Oct", "Nov"]


def test_timeline_axis_labels_do_not_overlap_on_a_span_of_years() -> None:
    typo = ScheduledAssessment(id="SCH9", what="Due date mistyped", due=dt.date(9999, 12, 31))
    drawing = schedule_timeline([late(), typo], TODAY, WIDTH)
    labels = sorted(
        (s.x, s.text) for s in shapes(drawing.axis) if isinstance(s, String) and s.text.isdigit()
    )
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(labels)]
    assert len(labels) > 3 and min(gaps) > text_width("9999", 6.5)


def test_timeline_legend_names_every_mark() -> None:
    drawing = schedule_timeline([late()], TODAY, WIDTH)
    words = {s.text for s in shapes(drawing.legend) if hasattr(s, "text")}
    assert words == {
        "due date",
        "completed on time",
        "completed late (delay)",
        "overdue to the packet date",
        "not yet due",
        "packet date",
    }


def test_timeline_of_60_items_shows_the_40_most_recent_and_says_so(
    tmp_path: Path, pdf_text: PdfText
) -> None:
    items = many(60)
    drawing = schedule_timeline(items, TODAY, WIDTH)
    shown = {s.text for s in shapes(drawing.rows) if getattr(s, "text", "").startswith("SCH")}
    assert shown == {f"SCH{n}" for n in range(61 - MAX_ROWS, 61)}
    text = " ".join(pdf_text(render([drawing], tmp_path)).split())
    assert "Showing the 40 most recent of 60 scheduled assessments" in text


def test_timeline_of_40_items_fits_on_one_portrait_page() -> None:
    drawing = schedule_timeline(many(40), TODAY, WIDTH)
    assert drawing.height < A4[1] - 40 * 2.835


# ---------------------------------------------------------------------- trigger status
def with_model(document: CaseDocument, **update: Any) -> CaseDocument:
    model = document.assessment.model.model_copy(update=update)
    return document.model_copy(
        update={"assessment": document.assessment.model_copy(update={"model": model})}
    )


def row(doc: CaseDocument, trigger: str, today: dt.date = TODAY) -> TriggerRow:
    return next(r for r in trigger_rows(doc, today) if r.trigger.startswith(trigger))


def rules_found(doc: CaseDocument, today: dt.date = TODAY) -> set[str]:
    return {f.rule for f in run_checks(doc, today=today).findings}


def test_trigger_compute_row_shows_value_and_limit(document: CaseDocument) -> None:
    compute = row(with_model(document, effective_compute_ratio=2.5), "Effective compute")
    assert (compute.value, compute.limit, compute.state) == ("2.5×", "4×", TriggerState.ok)


def test_trigger_compute_at_the_limit_is_due_as_cmp_reports(document: CaseDocument) -> None:
    doc = with_model(document, effective_compute_ratio=4.0, last_preliminary=None)
    assert row(doc, "Effective compute").state is TriggerState.due
    assert "CMP-PRELIMINARY-DUE" in rules_found(doc)


def test_trigger_answered_by_a_later_preliminary_is_ok_as_cmp_reports(
    document: CaseDocument,
) -> None:
    last = document.assessment.model.last_comprehensive
    assert last is not None
    doc = with_model(document, effective_compute_ratio=5.0, last_preliminary=last + DAY)
    assert row(doc, "Effective compute").state is TriggerState.ok
    assert "CMP-PRELIMINARY-DUE" not in rules_found(doc)


def test_trigger_post_training_months_show_value_and_limit(document: CaseDocument) -> None:
    months = row(with_model(document, post_training_months=7), "Post-training")
    assert (months.value, months.limit, months.state) == (
        "7 months",
        "6 months",
        TriggerState.due,
    )


def test_trigger_unrecorded_post_training_months_say_so(document: CaseDocument) -> None:
    months = row(with_model(document, post_training_months=None), "Post-training")
    assert (months.value, months.state) == ("—", TriggerState.not_recorded)


def test_trigger_comprehensive_older_than_six_months_is_due_as_evd_reports(
    document: CaseDocument,
) -> None:
    doc = with_model(document, last_comprehensive=dt.date(2026, 5, 1))
    comprehensive = row(doc, "Last comprehensive")
    assert comprehensive.value == "2026-05-01 (185 days old)"
    assert comprehensive.limit == "6 months (stale if before 2026-05-02)"
    assert comprehensive.state is TriggerState.due
    assert "EVD-STALE-ASSESSMENT" in rules_found(doc)


def test_trigger_comprehensive_six_months_old_to_the_day_is_ok(document: CaseDocument) -> None:
    doc = with_model(document, last_comprehensive=dt.date(2026, 5, 2))
    assert row(doc, "Last comprehensive").state is TriggerState.ok
    assert "EVD-STALE-ASSESSMENT" not in rules_found(doc)


def test_trigger_preliminary_is_due_while_a_trigger_is_unanswered(
    document: CaseDocument,
) -> None:
    doc = with_model(document, post_training_months=6, last_preliminary=dt.date(2026, 1, 5))
    preliminary = row(doc, "Last preliminary")
    assert (preliminary.value, preliminary.state) == ("2026-01-05", TriggerState.due)


def approved(document: CaseDocument, on: dt.date) -> CaseDocument:
    signoff = SignOff(
        id="SO-approval",
        signer="An Approver",
        role=SignerRole.approver,
        meaning=Meaning.approved,
        signed_at=dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC),
        state_hash=document.state_hash(),
    )
    return document.model_copy(update={"signoffs": [*document.signoffs, signoff]})


def test_trigger_approval_older_than_365_days_is_due_as_cmp_reports(
    document: CaseDocument,
) -> None:
    doc = approved(document, TODAY - 366 * DAY)
    approval = row(doc, "Newest safeguards approval")
    assert (approval.value, approval.limit, approval.state) == (
        "2025-11-01 (366 days old)",
        "365 days",
        TriggerState.due,
    )
    assert "CMP-REAPPROVAL" in rules_found(doc)


def test_trigger_approval_365_days_old_is_ok(document: CaseDocument) -> None:
    doc = approved(document, TODAY - 365 * DAY)
    assert row(doc, "Newest safeguards approval").state is TriggerState.ok
    assert "CMP-REAPPROVAL" not in rules_found(doc)


def test_trigger_without_any_approval_is_not_recorded(document: CaseDocument) -> None:
    assert row(document, "Newest safeguards approval").state is TriggerState.not_recorded


@pytest.mark.requires_tool("pdftotext")
def test_packet_trigger_table_shows_values_limits_and_status(packet_file: Path) -> None:
    lines = layout_lines(packet_file)
    compute = line_with(lines, "Effective compute vs the last")
    assert compute.endswith("2.5× 4× ok — below the limit")
    comprehensive = line_with(lines, "Last comprehensive assessment")
    # The value and limit cells wrap; their first lines share the row's line.
    assert comprehensive.startswith("Last comprehensive assessment 2026-09-03 (60 days 6 months")
    assert comprehensive.endswith("ok — within the limit; stale after")
    approval = line_with(lines, "Newest safeguards approval")
    assert approval.endswith("— 365 days not recorded — no approval has been")


# ------------------------------------------------------------------ quarterly summary
def item(ident: str, reported: dt.date, **fields: Any) -> NoncomplianceItem:
    fields.setdefault("reporter", "A Reporter")
    return NoncomplianceItem(id=ident, description=f"Item {ident}", reported=reported, **fields)


@pytest.fixture
def register() -> list[NoncomplianceItem]:
    """Three items in 2024 Q1 (one on the leap day, one on the last day) and two in Q2."""
    high, low = NoncomplianceSeverity.high, NoncomplianceSeverity.low
    return [
        item("NC1", dt.date(2024, 1, 1), severity=high, status=NoncomplianceStatus.resolved),
        item("NC2", dt.date(2024, 2, 29), reporter=None, board_notification=True, severity=high),
        item("NC3", dt.date(2024, 3, 31), status=NoncomplianceStatus.investigating),
        item("NC4", dt.date(2024, 4, 1), severity=low, reporter=None),
        item("NC5", dt.date(2024, 6, 30), board_notification=True),
    ]


def test_leap_day_falls_in_the_first_quarter() -> None:
    assert quarter_of(dt.date(2024, 2, 29)) == (2024, 1)


def test_summary_has_one_row_per_quarter_with_items(register: list[NoncomplianceItem]) -> None:
    summaries = summaries_by_quarter(register)
    assert [(s.label, [i.id for i in s.reported]) for s in summaries] == [
        ("2024 Q1", ["NC1", "NC2", "NC3"]),
        ("2024 Q2", ["NC4", "NC5"]),
    ]


def test_summary_counts_by_severity_and_status(register: list[NoncomplianceItem]) -> None:
    first, second = summaries_by_quarter(register)
    assert [first.by_severity[v] for v in NoncomplianceSeverity] == [2, 1, 0]
    assert [first.by_status[v] for v in NoncomplianceStatus] == [1, 1, 1]
    assert [second.by_severity[v] for v in NoncomplianceSeverity] == [0, 1, 1]
    assert [second.by_status[v] for v in NoncomplianceStatus] == [2, 0, 0]


def test_summary_counts_board_notifications_and_anonymous_reports(
    register: list[NoncomplianceItem],
) -> None:
    first, second = summaries_by_quarter(register)
    assert (first.board_notifications, first.anonymous) == (("NC2",), 1)
    assert (second.board_notifications, second.anonymous) == (("NC5",), 1)


def test_summary_carries_unresolved_items_into_the_next_quarter(
    register: list[NoncomplianceItem],
) -> None:
    assert summaries_by_quarter(register)[1].carried_over == ("NC2", "NC3")


def test_quarterly_table_prints_the_counts_and_totals(
    register: list[NoncomplianceItem], tmp_path: Path, pdf_text: PdfText
) -> None:
    table = quarterly_table(summaries_by_quarter(register), with_ids=True)
    lines = layout_lines(render([table], tmp_path))
    # quarter, reported, high/medium/low, open/investigating/resolved, board, anonymous, carried
    assert "2024 Q1 3 2 1 0 1 1 1 1 (NC2) 1 0" in lines
    assert "2024 Q2 2 0 1 1 2 0 0 1 (NC5) 1 2" in lines
    assert "Total 5 2 2 1 3 1 1 2 2" in lines


def test_packet_has_the_quarterly_noncompliance_summary(
    packet_file: Path, pdf_text: PdfText
) -> None:
    lines = layout_lines(packet_file)
    assert "Noncompliance by quarter" in lines
    assert "2026 Q3 1 0 1 0 1 0 0 0 1 0" in lines


# -------------------------------------------------------------------------- the packets
def test_packet_compliance_section_has_the_chart_labels(
    packet_file: Path, pdf_text: PdfText
) -> None:
    text = " ".join(pdf_text(packet_file).split())
    assert "Assessment timeline" in text
    assert "3 days late" in text
    assert "due in 12 days" in text
    assert "packet date 2026-11-02" in text


def test_public_summary_gives_compliance_as_counts_and_dates(
    public_file: Path, pdf_text: PdfText
) -> None:
    text = " ".join(pdf_text(public_file).split())
    assert "2 scheduled assessments: 0 completed on time, 1 completed late" in text
    lines = layout_lines(public_file)
    assert "Last comprehensive capability assessment 2026-09-03" in lines
    assert "2026 Q3 1 0 1 0 1 0 0 0 1 0" in lines


def test_public_summary_leaves_out_schedule_and_register_details(
    public_file: Path, pdf_text: PdfText
) -> None:
    text = " ".join(pdf_text(public_file).split())
    for secret in (
        "Comprehensive assessment of Quill-3",
        "started before its protocol",
        "SA1",
        "NC1",
        "Larger participant pool",
    ):
        assert secret not in text


AGREEMENT_CASES = {
    "below every limit": dict(effective_compute_ratio=3.9, post_training_months=5.9),
    "compute at the limit": dict(effective_compute_ratio=4.0, post_training_months=1.0),
    "compute answered by a preliminary assessment": dict(
        effective_compute_ratio=5.0, last_preliminary=dt.date(2026, 10, 1)
    ),
    "post-training at the limit": dict(effective_compute_ratio=1.0, post_training_months=6.0),
    "comprehensive assessment too old": dict(
        effective_compute_ratio=1.0, last_comprehensive=dt.date(2026, 4, 1)
    ),
    "comprehensive assessment exactly six months old": dict(
        effective_compute_ratio=1.0, last_comprehensive=dt.date(2026, 5, 2)
    ),
}


@pytest.mark.parametrize("update", AGREEMENT_CASES.values(), ids=AGREEMENT_CASES.keys())
def test_checks_packet_rows_and_tab_gauges_agree(
    document: CaseDocument, update: dict[str, Any]
) -> None:
    """The three views of the triggers decide with the same functions (checks.triggers)."""
    from workbench.app.compliance import trigger_status

    base = {
        "last_comprehensive": dt.date(2026, 9, 1),
        "last_preliminary": None,
        "post_training_months": 1.0,
    }
    doc = with_model(document, **{**base, **update})
    found = rules_found(doc)
    gauges = {g.key: g.reached for g in trigger_status(doc, TODAY)}

    def due(trigger: str) -> bool:
        return row(doc, trigger).state is TriggerState.due

    preliminary_due = "CMP-PRELIMINARY-DUE" in found
    assert preliminary_due == (gauges["compute"] or gauges["post_training"])
    assert preliminary_due == (due("Effective compute") or due("Post-training"))
    assert preliminary_due == due("Last preliminary")
    stale = "EVD-STALE-ASSESSMENT" in found
    assert stale == gauges["comprehensive_age"] == due("Last comprehensive")
