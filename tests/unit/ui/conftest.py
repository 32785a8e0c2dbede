"""Fixtures for the desktop tests: a demo store per test, private settings and data folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from pytestqt.qtbot import QtBot

from workbench.app import Mode
from workbench.ui.session.settings import MemorySettings, Settings
from workbench.ui.window.main import MainWindow


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never touch the real user's settings, data or crash log."""
    monkeypatch.setenv("WORKBENCH_NO_SETTINGS", "1")
    monkeypatch.delenv("WORKBENCH_SETTINGS_FILE", raising=False)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBENCH_CRASH_LOG", str(tmp_path / "state" / "crash.log"))
    monkeypatch.setenv("WORKBENCH_ACTOR", "ui-tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    QStandardPaths.setTestModeEnabled(True)
    yield
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def settings() -> Settings:
    return Settings(MemorySettings())


def _shown(qtbot: QtBot, settings: Settings, store: Path) -> MainWindow:
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.open_store(store)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.session is not None
    qtbot.waitUntil(lambda: win.session is not None and win.session.result is not None)
    return win


@pytest.fixture
def window(qtbot: QtBot, demo_store: Path, settings: Settings) -> Iterator[MainWindow]:
    """The main window on a fresh copy of the demo store, shown offscreen, checks done."""
    win = _shown(qtbot, settings, demo_store)
    yield win
    win.close()


@pytest.fixture
def window_on(qtbot: QtBot, settings: Settings) -> Iterator[Callable[[Path], MainWindow]]:
    """``window_on(store)``: the main window on a store a test built (tests/builders.py)."""
    opened: list[MainWindow] = []

    def open_on(store: Path) -> MainWindow:
        opened.append(_shown(qtbot, settings, store))
        return opened[-1]

    yield open_on
    for win in opened:
        win.close()


@pytest.fixture
def review_window(qtbot: QtBot, demo_store: Path, settings: Settings) -> Iterator[MainWindow]:
    """The demo store opened for review (its only session, R1, is closed), checks done."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.open_store(demo_store, Mode.reviewer)
    win.resize(1400, 900)
    win.show()
    qtbot.waitUntil(lambda: win.session is not None and win.session.result is not None)
    yield win
    win.close()
