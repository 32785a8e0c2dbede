"""Compliance tab: schedule timeline, trigger gauges, registers and the forms that add to them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.app.assessment import set_model_facts
from workbench.diagram import palette
from workbench.ui.panels.compliance import LATE_COLOUR, OVERDUE_COLOUR, CompliancePanel
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

#: The day the demo store was written for (tests/unit/ui/conftest.py NOW).
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def panel(window: MainWindow) -> CompliancePanel:
    """The Compliance tab in front, judged as of the demo's day."""
    tab = window.compliance
    tab.today = lambda: TODAY
    tab.reload()
    window.tabs.setCurrentWidget(tab)
    return tab


def test_late_completion_is_a_red_delay_bar_labelled_three_days_late(
    panel: CompliancePanel,
) -> None:
    late = next(m for m in panel.chart.marks() if m.item_id == "SCH1")
    assert (late.state, late.label) == ("late", "3 days late")
    assert late.bar == (TODAY - dt.timedelta(days=44), TODAY - dt.timedelta(days=41))
    row = panel.schedule_model.row_of("SCH1")
    assert panel.schedule_model.index(row, 5).data() == "completed 3 days late"


def test_overdue_item_runs_from_its_due_date_to_today(panel: CompliancePanel) -> None:
    overdue = next(m for m in panel.chart.marks() if m.item_id == "SCH2")
    assert (overdue.state, overdue.label) == ("overdue", "5 days overdue")
    assert overdue.bar == (TODAY - dt.timedelta(days=5), TODAY)


def test_chart_paints_the_delay_red_and_the_overdue_span_orange(panel: CompliancePanel) -> None:
    image = panel.chart.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert LATE_COLOUR.name() in colours
    assert OVERDUE_COLOUR.name() in colours


def test_the_today_label_stays_clear_of_the_legend(panel: CompliancePanel) -> None:
    chart = panel.chart
    image = chart.grab().toImage()
    legend_bottom = chart.LEGEND_BASELINE + chart.fontMetrics().descent()

    def today_rows(rows: range) -> set[int]:
        """Rows with a pixel of the today line or label (blue; nothing else is)."""
        return {
            y
            for y in rows
            for x in range(image.width())
            if (c := image.pixelColor(x, y)).blue() - c.red() > 100 and c.blue() > 180
        }

    assert today_rows(range(legend_bottom + 1, image.height()))  # drawn, below the legend
    assert not today_rows(range(legend_bottom + 1))


def test_trigger_gauges_show_the_numbers_against_their_limits(panel: CompliancePanel) -> None:
    readings = [view.bar.format() for view in panel.gauges]
    assert readings == ["2.5× of 4×", "1.5 of 6 months", "41 of 184 days", "none recorded"]
    assert panel.gauges[0].bar.value() == 625  # 2.5 / 4 of the bar's 1000 steps
    assert "stale after 2027-04-13" in panel.gauges[2].detail.text()


def test_reaching_the_compute_limit_is_flagged(window: MainWindow, panel: CompliancePanel) -> None:
    assert window.session is not None
    set_model_facts(window.session.workspace, effective_compute_ratio=4.5)
    window.session.refresh()
    gauge = panel.gauges[0]
    assert gauge.bar.format() == "4.5× of 4×"
    assert gauge.detail.text().startswith("Limit reached")


def test_a_new_schedule_item_appears_in_the_chart_model(
    panel: CompliancePanel, qtbot: QtBot
) -> None:
    panel.what_edit.setText("Preliminary assessment after the post-training update")
    panel.owner_edit.setText("Frontier Red Team")
    panel.due_edit.setDate(QDate(2026, 12, 20))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    row = panel.schedule_model.rows[panel.schedule_model.row_of("SCH4")]
    assert (row.item.what, row.item.owner, row.item.due) == (
        "Preliminary assessment after the post-training update",
        "Frontier Red Team",
        dt.date(2026, 12, 20),
    )
    added = next(m for m in panel.chart.marks() if m.item_id == "SCH4")
    assert (added.state, added.label) == ("upcoming", "due in 27 days")
    assert panel.what_edit.text() == ""


