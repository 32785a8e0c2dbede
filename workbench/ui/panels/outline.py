"""Argument outline: the GSN elements as a tree with type icons, status badges and drag to move."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QIdentityProxyModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.app.changes import move_element
from workbench.app.operations import Changes
from workbench.app.search import elements_found_elsewhere, elements_matching, search
from workbench.domain import CONTEXTUAL, CaseDocument, Element, WorkbenchError
from workbench.domain.case import ARGUING
from workbench.domain.grammar import may_sit_under
from workbench.ui.session.case import BACKGROUND_ELEMENTS, NO_BADGES, Badges, CaseSession
from workbench.ui.session.tasks import TaskHandle, run_task
from workbench.ui.widgets.gsnshapes import (
    CHALLENGE_COLOUR,
    SEVERITY_COLOUR,
    TYPE_NAMES,
    UNDEVELOPED_COLOUR,
    type_icon,
)

log = logging.getLogger("workbench.ui.panels.outline")

MIME_ELEMENT = "application/x-workbench-element"
ELEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BADGES_ROLE = Qt.ItemDataRole.UserRole + 2
LINK_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("Element", "Status")
#: A filter matching at most this many elements shows them all expanded.
EXPAND_ALL_MATCHES = 500
#: Rows of a big case's filtered tree expanded per turn of the event loop.
EXPAND_PER_TURN = 40

ModelIndex = QModelIndex | QPersistentModelIndex


class _Node:
    """One row of the tree: an element reached along one path (a shared child appears twice)."""

    __slots__ = ("children", "cycle", "element_id", "link", "parent", "row")

    def __init__(
        self, element_id: str | None, parent: _Node | None, row: int, link: str | None
    ) -> None:
        self.element_id = element_id
        self.parent = parent
        self.row = row
        self.link = link  # "supported_by" / "in_context_of" from the parent, None for roots
        self.children: list[_Node] | None = None
        self.cycle = False

    def ancestors(self) -> set[str]:
        seen: set[str] = set()
        node = self.parent
        while node is not None and node.element_id is not None:
            seen.add(node.element_id)
            node = node.parent
        return seen

    def path(self) -> tuple[str, ...]:
        ids: list[str] = []
        node: _Node | None = self
        while node is not None and node.element_id is not None:
            ids.append(node.element_id)
            node = node.parent
        return tuple(reversed(ids))


class OutlineModel(QAbstractItemModel):
    """The argument as a tree: roots first, each element's context and then its support.

    Children are read from the document when first asked for, so a store of thousands of
    elements opens without building every row. A filter (``set_matches``) keeps only the
    matching elements and the rows above them, again built only when shown, so filtering a
    big case costs the rows it shows. Moves arrive as ``move_requested``.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc: CaseDocument | None = None
        self._root = _Node(None, None, 0, None)
        self._badges: Callable[[str], Badges] = lambda _id: NO_BADGES
        self._rows_of: dict[str, list[_Node]] = {}  # element id -> the rows built showing it
        self._matches: set[str] | None = None
        self._visible: set[str] | None = None  # the matches and every element above them
        self._roots: list[str] | None = None  # the document's roots, found once per document
        self.read_only = False
        self.move_requested: Callable[[str, str, int], None] | None = None
        #: Text typed over a row (F2): (element id, text); the write is the window's.
        self.text_requested: Callable[[str, str], None] | None = None

    # ------------------------------------------------------------------ data
    def set_document(self, doc: CaseDocument | None, badges: Callable[[str], Badges]) -> None:
        self.beginResetModel()
        self._doc = doc
        self._badges = badges
        self._roots = None
        self._visible = self._above(self._matches)
        self._clear_rows()
        self.endResetModel()

    def _clear_rows(self) -> None:
        self._root = _Node(None, None, 0, None)
        self._rows_of = {}

    def update_elements(self, doc: CaseDocument, element_ids: Iterable[str]) -> int:
        """The same tree with these elements' text or details changed: repaint their rows.

        For edits that keep the argument's shape (a text edit); returns the rows repainted.
        """
        self._doc = doc
        repainted = 0
        for element_id in element_ids:
            for node in self._rows_of.get(element_id, ()):
                first = self.createIndex(node.row, 0, node)
                last = self.createIndex(node.row, len(COLUMNS) - 1, node)
                self.dataChanged.emit(first, last)
                repainted += 1
        return repainted

    @property
    def filtered(self) -> bool:
        return self._matches is not None

    def set_matches(self, matches: set[str] | None) -> None:
        """Show only these elements and the rows above them (None: every element)."""
        self.beginResetModel()
        self._matches = None if matches is None else set(matches)
        self._visible = self._above(self._matches)
        self._clear_rows()
        self.endResetModel()

    def _above(self, matches: set[str] | None) -> set[str] | None:
        """``matches`` with every element above them (what a filtered tree shows)."""
        if matches is None or self._doc is None:
            return None if matches is None else set()
        parents = self._doc.case.parents
        by_id = self._doc.case.by_id
        seen = {m for m in matches if m in by_id}
        stack = list(seen)
        while stack:
            for parent in parents[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    def refresh_badges(
        self, badges: Callable[[str], Badges], changed: Iterable[str] | None = None
    ) -> None:
        """New findings: repaint the status column of the rows built so far showing the
        ``changed`` elements (None: of every row built)."""
        self._badges = badges
        if changed is not None:
            for element_id in changed:
                for node in self._rows_of.get(element_id, ()):
                    index = self.createIndex(node.row, 1, node)
                    self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, BADGES_ROLE])
            return
        stack = [(self._root, QModelIndex())]
        while stack:
            node, index = stack.pop()
            if not node.children:
                continue
            first = self.index(0, 1, index)
            last = self.index(len(node.children) - 1, 1, index)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole, BADGES_ROLE])
            for child in node.children:
                if child.children:
                    stack.append((child, self.createIndex(child.row, 0, child)))

    def element(self, index: ModelIndex) -> Element | None:
        node = self._node(index)
        if node is None or node.element_id is None or self._doc is None:
            return None
        return self._doc.case.by_id.get(node.element_id)

    def _node(self, index: ModelIndex) -> _Node | None:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    def _children(self, node: _Node) -> list[_Node]:
        if node.children is not None:
            return node.children
        doc = self._doc
        visible = self._visible
        kids: list[_Node] = []
        if doc is not None and not node.cycle:
            if node.element_id is None:
                if self._roots is None:
                    self._roots = [e.id for e in doc.case.roots()]
                roots = self._roots
                for element_id in roots if visible is None else filter(visible.__contains__, roots):
                    kids.append(_Node(element_id, node, len(kids), None))
            else:
                element = doc.case.by_id.get(node.element_id)
                if element is not None:
                    above = node.ancestors() | {element.id}
                    links = [("in_context_of", i) for i in element.in_context_of]
                    links += [("supported_by", i) for i in element.supported_by]
                    for link, child_id in links:
                        if visible is not None and child_id not in visible:
                            continue
                        child = _Node(child_id, node, len(kids), link)
                        child.cycle = child_id in above
                        kids.append(child)
        rows_of = self._rows_of
        for kid in kids:
            if kid.element_id is not None:
                rows_of.setdefault(kid.element_id, []).append(kid)
        node.children = kids
        return kids

    def index_for_path(self, path: tuple[str, ...]) -> QModelIndex:
        """The row reached by following element ids from a root (invalid if there is none)."""
        node = self._root
        index = QModelIndex()
        for element_id in path:
            match = next((c for c in self._children(node) if c.element_id == element_id), None)
            if match is None:
                return QModelIndex()
            node = match
            index = self.createIndex(node.row, 0, node)
        return index

    def path_of(self, index: ModelIndex) -> tuple[str, ...]:
        node = self._node(index)
        return () if node is None else node.path()

    def first_path_to(self, element_id: str) -> tuple[str, ...]:
        """A path from a root to the element, following the first parent each time."""
        doc = self._doc
        if doc is None or element_id not in doc.case.by_id:
            return ()
        parents = doc.case.parents
        path = [element_id]
        seen = {element_id}
        current = element_id
        while parents[current]:
            up = next((p for p in parents[current] if p not in seen), None)
            if up is None:
                break
            path.append(up)
            seen.add(up)
            current = up
        return tuple(reversed(path))

    # -------------------------------------------------------------- structure
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """QAbstractItemModel.index."""
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if node is None:
            return QModelIndex()
        kids = self._children(node)
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """QAbstractItemModel.parent."""
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """QAbstractItemModel.rowCount."""
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return 0 if node is None else len(self._children(node))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """QAbstractItemModel.columnCount."""
        return len(COLUMNS)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        """QAbstractItemModel.hasChildren (answered without building the children)."""
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node is None:
            return False
        if node.children is not None:
            return bool(node.children)
        if node.element_id is None:
            return self._doc is not None and bool(self._doc.case.elements)
        if node.cycle or self._doc is None:
            return False
        element = self._doc.case.by_id.get(node.element_id)
        if element is None:
            return False
        visible = self._visible
        return (
            any(i in visible for i in element.links) if visible is not None else bool(element.links)
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """QAbstractItemModel.headerData."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """QAbstractItemModel.data."""
        if not index.isValid():
            return None
        node = self._node(index)
        if node is None or node.element_id is None or self._doc is None:
            return None
        element = self._doc.case.by_id.get(node.element_id)
        if element is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == 0:
            return element.text
        if role == ELEMENT_ID_ROLE:
            return element.id
        if role == LINK_ROLE:
            return node.link
        if role == BADGES_ROLE:
            return self._badges(element.id).labels()
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(element, self._badges(element.id), node.cycle)
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                text = " ".join(element.text.split())
                suffix = "  ↻ (cycle)" if node.cycle else ""
                return f"{element.id}  {text}{suffix}"
            if role == Qt.ItemDataRole.DecorationRole:
                return type_icon(element.type)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{TYPE_NAMES[element.type]} {element.id}: {element.text}"
        elif column == 1 and role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(text for text, _ in self._badges(element.id).labels())
        return None

    # ----------------------------------------------------------- drag & drop
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """QAbstractItemModel.flags: elements drag; goals and strategies accept drops."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        element = self.element(index)
        if self.read_only or element is None:
            return flags
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        node = self._node(index)
        if node is not None and not node.cycle:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            if element.type in ARGUING:
                flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """QAbstractItemModel.setData: text typed over a row asks for the edit; the row
        follows the store (False: nothing is changed here)."""
        element = self.element(index)
        if role != Qt.ItemDataRole.EditRole or element is None or self.read_only:
            return False
        text = str(value)
        if text.strip() and text != element.text and self.text_requested is not None:
            requested = self.text_requested
            QTimer.singleShot(0, lambda: requested(element.id, text))
        return False

    def supportedDropActions(self) -> Qt.DropAction:
        """QAbstractItemModel.supportedDropActions."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """QAbstractItemModel.supportedDragActions."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """QAbstractItemModel.mimeTypes."""
        return [MIME_ELEMENT]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        """QAbstractItemModel.mimeData: the id of the element dragged."""
        mime = QMimeData()
        for index in indexes:
            element = self.element(index)
            if element is not None:
                mime.setData(MIME_ELEMENT, element.id.encode())
                mime.setText(element.id)
                break
        return mime

    def _drop_target(self, data: QMimeData, parent: ModelIndex) -> tuple[Element, Element] | None:
        if self.read_only or self._doc is None or not data.hasFormat(MIME_ELEMENT):
            return None
        moved = self._doc.case.by_id.get(bytes(data.data(MIME_ELEMENT).data()).decode())
        target = self.element(parent)
        if moved is None or target is None or not may_sit_under(target.type, moved.type):
            return None
        if moved.id == target.id or moved.id in self._node(parent).path()[:-1]:  # type: ignore[union-attr]
            return None
        return moved, target

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        """QAbstractItemModel.canDropMimeData: only onto a goal or strategy, never a cycle."""
        return action == Qt.DropAction.MoveAction and self._drop_target(data, parent) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        """QAbstractItemModel.dropMimeData: asks for the move; the rows follow the store.

        Returns False so that the view removes nothing itself: the moved element reappears
        under its new parent when the document is re-read after the write.
        """
        found = self._drop_target(data, parent) if action == Qt.DropAction.MoveAction else None
        if found is None or self.move_requested is None:
            return False
        moved, target = found
        if row < 0:
            index = -1
        elif moved.type in CONTEXTUAL:
            index = min(row, len(target.in_context_of))
        else:
            index = max(0, row - len(target.in_context_of))
        requested = self.move_requested
        QTimer.singleShot(0, lambda: requested(moved.id, target.id, index))
        return False


def _tooltip(element: Element, badges: Badges, cycle: bool) -> str:
    lines = [f"{TYPE_NAMES[element.type]} {element.id} (module {element.module})", element.text]
    if element.addresses:
        lines.append("Claims: " + ", ".join(element.addresses))
    if element.evidence:
        lines.append("Cites: " + ", ".join(element.evidence))
    status = ", ".join(text for text, _ in badges.labels())
    if status:
        lines.append("Status: " + status)
    if cycle:
        lines.append("This link closes a cycle back to an element above it.")
    return "\n".join(lines)


class OutlineFilter(QIdentityProxyModel):
    """The outline as the tree shows it; the filtering itself happens in the outline model
    (a recursive filter proxy would build every row of a big case on each keystroke)."""

    @property
    def active(self) -> bool:
        source = self.sourceModel()
        return isinstance(source, OutlineModel) and source.filtered

    def set_matches(self, matches: set[str] | None) -> None:
        source = self.sourceModel()
        if isinstance(source, OutlineModel):
            source.set_matches(matches)


BADGE_COLOURS = {
    **SEVERITY_COLOUR,
    "challenge": CHALLENGE_COLOUR,
    "undeveloped": UNDEVELOPED_COLOUR,
}


class BadgeDelegate(QStyledItemDelegate):
    """Draws the status column as small coloured pills."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """QStyledItemDelegate.initStyleOption: the cell without its text (the pills are it)."""
        super().initStyleOption(option, index)
        option.text = ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """QStyledItemDelegate.paint: the cell's background and selection, then the pills."""
        super().paint(painter, option, index)
        labels = index.data(BADGES_ROLE) or []
        if not labels:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = option.font
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = option.rect.left() + 3
        height = min(option.rect.height() - 4, metrics.height() + 2)
        y = option.rect.top() + (option.rect.height() - height) // 2
        for text, key in labels:
            width = metrics.horizontalAdvance(text) + 10
            if x + width > option.rect.right():
                break
            colour = QColor(BADGE_COLOURS.get(key, UNDEVELOPED_COLOUR))
            pill = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(pill, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        """QStyledItemDelegate.sizeHint."""
        hint = super().sizeHint(option, index)
        labels = index.data(BADGES_ROLE) or []
        metrics = QFontMetrics(option.font)
        width = sum(metrics.horizontalAdvance(t) + 14 for t, _ in labels) + 6
        return QSize(max(hint.width(), width), hint.height())


class OutlinePanel(QWidget):
    """Search box over the tree of elements; emits the element the user selects."""

    elementSelected = Signal(str)
    elementActivated = Signal(str)
    #: Text typed over a row (F2): element id, text.
    textEdited = Signal(str, str)
    #: What the filter matches (a set of element ids), or None when the filter is cleared.
    matchesChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.model = OutlineModel(self)
        self.model.text_requested = self.textEdited.emit
        self.proxy = OutlineFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Filter elements and evidence (Ctrl+F)…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Filter the outline")
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(False)
        self.tree.setAccessibleName("Argument outline")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        # F2 edits a row's text (a double-click opens the element in the editor).
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setItemDelegateForColumn(1, BadgeDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 96)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.tree)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)
        self.model.move_requested = self._move
        self._selecting = False
        self._unfiltered_expanded: list[tuple[str, ...]] = []
        self._search_generation = 0
        self._menu_actions: list[QAction | None] = []
        self._search_task: TaskHandle | None = None
        self._expand_queue: list[QPersistentModelIndex] = []
        self._expand_timer = QTimer(self)
        self._expand_timer.setSingleShot(True)
        self._expand_timer.setInterval(0)
        self._expand_timer.timeout.connect(self._expand_some)
        self.model.modelAboutToBeReset.connect(self._stop_expanding)

    def focus(self) -> None:
        """Keyboard focus to the tree."""
        self.tree.setFocus()

    def focus_search(self) -> None:
        """Keyboard focus to the filter box, its text selected (Ctrl+F)."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    def add_context_actions(self, actions: Iterable[QAction | None]) -> None:
        """The tree's context menu: these actions (None: a separator); their keys work in
        the tree."""
        chosen = list(actions)
        self.tree.addActions([a for a in chosen if a is not None])
        self._menu_actions = chosen
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.tree)
        for action in self._menu_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # --------------------------------------------------------------- session
    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.model.read_only = session is None or session.read_only
        self.tree.setDragEnabled(not self.model.read_only)
        self.tree.setAcceptDrops(not self.model.read_only)
        self.reload()

    def reload(self) -> None:
        """Rebuild from the session's document, keeping expanded rows and the selection."""
        session = self.session
        expanded = self._expanded_paths()
        current = self.proxy.mapToSource(self.tree.currentIndex())
        current_path = self.model.path_of(current) if current.isValid() else ()
        first_load = self.model.rowCount() == 0
        badges = session.badges_of if session else (lambda _id: NO_BADGES)
        self.model.set_document(session.document if session else None, badges)
        if self.proxy.active:
            self.apply_filter()
        if first_load:
            self._expand_initial()
        else:
            self._restore_expanded(expanded)
        if current_path:
            self._select_source(self.model.index_for_path(current_path), emit=False)

    def apply_changes(self, changes: Changes) -> None:
        """Follow a write: rebuild when the argument's shape changed, else repaint the rows of
        the elements named (a text edit resets nothing, whatever the size of the case)."""
        session = self.session
        if session is None:
            return
        if changes.structure or changes.everything:
            self.reload()
            return
        edited = changes.ids("element")
        self.model.update_elements(session.document, edited)
        if changes.touches("challenge", "session"):
            self.refresh_badges()
        if edited and self.proxy.active:
            self._search_timer.start()  # the edited text may match the filter now, or not

    def refresh_badges(self, changed: Iterable[str] | None = None) -> None:
        """Repaint the badges of the ``changed`` elements' rows (None: of every row)."""
        if self.session is not None:
            self.model.refresh_badges(self.session.badges_of, changed)

    def _restore_expanded(self, paths: list[tuple[str, ...]]) -> None:
        for path in sorted(paths, key=len):
            index = self.model.index_for_path(path)
            if index.isValid():
                self.tree.expand(self.proxy.mapFromSource(index))

    def _expand_initial(self) -> None:
        count = len(self.session.document.case.elements) if self.session else 0
        self.tree.expandToDepth(7 if count <= 300 else 1)

    def _expanded_paths(self) -> list[tuple[str, ...]]:
        paths: list[tuple[str, ...]] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    paths.append(self.model.path_of(self.proxy.mapToSource(index)))
                    stack.append(index)
        return paths

    # ------------------------------------------------------------- selection
    def current_element_id(self) -> str | None:
        value = self.tree.currentIndex().data(ELEMENT_ID_ROLE)
        return value if isinstance(value, str) else None

    def select_element(self, element_id: str) -> bool:
        """Select (and reveal) the first row showing this element; True when found."""
        current = self.current_element_id()
        if current == element_id:
            return True
        path = self.model.first_path_to(element_id)
        if not path:
            return False
        index = self.model.index_for_path(path)
        if not index.isValid() and self.model.filtered:  # filtered out: show everything again
            self.search_box.clear()
            self.apply_filter()
            index = self.model.index_for_path(path)
        if not index.isValid():
            return False
        self._select_source(index, emit=False)
        return True

    def clear_selection(self) -> None:
        """No row selected (the element shown is gone)."""
        self._selecting = True
        try:
            self.tree.selectionModel().clear()
        finally:
            self._selecting = False

    def _select_source(self, source: QModelIndex, *, emit: bool) -> None:
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self._selecting = not emit
        try:
            self.tree.setCurrentIndex(index)
        finally:
            self._selecting = False
        self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        element_id = current.data(ELEMENT_ID_ROLE)
        if isinstance(element_id, str) and not self._selecting:
            self.elementSelected.emit(element_id)

    def _activated(self, index: QModelIndex) -> None:
        element_id = index.data(ELEMENT_ID_ROLE)
        if isinstance(element_id, str):
            self.elementActivated.emit(element_id)

    # ---------------------------------------------------------------- search
    def apply_filter(self) -> None:
        """Filter with the store's full-text search (element text, ids, evidence titles)."""
        self._search_timer.stop()
        text = self.search_box.text().strip()
        session = self.session
        if not text or session is None:
            self._search_generation += 1  # a search still running is no longer wanted
            if self._search_task is not None:
                self._search_task.cancel()
                self._search_task = None
            if self.model.filtered:
                current = self.current_element_id()
                self.model.set_matches(None)
                self.matchesChanged.emit(None)
                self._restore_expanded(self._unfiltered_expanded)
                if current is not None:
                    self.select_element(current)
            return
        self._search_generation += 1
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        doc = session.document
        if len(doc.case.elements) > BACKGROUND_ELEMENTS:
            # A big case is searched on a worker: typing never waits for the full-text index.
            generation = self._search_generation
            path = session.path
            self._search_task = run_task(
                lambda _context: elements_found_elsewhere(path, doc, text),
                lambda matches: self._found(generation, matches),
                lambda exc: self._search_failed(generation, exc),
            )
            return
        try:
            hits = search(session.workspace, text)
        except WorkbenchError as exc:
            session.errorRaised.emit(str(exc))
            return
        self._show_matches(elements_matching(doc, hits))

    def _found(self, generation: int, matches: set[str]) -> None:
        if generation == self._search_generation and self.session is not None:
            self._search_task = None
            self._show_matches(matches)

    def _search_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._search_generation:
            return
        self._search_task = None
        if not isinstance(exc, WorkbenchError):
            raise exc
        if self.session is not None:
            self.session.errorRaised.emit(str(exc))

    @property
    def searching(self) -> bool:
        """True while a big case's filter is being worked out in the background."""
        return self._search_task is not None

    def _show_matches(self, matches: set[str]) -> None:
        if not self.model.filtered:
            self._unfiltered_expanded = self._expanded_paths()
        self.model.set_matches(matches)
        self.matchesChanged.emit(set(matches))
        if len(matches) > EXPAND_ALL_MATCHES:
            self.tree.expandToDepth(1)
        elif self.session is not None and len(self.session.document.case.elements) > (
            BACKGROUND_ELEMENTS
        ):
            self._expand_queue = [QPersistentModelIndex()]
            self._expand_timer.start()
        else:
            self.tree.expandAll()

    def _expand_some(self) -> None:
        """Expand the filtered tree of a big case a few rows per turn of the event loop, so
        that showing hundreds of matches never holds up typing."""
        budget = EXPAND_PER_TURN
        queue = self._expand_queue
        while queue and budget > 0:
            parent = queue.pop(0)
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if self.proxy.hasChildren(index):
                    self.tree.expand(index)
                    queue.append(QPersistentModelIndex(index))
                    budget -= 1
        if queue:
            self._expand_timer.start()

    def _stop_expanding(self) -> None:
        self._expand_timer.stop()
        self._expand_queue = []

    # ------------------------------------------------------------------ moves
    def _move(self, element_id: str, new_parent: str, index: int) -> None:
        if self.session is None:
            return
        position = None if index < 0 else index
        self.session.edit(lambda doc: move_element(doc, element_id, new_parent, position))
