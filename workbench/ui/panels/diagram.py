"""GSN diagram: the shared layered layout drawn with standard GSN shapes; the canvas selects,
edits text in place, links and moves by drag, fits legibly and shows a minimap."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QRubberBand,
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
from workbench.domain import COUNTER, CaseDocument, ElementType, WorkbenchError
from workbench.domain.case import SHAPE
from workbench.ui.session.case import COLLECTOR, Badges, CaseSession
from workbench.ui.session.release import release
from workbench.ui.session.tasks import TaskContext, TaskHandle, run_task
from workbench.ui.widgets.gsnshapes import (
    BAND,
    CHALLENGE_COLOUR,
    COUNTER_LINE,
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
#: The smallest zoom Fit uses: element text is drawn from 40 % (``lod >= 0.4``) and read
#: from about this; a bigger diagram is shown from its top at this zoom, to be panned.
LEGIBLE_ZOOM = 0.65
#: Fit never enlarges beyond this (a single box filling the view helps nobody).
FIT_MAX_ZOOM = 1.25
#: Radius of the connector handle at the bottom of the current element (scene units).
HANDLE_RADIUS = 6.0
MATCH_COLOUR = QColor("#f5b400")
DROP_OK = QColor("#067647")
DROP_REFUSED = QColor("#b42318")
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
        #: The current element (the one the editor shows) and every element selected.
        self.selected: str | None = None
        self.selection: frozenset[str] = frozenset()
        #: What the outline's filter matched (None: no filter), drawn with a halo.
        self.matches: frozenset[str] | None = None
        #: A drag's target: the element under the pointer, and whether the drop is allowed.
        self.target: tuple[str, bool] | None = None
        #: Links and text outside the boxes, and what hollow marks are filled with: from the
        #: view's palette (a dark palette gets light links on a dark ground).
        self.ink = QColor(OUTLINE)
        self.paper = QColor("white")
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
        self.update(QRectF(node.x - 12, node.y - 12, node.w + 24, node.h + 32))

    def repaint_ids(self, element_ids: Iterable[str]) -> None:
        """Repaint the boxes of these elements (a selection or a highlight changed)."""
        by_id = self.layout.by_id
        for element_id in element_ids:
            node = by_id.get(element_id)
            if node is not None:
                self._repaint_box(node)

    def handle_at(self, point: QPointF) -> NodeBox | None:
        """The current element when ``point`` is on its connector handle (drag it to link)."""
        node = self.layout.by_id.get(self.selected) if self.selected else None
        if node is None:
            return None
        dx, dy = point.x() - node.cx, point.y() - node.bottom
        return node if dx * dx + dy * dy <= HANDLE_RADIUS**2 * 2.5 else None

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
        edge_pen = QPen(self.ink, 1.2)
        painter.setPen(edge_pen)
        for i in sorted(edge_ids):
            edge = self.layout.edges[i]
            points = [QPointF(x, y) for x, y in edge.points]
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(points)
            if lod > 0.15 and len(points) >= 2:
                hollow = edge.kind == "in_context_of"
                painter.setBrush(QBrush(self.paper if hollow else self.ink))
                painter.drawPolygon(_arrow_head(points[-2], points[-1], 8.0))
        for node in self.nodes_in(exposed):
            self._paint_node(painter, node, lod)

    def _paint_node(self, painter: QPainter, node: NodeBox, lod: float) -> None:
        rect = QRectF(node.x, node.y, node.w, node.h)
        selected = node.id == self.selected or node.id in self.selection
        badges = self.badges(node.id)
        if self.matches is not None and node.id in self.matches:
            painter.setPen(QPen(MATCH_COLOUR, 7.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-4, -4, 4, 4))
        if self.target is not None and self.target[0] == node.id:
            colour = DROP_OK if self.target[1] else DROP_REFUSED
            painter.setPen(QPen(colour, 4.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-6, -6, 6, 6))
        pen = QPen(SELECTED if selected else OUTLINE, 3.0 if selected else 1.3)
        if badges.worst == "blocker" and not selected:
            pen = QPen(SEVERITY_COLOUR["blocker"], 2.0)
        if node.type in COUNTER and not selected:
            pen = QPen(COUNTER_LINE, 1.8, Qt.PenStyle.DashLine)
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
            painter.setPen(QPen(self.ink, 1.3))
            painter.setBrush(QBrush(self.paper))
            painter.drawPolygon(undeveloped_diamond(node.cx, node.bottom + 2, 14.0))
        letter = marker_letter(node.type)
        if letter and lod >= 0.4:
            painter.setFont(self._bold)
            painter.setPen(QPen(self.ink))
            painter.drawText(QPointF(node.right - 6, node.bottom + 4), letter)
        if lod >= 0.4:
            self._paint_text(painter, node)
        self._paint_badges(painter, node, badges)
        if node.id == self.selected and lod >= 0.3:
            painter.setPen(QPen(self.paper, 1.5))
            painter.setBrush(QBrush(SELECTED))
            painter.drawEllipse(QPointF(node.cx, node.bottom), HANDLE_RADIUS, HANDLE_RADIUS)

    def _paint_text(self, painter: QPainter, node: NodeBox) -> None:
        options = self.layout.options
        lh, pad = options.line_height, options.padding
        count = len(node.lines) + 1
        kind = SHAPE[node.type]
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


class InPlaceEditor(QPlainTextEdit):
    """An element's text edited on its box: Enter commits, Shift+Enter breaks the line,
    Esc cancels; leaving it commits too."""

    committed = Signal(str, str)  # element id, text
    cancelled = Signal()

    def __init__(self, parent: QWidget, element_id: str, text: str) -> None:
        super().__init__(parent)
        self.element_id = element_id
        self.setAccessibleName(f"Text of {element_id}")
        self.setPlainText(text)
        self.selectAll()
        self.setTabChangesFocus(True)
        self._done = False

    def finish(self, commit: bool) -> None:
        """Close the editor once, committing its text or not."""
        if self._done:
            return
        self._done = True
        if commit:
            self.committed.emit(self.element_id, self.toPlainText())
        else:
            self.cancelled.emit()
        self.hide()
        self.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """QPlainTextEdit.keyPressEvent: Enter commits, Esc cancels."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(True)
            return
        if key == Qt.Key.Key_Escape:
            self.finish(False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """QPlainTextEdit.focusOutEvent: leaving the box commits what is typed."""
        super().focusOutEvent(event)
        # A menu opened, or another window brought to the front, is not leaving the text.
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish(True)


class Minimap(QWidget):
    """The whole diagram small (squeezed to fit when very wide), with the part in view
    framed: click or drag to go there.

    Drawn once per layout into an image (each box a dot; past ``MINIMAP_BOXES`` boxes, each
    occupied cell of the grid), so scrolling repaints only the frame."""

    SIZE = QSize(220, 140)

    def __init__(self, view: DiagramView) -> None:
        super().__init__(view)
        self.view = view
        self.setFixedSize(self.SIZE)
        self.setAccessibleName("Diagram overview")
        self.setToolTip("Overview: click or drag to move the view")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._image: QImage | None = None
        self._scale = (1.0, 1.0)  # overview pixels per scene unit, across and down
        self._origin = QPointF()

    def rebuild(self, item: DiagramItem | None) -> None:
        self._image = None
        if item is None:
            return
        bounds = item.boundingRect()
        # The drawing's own shape, at most SIZE; a very wide (or tall) diagram is squeezed
        # along its long side, so that its layers (or columns) still show apart.
        aspect = max(bounds.width(), 1.0) / max(bounds.height(), 1.0)
        width = float(self.SIZE.width())
        height = min(float(self.SIZE.height()), max(48.0, width / aspect))
        if height == self.SIZE.height():
            width = max(60.0, min(width, height * aspect))
        self.setFixedSize(int(width), int(height))
        sx = (self.width() - 4) / max(bounds.width(), 1.0)
        sy = (self.height() - 4) / max(bounds.height(), 1.0)
        self._scale = (sx, sy)
        self._origin = bounds.topLeft()
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        colour = QColor(item.ink)
        colour.setAlpha(170)
        ox, oy = 2 - bounds.left() * sx, 2 - bounds.top() * sy
        nodes = item.layout.nodes
        if len(nodes) <= MINIMAP_BOXES:
            for node in nodes:
                box = QRectF(
                    ox + node.x * sx, oy + node.y * sy, max(1.0, node.w * sx), max(1.0, node.h * sy)
                )
                painter.fillRect(box, colour)
        else:
            # One dot per pixel the occupied cells fall on: a big diagram's tens of thousands
            # of cells come down to the few hundred pixels of the overview.
            wide, high = max(1, math.ceil(CELL * sx)), max(1, math.ceil(CELL * sy))
            dots = {
                (int(ox + cx * CELL * sx), int(oy + cy * CELL * sy)) for cx, cy in item.cells[0]
            }
            for x, y in dots:
                painter.fillRect(x, y, wide, high, colour)
        painter.end()
        self._image = image
        self.update()

    def to_scene(self, point: QPointF) -> QPointF:
        sx, sy = self._scale
        return QPointF(
            (point.x() - 2) / sx + self._origin.x(), (point.y() - 2) / sy + self._origin.y()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        """QWidget.paintEvent: the overview, then the frame of what is in view."""
        painter = QPainter(self)
        paper = self.view.backgroundBrush().color()
        painter.fillRect(self.rect(), paper)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        sx, sy = self._scale
        frame = QRectF(
            2 + (seen.left() - self._origin.x()) * sx,
            2 + (seen.top() - self._origin.y()) * sy,
            seen.width() * sx,
            seen.height() * sy,
        )
        if frame.width() < 6:  # a big diagram: still show where
            frame = QRectF(frame.center().x() - 3, frame.top(), 6, frame.height())
        if frame.height() < 6:
            frame = QRectF(frame.left(), frame.center().y() - 3, frame.width(), 6)
        frame = frame.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.setPen(QPen(SELECTED, 1.5))
        painter.setBrush(QColor(26, 115, 232, 40))
        painter.drawRect(frame)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """QWidget.mousePressEvent: centre the view there."""
        self.view.centerOn(self.to_scene(event.position()))
        self.view.user_moved()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """QWidget.mouseMoveEvent: dragging moves the view along."""
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.view.centerOn(self.to_scene(event.position()))


#: Up to this many boxes the minimap draws each; beyond, the occupied cells.
MINIMAP_BOXES = 3_000


class DiagramView(QGraphicsView):
    """The canvas: click, Ctrl+click and rubber band select; drag a box onto another to
    move it there, or its handle (or Shift+drag) to link; double-click or F2 edits in place;
    Ctrl+wheel zooms; middle-drag or Space+drag pans."""

    elementClicked = Signal(str)
    elementActivated = Signal(str)
    zoomChanged = Signal(float)
    #: The canvas selection changed (the current element last).
    selectionChanged = Signal(list)
    #: A drag ended on another element: (dragged, target), to link or to move.
    connectRequested = Signal(str, str)
    moveRequested = Signal(str, str)
    #: Text typed in place was committed (element id, text).
    textCommitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("GSN diagram")
        self.item: DiagramItem | None = None
        #: Says whether a drag from ``source`` onto ``target`` may be dropped, and why not
        #: (None: allowed); set by the panel, which knows the document.
        self.judge_drop: Callable[[str, str, str], str | None] = lambda _m, _s, _t: None
        self.hint = QLabel(self)
        self.hint.setObjectName("diagramDropHint")
        self.hint.setWordWrap(True)
        self.hint.setMargin(4)
        self.hint.setAutoFillBackground(True)
        self.hint.hide()
        self.minimap = Minimap(self)
        self.minimap.hide()
        self.minimap_enabled = True
        self.editor: InPlaceEditor | None = None
        #: The context menu (None: a separator); the view's actions are what its keys do.
        self.menu_actions: list[QAction | None] = []
        self._press: QPoint | None = None
        self._press_node: NodeBox | None = None
        self._press_mods = Qt.KeyboardModifier.NoModifier
        self._drag: str | None = None  # "connect", "move", "band", "pan"
        self._pan_from: QPoint | None = None
        self._space = False
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self._line: QGraphicsLineItem | None = None
        self._verdicts: dict[tuple[str, str, str], str | None] = {}
        self._fit_pending = False
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._view_moved)
        self._apply_palette()

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    # ---------------------------------------------------------------- palette
    def _apply_palette(self) -> None:
        """Ground, links and outside text from the palette: a dark palette, a dark diagram."""
        palette = self.palette()
        paper = palette.color(QPalette.ColorRole.Base)
        dark = paper.lightnessF() < 0.5
        self.setBackgroundBrush(QBrush(paper if dark else QColor("#fbfbfd")))
        self._ink = palette.color(QPalette.ColorRole.Text) if dark else QColor(OUTLINE)
        self._paper = paper if dark else QColor("white")
        if self.item is not None:
            self.item.ink, self.item.paper = self._ink, self._paper
            self.item.update()
            self.minimap.rebuild(self.item)
        hint = self.hint.palette()
        hint.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        hint.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText))
        self.hint.setPalette(hint)

    def changeEvent(self, event: QEvent) -> None:
        """QGraphicsView.changeEvent: follow a palette change (dark mode switched)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    # ---------------------------------------------------------------- showing
    def set_item(self, item: DiagramItem | None, message: str = "") -> None:
        """Show a laid-out diagram (or a message), keeping the viewed centre where it was."""
        centre = self.mapToScene(self.viewport().rect().center())
        first = self.item is None
        self.end_editing(commit=True)
        self._end_drag()
        if self.item is not None:
            # Freed a slice at a time: a big layout would take 0.2-0.5 s to free at once.
            release().bury(self.item.layout, *self.item.cells)
        scene = self.scene()
        scene.clear()
        self._line = None
        self._verdicts = {}
        self.item = item
        if item is None:
            text = scene.addText(message)
            text.setDefaultTextColor(self.palette().color(QPalette.ColorRole.PlaceholderText))
            scene.setSceneRect(text.boundingRect().adjusted(-20, -20, 20, 20))
            self.minimap.rebuild(None)
            self._place_minimap()
            return
        item.ink, item.paper = self._ink, self._paper
        scene.addItem(item)
        scene.setSceneRect(item.boundingRect().adjusted(-40, -40, 40, 40))
        self.minimap.rebuild(item)
        if first:
            self._fit_pending = True  # again once the view has its real size
            self.fit_rect(item.boundingRect(), self._top_anchor())
        else:
            self.centerOn(centre)
        self._place_minimap()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.setTransform(self.transform().fromScale(factor, factor))
        self.zoomChanged.emit(factor)
        self._view_moved()

    def zoom_by(self, step: float) -> None:
        self.user_moved()
        self.set_zoom(self.zoom * step)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_reset(self) -> None:
        self.user_moved()
        self.set_zoom(1.0)

    def zoom_fit(self) -> None:
        """Fit the whole diagram, at a zoom still legible (else its top, to be panned)."""
        if self.item is not None:
            self.user_moved()
            self.fit_rect(self.item.boundingRect(), self._top_anchor())

    def _top_anchor(self) -> QPointF | None:
        """Above the first top-level element (where a diagram too big to fit is shown from)."""
        item = self.item
        if item is None:
            return None
        for node in item.layout.nodes:  # sorted by layer: the first few are looked at
            if node.layer > 0:
                break
            if node.owner is None:
                return QPointF(node.cx, node.y - 20)
        return None

    def fit_rect(self, rect: QRectF, top: QPointF | None = None) -> None:
        """Show ``rect`` whole when that is legible; else at ``LEGIBLE_ZOOM`` from ``top``
        (its top middle when None), the rest reached by panning."""
        view = self.viewport().rect()
        if rect.width() <= 0 or rect.height() <= 0 or view.width() <= 0:
            return
        zoom = min(view.width() / rect.width(), view.height() / rect.height()) * 0.95
        zoom = min(zoom, FIT_MAX_ZOOM)
        if zoom >= LEGIBLE_ZOOM:
            self.set_zoom(zoom)
            self.centerOn(rect.center())
            return
        self.set_zoom(LEGIBLE_ZOOM)
        anchor = top if top is not None else QPointF(rect.center().x(), rect.top())
        half_height = view.height() / (2 * LEGIBLE_ZOOM)
        self.centerOn(anchor.x(), anchor.y() + half_height - 30 / LEGIBLE_ZOOM)

    def user_moved(self) -> None:
        """The user moved the view: a pending first fit no longer applies."""
        self._fit_pending = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        """QGraphicsView.resizeEvent: the first fit again at the real size; the minimap."""
        super().resizeEvent(event)
        if self._fit_pending and self.item is not None:
            self.fit_rect(self.item.boundingRect(), self._top_anchor())
        self._place_minimap()
        self._place_editor()

    def set_minimap_enabled(self, enabled: bool) -> None:
        self.minimap_enabled = enabled
        self._place_minimap()

    def _place_minimap(self) -> None:
        """The minimap in the bottom right corner, shown while the diagram is bigger than
        the view."""
        item = self.item
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        needed = (
            item is not None
            and self.minimap_enabled
            and self.editor is None  # never over the text being typed
            and not seen.contains(item.boundingRect())
            and self.viewport().width() > 2 * self.minimap.width()
            and self.viewport().height() > 2 * self.minimap.height()
        )
        if needed:
            viewport = self.viewport().geometry()
            self.minimap.move(
                viewport.right() - self.minimap.width() - 6,
                viewport.bottom() - self.minimap.height() - 6,
            )
            self.minimap.show()
            self.minimap.raise_()
            self.minimap.update()
        else:
            self.minimap.hide()

    def _view_moved(self, _value: int = 0) -> None:
        self._place_minimap()
        self._place_editor()

    def show_element(self, element_id: str | None) -> bool:
        """Highlight an element and scroll to it; False when it is not in this diagram."""
        return self.set_selection([element_id] if element_id else [], reveal=True)

    def set_selection(self, element_ids: list[str], *, reveal: bool = False) -> bool:
        """Select these elements (the last is the current one); True when it is shown."""
        item = self.item
        if item is None:
            return False
        before = item.selection | ({item.selected} if item.selected else set())
        item.selection = frozenset(element_ids)
        item.selected = element_ids[-1] if element_ids else None
        item.repaint_ids(before | item.selection)
        node = item.layout.by_id.get(item.selected) if item.selected else None
        if node is None:
            return False
        if reveal:
            self.ensureVisible(QRectF(node.x, node.y, node.w, node.h), 60, 60)
        return True

    @property
    def selection(self) -> list[str]:
        """The selected elements, the current one last."""
        item = self.item
        if item is None:
            return []
        rest = sorted(i for i in item.selection if i != item.selected)
        return [*rest, item.selected] if item.selected else rest

    def centre_on(self, element_id: str) -> bool:
        item = self.item
        node = item.layout.by_id.get(element_id) if item is not None else None
        if node is None:
            return False
        self.user_moved()
        self.centerOn(node.cx, node.cy)
        return True

    # ---------------------------------------------------------- in-place text
    def edit_in_place(self, element_id: str, text: str) -> InPlaceEditor | None:
        """An editor over the element's box, its text selected; None when it is not shown."""
        item = self.item
        node = item.layout.by_id.get(element_id) if item is not None else None
        if node is None:
            return None
        self.end_editing(commit=True)
        # Room for the editor, which may be taller than the box.
        self.ensureVisible(QRectF(node.x, node.y, node.w, max(node.h, 90 / self.zoom)), 40, 40)
        editor = InPlaceEditor(self.viewport(), element_id, text)
        editor.committed.connect(self._committed)
        editor.cancelled.connect(self._editor_closed)
        self.editor = editor
        self._place_minimap()
        self._place_editor()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return editor

    def end_editing(self, *, commit: bool) -> None:
        if self.editor is not None:
            self.editor.finish(commit)

    def _committed(self, element_id: str, text: str) -> None:
        self._editor_closed()
        self.textCommitted.emit(element_id, text)

    def _editor_closed(self) -> None:
        self.editor = None
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._place_minimap()

    def _place_editor(self) -> None:
        editor, item = self.editor, self.item
        if editor is None or item is None:
            return
        node = item.layout.by_id.get(editor.element_id)
        if node is None:
            editor.finish(False)
            return
        box = self.mapFromScene(QRectF(node.x, node.y, node.w, node.h)).boundingRect()
        width, height = max(box.width(), 220), max(box.height(), 72)
        editor.setGeometry(box.center().x() - width // 2, box.top(), width, height)

    # --------------------------------------------------------------- events
    def wheelEvent(self, event: QWheelEvent) -> None:
        """QGraphicsView.wheelEvent: Ctrl+wheel zooms around the pointer."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15**steps)
            event.accept()
            return
        self.user_moved()
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """QGraphicsView.keyPressEvent: Ctrl +/- zoom; Esc ends a drag; Space pans."""
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif event.key() == Qt.Key.Key_Escape and self._drag:
            self._end_drag()
        elif event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """QGraphicsView.keyReleaseEvent: Space released ends panning."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mousePressEvent: where a click, drag or rubber band starts."""
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        ):
            self._drag, self._pan_from = "pan", pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._press = pos
        self._press_mods = event.modifiers()
        scene_pos = self.mapToScene(pos)
        handle = self.item.handle_at(scene_pos) if self.item is not None else None
        self._press_node = handle or self.node_at(pos)
        self._handle = handle is not None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mouseMoveEvent: a drag under way (link, move, band or pan)."""
        pos = event.position().toPoint()
        if self._drag == "pan" and self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.user_moved()
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() - delta.x())
            v.setValue(v.value() - delta.y())
            return
        press = self._press
        if press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            super().mouseMoveEvent(event)
            return
        if self._drag is None:
            if (pos - press).manhattanLength() < QApplication.startDragDistance():
                return
            node = self._press_node
            if node is None:
                self._drag = "band"
                self._band.setGeometry(QRect(press, pos).normalized())
                self._band.show()
            elif self._handle or self._press_mods & Qt.KeyboardModifier.ShiftModifier:
                self._drag = "connect"
            else:
                self._drag = "move"
        if self._drag == "band":
            self._band.setGeometry(QRect(press, pos).normalized())
            return
        self._drag_over(pos)

    def _drag_over(self, pos: QPoint) -> None:
        """A link or move dragged over ``pos``: the line, the target, and the verdict."""
        source, item = self._press_node, self.item
        if source is None or item is None or self._drag is None:
            return
        scene_pos = self.mapToScene(pos)
        if self._line is None:
            self._line = QGraphicsLineItem()
            dashed = QPen(SELECTED, 2.0, Qt.PenStyle.DashLine)
            dashed.setCosmetic(True)
            self._line.setPen(dashed)
            self._line.setZValue(10)
            self.scene().addItem(self._line)
        start = QPointF(source.cx, source.bottom if self._drag == "connect" else source.cy)
        self._line.setLine(start.x(), start.y(), scene_pos.x(), scene_pos.y())
        target = self.node_at(pos)
        before = item.target
        verdict: str | None = None
        if target is not None and target.id != source.id:
            key = (self._drag, source.id, target.id)
            if key not in self._verdicts:
                self._verdicts[key] = self.judge_drop(self._drag, source.id, target.id)
            verdict = self._verdicts[key]
            item.target = (target.id, verdict is None)
        else:
            item.target = None
        if before != item.target:
            item.repaint_ids([t[0] for t in (before, item.target) if t is not None])
        if target is None or target.id == source.id:
            what = "link" if self._drag == "connect" else "move"
            self._show_hint(f"Drop on an element to {what} {source.id} there")
        elif verdict is None:
            self._show_hint(
                f"Link {source.id} → {target.id}"
                if self._drag == "connect"
                else f"Move {source.id} under {target.id}"
            )
        else:
            self._show_hint(f"Not allowed: {verdict}")
        self.hint.move(pos + QPoint(16, 16))

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setWordWrap(len(text) > 48)  # a short verdict on one line
        self.hint.setMaximumWidth(360)
        self.hint.adjustSize()
        self.hint.show()
        self.hint.raise_()

    def _end_drag(self) -> None:
        item = self.item
        if item is not None and item.target is not None:
            item.repaint_ids([item.target[0]])
            item.target = None
        if self._line is not None:
            self.scene().removeItem(self._line)
            self._line = None
        self._band.hide()
        self.hint.hide()
        self._drag = None
        self._press = None
        self._press_node = None
        self._pan_from = None
        self._verdicts = {}
        self.viewport().unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mouseReleaseEvent: a click selects, a drag does what it showed."""
        drag, press, source = self._drag, self._press, self._press_node
        mods = self._press_mods
        pos = event.position().toPoint()
        if drag == "pan":
            self._end_drag()
            return
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            super().mouseReleaseEvent(event)
            return
        band = self._band.geometry()
        self._end_drag()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if drag == "band":
            found = self.nodes_in(band)
            chosen = [*self.selection, *found] if ctrl else found
            if chosen:
                self._select(list(dict.fromkeys(chosen)))
            return
        if drag in ("connect", "move") and source is not None:
            target = self.node_at(pos)
            if target is not None and target.id != source.id:
                signal = self.connectRequested if drag == "connect" else self.moveRequested
                signal.emit(source.id, target.id)
            return
        node = self.node_at(pos)
        if node is None:
            if not ctrl:  # a click on the ground keeps only the current element selected
                current = self.item.selected if self.item is not None else None
                self._select([current] if current else [], emit_current=False)
            return
        if ctrl:
            selection = self.selection
            if node.id in selection:
                selection.remove(node.id)
                self._select(selection, emit_current=bool(selection))
            else:
                self._select([*selection, node.id])
            return
        self._select([node.id])

    def _select(self, element_ids: list[str], *, emit_current: bool = True) -> None:
        self.set_selection(element_ids)
        self.selectionChanged.emit(self.selection)
        if emit_current and element_ids:
            self.elementClicked.emit(element_ids[-1])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """QGraphicsView.mouseDoubleClickEvent: edit the element's text on its box."""
        node = self.node_at(event.position().toPoint())
        if node is not None:
            self._press = None
            self.elementActivated.emit(node.id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """QGraphicsView.contextMenuEvent: the element's actions (it is selected first)."""
        node = self.node_at(event.pos())
        if node is not None and node.id not in self.selection:
            self._select([node.id])
        if not self.menu_actions:
            return
        menu = QMenu(self)
        for action in self.menu_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def node_at(self, pos: QPoint) -> NodeBox | None:
        if self.item is None:
            return None
        return self.item.node_at(self.mapToScene(pos))

    def nodes_in(self, rect: QRect) -> list[str]:
        """The elements whose boxes lie in a rectangle of the viewport, in layout order."""
        if self.item is None:
            return []
        area = self.mapToScene(rect).boundingRect()
        return [
            n.id for n in self.item.nodes_in(area) if area.intersects(QRectF(n.x, n.y, n.w, n.h))
        ]

    def viewportEvent(self, event: QEvent) -> bool:
        """QGraphicsView.viewportEvent: element text as a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            node = self.node_at(event.pos())
            if node is not None and self._drag is None:
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
    #: The canvas selection (several elements, the current one last).
    selectionChanged = Signal(list)
    connectRequested = Signal(str, str)
    moveRequested = Signal(str, str)
    textCommitted = Signal(str, str)

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
            ("Fit", "Fit the whole diagram, at a legible zoom (Ctrl+9)", self.view.zoom_fit),
            ("Fit Branch", "Fit the selected branch (Ctrl+8)", self.fit_selection),
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
        self.view.selectionChanged.connect(self._selection_changed)
        self.view.connectRequested.connect(self.connectRequested)
        self.view.moveRequested.connect(self.moveRequested)
        self.view.textCommitted.connect(self.textCommitted)
        self.module_box.currentIndexChanged.connect(lambda _i: self.reload())
        self._task: TaskHandle | None = None
        self._pending = False
        self._layout_generation = 0
        self._selected: str | None = None
        self._selection: list[str] = []
        self._matches: frozenset[str] | None = None
        self._edit_when_shown: str | None = None
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

    def fit_selection(self) -> None:
        """Fit the selected elements and everything under them (the whole diagram when
        nothing shown is selected), never below a legible zoom."""
        item, session = self.view.item, self.session
        if item is None or session is None:
            return
        by_id = item.layout.by_id
        chosen = [i for i in self.view.selection if i in by_id]
        if not chosen:
            self.view.zoom_fit()
            return
        elements = session.document.case.by_id
        seen: set[str] = set()
        stack = list(chosen)
        left = top = math.inf
        right = bottom = -math.inf
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            node = by_id.get(current)
            if node is None:
                continue
            left, top = min(left, node.x), min(top, node.y)
            right, bottom = max(right, node.right), max(bottom, node.bottom + 16)
            element = elements.get(current)
            if element is not None:
                stack.extend(element.links)
        first = by_id[chosen[-1]]
        self.view.user_moved()
        rect = QRectF(left - 20, top - 20, right - left + 40, bottom - top + 40)
        self.view.fit_rect(rect, QPointF(first.cx, first.y - 20))

    def centre_selection(self) -> None:
        """Centre the view on the current element."""
        if self._selected is not None:
            self.view.centre_on(self._selected)

    def set_minimap_enabled(self, enabled: bool) -> None:
        self.view.set_minimap_enabled(enabled)

    def set_matches(self, matches: set[str] | frozenset[str] | None) -> None:
        """Mark what the outline's filter matched (None: no filter)."""
        self._matches = None if matches is None else frozenset(matches)
        item = self.view.item
        if item is not None:
            item.matches = self._matches
            item.update()

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self.view.end_editing(commit=False)
        self.view.item = None
        self._module_ids = ()
        self._matches = None
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
        item.selection = frozenset(self._selection)
        item.matches = self._matches
        self.view.set_item(item)
        pending, self._edit_when_shown = self._edit_when_shown, None
        if pending is not None:
            self.edit_in_place(pending)

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

    @property
    def selection(self) -> list[str]:
        """The elements selected on the canvas (the current one last)."""
        return list(self._selection)

    def select_element(self, element_id: str | None) -> None:
        """Make ``element_id`` the current element; it stays among the canvas selection
        when it is already in it (else the selection is just it)."""
        self._selected = element_id
        if element_id is None:
            self._selection = []
        elif element_id not in self._selection:
            self._selection = [element_id]
        else:
            self._selection = [*(i for i in self._selection if i != element_id), element_id]
        if self.view.set_selection(self._selection, reveal=True) or element_id is None:
            return
        if self.session is None:
            return
        element = self.session.document.case.by_id.get(element_id)
        if element is not None and self.module is not None and element.module != self.module:
            self.module_box.setCurrentIndex(max(0, self.module_box.findData(element.module)))

    def select_elements(self, element_ids: list[str]) -> None:
        """Select several elements on the canvas (the last is the current one)."""
        self._selection = list(dict.fromkeys(element_ids))
        self._selected = self._selection[-1] if self._selection else None
        self.view.set_selection(self._selection, reveal=True)

    def edit_in_place(self, element_id: str) -> bool:
        """The text editor on the element's box (once it is laid out, for a new element)."""
        session = self.session
        if session is None or session.read_only:
            return False
        element = session.document.case.by_id.get(element_id)
        if element is None:
            return False
        if self._pending or self.view.item is None or element_id not in self.view.item.layout.by_id:
            self._edit_when_shown = element_id
            return True
        return self.view.edit_in_place(element_id, element.text) is not None

    def _selection_changed(self, element_ids: list[str]) -> None:
        self._selection = list(element_ids)
        self.selectionChanged.emit(list(element_ids))

    def _clicked(self, element_id: str) -> None:
        self._selected = element_id
        self._selection = self.view.selection
        self.elementSelected.emit(element_id)
