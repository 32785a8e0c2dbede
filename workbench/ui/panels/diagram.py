"""GSN diagram: the shared layered layout drawn with standard GSN shapes; zoom, pan, select."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.app.operations import Changes
from workbench.diagram.layout import (
    DiagramLayout,
    EdgeRoute,
    LayoutOptions,
    NodeBox,
    layout_case,
    relabel,
)
from workbench.domain import CaseDocument, ElementType, WorkbenchError
from workbench.ui.session.case import COLLECTOR, Badges, CaseSession
from workbench.ui.session.release import release
from workbench.ui.session.tasks import TaskContext, TaskHandle, run_task
from workbench.ui.widgets.gsnshapes import (
    BAND,
    CHALLENGE_COLOUR,
    FILL,
    OUTLINE,
    SELECTED,
    SEVERITY_COLOUR,
    TYPE_NAMES,
    marker_letter,
    shape_path,
    undeveloped_diamond,
)

log = logging.getLogger("workbench.ui.panels.diagram")

#: Diagram text size in scene units (pixels at 100 % zoom).
FONT_PIXELS = 11
#: Layouts of more elements than this are computed on a worker thread.
BACKGROUND_ELEMENTS = 1500
#: Delay before a background layout starts (ms), so opening a big case paints first.
BACKGROUND_START_MS = 300
CELL = 512.0
MIN_ZOOM, MAX_ZOOM = 0.02, 6.0
SQRT2 = math.sqrt(2.0)


def diagram_font(bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(FONT_PIXELS)
    font.setBold(bold)
    return font


def diagram_options() -> LayoutOptions:
    """Layout sizes for the screen, measuring text with the font the diagram draws in.

    Call it on the thread that lays out: font metrics are made per thread.
    """
    metrics = QFontMetricsF(diagram_font())
    return LayoutOptions(
        node_width=200.0,
        context_width=165.0,
        solution_diameter=100.0,
        font_size=float(FONT_PIXELS),
        line_height=metrics.height() + 1,
        padding=8.0,
        h_gap=22.0,
        v_gap=52.0,
        context_gap=18.0,
        strategy_slant=12.0,
        max_lines=8,
        measure=metrics.horizontalAdvance,
    )


Cells = dict[tuple[int, int], list[int]]
CellIndex = tuple[Cells, Cells]


def index_cells(layout: DiagramLayout) -> CellIndex:
    """The nodes and the edges in each cell of a grid over the drawing (pure: a worker thread
    builds it with the layout, so that showing a big diagram does not wait for it)."""
    node_cells: Cells = {}
    edge_cells: Cells = {}
    for i, node in enumerate(layout.nodes):
        for cell in _cells(node.x, node.y, node.right, node.bottom + 16):
            node_cells.setdefault(cell, []).append(i)
    for i, edge in enumerate(layout.edges):
        for cell in _cells(*_extent(edge)):
            edge_cells.setdefault(cell, []).append(i)
    return node_cells, edge_cells


def _extent(edge: EdgeRoute) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of a link's polyline."""
    xs = [p[0] for p in edge.points]
    ys = [p[1] for p in edge.points]
    return min(xs), min(ys), max(xs), max(ys)


def _file(cells: Cells, cell: tuple[int, int], index: int) -> None:
    """Put an item under a cell of the grid (once)."""
    bucket = cells.setdefault(cell, [])
    if index not in bucket:
        bucket.append(index)


