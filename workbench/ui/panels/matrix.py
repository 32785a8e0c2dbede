"""Requirements matrix: each catalogue requirement's coverage status, claims and evidence; and,
chosen above it, how the case covers another framework through a crosswalk."""

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
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.checks import CoverageStatus
from workbench.domain import CaseDocument, Requirement, WorkbenchError, labels, required_level
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession, CheckResult

if TYPE_CHECKING:  # the check engine itself is imported when the first check runs
    from workbench.checks import RequirementStatus
    from workbench.checks.crosswalk import FrameworkCoverage, ItemCoverage

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


#: Coverage of another framework (workbench.checks.crosswalk.OtherStatus values), worst first.
OTHER_TEXT = {"not_addressed": "Not addressed", "partial": "Partly covered", "covered": "Covered"}
OTHER_COLOUR = {
    "not_addressed": QColor("#ffcdd2"),
    "partial": QColor("#ffe0b2"),
    "covered": QColor("#c8e6c9"),
}
OTHER_ORDER = {status: rank for rank, status in enumerate(OTHER_TEXT)}
OTHER_COLUMNS = (
    "Requirement",
    "Section",
    "Coverage",
    "Linked (relation)",
    "What covers it or is missing",
)


class OtherCoverageModel(RowTableModel):
    """One row per demanded requirement or obligation of another framework, in its catalogue
    order: how the case covers it through the crosswalk."""

    columns = OTHER_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ItemCoverage] = []
        self.coverage: FrameworkCoverage | None = None

    def set_coverage(self, coverage: FrameworkCoverage | None) -> None:
        self.coverage = coverage
        self.replace_rows(coverage.items if coverage is not None else [])

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == REQUIREMENT_ROLE:
            return row.id
        if role == GOALS_ROLE:
            return []
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return OTHER_ORDER[row.status.value] if column == 2 else self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return OTHER_COLOUR[row.status.value]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.id} — {row.title}\n{OTHER_TEXT[row.status.value]}: {row.detail}"
        return None

    def _display(self, row: ItemCoverage, column: int) -> str:
        if column == 0:
            return f"{row.id} — {row.title}"
        if column == 1:
            return row.section
        if column == 2:
            return OTHER_TEXT[row.status.value]
        if column == 3:
            return (
                "; ".join(f"{'+'.join(o.id for o in u.own)} ({u.relation})" for u in row.links)
                or "—"
            )
        return row.detail

    def row_of(self, item_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == item_id), -1)


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
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("frameworkChooser")
        self.chooser.setAccessibleName("Framework shown")
        self.chooser.setToolTip(
            "The case's own framework, or another one it is read against through a crosswalk"
        )
        chooser_label = QLabel("&Framework:", self)
        chooser_label.setBuddy(self.chooser)
        self.other_model = OtherCoverageModel(self)
        self.other_proxy = QSortFilterProxyModel(self)
        self.other_proxy.setSourceModel(self.other_model)
        self.other_proxy.setSortRole(SORT_ROLE)
        self.other_table = record_table(
            self, self.other_proxy, "Coverage of another framework", sortable=True
        )
        other_header = self.other_table.horizontalHeader()
        other_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        other_header.resizeSection(0, 330)
        for column, width in ((1, 110), (2, 110), (3, 230)):
            other_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            other_header.resizeSection(column, width)
        other_header.setStretchLastSection(True)
        self.table = record_table(self, self.proxy, "Requirements matrix", sortable=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 150), (3, 150), (4, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # Below the table in a splitter: a long quote scrolls instead of resizing the window,
        # and the user can give the table or the quote more room.
        self.details = QTextBrowser(self)
        self.details.setObjectName("requirementDetails")
        self.details.setMinimumHeight(48)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Requirement text")
        self.details.setHtml(NO_SELECTION)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.other_table)
        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.chooser)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 90])
        layout.addWidget(self.splitter, 1)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.table.selectionModel().currentChanged.connect(self._show_details)
        self.other_table.selectionModel().currentChanged.connect(self._show_other_details)
        self._result: CheckResult | None = None
        self._own_summary = ""
        self.chooser.currentIndexChanged.connect(self._framework_chosen)

    def focus(self) -> None:
        """Keyboard focus to the requirements table."""
        self.table.setFocus()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        if session is not None and session.result is not None:
            self.show_result(session.result)
        else:
            self._result = None
            self.model.set_rows(None, [])
            self._fill_chooser(None)
            self.summary.setText("Checking…" if session else "No store open")

    # ------------------------------------------------------------ other frameworks
    def shown_framework(self) -> str | None:
        """The framework the tab shows: None for the case's own, else the other one's id."""
        if self.chooser.currentIndex() <= 0:
            return None
        value = self.chooser.currentData()
        return value if isinstance(value, str) else None

    def show_framework(self, framework_id: str | None) -> bool:
        """Show the case's own matrix (None) or its coverage of ``framework_id``."""
        index = 0 if framework_id is None else self.chooser.findData(framework_id)
        if index < 0:
            return False
        self.chooser.setCurrentIndex(index)
        return True

    def _fill_chooser(self, doc: CaseDocument | None) -> None:
        """The case's framework, then each known framework a shipped crosswalk links it with."""
        from workbench.app.catalogs import catalogues
        from workbench.app.crosswalks import mapped_frameworks

        keep = self.shown_framework()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        if doc is not None:
            own = doc.framework.id
            self.chooser.addItem(f"{own} (the case's framework)", None)
            known = catalogues().all
            for other in (f for f in mapped_frameworks(own) if f in known):
                self.chooser.addItem(f"{other} through the crosswalk", other)
        found = self.chooser.findData(keep) if keep is not None else 0
        self.chooser.setCurrentIndex(max(found, 0))
        self.chooser.setEnabled(self.chooser.count() > 1)
        self.chooser.blockSignals(False)

    def _framework_chosen(self, _index: int = 0) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        other = self.shown_framework()
        result = self._result
        if other is None or result is None:
            self.other_model.set_coverage(None)
            self.stack.setCurrentWidget(self.table)
            self.summary.setText(self._own_summary or "Checking…")
            self.details.setHtml(NO_SELECTION)
            return
        from workbench.app.checking import other_coverage

        try:
            [coverage] = other_coverage(result.document, result.matrix, [other])
        except WorkbenchError as exc:
            self.messageRaised.emit(str(exc))
            self.show_framework(None)
            return
        selected = self.other_table.currentIndex().data(REQUIREMENT_ROLE)
        self.other_model.set_coverage(coverage)
        self.stack.setCurrentWidget(self.other_table)
        counts = coverage.counts
        self.summary.setText(
            f"<b>{escape(coverage.title)}</b> read through crosswalk "
            f"{escape(coverage.crosswalk)}: "
            + " · ".join(f"{counts[s]} {text.lower()}" for s, text in OTHER_TEXT.items())
        )
        row = self.other_model.row_of(selected) if isinstance(selected, str) else -1
        if row >= 0:
            self.other_table.setCurrentIndex(
                self.other_proxy.mapFromSource(self.other_model.index(row, 0))
            )
        else:
            self.details.setHtml(NO_SELECTION)

    def _show_other_details(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """The chosen item's coverage, each link with its relation and rationale."""
        row = self.other_model.row_of(index.data(REQUIREMENT_ROLE) or "")
        if row < 0:
            self.details.setHtml(NO_SELECTION)
            return
        item = self.other_model.rows[row]
        links = "".join(
            f"<li>{escape(' + '.join(f'{o.id} ({o.state.value})' for o in use.own))} "
            f"— {escape(use.relation)}: {escape(use.rationale)}</li>"
            for use in item.links
        )
        self.details.setHtml(
            f"<b>{escape(item.id)}</b> — {escape(item.title)}<br><i>{escape(item.section)}</i>"
            f" · {escape(OTHER_TEXT[item.status.value])}: {escape(item.detail)}"
            + (f"<ul>{links}</ul>" if links else "")
        )

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
        self._own_summary = (
            f"<b>Required{label}: {level.overall_name}</b>"
            + (f" {level.detail}" if level.detail else "")
            + " — "
            + " · ".join(f"{counts[s]} {text}" for s, text in STATUS_TEXT.items() if counts[s])
        )
        self.summary.setText(self._own_summary)
        previous = self._result
        self._result = result
        if previous is None or previous.document.framework.id != result.document.framework.id:
            self._fill_chooser(result.document)
        if self.shown_framework() is not None:
            self._show_chosen()
            return
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
        if self.shown_framework() is not None:
            self.show_framework(None)  # the case's own requirement: back to its matrix
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
