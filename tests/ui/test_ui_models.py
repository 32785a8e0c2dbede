"""Every item model passes pytest-qt's model tester on the demo assessment."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from workbench.ui.window.main import MainWindow

# The offscreen platform cannot pass a window's size constraints on; that is not our fault.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_outline_model_is_a_valid_tree(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.outline.model, force_py=True)


def test_outline_filter_is_a_valid_tree(window: MainWindow, qtmodeltester: ModelTester) -> None:
    window.outline.search_box.setText("jailbreak")
    window.outline.apply_filter()
    qtmodeltester.check(window.outline.proxy, force_py=True)


def test_requirements_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.matrix.model, force_py=True)


def test_requirements_sorted_view_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.matrix.proxy, force_py=True)


def test_evidence_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.evidence.model, force_py=True)


def test_evidence_sorted_view_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.evidence.proxy, force_py=True)


def test_findings_model_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.findings.model, force_py=True)


def test_findings_severity_filter_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.findings.proxy, force_py=True)
