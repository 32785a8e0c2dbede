"""Packet dialogs: export (and sign) a PDF packet with a page preview; verify its signatures."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.app import Mode, Workspace
from workbench.diagram import palette
from workbench.domain import MEANING_FOR_ROLE, Finding, Meaning, WorkbenchError
from workbench.domain.wording import plural
from workbench.ui.dialogs.prompts import PathAsker, ask_open_path, ask_save_path
from workbench.ui.models.table import RowTableModel, record_table
from workbench.ui.session.case import CaseSession
from workbench.ui.session.tasks import TaskContext, TaskHandle, run_task

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    from workbench.app.packets import PacketResult
    from workbench.signing import SignatureCheck, VerificationReport

log = logging.getLogger("workbench.ui.dialogs.packet")

ModelIndex = QModelIndex | QPersistentModelIndex
PDF_FILTER = "PDF packets (*.pdf);;All files (*)"
IDENTITY_FILTER = "Signing identities (*.p12 *.pfx);;All files (*)"
CERTIFICATE_FILTER = "Certificates (*.pem *.crt *.cer *.der);;All files (*)"
CRL_FILTER = "Certificate revocation lists (*.crl *.pem *.der);;All files (*)"
#: Height of the page preview (QtPdf, from PySide6-Addons) once a packet is written.
PREVIEW_HEIGHT = 420
SIGNATURE_COLUMNS = (
    "Signer",
    "Role",
    "Meaning",
    "Signed at (UTC)",
    "Intact",
    "Trusted",
    "Coverage",
    "Field",
    "Certifies",
    "Revoked",
    "PAdES",
    "Problems",
)
VALID_STYLE = (
    "QLabel { background:#e8f5e9; border:1px solid #a5d6a7; color:#1b5e20;"
    " padding:8px; font-size:15px; }"
)
INVALID_STYLE = (
    "QLabel { background:#fdecea; border:1px solid #f5c2bd; color:#8e1b10;"
    " padding:8px; font-size:15px; }"
)
PENDING_STYLE = "QLabel { color:#455a64; padding:8px; }"
ERROR_STYLE = "color:#8e1b10;"
OK_STYLE = "color:#1b5e20;"


def blocker_lines(blockers: Sequence[Finding]) -> list[str]:
    return [f"{f.rule} · {f.subject}: {f.message}" for f in blockers]


# ------------------------------------------------------------------------------ export
class ExportPacketDialog(QDialog):
    """File → Export packet: where, public or internal, optional signer; written in the
    background with progress, then the first pages previewed. Non-modal: it never blocks."""

    exported = Signal(object)  # PacketResult
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export packet")
        self.setModal(False)
        self.session: CaseSession | None = None
        self.task: TaskHandle | None = None
        self.packet: PacketResult | None = None
        self.blockers: list[Finding] = []
        self.ask_open_path: PathAsker = ask_open_path
        self.ask_save_path: PathAsker = ask_save_path

        self.out_edit = QLineEdit(self)
        self.out_edit.setAccessibleName("Packet file to write")
        self.out_edit.setPlaceholderText("Where to write the PDF")
        self.out_button = QPushButton("Browse…", self)
        self.internal_radio = QRadioButton("Internal (full packet)", self)
        self.public_radio = QRadioButton("Public (redacted summary for publication)", self)
        self.internal_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.internal_radio)
        self.kind_group.addButton(self.public_radio)
        self.sign_box = QGroupBox("Sign the packet", self)
        self.sign_box.setCheckable(True)
        self.sign_box.setChecked(False)
        self.identity_edit = QLineEdit(self.sign_box)
        self.identity_edit.setAccessibleName("Signing identity file (.p12)")
        self.identity_edit.setPlaceholderText("Identity file (.p12)")
        self.identity_button = QPushButton("Browse…", self.sign_box)
        self.passphrase_edit = QLineEdit(self.sign_box)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Passphrase of the identity")
        self.passphrase_edit.setPlaceholderText("Passphrase")
        self.signer_label = QLabel("The meaning follows from the identity's role.", self.sign_box)
        self.signer_label.setWordWrap(True)
        self.meaning: Meaning | None = None
        #: Why the identity chosen cannot sign (plain text), or "".
        self.identity_problem = ""
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.identity_edit, 1)
        identity_row.addWidget(self.identity_button)
        sign_form = QFormLayout(self.sign_box)
        sign_form.addRow("Identity", identity_row)
        sign_form.addRow("Passphrase", self.passphrase_edit)
        sign_form.addRow("Signs as", self.signer_label)

        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_button)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.internal_radio)
        kind_row.addWidget(self.public_radio)
        kind_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Write to", out_row)
        form.addRow("Packet", kind_row)

        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        self.message = QLabel(self)
        # Always rich text, every plain text escaped: an automatic guess showed the escape
        # of a quote (&#x27;) when a message had no tag.
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Export result")
        self.blockers_box = QGroupBox("Approval blocked: resolve these blocking findings", self)
        self.blockers_list = QListWidget(self.blockers_box)
        self.blockers_list.setAccessibleName("Blocking findings")
        self.blockers_list.setMaximumHeight(140)
        self.blockers_list.setWordWrap(True)
        QVBoxLayout(self.blockers_box).addWidget(self.blockers_list)
        self.blockers_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.blockers_box.setStyleSheet("QGroupBox { color:#8e1b10; font-weight:bold; }")
        self.blockers_box.setVisible(False)
        self.preview_title = QLabel(self)
        # Made on first use: QtPdf comes with PySide6-Addons and is only loaded when needed.
        self.pdf_document: QPdfDocument | None = None
        self.pdf_view: QPdfView | None = None
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sign_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.blockers_box)
        layout.addWidget(self.preview_title)
        self.preview_slot = QVBoxLayout()
        layout.addLayout(self.preview_slot, 100)
        layout.addStretch(1)  # takes the spare room while there is no preview
        layout.addWidget(self.buttons)

        self.out_button.clicked.connect(self.choose_output)
        self.identity_button.clicked.connect(self.choose_identity)
        self.passphrase_edit.editingFinished.connect(self.inspect_identity)
        self.identity_edit.editingFinished.connect(self.inspect_identity)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close)
        self.resize(820, 340)

    # ------------------------------------------------------------------ inputs
    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        if session is not None and not self.out_edit.text().strip():
            self.out_edit.setText(str(session.path.with_name(f"{session.path.stem}-packet.pdf")))
        self._update_buttons()

    def choose_output(self) -> None:
        path = self.ask_save_path(self, "Write the packet to", PDF_FILTER)
        if path is not None:
            self.out_edit.setText(str(path))

    def choose_identity(self) -> None:
        path = self.ask_open_path(self, "Sign with identity", IDENTITY_FILTER)
        if path is not None:
            self.identity_edit.setText(str(path))
            self.sign_box.setChecked(True)
            self.inspect_identity()

    def inspect_identity(self) -> bool:
        """Open the identity to show who signs and with which meaning (its role decides)."""
        self.meaning = None
        path = self.identity_edit.text().strip()
        passphrase = self.passphrase_edit.text()
        if not path or not passphrase:
            self.identity_problem = (
                "choose the identity (.p12) to sign with"
                if not path
                else "type the passphrase of the identity: it was left empty"
            )
            self.signer_label.setText("The meaning follows from the identity's role.")
            return False
        from workbench.signing import load_identity

        try:
            identity = load_identity(Path(path), passphrase)
        except WorkbenchError as exc:
            self._identity_refused(str(exc))
            return False
        if identity.is_ca or identity.role is None:
            kind = "a CA" if identity.is_ca else "not a signer"
            self._identity_refused(f"{identity.name} is {kind}; choose a signer's identity")
            return False
        self.identity_problem = ""
        self.meaning = MEANING_FOR_ROLE[identity.role]
        self.signer_label.setText(
            f"<b>{html.escape(identity.name)}</b> ({identity.role.value}) — meaning "
            f"<b>{self.meaning.value}</b>"
        )
        return True

    def _identity_refused(self, reason: str) -> None:
        """Why the identity cannot sign: in the form (escaped once) and kept as plain text."""
        self.identity_problem = reason
        self.signer_label.setText(f"<span style='{ERROR_STYLE}'>{html.escape(reason)}</span>")

    # ------------------------------------------------------------------ export
    @property
    def busy(self) -> bool:
        return self.task is not None

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self.session is not None and not self.busy)

    def export(self) -> bool:
        """Write the packet on a worker thread; False (with a message) if it cannot start."""
        session = self.session
        if session is None or self.busy:
            return False
        out_text = self.out_edit.text().strip()
        if not out_text:
            self._show_error("choose where to write the packet")
            return False
        out = Path(out_text)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
            self.out_edit.setText(str(out))
        identity: Path | None = None
        passphrase = ""
        meaning: Meaning | None = None
        if self.sign_box.isChecked():
            identity_text = self.identity_edit.text().strip()
            if not identity_text:
                self._show_error("choose the identity (.p12) to sign with, or untick Sign")
                return False
            identity = Path(identity_text)
            passphrase = self.passphrase_edit.text()
            if not self.inspect_identity():
                self._show_error(f"cannot sign: {self.identity_problem}")
                return False
            meaning = self.meaning
        public = self.public_radio.isChecked()
        store, actor, mode = session.path, session.workspace.actor, session.workspace.mode

        def work(_context: TaskContext) -> PacketResult:
            return write_packet_file(
                store,
                out,
                actor=actor,
                mode=mode,
                public=public,
                identity=identity,
                passphrase=passphrase,
                meaning=meaning,
            )

        self.packet = None
        self.blockers = []
        self.blockers_box.setVisible(False)
        self._clear_preview()
        self.message.setStyleSheet("")
        self.message.setText(f"Writing {html.escape(out.name)}…")
        self.progress.setRange(0, 0)
        self.progress.setFormat("Writing the packet" + (" and signing it…" if identity else "…"))
        self.progress.setVisible(True)
        self.task = run_task(work, self._exported, self._failed)
        self._update_buttons()
        return True

    def _exported(self, result: PacketResult) -> None:
        self.task = None
        self.progress.setVisible(False)
        self._update_buttons()
        self.packet = result
        kind = "public" if result.manifest.public else "internal"
        signed = ""
        if result.signature is not None:
            signature = result.signature
            signed = (
                f"; signed by <b>{html.escape(signature.identity.name)}</b> "
                f"({signature.meaning.value})"
            )
            if signature.signoff is not None:
                signed += f", recorded as sign-off {signature.signoff.id}"
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(
            f"Wrote {kind} packet <b>{html.escape(result.packet_id)}</b> "
            f"to {html.escape(str(result.path))}{signed}."
        )
        self.show_preview(result.path)
        if self.session is not None and result.signature is not None:
            signoff = result.signature.signoff
            if signoff is not None:  # recorded by the worker, through its own connection
                from workbench.app.packets import signoff_change_set

                self.session.written_elsewhere(signoff_change_set(signoff))
        self.exported.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self.progress.setVisible(False)
        self._update_buttons()
        from workbench.app.packets import ApprovalBlocked

        if isinstance(exc, ApprovalBlocked):
            self.blockers = list(exc.blockers)
            self.blockers_list.clear()
            self.blockers_list.addItems(blocker_lines(self.blockers))
            self.blockers_box.setVisible(True)
            self._show_error(f"{exc}; nothing was written or signed")
            self.failed.emit(str(exc))
            return
        if isinstance(exc, WorkbenchError):
            self._show_error(str(exc))
            self.failed.emit(str(exc))
            return
        raise exc

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(html.escape(text))

    def _make_preview(self) -> bool:
        """The QtPdf document and view, made once; False when QtPdf is not installed."""
        if self.pdf_view is not None:
            return True
        try:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView
        except ImportError:
            return False
        self.pdf_document = QPdfDocument(self)
        view = QPdfView(self)
        view.setAccessibleName("Packet preview")
        view.setDocument(self.pdf_document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitInView)
        view.setPageSpacing(12)
        view.setMinimumHeight(PREVIEW_HEIGHT)
        view.setStyleSheet("QPdfView { background:#d5d9de; }")
        view.setVisible(False)
        self.preview_slot.addWidget(view)
        self.pdf_view = view
        return True

    def _clear_preview(self) -> None:
        if self.pdf_document is not None:
            self.pdf_document.close()  # let go of the file before it is written again
        if self.pdf_view is not None:
            self.pdf_view.setVisible(False)
        self.preview_title.setText("")

    def show_preview(self, path: Path) -> bool:
        """Show the written packet, first page first; False (with the reason) if it cannot."""
        self._clear_preview()
        if not self._make_preview():
            self.preview_title.setText("No preview: QtPdf (the PySide6-Addons package) is missing.")
            return False
        assert self.pdf_document is not None and self.pdf_view is not None
        error = self.pdf_document.load(str(path))
        if error != self.pdf_document.Error.None_:
            self.preview_title.setText(f"No preview: QtPdf cannot read {path.name} ({error.name}).")
            return False
        pages = self.pdf_document.pageCount()
        self.preview_title.setText(
            f"Preview of {path.name}: {pages} pages (scroll for the next ones)"
        )
        self.pdf_view.setVisible(True)
        self.pdf_view.pageNavigator().jump(0, QPointF(0, 0))
        screen = self.screen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 900
        if self.height() < min(900, room):
            self.resize(max(self.width(), 900), min(900, room))
        return True

    def closeEvent(self, event: Any) -> None:
        """QDialog.closeEvent: the passphrase is not kept once the dialog is closed."""
        self.passphrase_edit.clear()
        super().closeEvent(event)


def write_packet_file(
    store: Path,
    out: Path,
    *,
    actor: str,
    mode: Mode,
    public: bool,
    identity: Path | None,
    passphrase: str,
    meaning: Meaning | None,
) -> PacketResult:
    """Write (and sign) a packet through a workspace of this thread's own."""
    from workbench.app.packets import write_packet

    with Workspace.open(Path(store), actor=actor, mode=mode) as ws:
        # Writing the packet again replaces the last one (the dialog's own output, chosen
        # with a save dialog that asks first); a store or an input is still refused.
        return write_packet(
            ws,
            out,
            public=public,
            sign_with=identity,
            passphrase=passphrase,
            meaning=meaning,
            force=True,
        )


