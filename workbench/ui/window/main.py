"""Main window: outline, diagram and editor over findings, requirements and evidence; menus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench import __version__
from workbench.app import ChangeSet, Mode, Workspace
from workbench.app.catalogs import DEFAULT_FRAMEWORK, list_frameworks
from workbench.app.changes import add_element, delete_element, next_id
from workbench.app.exchange import export_json, import_json
from workbench.app.operations import Changes
from workbench.app.stores import init_store
from workbench.domain import CaseDocument, ElementType, WorkbenchError, asl_name
from workbench.runtime.resources import resource_path
from workbench.ui.dialogs.prompts import (
    ChoiceAsker,
    PathAsker,
    TextAsker,
    ask_choice,
    ask_open_path,
    ask_save_path,
    ask_text,
)
from workbench.ui.panels.diagram import DiagramPanel
from workbench.ui.panels.editor import ElementEditor
from workbench.ui.panels.evidence import EvidencePanel
from workbench.ui.panels.findings import FindingsPanel
from workbench.ui.panels.matrix import MatrixPanel
from workbench.ui.panels.outline import OutlinePanel
from workbench.ui.panels.review import ReviewPane
from workbench.ui.session.case import CaseSession, CheckResult
from workbench.ui.session.settings import Settings
from workbench.ui.widgets.banner import Banner
from workbench.ui.widgets.gsnshapes import TYPE_NAMES, type_icon

if TYPE_CHECKING:  # imported when first opened, not at start-up
    from workbench.ui.dialogs.packet import ExportPacketDialog, VerifyPacketDialog
    from workbench.ui.panels.compliance import CompliancePanel

log = logging.getLogger("workbench.ui.window.main")

APP_NAME = "Safety Case Workbench"
STORE_FILTER = "Workbench stores (*.db *.sqlite *.workbench);;All files (*)"
JSON_FILTER = "Case documents (*.json);;All files (*)"
#: A window opened but not shown (yet) checks its case after this long.
UNPAINTED_CHECK_DELAY_MS = 250
#: What may be added under an element of each type (GSN: strategies hold goals and context).
CHILD_TYPES: dict[ElementType, tuple[ElementType, ...]] = {
    ElementType.goal: (
        ElementType.goal,
        ElementType.strategy,
        ElementType.solution,
        ElementType.context,
        ElementType.assumption,
        ElementType.justification,
    ),
    ElementType.strategy: (
        ElementType.goal,
        ElementType.context,
        ElementType.assumption,
        ElementType.justification,
    ),
}
ADDABLE = CHILD_TYPES[ElementType.goal]


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "workbench.svg")))


class SessionPanel(Protocol):
    """A panel that shows the open session (or nothing)."""

    def set_session(self, session: CaseSession | None) -> None: ...


class LazyPanel(SessionPanel, Protocol):
    """What the window asks of a tab's panel built on first use."""

    def reload(self) -> None: ...

    def apply_changes(self, changes: Changes) -> None: ...


@dataclass
class LazyTab:
    placeholder: QWidget
    build: Callable[[], QWidget]  # a panel (a LazyPanel) with the window's session set
    panel: QWidget | None = None


