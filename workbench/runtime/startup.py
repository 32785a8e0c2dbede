"""Start-up housekeeping for the entry points (``workbench``, ``workbench-gui``, ``python -m``).

The collector: loading the program (pydantic, the domain models, Qt's wrappers, then the
first case) allocates a few hundred thousand objects that live as long as the process, and
every cyclic collection those allocations trigger walks all of them again, for nothing. The
entry points hold the collector from the first import; a command lets it go once it has
started, and the desktop app once its window has been painted. What was imported by then
is frozen (``gc.freeze``) so that later collections skip it.

The report: with ``WORKBENCH_STARTUP_REPORT=FILE`` set, the desktop app appends one JSON line
per start-up milestone (``{"milestone": "first-paint", "time": <epoch seconds>}``), so that
the time from launch to the first window can be measured from outside the process, on the
real entry point (``benchmarks/bench_gui.py`` does).
"""

from __future__ import annotations

import gc
import json
import os
import time

REPORT_ENV = "WORKBENCH_STARTUP_REPORT"

_held = False


def hold_collector() -> None:
    """Pause cyclic garbage collection until :func:`release_collector` (idempotent)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collector(*, freeze: bool = True) -> None:
    """Start-up is over: optionally freeze what exists, and collect cycles again.

    Only undoes :func:`hold_collector`: a collector someone else turned off stays off.
    """
    global _held
    if freeze:
        gc.freeze()
    if _held:
        _held = False
        gc.enable()


def collector_held() -> bool:
    return _held


def report_milestone(name: str) -> None:
    """Record a start-up milestone when ``WORKBENCH_STARTUP_REPORT`` names a file."""
    path = os.environ.get(REPORT_ENV, "").strip()
    if not path:
        return
    line = json.dumps({"milestone": name, "time": time.time(), "pid": os.getpid()})
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    except OSError:
        pass  # a diagnostic must never stop the program
