"""Main window: the composition of outline, diagram and editor over findings, requirements,
evidence, review and compliance tabs; what each part does lives beside it (actions.py: menus
and shortcuts, navigation.py: one selection across the views, store.py: opening and saving
stores); the window follows the open session's change notices."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QIcon, QPaintEvent, QShowEvent
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
from workbench.app import ChangeSet, Mode
from workbench.app.changes import add_element, next_id
from workbench.app.operations import Changes
from workbench.domain import CaseDocument, ElementType, WorkbenchError, required_level
from workbench.runtime.resources import resource_path
from workbench.ui.dialogs.prompts import (
    AnswerAsker,
    ChoiceAsker,
    PathAsker,
    TextAsker,
    ask_answer,
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
from workbench.ui.widgets.gsnshapes import TYPE_NAMES
from workbench.ui.window.actions import ADDABLE, CHILD_TYPES, WindowActions
from workbench.ui.window.diagram_output import DiagramOutput
from workbench.ui.window.editing import ElementEditing
from workbench.ui.window.navigation import Navigator
from workbench.ui.window.store import JSON_FILTER, STORE_FILTER, StoreController

if TYPE_CHECKING:  # imported when first opened, not at start-up
    from workbench.app.migrate import MigrationPlan
    from workbench.ui.dialogs.migrate import MigrateDialog
    from workbench.ui.dialogs.packet import ExportPacketDialog, VerifyPacketDialog
    from workbench.ui.panels.compliance import CompliancePanel

__all__ = ["ADDABLE", "APP_NAME", "CHILD_TYPES", "JSON_FILTER", "STORE_FILTER", "MainWindow"]

log = logging.getLogger("workbench.ui.window.main")

APP_NAME = "Safety Case Workbench"
#: The tabs' titles without counts, in order (a check adds its counts to them).
TAB_TITLES = ("Findings", "Requirements", "Evidence", "Review", "Compliance")
#: Room left for a window manager's borders and title bar (px) before they are known.
FRAME_ALLOWANCE = (16, 48)
#: A window opened but not shown (yet) checks its case after this long.
UNPAINTED_CHECK_DELAY_MS = 250


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
    """One window over one open store. File dialogs are attributes so tests can replace them.

    Its actions (``act_*``, with menus and toolbar) are ``self.window_actions``.
    """

    #: The window has been painted for the first time (start-up is over for the user).
    firstPainted = Signal()

    def __init__(self, settings: Settings, *, remember: bool = True) -> None:
        super().__init__()
        self.painted = False
        self._shown_once = False
        self._checks_wait_for_paint = False
        self.settings = settings
        self.remember = remember
        self.session: CaseSession | None = None
        self.current_id: str | None = None
        self.ask_open_path: PathAsker = ask_open_path
        self.ask_save_path: PathAsker = ask_save_path
        self.ask_text: TextAsker = ask_text
        self.ask_choice: ChoiceAsker = ask_choice
        self.ask_answer: AnswerAsker = ask_answer
        self.about_box: QMessageBox | None = None
        self.export_dialog: ExportPacketDialog | None = None
        self.verify_dialog: VerifyPacketDialog | None = None
        self.migrate_dialog: MigrateDialog | None = None
        self.store = StoreController(self)
        self.navigation = Navigator(self)
        self.diagram_output = DiagramOutput(self)
        self.setWindowIcon(app_icon())
        self.setObjectName("MainWindow")

        self.banner = Banner(self)
        #: What is wrong with the open store's file (read-only, deleted, moved), with Save As.
        self.store_banner = Banner(self)
        self.store_banner.close_button.setVisible(False)
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
        layout.addWidget(self.store_banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        # Messages come and go over the top of the views, which keep their place.
        self.banner.float_over(self.main_splitter)
        self.asl_label = QLabel(self)
        self.mode_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.asl_label)
        self.statusBar().addPermanentWidget(self.mode_label)

        self.editing = ElementEditing(self)
        self.window_actions = WindowActions(self)
        self._connect_panels()
        self._restore_state()
        self._update_title()
        self.window_actions.update()

    def _connect_panels(self) -> None:
        nav = self.navigation
        self.outline.elementSelected.connect(lambda i: nav.select_element(i, origin="outline"))
        self.outline.elementActivated.connect(nav.edit_element)
        self.diagram.elementSelected.connect(lambda i: nav.select_element(i, origin="diagram"))
        self.diagram.elementActivated.connect(self.editing.edit_in_place)
        self.diagram.textCommitted.connect(self.editing.commit_text)
        self.diagram.connectRequested.connect(self.editing.connect)
        self.diagram.moveRequested.connect(self.editing.move)
        self.diagram.view.judge_drop = self.editing.judge_drop
        self.outline.textEdited.connect(self.editing.commit_text)
        self.outline.matchesChanged.connect(self.diagram.set_matches)
        self.matrix.elementRequested.connect(lambda i: nav.select_element(i, origin="matrix"))
        self.matrix.messageRaised.connect(self.show_notice)
        self.findings.subjectRequested.connect(nav.go_to_subject)
        self.evidence.errorRaised.connect(self.show_error)
        self.evidence.messageRaised.connect(self.show_notice)
        self.evidence.subjectRequested.connect(nav.go_to_subject)
        self.editor.challengeRequested.connect(nav.challenge_element)
        # The conflict's error is answered once the user chose Reload or Keep mine.
        self.editor.conflict_box.reload_button.clicked.connect(self.banner.dismiss)
        self.editor.conflict_box.keep_button.clicked.connect(self.banner.dismiss)

    # ------------------------------------------------------------- stores
    def open_store(self, path: Path, mode: Mode | str = Mode.author) -> bool:
        """Open a store in this window (replacing the one open); False, with a message, if not."""
        return self.store.open_store(path, mode)

    def close_store(self) -> None:
        self.store.close_store()

    def _undo_stack_changed(self, _value: object = None) -> None:
        self.window_actions.update()

    def attach_session(self, session: CaseSession) -> None:
        """Show a session just opened in every view and follow its notices."""
        self.session = session
        session.changed.connect(self._changed)
        session.checked.connect(self._checked)
        session.checkStarted.connect(self.findings.show_checking)
        session.dayChanged.connect(lambda _day: self._day_changed())
        session.errorRaised.connect(self.show_error)
        session.storeStateChanged.connect(self._store_state_changed)
        session.messageRaised.connect(lambda text: self.statusBar().showMessage(text, 4000))
        stack = session.undo_stack
        # Bound methods of the window (not lambdas): Qt drops these connections when the
        # window is destroyed, so a stack that outlives it never reaches deleted actions.
        stack.canUndoChanged.connect(self._undo_stack_changed)
        stack.canRedoChanged.connect(self._undo_stack_changed)
        stack.undoTextChanged.connect(self._undo_stack_changed)
        stack.redoTextChanged.connect(self._undo_stack_changed)
        panels: list[SessionPanel] = [self.outline, self.diagram, self.editor, self.matrix]
        for panel in [*panels, self.evidence, *self._built_tabs()]:
            panel.set_session(session)
        self.findings.set_session(session)
        self.current_id = None
        roots = session.document.case.roots()
        if roots:
            self.navigation.select_element(roots[0].id)
        self.banner.dismiss()
        self._show_store_state()
        self._update_title()
        self.window_actions.update()

    def _show_store_state(self) -> None:
        """The store banner: why the store cannot be written, and Save As; else hidden."""
        session = self.session
        problem = session.store_problem if session is not None else None
        if problem is None:
            self.store_banner.dismiss()
            return
        text = (
            f"{problem}: editing is stopped and nothing more is saved to it. Nothing you typed "
            "is lost: Save As… writes the store, with your unsaved edits, to a new file and "
            "you carry on there."
            if session is not None and session.store_lost
            else f"{problem}: it is open read-only. Save As… makes a copy you can edit."
        )
        self.store_banner.show_error(text, [("Save As…", self.store.save_as)])

    def _store_state_changed(self) -> None:
        """The store became unwritable (or writable again, saved as a new file): every view
        follows, keeping what is typed."""
        session = self.session
        if session is None:
            return
        if session.store_problem is not None:
            self.editor.hold_text()
        for panel in (self.outline, self.evidence):
            panel.set_session(session)
        self.editor.reload()
        for tab in self._built_tabs():
            tab.reload()
        self._show_store_state()
        self._update_title()
        self.window_actions.update()

    def detach_session(self) -> None:
        """The views let go of the session (it is being closed): they show nothing."""
        self.editor.save_text()
        self.evidence.cancel_import()
        self.session = None
        panels: list[SessionPanel] = [self.outline, self.diagram, self.editor, self.matrix]
        for panel in [*panels, self.evidence, self.findings, *self._built_tabs()]:
            panel.set_session(None)
        for dialog in (self.export_dialog, self.verify_dialog):
            if dialog is not None:
                dialog.set_session(None)
        self.current_id = None
        self._reset_counts()
        self._update_title()
        self.window_actions.update()

    def _reset_counts(self) -> None:
        """No store: the tabs lose their counts, the status bar its level and messages."""
        for index, title in enumerate(TAB_TITLES):
            if index < self.tabs.count():
                self.tabs.setTabText(index, title)
        self.asl_label.setText("")
        self.banner.dismiss()
        self.store_banner.dismiss()
        self.statusBar().clearMessage()

    def start_checking(self) -> None:
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

    def _fill_recent_menu(self) -> None:
        self.window_actions.fill_recent_menu()

    @property
    def recent_menu(self) -> QMenu:
        """File ▸ Open Recent."""
        return self.window_actions.recent_menu

    @property
    def toolbar(self) -> QToolBar:
        return self.window_actions.toolbar

    # ---------------------------------------------------------- selection
    def select_element(self, element_id: str, origin: str = "") -> None:
        """Select an element everywhere: outline, diagram and editor stay in step."""
        self.navigation.select_element(element_id, origin)

    def go_to_subject(self, subject: str) -> None:
        """Show what a finding concerns: an element, requirement, evidence file or challenge."""
        self.navigation.go_to_subject(subject)

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

        on_canvas = self.editing.on_canvas()
        if session.edit(build):
            if on_canvas:  # from the node's menu: its text typed on the new box
                self.select_element(created[-1], origin="diagram")
                self.diagram.edit_in_place(created[-1])
            else:
                self.navigation.edit_new(created[-1])

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
            self.navigation.edit_new(created[-1])

    def delete_current(self) -> None:
        """Delete the selected elements, asking what becomes of what is under them."""
        self.editing.delete()

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

    def migrate_framework(self) -> MigrateDialog | None:
        """Plan a migration to another framework and show its fates for confirmation."""
        from workbench.app.migrate import migration_targets, plan_for_store
        from workbench.ui.dialogs.migrate import MigrateDialog

        session = self.session
        if session is None or session.read_only:
            return None
        current = session.document.framework.id
        targets = migration_targets(current)
        if not targets:
            self.show_error(f"no crosswalk from {current} to another framework is shipped")
            return None
        target = targets[0]
        if len(targets) > 1:
            chosen = self.ask_choice(self, "Migrate framework", "Migrate to:", targets)
            if chosen is None:
                return None
            target = chosen
        try:
            plan = plan_for_store(session.workspace, target)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return None
        if self.migrate_dialog is not None:
            self.migrate_dialog.close()
        dialog = MigrateDialog(self, plan)
        dialog.accepted.connect(lambda: self._apply_migration(dialog.plan))
        dialog.finished.connect(lambda _r: setattr(self, "migrate_dialog", None))
        self.migrate_dialog = dialog
        dialog.show()
        return dialog

    def _apply_migration(self, plan: MigrationPlan) -> None:
        session = self.session
        if session is not None and session.edit(lambda _doc: plan.change_set):
            self.show_notice(f"Migrated to {plan.target.id}. {plan.summary()}")

    def add_evidence_files(self) -> None:
        """Show the evidence library (where the import's progress is) and choose files."""
        self.tabs.setCurrentWidget(self.evidence)
        self.evidence.choose_and_import()

    def undo(self) -> None:
        if self.session is not None:
            self.editor.save_text()
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def recheck(self) -> None:
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
        restored = [i for i in changes.added.get("element", ()) if i in session.document.case.by_id]
        if changes.source in ("undo", "redo") and restored:
            # What an undo brings back is what is selected, in every view alike.
            back = set(restored)
            parents = session.document.case.parents
            tops = [i for i in restored if back.isdisjoint(parents[i])] or restored
            top = sorted(tops)[0]
            self.diagram.select_elements([*sorted(back - {top}), top])
            self.navigation.select_element(top)
        elif current is not None and current not in session.document.case.by_id:
            self.navigation.clear_selection()
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
        self.window_actions.update()

    def _day_changed(self) -> None:
        """A new day: what is late or overdue is counted again (the checks re-run too)."""
        for panel in self._built_tabs("compliance"):
            panel.reload()

    def _checked(self, result: CheckResult) -> None:
        self.findings.show_result(result)
        self.matrix.show_result(result)
        self.outline.refresh_badges(self.session.badges_changed if self.session else None)
        self.diagram.refresh_badges()
        self.editor.refresh_findings()
        report = result.report
        level = required_level(result.document.framework, report.required_asl)
        words = "" if level.asl else f"{level.label} "
        self.asl_label.setText(f"Required {words}{level.overall_name} · {report.blocking} blocking")
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
        review = " — Review mode" if session.review_mode else ""
        if session.store_problem is not None:
            review += " — read-only"
        self.setWindowTitle(f"{model} — {session.path.name}{review} — {APP_NAME}")
        self.mode_label.setText(
            "Review mode (read-only)"
            if session.review_mode
            else "Read-only"
            if session.store_problem is not None
            else "Author"
        )

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
        pane.elementRequested.connect(lambda i: self.navigation.select_element(i, origin="review"))
        pane.evidenceRequested.connect(self.navigation.go_to_subject)
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
    def review_built(self) -> bool:
        """True once the Review tab has been built (it is built when first needed)."""
        return self._lazy_tabs["review"].panel is not None

    @property
    def review(self) -> ReviewPane:
        """The Review tab (stress-testing sessions and challenges)."""
        return cast("ReviewPane", self._lazy_panel("review"))

    @property
    def compliance(self) -> CompliancePanel:
        """The Compliance tab (schedule, triggers, methodology, noncompliance)."""
        return cast("CompliancePanel", self._lazy_panel("compliance"))

    # -------------------------------------------------------------- state
    def _restore_state(self) -> None:
        settings = self.settings
        geometry = settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        self.fit_to_screen()
        self._restored_size = self.size()
        state = settings.blob("state")
        if state is not None:
            self.restoreState(state)
        for key, splitter in self._splitters().items():
            saved = settings.blob(key)
            if saved is not None:
                splitter.restoreState(saved)

    def fit_to_screen(self) -> None:
        """Keep the window inside the screen's available area (a saved or default size can
        be bigger than the screen: 1400×900 is 2100×1350 pixels at 150 % scaling)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders
        # Before the first show the frame is not known yet: room for a usual one is left.
        frame_w = frame.width() if self.isVisible() else max(frame.width(), FRAME_ALLOWANCE[0])
        frame_h = frame.height() if self.isVisible() else max(frame.height(), FRAME_ALLOWANCE[1])
        width = min(self.width(), available.width() - frame_w)
        height = min(self.height(), available.height() - frame_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(max(width, 320), max(height, 240))
        geometry = self.frameGeometry()
        if not available.contains(geometry):
            x = min(max(geometry.x(), available.x()), available.right() - geometry.width() + 1)
            y = min(max(geometry.y(), available.y()), available.bottom() - geometry.height() + 1)
            self.move(max(x, available.x()), max(y, available.y()))

    def showEvent(self, event: QShowEvent) -> None:
        """QWidget.showEvent: the first show fits the window to its screen again (now with
        the frame's real size)."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.size() == self._restored_size:  # not sized on purpose since (a test)
                self.fit_to_screen()

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
