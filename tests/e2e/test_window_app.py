"""Start-up and app chrome: first run, reopening, settings, screenshots, errors, about box."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from workbench.domain import InputError
from workbench.ui.session.settings import MemorySettings, Settings
from workbench.ui.window.application import create_main_window, data_dir
from workbench.ui.window.crash import install_excepthook
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_first_run_creates_and_opens_the_demo_store(qtbot: QtBot, settings: Settings) -> None:
    window = create_main_window(None, settings=settings)
    qtbot.addWidget(window)
    assert window.session is not None
    assert window.session.path == data_dir() / "demo.db"
    assert window.session.document.assessment.model.name == "Meridian-4"
    assert settings.last_store == (data_dir() / "demo.db").resolve()
    window.close()


def test_no_store_named_reopens_the_last_one(
    qtbot: QtBot, settings: Settings, demo_store: Path
) -> None:
    settings.add_recent_store(demo_store)
    window = create_main_window(None, settings=settings)
    qtbot.addWidget(window)
    assert window.session is not None and window.session.path == demo_store
    assert not (data_dir() / "demo.db").exists()
    window.close()


def test_a_named_store_that_cannot_be_opened_is_an_input_error(
    tmp_path: Path, settings: Settings
) -> None:
    with pytest.raises(InputError, match="no such store"):
        create_main_window(tmp_path / "absent.db", settings=settings)


def test_opening_a_bad_file_shows_a_banner_and_keeps_the_store_open(
    window: MainWindow, tmp_path: Path
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database, just text that is long enough " * 5)
    assert window.session is not None
    opened = window.session.path
    window.ask_open_path = lambda _parent, _title, _filter: bogus
    window.window_actions.act_open.trigger()
    assert "not a workbench store" in window.banner.label.text()
    assert window.session is not None and window.session.path == opened


def test_recent_stores_and_window_state_survive_a_restart(
    qtbot: QtBot, demo_store: Path, tmp_path: Path
) -> None:
    ini = tmp_path / "settings.ini"
    first = MainWindow(Settings.from_ini(ini))
    qtbot.addWidget(first)
    first.open_store(demo_store)
    first.resize(700, 500)  # inside the offscreen screen, which restoring clamps to
    first.top_splitter.setSizes([200, 700, 300])
    sizes = first.top_splitter.sizes()
    first.close()
    settings = Settings.from_ini(ini)
    assert settings.recent_stores == [demo_store.resolve()]
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.top_splitter.sizes() == sizes
    second.close()


def test_recent_menu_lists_stores_and_opens_them(window: MainWindow, demo_store: Path) -> None:
    window._fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if demo_store.name in a.text()]
    assert actions and actions[0].isEnabled()
    window.close_store()
    actions[0].trigger()
    assert window.session is not None and window.session.path == demo_store


def test_new_store_asks_for_path_and_model_name(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "fresh.db"
    window.ask_save_path = lambda _parent, _title, _filter: target
    window.ask_text = lambda _parent, _title, _label: "Aster-2"
    offered: list[str] = []

    def first_choice(_parent: object, _title: str, _label: str, items: list[str]) -> str:
        offered.extend(items)
        return items[0]

    window.ask_choice = first_choice
    window.window_actions.act_new.trigger()
    assert window.session is not None and window.session.path == target
    assert window.session.document.assessment.model.name == "Aster-2"
    # Several frameworks ship; the default comes first and stays RSP-2.2.
    assert offered[0].startswith("RSP-2.2 ") and any(o.startswith("RSP-3.4 ") for o in offered)
    assert window.session.document.framework.id == "RSP-2.2"
    assert "Aster-2" in window.windowTitle()


def test_export_then_import_json_round_trips_the_case(window: MainWindow, tmp_path: Path) -> None:
    exported = tmp_path / "case.json"
    window.ask_save_path = lambda _parent, _title, _filter: exported
    window.window_actions.act_export.trigger()
    assert exported.exists()
    assert window.session is not None
    elements = {e.id for e in window.session.document.case.elements}
    imported = tmp_path / "imported.db"
    answers = iter([exported])
    window.ask_open_path = lambda _parent, _title, _filter: next(answers)
    window.ask_save_path = lambda _parent, _title, _filter: imported
    window.window_actions.act_import.trigger()
    assert window.session.path == imported
    assert {e.id for e in window.session.document.case.elements} == elements


def test_crash_handler_logs_and_shows_the_error(window: MainWindow, tmp_path: Path) -> None:
    previous = install_excepthook(window.show_error)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    log = Path(os.environ["WORKBENCH_CRASH_LOG"])
    assert "RuntimeError: boom in a slot" in log.read_text()
    assert "boom in a slot" in window.banner.label.text()
    assert str(log) in window.banner.label.text()


def test_about_box_does_not_block(window: MainWindow) -> None:
    window.window_actions.act_about.trigger()
    assert window.about_box is not None
    assert window.about_box.isVisible() and not window.about_box.isModal()
    assert "Safety Case Workbench" in window.about_box.text()


def test_findings_double_click_selects_the_subject(window: MainWindow, qtbot: QtBot) -> None:
    table = window.findings.table
    proxy = window.findings.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 2).data() == "G3.6")
    index = proxy.index(row, 2)
    table.scrollTo(index)
    rect = table.visualRect(index)
    # A real double-click starts with a click (QTest's double-click alone has no press).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_id == "G3.6"
    assert window.editor.element_id == "G3.6"


def test_matrix_click_jumps_to_the_claiming_goal(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None and window.session.result is not None
    row = next(r for r in window.session.result.matrix.values() if r.goals)
    window.tabs.setCurrentWidget(window.matrix)
    assert window.matrix.select_requirement(row.requirement)
    assert window.current_id == row.goals[0]
    assert window.outline.current_element_id() == row.goals[0]


def test_screenshot_command_writes_a_1400_by_900_png(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "gui", str(demo_store), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_memory_settings_forget_everything(demo_store: Path) -> None:
    settings = Settings(MemorySettings())
    settings.add_recent_store(demo_store)
    assert Settings(MemorySettings()).recent_stores == []


def test_new_store_offers_the_imported_frameworks(window: MainWindow, tmp_path: Path) -> None:
    from workbench.app.catalogs import builtin_framework, import_framework

    lab = builtin_framework().model_copy(update={"id": "LAB-1", "title": "Lab policy"})
    import_framework(lab)
    offered: list[list[str]] = []

    def choose(_parent: object, _title: str, _label: str, items: list[str]) -> str:
        offered.append(items)
        return next(i for i in items if i.startswith("LAB-1"))

    window.ask_save_path = lambda _parent, _title, _filter: tmp_path / "lab.db"
    window.ask_text = lambda _parent, _title, _label: "Aster-3"
    window.ask_choice = choose
    window.window_actions.act_new.trigger()
    assert offered and offered[0][0].startswith("RSP-2.2 — ")  # the default comes first
    assert window.session is not None
    assert window.session.document.framework.id == "LAB-1"


QT_DATA_DIR = """
from PySide6.QtCore import QCoreApplication, QStandardPaths
from workbench.runtime.paths import app_names, data_dir
org, name = app_names()
QCoreApplication.setOrganizationName(org)
QCoreApplication.setApplicationName(name)
app = QCoreApplication([])
print(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
print(data_dir())
"""


def test_the_command_line_finds_the_same_data_folder_as_qt(tmp_path: Path) -> None:
    """Catalogues imported on the command line are where the desktop app looks."""
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DATA_DIR"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    done = subprocess.run(
        [sys.executable, "-c", QT_DATA_DIR], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    qt, ours = done.stdout.splitlines()
    assert qt == ours and ours.startswith(str(tmp_path / "xdg"))
