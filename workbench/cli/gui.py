"""The ``gui`` subcommand and the no-argument start: opens the desktop app (workbench.ui)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workbench.domain import InputError
from workbench.runtime.startup import report_milestone


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="open the desktop app (on STORE, else the last or demo store)")
    p.add_argument("store", metavar="STORE", nargs="?")
    p.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window offscreen at 1400x900, save it as PNG and exit",
    )
    p.add_argument("--force", action="store_true", help="replace an existing --screenshot FILE.png")
    p.add_argument(
        "--review",
        action="store_true",
        help="open in review mode: the argument cannot be changed, only challenged",
    )
    p.set_defaults(func=cmd_gui, opens_window=True)


def cmd_gui(args: argparse.Namespace) -> int:
    store = Path(args.store) if args.store else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    return run_gui(store, screenshot=screenshot, review=args.review, force=args.force)


def run_gui(
    store: Path | None,
    *,
    screenshot: Path | None = None,
    review: bool = False,
    force: bool = False,
) -> int:
    """Start the desktop app; Qt is imported only now, so the other commands stay light."""
    report_milestone("program-loaded")
    if store is not None:  # bad input is one line before any window machinery starts
        from workbench.app.workspace import Workspace

        Workspace.check(store)
    if screenshot is not None:  # refused before any window is built
        from workbench.app.outputs import check_output

        check_output(screenshot, force=force, inputs=[store] if store is not None else [])
    if screenshot is None and not has_display():
        raise InputError(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run it in a desktop session, or use --screenshot FILE.png"
        )
    from workbench.ui.window.application import run

    return run(store, screenshot=screenshot, review=review, force=force)


def has_display() -> bool:
    """Whether Qt can show a window here: always on Windows and macOS, else a display server."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def on_a_terminal() -> bool:
    """Whether a person can read stderr: it is a terminal (not the desktop's void)."""
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


def tell_in_dialog(text: str) -> None:
    """Show a start-up error in a dialog (workbench.ui), when a display allows one."""
    from workbench.ui.window.launch_error import show_launch_error

    show_launch_error(text)
