"""The Requirements tab's framework chooser: the case's own matrix, or its coverage of another
framework through a crosswalk, the same statuses as ``check --also``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.app import crosswalks
from workbench.app.catalogs import import_framework, load_framework_file
from workbench.app.checking import other_coverage
from workbench.ui.panels.matrix import REQUIREMENT_ROLE
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DATA = Path(__file__).parents[1] / "checks" / "data" / "crosswalk"


@pytest.fixture
def toy_linked(monkeypatch: pytest.MonkeyPatch) -> str:
    """The toy framework imported, and its crosswalk with RSP-2.2 taken as a shipped one."""
    import_framework(load_framework_file(DATA / "toy-1.json"))
    mapping = crosswalks.load_mapping_file(DATA / "rsp-2.2--toy-1.json")
    monkeypatch.setattr(
        crosswalks, "builtin_mappings", lambda: {frozenset(mapping.frameworks): mapping}
    )
    return "TOY-1"


def _opened(window_on: Callable[[Path], MainWindow], store: Path) -> MainWindow:
    window = window_on(store)
    window.tabs.setCurrentWidget(window.matrix)
    return window


def test_the_chooser_offers_the_own_framework_and_each_linked_one(
    window_on: Callable[[Path], MainWindow], demo_store: Path, toy_linked: str
) -> None:
    panel = _opened(window_on, demo_store).matrix
    items = [panel.chooser.itemText(i) for i in range(panel.chooser.count())]
    assert items == ["RSP-2.2 (the case's framework)", "TOY-1 through the crosswalk"]
    assert panel.chooser.isEnabled()
    assert panel.shown_framework() is None


def test_choosing_a_framework_shows_the_same_coverage_as_the_check(
    window_on: Callable[[Path], MainWindow],
    demo_store: Path,
    toy_linked: str,
    qtmodeltester: ModelTester,
) -> None:
    window = _opened(window_on, demo_store)
    panel = window.matrix
    assert panel.show_framework(toy_linked)
    assert panel.stack.currentWidget() is panel.other_table
    result = window.session.result if window.session else None
    assert result is not None
    [expected] = other_coverage(result.document, result.matrix, [toy_linked])
    model = panel.other_model
    shown = [
        (model.index(r, 0).data(REQUIREMENT_ROLE), model.index(r, 2).data())
        for r in range(model.rowCount())
    ]
    words = {"covered": "Covered", "partial": "Partly covered", "not_addressed": "Not addressed"}
    assert shown == [(i.id, words[i.status.value]) for i in expected.items]
    assert {s for _, s in shown} == set(words.values())  # the demo has one of each
    assert "Toy Safety Code" in panel.summary.text()
    assert "2 not addressed · 2 partly covered · 1 covered" in panel.summary.text()
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(panel.other_proxy, force_py=True)


def test_selecting_an_item_shows_its_links_and_rationales(
    window_on: Callable[[Path], MainWindow], demo_store: Path, toy_linked: str
) -> None:
    panel = _opened(window_on, demo_store).matrix
    panel.show_framework(toy_linked)
    row = panel.other_model.row_of("TOY-1/SAFEGUARDS/trusted")
    panel.other_table.setCurrentIndex(
        panel.other_proxy.mapFromSource(panel.other_model.index(row, 0))
    )
    html = panel.details.toPlainText()
    assert "TOY-1/SAFEGUARDS/trusted" in html
    assert "RSP-2.2/ASL3-D/trusted-users (started) — weaker: RSP-2.2 §4.1, criterion 6" in html


def test_back_to_the_own_framework_shows_the_matrix_again(
    window_on: Callable[[Path], MainWindow], demo_store: Path, toy_linked: str
) -> None:
    panel = _opened(window_on, demo_store).matrix
    panel.show_framework(toy_linked)
    panel.show_framework(None)
    assert panel.stack.currentWidget() is panel.table
    assert panel.summary.text().startswith("<b>Required: ASL-3</b>")


def test_going_to_an_own_requirement_leaves_the_other_framework(
    window_on: Callable[[Path], MainWindow], demo_store: Path, toy_linked: str
) -> None:
    panel = _opened(window_on, demo_store).matrix
    panel.show_framework(toy_linked)
    assert panel.select_requirement("RSP-2.2/ASL3-D/red-teaming", jump=False)
    assert panel.shown_framework() is None
    assert panel.current_requirement() == "RSP-2.2/ASL3-D/red-teaming"


def test_a_crosswalk_that_no_longer_fits_is_a_message_not_a_crash(
    window_on: Callable[[Path], MainWindow],
    demo_store: Path,
    toy_linked: str,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    panel = _opened(window_on, demo_store).matrix
    from workbench.domain.mapping import FrameworkMapping

    monkeypatch.setattr(FrameworkMapping, "problems", lambda self, a, b: ["link 1: broken"])
    with qtbot.waitSignal(panel.messageRaised) as raised:
        panel.show_framework(toy_linked)
    assert "does not fit: link 1: broken" in raised.args[0]
    assert panel.shown_framework() is None


def test_without_a_linked_framework_the_chooser_is_disabled(
    window_on: Callable[[Path], MainWindow], demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crosswalks, "builtin_mappings", dict)
    panel = _opened(window_on, demo_store).matrix
    assert panel.chooser.count() == 1
    assert not panel.chooser.isEnabled()


def test_the_demo_shows_its_eu_code_coverage_with_every_status(
    window_on: Callable[[Path], MainWindow], demo_store: Path
) -> None:
    """The shipped RSP-2.2 <-> EU-COP-SS crosswalk, as ``check --also EU-COP-SS`` reports it."""
    panel = _opened(window_on, demo_store).matrix
    assert panel.chooser.findData("EU-COP-SS") > 0
    assert panel.show_framework("EU-COP-SS")
    model = panel.other_model
    statuses = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert statuses == {"Covered", "Partly covered", "Not addressed"}
    row = model.row_of("EU-COP-SS/A4.1/patching")
    assert model.index(row, 2).data() == "Covered"
    assert model.index(row, 3).data() == "RSP-2.2/ASL2-S/infrastructure (equivalent)"