# ------------------------------------------------------------------------------ verify
class SignatureModel(RowTableModel):
    """The signatures of a verified packet, first signer first."""

    columns = SIGNATURE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SignatureCheck] = []

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractTableModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4:
                return QColor(palette.GREEN if s.intact else palette.RED)
            if column == 5:
                return QColor(palette.GREEN if s.trusted else palette.RED)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Field {s.field}, certificate SHA-256 {s.certificate_sha256 or '—'}"]
            lines.extend((*s.problems, *s.notes))
            return "\n".join(lines)
        return None

    @staticmethod
    def _display(s: SignatureCheck, column: int) -> str:
        if column == 0:
            return s.signer
        if column == 1:
            return s.role or "—"
        if column == 2:
            return s.meaning or "—"
        if column == 3:
            return f"{s.signed_at:%Y-%m-%d %H:%M:%S}" if s.signed_at else "—"
        if column == 4:
            return "yes" if s.intact else "NO"
        if column == 5:
            return "yes" if s.trusted else "NO"
        if column == 6:
            if s.covers_whole_document:
                return "whole document"
            return f"revision {s.revision} of {s.revisions}"
        if column == 7:
            return s.field
        if column == 8:
            return "yes (certification)" if s.certified else "no"
        if column == 9:
            return revocation_text(s)
        if column == 10:
            return s.pades_level or "not PAdES"
        return "; ".join((*s.problems, *s.notes)) or "—"


