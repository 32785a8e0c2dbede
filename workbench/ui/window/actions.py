"""Main window actions: the QActions with their shortcuts, the menus and toolbar, and which
of them are enabled for the open store and the selected element."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from workbench.app import Mode
from workbench.domain import ElementType
from workbench.domain.grammar import child_types
from workbench.ui.dialogs.pattern import insert_pattern
from workbench.ui.widgets.gsnshapes import TYPE_NAMES, type_icon

if TYPE_CHECKING:
    from workbench.ui.window.main import MainWindow

#: What "Add" offers under an element of each type: what the GSN grammar lets sit under it
#: (workbench.domain.grammar), but away goals, which only an import makes.
CHILD_TYPES: dict[ElementType, tuple[ElementType, ...]] = {
    kind: tuple(t for t in child_types(kind) if t is not ElementType.away_goal)
    for kind in ElementType
    if child_types(kind)
}
ADDABLE = CHILD_TYPES[ElementType.goal]
#: The letter of a type's name that its Add entry is chosen by (else the first): one per
#: letter in the menu (Strategy and Solution both start with S).
MNEMONICS = {ElementType.solution: "o"}


def with_mnemonic(name: str, letter: str | None = None) -> str:
    """``name`` with & before ``letter`` (its first occurrence), else before its first letter."""
    at = name.lower().find(letter) if letter else 0
    at = max(at, 0)
    return f"{name[:at]}&{name[at:]}"


#: Said with every undo: the history lives with the open window, not in the store.
UNDO_KEPT = (
    "Undo history is kept while the store is open; closing the store or the window clears it "
    "(every change stays in the store's audit log)."
)


class WindowActions:
    """Every action of the window (``act_*``), built once, with its menus and toolbar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._build_actions()
        self._build_menus()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        w = self.window
        store, nav, diagram = w.store, w.navigation, w.diagram
        K = QKeySequence.StandardKey
        self.act_new = self._action(
            "&New Store…", store.new_store, K.New, "Start an empty assessment"
        )
        self.act_open = self._action("&Open Store…", store.choose_store, K.Open)
        self.act_open_review = self._action(
            "Open for Revie&w…",
            lambda: store.choose_store(Mode.reviewer),
            "Ctrl+Shift+O",
            "Open a store for stress-testing: the argument cannot be changed",
        )
        self.act_save_as = self._action(
            "Save &As…",
            store.save_as,
            K.SaveAs,
            "Save the store as a new file and carry on there (with any unsaved edits)",
        )
        self.act_import = self._action("&Import JSON…", store.import_case)
        self.act_export = self._action("&Export JSON…", store.export_case, "Ctrl+E")
        self.act_export_packet = self._action(
            "Export &Packet…", w.export_packet, K.Print, "Write (and sign) the PDF packet"
        )
        self.act_export_diagram = self._action(
            "Export &Diagram…",
            w.diagram_output.export,
            tip="Write the diagram shown as SVG, PNG or PDF (by the file's suffix)",
        )
        self.act_print = self._action(
            "Prin&t Diagram…",
            w.diagram_output.print_preview,
            "Ctrl+Alt+P",
            "Print the diagram shown, with a preview",
        )
        self.act_verify_packet = self._action(
            "&Verify Packet…", w.verify_packet, "Ctrl+Shift+V", "Check a packet's signatures"
        )
        self.act_close = self._action("&Close Store", store.close_store, K.Close)
        self.act_quit = self._action("&Quit", w.close, K.Quit)
        self.act_undo = self._action("&Undo", w.undo, K.Undo)
        self.act_redo = self._action("&Redo", w.redo, K.Redo)
        # The toolbar shows a fixed word (what is undone is in the tooltip and the menu), so
        # its buttons do not move when the undo text changes.
        self.act_undo.setIconText("Undo")
        self.act_redo.setIconText("Redo")
        self.act_add: dict[ElementType, QAction] = {}
        for number, kind in enumerate(ADDABLE, start=1):
            action = self._action(
                f"Add {with_mnemonic(TYPE_NAMES[kind], MNEMONICS.get(kind))}",
                partial(w.add_child, kind),
                f"Ctrl+Alt+{number}",
                f"Add a {TYPE_NAMES[kind].lower()} under the selected element",
            )
            action.setIcon(type_icon(kind))
            self.act_add[kind] = action
        self.act_add_root = self._action("Add &Top-Level Goal", w.add_top_goal)
        self.act_insert_pattern = self._action(
            "&Insert Pattern…",
            partial(insert_pattern, w),
            "Ctrl+Shift+P",
            "Insert an argument pattern, its parameters filled in, under the selected goal",
        )
        self.act_delete = self._action(
            "&Delete Element", w.delete_current, "Ctrl+Del", "Delete the selected element"
        )
        self.act_find = self._action("&Find…", nav.focus_search, K.Find)
        self.act_migrate = self._action(
            "&Migrate Framework…",
            w.migrate_framework,
            tip="Move the assessment to another framework through a shipped crosswalk",
        )
        self.act_add_evidence = self._action(
            "Add &Evidence Files…", w.add_evidence_files, "Ctrl+Shift+E"
        )
        self.act_recheck = self._action("Re-&check Now", w.recheck, K.Refresh)
        self.act_zoom_in = self._action("Zoom &In", diagram.zoom_in, K.ZoomIn)
        self.act_zoom_out = self._action("Zoom &Out", diagram.zoom_out, K.ZoomOut)
        self.act_zoom_reset = self._action("&Actual Size", diagram.zoom_reset, "Ctrl+0")
        self.act_zoom_fit = self._action(
            "&Fit Diagram", diagram.zoom_fit, "Ctrl+9", "The whole diagram, at a legible zoom"
        )
        self.act_fit_branch = self._action(
            "Fit Selected &Branch",
            diagram.fit_selection,
            "Ctrl+8",
            "The selected elements and what is under them, at a legible zoom",
        )
        self.act_centre = self._action("C&entre on Selection", diagram.centre_selection, "Ctrl+L")
        self.act_minimap = self._action(
            "Show &Minimap",
            lambda: diagram.set_minimap_enabled(self.act_minimap.isChecked()),
            tip="An overview of a diagram bigger than the view, to click through",
        )
        self.act_minimap.setCheckable(True)
        self.act_minimap.setChecked(True)
        self.act_about = self._action("&About Safety Case Workbench", w.show_about)
        self.act_focus: list[QAction] = []
        targets: list[tuple[str, Callable[[], object]]] = [
            ("Outline", w.outline.focus),
            ("Diagram", diagram.focus),
            ("Editor", w.editor.focus_text),
            ("Findings", lambda: nav.show_tab(w.findings, w.findings.focus)),
            ("Requirements", lambda: nav.show_tab(w.matrix, w.matrix.focus)),
            ("Evidence", lambda: nav.show_tab(w.evidence, w.evidence.focus)),
            ("Review", lambda: nav.show_tab(w.review, w.review.focus)),
            ("Compliance", lambda: nav.show_tab(w.compliance, w.compliance.focus)),
        ]
        for number, (name, slot) in enumerate(targets, start=1):
            self.act_focus.append(self._action(f"Go to {name}", slot, f"Alt+{number}"))

    def _build_menus(self) -> None:
        w = self.window
        bar = w.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open, self.act_open_review])
        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save_as)
        file_menu.addActions([self.act_import, self.act_export])
        file_menu.addSeparator()
        file_menu.addActions([self.act_export_diagram, self.act_print])
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
        editing = w.editing
        edit_menu.addActions([editing.act_add_child, editing.act_add_context])
        edit_menu.addAction(self.act_insert_pattern)
        edit_menu.addSeparator()
        edit_menu.addActions(
            [editing.act_cut, editing.act_copy, editing.act_paste, editing.act_duplicate]
        )
        edit_menu.addSeparator()
        edit_menu.addActions([editing.act_rename, self.act_delete])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_add_evidence, self.act_find])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_migrate)
        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, self.act_zoom_fit]
        )
        view_menu.addActions([self.act_fit_branch, self.act_centre, self.act_minimap])
        view_menu.addSeparator()
        view_menu.addActions(self.act_focus)
        view_menu.addSeparator()
        view_menu.addAction(self.act_recheck)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)
        toolbar = QToolBar("Edit", w)
        toolbar.setObjectName("editToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_undo, self.act_redo])
        toolbar.addSeparator()
        toolbar.addActions(list(self.act_add.values()))
        toolbar.addSeparator()
        toolbar.addAction(self.act_delete)
        w.addToolBar(toolbar)
        self.toolbar = toolbar
        element_menu: list[QAction | None] = [
            *self.act_add.values(),
            None,
            editing.act_rename,
            None,
            editing.act_cut,
            editing.act_copy,
            editing.act_paste,
            editing.act_duplicate,
            None,
            editing.act_delete,
        ]
        w.outline.add_context_actions(element_menu)
        w.outline.tree.addActions([editing.act_add_child, editing.act_add_context])
        view = w.diagram.view
        view.addActions(editing.scoped)
        view.menu_actions = [*element_menu, None, self.act_centre, self.act_fit_branch]

    def fill_recent_menu(self) -> None:
        store = self.window.store
        self.recent_menu.clear()
        recent = store.recent_stores()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name} — {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: store.open_store(p))
            action.setEnabled(path.exists())
        if not recent:
            self.recent_menu.addAction("No recent stores").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", store.clear_recent_stores)

    def update(self) -> None:
        """Enable what makes sense for the open store and the selected element."""
        w = self.window
        session = w.session
        editable = session is not None and not session.read_only
        element = (
            session.document.case.by_id.get(w.current_id)
            if session is not None and w.current_id
            else None
        )
        allowed = CHILD_TYPES.get(element.type, ()) if element is not None else ()
        for kind, action in self.act_add.items():
            ok = editable and (kind in allowed or (element is None and kind == ElementType.goal))
            action.setEnabled(ok)
        self.act_add_root.setEnabled(editable)
        self.act_insert_pattern.setEnabled(editable)
        self.act_delete.setEnabled(editable and element is not None)
        w.editing.update()
        self.act_add_evidence.setEnabled(editable)
        self.act_migrate.setEnabled(editable)
        stack = session.undo_stack if session is not None else None
        # In review mode the stack holds only what a reviewer may do (challenges, answers).
        writable = session is not None and session.writable
        can_undo = writable and stack is not None and stack.canUndo()
        can_redo = writable and stack is not None and stack.canRedo()
        self.act_undo.setEnabled(can_undo)
        self.act_redo.setEnabled(can_redo)
        undo_text = f"Undo {stack.undoText()}" if can_undo and stack else "Undo"
        redo_text = f"Redo {stack.redoText()}" if can_redo and stack else "Redo"
        self.act_undo.setText(f"&{undo_text}")
        self.act_redo.setText(f"&{redo_text}")
        shortcut = self.act_undo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.act_undo.setToolTip(f"{undo_text} ({shortcut}). {UNDO_KEPT}")
        self.act_undo.setStatusTip(f"{undo_text}. {UNDO_KEPT}")
        shortcut = self.act_redo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.act_redo.setToolTip(f"{redo_text} ({shortcut})")
        self.act_save_as.setEnabled(session is not None and not session.review_mode)
        for action in (
            self.act_export,
            self.act_close,
            self.act_recheck,
            self.act_export_packet,
            self.act_export_diagram,
            self.act_print,
        ):
            action.setEnabled(session is not None)
