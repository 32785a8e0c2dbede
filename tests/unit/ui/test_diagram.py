"""GSN diagram: the shared layout drawn, clicks select, zoom by keyboard and Ctrl+wheel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.ui.panels.diagram import LEGIBLE_ZOOM
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
    view.zoom_reset()  # the diagram opens fitted; at 1:1 the outline is a whole pixel wide
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


def test_fit_never_goes_below_a_legible_zoom_and_shows_the_top(window: MainWindow) -> None:
    view = window.diagram.view
    view.set_zoom(0.1)
    window.window_actions.act_zoom_fit.trigger()
    assert view.item is not None
    assert view.zoom == pytest.approx(LEGIBLE_ZOOM)  # the demo is too wide to fit legibly
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    top = view.item.layout.node("G1")  # the top goal
    assert visible.contains(QRectF(top.x, top.y, top.w, top.h))


@pytest.fixture
def beside(window_on: Callable[[Path], MainWindow], tmp_path: Path) -> MainWindow:
    """G0 over G1 (contexts C1, C2, C3 beside it) and a tall G2, over G3 and G4."""
    tall = " ".join(["a claim long enough to make the tallest box of its layer"] * 4)
    store = (
        case()
        .goal("G0", "Top claim")
        .goal("G1", "Sub-claim")
        .context("C1", "short")
        .context("C2", "short", under="G1")
        .context("C3", "short", under="G1")
        .goal("G3", under="G1")
        .goal("G2", tall, under="G0")
        .goal("G4", under="G2")
        .store(tmp_path / "beside.db")
    )
    return window_on(store)


def test_a_text_edit_that_grows_a_box_restacks_it_without_a_new_layout(
    beside: MainWindow, qtbot: QtBot
) -> None:
    item = beside.diagram.view.item
    assert item is not None
    before = item.layout
    assert before.by_id["C3"].y > before.by_id["C1"].y  # C1 and C3 share the right column
    beside.select_element("C1")
    beside.editor.text_edit.setPlainText("a context that now needs a few lines of text")
    beside.editor.save_text()
    assert beside.diagram.view.item is item  # the same item: no layout was started
    after = item.layout
    assert after.by_id["C1"].h > before.by_id["C1"].h
    assert after.by_id["C3"].y > before.by_id["C3"].y
    assert item.nodes_in(QRectF(after.by_id["C3"].x, after.by_id["C3"].bottom - 2, 2, 2))
    beside.diagram.reload()
    qtbot.waitUntil(lambda: beside.diagram.ready)
    fresh = beside.diagram.view.item
    assert fresh is not None and fresh is not item
    assert fresh.layout.nodes == after.nodes and fresh.layout.edges == after.edges
