"""Editing the argument from the diagram and the outline: text in place, add under a node,
link and move by drag, delete (saying what becomes of the children), cut, copy, paste and
duplicate subtrees. Each is one operation of the session (one undo step), built by the same
change-set functions as the rest of the window (``workbench.app.changes``, ``clipboard``)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from workbench.app import ChangeSet
from workbench.app.changes import (
    add_element,
    delete_elements,
    edit_element,
    link_elements,
    move_element,
    next_id,
    under_deleted,
)
from workbench.app.clipboard import (
    copy_fragment,
    duplicate_elements,
    fragment_outline,
    left_out,
    paste_fragment,
)
from workbench.domain import CONTEXTUAL, CaseDocument, ElementType, InputError, WorkbenchError
from workbench.domain.wording import plural
from workbench.interop.exchange import CaseFragment, dumps_fragment, loads_fragment
from workbench.ui.widgets.gsnshapes import TYPE_NAMES

if TYPE_CHECKING:
    from workbench.ui.window.main import MainWindow

log = logging.getLogger("workbench.ui.window.editing")

#: The clipboard's own type for copied elements (a case fragment as JSON).
FRAGMENT_MIME = "application/x-workbench-fragment+json"
#: What Insert adds under an element of each type (Ctrl+Enter adds a context).
INSERTED_CHILD = {
    ElementType.goal: ElementType.goal,
    ElementType.strategy: ElementType.goal,
    ElementType.away_goal: ElementType.goal,
}


class ElementEditing:
    """The element actions of the diagram and the outline (``act_*``), active where the
    keyboard is (F2, Delete, Insert, Ctrl+Enter, Ctrl+C/X/V/D on the canvas or the tree),
    and what the canvas asks by drag and drop."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        K = QKeySequence.StandardKey
        self.act_rename = self._action(
            "Edit Text i&n Place", self.rename, "F2", "Edit the selected element's text"
        )
        self.act_delete = self._action(
            "&Delete", self.delete, "Delete", "Delete the selected elements (asks about children)"
        )
        self.act_add_child = self._action(
            "Add C&hild", self.add_child, "Insert", "Add a sub-goal under the selected element"
        )
        self.act_add_context = self._action(
            "Add Conte&xt",
            lambda: self.add_under(ElementType.context),
            "Ctrl+Return",
            "Add a context element beside the selected goal or strategy",
        )
        self.act_cut = self._action("Cu&t", self.cut, K.Cut, "Cut the selected subtrees")
        self.act_copy = self._action("&Copy", self.copy, K.Copy, "Copy the selected subtrees")
        self.act_paste = self._action(
            "&Paste", self.paste, K.Paste, "Paste copied elements under the selected element"
        )
        self.act_duplicate = self._action(
            "Dup&licate", self.duplicate, "Ctrl+D", "Copy the selected subtrees beside themselves"
        )
        self.scoped = [
            self.act_rename,
            self.act_add_child,
            self.act_add_context,
            self.act_cut,
            self.act_copy,
            self.act_paste,
            self.act_duplicate,
            self.act_delete,
        ]

    def _action(self, text: str, slot: Callable[[], object], shortcut: object, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        # Only where the keyboard is on the canvas or the tree: Delete in a text field or a
        # table deletes what it always did, not an element.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def install(self, *widgets: QWidget) -> None:
        """The keys work while one of ``widgets`` (the canvas, the tree) has the keyboard."""
        for widget in widgets:
            widget.addActions(self.scoped)

    # ------------------------------------------------------------ targets
    def on_canvas(self) -> bool:
        """True when the keyboard is on the diagram (its actions apply to its selection)."""
        focus = QApplication.focusWidget()
        view = self.window.diagram.view
        return focus is not None and (focus is view or view.isAncestorOf(focus))

    def targets(self) -> list[str]:
        """The elements an action applies to: the canvas selection when the canvas has the
        keyboard, else the current element."""
        window = self.window
        session = window.session
        if session is None:
            return []
        by_id = session.document.case.by_id
        if self.on_canvas():
            chosen = [i for i in window.diagram.selection if i in by_id]
            if chosen:
                return chosen
        return [window.current_id] if window.current_id in by_id else []

    def _editable(self, doing: str) -> bool:
        session = self.window.session
        if session is None:
            return False
        if session.read_only:
            self.window.show_error(session.read_only_why(doing))
            return False
        return True

    # ---------------------------------------------------------------- text
    def rename(self) -> None:
        """F2: edit the current element's text on its box (canvas) or its row (outline)."""
        window = self.window
        if not self._editable("edit the text") or window.current_id is None:
            return
        if self.on_canvas():
            window.diagram.edit_in_place(window.current_id)
            return
        tree = window.outline.tree
        if window.outline.select_element(window.current_id):
            tree.setFocus()
            tree.edit(tree.currentIndex())

    def edit_in_place(self, element_id: str) -> None:
        """A double-click on a box: its text edited there."""
        if self._editable("edit the text"):
            self.window.select_element(element_id, origin="diagram")
            self.window.diagram.edit_in_place(element_id)

    def commit_text(self, element_id: str, text: str) -> None:
        """Text typed in place (on the canvas or in the outline) saved, one undo step."""
        session = self.window.session
        if session is None or element_id not in session.document.case.by_id:
            return
        if session.document.case.by_id[element_id].text == text:
            return
        session.end_merging()
        session.edit(lambda doc: edit_element(doc, element_id, text=text))
        session.end_merging()

    # ------------------------------------------------------------ adding
    def add_child(self) -> None:
        """Insert: a sub-goal under the selected goal or strategy."""
        window = self.window
        session = window.session
        current = window.current_id
        if session is None or current is None:
            window.add_top_goal()
            return
        kind = INSERTED_CHILD.get(session.document.case.by_id[current].type)
        if kind is None:
            element = session.document.case.by_id[current]
            window.show_error(
                f"{TYPE_NAMES[element.type]} {current} holds nothing under it; "
                "select a goal or strategy to add under"
            )
            return
        self.add_under(kind)

    def add_under(self, kind: ElementType) -> str | None:
        """Add an element of ``kind`` under the current one and edit its text where the
        keyboard is (on its box from the canvas, else in the editor)."""
        window = self.window
        session = window.session
        parent = window.current_id
        if session is None or parent is None or not self._editable("add elements"):
            return None
        on_canvas = self.on_canvas()
        created: list[str] = []

        def build(doc: CaseDocument) -> ChangeSet:
            new_id = next_id(doc, kind)
            created.append(new_id)
            text = f"New {TYPE_NAMES[kind].lower()}"
            return add_element(doc, kind, text, parent=parent, element_id=new_id)

        if not session.edit(build):
            return None
        new_id = created[-1]
        if on_canvas:
            window.select_element(new_id, origin="diagram")
            window.diagram.edit_in_place(new_id)
        else:
            window.navigation.edit_new(new_id)
        return new_id

    # ---------------------------------------------------------- drag and drop
    def judge_drop(self, mode: str, source: str, target: str) -> str | None:
        """Why a drag of ``source`` onto ``target`` would be refused (None: it may)."""
        session = self.window.session
        if session is None:
            return "no store is open"
        if session.read_only:
            return session.read_only_why("change the argument")
        try:
            self._drop_change(session.document, mode, source, target)
        except WorkbenchError as exc:
            return str(exc)
        return None

    @staticmethod
    def _drop_change(doc: CaseDocument, mode: str, source: str, target: str) -> ChangeSet:
        if mode == "move":
            return move_element(doc, source, target)
        # A link is dragged from the element that is supported (or given context) to what
        # supports it: the GSN grammar says which kind, or refuses.
        child = doc.element(target)
        return link_elements(doc, source, target, context=child.type in CONTEXTUAL)

    def connect(self, source: str, target: str) -> None:
        """A link dragged from ``source`` to ``target``: SupportedBy or InContextOf as the
        grammar wants; refused with the reason in the banner."""
        self._drop("connect", source, target)

    def move(self, element: str, target: str) -> None:
        """A box dropped on another: moved under it (unlinked from where it was)."""
        self._drop("move", element, target)

    def _drop(self, mode: str, source: str, target: str) -> None:
        session = self.window.session
        if session is None or not self._editable("change the argument"):
            return
        if session.edit(lambda doc: self._drop_change(doc, mode, source, target)):
            self.window.select_element(source if mode == "move" else target, origin="diagram")

    # --------------------------------------------------------------- delete
    def delete(self, element_ids: list[str] | None = None) -> bool:
        """Delete the selected elements; when elements are under them, ask whether those go
        too or move up to the element above. One undo step."""
        window = self.window
        session = window.session
        chosen = element_ids if element_ids is not None else self.targets()
        if session is None or not chosen or not self._editable("delete elements"):
            return False
        doc = session.document
        under = under_deleted(doc, chosen)
        children = "delete"
        if under:
            focus = QApplication.focusWidget()
            answer = window.ask_answer(
                window, "Delete elements", *self._delete_question(doc, chosen, under)
            )
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)  # back where the key was
            if answer is None:
                return False
            children = answer
        parents = doc.case.parents
        above = next((p for i in chosen for p in parents[i] if p not in chosen), None)
        if not session.edit(lambda d: delete_elements(d, chosen, children=children)):
            return False
        if above is not None and session.document.case.by_id.get(above) is not None:
            window.select_element(above)
        else:
            window.navigation.clear_selection()
        return True

    @staticmethod
    def _delete_question(
        doc: CaseDocument, chosen: list[str], under: list[str]
    ) -> tuple[str, list[tuple[str, str]]]:
        """The question and its answers: what happens to what is under the elements."""
        by_id = doc.case.by_id
        parents = doc.case.parents
        if len(chosen) == 1:
            element = by_id[chosen[0]]
            what = f"{TYPE_NAMES[element.type].lower()} {element.id}"
            short = element.id
        else:
            what = plural(len(chosen), "element")
            short = what
        shown = ", ".join(under[:6]) + (" …" if len(under) > 6 else ".")
        ups = [p for i in chosen for p in parents[i] if p not in chosen]
        if len(chosen) == 1 and ups:
            lift = f"move what is directly under it up under {ups[0]}"
        elif ups:
            lift = "move what is directly under them up to the elements above"
        else:
            lift = "leave what is directly under them as top-level elements"
        text = (
            f"Delete {what}?\n\n{plural(len(under), 'element')} under it "
            f"{'is' if len(under) == 1 else 'are'} linked from nothing else: {shown}\n\n"
            f"Delete them too, or delete only {short} and {lift}. Undo takes either back."
        )
        # Keeping the rest comes first: the default button loses the least.
        return text, [
            ("lift", f"Delete only {short}, keep the rest"),
            ("delete", f"Delete {short} and the {len(under)} under it"),
        ]

    # ------------------------------------------------------ cut, copy, paste
    def copy(self) -> CaseFragment | None:
        """The selected subtrees to the clipboard: a case fragment (JSON) and as text."""
        session = self.window.session
        chosen = self.targets()
        if session is None or not chosen:
            return None
        fragment = copy_fragment(session.document, chosen, source=session.path.name)
        data = dumps_fragment(fragment).encode()
        mime = QMimeData()
        mime.setData(FRAGMENT_MIME, data)
        mime.setData("application/json", data)
        mime.setText(fragment_outline(fragment))
        QGuiApplication.clipboard().setMimeData(mime)
        self.window.statusBar().showMessage(
            f"Copied {plural(len(fragment.elements), 'element')}", 4000
        )
        return fragment

    def cut(self) -> None:
        """Copy, then delete what was copied (one undo step)."""
        session = self.window.session
        if session is None or not self._editable("cut elements"):
            return
        fragment = self.copy()
        if fragment is None:
            return
        roots = list(fragment.roots)

        def build(doc: CaseDocument) -> ChangeSet:
            change_set = delete_elements(doc, roots, children="delete")
            return dataclasses.replace(change_set, label="Cut" + change_set.label[len("Delete") :])

        if session.edit(build):
            self.window.navigation.clear_selection()

    def clipboard_fragment(self) -> CaseFragment | None:
        """What the clipboard holds as workbench elements (None: nothing of ours)."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return None
        for kind in (FRAGMENT_MIME, "application/json"):
            if mime.hasFormat(kind):
                return loads_fragment(bytes(mime.data(kind).data()))
        text = mime.text().strip() if mime.hasText() else ""
        return loads_fragment(text) if text.startswith("{") else None

    def paste(self) -> list[str]:
        """Paste the clipboard's elements under the current element (top-level when none is
        selected), with fresh ids; the pasted roots are selected."""
        window = self.window
        session = window.session
        if session is None or not self._editable("paste elements"):
            return []
        try:
            fragment = self.clipboard_fragment()
        except InputError as exc:
            window.show_error(str(exc))
            return []
        if fragment is None:
            window.show_error("the clipboard holds no elements: copy some first (Ctrl+C)")
            return []
        parent = window.current_id
        module = window.diagram.module
        added: list[str] = []

        def build(doc: CaseDocument) -> ChangeSet:
            change_set = paste_fragment(doc, fragment, parent=parent, module=module)
            added[:] = [
                c.id
                for c in change_set.changes
                if c.kind == "element" and c.before is None and c.after is not None
            ]
            return change_set

        missing = left_out(session.document, fragment)
        if not session.edit(build):
            return []
        order = [e.id for e in fragment.elements]
        roots = [added[order.index(r)] for r in fragment.roots]
        window.diagram.select_elements(roots)
        window.select_element(roots[-1], origin="diagram")
        if missing.evidence or missing.requirements:
            pasted = plural(len(added), "element")
            window.show_notice(f"Pasted {pasted}; left out {missing.describe()}")
        return roots

    def duplicate(self) -> None:
        """A copy of each selected subtree beside it, with fresh ids."""
        session = self.window.session
        chosen = self.targets()
        if session is None or not chosen or not self._editable("duplicate elements"):
            return
        session.edit(lambda doc: duplicate_elements(doc, chosen))

    def update(self) -> None:
        """Enable what makes sense for the open store and the selection."""
        session = self.window.session
        editable = session is not None and not session.read_only
        has = session is not None and self.window.current_id is not None
        for action in (
            self.act_rename,
            self.act_delete,
            self.act_add_child,
            self.act_add_context,
            self.act_cut,
            self.act_duplicate,
        ):
            action.setEnabled(editable and has)
        self.act_copy.setEnabled(has)
        self.act_paste.setEnabled(editable)