def test_adding_a_schedule_item_can_be_undone(window: MainWindow, panel: CompliancePanel) -> None:
    panel.what_edit.setText("Quarterly noncompliance report")
    assert panel.add_schedule_item()
    window.window_actions.act_undo.trigger()
    assert panel.schedule_model.row_of("SCH4") == -1


def test_marking_an_item_done_records_its_delay(panel: CompliancePanel, qtbot: QtBot) -> None:
    assert panel.select_schedule_item("SCH2")
    assert panel.done_button.isEnabled()
    panel.done_edit.setDate(QDate(2026, 11, 22))
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    done = next(m for m in panel.chart.marks() if m.item_id == "SCH2")
    assert (done.state, done.label, done.completed) == (
        "late",
        "4 days late",
        dt.date(2026, 11, 22),
    )
    assert not panel.done_button.isEnabled()


def test_an_empty_description_is_a_one_line_error(
    window: MainWindow, panel: CompliancePanel
) -> None:
    assert not panel.add_schedule_item()
    assert "is empty" in window.banner.text
    assert panel.schedule_model.row_of("SCH4") == -1


def test_a_methodology_change_is_recorded_in_the_table(
    panel: CompliancePanel, qtbot: QtBot
) -> None:
    panel.pages.setCurrentIndex(1)
    panel.evaluation_edit.setText("ai-rnd-task-suite")
    panel.from_edit.setText("2.0")
    panel.to_edit.setText("2.1")
    panel.reason_edit.setText("Longer time horizons; scores not comparable with 2.0.")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    rows = [
        (m.id, m.evaluation, m.from_version, m.to_version) for m in panel.methodology_model.rows
    ]
    assert rows[-1] == ("MC2", "ai-rnd-task-suite", "2.0", "2.1")


def test_anonymous_noncompliance_report_names_no_reporter(
    panel: CompliancePanel, qtbot: QtBot
) -> None:
    panel.pages.setCurrentIndex(2)
    panel.description_edit.setPlainText("Model weights copied to an unapproved bucket.")
    panel.nc_severity_box.setCurrentIndex(panel.nc_severity_box.findData("high"))
    panel.anonymous_box.setChecked(True)
    panel.board_box.setChecked(True)
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    item = panel.noncompliance_model.rows[-1]
    assert (item.id, item.reporter, item.severity.value, item.board_notification) == (
        "NC2",
        None,
        "high",
        True,
    )
    row = panel.noncompliance_model.row_of("NC2")
    assert panel.noncompliance_model.index(row, 4).data() == "anonymous"


def test_setting_a_noncompliance_status(panel: CompliancePanel) -> None:
    panel.noncompliance_table.setCurrentIndex(panel.noncompliance_model.index(0, 0))
    panel.nc_status_box.setCurrentIndex(panel.nc_status_box.findData("resolved"))
    assert panel.set_noncompliance_status()
    assert panel.noncompliance_model.rows[0].status.value == "resolved"
    assert panel.noncompliance_model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) == QColor(
        palette.GREEN
    )


