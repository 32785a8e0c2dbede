"""Standard GSN shapes as painter paths, their colours, and the small type icons made from them."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from workbench.diagram import palette
from workbench.domain import COUNTER, ElementType, labels
from workbench.domain.case import SHAPE

#: Fill of each element type (light, so black text reads on it): workbench.diagram.palette.
FILL = {kind: QColor(hex_) for kind, hex_ in palette.ELEMENT_FILL.items()}
COUNTER_LINE = QColor(palette.COUNTER_LINE)
OUTLINE = QColor(palette.LINE)
SELECTED = QColor(palette.SELECTED)
BAND = QColor(palette.BAND)

#: Badge colours: findings by severity, open challenges, undeveloped marks.
SEVERITY_COLOUR = {severity: QColor(hex_) for severity, hex_ in palette.SEVERITY.items()}
CHALLENGE_COLOUR = QColor(palette.CHALLENGE)
UNDEVELOPED_COLOUR = QColor(palette.UNDEVELOPED)
#: Colour of each state (coverage, schedule, triggers) as the packet prints it.
STATUS_COLOUR = {state: QColor(hex_) for state, hex_ in palette.STATUS.items()}

#: Element type names: workbench.domain.labels, shared with the CLI and the packet.
TYPE_NAMES = labels.TYPE_NAMES


def shape_path(kind: ElementType, rect: QRectF, slant: float = 10.0) -> QPainterPath:
    """The outline of an element's GSN shape filling ``rect``."""
    path = QPainterPath()
    kind = SHAPE[kind]
    if kind == ElementType.strategy:
        s = min(slant, rect.width() / 4)
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(rect.left() + s, rect.top()),
                    QPointF(rect.right(), rect.top()),
                    QPointF(rect.right() - s, rect.bottom()),
                    QPointF(rect.left(), rect.bottom()),
                    QPointF(rect.left() + s, rect.top()),
                ]
            )
        )
    elif kind in (ElementType.solution, ElementType.assumption, ElementType.justification):
        path.addEllipse(rect)
    elif kind == ElementType.context:
        radius = min(rect.height() / 2, rect.width() / 4, 16.0)
        path.addRoundedRect(rect, radius, radius)
    else:  # goal, away goal
        path.addRect(rect)
    return path


def undeveloped_diamond(centre_x: float, top: float, size: float) -> QPolygonF:
    """The hollow diamond GSN draws under an undeveloped goal or strategy."""
    half = size / 2
    return QPolygonF(
        [
            QPointF(centre_x, top),
            QPointF(centre_x + half, top + half),
            QPointF(centre_x, top + size),
            QPointF(centre_x - half, top + half),
            QPointF(centre_x, top),
        ]
    )


def marker_letter(kind: ElementType) -> str | None:
    """The letter GSN writes beside assumption and justification ovals."""
    if kind == ElementType.assumption:
        return "A"
    if kind == ElementType.justification:
        return "J"
    return None


def paint_icon_shape(painter: QPainter, kind: ElementType, rect: QRectF) -> None:
    """A small, recognisable version of the shape (for tree and list icons)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(OUTLINE, 1.2))
    painter.setBrush(QBrush(FILL[kind].darker(112)))
    if kind in COUNTER:
        painter.setPen(QPen(COUNTER_LINE, 1.2, Qt.PenStyle.DashLine))
    kind = SHAPE[kind]
    inner = QRectF(rect)
    if kind in (ElementType.assumption, ElementType.justification):
        inner = rect.adjusted(0, rect.height() * 0.18, 0, -rect.height() * 0.18)
    elif kind == ElementType.solution:
        side = min(rect.width(), rect.height())
        inner = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    elif kind in (ElementType.goal, ElementType.strategy, ElementType.context):
        inner = rect.adjusted(0, rect.height() * 0.15, 0, -rect.height() * 0.15)
    painter.drawPath(shape_path(kind, inner, slant=rect.width() / 5))
    if kind == ElementType.away_goal:
        band = QRectF(inner.left(), inner.bottom() - inner.height() / 3, inner.width(), 0)
        band.setHeight(inner.height() / 3)
        painter.setBrush(QBrush(BAND.darker(115)))
        painter.drawRect(band)
    letter = marker_letter(kind)
    if letter:
        font = painter.font()
        font.setPixelSize(max(6, int(rect.height() * 0.55)))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, letter)


@cache
def type_icon(kind: ElementType, size: int = 16) -> QIcon:
    """An icon of an element type drawn with its GSN shape (made once per type and size)."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_icon_shape(painter, kind, QRectF(1, 1, size * scale - 2, size * scale - 2))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


@cache
def severity_icon(severity: str, size: int = 12) -> QIcon:
    """A filled dot in the severity's colour."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SEVERITY_COLOUR.get(severity, OUTLINE))
    painter.drawEllipse(QRectF(3, 3, size * 2 - 6, size * 2 - 6))
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return QIcon(pixmap)
