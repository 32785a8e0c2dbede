"""Big cases: checks and layout run on worker threads and land in the views when done."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workbench.app.changes import update_element
from workbench.ui.panels import diagram
from workbench.ui.session import case as session
from workbench.ui.session.settings import Settings
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def background_window(
    qtbot: QtBot, demo_store: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The demo case treated as big: everything heavy goes to the thread pool."""
    monkeypatch.setattr(session, "BACKGROUND_ELEMENTS", 10)
    monkeypatch.setattr(session, "FIRST_BACKGROUND_DELAY_MS", 0)
    monkeypatch.setattr(diagram, "BACKGROUND_ELEMENTS", 10)
    monkeypatch.setattr(diagram, "BACKGROUND_START_MS", 0)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.open_store(demo_store)
    win.show()
    yield win
    win.close()


def test_worker_results_reach_findings_matrix_and_diagram(
    background_window: MainWindow, qtbot: QtBot
) -> None:
    win = background_window
    assert win.diagram.view.item is None  # not laid out on the GUI thread
    qtbot.waitUntil(
        lambda: win.diagram.ready and win.session is not None and win.session.result is not None
    )
    assert win.diagram.view.item is not None
    assert win.session is not None
    assert len(win.diagram.view.item.layout.nodes) == len(win.session.document.case.elements)
    assert win.findings.model.rows and win.matrix.model.rows


def test_stale_worker_results_are_dropped(background_window: MainWindow, qtbot: QtBot) -> None:
    win = background_window
    assert win.session is not None
    qtbot.waitUntil(lambda: win.session is not None and win.session.result is not None)
    win.session.edit(lambda doc: update_element(doc, "G2.4", undeveloped=False))
    win.session.run_checks()
    win.session.run_checks()
    qtbot.waitUntil(lambda: not win.session.checking)  # type: ignore[union-attr]
    result = win.session.result
    assert result is not None and result.document is win.session.document
    assert "GSN-UNDEVELOPED" not in {f.rule for f in result.report.findings if f.subject == "G2.4"}


def test_gui_command_with_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "gui", str(tmp_path / "absent.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no such store" in result.stderr
