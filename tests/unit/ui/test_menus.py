"""Menus and toolbar: one mnemonic per letter in each menu, a toolbar that does not move, and
an undo that says what it keeps."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton
from pytestqt.qtbot import QtBot

from workbench.app.changes import update_element
from workbench.ui.window.actions import UNDO_KEPT
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def mnemonic(text: str) -> str | None:
    """The letter after a single & (&& is a literal ampersand)."""
    found = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def menus(window: MainWindow) -> list[tuple[str, list[QAction]]]:
    """Every menu of the menu bar (and their submenus), the recent list filled."""
    window.window_actions.fill_recent_menu()
    found: list[tuple[str, list[QAction]]] = [("menu bar", window.menuBar().actions())]
    stack = [a.menu() for a in window.menuBar().actions()]
    while stack:
        menu = stack.pop()
        if not isinstance(menu, QMenu):
            continue
        found.append((menu.title(), menu.actions()))
        stack.extend(a.menu() for a in menu.actions() if a.menu() is not None)
    return found


def test_no_menu_has_two_entries_with_one_mnemonic(window: MainWindow) -> None:
    assert window.session is not None
    window.select_element(window.session.document.case.roots()[0].id)
    window.session.undo_stack.clear()
    for title, actions in menus(window):
        letters: dict[str, str] = {}
        for action in actions:
            if action.isSeparator():
                continue
            letter = mnemonic(action.text())
            if letter is None:
                continue
            assert letter not in letters, (
                f"{title}: {action.text()!r} and {letters[letter]!r} share &{letter}"
            )
            letters[letter] = action.text()


def test_no_two_actions_of_the_window_share_a_shortcut(window: MainWindow) -> None:
    """A shortcut two actions claim fires neither (Qt calls it ambiguous): Print Diagram and
    Insert Pattern once both took Ctrl+Shift+P."""
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            if not text:
                continue
            assert text not in owners or owners[text] == action.text(), (
                f"{text} is the shortcut of both {owners[text]!r} and {action.text()!r}"
            )
            owners[text] = action.text()
    assert owners, "the window's actions carry shortcuts"


def test_the_mnemonic_finder_sees_a_clash() -> None:
    """The check above can fail: the File menu's old pair clashed on R."""
    assert mnemonic("Open for &Review…") == mnemonic("Open &Recent") == "r"
    assert mnemonic("Rock && &Roll") == "r" and mnemonic("No mnemonic") is None


def test_toolbar_buttons_keep_their_place_when_the_undo_text_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    toolbar = window.toolbar
    actions = window.window_actions
    buttons = [toolbar.widgetForAction(a) for a in toolbar.actions() if not a.isSeparator()]
    before = [b.geometry() for b in buttons if b is not None]
    window.editor.text_edit.setFocus()
    assert window.session is not None and window.current_id is not None
    element_id = window.current_id
    longer = "A much longer text than the one it had before"
    window.session.edit(lambda doc: update_element(doc, element_id, text=longer))
    qtbot.waitUntil(lambda: actions.act_undo.isEnabled())
    assert len(actions.act_undo.text()) > len("&Undo")
    after = [b.geometry() for b in buttons if b is not None]
    assert after == before
    undo_button = toolbar.widgetForAction(actions.act_undo)
    assert isinstance(undo_button, QToolButton) and undo_button.text() == "Undo"


def test_undo_says_its_history_is_not_kept_after_closing(window: MainWindow) -> None:
    """Issue 16 item 6: the history is the window's; the tooltip says so."""
    tip = window.window_actions.act_undo.toolTip()
    assert UNDO_KEPT in tip and "closing the store" in tip
    assert "Ctrl+Z" in tip
