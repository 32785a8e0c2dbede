"""Review pane: stress-testing sessions and challenges; forms to start, raise, answer, close."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

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
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.app.operations import Changes
from workbench.app.review import (
    ALLOWED_TRANSITIONS,
    close_session,
    raise_challenge,
    respond,
    start_session,
)
from workbench.diagram import palette
from workbench.domain import (
    CaseDocument,
    Challenge,
    ChallengeKind,
    ChallengeSeverity,
    ChallengeStatus,
    InputError,
    ReviewSession,
    TargetKind,
    challenge_history,
    labels,
    parse_participant_lines,
)
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession
from workbench.ui.widgets.choices import ChoiceListModel, chosen_value, combo_with_search, narrow
from workbench.ui.widgets.gsnshapes import CHALLENGE_COLOUR, SEVERITY_COLOUR, TYPE_NAMES

log = logging.getLogger("workbench.ui.panels.review")

ModelIndex = QModelIndex | QPersistentModelIndex

CHALLENGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2
TARGET_KIND_ROLE = Qt.ItemDataRole.UserRole + 3
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 5
SESSION_ROLE = Qt.ItemDataRole.UserRole + 6
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 7

CHALLENGE_COLUMNS = (
    "Id",
    "Session",
    "Target",
    "Severity",
    "Kind",
    "Status",
    "Raised by",
    "Challenge",
)
SESSION_COLUMNS = ("Id", "Title", "Status", "Challenges")

#: How each status a response can move a challenge to is offered in the answer form.
STATUS_CHOICES: dict[ChallengeStatus, str] = {
    ChallengeStatus.answered: "Answered (reply, reviewer to decide)",
    ChallengeStatus.accepted: "Accepted (the case was changed)",
    ChallengeStatus.refuted: "Refuted (with argument or evidence)",
    ChallengeStatus.risk_accepted: "Risk accepted (approvers only)",
    ChallengeStatus.open: "Reopen",
}
STATUS_COLOUR: dict[ChallengeStatus, QColor] = {
    ChallengeStatus.open: QColor(palette.RED),
    ChallengeStatus.answered: QColor(palette.AMBER),
    ChallengeStatus.accepted: QColor(palette.GREEN),
    ChallengeStatus.refuted: QColor(palette.GREEN),
    ChallengeStatus.risk_accepted: QColor(palette.PURPLE),
}
UNRESOLVED = "unresolved"
ALL = ""
KIND_HELP = {
    ChallengeKind.rebutting: "rebutting — the claim is false",
    ChallengeKind.undermining: "undermining — the evidence is doubtful",
    ChallengeKind.undercutting: "undercutting — the inference does not follow",
}


def status_name(status: ChallengeStatus) -> str:
    return labels.label(status)


def target_label(doc: CaseDocument, target: str) -> str:
    """``G3 (goal) — text`` or ``E-… (evidence) — title`` for a challenge target."""
    element = doc.case.by_id.get(target)
    if element is not None:
        return f"{target} ({TYPE_NAMES[element.type].lower()}) — {element.text}"
    evidence = doc.evidence_by_id().get(target)
    if evidence is not None:
        return f"{target} (evidence) — {evidence.title}"
    return f"{target} (no longer in the case)"


def history_text(challenge: Challenge) -> str:
    """The challenge and every response, one paragraph each (workbench.domain.review)."""
    return "\n".join(challenge_history(challenge))


# --------------------------------------------------------------------------------- models
class ChallengeModel(RowTableModel):
    """Every challenge of the case, in the order they were raised."""

    columns = CHALLENGE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Challenge] = []
        self._targets: dict[str, str] = {}

    def set_document(self, doc: CaseDocument | None) -> None:
        self.beginResetModel()
        self.rows = list(doc.review.challenges) if doc is not None else []
        self._targets = {}
        if doc is not None:
            self._targets = {c.target: target_label(doc, c.target) for c in self.rows}
        self.endResetModel()

    def row_of(self, challenge_id: str) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == challenge_id), -1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(c, column)
        if role == CHALLENGE_ID_ROLE:
            return c.id
        if role == TARGET_ROLE:
            return c.target
        if role == TARGET_KIND_ROLE:
            return c.target_kind.value
        if role == STATUS_ROLE:
            return c.status.value
        if role == SEVERITY_ROLE:
            return c.severity.value
        if role == SESSION_ROLE:
            return c.session
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return self._targets.get(c.target, c.target)
            return history_text(c)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 3:
                return SEVERITY_COLOUR[c.severity.value]
            if column == 5:
                return STATUS_COLOUR[c.status]
        return None

    def _display(self, c: Challenge, column: int) -> str:
        if column == 0:
            return c.id
        if column == 1:
            return c.session
        if column == 2:
            return c.target
        if column == 3:
            return c.severity.value
        if column == 4:
            return c.kind.value
        if column == 5:
            return status_name(c.status)
        if column == 6:
            return c.raised_by
        return c.text


class ChallengeFilter(QSortFilterProxyModel):
    """Shows the challenges of one status (or all unresolved), severity and session."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status = ALL
        self.severity = ALL
        self.session = ALL

    def set_filters(
        self, *, status: str | None = None, severity: str | None = None, session: str | None = None
    ) -> None:
        self.beginFilterChange()
        if status is not None:
            self.status = status
        if severity is not None:
            self.severity = severity
        if session is not None:
            self.session = session
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """QSortFilterProxyModel.filterAcceptsRow."""
        index = self.sourceModel().index(source_row, 0, source_parent)
        status = ChallengeStatus(index.data(STATUS_ROLE))
        if self.status == UNRESOLVED:
            if status.resolved:
                return False
        elif self.status and status.value != self.status:
            return False
        if self.severity and index.data(SEVERITY_ROLE) != self.severity:
            return False
        return not (self.session and index.data(SESSION_ROLE) != self.session)


