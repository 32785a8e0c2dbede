"""File ▸ Export Diagram… and File ▸ Print…: the diagram the window shows, as a file or printed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from workbench.ui.diagram_file import DiagramDrawing
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_export_writes_the_module_shown_in_the_format_of_the_suffix(
    window: MainWindow, tmp_path: Path
) -> None:
    box = window.diagram.module_box
    box.setCurrentIndex(box.findData("security"))
    assert window.session is not None
    shown = {e.id for e in window.session.document.case.elements if e.module == "security"}
    target = tmp_path / "diagram.svg"
    window.ask_save_path = lambda *_a: target
    window.window_actions.act_export_diagram.trigger()
    words = set(" ".join(ET.parse(target).getroot().itertext()).split())
    assert shown <= words
    assert "G1" not in words  # the top module is not shown, so not exported
    assert "Exported the diagram of" in window.banner.text


def test_export_without_a_suffix_writes_svg_and_an_unknown_one_is_refused(
    window: MainWindow, tmp_path: Path
) -> None:
    window.ask_save_path = lambda *_a: tmp_path / "plain"
    window.window_actions.act_export_diagram.trigger()
    assert (tmp_path / "plain.svg").read_bytes().startswith(b"<?xml")
    window.ask_save_path = lambda *_a: tmp_path / "diagram.gif"
    window.window_actions.act_export_diagram.trigger()
    assert not (tmp_path / "diagram.gif").exists()
    assert "choose one of svg, png, pdf" in window.banner.text


def test_export_and_print_are_off_without_a_store(window: MainWindow) -> None:
    window.close_store()
    actions = window.window_actions
    assert not actions.act_export_diagram.isEnabled() and not actions.act_print.isEnabled()


def test_print_opens_a_preview_that_does_not_block(window: MainWindow, qtbot: QtBot) -> None:
    window.window_actions.act_print.trigger()
    dialog = window.diagram_output.preview
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()
    qtbot.waitUntil(lambda: window.diagram_output.preview is None)


def test_a_wide_diagram_prints_across_pages_at_a_readable_scale(
    window: MainWindow, tmp_path: Path
) -> None:
    item = window.diagram.view.item
    assert item is not None
    drawing = DiagramDrawing(item.layout)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = drawing.print_to(printer)
    natural = printer.resolution() / 96.0
    assert drawing.print_scale(printer) >= 0.45 * natural - 1e-9
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    fits_one = drawing.width * drawing.print_scale(printer) <= page.width()
    assert pages == len(drawing.pages(printer)) and (pages > 1 or fits_one)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
