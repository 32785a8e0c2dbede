"""Requirements matrix: each catalogue requirement's coverage status, claims and evidence."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.checks import CoverageStatus
from workbench.domain import CaseDocument, Requirement, labels, required_level
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession, CheckResult

if TYPE_CHECKING:  # the check engine itself is imported when the first check runs
    from workbench.checks import RequirementStatus

ModelIndex = QModelIndex | QPersistentModelIndex
REQUIREMENT_ROLE = Qt.ItemDataRole.UserRole + 1
GOALS_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("Requirement", "Standard", "Status", "Claiming goals", "Evidence")

#: Coverage statuses (workbench.checks.CoverageStatus values), worst first.
STATUS_TEXT = {
    status: labels.label(CoverageStatus(status))
    for status in ("missing", "partial", "met", "not_applicable", "not_required")
}
STATUS_COLOUR = {
    "missing": QColor("#ffcdd2"),
    "partial": QColor("#ffe0b2"),
    "met": QColor("#c8e6c9"),
    "not_applicable": QColor("#d7e3f4"),
    "not_required": QColor("#eeeeee"),
}
NO_SELECTION = "Select a requirement to read its section and quoted text."
STATUS_ORDER = {status: rank for rank, status in enumerate(STATUS_TEXT)}


class RequirementsModel(RowTableModel):
    """One row per requirement of the framework, in catalogue order."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RequirementStatus] = []
        self._doc: CaseDocument | None = None

    def set_rows(self, doc: CaseDocument | None, rows: list[RequirementStatus]) -> None:
        self.beginResetModel()
        self._doc = doc
        self.rows = rows
        self.endResetModel()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == REQUIREMENT_ROLE:
            return row.requirement
        if role == GOALS_ROLE:
            return list(row.goals)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == 2:
                return STATUS_ORDER[row.status.value]
            if column == 4:
                return len(row.evidence)
            return self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return STATUS_COLOUR[row.status.value]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: RequirementStatus, column: int) -> str:
        if column == 0:
            title = ""
            if self._doc is not None:
                requirement = self._doc.framework.requirements_by_id.get(row.requirement)
                title = f" — {requirement.title}" if requirement else ""
            return f"{row.requirement}{title}"
        if column == 1:
            return row.standard
        if column == 2:
            requirement = self.requirement(row.requirement)
            if requirement is not None and not requirement.demanded:
                return f"{requirement.modality.value}, not demanded"
            return STATUS_TEXT[row.status.value]
        if column == 3:
            return ", ".join(row.goals) or "—"
        return str(len(row.evidence))

    def requirement(self, requirement_id: str) -> Requirement | None:
        if self._doc is None:
            return None
        return self._doc.framework.requirements_by_id.get(requirement_id)

    def _tooltip(self, row: RequirementStatus) -> str:
        lines = [row.requirement, f"Status: {STATUS_TEXT[row.status.value]} — {row.detail}"]
        requirement = self.requirement(row.requirement)
        if requirement is not None:
            if requirement.source is not None:
                lines.insert(
                    1,
                    f"{requirement.source.section} ({requirement.modality.value}): "
                    f"\u201c{requirement.source.text}\u201d",
                )
            lines.insert(1, requirement.statement)
        if row.evidence:
            lines.append("Evidence: " + ", ".join(row.evidence))
        if row.goals:
            lines.append("Click to go to " + row.goals[0])
        return "\n".join(lines)

    def row_of(self, requirement_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.requirement == requirement_id), -1)


class MatrixPanel(QWidget):
    """The matrix with a one-line summary; clicking a row jumps to the goal that claims it."""

    elementRequested = Signal(str)
    messageRaised = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.model = RequirementsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.summary = QLabel("Checking…", self)
        self.summary.setWordWrap(True)
        self.table = record_table(self, self.proxy, "Requirements matrix", sortable=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 150), (3, 150), (4, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # A fixed-height browser: a long quote scrolls instead of resizing the window.
        self.details = QTextBrowser(self)
        self.details.setObjectName("requirementDetails")
        self.details.setFixedHeight(120)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Requirement text")
        self.details.setHtml(NO_SELECTION)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.table.selectionModel().currentChanged.connect(self._show_details)

    def focus(self) -> None:
        """Keyboard focus to the requirements table."""
        self.table.setFocus()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        if session is not None and session.result is not None:
            self.show_result(session.result)
        else:
            self.model.set_rows(None, [])
            self.summary.setText("Checking…" if session else "No store open")

    def show_result(self, result: CheckResult) -> None:
        """New statuses after a check run; the selection stays on the same requirement."""
        selected = self.current_requirement()
        rows = list(result.matrix.values())
        self.model.set_rows(result.document, rows)
        counts = dict.fromkeys(STATUS_TEXT, 0)
        for r in rows:
            counts[r.status.value] += 1
        level = required_level(result.document.framework, result.report.required_asl)
        label = "" if level.asl else f" {level.label}"
        self.summary.setText(
            f"<b>Required{label}: {level.overall_name}</b>"
            + (f" {level.detail}" if level.detail else "")
            + " — "
            + " · ".join(f"{counts[s]} {text}" for s, text in STATUS_TEXT.items() if counts[s])
        )
        # A reset drops the selection without a currentChanged: show the requirement again, or
        # nothing when it is gone (an assessment moved to another framework).
        if not (selected and self.select_requirement(selected, jump=False)):
            self.details.setHtml(NO_SELECTION)

    def _show_details(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """The selected requirement's section, modality and quote: the text is the authority."""
        requirement_id = index.data(REQUIREMENT_ROLE)
        requirement = self.model.requirement(requirement_id) if requirement_id else None
        if requirement is None:
            self.details.setHtml(NO_SELECTION)
            return
        self.details.setHtml(requirement_html(requirement))

    def current_requirement(self) -> str | None:
        value = self.table.currentIndex().data(REQUIREMENT_ROLE)
        return value if isinstance(value, str) else None

    def select_requirement(self, requirement_id: str, *, jump: bool = True) -> bool:
        row = self.model.row_of(requirement_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if jump:
            self._clicked(index)
        return True

    def _clicked(self, index: QModelIndex) -> None:
        goals = index.data(GOALS_ROLE) or []
        requirement = index.data(REQUIREMENT_ROLE)
        if goals:
            self.elementRequested.emit(goals[0])
        elif requirement:
            self.messageRaised.emit(
                f"No goal claims {requirement} yet: select a goal and claim it in the editor"
            )


def requirement_html(requirement: Requirement) -> str:
    """Section, modality, the quoted text and our summary of one requirement, as rich text."""
    source = requirement.source
    where = escape(source.section) if source is not None else "no section in the catalogue"
    head = (
        f"<b>{escape(requirement.id)}</b> — {escape(requirement.title)}<br>"
        f"<i>{where}</i> · {escape(requirement.modality.value)}"
    )
    if requirement.modality.value in ("example", "expected", "may"):
        head += " (not demanded)"
    quotes = "".join(
        f"<p style='margin:4px 0 4px 12px'>\u201c{escape(q)}\u201d</p>"
        for q in (source.quotes if source is not None else [])
    )
    return f"{head}{quotes}<p style='color:#555'>Summary: {escape(requirement.statement)}</p>"
