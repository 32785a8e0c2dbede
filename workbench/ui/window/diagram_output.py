"""Main window diagram output: File ▸ Export Diagram… (SVG, PNG, PDF by the file's suffix)
and File ▸ Print… with a preview, of the diagram the window shows (the module chosen)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.domain import WorkbenchError
from workbench.domain.wording import plural

if TYPE_CHECKING:  # imported when first used: QtSvg and QtPrintSupport are not needed to start
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from workbench.ui.diagram_file import DiagramDrawing, WrittenDiagram
    from workbench.ui.window.main import MainWindow

DIAGRAM_FILTER = "SVG drawing (*.svg);;PNG image (*.png);;PDF document (*.pdf);;All files (*)"


class DiagramOutput:
    """Exports and prints the diagram the window's diagram panel has laid out."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.preview: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None

    def drawing(self) -> DiagramDrawing | None:
        """The diagram as shown (its module), or None with a message when there is none."""
        window = self.window
        item = window.diagram.view.item
        if window.session is None:
            return None
        if item is None or not window.diagram.ready or not item.layout.nodes:
            window.show_error(
                "there is no diagram to export yet: add an element, or wait for "
                "the layout to finish"
            )
            return None
        from workbench.ui.diagram_file import DiagramDrawing

        return DiagramDrawing(item.layout)

    def title(self) -> str:
        session = self.window.session
        model = session.document.assessment.model.name if session is not None else ""
        module = self.window.diagram.module
        return f"{model} — GSN diagram" + (f" (module {module})" if module else "")

    def export(self) -> WrittenDiagram | None:
        """Ask for a file and write the diagram there; its suffix says the format."""
        window = self.window
        drawing = self.drawing()
        if drawing is None:
            return None
        path = window.ask_save_path(window, "Export the diagram", DIAGRAM_FILTER)
        if path is None:
            return None
        if not path.suffix:
            path = path.with_name(path.name + ".svg")
        try:
            written = drawing.write(Path(path), title=self.title())
        except (WorkbenchError, OSError) as exc:
            window.show_error(f"could not export the diagram: {exc}")
            return None
        window.show_notice(
            f"Exported the diagram of {plural(written.elements, 'element')} to {written.path} "
            f"({written.format.upper()})"
        )
        return written

    def print_preview(self) -> QPrintPreviewDialog | None:
        """A (non-modal) print preview of the diagram; its Print button prints."""
        drawing = self.drawing()
        if drawing is None:
            return None
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        if self.preview is not None:
            self.preview.close()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title())
        if drawing.width > drawing.height:  # a GSN diagram is mostly wider than tall
            from PySide6.QtGui import QPageLayout

            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle("Print the diagram")
        dialog.paintRequested.connect(drawing.print_to)
        dialog.finished.connect(lambda _r: setattr(self, "preview", None))
        self.printer = printer
        self.preview = dialog
        dialog.open()
        return dialog
