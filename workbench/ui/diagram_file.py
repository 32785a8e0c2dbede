"""The GSN diagram written to a file (SVG, PNG, PDF) or a printer, drawn by the same item
the diagram panel shows, through Qt's own QSvgGenerator, QImage, QPdfWriter and QPrinter."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsScene

from workbench.diagram.layout import DiagramLayout, layout_case
from workbench.domain import InputError, SafetyCase
from workbench.runtime.fileio import atomic_write_bytes
from workbench.ui.panels.diagram import DiagramItem, diagram_options
from workbench.ui.session.case import NO_BADGES

#: The formats a diagram is written in, by file suffix.
FORMATS = ("svg", "png", "pdf")
#: A PNG is drawn at twice the screen size, scaled down so that no side exceeds this…
PNG_MAX_SIDE = 8000
#: …and the image stays under this many pixels (about 130 MB of memory while drawn).
PNG_MAX_PIXELS = 32_000_000
PNG_SCALE = 2.0
#: PDF readers refuse pages bigger than 200 inches (14,400 pt) a side: bigger diagrams are
#: scaled onto such a page (the drawing stays vector, so it can be zoomed into).
PDF_MAX_POINTS = 14_400.0
#: Printing: pages at the diagram's screen size, shrunk to fit one page, but never below
#: this (a bigger diagram is printed across several pages instead).
PRINT_MIN_SCALE = 0.45
#: A diagram is drawn on white paper with this margin (scene units) around it.
MARGIN = 20.0


@dataclass(frozen=True)
class WrittenDiagram:
    """What was written: the file, its format, how many elements and the drawing's size."""

    path: Path
    format: str
    elements: int
    width: int
    height: int
    scale: float


def diagram_format(path: Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt``, else the file's suffix; an unknown one is refused."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputError(
            f"cannot write a diagram as {chosen or 'a file without a suffix'!r}: "
            f"choose one of {', '.join(FORMATS)} (by the file's suffix)"
        )
    return chosen


