"""Compliance tab: assessment timeline, re-assessment triggers, methodology and noncompliance."""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.app import clock
from workbench.app.compliance import (
    TriggerGauge,
    add_schedule_item,
    complete_schedule_item,
    record_methodology_change,
    report_noncompliance,
    schedule_status,
    set_noncompliance_status,
    trigger_status,
)
from workbench.app.operations import Changes
from workbench.checks.triggers import unstated_triggers
from workbench.diagram import palette
from workbench.domain import (
    CaseDocument,
    MethodologyChange,
    NoncomplianceItem,
    NoncomplianceSeverity,
    NoncomplianceStatus,
    ScheduledAssessment,
)
from workbench.domain.compliance_summary import ScheduleState, schedule_state
from workbench.domain.wording import plural
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession

log = logging.getLogger("workbench.ui.panels.compliance")

ModelIndex = QModelIndex | QPersistentModelIndex
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
CHART_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3

SCHEDULE_COLUMNS = ("Id", "What", "Owner", "Due", "Completed", "Status")
METHODOLOGY_COLUMNS = ("Id", "Evaluation", "From", "To", "Recorded", "Reason", "Evidence")
NONCOMPLIANCE_COLUMNS = ("Id", "Reported", "Severity", "Status", "Reporter", "Board", "Description")

#: Colours of the timeline: late completions red, overdue items orange (as issue 8 asks).
LATE_COLOUR = QColor(palette.STATUS["late"])
OVERDUE_COLOUR = QColor(palette.STATUS["overdue"])
DONE_COLOUR = QColor(palette.STATUS["on_time"])
UPCOMING_COLOUR = QColor(palette.STATUS["upcoming"])
TODAY_COLOUR = QColor(palette.SELECTED)
#: How the table and the timeline colour a scheduled item by where it stands.
STATE_COLOUR = {
    ScheduleState.late: LATE_COLOUR,
    ScheduleState.overdue: OVERDUE_COLOUR,
    ScheduleState.on_time: DONE_COLOUR,
}

TodayFn = Callable[[], dt.date]


# ---------------------------------------------------------------------------- schedule
@dataclass(frozen=True)
class ScheduleRow:
    """One scheduled item as the table and the timeline show it on a given day."""

    item: ScheduledAssessment
    state: ScheduleState
    status: str  # "completed 3 days late", "5 days overdue", …
    chart_label: str  # "3 days late", "5 days overdue", "due in 120 days", …


def schedule_row(item: ScheduledAssessment, today: dt.date) -> ScheduleRow:
    state = schedule_state(item, today)
    status = schedule_status(item, today)
    if state is ScheduleState.late:
        label = f"{plural(item.delay_days, 'day')} late"
    elif state is ScheduleState.on_time:
        label = "on time"
    elif state is ScheduleState.overdue:
        label = f"{plural(item.overdue_days(today), 'day')} overdue"
    else:
        label = status
    return ScheduleRow(item, state, status, label)


class ScheduleModel(RowTableModel):
    """Scheduled assessments and reports with how each stands today; the timeline draws it."""

    columns = SCHEDULE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ScheduleRow] = []
        self.today = clock.today()

    def set_document(self, doc: CaseDocument | None, today: dt.date) -> None:
        self.beginResetModel()
        self.today = today
        items = doc.compliance.schedule if doc is not None else []
        self.rows = [schedule_row(item, today) for item in sorted(items, key=lambda i: i.due)]
        self.endResetModel()

    def row_of(self, item_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.item.id == item_id), -1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        item = row.item
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.id,
                item.what,
                item.owner or "—",
                item.due.isoformat(),
                item.completed.isoformat() if item.completed else "—",
                row.status,
            )[column]
        if role == ITEM_ID_ROLE:
            return item.id
        if role == STATE_ROLE:
            return row.state
        if role == CHART_LABEL_ROLE:
            return row.chart_label
        if role == Qt.ItemDataRole.ForegroundRole and column == 5:
            return STATE_COLOUR.get(row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.id}: {item.what}\n{row.status}"
        return None


@dataclass(frozen=True)
class TimelineMark:
    """What the timeline draws for one item: the bar between two days and its label."""

    item_id: str
    what: str
    state: ScheduleState
    due: dt.date
    completed: dt.date | None
    bar: tuple[dt.date, dt.date] | None
    label: str