class DiagramItem(QGraphicsItem):
    """The whole diagram as one item that paints only what is exposed.

    One item instead of one per element keeps a case of thousands of elements cheap to
    build and to scroll; a grid of cells finds the nodes and edges in a rectangle.
    """

    def __init__(
        self,
        layout: DiagramLayout,
        badges: Callable[[str], Badges],
        cells: CellIndex | None = None,
    ) -> None:
        super().__init__()
        self.layout = layout
        self.badges = badges
        self.selected: str | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._bounds = QRectF(-20, -20, layout.width + 40, layout.height + 40)
        self._node_cells, self._edge_cells = cells or index_cells(layout)
        self._font = diagram_font()
        self._bold = diagram_font(bold=True)
        self._small = QFont(self._bold)
        self._small.setPixelSize(FONT_PIXELS - 2)
        self._ascent = QFontMetricsF(self._font).ascent()

    def relabel(self, layout: DiagramLayout, element_ids: Iterable[str]) -> None:
        """Boxes re-wrapped (and, beside an owner, restacked) by ``relabel`` of the layout:
        file the boxes and links that moved under their new cells and repaint only them."""
        old = self.layout
        self.layout = layout
        candidates: set[str] = set()
        for element_id in element_ids:
            node = old.by_id.get(element_id)
            if node is not None:
                owner = node.owner or node.id
                candidates.update((element_id, owner, *layout.contexts_of.get(owner, ())))
        edges: set[int] = set()
        for element_id in candidates:
            before, after = old.by_id.get(element_id), layout.by_id.get(element_id)
            if before is None or after is None or before is after:
                continue
            self._repaint_box(before)
            self._repaint_box(after)
            if (before.y, before.h) != (after.y, after.h):
                for cell in _cells(after.x, after.y, after.right, after.bottom + 16):
                    _file(self._node_cells, cell, layout.position[element_id])
                edges.update(layout.incident.get(element_id, ()))
        for i in edges:
            for edge in (old.edges[i], layout.edges[i]):
                left, top, right, bottom = _extent(edge)
                self.update(QRectF(left - 8, top - 8, right - left + 16, bottom - top + 16))
            for cell in _cells(*_extent(layout.edges[i])):
                _file(self._edge_cells, cell, i)

    def _repaint_box(self, node: NodeBox) -> None:
        self.update(QRectF(node.x - 4, node.y - 4, node.w + 8, node.h + 24))

    @property
    def cells(self) -> CellIndex:
        """The grid of cells over the drawing: node and edge places per cell."""
        return self._node_cells, self._edge_cells

    def boundingRect(self) -> QRectF:
        """QGraphicsItem.boundingRect."""
        return self._bounds

    def nodes_in(self, rect: QRectF) -> list[NodeBox]:
        found: set[int] = set()
        for cell in _cells(rect.left(), rect.top(), rect.right(), rect.bottom()):
            found.update(self._node_cells.get(cell, ()))
        nodes = self.layout.nodes
        return [nodes[i] for i in sorted(found)]

    def node_at(self, point: QPointF) -> NodeBox | None:
        for node in self.nodes_in(QRectF(point.x() - 1, point.y() - 1, 2, 2)):
            if node.x <= point.x() <= node.right and node.y <= point.y() <= node.bottom:
                return node
        return None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """QGraphicsItem.paint: edges, then shapes, text and badges in the exposed area."""
        exposed = option.exposedRect
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.2)
        edge_ids: set[int] = set()
        for cell in _cells(exposed.left(), exposed.top(), exposed.right(), exposed.bottom()):
            edge_ids.update(self._edge_cells.get(cell, ()))
        edge_pen = QPen(OUTLINE, 1.2)
        painter.setPen(edge_pen)
        for i in sorted(edge_ids):
            edge = self.layout.edges[i]
            points = [QPointF(x, y) for x, y in edge.points]
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(points)
            if lod > 0.15 and len(points) >= 2:
                hollow = edge.kind == "in_context_of"
                painter.setBrush(QBrush(QColor("white") if hollow else OUTLINE))
                painter.drawPolygon(_arrow_head(points[-2], points[-1], 8.0))
        for node in self.nodes_in(exposed):
            self._paint_node(painter, node, lod)

    def _paint_node(self, painter: QPainter, node: NodeBox, lod: float) -> None:
        rect = QRectF(node.x, node.y, node.w, node.h)
        selected = node.id == self.selected
        badges = self.badges(node.id)
        pen = QPen(SELECTED if selected else OUTLINE, 3.0 if selected else 1.3)
        if badges.worst == "blocker" and not selected:
            pen = QPen(SEVERITY_COLOUR["blocker"], 2.0)
        painter.setPen(pen)
        painter.setBrush(QBrush(FILL[node.type]))
        if lod < 0.12:
            painter.drawRect(rect)
            return
        slant = self.layout.options.strategy_slant
        painter.drawPath(shape_path(node.type, rect, slant))
        if node.type == ElementType.away_goal:
            band_h = self.layout.options.line_height + self.layout.options.padding
            band = QRectF(rect.left(), rect.bottom() - band_h, rect.width(), band_h)
            painter.setBrush(QBrush(BAND))
            painter.drawRect(band)
            if lod >= 0.4:
                painter.setFont(self._small)
                painter.setPen(QPen(OUTLINE))
                painter.drawText(
                    band.adjusted(4, 0, -4, 0),
                    Qt.AlignmentFlag.AlignCenter,
                    f"module {node.band or ''}",
                )
        if node.undeveloped:
            painter.setPen(QPen(OUTLINE, 1.3))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawPolygon(undeveloped_diamond(node.cx, node.bottom + 2, 14.0))
        letter = marker_letter(node.type)
        if letter and lod >= 0.4:
            painter.setFont(self._bold)
            painter.setPen(QPen(OUTLINE))
            painter.drawText(QPointF(node.right - 6, node.bottom + 4), letter)
        if lod >= 0.4:
            self._paint_text(painter, node)
        self._paint_badges(painter, node, badges)

    def _paint_text(self, painter: QPainter, node: NodeBox) -> None:
        options = self.layout.options
        lh, pad = options.line_height, options.padding
        count = len(node.lines) + 1
        kind = node.type
        if kind == ElementType.solution:
            width = node.w * 0.72
            left = node.cx - width / 2
            top = node.cy - count * lh / 2
        elif kind in (ElementType.assumption, ElementType.justification):
            width = node.w / SQRT2 - 2
            left = node.cx - width / 2
            top = node.cy - count * lh / 2
        elif kind == ElementType.context:
            width = node.w - 2 * pad - 4
            left = node.x + pad + 2
            top = node.y + pad
        elif kind == ElementType.strategy:
            width = node.w - 2 * pad - 2 * options.strategy_slant
            left = node.x + pad + options.strategy_slant
            top = node.y + pad
        else:
            width = node.w - 2 * pad
            left = node.x + pad
            top = node.y + pad
        painter.setPen(QPen(QColor("#111111")))
        painter.setFont(self._bold)
        align = (
            Qt.AlignmentFlag.AlignHCenter
            if kind in (ElementType.solution, ElementType.assumption, ElementType.justification)
            else Qt.AlignmentFlag.AlignLeft
        )
        painter.drawText(QRectF(left, top, width, lh), align | Qt.AlignmentFlag.AlignTop, node.id)
        painter.setFont(self._font)
        for k, line in enumerate(node.lines, start=1):
            painter.drawText(
                QRectF(left, top + k * lh, width, lh), align | Qt.AlignmentFlag.AlignTop, line
            )

    def _paint_badges(self, painter: QPainter, node: NodeBox, badges: Badges) -> None:
        marks: list[tuple[QColor, str]] = []
        if badges.worst:
            marks.append((SEVERITY_COLOUR[badges.worst], str(badges.failing)))
        if badges.open_challenges:
            marks.append((CHALLENGE_COLOUR, "?"))
        x = node.right - 4
        for colour, text in marks:
            circle = QRectF(x - 9, node.y - 9, 18, 18)
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(circle)
            painter.setFont(self._small)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
            x -= 20


