"""Findings panel: the live check results by severity; double-click selects what they concern."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from workbench.diagram import palette
from workbench.domain import Finding, RequiredLevel, Severity, required_level
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession, CheckResult
from workbench.ui.widgets.gsnshapes import SEVERITY_COLOUR, severity_icon

ModelIndex = QModelIndex | QPersistentModelIndex
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Severity", "Rule", "Subject", "Message")


def required_html(level: RequiredLevel) -> str:
    """``Required <b>ASL-2</b> (deployment ASL-2, security ASL-2)`` or, outside the ASLs,
    ``Required safeguards level <b>High</b> (deployment High, security High)``."""
    words = "" if level.asl else f"{html.escape(level.label)} "
    detail = f" {html.escape(level.detail)}" if level.detail else ""
    return f"Required {words}<b>{html.escape(level.overall_name)}</b>{detail}"


class FindingsModel(RowTableModel):
    """Findings of the last check run, blockers first."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Finding] = []

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        f = self.rows[index.row()]
        column = index.column()
        if role == SUBJECT_ROLE:
            return f.subject
        if role == SEVERITY_ROLE:
            return f.severity.value
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.severity.value, f.rule, f.subject, f.message)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return severity_icon(f.severity.value)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return SEVERITY_COLOUR[f.severity.value]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.message}\nHint: {f.hint}" if f.hint else f.message
        return None


class SeverityFilter(QSortFilterProxyModel):
    """Shows the findings at or above a severity."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lowest = Severity.info

    def set_lowest(self, severity: Severity) -> None:
        self.beginFilterChange()
        self.lowest = severity
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """QSortFilterProxyModel.filterAcceptsRow."""
        value = self.sourceModel().index(source_row, 0, source_parent).data(SEVERITY_ROLE)
        return Severity(value).rank <= self.lowest.rank


class FindingsPanel(QWidget):
    """Counts by severity, the required ASL, and the findings; re-filled after every check."""

    subjectRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.model = FindingsModel(self)
        self.proxy = SeverityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.summary = QLabel("Checking…", self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Findings summary")
        self.severity_box = QComboBox(self)
        self.severity_box.addItem("All findings", Severity.info.value)
        self.severity_box.addItem("Minor and worse", Severity.minor.value)
        self.severity_box.addItem("Major and worse", Severity.major.value)
        self.severity_box.addItem("Blockers only", Severity.blocker.value)
        self.severity_box.setAccessibleName("Lowest severity shown")
        self.table = record_table(self, self.proxy, "Findings")
        header = self.table.horizontalHeader()
        for column, width in ((0, 90), (1, 170), (2, 200)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.severity_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.severity_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_lowest(Severity(self.severity_box.currentData()))
        )
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

    def focus(self) -> None:
        """Keyboard focus to the findings table."""
        self.table.setFocus()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        if session is not None and session.result is not None:
            self.show_result(session.result)
        else:
            self.model.replace_rows([])
            self.summary.setText("Checking…" if session else "No store open")

    def show_checking(self) -> None:
        text = self.summary.text()
        if not text.endswith("(re-checking…)"):
            self.summary.setText(f"{text} (re-checking…)")

    def show_result(self, result: CheckResult) -> None:
        report = result.report
        self.model.replace_rows(report.findings)
        counts = report.counts()
        level = required_level(result.document.framework, report.required_asl)
        pieces = [
            f"<span style='color:{SEVERITY_COLOUR[s.value].name()}'><b>{counts[s]}</b> "
            f"{s.value}</span>"
            for s in Severity
        ]
        verdict = (
            f"<b style='color:{SEVERITY_COLOUR['blocker'].name()}'>BLOCKED</b>"
            if report.blocking
            else f"<b style='color:{palette.GREEN}'>no blockers</b>"
        )
        self.summary.setText(required_html(level) + f" · {verdict} · " + " · ".join(pieces))

    def _activated(self, index: QModelIndex) -> None:
        subject = index.data(SUBJECT_ROLE)
        if isinstance(subject, str):
            self.subjectRequested.emit(subject)