class SessionModel(RowTableModel):
    """The stress-testing sessions, with how many challenges each raised."""

    columns = SESSION_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewSession] = []
        self._counts: dict[str, int] = {}

    def set_document(self, doc: CaseDocument | None) -> None:
        self.beginResetModel()
        self.rows = list(doc.review.sessions) if doc is not None else []
        self._counts = {}
        if doc is not None:
            for c in doc.review.challenges:
                self._counts[c.session] = self._counts.get(c.session, 0) + 1
        self.endResetModel()

    def row_of(self, session_id: str) -> int:
        return next((i for i, s in enumerate(self.rows) if s.id == session_id), -1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        column = index.column()
        if role == SESSION_ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return s.id
            if column == 1:
                return s.title
            if column == 2:
                return f"closed {s.ended:%Y-%m-%d}" if s.ended is not None else "open"
            return str(self._counts.get(s.id, 0))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and s.ended is None:
            return CHALLENGE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            people = "\n".join(
                f"  {p.name} ({p.team or 'no team'}, {p.role.value})" for p in s.participants
            )
            minutes = s.minutes or ("not closed yet" if s.ended is None else "none recorded")
            scope = f"Scope: {s.scope}\n" if s.scope else ""
            return (
                f"{s.id}: {s.title}\nStarted {s.started:%Y-%m-%d %H:%M} UTC\n{scope}"
                f"Participants:\n{people}\nMinutes: {minutes}"
            )
        return None


# ---------------------------------------------------------------------------------- forms
class ChallengeAnswerForm(QWidget):
    """Answer one challenge: the new status (from the allowed transitions), text and evidence."""

    answered = Signal(str)  # challenge id

    def __init__(self, parent: QWidget | None = None, *, show_history: bool = False) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.challenge_id: str | None = None
        self.show_history = show_history
        self.heading = QLabel("Select a challenge to answer it.", self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setStyleSheet("color:#37474f;")
        self.history.setVisible(False)
        self.status_box = narrow(QComboBox(self))
        self.status_box.setAccessibleName("New status of the challenge")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText(
            "Your answer: what was changed, or why the challenge fails"
        )
        self.text_edit.setAccessibleName("Answer text")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMaximumHeight(80)
        self.evidence_box = combo_with_search(self, "Cite evidence (optional)…")
        self.evidence_choices = ChoiceListModel(self.evidence_box)
        self.evidence_box.setModel(self.evidence_choices)
        self.evidence_box.setAccessibleName("Evidence cited by the answer")
        self.submit_button = QPushButton("Record answer", self)
        self.submit_button.setDefault(False)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Status", self.status_box)
        form.addRow("Answer", self.text_edit)
        form.addRow("Evidence", self.evidence_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.history)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        self.submit_button.clicked.connect(self.submit)
        self.set_challenge(None, None)

    @property
    def challenge(self) -> Challenge | None:
        if self.session is None or self.challenge_id is None:
            return None
        return self.session.document.challenges_by_id.get(self.challenge_id)

    def set_challenge(self, session: CaseSession | None, challenge_id: str | None) -> None:
        """Show a challenge (keeping typed text when it is the same one as before)."""
        if session is not self.session or challenge_id != self.challenge_id:
            self.text_edit.clear()
            self.evidence_box.setEditText("")
        self.session = session
        self.challenge_id = challenge_id
        self.reload()

    def reload(self) -> None:
        challenge = self.challenge
        # Reviewers raise challenges; answers are the authors' (review mode answers none).
        session = self.session
        enabled = challenge is not None and session is not None and not session.read_only
        for widget in (self.status_box, self.text_edit, self.evidence_box, self.submit_button):
            widget.setEnabled(enabled)
        self.history.setVisible(self.show_history and challenge is not None)
        if challenge is None or self.session is None:
            self.heading.setText("Select a challenge to answer it.")
            self.history.clear()
            self.status_box.clear()
            return
        self.history.setText(history_text(challenge))
        self.heading.setText(
            f"<b>Answer {html.escape(challenge.id)}</b> "
            f"({challenge.severity.value} {challenge.kind.value}, now "
            f"<b>{status_name(challenge.status)}</b>)"
        )
        chosen = self.status_box.currentData()
        allowed = [s for s in STATUS_CHOICES if s in ALLOWED_TRANSITIONS[challenge.status]]
        self.status_box.clear()
        for status in allowed:
            self.status_box.addItem(STATUS_CHOICES[status], status.value)
        keep = self.status_box.findData(chosen)
        self.status_box.setCurrentIndex(keep if keep >= 0 else 0)
        typed = self.evidence_box.currentText()
        self.evidence_box.blockSignals(True)
        by_id = self.session.document.evidence_by_id()
        self.evidence_choices.set_values(list(by_id), lambda eid: f"{eid} — {by_id[eid].title}")
        self.evidence_box.setCurrentIndex(-1)
        self.evidence_box.setEditText(typed)
        self.evidence_box.blockSignals(False)

    def submit(self) -> bool:
        """Record the answer through ``workbench.app.review.respond``; False if refused."""
        session = self.session
        challenge = self.challenge
        if session is None or challenge is None:
            return False
        status = self.status_box.currentData()
        text = self.text_edit.toPlainText()
        evidence: list[str] = []
        typed = self.evidence_box.currentText().strip()
        if typed:
            value = chosen_value(self.evidence_box)
            if value is None:
                session.errorRaised.emit(
                    f"no evidence {typed!r} in this case; pick one from the list or leave it empty"
                )
                return False
            evidence.append(value)
        challenge_id = challenge.id
        done = session.record(
            lambda ws: respond(
                ws, challenge_id, status=str(status), text=text, by=ws.actor, evidence=evidence
            ),
        )
        if done is None:
            return False
        self.text_edit.clear()
        self.evidence_box.setEditText("")
        self.reload()
        self.answered.emit(challenge_id)
        return True


class ElementChallengesBox(QGroupBox):
    """The element editor's challenges: the list, an Answer… form, and Challenge… for reviewers."""

    challengeRequested = Signal(str)  # element id to raise a challenge on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Stress-testing challenges", parent)
        self.session: CaseSession | None = None
        self.element_id: str | None = None
        self.list = QListWidget(self)
        self.list.setMaximumHeight(110)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Challenges on this element")
        self.answer_button = QPushButton("Answer…", self)
        self.answer_button.setToolTip("Answer the selected challenge")
        self.challenge_button = QPushButton("Challenge…", self)
        self.challenge_button.setToolTip("Raise a new challenge on this element (Review tab)")
        self.answer_form = ChallengeAnswerForm(self)
        self.answer_form.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.answer_button)
        row.addWidget(self.challenge_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.answer_form)
        self.list.currentRowChanged.connect(lambda _r: self._selection_changed())
        self.answer_button.clicked.connect(self.open_answer)
        self.challenge_button.clicked.connect(self._challenge_clicked)

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.element_id = None
        self.answer_form.setVisible(False)
        self.show_element(None)

    def show_element(self, element_id: str | None) -> None:
        """Fill the list for an element (None: empty); keeps the selection and typed answer."""
        if element_id != self.element_id:
            self.answer_form.setVisible(False)
        self.element_id = element_id
        session = self.session
        selected = self.selected_challenge_id()
        self.list.blockSignals(True)
        self.list.clear()
        challenges = (
            [c for c in session.document.review.challenges if c.target == element_id]
            if session is not None and element_id is not None
            else []
        )
        for c in challenges:
            item = QListWidgetItem(
                f"{c.id} [{status_name(c.status)}, {c.severity.value} {c.kind.value}] "
                f"{c.raised_by}: {c.text}"
            )
            item.setData(CHALLENGE_ID_ROLE, c.id)
            item.setToolTip(history_text(c))
            item.setForeground(STATUS_COLOUR[c.status])
            self.list.addItem(item)
            if c.id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        reviewing = session is not None and session.review_mode
        self.answer_button.setEnabled(
            self.list.count() > 0 and session is not None and not session.read_only
        )
        self.challenge_button.setVisible(reviewing)
        self.challenge_button.setEnabled(session is not None and session.writable)
        self.setVisible(bool(challenges) or reviewing)
        self._selection_changed()

    def selected_challenge_id(self) -> str | None:
        item = self.list.currentItem()
        value = item.data(CHALLENGE_ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def _challenge_clicked(self) -> None:
        if self.element_id is not None:
            self.challengeRequested.emit(self.element_id)

    def open_answer(self) -> None:
        """Show the answer form for the selected challenge and put the cursor in its text."""
        if self.selected_challenge_id() is None:
            return
        self.answer_form.setVisible(True)
        self._selection_changed()
        self.answer_form.text_edit.setFocus()

    def _selection_changed(self) -> None:
        self.answer_form.set_challenge(self.session, self.selected_challenge_id())


class StartSessionForm(QWidget):
    """Start a stress-testing session: title, scope and participants (name[:team[:role]] lines)."""

    started = Signal(str)  # session id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Alignment stress-test of the capability report")
        self.title_edit.setAccessibleName("Session title")
        self.scope_edit = QLineEdit(self)
        self.scope_edit.setPlaceholderText("What is under review (optional)")
        self.scope_edit.setAccessibleName("Session scope")
        self.participants_edit = QPlainTextEdit(self)
        self.participants_edit.setPlaceholderText(
            "One per line: name[:team[:role]] (role: reviewer, the default, author, approver "
            "or observer)"
        )
        self.participants_edit.setAccessibleName("Participants, one name[:team[:role]] per line")
        self.participants_edit.setTabChangesFocus(True)
        self.participants_edit.setMaximumHeight(70)
        self.start_button = QPushButton("Start session", self)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Title", self.title_edit)
        form.addRow("Scope", self.scope_edit)
        form.addRow("Participants", self.participants_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.start_button.clicked.connect(self.submit)

    def set_session(self, session: CaseSession | None) -> None:
        self.note.setText(
            "Start a stress-testing session; challenges are raised within an open session."
        )
        if session is not self.session:
            self.title_edit.clear()
            self.scope_edit.clear()
            self.participants_edit.setPlainText(
                f"{session.workspace.actor}::reviewer" if session is not None else ""
            )
        self.session = session
        self.setEnabled(session is not None)

    def submit(self) -> bool:
        session = self.session
        if session is None:
            return False
        try:
            participants = parse_participant_lines(self.participants_edit.toPlainText())
        except (InputError, ValueError) as exc:
            session.errorRaised.emit(str(exc))
            return False
        title = self.title_edit.text()
        scope = self.scope_edit.text()
        done = session.record(
            lambda ws: start_session(ws, title=title, participants=participants, scope=scope),
        )
        if done is None:
            return False
        self.title_edit.clear()
        self.scope_edit.clear()
        self.started.emit(done.record.id)
        return True


class RaiseChallengeForm(QWidget):
    """Raise a challenge on an element or evidence item in an open session."""

    raised = Signal(str)  # challenge id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.session_box = narrow(QComboBox(self))
        self.session_box.setAccessibleName("Session the challenge is raised in")
        self.target_box = combo_with_search(self, "Element or evidence id or text…")
        self.targets = ChoiceListModel(self.target_box)
        self.target_box.setModel(self.targets)
        self.target_box.setAccessibleName("What is challenged")
        self.kind_box = narrow(QComboBox(self))
        for kind in ChallengeKind:
            self.kind_box.addItem(KIND_HELP[kind], kind.value)
        self.kind_box.setAccessibleName("Kind of challenge")
        self.severity_box = QComboBox(self)
        for severity in ChallengeSeverity:
            self.severity_box.addItem(severity.value, severity.value)
        self.severity_box.setCurrentIndex(self.severity_box.findData("major"))
        self.severity_box.setAccessibleName("Severity of the challenge")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("What is wrong or missing, and why it matters")
        self.text_edit.setAccessibleName("Challenge text")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMaximumHeight(70)
        self.raise_button = QPushButton("Raise challenge", self)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_box, 1)
        kind_row.addWidget(self.severity_box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Session", self.session_box)
        form.addRow("Target", self.target_box)
        form.addRow("Kind", kind_row)
        form.addRow("Challenge", self.text_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.raise_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.raise_button.clicked.connect(self.submit)

    def open_sessions(self) -> list[ReviewSession]:
        if self.session is None:
            return []
        return [s for s in self.session.document.review.sessions if s.ended is None]

    def set_session(self, session: CaseSession | None) -> None:
        if session is not self.session:
            self.text_edit.clear()
            self.target_box.setEditText("")
        self.session = session
        self.reload()

    def reload(self) -> None:
        session = self.session
        open_sessions = self.open_sessions()
        chosen_session = self.session_box.currentData()
        self.session_box.clear()
        for s in reversed(open_sessions):  # the newest first
            self.session_box.addItem(f"{s.id} — {s.title}", s.id)
        keep = self.session_box.findData(chosen_session)
        self.session_box.setCurrentIndex(keep if keep >= 0 else 0)
        typed = self.target_box.currentText()
        self.target_box.blockSignals(True)
        values: list[str] = []
        label: Callable[[str], str] = str
        if session is not None:
            doc = session.document
            values = [e.id for e in doc.case.elements] + [ev.id for ev in doc.evidence]

            def label(target: str, doc: CaseDocument = doc) -> str:
                return target_label(doc, target)

        # One model reset instead of an addItem per target: cases have tens of thousands.
        self.targets.set_values(values, label)
        self.target_box.setCurrentIndex(-1)
        self.target_box.setEditText(typed)
        self.target_box.blockSignals(False)
        usable = session is not None and bool(open_sessions)
        for widget in (
            self.session_box,
            self.target_box,
            self.kind_box,
            self.severity_box,
            self.text_edit,
            self.raise_button,
        ):
            widget.setEnabled(usable)
        actor = session.workspace.actor if session is not None else ""
        if session is None:
            self.note.setText("No store open.")
        elif open_sessions:
            self.note.setText(f"Raised by <b>{html.escape(actor)}</b>.")
        else:
            self.note.setText(
                "No review session is open: start one (Start session) to raise challenges."
            )

    def set_target(self, target: str) -> None:
        """Pre-fill what is challenged (the element selected in the outline or diagram)."""
        row = self.targets.row_of(target)
        if row >= 0:
            # The text only (what target() reads): setCurrentIndex would also hand it to the
            # completer, which matches it against every entry, on every selection.
            self.target_box.setEditText(self.target_box.itemText(row))
            line = self.target_box.lineEdit()
            if line is not None:
                line.setCursorPosition(0)  # show the id, not the end of a long text

    def target(self) -> str | None:
        typed = self.target_box.currentText().strip()
        value = chosen_value(self.target_box)
        if value is None and self.session is not None:
            doc = self.session.document
            if typed in doc.case.by_id or typed in doc.evidence_by_id():
                value = typed
        return value

    def submit(self) -> bool:
        session = self.session
        if session is None:
            return False
        target = self.target()
        if target is None:
            typed = self.target_box.currentText().strip()
            session.errorRaised.emit(
                f"no element or evidence {typed!r} in this case; pick what to challenge"
                if typed
                else "choose the element or evidence to challenge"
            )
            return False
        owner = self.session_box.currentData()
        if not isinstance(owner, str):
            session.errorRaised.emit("no review session is open; start one first")
            return False
        kind = str(self.kind_box.currentData())
        severity = str(self.severity_box.currentData())
        text = self.text_edit.toPlainText()
        done = session.record(
            lambda ws: raise_challenge(
                ws,
                session=owner,
                target=target,
                kind=kind,
                severity=severity,
                text=text,
                raised_by=ws.actor,
            ),
        )
        if done is None:
            return False
        self.text_edit.clear()
        self.raised.emit(done.record.id)
        return True


class CloseSessionForm(QWidget):
    """Close the selected open session with its minutes."""

    closed = Signal(str)  # session id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.session_id: str | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.minutes_edit = QPlainTextEdit(self)
        self.minutes_edit.setPlaceholderText(
            "Minutes: who attended, what was challenged, what was decided and left open"
        )
        self.minutes_edit.setAccessibleName("Minutes of the session")
        self.minutes_edit.setTabChangesFocus(True)
        self.close_button = QPushButton("Close session", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.minutes_edit, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.close_button.clicked.connect(self.submit)

    def set_session_id(self, session: CaseSession | None, session_id: str | None) -> None:
        if session is not self.session or session_id != self.session_id:
            self.minutes_edit.clear()
        self.session = session
        self.session_id = session_id
        record = None
        if session is not None and session_id is not None:
            record = session.document.sessions_by_id.get(session_id)
        usable = record is not None and record.ended is None
        self.minutes_edit.setEnabled(usable)
        self.close_button.setEnabled(usable)
        if record is None:
            self.heading.setText("Select a session to close it.")
        elif record.ended is not None:
            self.heading.setText(
                f"{record.id} was closed on {record.ended:%Y-%m-%d}. Minutes: "
                f"{record.minutes or 'none recorded'}"
            )
        else:
            self.heading.setText(f"Close {record.id} ({record.title}) with its minutes:")

    def submit(self) -> bool:
        session = self.session
        session_id = self.session_id
        if session is None or session_id is None:
            return False
        minutes = self.minutes_edit.toPlainText()
        done = session.record(lambda ws: close_session(ws, session_id, minutes=minutes))
        if done is None:
            return False
        self.minutes_edit.clear()
        self.closed.emit(session_id)
        return True


# ---------------------------------------------------------------------------------- pane
class ReviewPane(QWidget):
    """The Review tab: sessions, filtered challenges, and the forms that act on them."""

    elementRequested = Signal(str)
    evidenceRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.session_model = SessionModel(self)
        self.sessions = record_table(self, self.session_model, "Review sessions")
        sessions_header = self.sessions.horizontalHeader()
        sessions_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sessions_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.model = ChallengeModel(self)
        self.proxy = ChallengeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self, self.proxy, "Challenges", sortable=True)
        header = self.table.horizontalHeader()
        for column, width in ((0, 44), (1, 56), (2, 96), (3, 62), (4, 96), (5, 80), (6, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", ALL)
        self.status_filter.addItem("Unresolved", UNRESOLVED)
        for status in ChallengeStatus:
            self.status_filter.addItem(labels.title(status), status.value)
        self.status_filter.setAccessibleName("Show challenges of status")
        self.severity_filter = QComboBox(self)
        self.severity_filter.addItem("Any severity", ALL)
        for severity in ChallengeSeverity:
            self.severity_filter.addItem(labels.title(severity), severity.value)
        self.severity_filter.setAccessibleName("Show challenges of severity")
        self.session_filter = QComboBox(self)
        self.session_filter.setAccessibleName("Show challenges of session")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.start_form = StartSessionForm(self)
        self.raise_form = RaiseChallengeForm(self)
        self.answer_form = ChallengeAnswerForm(self, show_history=True)
        self.close_form = CloseSessionForm(self)
        self.forms = QTabWidget(self)
        self.forms.setDocumentMode(True)
        self.forms.addTab(self.raise_form, "Raise challenge")
        self.forms.addTab(_padded(self.answer_form), "Answer")
        self.forms.addTab(self.start_form, "Start session")
        self.forms.addTab(self.close_form, "Close session")

        filters = QHBoxLayout()
        filters.addWidget(self.summary, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.session_filter)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(filters)
        middle_layout.addWidget(self.table, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        sessions_label = QLabel("<b>Sessions</b>", left)
        left_layout.addWidget(sessions_label)
        left_layout.addWidget(self.sessions, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.forms)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([330, 680, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.severity_filter.currentIndexChanged.connect(self._filters_changed)
        self.session_filter.currentIndexChanged.connect(self._filters_changed)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._challenge_selected()
        )
        self.sessions.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._session_selected()
        )
        self.start_form.started.connect(self._started)
        self.raise_form.raised.connect(self.select_challenge)
        self.answer_form.answered.connect(self.select_challenge)
        self.close_form.closed.connect(self._closed)
        self.set_session(None)

    # ------------------------------------------------------------------- showing
    def focus(self) -> None:
        """Keyboard focus to the challenges table."""
        self.table.setFocus()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.start_form.set_session(session)
        self.raise_form.set_session(session)
        self.reload()
        if session is not None and not self.raise_form.open_sessions():
            self.forms.setCurrentWidget(self.start_form)

    def apply_changes(self, changes: Changes) -> None:
        """Reload when sessions, challenges, their targets or the evidence changed."""
        if changes.structure or changes.touches("session", "challenge", "evidence"):
            self.reload()

    def reload(self) -> None:
        """Re-read sessions and challenges from the current document; keeps the selection."""
        session = self.session
        doc = session.document if session is not None else None
        selected_challenge = self.current_challenge_id()
        selected_session = self.current_session_id()
        self.session_model.set_document(doc)
        self.model.set_document(doc)
        chosen = self.session_filter.currentData()
        self.session_filter.blockSignals(True)
        self.session_filter.clear()
        self.session_filter.addItem("Any session", ALL)
        if doc is not None:
            for s in doc.review.sessions:
                self.session_filter.addItem(s.id, s.id)
        keep = self.session_filter.findData(chosen)
        self.session_filter.setCurrentIndex(max(0, keep))
        self.session_filter.blockSignals(False)
        self._filters_changed()
        self.raise_form.reload()
        if selected_challenge is not None:
            self.select_challenge(selected_challenge)
        else:
            self._challenge_selected()
        if selected_session is not None:
            self.select_session(selected_session)
        elif doc is not None and doc.review.sessions:
            self.select_session(doc.review.sessions[-1].id)
        else:
            self._session_selected()

    def _update_summary(self) -> None:
        rows = self.model.rows
        unresolved = [c for c in rows if not c.status.resolved]
        blocking = [c for c in unresolved if c.severity != ChallengeSeverity.minor]
        shown = self.proxy.rowCount()
        colour = SEVERITY_COLOUR["blocker"].name()
        self.summary.setText(
            f"<b>{len(rows)}</b> challenges · <b>{len(unresolved)}</b> unresolved"
            + (
                f" · <b style='color:{colour}'>{len(blocking)} blocker/major</b>"
                if blocking
                else ""
            )
            + (f" · {shown} shown" if shown != len(rows) else "")
        )

    def unresolved_count(self) -> int:
        return sum(1 for c in self.model.rows if not c.status.resolved)

    def current_challenge_id(self) -> str | None:
        value = self.table.currentIndex().data(CHALLENGE_ID_ROLE)
        return value if isinstance(value, str) else None

    def current_session_id(self) -> str | None:
        value = self.sessions.currentIndex().data(SESSION_ID_ROLE)
        return value if isinstance(value, str) else None

    def select_challenge(self, challenge_id: str) -> bool:
        row = self.model.row_of(challenge_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show it anyway
            self.status_filter.setCurrentIndex(0)
            self.severity_filter.setCurrentIndex(0)
            self.session_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._challenge_selected()
        return True

    def select_session(self, session_id: str) -> bool:
        row = self.session_model.row_of(session_id)
        if row < 0:
            return False
        self.sessions.setCurrentIndex(self.session_model.index(row, 0))
        self._session_selected()
        return True

    def set_current_target(self, target: str) -> None:
        """What is selected elsewhere becomes the target a new challenge is raised on."""
        self.raise_form.set_target(target)

    def raise_on(self, target: str) -> None:
        """Show the raise form for ``target`` (or the start form when no session is open)."""
        self.raise_form.set_target(target)
        if self.raise_form.open_sessions():
            self.forms.setCurrentWidget(self.raise_form)
            self.raise_form.text_edit.setFocus()
        else:
            self.forms.setCurrentWidget(self.start_form)
            self.start_form.title_edit.setFocus()

    # ------------------------------------------------------------------- reacting
    def _filters_changed(self) -> None:
        self.proxy.set_filters(
            status=str(self.status_filter.currentData() or ""),
            severity=str(self.severity_filter.currentData() or ""),
            session=str(self.session_filter.currentData() or ""),
        )
        self._update_summary()

    def _challenge_selected(self) -> None:
        self.answer_form.set_challenge(self.session, self.current_challenge_id())

    def _session_selected(self) -> None:
        self.close_form.set_session_id(self.session, self.current_session_id())

    def _activated(self, index: QModelIndex) -> None:
        target = index.data(TARGET_ROLE)
        if not isinstance(target, str):
            return
        if index.data(TARGET_KIND_ROLE) == TargetKind.evidence.value:
            self.evidenceRequested.emit(target)
        else:
            self.elementRequested.emit(target)

    def _started(self, session_id: str) -> None:
        self.select_session(session_id)
        self.forms.setCurrentWidget(self.raise_form)

    def _closed(self, session_id: str) -> None:
        self.select_session(session_id)


def _padded(widget: QWidget) -> QWidget:
    holder = QWidget(widget.parentWidget())
    layout = QVBoxLayout(holder)
    layout.addWidget(widget)
    layout.addStretch(1)
    return holder
