"""A start-up error shown in a dialog: started from the desktop entry there is no terminal
to read the one-line error in, so it would be lost."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.runtime.paths import app_names

TITLE = "Safety Case Workbench could not start"


def launch_error_box(text: str) -> QMessageBox:
    """The dialog that tells why the app did not start (made, not shown)."""
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, text, QMessageBox.StandardButton.Close)
    box.setInformativeText(
        "Start it from a terminal with 'workbench gui' to see this message there too."
    )
    box.setObjectName("launchError")
    return box


def show_launch_error(text: str) -> bool:
    """Show ``text`` in a dialog and wait for it to be closed; False when no window can be
    shown here (no display), so the caller's one line on stderr is all there is."""
    shown_somewhere = any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    )
    if sys.platform.startswith("linux") and not shown_somewhere:
        return False
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        org, name = app_names()
        app = QApplication([name])
        app.setOrganizationName(org)
    launch_error_box(text).exec()
    return True