def ensure_application() -> QApplication:
    """The running QApplication, or one started on the offscreen platform (no display)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _APPLICATION
    _APPLICATION = QApplication(["workbench"])
    return _APPLICATION


_APPLICATION: QApplication | None = None


class DiagramDrawing:
    """A laid-out diagram in a scene of its own, ready to be painted on any device."""

    def __init__(self, layout: DiagramLayout) -> None:
        self.layout = layout
        self.item = DiagramItem(layout, lambda _element_id: NO_BADGES)
        self.scene = QGraphicsScene()
        self.scene.addItem(self.item)
        self.source = QRectF(
            -MARGIN, -MARGIN, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN
        )
        self.scene.setSceneRect(self.source)

    @classmethod
    def of_case(
        cls, case: SafetyCase, *, module: str | None = None, root: str | None = None
    ) -> DiagramDrawing:
        """The diagram of a case, one module of it, or the branch under one element."""
        ensure_application()
        return cls(layout_case(case, module=module, root=root, options=diagram_options()))

    @property
    def width(self) -> float:
        return self.source.width()

    @property
    def height(self) -> float:
        return self.source.height()

    def paint(self, painter: QPainter, target: QRectF, source: QRectF | None = None) -> None:
        """Draw (part of) the diagram into ``target`` of the painter's device, on white."""
        painter.fillRect(target, QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.scene.render(painter, target, source or self.source)

    # ------------------------------------------------------------------ files
    def svg(self, title: str = "") -> bytes:
        """The diagram as SVG at screen size (1 unit = 1 px at 100 % zoom)."""
        size = QSize(math.ceil(self.width), math.ceil(self.height))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setResolution(96)  # scene units are pixels at 100 % zoom
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(title or "GSN diagram")
        generator.setDescription("Written by Safety Case Workbench")
        painter = QPainter(generator)
        try:
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return bytes(buffer.data().data())

    def png_scale(self) -> float:
        """Twice the screen size, scaled down to stay within the PNG bounds."""
        w, h = self.width, self.height
        return min(
            PNG_SCALE, PNG_MAX_SIDE / w, PNG_MAX_SIDE / h, math.sqrt(PNG_MAX_PIXELS / (w * h))
        )

    def png(self) -> tuple[bytes, QSize]:
        scale = self.png_scale()
        size = QSize(max(1, round(self.width * scale)), max(1, round(self.height * scale)))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, Qt a str
        return bytes(data.data()), size

    def pdf_scale(self) -> float:
        """Points per scene unit: 1:1 (72 pt to 96 px), or smaller to fit a PDF page."""
        natural = 72.0 / 96.0
        return min(natural, PDF_MAX_POINTS / self.width, PDF_MAX_POINTS / self.height)

    def pdf(self, title: str = "") -> bytes:
        """The diagram as a one-page vector PDF, the page the diagram's size."""
        scale = self.pdf_scale()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setTitle(title or "GSN diagram")
        writer.setCreator("Safety Case Workbench")
        page = QPageSize(
            QSizeF(self.width * scale, self.height * scale), QPageSize.Unit.Point, "Diagram"
        )
        writer.setPageLayout(
            QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        painter = QPainter(writer)
        try:
            device = QRectF(0, 0, writer.width(), writer.height())
            self.paint(painter, device)
        finally:
            painter.end()
        return bytes(buffer.data().data())

    def write(self, path: Path, fmt: str | None = None, title: str = "") -> WrittenDiagram:
        """Write the diagram to ``path`` in one go (nothing is left half-written)."""
        chosen = diagram_format(path, fmt)
        if chosen == "svg":
            data, scale = self.svg(title), 1.0
            width, height = math.ceil(self.width), math.ceil(self.height)
        elif chosen == "png":
            data, size = self.png()
            scale, width, height = self.png_scale(), size.width(), size.height()
        else:
            data, scale = self.pdf(title), self.pdf_scale()
            width, height = round(self.width * scale), round(self.height * scale)
        atomic_write_bytes(path, data)
        return WrittenDiagram(path, chosen, len(self.layout.nodes), width, height, scale)

    # --------------------------------------------------------------- printing
    def print_scale(self, printer: QPrinter) -> float:
        """Printer pixels per scene unit: the screen size shrunk to fit one page, but never
        below PRINT_MIN_SCALE of it."""
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        natural = printer.resolution() / 96.0
        fit = min(page.width() / self.width, page.height() / self.height)
        return min(natural, max(fit, natural * PRINT_MIN_SCALE))

    def pages(self, printer: QPrinter) -> list[QRectF]:
        """The parts of the diagram (scene rectangles) printed one per page, row by row."""
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = self.print_scale(printer)
        step_x, step_y = page.width() / scale, page.height() / scale
        columns = max(1, math.ceil(self.width / step_x - 1e-6))
        rows = max(1, math.ceil(self.height / step_y - 1e-6))
        left, top = self.source.left(), self.source.top()
        return [
            QRectF(left + c * step_x, top + r * step_y, step_x, step_y)
            for r in range(rows)
            for c in range(columns)
        ]

    def print_to(self, printer: QPrinter) -> int:
        """Print the diagram (across pages when one would make it unreadable); the page count."""
        scale = self.print_scale(printer)
        pages = self.pages(printer)
        painter = QPainter()
        if not painter.begin(printer):
            raise InputError("the printer could not be started")
        try:
            for number, part in enumerate(pages):
                if number:
                    printer.newPage()
                clipped = part.intersected(self.source)
                target = QRectF(
                    (clipped.left() - part.left()) * scale,
                    (clipped.top() - part.top()) * scale,
                    clipped.width() * scale,
                    clipped.height() * scale,
                )
                self.paint(painter, target, clipped)
        finally:
            painter.end()
        return len(pages)


def write_diagram(
    case: SafetyCase,
    path: Path,
    fmt: str | None = None,
    *,
    module: str | None = None,
    root: str | None = None,
    title: str = "",
) -> WrittenDiagram:
    """Lay out and write the diagram of a case (one module, or one element's branch)."""
    chosen = diagram_format(path, fmt)
    if not case.elements:
        raise InputError("the safety case has no elements to draw")
    drawing = DiagramDrawing.of_case(case, module=module, root=root)
    if not drawing.layout.nodes:
        raise InputError(f"module {module!r} has no elements to draw")
    return drawing.write(path, chosen, title)