class MainWindow(QMainWindow):
    """One window over one open store. File dialogs are attributes so tests can replace them."""

    #: The window has been painted for the first time (start-up is over for the user).
    firstPainted = Signal()

    def __init__(self, settings: Settings, *, remember: bool = True) -> None:
        super().__init__()
        self.painted = False
        self._checks_wait_for_paint = False
        self.settings = settings
        self.remember = remember
        self.session: CaseSession | None = None
        self.current_id: str | None = None
        self.ask_open_path: PathAsker = ask_open_path
        self.ask_save_path: PathAsker = ask_save_path
        self.ask_text: TextAsker = ask_text
        self.ask_choice: ChoiceAsker = ask_choice
        self.about_box: QMessageBox | None = None
        self.export_dialog: ExportPacketDialog | None = None
        self.verify_dialog: VerifyPacketDialog | None = None
        self.setWindowIcon(app_icon())
        self.setObjectName("MainWindow")

        self.banner = Banner(self)
        self.outline = OutlinePanel(self)
        self.diagram = DiagramPanel(self)
        self.editor = ElementEditor(self)
        self.findings = FindingsPanel(self)
        self.matrix = MatrixPanel(self)
        self.evidence = EvidencePanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.findings, "Findings")
        self.tabs.addTab(self.matrix, "Requirements")
        self.tabs.addTab(self.evidence, "Evidence")
        # The Review and Compliance tabs are built when first shown or asked for: they are
        # not in view at start-up, and building them would delay the first window.
        self._lazy_tabs: dict[str, LazyTab] = {}
        self._add_lazy_tab("review", "Review", self._make_review)
        self._add_lazy_tab("compliance", "Compliance", self._make_compliance)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.top_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.top_splitter.addWidget(self.outline)
        self.top_splitter.addWidget(self.diagram)
        self.top_splitter.addWidget(self.editor)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 5)
        self.top_splitter.setStretchFactor(2, 3)
        self.top_splitter.setSizes([440, 600, 360])
        self.main_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setSizes([540, 300])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        self.asl_label = QLabel(self)
        self.mode_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.asl_label)
        self.statusBar().addPermanentWidget(self.mode_label)

        self._build_actions()
        self._build_menus()
        self._connect_panels()
        self._restore_state()
        self._update_title()
        self._update_actions()

    # ------------------------------------------------------------ building
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action(
            "&New Store…", self.new_store, K.New, "Start an empty assessment"
        )
        self.act_open = self._action("&Open Store…", self.choose_store, K.Open)
        self.act_open_review = self._action(
            "Open for &Review…",
            lambda: self.choose_store(Mode.reviewer),
            "Ctrl+Shift+O",
            "Open a store for stress-testing: the argument cannot be changed",
        )
        self.act_import = self._action("&Import JSON…", self.import_case)
        self.act_export = self._action("&Export JSON…", self.export_case, "Ctrl+E")
        self.act_export_packet = self._action(
            "Export &Packet…", self.export_packet, K.Print, "Write (and sign) the PDF packet"
        )
        self.act_verify_packet = self._action(
            "&Verify Packet…", self.verify_packet, "Ctrl+Shift+V", "Check a packet's signatures"
        )
        self.act_close = self._action("&Close Store", self.close_store, K.Close)
        self.act_quit = self._action("&Quit", self.close, K.Quit)
        self.act_undo = self._action("&Undo", self._undo, K.Undo)
        self.act_redo = self._action("&Redo", self._redo, K.Redo)
        self.act_add: dict[ElementType, QAction] = {}
        for number, kind in enumerate(ADDABLE, start=1):
            action = self._action(
                f"Add &{TYPE_NAMES[kind]}",
                partial(self.add_child, kind),
                f"Ctrl+Alt+{number}",
                f"Add a {TYPE_NAMES[kind].lower()} under the selected element",
            )
            action.setIcon(type_icon(kind))
            self.act_add[kind] = action
        self.act_add_root = self._action("Add &Top-Level Goal", self.add_top_goal)
        self.act_delete = self._action(
            "&Delete Element", self.delete_current, "Ctrl+Del", "Delete the selected element"
        )
        self.act_find = self._action("&Find…", self._focus_search, K.Find)
        self.act_add_evidence = self._action(
            "Add &Evidence Files…", self.add_evidence_files, "Ctrl+Shift+E"
        )
        self.act_recheck = self._action("Re-&check Now", self._recheck, K.Refresh)
        self.act_zoom_in = self._action("Zoom &In", self.diagram.view.zoom_in, K.ZoomIn)
        self.act_zoom_out = self._action("Zoom &Out", self.diagram.view.zoom_out, K.ZoomOut)
        self.act_zoom_reset = self._action("&Actual Size", self.diagram.view.zoom_reset, "Ctrl+0")
        self.act_zoom_fit = self._action("&Fit Diagram", self.diagram.view.zoom_fit, "Ctrl+9")
        self.act_about = self._action("&About Safety Case Workbench", self.show_about)
        self.act_focus: list[QAction] = []
        targets: list[tuple[str, Callable[[], object]]] = [
            ("Outline", lambda: self.outline.tree.setFocus()),
            ("Diagram", lambda: self.diagram.view.setFocus()),
            ("Editor", lambda: self.editor.text_edit.setFocus()),
            ("Findings", lambda: self._show_tab(self.findings, self.findings.table)),
            ("Requirements", lambda: self._show_tab(self.matrix, self.matrix.table)),
            ("Evidence", lambda: self._show_tab(self.evidence, self.evidence.table)),
            ("Review", lambda: self._show_tab(self.review, self.review.table)),
            ("Compliance", lambda: self._show_tab(self.compliance, self.compliance.schedule_table)),
        ]
        for number, (name, slot) in enumerate(targets, start=1):
            self.act_focus.append(self._action(f"Go to {name}", slot, f"Alt+{number}"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open, self.act_open_review])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_import, self.act_export])
        file_menu.addSeparator()
        file_menu.addActions([self.act_export_packet, self.act_verify_packet])
        file_menu.addSeparator()
        file_menu.addActions([self.act_close, self.act_quit])
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        add_menu = edit_menu.addMenu("&Add")
        add_menu.addActions(list(self.act_add.values()))
        add_menu.addSeparator()
        add_menu.addAction(self.act_add_root)
        edit_menu.addAction(self.act_delete)
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_add_evidence, self.act_find])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, self.act_zoom_fit]
        )
        view_menu.addSeparator()
        view_menu.addActions(self.act_focus)
        view_menu.addSeparator()
        view_menu.addAction(self.act_recheck)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)
        toolbar = QToolBar("Edit", self)
        toolbar.setObjectName("editToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_undo, self.act_redo])
        toolbar.addSeparator()
        toolbar.addActions(list(self.act_add.values()))
        toolbar.addSeparator()
        toolbar.addAction(self.act_delete)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.outline.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.outline.tree.addActions([*self.act_add.values(), self.act_delete])

    def _connect_panels(self) -> None:
        self.outline.elementSelected.connect(lambda i: self.select_element(i, origin="outline"))
        self.outline.elementActivated.connect(self._edit_element)
        self.diagram.elementSelected.connect(lambda i: self.select_element(i, origin="diagram"))
        self.diagram.elementActivated.connect(self._edit_element)
        self.matrix.elementRequested.connect(lambda i: self.select_element(i, origin="matrix"))
        self.matrix.messageRaised.connect(self.show_notice)
        self.findings.subjectRequested.connect(self.go_to_subject)
        self.evidence.errorRaised.connect(self.show_error)
        self.evidence.messageRaised.connect(self.show_notice)
        self.evidence.subjectRequested.connect(self.go_to_subject)
        self.editor.challenge_box.challengeRequested.connect(self._challenge_element)

    # ------------------------------------------------------------- stores
    def open_store(self, path: Path, mode: Mode | str = Mode.author) -> bool:
        """Open a store in this window (replacing the one open); False, with a message, if not."""
        try:
            workspace = Workspace.open(Path(path), mode=mode)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return False
        self.close_store()
        session = CaseSession(workspace, self)
        self.session = session
        session.changed.connect(self._changed)
        session.checked.connect(self._checked)
        session.checkStarted.connect(self.findings.show_checking)
        session.dayChanged.connect(lambda _day: self._day_changed())
        session.errorRaised.connect(self.show_error)
        session.messageRaised.connect(lambda text: self.statusBar().showMessage(text, 4000))
        session.undo_stack.canUndoChanged.connect(lambda _b: self._update_actions())
        session.undo_stack.canRedoChanged.connect(lambda _b: self._update_actions())
        session.undo_stack.undoTextChanged.connect(lambda _t: self._update_actions())
        session.undo_stack.redoTextChanged.connect(lambda _t: self._update_actions())
        panels: list[SessionPanel] = [self.outline, self.diagram, self.editor, self.matrix]
        for panel in [*panels, self.evidence, *self._built_tabs()]:
            panel.set_session(session)
        self.findings.set_session(session)
        self.current_id = None
        roots = session.document.case.roots()
        if roots:
            self.select_element(roots[0].id)
        if self.remember:
            self.settings.add_recent_store(session.path)
            self.settings.sync()
        self.banner.dismiss()
        if session.read_only:
            self.show_notice(
                "Review mode: the argument and evidence are read-only; findings and the "
                "requirements matrix stay live."
            )
        self._update_title()
        self._update_actions()
        self._start_checking()
        return True

    def _start_checking(self) -> None:
        """Check the case just opened: the window shows the case first, findings follow.

        Before the first paint the checks wait for it (a window never shown starts them
        after a short grace period instead).
        """
        if self.painted:
            if self.session is not None:
                self.session.start_checking()
            return
        if not self._checks_wait_for_paint:
            self._checks_wait_for_paint = True
            QTimer.singleShot(UNPAINTED_CHECK_DELAY_MS, self._start_waiting_checks)

    def _start_waiting_checks(self) -> None:
        if self._checks_wait_for_paint:
            self._checks_wait_for_paint = False
            if self.session is not None:
                self.session.start_checking()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            # Let this paint (the children draw next) finish before anything else runs.
            QTimer.singleShot(0, self._first_paint_done)

    def _first_paint_done(self) -> None:
        self._start_waiting_checks()
        self.firstPainted.emit()

    def close_store(self) -> None:
        session = self.session
        if session is None:
            return
        self.editor.save_text()
        self.evidence.cancel_import()
        self.session = None
        panels: list[SessionPanel] = [self.outline, self.diagram, self.editor, self.matrix]
        for panel in [*panels, self.evidence, self.findings, *self._built_tabs()]:
            panel.set_session(None)
        for dialog in (self.export_dialog, self.verify_dialog):
            if dialog is not None:
                dialog.set_session(None)
        session.close()
        session.deleteLater()
        self.current_id = None
        self._update_title()
        self._update_actions()

    def choose_store(self, mode: Mode = Mode.author) -> None:
        title = "Open a store for review" if mode == Mode.reviewer else "Open a store"
        path = self.ask_open_path(self, title, STORE_FILTER)
        if path is not None:
            self.open_store(path, mode)

    def new_store(self) -> None:
        path = self.ask_save_path(self, "New store", STORE_FILTER)
        if path is None:
            return
        name = self.ask_text(self, "New assessment", "Name of the model under review:")
        if name is None:
            return
        framework = DEFAULT_FRAMEWORK
        known = list_frameworks()
        if len(known) > 1:  # imported catalogues (workbench catalog import-oscal) to choose from
            labels = {f"{f.id} — {f.title}": f.id for f in known}
            default = next(label for label, fid in labels.items() if fid == DEFAULT_FRAMEWORK)
            rest = [label for label in labels if label != default]
            chosen = self.ask_choice(
                self, "New assessment", "Framework to assess against:", [default, *rest]
            )
            if chosen is None:
                return
            framework = labels[chosen]
        try:
            init_store(path, name, framework).close()
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        self.open_store(path)

    def import_case(self) -> None:
        source = self.ask_open_path(self, "Import a case document", JSON_FILTER)
        if source is None:
            return
        target = self.ask_save_path(self, "Store to create from it", STORE_FILTER)
        if target is None:
            return
        try:
            import_json(source, target)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        if self.open_store(target):
            self.show_notice(f"Imported {source.name} into {target.name}")

    def export_case(self) -> None:
        if self.session is None:
            return
        target = self.ask_save_path(self, "Export the case as JSON", JSON_FILTER)
        if target is None:
            return
        try:
            export_json(self.session.workspace, target)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        self.show_notice(f"Exported the case to {target}")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_stores
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name} — {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self.open_store(p))
            action.setEnabled(path.exists())
        if not recent:
            self.recent_menu.addAction("No recent stores").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", self.settings.clear_recent_stores)

    # ---------------------------------------------------------- selection
    def select_element(self, element_id: str, origin: str = "") -> None:
        """Select an element everywhere: outline, diagram and editor stay in step."""
        session = self.session
        if session is None or element_id not in session.document.case.by_id:
            return
        self.current_id = element_id
        if origin != "outline":
            self.outline.select_element(element_id)
        self.diagram.select_element(element_id)
        self.editor.show_element(element_id)
        if self._lazy_tabs["review"].panel is not None:
            self.review.set_current_target(element_id)
        self._update_actions()

    def _edit_element(self, element_id: str) -> None:
        self.select_element(element_id)
        self.editor.text_edit.setFocus()

    def go_to_subject(self, subject: str) -> None:
        """Show what a finding concerns: an element, requirement, evidence file or challenge."""
        session = self.session
        if session is None:
            return
        doc = session.document
        if subject in doc.case.by_id:
            self.select_element(subject, origin="findings")
            return
        if subject in doc.framework.requirements_by_id:
            self.tabs.setCurrentWidget(self.matrix)
            self.matrix.select_requirement(subject)
            return
        if subject in doc.evidence_by_id():
            self.tabs.setCurrentWidget(self.evidence)
            self.evidence.select_evidence(subject)
            return
        challenge = next((c for c in doc.review.challenges if c.id == subject), None)
        if challenge is not None:  # the challenge in the Review tab, its element selected
            if challenge.target in doc.case.by_id:
                self.select_element(challenge.target, origin="findings")
            self.tabs.setCurrentWidget(self.review)
            self.review.select_challenge(challenge.id)
            return
        if any(s.id == subject for s in doc.review.sessions) and self.review.select_session(
            subject
        ):
            self.tabs.setCurrentWidget(self.review)
            return
        if self.compliance.show_record(subject):
            self.tabs.setCurrentWidget(self.compliance)
            return
        self.show_notice(f"{subject} is not shown in this window; see the finding's message")

    # ------------------------------------------------------------ editing
    def add_child(self, kind: ElementType) -> None:
        session = self.session
        parent = self.current_id
        if session is None:
            return
        if parent is None:
            if kind == ElementType.goal:
                self.add_top_goal()
            else:
                self.show_error(f"select a goal or strategy to add a {kind.value} under it")
            return
        created: list[str] = []

        def build(doc: CaseDocument) -> ChangeSet:
            new_id = next_id(doc, kind)
            created.append(new_id)
            return add_element(
                doc, kind, f"New {TYPE_NAMES[kind].lower()}", parent=parent, element_id=new_id
            )

        if session.edit(build):
            self._edit_new(created[-1])

    def add_top_goal(self) -> None:
        session = self.session
        if session is None:
            return
        created: list[str] = []

        def build(doc: CaseDocument) -> ChangeSet:
            new_id = next_id(doc, ElementType.goal)
            created.append(new_id)
            return add_element(doc, ElementType.goal, "New goal", element_id=new_id)

        if session.edit(build):
            self._edit_new(created[-1])

    def _edit_new(self, element_id: str) -> None:
        self.select_element(element_id)
        self.editor.text_edit.setFocus()
        self.editor.text_edit.selectAll()

    def delete_current(self) -> None:
        session = self.session
        element_id = self.current_id
        if session is None or element_id is None:
            return
        if session.edit(lambda doc: delete_element(doc, element_id)):
            self.current_id = None
            self.editor.show_element(None)
            self._update_actions()

    def _challenge_element(self, element_id: str) -> None:
        self.tabs.setCurrentWidget(self.review)
        self.review.raise_on(element_id)

    def export_packet(self) -> ExportPacketDialog:
        """Show the (non-modal) packet export dialog for the open store."""
        if self.export_dialog is None:
            from workbench.ui.dialogs.packet import ExportPacketDialog

            self.export_dialog = ExportPacketDialog(self)
        dialog = self.export_dialog
        dialog.ask_open_path = self.ask_open_path
        dialog.ask_save_path = self.ask_save_path
        dialog.set_session(self.session)
        if dialog.isVisible():
            dialog.raise_()
        dialog.show()
        return dialog

    def verify_packet(self) -> VerifyPacketDialog:
        """Show the (non-modal) packet verification dialog."""
        if self.verify_dialog is None:
            from workbench.ui.dialogs.packet import VerifyPacketDialog

            self.verify_dialog = VerifyPacketDialog(self)
        dialog = self.verify_dialog
        dialog.ask_open_path = self.ask_open_path
        dialog.set_session(self.session)
        if dialog.isVisible():
            dialog.raise_()
        dialog.show()
        return dialog

    def add_evidence_files(self) -> None:
        """Show the evidence library (where the import's progress is) and choose files."""
        self.tabs.setCurrentWidget(self.evidence)
        self.evidence.choose_and_import()

    def _undo(self) -> None:
        if self.session is not None:
            self.editor.save_text()
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _recheck(self) -> None:
        if self.session is not None:
            self.session.refresh()
            self.session.run_checks()

    # ------------------------------------------------------------ updates
    def _changed(self, changes: Changes) -> None:
        """One write's notice: each view refreshes what it shows of the records named."""
        session = self.session
        if session is None:
            return
        self.outline.apply_changes(changes)
        self.diagram.apply_changes(changes)
        self.evidence.apply_changes(changes)
        for panel in self._built_tabs():
            panel.apply_changes(changes)
        current = self.current_id
        if current is not None and current not in session.document.case.by_id:
            self.current_id = current = None
            self.editor.show_element(None)
        elif current is not None and (changes.structure or changes.everything):
            self.outline.select_element(current)
            self.diagram.select_element(current)
            self.editor.show_element(current)
        elif current is not None and changes.touches("evidence", "challenge", "session"):
            self.editor.show_element(current)  # its choices and challenges
        elif current is not None and current in changes.ids("element"):
            if changes.changed_fields("element") <= {"text"}:
                self.editor.refresh_text()
            else:
                self.editor.show_element(current)
        if changes.touches("assessment"):
            self._update_title()
        self._update_actions()

    def _day_changed(self) -> None:
        """A new day: what is late or overdue is counted again (the checks re-run too)."""
        for panel in self._built_tabs("compliance"):
            panel.reload()

    def _checked(self, result: CheckResult) -> None:
        self.findings.show_result(result)
        self.matrix.show_result(result)
        self.outline.refresh_badges()
        self.diagram.refresh_badges()
        self.editor.refresh_findings()
        report = result.report
        self.asl_label.setText(
            f"Required {asl_name(report.required_asl.overall)} · {report.blocking} blocking"
        )
        self.tabs.setTabText(
            0, f"Findings ({report.blocking} blocking)" if report.blocking else "Findings"
        )
        self.tabs.setTabText(1, f"Requirements ({len(result.matrix)})")
        self.tabs.setTabText(2, f"Evidence ({len(result.document.evidence)})")
        unresolved = result.document.review.unresolved_count
        self.tabs.setTabText(3, f"Review ({unresolved} unresolved)" if unresolved else "Review")

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle(APP_NAME)
            self.mode_label.setText("")
            return
        model = session.document.assessment.model.name
        review = " — Review mode" if session.read_only else ""
        self.setWindowTitle(f"{model} — {session.path.name}{review} — {APP_NAME}")
        self.mode_label.setText("Review mode (read-only)" if session.read_only else "Author")

    def _update_actions(self) -> None:
        session = self.session
        editable = session is not None and not session.read_only
        element = (
            session.document.case.by_id.get(self.current_id)
            if session is not None and self.current_id
            else None
        )
        allowed = CHILD_TYPES.get(element.type, ()) if element is not None else ()
        for kind, action in self.act_add.items():
            ok = editable and (kind in allowed or (element is None and kind == ElementType.goal))
            action.setEnabled(ok)
        self.act_add_root.setEnabled(editable)
        self.act_delete.setEnabled(editable and element is not None)
        self.act_add_evidence.setEnabled(editable)
        stack = session.undo_stack if session is not None else None
        # In review mode the stack holds only what a reviewer may do (challenges, answers).
        can_undo = stack is not None and stack.canUndo()
        can_redo = stack is not None and stack.canRedo()
        self.act_undo.setEnabled(can_undo)
        self.act_redo.setEnabled(can_redo)
        self.act_undo.setText(f"&Undo {stack.undoText()}" if can_undo and stack else "&Undo")
        self.act_redo.setText(f"&Redo {stack.redoText()}" if can_redo and stack else "&Redo")
        for action in (self.act_export, self.act_close, self.act_recheck, self.act_export_packet):
            action.setEnabled(session is not None)

    # ----------------------------------------------------------- messages
    def show_error(self, text: str) -> None:
        """A non-blocking error: the banner above the views and the status bar."""
        log.info("error shown: %s", text)
        self.banner.show_error(text)
        self.statusBar().showMessage(text, 10_000)

    def show_notice(self, text: str) -> None:
        self.banner.show_notice(text)
        self.statusBar().showMessage(text, 6_000)

    def show_about(self) -> None:
        """A non-modal about box (it never blocks the window or a test)."""
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Build GSN safety cases from evidence, check them against the AI Safety Level "
            "requirements of a frontier AI framework (Anthropic RSP v2.2 by default), "
            "stress-test them and export signed PDF packets.</p>"
            "<p>Every edit is saved to the store as it happens and recorded in its "
            "tamper-evident audit log.</p><p>Licensed under the Apache License 2.0.</p>"
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = box
        box.finished.connect(lambda _r: setattr(self, "about_box", None))
        box.show()

    def _focus_search(self) -> None:
        self.outline.search_box.setFocus()
        self.outline.search_box.selectAll()

    # ------------------------------------------------------- lazy tabs
    def _add_lazy_tab(self, name: str, title: str, build: Callable[[], QWidget]) -> None:
        """A tab whose panel ``build`` makes (with the open session) when first needed."""
        placeholder = QWidget(self)
        self._lazy_tabs[name] = LazyTab(placeholder, build)
        self.tabs.addTab(placeholder, title)

    def _lazy_panel(self, name: str) -> QWidget:
        """A lazily built tab's panel, built (and put in its place) on first use."""
        tab = self._lazy_tabs[name]
        if tab.panel is None:
            panel = tab.build()
            index = self.tabs.indexOf(tab.placeholder)
            showing = self.tabs.currentIndex() == index
            title = self.tabs.tabText(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, panel, title)
            if showing:
                self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            tab.placeholder.deleteLater()
            tab.panel = panel
        return tab.panel

    def _built_tabs(self, *names: str) -> list[LazyPanel]:
        """The lazily built panels that exist so far (of ``names``, or all)."""
        return [
            cast("LazyPanel", tab.panel)
            for name, tab in self._lazy_tabs.items()
            if tab.panel is not None and (not names or name in names)
        ]

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for name, tab in self._lazy_tabs.items():
            if tab.panel is None and widget is tab.placeholder:
                self.tabs.setCurrentWidget(self._lazy_panel(name))

    def _make_review(self) -> ReviewPane:
        pane = ReviewPane(self)
        pane.elementRequested.connect(lambda i: self.select_element(i, origin="review"))
        pane.evidenceRequested.connect(self.go_to_subject)
        pane.set_session(self.session)
        if self.current_id is not None:
            pane.set_current_target(self.current_id)
        return pane

    def _make_compliance(self) -> CompliancePanel:
        from workbench.ui.panels.compliance import CompliancePanel

        panel = CompliancePanel(self)
        panel.set_session(self.session)
        return panel

    @property
    def review(self) -> ReviewPane:
        """The Review tab (stress-testing sessions and challenges)."""
        return cast("ReviewPane", self._lazy_panel("review"))

    @property
    def compliance(self) -> CompliancePanel:
        """The Compliance tab (schedule, triggers, methodology, noncompliance)."""
        return cast("CompliancePanel", self._lazy_panel("compliance"))

    def _show_tab(self, panel: QWidget, focus: QWidget) -> None:
        self.tabs.setCurrentWidget(panel)
        focus.setFocus()

    # -------------------------------------------------------------- state
    def _restore_state(self) -> None:
        settings = self.settings
        geometry = settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = settings.blob("state")
        if state is not None:
            self.restoreState(state)
        for key, splitter in self._splitters().items():
            saved = settings.blob(key)
            if saved is not None:
                splitter.restoreState(saved)

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "main_splitter": self.main_splitter,
            "top_splitter": self.top_splitter,
            "evidence_splitter": self.evidence.splitter,
        }

    def save_state(self) -> None:
        settings = self.settings
        settings.set_blob("geometry", self.saveGeometry())
        settings.set_blob("state", self.saveState())
        for key, splitter in self._splitters().items():
            settings.set_blob(key, splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """QMainWindow.closeEvent: save typed text and window state, close the store."""
        if self.remember:
            self.save_state()
        self.close_store()
        if self.about_box is not None:
            self.about_box.close()
        for dialog in (self.export_dialog, self.verify_dialog):
            if dialog is not None:
                dialog.close()
        super().closeEvent(event)
