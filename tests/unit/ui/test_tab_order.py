"""Keyboard access: Tab reaches every control of the editor in the order shown, and leaves the
tables (issue 16: it skipped the requirement chooser and Mark N/A, and was trapped in the
Findings table)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def tab_chain(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    chain: list[QWidget] = [start]
    for _ in range(presses):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        chain.append(now)
    return chain


def test_tab_goes_through_the_not_applicable_form_in_order(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.session is not None
    window.activateWindow()
    window.select_element(window.session.document.case.roots()[0].id)
    editor = window.editor
    na = editor.not_applicable
    claims = editor.claims
    chain = tab_chain(qtbot, editor.text_edit, 10)
    for widget in (claims.chooser, claims.add_button, na.chooser, na.add_button):
        assert widget in chain, widget.accessibleName()
    order = [na.list, editor.na_reason, na.chooser, na.add_button]
    positions = [chain.index(w) for w in order]
    assert positions == sorted(positions) and positions[-1] - positions[0] == 3


def test_tab_leaves_the_findings_table(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    table = window.findings.table
    window.tabs.setCurrentWidget(window.findings)
    assert table.model().rowCount() > 1
    table.setCurrentIndex(table.model().index(0, 0))
    chain = tab_chain(qtbot, table, 2)
    assert chain[1] is not table and chain[2] is not table
