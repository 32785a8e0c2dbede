"""Start-up: the window shows the case before the findings, hidden tabs are built on first
use, and the real entry point reports its first paint and findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workbench.runtime.startup import REPORT_ENV
from workbench.ui.panels.review import ReviewPane
from workbench.ui.session.settings import Settings
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def hidden_window(qtbot: QtBot, demo_store: Path, settings: Settings) -> MainWindow:
    """A window with the demo store open, not shown yet."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.open_store(demo_store)
    return win


def test_findings_follow_the_first_paint(qtbot: QtBot, hidden_window: MainWindow) -> None:
    win = hidden_window
    session = win.session
    assert session is not None
    assert session.result is None  # nothing checked before the window could be drawn
    painted_when_checked: list[bool] = []
    session.checked.connect(lambda _r: painted_when_checked.append(win.painted))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: session.result is not None)
    assert painted_when_checked == [True]
    assert win.findings.table.model().rowCount() > 0


def test_a_window_never_shown_checks_its_case_all_the_same(
    qtbot: QtBot, hidden_window: MainWindow
) -> None:
    session = hidden_window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.result is not None)
    assert not hidden_window.painted
    assert session.result is not None and session.result.report.blocking > 0


def test_review_tab_is_built_when_first_shown(window: MainWindow) -> None:
    assert window._lazy_tabs["review"].panel is None
    session = window.session
    assert session is not None
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    unresolved = sum(1 for c in session.document.review.challenges if not c.status.resolved)
    assert f"Review ({unresolved} unresolved)" in titles
    window.tabs.setCurrentIndex(titles.index(f"Review ({unresolved} unresolved)"))
    pane = window._lazy_tabs["review"].panel
    assert isinstance(pane, ReviewPane)
    assert window.tabs.currentWidget() is pane is window.review
    assert window.tabs.tabText(window.tabs.currentIndex()) == f"Review ({unresolved} unresolved)"
    assert pane.unresolved_count() == unresolved
    assert pane.table.model().rowCount() == len(session.document.review.challenges)


def test_the_review_tab_built_late_follows_the_selection(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    first, second = (e.id for e in session.document.case.elements[:2])
    window.select_element(first)
    assert window._lazy_tabs["review"].panel is None
    pane = window.review  # built now: it starts from the element selected before
    assert pane.raise_form.target() == first
    window.select_element(second)
    assert pane.raise_form.target() == second
    window.go_to_subject(session.document.review.challenges[0].id)
    assert window._lazy_tabs["review"].panel is pane


def test_the_entry_point_reports_first_paint_then_findings(
    demo_store: Path, tmp_path: Path
) -> None:
    report = tmp_path / "startup.jsonl"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        REPORT_ENV: str(report),
    }
    spawned = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "gui", str(demo_store)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    marks: dict[str, dict[str, float]] = {}
    deadline = time.monotonic() + 60
    try:
        while "findings" not in marks and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.02)
            if report.exists():
                for line in report.read_text(encoding="utf-8").splitlines():
                    mark = json.loads(line)
                    marks[mark["milestone"]] = mark
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    order = ["program-loaded", "ui-loaded", "window-built", "first-paint", "findings"]
    assert list(marks) == order
    times = [marks[m]["time"] for m in order]
    assert spawned < times[0] and times == sorted(times)
    assert marks["first-paint"]["pid"] == proc.pid


WINDOW_IMPORTS = """
import sys
from pathlib import Path
import workbench.cli.main
from workbench.ui.window.application import create_main_window, ensure_application
app = ensure_application()
window = create_main_window(Path(sys.argv[1]), remember=False)
window.show()
for _ in range(20):
    app.processEvents()
names = list(sys.modules)
late = names[names.index("PySide6"):]
ours = [n for n in late if n.startswith("workbench.") and not n.startswith("workbench.ui")]
print("\\n".join(ours))
"""


def test_the_program_is_loaded_before_qt(demo_store: Path) -> None:
    """PySide6 reads the source of every module imported after it: the window's own needs
    from the rest of the program are loaded first (workbench.ui.PRELOADED)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_IMPORTS, str(demo_store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def test_the_data_folder_is_the_one_qt_names_for_the_app(
    qapp: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """platformdirs (command line) and QStandardPaths (desktop app) agree on the folder."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from workbench.runtime.paths import app_names, data_dir

    monkeypatch.delenv("WORKBENCH_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    org, app = app_names()
    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app)
    QStandardPaths.setTestModeEnabled(False)  # the tests' own folders are on otherwise
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QStandardPaths.setTestModeEnabled(True)
        QCoreApplication.setOrganizationName(old[0])
        QCoreApplication.setApplicationName(old[1])
    assert data_dir() == Path(qt)
