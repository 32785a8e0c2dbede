"""Window defects found when tried as a user (issue 16): a new store's suffix, what Close
Store leaves behind, the banner that pushed the views down."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workbench.ui.session.settings import Settings
from workbench.ui.window.main import TAB_TITLES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_a_new_store_named_without_a_suffix_gets_db(window: MainWindow, tmp_path: Path) -> None:
    window.ask_save_path = lambda *_a: tmp_path / "fresh"
    window.ask_text = lambda *_a: "Aster-2"
    window.ask_choice = lambda _p, _t, _l, items: items[0]
    window.window_actions.act_new.trigger()
    assert window.session is not None and window.session.path == tmp_path / "fresh.db"
    assert (tmp_path / "fresh.db").exists() and not (tmp_path / "fresh").exists()


def test_a_name_with_a_store_suffix_is_kept(window: MainWindow, tmp_path: Path) -> None:
    window.ask_save_path = lambda *_a: tmp_path / "kept.sqlite"
    window.ask_text = lambda *_a: "Aster-2"
    window.ask_choice = lambda _p, _t, _l, items: items[0]
    window.window_actions.act_new.trigger()
    assert window.session is not None and window.session.path == tmp_path / "kept.sqlite"


def test_close_store_leaves_no_counts_or_level_behind(window: MainWindow) -> None:
    tabs = window.tabs
    assert any(tabs.tabText(i) != TAB_TITLES[i] for i in range(tabs.count()))
    assert window.asl_label.text()
    window.show_notice("Something happened")
    window.window_actions.act_close.trigger()
    assert [tabs.tabText(i) for i in range(tabs.count())] == list(TAB_TITLES)
    assert window.asl_label.text() == "" and window.mode_label.text() == ""
    assert window.statusBar().currentMessage() == ""
    assert not window.banner.isVisible()
    assert window.windowTitle() == "Safety Case Workbench"


def test_a_message_does_not_push_the_views_down(window: MainWindow) -> None:
    before = window.main_splitter.geometry()
    window.show_error("Something went wrong, and this is what to do about it")
    assert window.banner.isVisible()
    assert window.main_splitter.geometry() == before
    banner = window.banner.geometry()
    assert banner.top() == before.top() and banner.width() == before.width()
    assert window.banner.label.isVisible() and window.banner.height() > 0
    window.banner.dismiss()
    assert window.main_splitter.geometry() == before


def test_the_first_window_fits_the_available_screen(qtbot: QtBot, settings: Settings) -> None:
    """No saved geometry: the default size is cut to the screen (offscreen: 800×600)."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    available = win.screen().availableGeometry()
    assert available.width() < 1400  # the default would not fit here
    win.show()
    qtbot.waitExposed(win)
    assert available.contains(win.frameGeometry())