def _cells(left: float, top: float, right: float, bottom: float) -> Iterator[tuple[int, int]]:
    for cx in range(int(left // CELL), int(right // CELL) + 1):
        for cy in range(int(top // CELL), int(bottom // CELL) + 1):
            yield cx, cy


def _arrow_head(start: QPointF, end: QPointF, size: float) -> QPolygonF:
    angle = math.atan2(end.y() - start.y(), end.x() - start.x())
    spread = math.radians(24)
    left = QPointF(
        end.x() - size * math.cos(angle - spread), end.y() - size * math.sin(angle - spread)
    )
    right = QPointF(
        end.x() - size * math.cos(angle + spread), end.y() - size * math.sin(angle + spread)
    )
    return QPolygonF([end, left, right, end])


class DiagramView(QGraphicsView):
    """Zoom with Ctrl+wheel or Ctrl +/-, pan by dragging, click to select an element."""

    elementClicked = Signal(str)
    elementActivated = Signal(str)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QBrush(QColor("#fbfbfd")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("GSN diagram")
        self.item: DiagramItem | None = None
        self._press: QPoint | None = None

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_item(self, item: DiagramItem | None, message: str = "") -> None:
        """Show a laid-out diagram (or a message), keeping the viewed centre where it was."""
        centre = self.mapToScene(self.viewport().rect().center())
        first = self.item is None
        if self.item is not None:
            # Freed a slice at a time: a big layout would take 0.2-0.5 s to free at once.
            release().bury(self.item.layout, *self.item.cells)
        scene = self.scene()
        scene.clear()
        self.item = item
        if item is None:
            text = scene.addText(message)
            text.setDefaultTextColor(QColor("#555555"))
            scene.setSceneRect(text.boundingRect().adjusted(-20, -20, 20, 20))
            return
        scene.addItem(item)
        scene.setSceneRect(item.boundingRect().adjusted(-40, -40, 40, 40))
        if first:
            top = item.layout.nodes[0] if item.layout.nodes else None
            if top is not None:
                self.centerOn(top.cx, top.y + self.viewport().height() / (2 * self.zoom) - 30)
        else:
            self.centerOn(centre)

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.setTransform(self.transform().fromScale(factor, factor))
        self.zoomChanged.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom * step)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def zoom_fit(self) -> None:
        if self.item is None:
            return
        rect = self.item.boundingRect()
        view = self.viewport().rect()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        self.set_zoom(min(view.width() / rect.width(), view.height() / rect.height()) * 0.95)
        self.centerOn(rect.center())

    def show_element(self, element_id: str | None) -> bool:
        """Highlight an element and scroll to it; False when it is not in this diagram."""
        item = self.item
        if item is None:
            return False
        item.selected = element_id
        item.update()
        node = item.layout.by_id.get(element_id) if element_id else None
        if node is None:
            return False
        self.ensureVisible(QRectF(node.x, node.y, node.w, node.h), 60, 60)
        return True

    # --------------------------------------------------------------- events
    def wheelEvent(self, event: QWheelEvent) -> None:
        """QGraphicsView.wheelEvent: Ctrl+wheel zooms around the pointer."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        """QGraphicsView.keyPressEvent: Ctrl +/- and Ctrl 0 zoom when the diagram has focus."""
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mousePressEvent: remember where a click may start."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mouseReleaseEvent: a press and release in place selects a node."""
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - press).manhattanLength() > 4:
            return  # that was a pan
        node = self.node_at(event.position().toPoint())
        if node is not None:
            self.elementClicked.emit(node.id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mouseDoubleClickEvent: opens the element in the editor."""
        node = self.node_at(event.position().toPoint())
        if node is not None:
            self.elementActivated.emit(node.id)
            return
        super().mouseDoubleClickEvent(event)

    def node_at(self, pos: QPoint) -> NodeBox | None:
        if self.item is None:
            return None
        return self.item.node_at(self.mapToScene(pos))

    def viewportEvent(self, event: QEvent) -> bool:
        """QGraphicsView.viewportEvent: element text as a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            node = self.node_at(event.pos())
            if node is not None:
                text = f"{TYPE_NAMES[node.type]} {node.id}\n" + " ".join(node.lines)
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


class DiagramPanel(QWidget):
    """Module chooser and zoom controls above the diagram view."""

    elementSelected = Signal(str)
    elementActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.view = DiagramView(self)
        self.module_box = QComboBox(self)
        self.module_box.setAccessibleName("Module shown in the diagram")
        self.zoom_label = QLabel("100 %", self)
        self.zoom_label.setMinimumWidth(48)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel("Module:", self))
        bar.addWidget(self.module_box)
        bar.addStretch(1)
        for text, tip, slot in (
            ("−", "Zoom out (Ctrl+-)", self.view.zoom_out),
            ("+", "Zoom in (Ctrl++)", self.view.zoom_in),
            ("1:1", "Actual size (Ctrl+0)", self.view.zoom_reset),
            ("Fit", "Fit the whole diagram", self.view.zoom_fit),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addWidget(self.zoom_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.view.zoomChanged.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        self.view.elementClicked.connect(self._clicked)
        self.view.elementActivated.connect(self.elementActivated)
        self.module_box.currentIndexChanged.connect(lambda _i: self.reload())
        self._task: TaskHandle | None = None
        self._pending = False
        self._layout_generation = 0
        self._selected: str | None = None
        self._module_ids: tuple[str, ...] = ()

    def focus(self) -> None:
        """Keyboard focus to the diagram (arrows scroll, +/- zoom)."""
        self.view.setFocus()

    def zoom_in(self) -> None:
        self.view.zoom_in()

    def zoom_out(self) -> None:
        self.view.zoom_out()

    def zoom_reset(self) -> None:
        self.view.zoom_reset()

    def zoom_fit(self) -> None:
        self.view.zoom_fit()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.view.item = None
        self._module_ids = ()
        self.reload()

    @property
    def module(self) -> str | None:
        data = self.module_box.currentData()
        return data if isinstance(data, str) else None

    def _sync_modules(self, doc: CaseDocument) -> None:
        ids = tuple(m.id for m in doc.case.modules)
        if ids == self._module_ids:
            return
        self._module_ids = ids
        keep = self.module
        self.module_box.blockSignals(True)
        self.module_box.clear()
        self.module_box.addItem("All modules", None)
        for m in doc.case.modules:
            self.module_box.addItem(f"{m.id} — {m.title}" if m.title else m.id, m.id)
        index = self.module_box.findData(keep) if keep else 0
        self.module_box.setCurrentIndex(max(0, index))
        self.module_box.blockSignals(False)

    def reload(self) -> None:
        """Lay the document out again (on a worker thread for big cases) and redraw."""
        session = self.session
        self._layout_generation += 1
        generation = self._layout_generation
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._pending = False
        if session is None:
            self.view.set_item(None, "No store open")
            return
        doc = session.document
        self._sync_modules(doc)
        module = self.module
        if module is not None and module not in {m.id for m in doc.case.modules}:
            module = None

        def work(_context: TaskContext | None = None) -> tuple[DiagramLayout, CellIndex]:
            layout = layout_case(doc.case, module=module, options=diagram_options())
            layout.warm()  # the look-ups are built here, not when the first edit needs them
            return layout, index_cells(layout)

        if not doc.case.elements:
            self.view.set_item(None, "No elements yet: add a goal with Edit ▸ Add ▸ Goal")
            return
        if len(doc.case.elements) <= BACKGROUND_ELEMENTS:
            try:
                self._show_layout(generation, work())
            except WorkbenchError as exc:
                self.view.set_item(None, str(exc))
            return
        if self.view.item is None:
            self.view.set_item(None, f"Laying out {len(doc.case.elements):,} elements…")

        def start() -> None:
            if generation == self._layout_generation:
                # As for a check: collections the layout's allocations trigger on the worker
                # would hold the GIL for tens of ms each, stalling the GUI thread.
                COLLECTOR.hold()
                self._task = run_task(work, laid_out, failed)

        def laid_out(result: tuple[DiagramLayout, CellIndex]) -> None:
            COLLECTOR.release()
            self._show_layout(generation, result)

        def failed(exc: Exception) -> None:
            COLLECTOR.release()
            self._layout_failed(generation, exc)

        # Started once the window is up: the worker holds the GIL much of the time it runs.
        self._pending = True
        QTimer.singleShot(BACKGROUND_START_MS, self, start)

    def _show_layout(self, generation: int, laid_out: tuple[DiagramLayout, CellIndex]) -> None:
        if generation != self._layout_generation or self.session is None:
            return
        self._task = None
        self._pending = False
        layout, cells = laid_out
        item = DiagramItem(layout, self.session.badges_of, cells)
        item.selected = self._selected
        self.view.set_item(item)

    def _layout_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._layout_generation:
            return
        self._task = None
        self._pending = False
        if isinstance(exc, WorkbenchError):
            self.view.set_item(None, str(exc))
            return
        raise exc

    def apply_changes(self, changes: Changes) -> None:
        """Follow a write: lay out again only when the argument's shape changed; a text edit
        re-wraps the boxes named and repaints them (a new layout when a box must grow)."""
        session = self.session
        item = self.view.item
        if session is None:
            return
        if changes.structure or changes.everything or self._pending or item is None:
            self.reload()
            return
        by_id = session.document.case.by_id
        edited = [by_id[i] for i in changes.ids("element") if i in by_id]
        if not edited:
            return
        layout = relabel(item.layout, edited)
        if layout is None:
            self.reload()
            return
        if layout is not item.layout:
            item.relabel(layout, [e.id for e in edited])

    @property
    def ready(self) -> bool:
        """False while a layout is being computed in the background."""
        return not self._pending

    def refresh_badges(self) -> None:
        if self.view.item is not None and self.session is not None:
            self.view.item.badges = self.session.badges_of
            self.view.item.update()

    def select_element(self, element_id: str | None) -> None:
        self._selected = element_id
        if self.view.show_element(element_id) or element_id is None or self.session is None:
            return
        element = self.session.document.case.by_id.get(element_id)
        if element is not None and self.module is not None and element.module != self.module:
            self.module_box.setCurrentIndex(max(0, self.module_box.findData(element.module)))

    def _clicked(self, element_id: str) -> None:
        self._selected = element_id
        self.view.show_element(element_id)
        self.elementSelected.emit(element_id)
