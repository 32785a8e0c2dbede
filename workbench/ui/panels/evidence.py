"""Evidence library: stored files and their metadata, imported in the background (drop/dialog)."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.app.changes import update_evidence
from workbench.app.evidence import EvidenceDetails, ImportEvidence, ImportOutcome
from workbench.app.operations import Changes, Outcome
from workbench.diagram import palette
from workbench.domain import (
    BlobStatus,
    CaseDocument,
    Challenge,
    Evidence,
    EvidenceKind,
    labels,
)
from workbench.domain.wording import plural
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession
from workbench.ui.session.tasks import TaskHandle
from workbench.ui.widgets.gsnshapes import CHALLENGE_COLOUR

log = logging.getLogger("workbench.ui.panels.evidence")

ModelIndex = QModelIndex | QPersistentModelIndex
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = (
    "Title",
    "Kind",
    "Team",
    "Collected",
    "Expires",
    "Size",
    "SHA-256",
    "Stored",
    "Challenges",
)
CHALLENGES_COLUMN = COLUMNS.index("Challenges")
KIND_NAMES = {k: labels.label(k) for k in EvidenceKind}

#: Chooses files to import (a dialog in the app; tests put a function returning paths here).
FileChooser = Callable[[QWidget], list[Path]]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class EvidenceModel(RowTableModel):
    """The store's evidence records, with what the store holds of their bytes."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Evidence] = []
        self.status: dict[str, BlobStatus] = {}
        self.challenges: dict[str, list[Challenge]] = {}

    def set_rows(
        self,
        rows: Sequence[Evidence],
        status: dict[str, BlobStatus],
        challenges: dict[str, list[Challenge]] | None = None,
    ) -> None:
        """The evidence, what the store holds of it, and its unresolved challenges by target."""
        self.beginResetModel()
        self.rows = list(rows)
        self.status = dict(status)
        self.challenges = challenges or {}
        self.endResetModel()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        e = self.rows[index.row()]
        column = index.column()
        if role == EVIDENCE_ID_ROLE:
            return e.id
        if role == SORT_ROLE:
            return e.size if column == 5 else self._display(e, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHALLENGES_COLUMN and e.id in self.challenges:
                return "\n".join(
                    f"{c.id} ({c.severity.value} {c.kind.value}): {c.text}"
                    for c in self.challenges[e.id]
                )
            return f"{e.id}: {e.title}\n{e.filename} ({e.media_type})\nSHA-256 {e.sha256}"
        if role == Qt.ItemDataRole.ForegroundRole and column == CHALLENGES_COLUMN:
            return CHALLENGE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 7:
            stored = self.status.get(e.id, BlobStatus.missing)
            return QColor(palette.GREEN if stored == BlobStatus.present else palette.RED)
        return None

    def _display(self, e: Evidence, column: int) -> str:
        if column == 0:
            return e.title
        if column == 1:
            return KIND_NAMES[e.kind]
        if column == 2:
            return e.team or "—"
        if column == 3:
            return e.collected.isoformat() if e.collected else "—"
        if column == 4:
            return e.expires.isoformat() if e.expires else "—"
        if column == 5:
            return human_size(e.size)
        if column == 6:
            return e.sha256
        if column == CHALLENGES_COLUMN:
            count = len(self.challenges.get(e.id, ()))
            return f"{count} unresolved" if count else ""
        return self.status.get(e.id, BlobStatus.missing).value

    def row_of(self, evidence_id: str) -> int:
        return next((i for i, e in enumerate(self.rows) if e.id == evidence_id), -1)


def choose_files_with_dialog(parent: QWidget) -> list[Path]:
    names, _filter = QFileDialog.getOpenFileNames(parent, "Add evidence files")
    return [Path(n) for n in names]


class EvidencePanel(QWidget):
    """Table and details of the evidence; files dropped or chosen are imported in the background."""

    importFinished = Signal(object)  # ImportOutcome
    errorRaised = Signal(str)
    messageRaised = Signal(str)
    subjectRequested = Signal(str)  # an element or challenge id linked from the details

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.choose_files: FileChooser = choose_files_with_dialog
        self.task: TaskHandle | None = None
        self.model = EvidenceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = record_table(self, self.proxy, "Evidence library", sortable=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        widths = ((1, 100), (2, 110), (3, 84), (4, 84), (5, 64), (6, 80), (7, 60), (8, 88))
        for column, width in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.details = QTextBrowser(self)
        self.details.setAccessibleName("Evidence details")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(lambda url: self.subjectRequested.emit(url.path()))
        self.add_button = QPushButton("Add files…", self)
        self.add_button.setToolTip("Import files as evidence (or drop them here)")
        self.kind_box = QComboBox(self)
        self.kind_box.addItem("kind from file", None)
        for kind in EvidenceKind:
            self.kind_box.addItem(KIND_NAMES[kind], kind.value)
        self.kind_box.setAccessibleName("Kind of the files to import")
        self.team_edit = QLineEdit(self)
        self.team_edit.setPlaceholderText("Producing team")
        self.team_edit.setAccessibleName("Team of the files to import")
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setVisible(False)
        self.drop_hint = QLabel("Drop files here to import them", self)
        self.drop_hint.setStyleSheet("color: #666;")
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(QLabel("as", self))
        bar.addWidget(self.kind_box)
        bar.addWidget(self.team_edit)
        bar.addWidget(self.drop_hint, 1)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        self.edit_box = EvidenceForm(self)
        self.edit_box.saveRequested.connect(self.save_details)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details, 1)
        side_layout.addWidget(self.edit_box)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(splitter)
        self.setAcceptDrops(True)
        self.add_button.clicked.connect(self.choose_and_import)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.table.selectionModel().currentRowChanged.connect(lambda c, _p: self._show_details(c))

    def focus(self) -> None:
        """Keyboard focus to the evidence table."""
        self.table.setFocus()

    # ---------------------------------------------------------------- showing
    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.add_button.setEnabled(session is not None and not session.read_only)
        self.setAcceptDrops(session is not None and not session.read_only)
        self.reload()

    def reload(self) -> None:
        session = self.session
        selected = self.current_evidence_id()
        if session is None:
            self.model.set_rows([], {})
            self.details.clear()
            self.edit_box.show_evidence(None)
            return
        doc = session.document
        self.model.set_rows(doc.evidence, session.blob_status, doc.review.unresolved_by_target)
        if selected is None or not self.select_evidence(selected):
            self.edit_box.show_evidence(None)
            self.details.setHtml(
                f"<p>{plural(len(self.model.rows), 'evidence file')}. "
                "Select one to see its details.</p>"
            )

    def apply_changes(self, changes: Changes) -> None:
        """Reload when what the library shows changed: evidence, challenges, citations."""
        if (
            changes.touches("evidence", "challenge")
            or changes.ids("element") - changes.updated.get("element", frozenset())
            or "evidence" in changes.changed_fields("element")
        ):
            self.reload()

    def current_evidence_id(self) -> str | None:
        value = self.table.currentIndex().data(EVIDENCE_ID_ROLE)
        return value if isinstance(value, str) else None

    def select_evidence(self, evidence_id: str) -> bool:
        row = self.model.row_of(evidence_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show_details(index)
        return True

    def _show_details(self, index: QModelIndex) -> None:
        evidence_id = index.data(EVIDENCE_ID_ROLE)
        if self.session is None or not isinstance(evidence_id, str):
            return
        doc = self.session.document
        evidence = doc.evidence_by_id().get(evidence_id)
        if evidence is not None:
            self.details.setHtml(details_html(evidence, doc, self.session.blob_status))
            self.edit_box.show_evidence(evidence, editable=not self.session.read_only)

    def save_details(self) -> bool:
        """Write the form's kind, team and dates to the evidence shown: one undoable,
        audited change (Edit ▸ Undo takes it back)."""
        session = self.session
        evidence_id = self.edit_box.evidence_id
        if session is None or evidence_id is None:
            return False
        try:
            fields = self.edit_box.fields()
        except ValueError as exc:
            self.errorRaised.emit(str(exc))
            return False
        return session.edit(lambda doc: update_evidence(doc, evidence_id, **fields))

    # -------------------------------------------------------------- importing
    @property
    def importing(self) -> bool:
        return self.task is not None

    def choose_and_import(self) -> None:
        files = self.choose_files(self)
        if files:
            self.import_files(files)

    def import_files(self, files: Sequence[Path]) -> bool:
        """Import files on a worker thread; the window stays usable and shows progress."""
        session = self.session
        if session is None or not files:
            return False
        if session.read_only:
            self.errorRaised.emit(session.read_only_why("add evidence"))
            return False
        if self.task is not None:
            self.errorRaised.emit("an import is already running; wait for it or cancel it")
            return False
        kind = self.kind_box.currentData()
        details = EvidenceDetails(
            kind=EvidenceKind(kind) if kind else None, team=self.team_edit.text().strip()
        )
        paths = [Path(f) for f in files]
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"Importing {plural(len(paths), 'file')}…")
        self._set_busy(True)
        # The bytes are streamed on a worker; the records are written here, through the
        # session, so the import lands on the undo stack and the views hear of it at once.
        self.task = session.run_in_background(
            ImportEvidence(paths, details), self._imported, self._progressed
        )
        return True

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Cancelling…")

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.drop_hint.setVisible(not busy)
        self.add_button.setEnabled(not busy and self.session is not None)

    def _progressed(self, done: int, total: int) -> None:
        if total <= 0:
            return
        # QProgressBar holds an int: count in KiB so files over 2 GiB fit.
        self.progress.setRange(0, max(1, total // 1024))
        self.progress.setValue(done // 1024)
        self.progress.setFormat(f"{human_size(done)} of {human_size(total)} (%p%)")

    def _imported(self, done: Outcome[ImportOutcome] | None) -> None:
        self.task = None
        self._set_busy(False)
        if done is None:  # refused or failed: the session said why
            self.importFinished.emit(ImportOutcome(errors=("the import was not recorded",)))
            return
        outcome = done.result
        if outcome.errors:
            self.errorRaised.emit(outcome.summary())
        else:
            self.messageRaised.emit(outcome.summary().capitalize())
        if outcome.added:
            self.select_evidence(outcome.added[-1].id)
        self.importFinished.emit(outcome)

    # ----------------------------------------------------------- drag & drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """QWidget.dragEnterEvent: accept local files."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """QWidget.dropEvent: import the dropped files."""
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files and self.import_files(files):
            event.acceptProposedAction()
        else:
            event.ignore()


class EvidenceForm(QGroupBox):
    """The details of one evidence record that can change after import: kind, team, dates."""

    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Edit details", parent)
        self.evidence_id: str | None = None
        self.kind_box = QComboBox(self)
        for kind in EvidenceKind:
            self.kind_box.addItem(KIND_NAMES[kind], kind.value)
        self.kind_box.setAccessibleName("Kind of the evidence")
        self.team_edit = QLineEdit(self)
        self.team_edit.setAccessibleName("Producing team")
        self.collected_edit = QLineEdit(self)
        self.collected_edit.setPlaceholderText("YYYY-MM-DD")
        self.collected_edit.setAccessibleName("Date collected")
        self.expires_edit = QLineEdit(self)
        self.expires_edit.setPlaceholderText("YYYY-MM-DD, or empty: never")
        self.expires_edit.setAccessibleName("Expiry date")
        self.save_button = QPushButton("Save details", self)
        self.save_button.setToolTip("Change the record (not the file); undoable, audited")
        # Two fields a row: the details above keep most of the tab's (short) height.
        form = QGridLayout(self)
        form.setContentsMargins(6, 2, 6, 4)
        form.setVerticalSpacing(2)
        for row, column, label, field in (
            (0, 0, "Kind", self.kind_box),
            (0, 2, "Team", self.team_edit),
            (1, 0, "Collected", self.collected_edit),
            (1, 2, "Expires", self.expires_edit),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(field)
            form.addWidget(caption, row, column)
            form.addWidget(field, row, column + 1)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        form.addWidget(self.save_button, 1, 4)
        self.save_button.clicked.connect(self.saveRequested)
        for edit in (self.team_edit, self.collected_edit, self.expires_edit):
            edit.returnPressed.connect(self.saveRequested)
        self.show_evidence(None)

    def show_evidence(self, evidence: Evidence | None, *, editable: bool = True) -> None:
        self.evidence_id = evidence.id if evidence is not None else None
        self.setEnabled(evidence is not None and editable)
        if evidence is None:
            self.setTitle("Edit details")
            for edit in (self.team_edit, self.collected_edit, self.expires_edit):
                edit.clear()
            return
        self.setTitle(f"Edit details of {evidence.id}")
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(evidence.kind.value)))
        self.team_edit.setText(evidence.team)
        self.collected_edit.setText(evidence.collected.isoformat() if evidence.collected else "")
        self.expires_edit.setText(evidence.expires.isoformat() if evidence.expires else "")

    def fields(self) -> dict[str, Any]:
        """What the form says; ValueError (worded for people) for a date that is not one."""
        dates: dict[str, Any] = {}
        for name, edit in (("collected", self.collected_edit), ("expires", self.expires_edit)):
            text = edit.text().strip()
            if not text:
                dates[name] = None
                continue
            try:
                dates[name] = dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    f"{text!r} is not a date for {name}: write it as YYYY-MM-DD"
                ) from None
        return {
            "kind": EvidenceKind(self.kind_box.currentData()),
            "team": self.team_edit.text().strip(),
            **dates,
        }


def details_html(evidence: Evidence, doc: CaseDocument, status: dict[str, BlobStatus]) -> str:
    """The details pane: every recorded field, extracted metadata and the citing solutions."""
    esc = html.escape
    rows = [
        ("Id", evidence.id),
        ("Kind", KIND_NAMES[evidence.kind]),
        ("Team", evidence.team or "—"),
        ("File", f"{evidence.filename} ({evidence.media_type})"),
        ("Size", f"{human_size(evidence.size)} ({evidence.size:,} bytes)"),
        ("SHA-256", evidence.sha256),
        ("Stored", status.get(evidence.id, BlobStatus.missing).value),
        ("Collected", evidence.collected.isoformat() if evidence.collected else "—"),
        ("Imported", evidence.imported_at.isoformat(sep=" ")),
        ("Expires", evidence.expires.isoformat() if evidence.expires else "—"),
        ("Evaluation", evidence.evaluation or "—"),
        ("Methodology", evidence.methodology_version or "—"),
        ("Superseded by", evidence.superseded_by or "—"),
    ]
    parts = [f"<h3>{esc(evidence.title)}</h3><table cellspacing='2'>"]
    for label, value in rows:
        parts.append(
            f"<tr><td style='color:#555;padding-right:8px'>{esc(label)}</td>"
            f"<td><tt>{esc(value)}</tt></td></tr>"
            if label == "SHA-256"
            else f"<tr><td style='color:#555;padding-right:8px'>{esc(label)}</td>"
            f"<td>{esc(value)}</td></tr>"
        )
    parts.append("</table>")
    if evidence.metadata:
        parts.append("<h4>Extracted metadata</h4><table cellspacing='2'>")
        for key, value in sorted(evidence.metadata.items()):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            parts.append(
                f"<tr><td style='color:#555;padding-right:8px'>{esc(str(key))}</td>"
                f"<td>{esc(shown)}</td></tr>"
            )
        parts.append("</table>")
    citing = [e for e in doc.case.elements if evidence.id in e.evidence]
    if citing:
        links = ", ".join(f"<a href='element:{esc(e.id)}'>{esc(e.id)}</a>" for e in citing)
        parts.append(f"<p>Cited by {links}</p>")
    else:
        parts.append("<p><i>Not cited by any solution yet.</i></p>")
    challenges = [c for c in doc.review.challenges if c.target == evidence.id]
    if challenges:
        parts.append("<h4>Challenges</h4><ul>")
        for c in challenges:
            parts.append(
                f"<li><a href='challenge:{esc(c.id)}'>{esc(c.id)}</a> · "
                f"{esc(c.severity.value)} {esc(c.kind.value)} · "
                f"<b>{esc(labels.label(c.status))}</b> — {esc(c.text)}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)