def test_schedule_model_is_valid(panel: CompliancePanel, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(panel.schedule_model, force_py=True)


def test_methodology_model_is_valid(panel: CompliancePanel, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(panel.methodology_model, force_py=True)


def test_noncompliance_model_is_valid(panel: CompliancePanel, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(panel.noncompliance_model, force_py=True)


def test_a_finding_on_a_schedule_item_opens_it(window: MainWindow) -> None:
    window.go_to_subject("SCH2")
    assert window.tabs.currentWidget() is window.compliance
    assert window.compliance.current_schedule_id() == "SCH2"


def test_a_finding_on_a_noncompliance_item_opens_the_register(window: MainWindow) -> None:
    window.go_to_subject("NC1")
    assert window.tabs.currentWidget() is window.compliance
    assert window.compliance.pages.currentIndex() == 2
    assert window.compliance.current_noncompliance_id() == "NC1"


def test_compliance_tab_is_built_when_first_clicked(window: MainWindow) -> None:
    assert window._lazy_tabs["compliance"].panel is None
    index = [window.tabs.tabText(i) for i in range(window.tabs.count())].index("Compliance")
    window.tabs.setCurrentIndex(index)
    assert window._lazy_tabs["compliance"].panel is not None
    assert window.tabs.currentWidget() is window.compliance
    schedule = window.compliance.schedule_table.model()
    assert schedule is not None and schedule.rowCount() == len(
        window.session.document.compliance.schedule
    )


def test_a_new_day_moves_the_overdue_count_and_rechecks(
    panel: CompliancePanel, window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app left open past midnight (UTC) counts the overdue days again."""
    session = window.session
    assert session is not None
    tomorrow = session.day + dt.timedelta(days=1)
    monkeypatch.setattr("workbench.ui.session.case.today", lambda: tomorrow)
    panel.today = lambda: TODAY + dt.timedelta(days=1)
    days: list[dt.date] = []
    session.dayChanged.connect(days.append)
    checks: list[object] = []
    session.checked.connect(checks.append)
    session._poll()
    assert days == [tomorrow] and session.day == tomorrow
    overdue = next(m for m in panel.chart.marks() if m.item_id == "SCH2")
    assert overdue.label == "6 days overdue"
    qtbot.waitUntil(lambda: bool(checks))
    session._poll()  # the same day again: nothing new
    assert days == [tomorrow]


def test_the_compliance_tab_fits_a_laptop_screen(window: MainWindow, qtbot: QtBot) -> None:
    """Showing the tab never forces the window wider than a 1280-pixel screen."""
    window.tabs.setCurrentWidget(window.compliance)
    qtbot.wait(10)
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() == 1400  # it was not pushed wider either


@pytest.mark.parametrize("width", [360, 640, 1200])
def test_timeline_month_labels_never_overlap(panel: CompliancePanel, width: int) -> None:
    panel.chart.resize(width, panel.chart.height())
    ticks = panel.chart.month_ticks()
    labelled = [x for x, label in ticks if label is not None]
    assert labelled and labelled[0] == ticks[0][0]  # the first month is always named
    room = panel.chart.fontMetrics().horizontalAdvance("Sep 2026")
    assert all(b - a > room for a, b in itertools.pairwise(labelled))


def test_tab_and_packet_agree_on_a_store_without_an_assessment_date(
    window: MainWindow, panel: CompliancePanel
) -> None:
    """No date of the last comprehensive assessment: the checks cannot call it stale
    (EVD-ASSESSMENT-UNDATED says so instead), and neither the packet nor the tab shows it due."""
    from workbench.app.checking import check
    from workbench.report.triggers import TriggerState, trigger_rows

    assert window.session is not None
    ws = window.session.workspace
    set_model_facts(ws, last_comprehensive=None)
    window.session.refresh()
    row = next(r for r in trigger_rows(ws.document, TODAY) if r.trigger.startswith("Last comp"))
    gauge = panel.gauges[2]
    assert (row.value, row.state) == ("—", TriggerState.not_recorded)
    assert gauge.bar.format() == "none recorded"
    assert gauge.detail.text() == row.note == "no comprehensive assessment recorded"
    rules = {f.rule for f in check(ws, on=TODAY).findings}
    assert "EVD-ASSESSMENT-UNDATED" in rules and "EVD-STALE-ASSESSMENT" not in rules


def test_the_timeline_follows_a_dark_palette(panel: CompliancePanel) -> None:
    """Issue 16: in a dark palette the timeline stayed white."""
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282c"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2d31"))
    panel.chart.setPalette(dark)
    image = panel.chart.grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert corner.lightness() < 60  # the paper is the palette's dark base, not white
    light_text = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() > 200
    )
    assert light_text > 20  # the labels are drawn in the palette's light text
