"""Crash handler: an uncaught exception is logged with its traceback and shown, not lost."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from workbench.runtime.paths import crash_log_path

log = logging.getLogger("workbench.ui.window.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def write_crash_log(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path | None:
    """Append the traceback to the crash log; the path, or None when it cannot be written."""
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now(dt.UTC).isoformat()} workbench gui\n")
            f.write("".join(traceback.format_exception(exc_type, exc, tb)))
    except OSError:
        return None
    return path


def install_excepthook(show: Callable[[str], None]) -> ExceptHook:
    """Route uncaught exceptions to the log and to ``show`` (a non-blocking message).

    Returns the previous hook, so a caller can put it back.
    """
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        path = write_crash_log(exc_type, exc, tb)
        where = f"; details in {path}" if path else ""
        try:
            show(f"Internal error: {exc_type.__name__}: {exc}{where}. Your saved work is safe.")
        except Exception:  # the window itself may be what failed
            previous(exc_type, exc, tb)

    sys.excepthook = hook
    return previous
