"""The GUI names the required level and the re-assessment triggers in the framework's terms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import case
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_oai_case_names_its_level_and_shows_no_rsp_gauges(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    store = case("PF model", framework="OAI-PF-2").goal("G1").store(tmp_path / "pf.db")
    win = window_on(store)
    header = win.findings.summary.text()
    assert header.startswith("Required safeguards level <b>none demanded</b> · ")
    assert "ASL" not in header
    assert "ASL" not in win.asl_label.text()
    tab = win.compliance
    tab.reload()
    assert not any(view.isVisibleTo(tab) for view in tab.gauges)
    assert tab.unstated.isVisibleTo(tab)
    assert tab.unstated.text().startswith("OAI-PF-2 states no effective-compute trigger")


def test_rsp_demo_keeps_the_asl_header_and_four_gauges(window: MainWindow) -> None:
    assert window.findings.summary.text().startswith(
        "Required <b>ASL-3</b> (deployment ASL-3, security ASL-3) · "
    )
    tab = window.compliance
    tab.reload()
    assert sum(view.isVisibleTo(tab) for view in tab.gauges) == 4
    assert not tab.unstated.isVisibleTo(tab)
