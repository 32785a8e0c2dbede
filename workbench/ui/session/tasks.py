"""Background work on QThreadPool with results, errors and progress posted to the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("workbench.ui.session.tasks")

#: Progress is posted at most this often (seconds), so a fast worker cannot flood the GUI.
PROGRESS_INTERVAL = 0.05


class TaskContext:
    """Handed to the work function: report progress, ask whether the user cancelled."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()
        self._last = 0.0

    def progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL or (total and done >= total):
            self._last = now
            self._relay.progressed.emit(done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted by the worker are delivered there (queued)."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class TaskHandle(QObject):
    """A running task: cancel it, or ask whether it is still running."""

    def __init__(self) -> None:
        super().__init__()
        self.relay = _Relay()
        self.context = TaskContext(self.relay)
        self.running = True

    def cancel(self) -> None:
        self.context.cancel()

    @Slot(object)
    def _done(self, _result: object) -> None:
        self.running = False
        _RUNNING.discard(self)


_RUNNING: set[TaskHandle] = set()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[TaskContext], Any], handle: TaskHandle) -> None:
        super().__init__()
        self.work = work
        self.handle = handle

    def run(self) -> None:
        """QRunnable.run, on a pool thread."""
        relay = self.handle.relay
        try:
            result = self.work(self.handle.context)
        except Exception as exc:  # posted to the GUI thread, which reports it
            outcome, signal = exc, relay.failed
        else:
            outcome, signal = result, relay.finished
        try:
            signal.emit(outcome)
        except RuntimeError:  # the app quit while this ran: nobody is left to tell
            log.debug("task finished after its receiver was deleted")


def run_task(
    work: Callable[[TaskContext], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    on_progress: Callable[[int, int], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> TaskHandle:
    """Run ``work(context)`` on the thread pool; its outcome calls back on the GUI thread."""
    handle = TaskHandle()
    relay = handle.relay
    relay.finished.connect(on_done)
    relay.failed.connect(on_error)
    relay.finished.connect(handle._done)
    relay.failed.connect(handle._done)
    if on_progress is not None:
        relay.progressed.connect(on_progress)
    _RUNNING.add(handle)
    (pool or QThreadPool.globalInstance()).start(_Runnable(work, handle))
    return handle


def wait_for_tasks(timeout_ms: int = 30_000) -> bool:
    """Block until the global pool is idle (used at exit and by the screenshot mode)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
