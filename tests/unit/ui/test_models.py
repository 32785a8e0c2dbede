"""Every item model passes pytest-qt's model tester on the demo assessment."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel
from pytestqt.modeltest import ModelTester

import workbench.ui
from workbench.ui.window.main import MainWindow

# The offscreen platform cannot pass a window's size constraints on; that is not our fault.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_outline_filter_is_a_valid_tree(window: MainWindow, qtmodeltester: ModelTester) -> None:
    window.outline.search_box.setText("jailbreak")
    window.outline.apply_filter()
    qtmodeltester.check(window.outline.proxy, force_py=True)


def test_requirements_sorted_view_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.matrix.proxy, force_py=True)


def test_evidence_sorted_view_is_valid(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.evidence.proxy, force_py=True)


def _other_coverage(window: MainWindow) -> QAbstractItemModel:
    """The Requirements tab's coverage of another framework, showing the last one offered."""
    chooser = window.matrix.chooser
    window.matrix.show_framework(chooser.itemData(chooser.count() - 1))
    return window.matrix.other_model


#: Every item model class of workbench.ui and where the window holds one.
WINDOW_MODELS: dict[str, Callable[[MainWindow], QAbstractItemModel]] = {
    "OutlineModel": lambda w: w.outline.model,
    "OutlineFilter": lambda w: w.outline.proxy,
    "RequirementsModel": lambda w: w.matrix.model,
    "OtherCoverageModel": _other_coverage,
    "EvidenceModel": lambda w: w.evidence.model,
    "FindingsModel": lambda w: w.findings.model,
    "SeverityFilter": lambda w: w.findings.proxy,
    "ChallengeModel": lambda w: w.review.model,
    "ChallengeFilter": lambda w: w.review.proxy,
    "SessionModel": lambda w: w.review.session_model,
    "ChoiceListModel": lambda w: w.review.raise_form.targets,
    "ScheduleModel": lambda w: w.compliance.schedule_model,
    "MethodologyModel": lambda w: w.compliance.methodology_model,
    "NoncomplianceModel": lambda w: w.compliance.noncompliance_model,
}
#: Models a dialog holds, and the test file that runs the model tester on one.
#: Dialog models, each with the test file (from the repository root) that model-tests it.
DIALOG_MODELS = {"SignatureModel": "tests/e2e/test_window_packet_dialogs.py"}
#: Abstract bases: only their subclasses are ever shown.
BASES = {"RowTableModel"}


def ui_model_classes() -> set[str]:
    names: set[str] = set()
    for info in pkgutil.walk_packages(workbench.ui.__path__, "workbench.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, QAbstractItemModel)
                and value.__module__ == info.name
            ):
                names.add(value.__name__)
    return names


def test_every_item_model_class_is_model_tested() -> None:
    assert ui_model_classes() == set(WINDOW_MODELS) | set(DIALOG_MODELS) | BASES
    for name, test_file in DIALOG_MODELS.items():
        source = (Path(__file__).resolve().parents[3] / test_file).read_text(encoding="utf-8")
        attribute = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        assert f"qtmodeltester.check(dialog.{attribute}" in source


@pytest.mark.parametrize("name", sorted(WINDOW_MODELS))
def test_item_model_passes_the_model_tester(
    window: MainWindow, qtmodeltester: ModelTester, name: str
) -> None:
    model = WINDOW_MODELS[name](window)
    assert type(model).__name__ == name
    qtmodeltester.check(model, force_py=True)