def timeline_marks(model: ScheduleModel) -> list[TimelineMark]:
    """Bars of the timeline: due → completion for late items (red), due → today for overdue
    ones (orange), today → due for upcoming ones (grey)."""
    today = model.today
    marks: list[TimelineMark] = []
    for row in model.rows:
        item = row.item
        bar: tuple[dt.date, dt.date] | None = None
        if row.state == "late" and item.completed is not None:
            bar = (item.due, item.completed)
        elif row.state == "overdue":
            bar = (item.due, today)
        elif row.state == "upcoming":
            bar = (today, item.due)
        marks.append(
            TimelineMark(
                item.id, item.what, row.state, item.due, item.completed, bar, row.chart_label
            )
        )
    return marks


@dataclass(frozen=True)
class Ink:
    """The timeline's neutral colours: paper, alternate rows, text, quiet text, grid."""

    base: QColor
    alternate: QColor
    text: QColor
    quiet: QColor
    grid: QColor


class TimelineChart(QWidget):
    """The schedule drawn on a calendar axis: due dates, completions, delays and overdue spans."""

    ROW_HEIGHT = 26
    LABEL_WIDTH = 250
    #: The legend's line of text; the "today" label goes under it, above the first row.
    LEGEND_BASELINE = 18
    TOP = 42
    BOTTOM = 22

    def __init__(self, model: ScheduleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAccessibleName("Assessment timeline")
        self.setMinimumHeight(self.TOP + self.BOTTOM + self.ROW_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        model.modelReset.connect(self._model_reset)

    def marks(self) -> list[TimelineMark]:
        return timeline_marks(self.model)

    def sizeHint(self) -> QSize:
        """QWidget.sizeHint: one row per item under the legend, above the date axis."""
        rows = max(1, len(self.model.rows))
        return QSize(640, self.TOP + self.BOTTOM + rows * self.ROW_HEIGHT)

    def _model_reset(self) -> None:
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def date_range(self) -> tuple[dt.date, dt.date]:
        today = self.model.today
        days = [today]
        for row in self.model.rows:
            days.append(row.item.due)
            if row.item.completed is not None:
                days.append(row.item.completed)
        first, last = min(days), max(days)
        margin = dt.timedelta(days=max(3, (last - first).days // 20))
        return first - margin, last + margin

    def month_ticks(self) -> list[tuple[float, str | None]]:
        """Where the month lines go, and the label of each month that has room for one
        (every second, third… month when the chart is narrow or the range long)."""
        first, last = self.date_range()
        span = max(1, (last - first).days)
        left = float(self.LABEL_WIDTH)
        width = max(40.0, float(self.width() - 110) - left)
        label_width = QFontMetrics(self.font()).horizontalAdvance("Sep 2026") + 10
        step = max(1, math.ceil(label_width / max(1.0, width * 30.44 / span)))
        ticks: list[tuple[float, str | None]] = []
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                x = left + width * (month - first).days / span
                ticks.append((x, f"{month:%b %Y}" if len(ticks) % step == 0 else None))
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return ticks

    def ink(self) -> Ink:
        """The chart's neutral colours from the widget's palette (light or dark)."""
        pal = self.palette()
        role = QPalette.ColorRole
        text = pal.color(role.Text)
        base = pal.color(role.Base)
        quiet = QColor(
            (text.red() * 2 + base.red()) // 3,
            (text.green() * 2 + base.green()) // 3,
            (text.blue() * 2 + base.blue()) // 3,
        )
        grid = QColor(
            (text.red() + base.red() * 4) // 5,
            (text.green() + base.green() * 4) // 5,
            (text.blue() + base.blue() * 4) // 5,
        )
        return Ink(base, pal.color(role.AlternateBase), text, quiet, grid)

    def paintEvent(self, event: QPaintEvent) -> None:
        """QWidget.paintEvent: legend, month grid, today line, one row per scheduled item."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.ink()
        painter.fillRect(self.rect(), ink.base)
        metrics = QFontMetrics(self.font())
        marks = self.marks()
        first, last = self.date_range()
        span = max(1, (last - first).days)
        left = float(self.LABEL_WIDTH)
        right = float(self.width() - 110)
        width = max(40.0, right - left)
        bottom = float(self.TOP + max(1, len(marks)) * self.ROW_HEIGHT)

        def x_of(day: dt.date) -> float:
            return left + width * (day - first).days / span

        self._paint_legend(painter, metrics, ink)
        # Month grid and axis labels.
        for x, label in self.month_ticks():
            painter.setPen(QPen(ink.grid, 1))
            painter.drawLine(QPointF(x, self.TOP - 4), QPointF(x, bottom))
            if label is not None:
                painter.setPen(ink.quiet)
                painter.drawText(QPointF(x + 3, bottom + 15), label)
        # Today.
        today_x = x_of(self.model.today)
        painter.setPen(QPen(TODAY_COLOUR, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(today_x, self.TOP - 6), QPointF(today_x, bottom))
        painter.setPen(TODAY_COLOUR)
        painter.drawText(QPointF(today_x + 3, self.TOP - 8), "today")
        if not marks:
            painter.setPen(ink.quiet)
            painter.drawText(
                QRectF(0, self.TOP, left, self.ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "  Nothing scheduled yet",
            )
        for number, mark in enumerate(marks):
            top = self.TOP + number * self.ROW_HEIGHT
            middle = top + self.ROW_HEIGHT / 2
            if number % 2:
                painter.fillRect(QRectF(0, top, self.width(), self.ROW_HEIGHT), ink.alternate)
            painter.setPen(ink.text)
            name = metrics.elidedText(
                f"{mark.item_id}  {mark.what}", Qt.TextElideMode.ElideRight, self.LABEL_WIDTH - 12
            )
            painter.drawText(
                QRectF(6, top, self.LABEL_WIDTH - 8, self.ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                name,
            )
            colour = STATE_COLOUR.get(mark.state, UPCOMING_COLOUR)
            end_x = x_of(mark.due)
            if mark.bar is not None:
                start, end = (x_of(mark.bar[0]), x_of(mark.bar[1]))
                end_x = max(end_x, end)
                if mark.state == "upcoming":
                    painter.setPen(QPen(UPCOMING_COLOUR, 2, Qt.PenStyle.DotLine))
                    painter.drawLine(QPointF(start, middle), QPointF(end, middle))
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QBrush(colour))
                    painter.drawRoundedRect(
                        QRectF(start, middle - 5, max(6.0, end - start), 10), 3, 3
                    )
            self._paint_due(painter, x_of(mark.due), middle, ink)
            if mark.completed is not None:
                done_x = x_of(mark.completed)
                end_x = max(end_x, done_x)
                painter.setPen(QPen(ink.base, 1.5))
                painter.setBrush(QBrush(colour))
                painter.drawEllipse(QPointF(done_x, middle), 6, 6)
            painter.setPen(colour if mark.state != "upcoming" else ink.text)
            painter.drawText(QPointF(end_x + 10, middle + metrics.ascent() / 2 - 1), mark.label)
        painter.end()

    def _paint_due(self, painter: QPainter, x: float, y: float, ink: Ink) -> None:
        painter.setPen(QPen(ink.text, 1.5))
        painter.setBrush(QBrush(ink.base))
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - 7), QPointF(x + 7, y), QPointF(x, y + 7), QPointF(x - 7, y)])
        )

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics, ink: Ink) -> None:
        x = 8.0
        baseline = float(self.LEGEND_BASELINE)
        y = baseline - 4  # the middle of the symbols
        painter.setPen(ink.text)
        painter.drawText(QPointF(x, baseline), "Assessment schedule")
        x = float(self.LABEL_WIDTH)
        entries = (
            ("due", None),
            ("completed", DONE_COLOUR),
            ("delay (late)", LATE_COLOUR),
            ("overdue to today", OVERDUE_COLOUR),
        )
        for text, colour in entries:
            if colour is None:
                self._paint_due(painter, x + 6, y, ink)
            elif text == "completed":
                painter.setPen(QPen(ink.base, 1))
                painter.setBrush(QBrush(colour))
                painter.drawEllipse(QPointF(x + 6, y), 6, 6)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(colour))
                painter.drawRoundedRect(QRectF(x, y - 5, 18, 10), 3, 3)
            painter.setPen(ink.text)
            painter.drawText(QPointF(x + 22, baseline), text)
            x += 22 + metrics.horizontalAdvance(text) + 18


# ---------------------------------------------------------------------------- triggers
class TriggerGaugeView(QWidget):
    """One trigger as a labelled progress bar with its numbers and what follows from them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gauge: TriggerGauge | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        self.bar.setMaximumHeight(16)
        self.detail = QLabel(self)
        self.detail.setStyleSheet("color:#546e7a;")
        # One line each, never forcing the tab wider than a laptop screen: a narrow tab cuts
        # the text short, and the tooltip holds all of it.
        for label in (self.title, self.detail):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)

    def show_gauge(self, gauge: TriggerGauge) -> None:
        self.gauge = gauge
        self.title.setText(f"<b>{html.escape(gauge.title)}</b>")  # the bar shows the numbers
        self.bar.setValue(round(min(1.0, gauge.fraction) * 1000))
        self.bar.setFormat(gauge.reading)
        self.bar.setAccessibleName(f"{gauge.title}: {gauge.reading}")
        if gauge.reached:
            colour = LATE_COLOUR.name()
        elif gauge.fraction >= 0.75:
            colour = OVERDUE_COLOUR.name()
        else:
            colour = DONE_COLOUR.name()
        self.bar.setStyleSheet(
            "QProgressBar { border: 1px solid #b0bec5; border-radius: 3px; background: #eceff1;"
            " text-align: center; font-size: 11px; }"
            f" QProgressBar::chunk {{ background: {colour}; border-radius: 2px; }}"
        )
        self.detail.setText(("Limit reached: " if gauge.reached else "") + gauge.detail)
        self.setToolTip(f"{gauge.title}: {gauge.reading}\n{self.detail.text()}")


# ------------------------------------------------------------------------ small tables
class MethodologyModel(RowTableModel):
    """Recorded methodology changes of evaluations, oldest first."""

    columns = METHODOLOGY_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[MethodologyChange] = []

    def set_document(self, doc: CaseDocument | None) -> None:
        self.replace_rows(doc.compliance.methodology_changes if doc is not None else [])

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        m = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                m.id,
                m.evaluation,
                m.from_version,
                m.to_version,
                m.recorded.isoformat(),
                m.reason,
                ", ".join(m.evidence) or "—",
            )[index.column()]
        if role == ITEM_ID_ROLE:
            return m.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{m.evaluation} {m.from_version} → {m.to_version}: {m.reason}"
        return None


class NoncomplianceModel(RowTableModel):
    """The noncompliance register, newest report last."""

    columns = NONCOMPLIANCE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[NoncomplianceItem] = []

    def set_document(self, doc: CaseDocument | None) -> None:
        self.replace_rows(doc.compliance.noncompliance if doc is not None else [])

    def row_of(self, item_id: str) -> int:
        return next((i for i, n in enumerate(self.rows) if n.id == item_id), -1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        n = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                n.id,
                n.reported.isoformat(),
                n.severity.value,
                n.status.value,
                n.reporter if n.reporter is not None else "anonymous",
                "notify" if n.board_notification else "—",
                n.description,
            )[column]
        if role == ITEM_ID_ROLE:
            return n.id
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            if n.status == NoncomplianceStatus.resolved:
                return DONE_COLOUR
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            return n.description
        return None


def _table(parent: QWidget, model: QAbstractTableModel, name: str, stretch: int) -> QTableView:
    table = record_table(parent, model, name)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    return edit


# --------------------------------------------------------------------------------- tab
class CompliancePanel(QWidget):
    """The Compliance tab. ``today`` is an attribute so tests can fix the date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.today: TodayFn = clock.today
        self.schedule_model = ScheduleModel(self)
        self.methodology_model = MethodologyModel(self)
        self.noncompliance_model = NoncomplianceModel(self)
        self.chart = TimelineChart(self.schedule_model, self)
        self.gauges = [TriggerGaugeView(self) for _ in range(4)]
        triggers = QGroupBox("Re-assessment triggers", self)
        grid = QGridLayout(triggers)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        for number, gauge in enumerate(self.gauges):
            grid.addWidget(gauge, number, 0)
        # The triggers the framework does not state (no gauge, never a made-up limit).
        self.unstated = QLabel(self)
        self.unstated.setWordWrap(True)
        self.unstated.setStyleSheet("color:#546e7a;")
        self.unstated.setVisible(False)
        grid.addWidget(self.unstated, len(self.gauges), 0)
        body = QWidget(self)
        left_layout = QVBoxLayout(body)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart)
        left_layout.addWidget(triggers)
        left_layout.addStretch(1)
        # Scrolls rather than squeezes when the tab is short (the splitter above it moves).
        left = QScrollArea(self)
        left.setWidget(body)
        left.setWidgetResizable(True)
        left.setFrameShape(QFrame.Shape.NoFrame)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.schedule_table = _table(self, self.schedule_model, "Scheduled assessments", 1)
        self.methodology_table = _table(self, self.methodology_model, "Methodology changes", 5)
        self.noncompliance_table = _table(self, self.noncompliance_model, "Noncompliance", 6)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(self._schedule_page(), "Schedule")
        self.pages.addTab(self._methodology_page(), "Methodology changes")
        self.pages.addTab(self._noncompliance_page(), "Noncompliance")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.schedule_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._schedule_selected()
        )
        self.set_session(None)

    # ---------------------------------------------------------------- pages
    def _schedule_page(self) -> QWidget:
        page = QWidget(self)
        self.what_edit = QLineEdit(page)
        self.what_edit.setPlaceholderText("What is due, e.g. Preliminary assessment of the model")
        self.what_edit.setAccessibleName("What is scheduled")
        self.owner_edit = QLineEdit(page)
        self.owner_edit.setPlaceholderText("Owner (team)")
        self.owner_edit.setAccessibleName("Owner of the scheduled item")
        self.due_edit = _date_edit(page, "Due date")
        self.add_button = QPushButton("Schedule", page)
        self.done_edit = _date_edit(page, "Completion date")
        self.done_button = QPushButton("Mark done", page)
        self.done_label = QLabel(page)
        add_row = QHBoxLayout()
        add_row.addWidget(self.what_edit, 3)
        add_row.addWidget(self.owner_edit, 1)
        add_row.addWidget(QLabel("due", page))
        add_row.addWidget(self.due_edit)
        add_row.addWidget(self.add_button)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_label, 1)
        done_row.addWidget(QLabel("completed on", page))
        done_row.addWidget(self.done_edit)
        done_row.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.schedule_table, 1)
        layout.addLayout(done_row)
        layout.addLayout(add_row)
        self.add_button.clicked.connect(self.add_schedule_item)
        self.what_edit.returnPressed.connect(self.add_schedule_item)
        self.done_button.clicked.connect(self.mark_done)
        return page

    def _methodology_page(self) -> QWidget:
        page = QWidget(self)
        self.evaluation_edit = QLineEdit(page)
        self.evaluation_edit.setPlaceholderText("Evaluation, e.g. cbrn-uplift-trial")
        self.evaluation_edit.setAccessibleName("Evaluation whose methodology changed")
        self.from_edit = QLineEdit(page)
        self.from_edit.setPlaceholderText("from version")
        self.from_edit.setAccessibleName("Methodology version before")
        self.to_edit = QLineEdit(page)
        self.to_edit.setPlaceholderText("to version")
        self.to_edit.setAccessibleName("Methodology version after")
        self.reason_edit = QLineEdit(page)
        self.reason_edit.setPlaceholderText("Why it changed and whether scores stay comparable")
        self.reason_edit.setAccessibleName("Reason for the methodology change")
        self.record_button = QPushButton("Record change", page)
        row = QHBoxLayout()
        row.addWidget(self.evaluation_edit, 2)
        row.addWidget(self.from_edit, 1)
        row.addWidget(self.to_edit, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.reason_edit, 1)
        row2.addWidget(self.record_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.methodology_table, 1)
        layout.addLayout(row)
        layout.addLayout(row2)
        self.record_button.clicked.connect(self.record_methodology_change)
        return page

    def _noncompliance_page(self) -> QWidget:
        page = QWidget(self)
        self.description_edit = QPlainTextEdit(page)
        self.description_edit.setPlaceholderText("What happened (who, what, when)")
        self.description_edit.setAccessibleName("Noncompliance description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(48)
        self.nc_severity_box = QComboBox(page)
        for severity in NoncomplianceSeverity:
            self.nc_severity_box.addItem(severity.value, severity.value)
        self.nc_severity_box.setCurrentIndex(
            self.nc_severity_box.findData(NoncomplianceSeverity.medium.value)
        )
        self.nc_severity_box.setAccessibleName("Noncompliance severity")
        self.anonymous_box = QCheckBox("Anonymous", page)
        self.board_box = QCheckBox("Notify the Board", page)
        self.report_button = QPushButton("Report", page)
        self.nc_status_box = QComboBox(page)
        for status in NoncomplianceStatus:
            self.nc_status_box.addItem(status.value, status.value)
        self.nc_status_box.setAccessibleName("New status of the selected item")
        self.nc_status_button = QPushButton("Set status", page)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        options = QHBoxLayout()
        options.addWidget(self.nc_severity_box)
        options.addWidget(self.anonymous_box)
        options.addWidget(self.board_box)
        options.addStretch(1)
        options.addWidget(self.report_button)
        status_row = QHBoxLayout()
        status_row.addStretch(1)
        status_row.addWidget(QLabel("Selected item:", page))
        status_row.addWidget(self.nc_status_box)
        status_row.addWidget(self.nc_status_button)
        form.addRow(self.description_edit)
        form.addRow(options)
        form.addRow(status_row)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.noncompliance_table, 1)
        layout.addLayout(form)
        self.report_button.clicked.connect(self.report_noncompliance)
        self.nc_status_button.clicked.connect(self.set_noncompliance_status)
        return page

    # -------------------------------------------------------------- showing
    def focus(self) -> None:
        """Keyboard focus to the schedule table."""
        self.schedule_table.setFocus()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        today = self.today()
        self.due_edit.setDate(_qdate(today + dt.timedelta(days=30)))
        self.done_edit.setDate(_qdate(today))
        self.setEnabled(session is not None)
        self.reload()

    #: The record kinds the tab shows or counts from.
    KINDS = ("schedule", "methodology", "noncompliance", "assessment", "framework", "evidence")

    def apply_changes(self, changes: Changes) -> None:
        """Reload when the schedule, registers, assessment or evidence changed."""
        if changes.touches(*self.KINDS):
            self.reload()

    def reload(self) -> None:
        """Re-read the schedule, triggers and registers (after any change, or a new day)."""
        session = self.session
        doc = session.document if session is not None else None
        today = self.today()
        selected = self.current_schedule_id()
        self.schedule_model.set_document(doc, today)
        self.methodology_model.set_document(doc)
        self.noncompliance_model.set_document(doc)
        gauges = trigger_status(doc, today) if doc is not None else []
        for view, gauge in zip(self.gauges, gauges, strict=False):
            view.show_gauge(gauge)
            view.setVisible(True)
        for view in self.gauges[len(gauges) :]:
            view.setVisible(False)
        unstated = unstated_triggers(doc.framework) if doc is not None else ""
        self.unstated.setText(unstated)
        self.unstated.setVisible(bool(unstated))
        self.done_edit.setMaximumDate(_qdate(today))
        if selected is not None:
            self.select_schedule_item(selected)
        self._schedule_selected()
        editable = session is not None and not session.read_only
        for widget in (
            self.what_edit,
            self.owner_edit,
            self.due_edit,
            self.add_button,
            self.evaluation_edit,
            self.from_edit,
            self.to_edit,
            self.reason_edit,
            self.record_button,
            self.description_edit,
            self.nc_severity_box,
            self.anonymous_box,
            self.board_box,
            self.report_button,
            self.nc_status_box,
            self.nc_status_button,
        ):
            widget.setEnabled(editable)

    def current_schedule_id(self) -> str | None:
        value = self.schedule_table.currentIndex().data(ITEM_ID_ROLE)
        return value if isinstance(value, str) else None

    def current_noncompliance_id(self) -> str | None:
        value = self.noncompliance_table.currentIndex().data(ITEM_ID_ROLE)
        return value if isinstance(value, str) else None

    def select_schedule_item(self, item_id: str) -> bool:
        row = self.schedule_model.row_of(item_id)
        if row < 0:
            return False
        self.schedule_table.setCurrentIndex(self.schedule_model.index(row, 0))
        return True

    def show_record(self, record_id: str) -> bool:
        """Select a schedule item, methodology change or noncompliance item by id."""
        if self.select_schedule_item(record_id):
            self.pages.setCurrentIndex(0)
            return True
        for page, model, table in (
            (1, self.methodology_model, self.methodology_table),
            (2, self.noncompliance_model, self.noncompliance_table),
        ):
            ids = [r.id for r in model.rows]
            if record_id in ids:
                self.pages.setCurrentIndex(page)
                table.setCurrentIndex(model.index(ids.index(record_id), 0))
                return True
        return False

    def _schedule_selected(self) -> None:
        item_id = self.current_schedule_id()
        row = self.schedule_model.rows[self.schedule_model.row_of(item_id)] if item_id else None
        session = self.session
        open_item = row is not None and row.item.completed is None
        open_item = open_item and session is not None and not session.read_only
        self.done_button.setEnabled(open_item)
        self.done_edit.setEnabled(open_item)
        if row is None:
            self.done_label.setText("Select an item to mark it done.")
        elif row.item.completed is not None:
            self.done_label.setText(f"{row.item.id}: {row.status}.")
        else:
            self.done_label.setText(f"{row.item.id} ({row.status}):")

    # -------------------------------------------------------------- actions
    def add_schedule_item(self) -> bool:
        session = self.session
        if session is None:
            return False
        what = self.what_edit.text()
        owner = self.owner_edit.text()
        due = _pydate(self.due_edit.date())
        done = session.record(lambda ws: add_schedule_item(ws, what=what, due=due, owner=owner))
        if done is None:
            return False
        self.what_edit.clear()
        self.select_schedule_item(done.record.id)
        return True

    def mark_done(self) -> bool:
        session = self.session
        item_id = self.current_schedule_id()
        if session is None:
            return False
        if item_id is None:
            session.errorRaised.emit("select the scheduled item that was completed")
            return False
        on = _pydate(self.done_edit.date())
        today = self.today()
        done = session.record(lambda ws: complete_schedule_item(ws, item_id, on=on, today=today))
        return done is not None

    def record_methodology_change(self) -> bool:
        session = self.session
        if session is None:
            return False
        evaluation = self.evaluation_edit.text()
        old, new = self.from_edit.text(), self.to_edit.text()
        reason = self.reason_edit.text()
        done = session.record(
            lambda ws: record_methodology_change(
                ws, evaluation=evaluation, from_version=old, to_version=new, reason=reason
            ),
        )
        if done is None:
            return False
        for edit in (self.evaluation_edit, self.from_edit, self.to_edit, self.reason_edit):
            edit.clear()
        return True

    def report_noncompliance(self) -> bool:
        session = self.session
        if session is None:
            return False
        description = self.description_edit.toPlainText()
        reporter = None if self.anonymous_box.isChecked() else session.workspace.actor
        severity = str(self.nc_severity_box.currentData())
        board = self.board_box.isChecked()
        done = session.record(
            lambda ws: report_noncompliance(
                ws,
                description=description,
                reporter=reporter,
                severity=severity,
                board_notification=board,
            ),
        )
        if done is None:
            return False
        self.description_edit.clear()
        self.board_box.setChecked(False)
        row = self.noncompliance_model.row_of(done.record.id)
        self.noncompliance_table.setCurrentIndex(self.noncompliance_model.index(row, 0))
        return True

    def set_noncompliance_status(self) -> bool:
        session = self.session
        item_id = self.current_noncompliance_id()
        if session is None:
            return False
        if item_id is None:
            session.errorRaised.emit("select the noncompliance item whose status changed")
            return False
        status = str(self.nc_status_box.currentData())
        done = session.record(lambda ws: set_noncompliance_status(ws, item_id, status=status))
        if done is None:
            return False
        row = self.noncompliance_model.row_of(item_id)
        self.noncompliance_table.setCurrentIndex(self.noncompliance_model.index(row, 0))
        return True