def revocation_text(s: SignatureCheck) -> str:
    """The Revoked cell: not checked (no CRL of the issuer), no, or when and how it counts."""
    state = s.revocation
    if state is None or (state.revocation is None and not state.checked):
        return "not checked"
    if state.revocation is None:
        return "no"
    when = f"{state.revocation.at:%Y-%m-%d %H:%M}"
    if state.made_while_valid:
        return f"{when}, after signing"
    return f"{when}, before signing" if state.before_signing else f"{when}, signing time unproven"


def verdict_reasons(report: VerificationReport) -> list[str]:
    """Why a report is invalid, one short phrase each (empty when it is valid)."""
    reasons: list[str] = []
    if not report.signatures:
        reasons.append("the packet is not signed")
    for number, s in enumerate(report.signatures, start=1):
        if not s.intact:
            reasons.append(f"signature {number} ({s.signer}) does not match the signed bytes")
        elif not s.trusted:
            why = s.problems[0] if s.problems else "add its CA certificate"
            reasons.append(f"signature {number} ({s.signer}) is not trusted: {why}")
    manifest = report.manifest
    if manifest.claims is None:
        reasons.append("the packet has no readable manifest")
    elif not manifest.consistent:
        reasons.append("the manifest changed after signing")
    if manifest.matches_store is False:
        reasons.append("the packet does not match the store's current state")
    if report.signatures:  # an unsigned packet already says so
        reasons.extend(report.problems)
    return reasons


