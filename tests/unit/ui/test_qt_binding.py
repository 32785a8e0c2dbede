"""The Qt binding itself: dispatching events must not drop references (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from workbench.ui.session.release import release


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_event_dispatch_keeps_reference_to_none(qapp: QApplication) -> None:
    # What an earlier test left to be freed slice by slice (diagram layouts, whose boxes hold
    # None) would lower the count while this test runs: free it first.
    release().flush()
    widget = QWidget()
    widget.show()
    qapp.processEvents()
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
        qapp.processEvents()
    # A healthy binding may hold a few more references; 6.12.0 lost about two per event,
    # which after some minutes of use crashes the interpreter.
    assert sys.getrefcount(None) - before > -50
    widget.close()
