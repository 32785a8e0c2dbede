"""Starting the desktop app: QApplication, the store to open, the window, screenshot mode."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from workbench.app import Mode
from workbench.app.outputs import output_file
from workbench.domain import InputError
from workbench.runtime.paths import app_names, data_dir
from workbench.runtime.startup import release_collector, report_milestone
from workbench.ui.session.settings import Settings
from workbench.ui.session.tasks import wait_for_tasks
from workbench.ui.window.crash import install_excepthook
from workbench.ui.window.main import APP_NAME, MainWindow, app_icon

log = logging.getLogger("workbench.ui.window.application")

DEMO_STORE_NAME = "demo.db"
SCREENSHOT_SIZE = (1400, 900)
SWITCH_INTERVAL_S = 0.001
GC_YOUNG_THRESHOLD = 20_000


def ensure_application() -> QApplication:
    """The process's QApplication, created with the names settings and data paths use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Background work (layout, checks) is Python too: hand the GIL back to the GUI thread
    # after 1 ms instead of the default 5 ms, so painting and input stay smooth.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    org, app_name = app_names()
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app_name)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("org.safetycaseworkbench.Workbench")
    app.setWindowIcon(app_icon())
    # Everything imported so far (modules, classes, Qt wrappers) lives as long as the
    # process: move it out of the cyclic collector's way, so that the collections a large
    # case triggers while it loads do not walk it again and again (CPython's gc.freeze).
    gc.freeze()
    # A case is a tree of some hundred thousand small objects, none of them garbage when it
    # loads: collecting the youngest generation every 20,000 allocations instead of every
    # 700 (CPython's default) opens a 10,000-element store about 14% faster (bench_gui).
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    return app


def demo_store_path() -> Path:
    """The demo store in the user data folder, written the first time it is needed."""
    from workbench.app.demo import write_demo

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_STORE_NAME
    if not path.exists():
        write_demo(path)
    return path


def store_to_open(settings: Settings) -> Path:
    """With no store named: the last one opened if it is still there, else the demo store."""
    last = settings.last_store
    if last is not None and last.is_file():
        return last
    return demo_store_path()


def create_main_window(
    store: Path | None,
    *,
    review: bool = False,
    settings: Settings | None = None,
    remember: bool = True,
) -> MainWindow:
    """A window with a store open; a store named explicitly that cannot be opened raises.

    When the last store (not named on the command line) fails to open, the demo store is
    opened instead and the window says why.
    """
    ensure_application()
    settings = settings or Settings.from_environment()
    mode = Mode.reviewer if review else Mode.author
    window = MainWindow(settings, remember=remember)
    if store is not None:
        if not window.open_store(Path(store), mode):
            message = window.banner.label.text()
            window.close()
            window.deleteLater()
            raise InputError(message)
        return window
    path = store_to_open(settings)
    if not window.open_store(path, mode):
        problem = window.banner.label.text()
        if window.open_store(demo_store_path(), mode):
            window.show_error(f"could not reopen {path.name} ({problem}); opened the demo store")
    return window


def save_screenshot(
    window: MainWindow, out: Path, *, timeout: float = 60.0, force: bool = False
) -> None:
    """Render the window at 1400×900 once checks and layout are done; write a PNG (an
    existing file is replaced only with ``force``)."""
    app = ensure_application()
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        session = window.session
        busy = session is not None and (session.checking or not window.diagram.ready)
        if not busy:
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
    pixmap = window.grab()
    store = window.session.workspace.path if window.session is not None else None
    with output_file(out, force=force, inputs=[store] if store is not None else []) as tmp:
        if not pixmap.save(str(tmp), "PNG"):
            raise InputError(f"cannot write the screenshot to {out}")


def run(
    store: Path | None,
    *,
    screenshot: Path | None = None,
    review: bool = False,
    force: bool = False,
) -> int:
    """Open the window and run the event loop (or save a screenshot and return)."""
    if screenshot is not None and QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_application()
    report_milestone("ui-loaded")
    window = create_main_window(store, review=review, remember=screenshot is None)
    report_milestone("window-built")
    if screenshot is not None:
        release_collector(freeze=False)
        try:
            save_screenshot(window, Path(screenshot), force=force)
        finally:
            window.close()
            wait_for_tasks()
        return 0
    previous = install_excepthook(window.show_error)
    watch_start_up(window)
    window.show()
    try:
        return app.exec()
    finally:
        release_collector(freeze=False)
        sys.excepthook = previous
        wait_for_tasks()


def watch_start_up(window: MainWindow) -> None:
    """Start-up ends with the first paint: let the collector go (ensure_application froze
    the imports), and note the milestones for ``WORKBENCH_STARTUP_REPORT``."""

    def painted() -> None:
        release_collector(freeze=False)
        report_milestone("first-paint")
        session = window.session
        if session is None or session.result is not None:
            report_milestone("findings")
        else:
            session.checked.connect(findings, Qt.ConnectionType.SingleShotConnection)

    def findings(_result: object) -> None:
        report_milestone("findings")

    window.firstPainted.connect(painted, Qt.ConnectionType.SingleShotConnection)