def revisions_html(report: VerificationReport) -> str:
    """Each revision of the file and what it changed; one not allowed after signing in red."""
    lines = []
    for rev in report.revision_checks:
        text = html.escape(f"Revision {rev.revision} ({rev.kind}): {'; '.join(rev.changes)}")
        if not rev.allowed:
            text = f"<span style='color:{palette.RED}'>{text} — not allowed after signing</span>"
        lines.append(text)
    return "<br>".join(lines)


class VerifyPacketDialog(QDialog):
    """File → Verify packet: the PDF, trusted certificates, optionally the open store; the
    verification runs in the background and each signature and the manifest are shown."""

    verified = Signal(object)  # VerificationReport
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify packet")
        self.setModal(False)
        self.session: CaseSession | None = None
        self.task: TaskHandle | None = None
        self.report: VerificationReport | None = None
        self.ask_open_path: PathAsker = ask_open_path

        self.pdf_edit = QLineEdit(self)
        self.pdf_edit.setAccessibleName("Packet to verify")
        self.pdf_edit.setPlaceholderText("The signed PDF packet")
        self.pdf_button = QPushButton("Browse…", self)
        self.trust_list = QListWidget(self)
        self.trust_list.setAccessibleName("Trusted certificates")
        self.trust_list.setMaximumHeight(70)
        self.add_trust_button = QPushButton("Add certificate…", self)
        self.remove_trust_button = QPushButton("Remove", self)
        self.crl_list = QListWidget(self)
        self.crl_list.setAccessibleName("Revocation lists")
        self.crl_list.setMaximumHeight(50)
        self.add_crl_button = QPushButton("Add CRL…", self)
        self.remove_crl_button = QPushButton("Remove", self)
        self.store_box = QCheckBox("Check against this store", self)
        self.verdict = QLabel("Choose a packet and press Verify.", self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setStyleSheet(PENDING_STYLE)
        self.verdict.setAccessibleName("Verification verdict")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Verifying…")
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        self.signature_model = SignatureModel(self)
        self.signatures = record_table(self, self.signature_model, "Signatures")
        header = self.signatures.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            SIGNATURE_COLUMNS.index("Problems"), QHeaderView.ResizeMode.Stretch
        )
        self.revisions_label = QLabel(self)
        self.revisions_label.setWordWrap(True)
        self.revisions_label.setTextFormat(Qt.TextFormat.RichText)
        self.revisions_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revisions_label.setAccessibleName("Revisions")
        self.manifest_label = QLabel(self)
        self.manifest_label.setWordWrap(True)
        self.manifest_label.setTextFormat(Qt.TextFormat.RichText)
        self.manifest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.manifest_label.setAccessibleName("Manifest")
        self.buttons = QDialogButtonBox(self)
        self.verify_button = self.buttons.addButton(
            "Verify", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.pdf_edit, 1)
        pdf_row.addWidget(self.pdf_button)
        trust_buttons = QVBoxLayout()
        trust_buttons.addWidget(self.add_trust_button)
        trust_buttons.addWidget(self.remove_trust_button)
        trust_buttons.addStretch(1)
        trust_row = QHBoxLayout()
        trust_row.addWidget(self.trust_list, 1)
        trust_row.addLayout(trust_buttons)
        form = QFormLayout()
        form.addRow("Packet", pdf_row)
        form.addRow("Trust", trust_row)
        crl_buttons = QVBoxLayout()
        crl_buttons.addWidget(self.add_crl_button)
        crl_buttons.addWidget(self.remove_crl_button)
        crl_row = QHBoxLayout()
        crl_row.addWidget(self.crl_list, 1)
        crl_row.addLayout(crl_buttons)
        form.addRow("Revocation", crl_row)
        form.addRow("", self.store_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(QLabel("<b>Signatures</b>", self))
        layout.addWidget(self.signatures, 1)
        layout.addWidget(QLabel("<b>Revisions</b>", self))
        layout.addWidget(self.revisions_label)
        layout.addWidget(self.manifest_label)
        layout.addWidget(self.buttons)

        self.pdf_button.clicked.connect(self.choose_packet)
        self.add_trust_button.clicked.connect(self.choose_trust)
        self.remove_trust_button.clicked.connect(self._remove_trust)
        self.add_crl_button.clicked.connect(self.choose_crl)
        self.remove_crl_button.clicked.connect(self._remove_crl)
        self.verify_button.clicked.connect(self.verify)
        self.close_button.clicked.connect(self.close)
        self.resize(900, 520)

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.store_box.setEnabled(session is not None)
        if session is None:
            self.store_box.setChecked(False)
            self.store_box.setText("Check against this store (no store open)")
        else:
            self.store_box.setText(f"Check against this store ({session.path.name})")
        self._update_buttons()

    def choose_packet(self) -> None:
        path = self.ask_open_path(self, "Verify a packet", PDF_FILTER)
        if path is not None:
            self.pdf_edit.setText(str(path))

    def choose_trust(self) -> None:
        path = self.ask_open_path(self, "Trust the certificates in", CERTIFICATE_FILTER)
        if path is not None:
            self.add_trust(path)

    def add_trust(self, path: Path) -> None:
        if str(path) not in self.trust_paths_text():
            self.trust_list.addItem(str(path))

    def trust_paths_text(self) -> list[str]:
        return [self.trust_list.item(i).text() for i in range(self.trust_list.count())]

    def _remove_trust(self) -> None:
        row = self.trust_list.currentRow()
        if row >= 0:
            self.trust_list.takeItem(row)

    def choose_crl(self) -> None:
        path = self.ask_open_path(self, "Check revocations in", CRL_FILTER)
        if path is not None:
            self.add_crl(path)

    def add_crl(self, path: Path) -> None:
        if str(path) not in self.crl_paths_text():
            self.crl_list.addItem(str(path))

    def crl_paths_text(self) -> list[str]:
        return [self.crl_list.item(i).text() for i in range(self.crl_list.count())]

    def _remove_crl(self) -> None:
        row = self.crl_list.currentRow()
        if row >= 0:
            self.crl_list.takeItem(row)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _update_buttons(self) -> None:
        self.verify_button.setEnabled(not self.busy)

    def verify(self) -> bool:
        """Verify on a worker thread; False (with a message) if it cannot start."""
        if self.busy:
            return False
        text = self.pdf_edit.text().strip()
        if not text:
            self._show_not_verified("choose the packet (PDF) to verify")
            return False
        packet = Path(text)
        trust = [Path(t) for t in self.trust_paths_text()]
        crls = [Path(c) for c in self.crl_paths_text()]
        store = (
            self.session.path if self.session is not None and self.store_box.isChecked() else None
        )

        def work(_context: TaskContext) -> VerificationReport:
            from workbench.app.packets import verify_packet

            return verify_packet(packet, trust=trust, store=store, crls=crls)

        self.report = None
        self.signature_model.replace_rows([])
        self.manifest_label.setText("")
        self.revisions_label.setText("")
        self.verdict.setStyleSheet(PENDING_STYLE)
        self.verdict.setText(f"Verifying {html.escape(packet.name)}…")
        self.progress.setVisible(True)
        self.task = run_task(work, self._verified, self._failed)
        self._update_buttons()
        return True

    def _verified(self, report: VerificationReport) -> None:
        self.task = None
        self.progress.setVisible(False)
        self._update_buttons()
        self.report = report
        self.signature_model.replace_rows(report.signatures)
        signatures = plural(len(report.signatures), "signature")
        if report.valid:
            store = " and matches this store" if report.manifest.matches_store else ""
            self.verdict.setStyleSheet(VALID_STYLE)
            self.verdict.setText(
                f"<b>✔ VALID</b> — {signatures}, every one intact and trusted; the manifest "
                f"is the one that was signed{store}."
            )
        else:
            reasons = verdict_reasons(report) or list(report.problems) or ["see below"]
            self.verdict.setStyleSheet(INVALID_STYLE)
            self.verdict.setText(
                "<b>✘ INVALID</b> — " + "; ".join(html.escape(r) for r in reasons) + "."
            )
        self.revisions_label.setText(revisions_html(report))
        self.manifest_label.setText(manifest_html(report))
        self.verified.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self.progress.setVisible(False)
        self._update_buttons()
        if isinstance(exc, WorkbenchError):
            self._show_not_verified(str(exc))
            self.failed.emit(str(exc))
            return
        raise exc

    def _show_not_verified(self, text: str) -> None:
        self.verdict.setStyleSheet(INVALID_STYLE)
        self.verdict.setText(f"<b>✘ NOT VERIFIED</b> — {html.escape(text)}")


def manifest_html(report: VerificationReport) -> str:
    manifest = report.manifest
    claims = manifest.claims
    if claims is None:
        body = "no readable manifest"
    else:
        store = {
            None: "not checked against a store",
            True: "<span style='color:#1b5e20'>matches the store</span>",
            False: "<b style='color:#8e1b10'>does not match the store</b>",
        }[manifest.matches_store]
        consistent = (
            "the same in every signed revision"
            if manifest.consistent
            else "<b style='color:#8e1b10'>changed after signing</b>"
        )
        body = (
            f"packet {html.escape(claims.packet_id)}"
            f"{' (public)' if claims.public else ''}, state hash "
            f"<tt>{claims.state_hash[:16]}…</tt>, {plural(len(claims.evidence), 'evidence file')}; "
            f"{consistent}; {store}"
        )
    problems = [*manifest.problems, *report.problems]
    extra = (
        "<br><span style='color:#8e1b10'>"
        + "<br>".join(html.escape(p) for p in problems)
        + "</span>"
        if problems
        else ""
    )
    return f"<b>Manifest:</b> {body}.{extra}"
