"""GSN diagram: the shared layout drawn, clicks select, zoom by keyboard and Ctrl+wheel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_every_element_is_laid_out(window: MainWindow) -> None:
    item = window.diagram.view.item
    assert item is not None and window.session is not None
    assert set(item.layout.by_id) == set(window.session.document.case.by_id)


def test_choosing_a_module_shows_only_its_elements(window: MainWindow) -> None:
    box = window.diagram.module_box
    box.setCurrentIndex(box.findData("security"))
    item = window.diagram.view.item
    assert item is not None and window.session is not None
    expected = {e.id for e in window.session.document.case.elements if e.module == "security"}
    assert set(item.layout.by_id) == expected


def test_clicking_a_node_selects_it_in_the_outline(window: MainWindow, qtbot: QtBot) -> None:
    view = window.diagram.view
    assert view.item is not None
    node = view.item.layout.node("S1")
    view.centerOn(node.cx, node.cy)
    point = view.mapFromScene(QPointF(node.cx, node.cy))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_id == "S1"
    assert window.outline.current_element_id() == "S1"
    assert window.editor.element_id == "S1"


def test_selecting_in_the_outline_highlights_and_reveals_the_node(window: MainWindow) -> None:
    window.outline.select_element("Sn7")
    index = window.outline.tree.currentIndex()
    window.outline.tree.setCurrentIndex(index.parent())
    window.outline.tree.setCurrentIndex(index)
    view = window.diagram.view
    assert view.item is not None and view.item.selected == "Sn7"
    node = view.item.layout.node("Sn7")
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(QPointF(node.cx, node.cy))


def test_selected_node_is_drawn_in_the_selection_colour(window: MainWindow) -> None:
    window.select_element("S1")
    view = window.diagram.view
    assert view.item is not None
    node = view.item.layout.node("S1")
    view.centerOn(node.cx, node.cy)
    image = view.viewport().grab().toImage()
    edge = view.mapFromScene(QPointF(node.cx, node.y + 1))
    colours = {image.pixelColor(edge.x(), edge.y() + dy).name() for dy in range(-2, 3)}
    assert QColor("#1a73e8").name() in colours


def test_keyboard_zoom_in_and_out(window: MainWindow) -> None:
    view = window.diagram.view
    view.zoom_reset()
    window.window_actions.act_zoom_in.trigger()
    assert view.zoom == pytest.approx(1.25)
    window.window_actions.act_zoom_out.trigger()
    window.window_actions.act_zoom_out.trigger()
    assert view.zoom == pytest.approx(0.8)
    assert window.diagram.zoom_label.text() == "80 %"


def test_ctrl_wheel_zooms_and_plain_wheel_scrolls(window: MainWindow) -> None:
    view = window.diagram.view
    view.zoom_reset()
    centre = QPointF(view.viewport().rect().center())

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(
            centre,
            QPointF(view.viewport().mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(view.viewport(), event)

    wheel(Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.15)
    before = view.verticalScrollBar().value()
    view.verticalScrollBar().setValue(before + 200)
    scrolled = view.verticalScrollBar().value()
    wheel(Qt.KeyboardModifier.NoModifier)
    assert view.zoom == pytest.approx(1.15)
    assert view.verticalScrollBar().value() < scrolled


def test_fit_shows_the_whole_diagram(window: MainWindow) -> None:
    view = window.diagram.view
    window.window_actions.act_zoom_fit.trigger()
    assert view.item is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    bounds = view.item.boundingRect()
    assert visible.width() >= bounds.width() - 1 and visible.height() >= bounds.height() - 1
